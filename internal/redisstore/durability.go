package redisstore

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"
)

// Durability. Redis replicates asynchronously: a master acknowledges a
// write before any replica has it, and a master killed right after can
// take the write with it when a replica is promoted. Writes that keep a
// promise to a person or to staff therefore go through the batcher, which
// ends every pipeline it sends to a master with WAIT, on the same
// connection, so the master replies only once a replica has every write
// of the batch (or the wait times out, and the batch's callers get an
// error wrapping bot.ErrUnavailable: the channel retries, and every such
// write is idempotent, so the retry replays its result). Those writes are:
//
//   - the journal: a session with its outbox (Commit, Try, Save) and an
//     update marked done (Settle);
//   - bookings: book, reschedule, cancel, check-in/no-show, /forget's
//     erasure, visit requests and their acceptance;
//   - campaigns: create (with its request record and indexes), approve,
//     cancel, start, expand, the ledger's lease and outcome of each
//     recipient (Claim, Settle), finish, and /forget's removal;
//   - subscriptions: subscribe, unsubscribe, a group's migration; and the
//     audit log.
//
// Everything else may be lost in a failover (see the README's Redis
// section): update claims (they expire; the retry claims again), reminder
// leases and Done marks (a reminder may go out twice), rate-limiter
// reservations, funnel marks, blocked markers, committee roles.
//
// How many replicas to wait for is detected per master unless
// Options.WaitReplicas fixes it: one when the master's INFO replication
// lists a replica online, checked at most every replicaRecheck and again
// after a wait fell short; none when it lists none — then the master
// alone acknowledges, which is all a server without replicas can offer.

// errNotReplicated fails a batch whose wait ran out before enough replicas
// acknowledged it. The writes did happen on the master.
var errNotReplicated = errors.New("redisstore: no replica acknowledged the write in time")

// replicaRecheck is how long a master's replica count is trusted.
const replicaRecheck = 5 * time.Second

// replicas decides, per master, how many replicas a batch waits for.
type replicas struct {
	fixed   int // > 0: always this many; < 0: never; 0: detect
	timeout time.Duration

	mu   sync.Mutex
	seen map[*redis.Client]replicaCount
}

type replicaCount struct {
	n  int
	at time.Time
}

func newReplicas(opts Options) *replicas {
	return &replicas{fixed: opts.WaitReplicas, timeout: opts.WaitTimeout, seen: map[*redis.Client]replicaCount{}}
}

// want returns how many replicas a batch on node must reach: 0 or 1 when
// detected, Options.WaitReplicas when fixed.
func (r *replicas) want(ctx context.Context, node *redis.Client) int {
	if r.fixed != 0 {
		return max(r.fixed, 0)
	}
	r.mu.Lock()
	c, ok := r.seen[node]
	r.mu.Unlock()
	if ok && time.Since(c.at) < replicaRecheck {
		return min(c.n, 1)
	}
	n, err := onlineReplicas(ctx, node)
	if err != nil && ok {
		n = c.n // the node is unreachable now: the batch will tell
	}
	r.mu.Lock()
	r.seen[node] = replicaCount{n: n, at: time.Now()}
	r.mu.Unlock()
	return min(n, 1)
}

// recheck makes the next batch on node read its replica count again.
func (r *replicas) recheck(node *redis.Client) {
	r.mu.Lock()
	delete(r.seen, node)
	r.mu.Unlock()
}

// onlineReplicas counts the replicas INFO replication lists as online;
// 0 when the node is not a master or does not say.
func onlineReplicas(ctx context.Context, node *redis.Client) (int, error) {
	ctx, cancel := context.WithTimeout(ctx, readTimeout)
	defer cancel()
	info, err := node.Info(ctx, "replication").Result()
	if err != nil {
		return 0, err
	}
	return countOnline(info), nil
}

// countOnline reads INFO replication's text.
func countOnline(info string) int {
	n, master := 0, false
	for _, line := range strings.Split(info, "\n") {
		line = strings.TrimSpace(line)
		if line == "role:master" {
			master = true
		}
		name, val, ok := strings.Cut(line, ":")
		if !ok || !strings.HasPrefix(name, "slave") {
			continue
		}
		if _, err := strconv.Atoi(strings.TrimPrefix(name, "slave")); err == nil && strings.Contains(val, "state=online") {
			n++
		}
	}
	if !master {
		return 0
	}
	return n
}

// durably runs the commands build queues (on a throwaway pipeline, which
// is never executed) through the batcher, so they are acknowledged only
// once a replica has them. It returns the commands, each with its own
// result, and an error when ctx ended first.
func (st *Store) durably(ctx context.Context, build func(p redis.Pipeliner)) ([]redis.Cmder, error) {
	p := st.rdb.Pipeline()
	build(p)
	cmds := p.Cmds()
	p.Discard()
	calls := make([]*batchCall, len(cmds))
	for i, c := range cmds {
		calls[i] = &batchCall{ctx: ctx, key: firstKey(c), cmd: c}
	}
	if !st.batch.process(ctx, calls...) {
		return nil, ctx.Err()
	}
	return cmds, nil
}

// firstKey is the key that routes cmd on a cluster: a script's first key,
// else the command's first argument.
func firstKey(cmd redis.Cmder) string {
	args := cmd.Args()
	switch strings.ToLower(cmd.Name()) {
	case "eval", "evalsha", "eval_ro", "evalsha_ro":
		if len(args) > 3 {
			s, _ := args[3].(string)
			return s
		}
		return ""
	}
	if len(args) > 1 {
		s, _ := args[1].(string)
		return s
	}
	return ""
}

// firstErr returns err, else the first error among cmds other than
// redis.Nil.
func firstErr(cmds []redis.Cmder, err error) error {
	if err != nil {
		return err
	}
	for _, c := range cmds {
		if e := c.Err(); e != nil && !errors.Is(e, redis.Nil) {
			return e
		}
	}
	return nil
}
