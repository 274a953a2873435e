package redistest_test

import (
	"context"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/eidbot/eidbot/internal/redistest"
)

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return c
}

func TestStartServesAndIsEmpty(t *testing.T) {
	s := redistest.Start(t)
	c := s.Client()
	if err := c.Ping(ctx(t)).Err(); err != nil {
		t.Fatalf("PING: %v", err)
	}
	if n, err := c.DBSize(ctx(t)).Result(); err != nil || n != 0 {
		t.Fatalf("DBSIZE = %d, %v; want an empty server", n, err)
	}
	if !strings.HasPrefix(s.URL(), "redis://") || !strings.Contains(s.URL(), s.Addr()) {
		t.Fatalf("URL %q does not name Addr %q", s.URL(), s.Addr())
	}
}

func TestTwoServersAreIndependent(t *testing.T) {
	a, b := redistest.Start(t), redistest.Start(t)
	if a.External() {
		t.Skip("TEST_REDIS_URL is set: both servers are the same")
	}
	if a.Addr() == b.Addr() {
		t.Fatalf("both servers on %s", a.Addr())
	}
	if err := a.Client().Set(ctx(t), "k", "a", 0).Err(); err != nil {
		t.Fatal(err)
	}
	if n, err := b.Client().Exists(ctx(t), "k").Result(); err != nil || n != 0 {
		t.Fatalf("a key written to one server shows up in the other: %d, %v", n, err)
	}
}

func TestStopRefusesAndRestartServesOnSamePort(t *testing.T) {
	s := redistest.Start(t)
	addr := s.Addr()
	s.Stop()
	if err := s.Client().Ping(ctx(t)).Err(); err == nil {
		t.Fatal("PING succeeded after Stop")
	}
	s.Stop() // stopping twice is harmless
	s.Restart()
	if s.Addr() != addr {
		t.Fatalf("Restart moved the server from %s to %s", addr, s.Addr())
	}
	if err := s.Client().Ping(ctx(t)).Err(); err != nil {
		t.Fatalf("PING after Restart: %v", err)
	}
}

func TestRestartWithoutPersistenceForgets(t *testing.T) {
	s := redistest.Start(t)
	if err := s.Client().Set(ctx(t), "k", "v", 0).Err(); err != nil {
		t.Fatal(err)
	}
	s.Restart()
	if n, err := s.Client().Exists(ctx(t), "k").Result(); err != nil || n != 0 {
		t.Fatalf("a key survived a restart without persistence: %d, %v", n, err)
	}
}

func TestAppendOnlySurvivesKill(t *testing.T) {
	s := redistest.Start(t, redistest.WithAppendOnly())
	if err := s.Client().Set(ctx(t), "k", "v", 0).Err(); err != nil {
		t.Fatal(err)
	}
	s.Kill()
	s.Restart()
	if got, err := s.Client().Get(ctx(t), "k").Result(); err != nil || got != "v" {
		t.Fatalf("after kill and restart GET k = %q, %v; want v", got, err)
	}
}

func TestCountCommands(t *testing.T) {
	s := redistest.Start(t)
	if s.External() {
		t.Skip("TEST_REDIS_URL is set: other clients may be counted")
	}
	c := s.Client()
	if err := c.Ping(ctx(t)).Err(); err != nil { // connect first, so the handshake is not counted below
		t.Fatal(err)
	}
	if n := s.CountCommands(func() {}); n != 0 {
		t.Fatalf("doing nothing counted %d commands", n)
	}
	n := s.CountCommands(func() {
		if err := c.Set(ctx(t), "a", "1", 0).Err(); err != nil {
			t.Error(err)
		}
		if err := c.Get(ctx(t), "a").Err(); err != nil {
			t.Error(err)
		}
	})
	if n != 2 {
		t.Fatalf("SET and GET counted %d commands, want 2", n)
	}
	if s.CommandsProcessed() == 0 {
		t.Fatal("CommandsProcessed is 0 after commands ran")
	}
}

// fatalTB records Fatalf instead of failing the real test, so the
// missing-binary message can be checked.
type fatalTB struct {
	testing.TB
	msg string
}

func (f *fatalTB) Fatalf(format string, args ...any) {
	f.msg = format
	runtime.Goexit()
}

func TestMissingBinaryFailsWithInstructions(t *testing.T) {
	t.Setenv("TEST_REDIS_URL", "")
	t.Setenv("PATH", t.TempDir())
	f := &fatalTB{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		redistest.Start(f)
	}()
	<-done
	for _, want := range []string{"redis-server not found", "apt-get install redis-server", "TEST_REDIS_URL"} {
		if !strings.Contains(f.msg, want) {
			t.Errorf("message %q lacks %q", f.msg, want)
		}
	}
}
