package redisstore_test

import (
	"errors"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/internal/redisstore"
	"github.com/eidbot/eidbot/internal/redistest"
)

// 1,000 people book one slot of 50 seats through two Stores (two bot
// replicas), one person every 2 ms, and the master holding the booking
// slot is killed when about half the seats are taken. A person whose
// request fails as unavailable retries it with the same request ID, as the
// bot does when Telegram redelivers the update. Exactly 50 must be
// confirmed across the failover, every confirmed booking must be stored
// afterwards (the ones confirmed before the kill too: they waited for a
// replica), and the counters must match the records.
func TestThousandBookersFiftySeatsAcrossFailover(t *testing.T) {
	t.Run("cluster", func(t *testing.T) {
		c := redistest.StartCluster(t)
		bookersAcrossFailover(t, c.Endpoint(t), func() func() time.Duration {
			m := c.MasterFor("eid:{bk}:x")
			m.Kill()
			return func() time.Duration { return c.WaitFailover(m) }
		})
	})
	t.Run("sentinel", func(t *testing.T) {
		s := redistest.StartSentinel(t)
		bookersAcrossFailover(t, s.Endpoint(t), func() func() time.Duration {
			m := s.Master()
			m.Kill()
			return func() time.Duration { return s.WaitFailover(m) }
		})
	})
}

func bookersAcrossFailover(t *testing.T, srv *redistest.Server, kill func() func() time.Duration) {
	const people, seats, killAfter = 1000, 50, 25
	replicas := []*redisstore.Bookings{connect(t, srv, redisstore.Options{}).Bookings(), connect(t, srv, redisstore.Options{}).Bookings()}
	ctx := testCtx(t)
	var won, full, retries atomic.Int64
	var mu sync.Mutex
	confirmed := map[string]string{} // person → code
	var wg sync.WaitGroup
	var took time.Duration
	var failedOver chan struct{} // made at the kill, closed once the failover is over
	tick := time.NewTicker(2 * time.Millisecond)
	defer tick.Stop()
	for i := range people {
		<-tick.C
		if failedOver == nil && won.Load() >= killAfter {
			failedOver = make(chan struct{})
			wait := kill()
			go func() { took = wait(); close(failedOver) }()
		}
		req := bookReq(reqID(0, i), i, "P1", 1, 0, seats)
		wg.Go(func() {
			deadline := time.Now().Add(time.Minute)
			for {
				a, err := replicas[rand.IntN(2)].Book(ctx, req)
				switch {
				case err == nil:
					won.Add(1)
					mu.Lock()
					confirmed[a.Person] = a.Code
					mu.Unlock()
					return
				case errors.Is(err, bot.ErrSlotFull):
					full.Add(1)
					return
				case !errors.Is(err, bot.ErrUnavailable) || time.Now().After(deadline):
					t.Errorf("booker %d: %v", i, err)
					return
				}
				retries.Add(1)
				pause := time.NewTimer(50 * time.Millisecond)
				<-pause.C
			}
		})
	}
	wg.Wait()
	if failedOver == nil {
		t.Fatal("the seats never reached the kill point")
	}
	<-failedOver
	if won.Load() != seats || full.Load() != people-seats {
		t.Fatalf("%d confirmed and %d full, want %d and %d", won.Load(), full.Load(), seats, people-seats)
	}
	b := replicas[0]
	for person, code := range confirmed {
		a, found, err := b.Active(ctx, person)
		if err != nil || !found || a.Code != code {
			t.Fatalf("confirmed booking %s of %s after the failover: %+v %v %v", code, person, a, found, err)
		}
	}
	if n := taken(t, b, "P1", 1, 0); n != seats {
		t.Fatalf("the slot's counter says %d, want %d", n, seats)
	}
	verifyClean(t, b)
	t.Logf("%s: %d bookers, %d seats: %d confirmed, %d full, %d retries of unavailable requests; failover took %v",
		srv.Mode(), people, seats, won.Load(), full.Load(), retries.Load(), took.Round(time.Millisecond))
}
