package redistest_test

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/eidbot/eidbot/internal/redistest"
)

// missingChild marks the run of this test binary that TestMissingServer
// starts.
const missingChild = "REDISTEST_MISSING_CHILD"

// TestMissingServer runs this test binary again with a PATH that has no
// redis-server: the first test that needs Redis fails with how to install
// it, and the others are skipped with a one-line pointer.
func TestMissingServer(t *testing.T) {
	if os.Getenv(missingChild) != "" {
		t.Skip("inside the child")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestNeedsRedis$", "-test.v", "-test.count=1")
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "PATH=") && !strings.HasPrefix(kv, "TEST_REDIS_URL=") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, "PATH="+t.TempDir(), missingChild+"=1")
	out, err := cmd.CombinedOutput()
	if _, failed := err.(*exec.ExitError); !failed {
		t.Fatalf("the child did not fail: %v\n%s", err, out)
	}
	s := string(out)
	if n := strings.Count(s, "--- FAIL: TestNeedsRedis/"); n != 1 {
		t.Errorf("%d tests failed, want 1:\n%s", n, s)
	}
	if n := strings.Count(s, "--- SKIP: TestNeedsRedis/"); n != 2 {
		t.Errorf("%d tests skipped, want 2:\n%s", n, s)
	}
	if n := strings.Count(s, "apt-get install redis-server"); n != 1 {
		t.Errorf("the install instructions appear %d times, want once:\n%s", n, s)
	}
}

// TestNeedsRedis is three tests that need Redis, for TestMissingServer.
func TestNeedsRedis(t *testing.T) {
	if os.Getenv(missingChild) == "" {
		t.Skip("run by TestMissingServer")
	}
	for i := range 3 {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			redistest.Start(t)
			t.Error("Start returned without a redis-server")
		})
	}
}
