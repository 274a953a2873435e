package redisstore

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/eidbot/eidbot/internal/redistest"
)

// clusterBatcher is a batcher on a cluster client, as a Store in cluster
// mode builds it.
func clusterBatcher(t *testing.T, c *redistest.Cluster, opts Options) (*batcher, *redis.ClusterClient) {
	t.Helper()
	co, err := newClientOptions(ModeCluster, c.URL())
	if err != nil {
		t.Fatal(err)
	}
	cc := co.client().(*redis.ClusterClient)
	if opts.WaitTimeout == 0 {
		opts.WaitTimeout = DefaultWaitTimeout
	}
	b := newBatcher(cc, newReplicas(opts), clusterFlushers)
	t.Cleanup(func() {
		b.Close()
		cc.Close()
	})
	return b, cc
}

// On a cluster the batcher splits each batch by master, and scripts run
// through it behave as on one server: every caller gets its own reply,
// every command runs once, and a master that lost its script cache (here:
// SCRIPT FLUSH on every master, as after a failover) answers NOSCRIPT to
// EVALSHA and gets the script through EVAL in the next batch. Every write
// is on the master's replica by the time its caller returns: the batch
// waited for it (WAIT), and a replica read right away finds it.
func TestBatcherOnACluster(t *testing.T) {
	c := redistest.StartCluster(t)
	b, cc := clusterBatcher(t, c, Options{})
	ctx := batcherCtx(t)
	flushScripts := func() {
		err := cc.ForEachMaster(ctx, func(ctx context.Context, m *redis.Client) error { return m.ScriptFlush(ctx).Err() })
		if err != nil {
			t.Fatal(err)
		}
	}
	flushScripts()
	const workers, each = 48, 20
	masters := map[string]bool{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for w := range workers {
		wg.Go(func() {
			key := fmt.Sprintf("{k%d}:n", w) // spread over every master
			for i := range each {
				if w == 0 && i == each/2 {
					flushScripts() // mid-run: the next EVALSHA on each master is NOSCRIPT
				}
				arg := fmt.Sprintf("a%d-%d", w, i)
				got, err := echoScript.Run(ctx, b, []string{key}, arg).Slice()
				if err != nil {
					errs <- fmt.Errorf("worker %d call %d: %w", w, i, err)
					return
				}
				if got[0] != key || got[1] != arg || got[2] != int64(i+1) {
					errs <- fmt.Errorf("worker %d call %d: got %v", w, i, got)
					return
				}
			}
			mu.Lock()
			masters[c.MasterFor(key).Addr()] = true
			mu.Unlock()
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if len(masters) != 3 {
		t.Fatalf("the keys landed on %d masters, want all 3", len(masters))
	}
	for w := range workers {
		key := fmt.Sprintf("{k%d}:n", w)
		if n := replicaGet(t, c, key); n != fmt.Sprint(each) {
			t.Fatalf("%s on the replica = %q, want %d", key, n, each)
		}
	}
}

// replicaGet reads key from a replica of the master that serves it.
func replicaGet(t *testing.T, c *redistest.Cluster, key string) string {
	t.Helper()
	ctx := batcherCtx(t)
	master := c.MasterFor(key)
	id, err := master.Client().Do(ctx, "cluster", "myid").Text()
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range c.Nodes {
		role, err := n.Client().Do(ctx, "role").Slice()
		if err != nil || role[0] != "slave" {
			continue
		}
		rc := redis.NewClient(&redis.Options{Addr: n.Addr(), OnConnect: func(ctx context.Context, cn *redis.Conn) error {
			return cn.ReadOnly(ctx).Err()
		}})
		defer rc.Close()
		nodes, err := rc.ClusterNodes(ctx).Result()
		if err != nil {
			t.Fatal(err)
		}
		if !replicaOf(nodes, id) {
			continue
		}
		v, err := rc.Get(ctx, key).Result()
		if err != nil && !errors.Is(err, redis.Nil) {
			t.Fatal(err)
		}
		return v
	}
	t.Fatalf("no replica of %s", master.Addr())
	return ""
}

// replicaOf reports whether CLUSTER NODES, as a replica prints it, names
// masterID as its master.
func replicaOf(nodes, masterID string) bool {
	for _, line := range strings.Split(strings.TrimSpace(nodes), "\n") {
		f := strings.Fields(line)
		if len(f) > 3 && strings.Contains(f[2], "myself") && f[3] == masterID {
			return true
		}
	}
	return false
}

// Detection: a master with a replica online makes the batch wait for one;
// WaitReplicas fixed above what exists fails the batch with an error that
// reads as unavailable, after the write happened on the master.
func TestBatcherWaitsForReplicas(t *testing.T) {
	c := redistest.StartCluster(t)
	b, cc := clusterBatcher(t, c, Options{})
	ctx := batcherCtx(t)
	node, err := cc.MasterForKey(ctx, "{bk}")
	if err != nil {
		t.Fatal(err)
	}
	if n := b.reps.want(ctx, node); n != 1 {
		t.Fatalf("detected %d replicas to wait for, want 1", n)
	}

	greedy, _ := clusterBatcher(t, c, Options{WaitReplicas: 2, WaitTimeout: 50 * time.Millisecond})
	err = echoScript.Run(ctx, greedy, []string{"{bk}:x"}, "a").Err()
	if !errors.Is(err, errNotReplicated) {
		t.Fatalf("waiting for 2 of 1 replicas: err %v, want errNotReplicated", err)
	}
	if n, err := cc.Get(ctx, "{bk}:x").Int(); err != nil || n != 1 {
		t.Fatalf("the write itself: %d, %v; want it done once", n, err)
	}
}

// A server without replicas is not waited for.
func TestBatcherWithoutReplicasDoesNotWait(t *testing.T) {
	srv := redistest.Start(t)
	b := batcherOn(t, srv, 1)
	ctx := batcherCtx(t)
	if n := b.reps.want(ctx, b.rdb.(*redis.Client)); n != 0 {
		t.Fatalf("detected %d replicas on a lone server", n)
	}
	if err := echoScript.Run(ctx, b, []string{"k"}, "a").Err(); err != nil {
		t.Fatal(err)
	}
}

func TestCountOnline(t *testing.T) {
	for _, tc := range []struct {
		info string
		want int
	}{
		{"role:master\r\nconnected_slaves:2\r\nslave0:ip=127.0.0.1,port=1,state=online,offset=1,lag=0\r\nslave1:ip=127.0.0.1,port=2,state=wait_bgsave,offset=0,lag=0\r\n", 1},
		{"role:master\r\nconnected_slaves:0\r\n", 0},
		{"role:slave\r\nmaster_host:127.0.0.1\r\nslave_read_repl_offset:5\r\n", 0},
	} {
		if got := countOnline(tc.info); got != tc.want {
			t.Errorf("countOnline(%q) = %d, want %d", tc.info, got, tc.want)
		}
	}
}
