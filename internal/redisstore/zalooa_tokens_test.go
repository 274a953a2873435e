package redisstore_test

import (
	"sync"
	"testing"
	"time"

	"github.com/eidbot/eidbot/internal/redisstore"
	"github.com/eidbot/eidbot/internal/zalooa/fakeoa"
)

func TestZaloOATokensFenceAndStore(t *testing.T) {
	st, srv := open(t, redisstore.Options{})
	other := connect(t, srv, redisstore.Options{})
	ctx := testCtx(t)
	a, err := st.ZaloOATokens("oa1")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := other.ZaloOATokens("oa1")
	if rec, v, err := a.Tokens(ctx); err != nil || rec != nil || v != 0 {
		t.Fatalf("empty store: %q %d %v", rec, v, err)
	}
	f1, err := a.Lock(ctx, time.Minute)
	if err != nil || f1 != 1 {
		t.Fatalf("Lock = %d, %v", f1, err)
	}
	if again, _ := a.Lock(ctx, time.Minute); again != f1 {
		t.Errorf("the holder's retried Lock = %d, want its fence %d", again, f1)
	}
	if f, _ := b.Lock(ctx, time.Minute); f != 0 {
		t.Errorf("a second process got the lock: fence %d", f)
	}
	if v, err := a.Store(ctx, f1, []byte("pair-1")); err != nil || v != 1 {
		t.Fatalf("Store = %d, %v", v, err)
	}
	if v, _ := a.Store(ctx, f1, []byte("pair-1")); v != 1 {
		t.Errorf("the same Store again (a retry) = version %d, want 1", v)
	}
	if err := b.Unlock(ctx, 99); err != nil {
		t.Fatal(err)
	}
	if f, _ := b.Lock(ctx, time.Minute); f != 0 {
		t.Error("an Unlock with another fence released the lock")
	}
	if err := a.Unlock(ctx, f1); err != nil {
		t.Fatal(err)
	}
	f2, _ := b.Lock(ctx, 30*time.Millisecond)
	if f2 != 2 {
		t.Fatalf("after Unlock: fence %d", f2)
	}
	if v, _ := a.Store(ctx, f1, []byte("stale")); v != 0 {
		t.Errorf("a stale fence stored version %d", v)
	}
	time.Sleep(60 * time.Millisecond) // b's lock runs out; nobody took it since
	if v, _ := b.Store(ctx, f2, []byte("pair-2")); v != 2 {
		t.Errorf("the newest fence after its lock ran out stored version %d, want 2", v)
	}
	f3, _ := a.Lock(ctx, time.Minute)
	if v, _ := b.Store(ctx, f2, []byte("late")); f3 != 3 || v != 0 {
		t.Errorf("fence %d; a superseded fence stored version %d", f3, v)
	}
	if rec, v, err := b.Tokens(ctx); string(rec) != "pair-2" || v != 2 || err != nil {
		t.Errorf("Tokens = %q %d %v", rec, v, err)
	}
	for _, bad := range []string{"", "a}b", "a{b", "a b", "a:b"} {
		if _, err := st.ZaloOATokens(bad); err == nil {
			t.Errorf("OA id %q accepted", bad)
		}
	}
}

// Two replicas, each with its own connections, race to refresh: on -216
// from many goroutines at once, and when the token falls due. Zalo's
// single-use refresh token is spent exactly once per rotation, and both
// replicas end with the same new access token.
func TestZaloOATwoReplicasRefreshOnce(t *testing.T) {
	srv := server(t)
	clock := &oaClock{t: time.Date(2026, 5, 4, 9, 0, 0, 0, time.UTC)}
	oa := fakeoa.New(t, fakeoa.WithClock(clock.Now))
	r1, r2 := newOAReplica(t, srv, oa, clock), newOAReplica(t, srv, oa, clock)
	ctx := testCtx(t)
	if err := r1.tokens.Seed(ctx, oa.IssueRefreshToken()); err != nil {
		t.Fatal(err)
	}
	used, err := r2.tokens.AccessToken(ctx)
	if err != nil {
		t.Fatal(err)
	}
	race := func(name string, fn func(i int) (string, error)) {
		t.Helper()
		before := oa.Refreshes()
		got := make([]string, 10)
		var wg sync.WaitGroup
		for i := range got {
			wg.Go(func() {
				tok, err := fn(i)
				if err != nil {
					t.Errorf("%s: %v", name, err)
				}
				got[i] = tok
			})
		}
		wg.Wait()
		if n := oa.Refreshes() - before; n != 1 {
			t.Errorf("%s: %d refreshes, want exactly 1", name, n)
		}
		for _, tok := range got {
			if tok != got[0] || tok == used {
				t.Errorf("%s: tokens %q", name, got)
				break
			}
		}
		used = got[0]
	}
	replica := func(i int) *oaReplica { return []*oaReplica{r1, r2}[i%2] }
	race("-216 everywhere", func(i int) (string, error) { return replica(i).tokens.Expired(ctx, used) })
	clock.Add(25*time.Hour - 5*time.Minute) // due ahead of expiry
	race("due", func(i int) (string, error) { return replica(i).tokens.AccessToken(ctx) })
	for _, v := range oa.Violations() {
		t.Errorf("violation %v", v)
	}
	if r1.tokens.Healthy() != nil || r2.tokens.Healthy() != nil {
		t.Errorf("health %v, %v", r1.tokens.Healthy(), r2.tokens.Healthy())
	}
}
