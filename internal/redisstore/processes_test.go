package redisstore_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/internal/redisstore"
)

// workerEnv names the Redis a re-executed test binary works against.
const workerEnv = "REDISSTORE_TEST_WORKER_URL"

// updatesPerRun is how many updates every worker process tries to handle.
const updatesPerRun = 40

// Several processes receive the same updates, as behind a load balancer
// with Telegram retrying. Each update must be processed exactly once, and
// the chat's counter must count every one of them.
func TestSeveralProcessesProcessEachUpdateOnce(t *testing.T) {
	st, srv := open(t, redisstore.Options{})
	const workers = 4
	var wg sync.WaitGroup
	outs := make([]string, workers)
	for i := range workers {
		wg.Go(func() { outs[i] = runWorker(t, srv.URL()) })
	}
	wg.Wait()

	processed := 0
	for _, out := range outs {
		n, err := strconv.Atoi(strings.TrimSpace(lastLine(out)))
		if err != nil {
			t.Fatalf("worker output %q", out)
		}
		processed += n
	}
	if processed != updatesPerRun {
		t.Fatalf("workers processed %d updates in all, want each of %d exactly once", processed, updatesPerRun)
	}
	s, _, err := st.Load(testCtx(t), tgChat(1))
	if err != nil || s.Case.Days != updatesPerRun {
		t.Fatalf("counter = %d, %v; want %d", s.Case.Days, err, updatesPerRun)
	}
}

// runWorker re-executes this test binary as TestWorkerProcess.
func runWorker(t *testing.T, url string) string {
	cmd := exec.Command(os.Args[0], "-test.run=^TestWorkerProcess$", "-test.count=1")
	cmd.Env = append(os.Environ(), workerEnv+"="+url)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Errorf("worker: %v\n%s", err, out)
	}
	return string(out)
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	for i := len(lines) - 1; i >= 0; i-- {
		if _, err := strconv.Atoi(strings.TrimSpace(lines[i])); err == nil {
			return lines[i]
		}
	}
	return ""
}

// TestWorkerProcess is the body of one worker process; it does nothing in
// a normal test run. It prints how many updates it processed.
func TestWorkerProcess(t *testing.T) {
	url := os.Getenv(workerEnv)
	if url == "" {
		t.Skip("runs only as a worker of TestSeveralProcessesProcessEachUpdateOnce")
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	st, err := redisstore.Open(ctx, url, redisstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	n, err := handleAll(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Println(n)
}

// handleAll delivers updates 1..updatesPerRun to this worker, as the
// engine would: claim, step (increment), finish.
func handleAll(ctx context.Context, st *redisstore.Store) (int, error) {
	chat, n := tgChat(1), 0
	for id := int64(1); id <= updatesPerRun; id++ {
		c, err := claim(st, ctx, chat, id)
		if err != nil || c != bot.ClaimNew {
			if err != nil {
				return n, err
			}
			continue // done or busy: another worker has it
		}
		if err := increment(ctx, st, chat); err != nil {
			return n, errors.Join(err, st.Release(ctx, chat, uid(id)))
		}
		if err := finish(st, ctx, chat, id); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}
