package redisstore

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/eidbot/eidbot/internal/redistest"
)

// echoScript returns its key and argument and counts its runs per key, so a
// test can tell that every caller got its own reply and every command ran
// exactly once.
var echoScript = redis.NewScript(`
local n = redis.call('INCR', KEYS[1])
return {KEYS[1], ARGV[1], n}
`)

func batcherOn(t *testing.T, srv *redistest.Server, flushers int) *batcher {
	t.Helper()
	rdb := redis.NewClient(tune(&redis.Options{Addr: srv.Addr()}))
	b := newBatcher(rdb, newReplicas(Options{WaitTimeout: DefaultWaitTimeout}), flushers)
	t.Cleanup(func() {
		b.Close()
		rdb.Close()
	})
	return b
}

func batcherCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// Many goroutines at once: each gets the reply to its own command, and
// each command ran once. Also runs the script's first use, when Redis does
// not know it yet (NOSCRIPT, then EVAL).
func TestBatcherRepliesGoToTheirCallers(t *testing.T) {
	for _, flushers := range []int{1, 3} {
		t.Run(strconv.Itoa(flushers), func(t *testing.T) {
			srv := redistest.Start(t)
			b := batcherOn(t, srv, flushers)
			ctx := batcherCtx(t)
			if err := srv.Client().ScriptFlush(ctx).Err(); err != nil {
				t.Fatal(err)
			}
			const workers, each = 64, 50
			var wg sync.WaitGroup
			errs := make(chan error, workers)
			for w := range workers {
				wg.Go(func() {
					for i := range each {
						key, arg := fmt.Sprintf("k%d", w), fmt.Sprintf("a%d-%d", w, i)
						got, err := echoScript.Run(ctx, b, []string{key}, arg).Slice()
						if err != nil {
							errs <- err
							return
						}
						if got[0] != key || got[1] != arg || got[2] != int64(i+1) {
							errs <- fmt.Errorf("worker %d call %d: got %v", w, i, got)
							return
						}
					}
				})
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				t.Fatal(err)
			}
		})
	}
}

// Script errors stay with their own command and do not fail the batch.
func TestBatcherErrorsStayWithTheirCommand(t *testing.T) {
	srv := redistest.Start(t)
	b := batcherOn(t, srv, 1)
	ctx := batcherCtx(t)
	bad := redis.NewScript(`return redis.error_reply('ERR broken ' .. ARGV[1])`)
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Go(func() {
			if i%2 == 0 {
				err := bad.Run(ctx, b, []string{"x"}, i).Err()
				if err == nil || err.Error() != "ERR broken "+strconv.Itoa(i) {
					t.Errorf("bad script %d: err %v", i, err)
				}
				return
			}
			if got, err := echoScript.Run(ctx, b, []string{"y" + strconv.Itoa(i)}, "ok").Slice(); err != nil || got[1] != "ok" {
				t.Errorf("good script %d: %v, %v", i, got, err)
			}
		})
	}
	wg.Wait()
}

// A caller whose deadline passes while Redis does not answer gets its
// context's error; the batcher keeps working once Redis answers again.
func TestBatcherCallerDeadline(t *testing.T) {
	srv := redistest.Start(t)
	if srv.External() {
		t.Skip("pauses the server")
	}
	b := batcherOn(t, srv, 1)
	ctx := batcherCtx(t)
	c := srv.Client()
	if err := echoScript.Load(ctx, c).Err(); err != nil {
		t.Fatal(err)
	}
	if err := c.Do(ctx, "CLIENT", "PAUSE", "60000", "WRITE").Err(); err != nil {
		t.Fatal(err)
	}
	short, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
	defer cancel()
	err := echoScript.Run(short, b, []string{"k"}, "a").Err()
	if err := c.Do(ctx, "CLIENT", "UNPAUSE").Err(); err != nil {
		t.Fatal(err)
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err %v, want DeadlineExceeded", err)
	}
	if _, err := echoScript.Run(ctx, b, []string{"k2"}, "a").Slice(); err != nil {
		t.Fatalf("after unpause: %v", err)
	}
}

// A command whose caller already gave up is not sent.
func TestBatcherSkipsCancelledCommands(t *testing.T) {
	srv := redistest.Start(t)
	b := batcherOn(t, srv, 1)
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	if err := echoScript.Run(cancelled, b, []string{"k"}, "a").Err(); !errors.Is(err, context.Canceled) {
		t.Fatalf("err %v, want Canceled", err)
	}
	ctx := batcherCtx(t)
	if got, err := echoScript.Run(ctx, b, []string{"k"}, "b").Slice(); err != nil || got[2] != int64(1) {
		t.Fatalf("next run: %v, %v; want the key's first run", got, err)
	}
}

// Redis gone: every command of the batch fails with a network error, not a
// hang; after Close, commands fail at once.
func TestBatcherFailuresAndClose(t *testing.T) {
	srv := redistest.Start(t)
	if srv.External() {
		t.Skip("stops the server")
	}
	b := batcherOn(t, srv, 2)
	ctx := batcherCtx(t)
	srv.Stop()
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			if err := echoScript.Run(ctx, b, []string{"k" + strconv.Itoa(i)}, "a").Err(); err == nil {
				t.Errorf("command %d succeeded with Redis stopped", i)
			}
		})
	}
	wg.Wait()
	b.Close()
	if err := b.EvalSha(ctx, "0", []string{"k"}).Err(); !errors.Is(err, errBatcherClosed) {
		t.Fatalf("after Close: %v", err)
	}
}
