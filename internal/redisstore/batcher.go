package redisstore

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/redis/go-redis/v9"
)

// batcher groups the writes that many goroutines make at the same time into
// pipelines (group commit): one write and one read carry a whole batch,
// instead of a write and a read per script on both sides of the
// connection. Under the webhook's load this halves the CPU Redis spends per
// update and removes most of the bot's system calls to it.
//
// It is also where durability is paid for (see durability.go): a batch is
// split by the master that owns each command's key (one master outside a
// cluster; on a cluster, the master of the command's hash slot, found with
// ClusterClient.MasterForKey), and each master's share is sent as one
// pipeline on one connection that ends with WAIT when that master has a
// replica. WAIT counts only the writes of its own connection, which is why
// the batcher splits the batch itself instead of leaving it to the cluster
// client's pipeline, which would send a keyless WAIT to any node. The
// shares of one batch run concurrently.
//
// Callers block until their own command has run, exactly as with a plain
// client, so ordering between a caller's commands is unchanged. The
// commands of one batch are independent: Redis runs each script
// atomically, in the order the batch lists them. A network failure fails
// every command of the share, and go-redis retries the share as a whole
// (MaxRetries): that is safe only for commands that may run twice, which
// every script of this package is written to allow. On a cluster, an error
// (a dead master, MOVED after a failover) fails the share and makes the
// client reload the slot map, so the caller's retry finds the new master.
//
// A caller whose context ends stops waiting and gets the context's error;
// its command may still run, as it may with a plain client whose deadline
// expires after the command was written.
//
// batcher implements redis.Scripter, so redis.Script.Run works with it
// (EVALSHA through the batch, and on NOSCRIPT, EVAL through the batch too:
// a master promoted after a failover has an empty script cache, and the
// EVAL must be waited for like any other write).
type batcher struct {
	rdb     redis.UniversalClient
	cluster *redis.ClusterClient // nil unless rdb is one
	reps    *replicas

	mu     sync.Mutex
	queue  []*batchCall
	closed bool
	wake   chan struct{} // a token: the queue went from empty to not empty
	stop   chan struct{}
	done   sync.WaitGroup
}

type batchCall struct {
	ctx   context.Context
	key   string // routes the command on a cluster
	cmd   redis.Cmder
	group *callGroup // the calls one process call waits for
}

// callGroup is closed when every call of one process call ran.
type callGroup struct {
	left atomic.Int32
	done chan struct{}
}

// batchFlushers is how many batches may be in flight at once on one
// server (single or Sentinel).
var batchFlushers = 1

// clusterFlushers is the same on a cluster: a batch waits for its slowest
// master, so a dead master would otherwise hold up the other masters'
// writes until its share fails.
const clusterFlushers = 4

// maxBatch bounds the commands one pipeline carries; more wait for the next.
const maxBatch = 256

// newBatcher starts flushers goroutines that run batches; up to that many
// batches are in flight at once.
func newBatcher(rdb redis.UniversalClient, reps *replicas, flushers int) *batcher {
	b := &batcher{rdb: rdb, reps: reps, wake: make(chan struct{}, 1), stop: make(chan struct{})}
	b.cluster, _ = rdb.(*redis.ClusterClient)
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

// process queues calls for the next batch and waits until all of them ran
// or ctx ended. It reports false when ctx ended first: the queued commands
// may still be written by a flusher, so the caller must not read them.
func (b *batcher) process(ctx context.Context, calls ...*batchCall) bool {
	g := &callGroup{done: make(chan struct{})}
	g.left.Store(int32(len(calls)))
	for _, c := range calls {
		c.ctx, c.group = ctx, g
	}
	b.mu.Lock()
	if b.closed {
		b.mu.Unlock()
		for _, c := range calls {
			c.cmd.SetErr(errBatcherClosed)
		}
		return true
	}
	b.queue = append(b.queue, calls...)
	first := len(b.queue) == len(calls)
	b.mu.Unlock()
	if first {
		select {
		case b.wake <- struct{}{}:
		default:
		}
	}
	select {
	case <-g.done:
		return true
	case <-ctx.Done():
		return false
	}
}

// finish marks c as run; the last call of its group wakes the caller.
func (c *batchCall) finish() {
	if c.group.left.Add(-1) == 0 {
		close(c.group.done)
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

// runBatch takes up to maxBatch queued commands and runs them, one
// pipeline per master. It reports false when the queue was empty.
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

	live := calls[:0:0]
	for _, c := range calls {
		if err := c.ctx.Err(); err != nil { // its caller has gone: do not send it
			c.cmd.SetErr(err)
			continue
		}
		live = append(live, c)
	}
	shares := b.route(live)
	var wg sync.WaitGroup
	for _, s := range shares {
		wg.Go(func() { b.runOn(s.node, s.calls) })
	}
	wg.Wait()
	for _, c := range calls {
		c.finish()
	}
	return true
}

// share is the part of a batch bound for one master.
type share struct {
	node  *redis.Client
	calls []*batchCall
}

// route splits calls by the master that owns their keys, keeping their
// order within each master.
func (b *batcher) route(calls []*batchCall) []share {
	if len(calls) == 0 {
		return nil
	}
	if b.cluster == nil {
		return []share{{node: b.rdb.(*redis.Client), calls: calls}}
	}
	var out []share
	index := map[*redis.Client]int{}
	for _, c := range calls {
		node, err := b.cluster.MasterForKey(context.WithoutCancel(c.ctx), c.key)
		if err != nil {
			c.cmd.SetErr(err)
			b.cluster.ReloadState(context.Background())
			continue
		}
		i, ok := index[node]
		if !ok {
			i = len(out)
			index[node] = i
			out = append(out, share{node: node})
		}
		out[i].calls = append(out[i].calls, c)
	}
	return out
}

// runOn sends one master's share as one pipeline, with WAIT at its end
// when the master has a replica to wait for.
func (b *batcher) runOn(node *redis.Client, calls []*batchCall) {
	want := b.reps.want(context.Background(), node)
	pipe := node.Pipeline()
	for _, c := range calls {
		pipe.Process(context.WithoutCancel(c.ctx), c.cmd)
	}
	var wait *redis.IntCmd
	if want > 0 {
		wait = redis.NewIntCmd(context.Background(), "wait", want, b.reps.timeout.Milliseconds())
		pipe.Process(context.Background(), wait)
	}
	// A batch is not bound to any one caller's deadline; go-redis's read
	// and write timeouts bound it, and each caller stops waiting at its
	// own deadline.
	pipe.Exec(context.Background()) // each command carries its own error
	if wait != nil && (wait.Err() != nil || wait.Val() < int64(want)) {
		b.reps.recheck(node)
		err := fmt.Errorf("%w (%d of %d within %v)", errNotReplicated, wait.Val(), want, b.reps.timeout)
		if wait.Err() != nil {
			err = fmt.Errorf("%w: %w", errNotReplicated, wait.Err())
		}
		for _, c := range calls {
			if c.cmd.Err() == nil || errors.Is(c.cmd.Err(), redis.Nil) {
				c.cmd.SetErr(err)
			}
		}
	}
	if b.cluster != nil && shareFailed(calls) {
		b.cluster.ReloadState(context.Background())
	}
}

// shareFailed reports whether a command of the share failed in a way that
// may mean the slot map is out of date.
func shareFailed(calls []*batchCall) bool {
	for _, c := range calls {
		err := c.cmd.Err()
		if err == nil || errors.Is(err, redis.Nil) {
			continue
		}
		msg := err.Error()
		if strings.HasPrefix(msg, "NOSCRIPT") {
			continue
		}
		return true
	}
	return false
}

// EvalSha runs a loaded script as part of the next batch.
func (b *batcher) EvalSha(ctx context.Context, sha1 string, keys []string, args ...any) *redis.Cmd {
	return b.script(ctx, "evalsha", sha1, keys, args)
}

// Eval runs a script's source as part of the next batch (after NOSCRIPT).
func (b *batcher) Eval(ctx context.Context, script string, keys []string, args ...any) *redis.Cmd {
	return b.script(ctx, "eval", script, keys, args)
}

// script queues EVAL or EVALSHA and waits for it.
func (b *batcher) script(ctx context.Context, verb, body string, keys []string, args []any) *redis.Cmd {
	cmdArgs := make([]any, 3, 3+len(keys)+len(args))
	cmdArgs[0], cmdArgs[1], cmdArgs[2] = verb, body, len(keys)
	for _, k := range keys {
		cmdArgs = append(cmdArgs, k)
	}
	cmdArgs = append(cmdArgs, args...)
	cmd := redis.NewCmd(ctx, cmdArgs...)
	cmd.SetFirstKeyPos(3)
	key := ""
	if len(keys) > 0 {
		key = keys[0]
	}
	if !b.process(ctx, &batchCall{key: key, cmd: cmd}) {
		cmd = redis.NewCmd(ctx)
		cmd.SetErr(ctx.Err())
	}
	return cmd
}

// EvalRO, EvalShaRO, ScriptExists and ScriptLoad are not used by this
// package's writes; they go straight to Redis.

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
