package redistest

import (
	"context"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// Cluster is a Redis Cluster of three masters with one replica each, six
// redis-server processes on loopback ports, started for one test and
// stopped when it ends. The masters split the 16384 slots evenly; a
// killed master is replaced by its replica after the node timeout.
type Cluster struct {
	t     testing.TB
	Nodes []*Server // 0..2 start as masters, 3..5 as their replicas (3 of 0, ...)

	client *redis.ClusterClient
}

// ClusterNodeTimeout is the tests' cluster-node-timeout: how long a master
// must be unreachable before its replica takes over. Production keeps
// Redis' default of 15 s; a second keeps failover tests short.
const ClusterNodeTimeout = time.Second

// deploymentTimeout bounds forming a cluster or a Sentinel setup, and a
// failover: a ceiling against hangs, not an expectation.
const deploymentTimeout = 60 * time.Second

// StartCluster starts and forms a 3-master, 3-replica cluster: slots
// assigned with CLUSTER ADDSLOTSRANGE, nodes introduced with CLUSTER MEET,
// replicas attached with CLUSTER REPLICATE. It returns once every node
// reports cluster_state:ok and every replica is in sync.
//
// Options: WithAppendOnly applies to every node.
func StartCluster(t testing.TB, opts ...Option) *Cluster {
	t.Helper()
	RequireBinary(t)
	c := &Cluster{t: t}
	nodeArgs := withArgs("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
		"--cluster-node-timeout", strconv.Itoa(int(ClusterNodeTimeout.Milliseconds())),
		// Slots of a master that is down fail alone; the rest keep working.
		"--cluster-require-full-coverage", "no",
		// A replica that lost its master long ago may still take over:
		// in a test, nothing else would.
		"--cluster-replica-validity-factor", "0",
		"--repl-diskless-sync", "yes", "--repl-diskless-sync-delay", "0")
	for range 6 {
		c.Nodes = append(c.Nodes, Start(t, append(opts, nodeArgs)...))
	}
	ctx, cancel := context.WithTimeout(context.Background(), deploymentTimeout)
	defer cancel()
	if err := c.form(ctx); err != nil {
		t.Fatalf("redistest: forming the cluster: %v", err)
	}
	c.client = redis.NewClusterClient(&redis.ClusterOptions{Addrs: c.addrs()})
	c.client.AddHook(reloadHook{c.client})
	t.Cleanup(func() { c.client.Close() })
	return c
}

// form assigns slots, joins the nodes and attaches the replicas.
func (c *Cluster) form(ctx context.Context) error {
	per := 16384 / 3
	for i := range 3 {
		lo, hi := i*per, (i+1)*per-1
		if i == 2 {
			hi = 16383
		}
		if err := c.Nodes[i].node.Do(ctx, "cluster", "addslotsrange", lo, hi).Err(); err != nil {
			return fmt.Errorf("ADDSLOTSRANGE on %s: %w", c.Nodes[i].Addr(), err)
		}
	}
	for _, n := range c.Nodes[1:] {
		if err := c.Nodes[0].node.ClusterMeet(ctx, "127.0.0.1", strconv.Itoa(n.port)).Err(); err != nil {
			return fmt.Errorf("MEET %s: %w", n.Addr(), err)
		}
	}
	if err := poll(ctx, func() (bool, error) { return c.allKnowEachOther(ctx), nil }); err != nil {
		return fmt.Errorf("nodes did not learn of each other: %w", err)
	}
	for i := range 3 {
		id, err := c.Nodes[i].node.ClusterMyID(ctx).Result()
		if err != nil {
			return err
		}
		if err := c.Nodes[3+i].node.ClusterReplicate(ctx, id).Err(); err != nil {
			return fmt.Errorf("REPLICATE on %s: %w", c.Nodes[3+i].Addr(), err)
		}
	}
	return c.waitHealthy(ctx, c.Nodes)
}

// allKnowEachOther reports whether every node lists six nodes, none of
// them still in handshake.
func (c *Cluster) allKnowEachOther(ctx context.Context) bool {
	for _, n := range c.Nodes {
		text, err := n.node.ClusterNodes(ctx).Result()
		if err != nil || strings.Count(strings.TrimSpace(text), "\n") != 5 || strings.Contains(text, "handshake") {
			return false
		}
	}
	return true
}

// waitHealthy waits until every live node says cluster_state:ok and sees
// all slots served, and every replica among live is in sync.
func (c *Cluster) waitHealthy(ctx context.Context, live []*Server) error {
	return poll(ctx, func() (bool, error) {
		for _, n := range live {
			info, err := n.node.ClusterInfo(ctx).Result()
			if err != nil || !strings.Contains(info, "cluster_state:ok") || !strings.Contains(info, "cluster_slots_ok:16384") {
				return false, nil
			}
			repl, err := n.node.Info(ctx, "replication").Result()
			if err != nil {
				return false, nil
			}
			if strings.Contains(repl, "role:slave") && !strings.Contains(repl, "master_link_status:up") {
				return false, nil
			}
		}
		return true, nil
	})
}

func (c *Cluster) addrs() []string {
	out := make([]string, len(c.Nodes))
	for i, n := range c.Nodes {
		out[i] = n.Addr()
	}
	return out
}

// URL is the cluster in the form redis.ParseClusterURL reads:
// redis://node1?addr=node2&addr=node3... (every node, so the client finds
// the cluster whichever of them is down).
func (c *Cluster) URL() string {
	q := url.Values{}
	for _, a := range c.addrs()[1:] {
		q.Add("addr", a)
	}
	return "redis://" + c.Nodes[0].Addr() + "?" + q.Encode()
}

// Client is a cluster client for looking behind the code under test.
func (c *Cluster) Client() *redis.ClusterClient { return c.client }

// Endpoint returns the cluster seen as one Server, for tests written
// against Server: URL, Client (the cluster client) and Mode ("cluster")
// work; Stop, Kill, Restart and CountCommands skip the test. It empties
// the cluster first (FLUSHALL on every master), as Start hands out an
// empty server.
func (c *Cluster) Endpoint(t testing.TB) *Server {
	t.Helper()
	c.Flush(t)
	return &Server{t: t, url: c.URL(), mode: "cluster", view: true, client: c.client}
}

// Flush empties every master and its script cache.
func (c *Cluster) Flush(t testing.TB) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), deploymentTimeout)
	defer cancel()
	err := c.client.ForEachMaster(ctx, func(ctx context.Context, m *redis.Client) error {
		if err := m.FlushAll(ctx).Err(); err != nil {
			return err
		}
		return m.ScriptFlush(ctx).Err()
	})
	if err != nil {
		t.Fatalf("redistest: flushing the cluster: %v", err)
	}
}

// MasterFor returns the node that serves key's slot now, as the cluster
// itself says (CLUSTER SHARDS of a live node).
func (c *Cluster) MasterFor(key string) *Server {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	slot, err := c.liveNode().node.ClusterKeySlot(ctx, key).Result()
	if err != nil {
		c.t.Fatalf("redistest: CLUSTER KEYSLOT: %v", err)
	}
	shards, err := c.liveNode().node.ClusterShards(ctx).Result()
	if err != nil {
		c.t.Fatalf("redistest: CLUSTER SHARDS: %v", err)
	}
	for _, sh := range shards {
		for _, r := range sh.Slots {
			if r.Start <= slot && slot <= r.End {
				if n := c.node(masterOf(sh)); n != nil {
					return n
				}
			}
		}
	}
	c.t.Fatalf("redistest: no node serves slot %d", slot)
	return nil
}

// liveNode is any node whose process runs.
func (c *Cluster) liveNode() *Server {
	for _, n := range c.Nodes {
		if n.running() {
			return n
		}
	}
	c.t.Fatal("redistest: every cluster node is down")
	return nil
}

// WaitFailover waits until the slots of the killed master dead are served
// by a live node again and every live node says the cluster is ok, and
// returns how long it waited.
func (c *Cluster) WaitFailover(dead *Server) time.Duration {
	c.t.Helper()
	start := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), deploymentTimeout)
	defer cancel()
	var live []*Server
	for _, n := range c.Nodes {
		if n.running() {
			live = append(live, n)
		}
	}
	err := poll(ctx, func() (bool, error) {
		shards, err := live[0].node.ClusterShards(ctx).Result()
		if err != nil {
			return false, nil
		}
		for _, sh := range shards {
			if len(sh.Slots) > 0 && masterOf(sh) == dead.Addr() {
				return false, nil
			}
		}
		return true, nil
	})
	if err == nil {
		err = c.waitHealthyMasters(ctx, live)
	}
	if err != nil {
		c.t.Fatalf("redistest: no failover from %s: %v", dead.Addr(), err)
	}
	return time.Since(start)
}

// waitHealthyMasters is waitHealthy without the replica check: after a
// failover the promoted node has no replica until the dead one returns.
func (c *Cluster) waitHealthyMasters(ctx context.Context, live []*Server) error {
	return poll(ctx, func() (bool, error) {
		for _, n := range live {
			info, err := n.node.ClusterInfo(ctx).Result()
			if err != nil || !strings.Contains(info, "cluster_state:ok") || !strings.Contains(info, "cluster_slots_ok:16384") {
				return false, nil
			}
		}
		return true, nil
	})
}

// withArgs adds redis-server arguments.
func withArgs(args ...string) Option {
	return func(c *config) { c.extra = append(c.extra, args...) }
}

// running reports whether the server's process is up.
func (s *Server) running() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.proc != nil
}

// poll calls check every 20 ms until it reports true or fails, or ctx
// ends.
func poll(ctx context.Context, check func() (bool, error)) error {
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		ok, err := check()
		if err != nil || ok {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-tick.C:
		}
	}
}

// reloadHook reloads the client's slot map after an error, so that the
// tests' client finds a promoted replica at once instead of after go-redis'
// periodic reload (redisstore does the same for the bot).
type reloadHook struct{ cc *redis.ClusterClient }

func (h reloadHook) DialHook(next redis.DialHook) redis.DialHook { return next }

func (h reloadHook) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error {
		err := next(ctx, cmd)
		if err != nil && err != redis.Nil {
			h.cc.ReloadState(context.Background())
		}
		return err
	}
}

func (h reloadHook) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []redis.Cmder) error {
		err := next(ctx, cmds)
		if err != nil && err != redis.Nil {
			h.cc.ReloadState(context.Background())
		}
		return err
	}
}

// masterOf is the address of a shard's master, "" when it has none.
func masterOf(sh redis.ClusterShard) string {
	for _, n := range sh.Nodes {
		if n.Role == "master" {
			return net.JoinHostPort(n.IP, strconv.FormatInt(n.Port, 10))
		}
	}
	return ""
}

// node is the cluster node at addr, nil for none.
func (c *Cluster) node(addr string) *Server {
	for _, n := range c.Nodes {
		if n.Addr() == addr {
			return n
		}
	}
	return nil
}
