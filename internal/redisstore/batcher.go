package redisstore

import (
	"context"
	"errors"
	"sync"

	"github.com/redis/go-redis/v9"
)

// batcher groups the scripts that many goroutines run at the same time into
// pipelines (group commit): one write and one read carry a whole batch,
// instead of a write and a read per script on both sides of the
// connection. Under the webhook's load this halves the CPU Redis spends per
// update and removes most of the bot's system calls to it.
//
// Callers block until their own command has run, exactly as with a plain
// client, so ordering between a caller's commands is unchanged. The
// commands of one batch are independent: Redis runs each script
// atomically, in the order the batch lists them. A network failure fails
// every command of the batch, and go-redis retries the batch as a whole
// (MaxRetries): that is safe only for commands that may run twice, which
// every script of this package is written to allow.
//
// A caller whose context ends stops waiting and gets the context's error;
// its command may still run, as it may with a plain client whose deadline
// expires after the command was written.
//
// batcher implements redis.Scripter, so redis.Script.Run works with it
// (EVALSHA through the batch; EVAL, on NOSCRIPT, directly).
type batcher struct {
	rdb *redis.Client

	mu     sync.Mutex
	queue  []*batchCall
	closed bool
	wake   chan struct{} // a token: the queue went from empty to not empty
	stop   chan struct{}
	done   sync.WaitGroup
}

type batchCall struct {
	ctx  context.Context
	cmd  redis.Cmder
	done chan struct{}
}

// batchFlushers is how many batches may be in flight at once.
var batchFlushers = 1

// maxBatch bounds the commands one pipeline carries; more wait for the next.
const maxBatch = 256

// newBatcher starts flushers goroutines that run batches; up to that many
// batches are in flight at once.
func newBatcher(rdb *redis.Client, flushers int) *batcher {
	b := &batcher{rdb: rdb, wake: make(chan struct{}, 1), stop: make(chan struct{})}
	b.done.Add(flushers)
	for range flushers {
		go b.flush()
	}
	return b
}

// errBatcherClosed fails commands submitted after Close.
var errBatcherClosed = errors.New("redisstore: store closed")

// Close stops the flushers after they ran every command already queued.
func (b *batcher) Close() {
	b.mu.Lock()
	if b.closed {
		b.mu.Unlock()
		return
	}
	b.closed = true
	b.mu.Unlock()
	close(b.stop)
	b.done.Wait()
}

// process queues cmd for the next batch and waits until it ran or ctx ended.
// When ctx ends first it returns a fresh command carrying ctx's error: the
// queued one may still be written by a flusher.
func (b *batcher) process(ctx context.Context, cmd redis.Cmder) bool {
	c := &batchCall{ctx: ctx, cmd: cmd, done: make(chan struct{})}
	b.mu.Lock()
	if b.closed {
		b.mu.Unlock()
		cmd.SetErr(errBatcherClosed)
		return true
	}
	b.queue = append(b.queue, c)
	first := len(b.queue) == 1
	b.mu.Unlock()
	if first {
		select {
		case b.wake <- struct{}{}:
		default:
		}
	}
	select {
	case <-c.done:
		return true
	case <-ctx.Done():
		return false
	}
}

// flush runs batches until Close, and then what is left.
func (b *batcher) flush() {
	defer b.done.Done()
	for {
		select {
		case <-b.wake:
		case <-b.stop:
			for b.runBatch() {
			}
			return
		}
		for b.runBatch() {
		}
	}
}

// runBatch takes up to maxBatch queued commands and runs them in one
// pipeline. It reports false when the queue was empty.
func (b *batcher) runBatch() bool {
	b.mu.Lock()
	n := min(len(b.queue), maxBatch)
	if n == 0 {
		b.mu.Unlock()
		return false
	}
	calls := make([]*batchCall, n)
	copy(calls, b.queue)
	rest := copy(b.queue, b.queue[n:])
	clear(b.queue[rest:])
	b.queue = b.queue[:rest]
	more := rest > 0
	b.mu.Unlock()
	if more { // let an idle flusher start on the rest
		select {
		case b.wake <- struct{}{}:
		default:
		}
	}

	pipe := b.rdb.Pipeline()
	for _, c := range calls {
		if err := c.ctx.Err(); err != nil { // its caller has gone: do not send it
			c.cmd.SetErr(err)
			continue
		}
		pipe.Process(context.WithoutCancel(c.ctx), c.cmd)
	}
	if pipe.Len() > 0 {
		// A batch is not bound to any one caller's deadline; go-redis's
		// read and write timeouts bound it, and each caller stops waiting
		// at its own deadline.
		pipe.Exec(context.Background()) // each command carries its own error
	}
	for _, c := range calls {
		close(c.done)
	}
	return true
}

// EvalSha runs a loaded script as part of the next batch.
func (b *batcher) EvalSha(ctx context.Context, sha1 string, keys []string, args ...any) *redis.Cmd {
	cmdArgs := make([]any, 3, 3+len(keys)+len(args))
	cmdArgs[0], cmdArgs[1], cmdArgs[2] = "evalsha", sha1, len(keys)
	for _, k := range keys {
		cmdArgs = append(cmdArgs, k)
	}
	cmdArgs = append(cmdArgs, args...)
	cmd := redis.NewCmd(ctx, cmdArgs...)
	cmd.SetFirstKeyPos(3)
	if !b.process(ctx, cmd) {
		cmd = redis.NewCmd(ctx)
		cmd.SetErr(ctx.Err())
	}
	return cmd
}

// Eval, EvalRO, EvalShaRO, ScriptExists and ScriptLoad are rare (a script's
// first run after Redis lost its script cache): they go straight to Redis.

func (b *batcher) Eval(ctx context.Context, script string, keys []string, args ...any) *redis.Cmd {
	return b.rdb.Eval(ctx, script, keys, args...)
}

func (b *batcher) EvalRO(ctx context.Context, script string, keys []string, args ...any) *redis.Cmd {
	return b.rdb.EvalRO(ctx, script, keys, args...)
}

func (b *batcher) EvalShaRO(ctx context.Context, sha1 string, keys []string, args ...any) *redis.Cmd {
	return b.rdb.EvalShaRO(ctx, sha1, keys, args...)
}

func (b *batcher) ScriptExists(ctx context.Context, hashes ...string) *redis.BoolSliceCmd {
	return b.rdb.ScriptExists(ctx, hashes...)
}

func (b *batcher) ScriptLoad(ctx context.Context, script string) *redis.StringCmd {
	return b.rdb.ScriptLoad(ctx, script)
}

var _ redis.Scripter = (*batcher)(nil)
