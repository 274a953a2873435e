package zalooa_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/eidbot/eidbot/internal/zalooa"
	"github.com/eidbot/eidbot/internal/zalooa/fakeoa"
)

func TestSeedRefreshesAtOnce(t *testing.T) {
	r := newRig(t, nil)
	if n := r.oa.Refreshes(); n != 1 {
		t.Errorf("%d refreshes after Seed, want 1", n)
	}
	if err := r.tokens.Healthy(); err != nil {
		t.Errorf("Healthy: %v", err)
	}
	if _, version, _ := r.store.Tokens(context.Background()); version != 2 {
		t.Errorf("version %d, want 2 (seed, then the rotated pair)", version)
	}
}

func TestSeedWithAWrongTokenIsReported(t *testing.T) {
	oa := fakeoa.New(t)
	c, err := zalooa.New(oa.Config())
	if err != nil {
		t.Fatal(err)
	}
	tokens := zalooa.NewTokens(c, &memTokens{now: time.Now})
	if err := tokens.Seed(context.Background(), "rt-not-issued"); err == nil {
		t.Fatal("a token Zalo never issued was accepted")
	}
	if tokens.Healthy() == nil {
		t.Error("Healthy after a failed seed")
	}
	if err := tokens.Seed(context.Background(), "has space"); err == nil {
		t.Error("a token with a space was accepted")
	}
}

func TestRefreshAheadOfExpiry(t *testing.T) {
	r := newRig(t, nil)
	first := r.access()
	r.clock.Add(25*time.Hour - zalooa.RefreshAhead - time.Minute)
	if tok := r.access(); tok != first || r.oa.Refreshes() != 1 {
		t.Fatalf("refreshed %d times before it was due", r.oa.Refreshes()-1)
	}
	r.clock.Add(2 * time.Minute)
	if tok := r.access(); tok == first || r.oa.Refreshes() != 2 {
		t.Fatalf("not refreshed when due: %d refreshes", r.oa.Refreshes())
	}
}

func TestNoTokensIsUnhealthy(t *testing.T) {
	oa := fakeoa.New(t)
	c, _ := zalooa.New(oa.Config())
	tokens := zalooa.NewTokens(c, &memTokens{now: time.Now})
	if _, err := tokens.AccessToken(context.Background()); !errors.Is(err, zalooa.ErrNoTokens) {
		t.Errorf("AccessToken = %v, want ErrNoTokens", err)
	}
	if !errors.Is(tokens.Healthy(), zalooa.ErrNoTokens) {
		t.Errorf("Healthy = %v", tokens.Healthy())
	}
}

func TestFailedRefreshIsLoudAndUnhealthyButTheTokenServesWhileValid(t *testing.T) {
	r := newRig(t, nil)
	first := r.access()
	r.clock.Add(25*time.Hour - zalooa.RefreshAhead + time.Minute) // due, not expired
	r.oa.FailNext(zalooa.RefreshPath, 1, fakeoa.ServerError())
	if tok := r.access(); tok != first {
		t.Errorf("token %q, want the still valid %q", tok, first)
	}
	if r.tokens.Healthy() == nil {
		t.Error("healthy after a failed refresh")
	}
	if tok := r.access(); tok == first || r.tokens.Healthy() != nil { // the next check succeeds
		t.Errorf("no recovery: %v", r.tokens.Healthy())
	}
}

// Two replicas (two Tokens on one store) both find the token due, or both
// get -216, at once: the refresh token is spent exactly once and both end
// with the same new access token.
func TestReplicasRaceToRefreshOnce(t *testing.T) {
	r := newRig(t, nil)
	c2, err := zalooa.New(func() zalooa.Config {
		cfg := r.oa.Config()
		cfg.Now = r.clock.Now
		cfg.Sleep = func(ctx context.Context, d time.Duration) error { time.Sleep(time.Millisecond); return ctx.Err() }
		return cfg
	}())
	if err != nil {
		t.Fatal(err)
	}
	other := zalooa.NewTokens(c2, r.store)
	used := r.access()
	for round := range 3 {
		before := r.oa.Refreshes()
		var wg sync.WaitGroup
		got := make([]string, 8)
		for i := range got {
			wg.Go(func() {
				tokens := r.tokens
				if i%2 == 1 {
					tokens = other
				}
				tok, err := tokens.Expired(context.Background(), used)
				if err != nil {
					t.Errorf("round %d: Expired: %v", round, err)
				}
				got[i] = tok
			})
		}
		wg.Wait()
		if n := r.oa.Refreshes() - before; n != 1 {
			t.Errorf("round %d: %d refreshes, want 1", round, n)
		}
		for _, tok := range got {
			if tok != got[0] || tok == used {
				t.Errorf("round %d: tokens %q", round, got)
				break
			}
		}
		used = got[0]
	}
	for _, v := range r.oa.Violations() {
		t.Errorf("violation %v", v)
	}
}

// A rotated pair the store refuses (it is down) is the only copy of the
// new refresh token: it is kept, used, and stored once the store is back.
func TestUnsavedPairIsKeptAndStoredLater(t *testing.T) {
	r := newRig(t, nil)
	old := r.access()
	r.clock.Add(25 * time.Hour)
	r.store.setDown(true)
	if _, err := r.tokens.AccessToken(context.Background()); err == nil {
		t.Fatal("a token while the store is down and the pair expired")
	}
	r.store.setDown(false)
	// The store is back but refuses writes: simulate by failing Store only.
	flaky := &flakyStore{memTokens: r.store, failStores: 3}
	tokens := zalooa.NewTokens(r.client, flaky)
	tok, err := tokens.AccessToken(context.Background())
	if err != nil || tok == old {
		t.Fatalf("AccessToken = %q, %v", tok, err)
	}
	if tokens.Healthy() == nil {
		t.Error("healthy while the pair is unsaved")
	}
	if again, _ := tokens.AccessToken(context.Background()); again != tok || tokens.Healthy() != nil {
		t.Errorf("after the store recovered: %q, %v", again, tokens.Healthy())
	}
	rec, _, _ := r.store.Tokens(context.Background())
	if len(rec) == 0 || r.oa.Refreshes() != 2 {
		t.Errorf("stored %s after %d refreshes", rec, r.oa.Refreshes())
	}
}

// flakyStore fails its first failStores Store calls.
type flakyStore struct {
	*memTokens
	mu         sync.Mutex
	failStores int
}

func (f *flakyStore) Store(ctx context.Context, fence int64, record []byte) (int64, error) {
	f.mu.Lock()
	fail := f.failStores > 0
	f.failStores--
	f.mu.Unlock()
	if fail {
		return 0, errDown
	}
	return f.memTokens.Store(ctx, fence, record)
}

func TestRunRefreshesAnIdleOA(t *testing.T) {
	r := newRig(t, nil)
	r.clock.Add(25 * time.Hour)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { r.tokens.Run(ctx); close(done) }()
	wctx, wcancel := context.WithTimeout(context.Background(), fakeoa.WaitTimeout)
	defer wcancel()
	if _, err := r.oa.Wait(wctx, zalooa.RefreshPath, 2); err != nil {
		t.Fatal(err)
	}
	cancel()
	<-done
}

// slowEmptyStore answers its first read late, with nothing stored: the
// read of a process that started before its OA was seeded.
type slowEmptyStore struct {
	*memTokens
	once             sync.Once
	entered, release chan struct{}
}

func (s *slowEmptyStore) Tokens(ctx context.Context) ([]byte, int64, error) {
	first := false
	s.once.Do(func() { first = true })
	if !first {
		return s.memTokens.Tokens(ctx)
	}
	close(s.entered)
	<-s.release
	return nil, 0, nil
}

// TestALateEmptyReadLeavesASeededOAHealthy: the first check at start reads
// "nothing stored" but is answered after the seed and a send that read
// the seeded pair; the process stays healthy (it was red until the next
// check, and /readyz with it).
func TestALateEmptyReadLeavesASeededOAHealthy(t *testing.T) {
	oa := fakeoa.New(t)
	c, err := zalooa.New(oa.Config())
	if err != nil {
		t.Fatal(err)
	}
	store := &slowEmptyStore{memTokens: &memTokens{now: time.Now}, entered: make(chan struct{}), release: make(chan struct{})}
	tokens := zalooa.NewTokens(c, store)
	ctx := context.Background()
	first := make(chan error)
	go func() { _, err := tokens.AccessToken(ctx); first <- err }()
	<-store.entered
	if err := zalooa.NewTokens(c, store.memTokens).Seed(ctx, oa.IssueRefreshToken()); err != nil { // eidbot zalo-oa token
		t.Fatal(err)
	}
	if _, err := tokens.AccessToken(ctx); err != nil {
		t.Fatalf("AccessToken after the seed: %v", err)
	}
	close(store.release)
	if err := <-first; !errors.Is(err, zalooa.ErrNoTokens) {
		t.Fatalf("the late read: %v, want ErrNoTokens", err)
	}
	if err := tokens.Healthy(); err != nil {
		t.Fatalf("Healthy after a late empty read: %v", err)
	}
}
