package redistest_test

import (
	"testing"
	"time"

	"github.com/eidbot/eidbot/internal/redistest"
)

// A cluster forms, serves on every master, and fails over when the master
// holding a key is killed; the key's writes then succeed on its old replica.
func TestClusterFailsOver(t *testing.T) {
	c := redistest.StartCluster(t)
	cl := c.Client()
	if err := cl.Set(ctx(t), "{bk}:x", "1", 0).Err(); err != nil {
		t.Fatalf("SET on the cluster: %v", err)
	}
	master := c.MasterFor("{bk}:x")
	master.Kill()
	took := c.WaitFailover(master)
	if now := c.MasterFor("{bk}:x"); now == master {
		t.Fatalf("the dead node %s still serves the slot", master.Addr())
	}
	// The client learns the new slot map after its first error there.
	if err := retry(func() error { return cl.Set(ctx(t), "{bk}:x", "2", 0).Err() }); err != nil {
		t.Fatalf("SET after the failover: %v", err)
	}
	t.Logf("cluster failover took %v", took)
}

// A Sentinel setup forms; killing its master promotes a replica.
func TestSentinelFailsOver(t *testing.T) {
	s := redistest.StartSentinel(t)
	if err := s.Client().Set(ctx(t), "k", "1", 0).Err(); err != nil {
		t.Fatalf("SET through Sentinel: %v", err)
	}
	old := s.Master()
	old.Kill()
	took := s.WaitFailover(old)
	if s.Master() == old {
		t.Fatal("the Sentinels still name the dead master")
	}
	if err := retry(func() error { return s.Client().Set(ctx(t), "k", "2", 0).Err() }); err != nil {
		t.Fatalf("SET after the failover: %v", err)
	}
	t.Logf("Sentinel failover took %v", took)
}

// retry calls fn up to 50 times, 100 ms apart, until it succeeds.
func retry(fn func() error) error {
	var err error
	for range 50 {
		if err = fn(); err == nil {
			return nil
		}
		time.Sleep(100 * time.Millisecond)
	}
	return err
}
