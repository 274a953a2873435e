package redistest

import (
	"context"
	"fmt"
	"net"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// SentinelMaster is the name the Sentinels monitor the master under.
const SentinelMaster = "eid"

// SentinelDownAfter is the tests' down-after-milliseconds: how long the
// master must be unreachable before the Sentinels start a failover.
// Production keeps Redis' default of 30 s.
const SentinelDownAfter = time.Second

// Sentinel is one master with two replicas, watched by three Sentinels
// (redis-server --sentinel) with a quorum of two: the smallest setup in
// which a failover needs a majority that survives losing one machine.
type Sentinel struct {
	t         testing.TB
	Data      []*Server // 0 starts as the master, 1 and 2 as its replicas
	Sentinels []*Server

	client *redis.Client // a failover client
}

// StartSentinel starts the master, its replicas and the Sentinels, and
// returns once both replicas are in sync and every Sentinel knows both
// replicas and the other Sentinels.
func StartSentinel(t testing.TB, opts ...Option) *Sentinel {
	t.Helper()
	RequireBinary(t)
	s := &Sentinel{t: t}
	repl := withArgs("--repl-diskless-sync", "yes", "--repl-diskless-sync-delay", "0")
	s.Data = append(s.Data, Start(t, append(opts, repl)...))
	for range 2 {
		r := Start(t, append(opts, repl, withArgs("--replicaof", "127.0.0.1", portOf(s.Data[0])))...)
		s.Data = append(s.Data, r)
	}
	conf := fmt.Sprintf("sentinel monitor %[1]s 127.0.0.1 %[2]s 2\n"+
		"sentinel down-after-milliseconds %[1]s %[3]d\n"+
		"sentinel failover-timeout %[1]s 10000\n"+
		"sentinel parallel-syncs %[1]s 2\n",
		SentinelMaster, portOf(s.Data[0]), SentinelDownAfter.Milliseconds())
	for range 3 {
		s.Sentinels = append(s.Sentinels, Start(t, func(c *config) { c.sentinel = conf }))
	}
	ctx, cancel := context.WithTimeout(context.Background(), deploymentTimeout)
	defer cancel()
	if err := s.waitReady(ctx); err != nil {
		t.Fatalf("redistest: Sentinel setup not ready: %v", err)
	}
	s.client = redis.NewFailoverClient(&redis.FailoverOptions{MasterName: SentinelMaster, SentinelAddrs: s.sentinelAddrs()})
	t.Cleanup(func() { s.client.Close() })
	return s
}

func portOf(s *Server) string {
	_, p, _ := net.SplitHostPort(s.Addr())
	return p
}

// waitReady waits for the replicas to sync and the Sentinels to discover
// each other and the replicas.
func (s *Sentinel) waitReady(ctx context.Context) error {
	return poll(ctx, func() (bool, error) {
		repl, err := s.Data[0].node.Info(ctx, "replication").Result()
		if err != nil || countField(repl, "state=online") != 2 {
			return false, nil
		}
		for _, sn := range s.Sentinels {
			m, err := sn.node.Do(ctx, "sentinel", "master", SentinelMaster).Result()
			if err != nil {
				return false, nil
			}
			f := fields(m)
			if f["num-slaves"] != "2" || f["num-other-sentinels"] != "2" {
				return false, nil
			}
		}
		return true, nil
	})
}

// countField counts the lines of an INFO text that contain s.
func countField(info, s string) int {
	n := 0
	for _, line := range strings.Split(info, "\n") {
		if strings.Contains(line, s) {
			n++
		}
	}
	return n
}

// fields turns a reply of names and values into a map: a RESP3 map, or a
// flat [name, value, ...] array in RESP2.
func fields(reply any) map[string]string {
	out := map[string]string{}
	switch v := reply.(type) {
	case map[any]any:
		for k, val := range v {
			out[fmt.Sprint(k)] = fmt.Sprint(val)
		}
	case []any:
		for i := 0; i+1 < len(v); i += 2 {
			out[fmt.Sprint(v[i])] = fmt.Sprint(v[i+1])
		}
	}
	return out
}

func (s *Sentinel) sentinelAddrs() []string {
	out := make([]string, len(s.Sentinels))
	for i, sn := range s.Sentinels {
		out[i] = sn.Addr()
	}
	return out
}

// URL is the setup in the form redis.ParseFailoverURL reads:
// redis://sentinel1?master_name=eid&addr=sentinel2&addr=sentinel3.
func (s *Sentinel) URL() string {
	q := url.Values{"master_name": {SentinelMaster}}
	for _, a := range s.sentinelAddrs()[1:] {
		q.Add("addr", a)
	}
	return "redis://" + s.Sentinels[0].Addr() + "?" + q.Encode()
}

// Client is a failover client for looking behind the code under test.
func (s *Sentinel) Client() *redis.Client { return s.client }

// Endpoint returns the setup seen as one Server (Mode "sentinel"), as
// Cluster.Endpoint does, after emptying the master.
func (s *Sentinel) Endpoint(t testing.TB) *Server {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), deploymentTimeout)
	defer cancel()
	if err := s.client.FlushAll(ctx).Err(); err != nil {
		t.Fatalf("redistest: flushing the Sentinel master: %v", err)
	}
	return &Server{t: t, url: s.URL(), mode: "sentinel", view: true, client: s.client}
}

// Master returns the data node the Sentinels name as master now.
func (s *Sentinel) Master() *Server {
	s.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for _, sn := range s.Sentinels {
		if !sn.running() {
			continue
		}
		addr, err := sn.node.Do(ctx, "sentinel", "get-master-addr-by-name", SentinelMaster).StringSlice()
		if err != nil || len(addr) != 2 {
			continue
		}
		for _, d := range s.Data {
			if d.Addr() == net.JoinHostPort(addr[0], addr[1]) {
				return d
			}
		}
	}
	s.t.Fatal("redistest: no Sentinel names a known master")
	return nil
}

// WaitFailover waits until a majority of the Sentinels name a live data
// node other than old as master, that node says it is a master, and the
// replica left running is in sync with it again (until then a write that
// waits for a replica cannot be acknowledged), and returns how long it
// waited.
func (s *Sentinel) WaitFailover(old *Server) time.Duration {
	s.t.Helper()
	start := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), deploymentTimeout)
	defer cancel()
	err := poll(ctx, func() (bool, error) {
		votes := map[string]int{}
		for _, sn := range s.Sentinels {
			addr, err := sn.node.Do(ctx, "sentinel", "get-master-addr-by-name", SentinelMaster).StringSlice()
			if err == nil && len(addr) == 2 {
				votes[net.JoinHostPort(addr[0], addr[1])]++
			}
		}
		for _, d := range s.Data {
			if d == old || !d.running() || votes[d.Addr()] < 2 {
				continue
			}
			role, err := d.node.Do(ctx, "role").Slice()
			if err != nil || len(role) == 0 || role[0] != "master" {
				return false, nil
			}
			repl, err := d.node.Info(ctx, "replication").Result()
			return err == nil && countField(repl, "state=online") >= s.liveReplicas(d), nil
		}
		return false, nil
	})
	if err != nil {
		s.t.Fatalf("redistest: no Sentinel failover from %s: %v", old.Addr(), err)
	}
	return time.Since(start)
}

// liveReplicas is how many data nodes besides master are running, so
// should replicate from it once the Sentinels have reconfigured them.
func (s *Sentinel) liveReplicas(master *Server) int {
	n := 0
	for _, d := range s.Data {
		if d != master && d.running() {
			n++
		}
	}
	return n
}
