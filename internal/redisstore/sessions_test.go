package redisstore_test

import (
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/internal/redisstore"
)

func TestLoadMissingSession(t *testing.T) {
	st, _ := open(t, redisstore.Options{})
	s, found, err := st.Load(testCtx(t), tgChat(1))
	if err != nil || found || s.Version != 0 {
		t.Fatalf("Load = version %d, found %v, err %v; want 0, false, nil", s.Version, found, err)
	}
	if s.Chat != tgChat(1) {
		t.Fatalf("Load returned chat %+v", s.Chat)
	}
}

func TestSaveLoadRoundTrip(t *testing.T) {
	st, _ := open(t, redisstore.Options{})
	ctx := testCtx(t)
	now := time.Date(2026, 11, 24, 9, 30, 0, 0, time.UTC)
	s := bot.NewSession(tgChat(7), "ko", now)
	s.Dialog = bot.Dialog{Flow: "eligibility", Step: "age", Answers: map[string]string{"nation": "KR"}, Touched: now}
	s.Case = bot.Case{Outcome: "eligible", Checklist: "C1", Days: 7, Decided: now}
	s.Applied = bot.UpdateIDs{"100", "101"}

	if err := st.Save(ctx, &s); err != nil {
		t.Fatalf("first Save: %v", err)
	}
	if s.Version != 1 {
		t.Fatalf("Version after first Save = %d, want 1", s.Version)
	}
	got, found, err := st.Load(ctx, tgChat(7))
	if err != nil || !found {
		t.Fatalf("Load: found %v, err %v", found, err)
	}
	assertSameSession(t, got, s)

	got.Dialog.Step = "residence"
	if err := st.Save(ctx, &got); err != nil || got.Version != 2 {
		t.Fatalf("second Save: version %d, err %v; want 2, nil", got.Version, err)
	}
}

// assertSameSession compares sessions through their JSON form plus the
// version, which JSON leaves out; times compare by instant.
func assertSameSession(t *testing.T, got, want bot.Session) {
	t.Helper()
	if got.Version != want.Version {
		t.Errorf("Version = %d, want %d", got.Version, want.Version)
	}
	if g, w := mustJSON(t, got), mustJSON(t, want); g != w {
		t.Errorf("session differs after round trip:\n got %s\nwant %s", g, w)
	}
}

func TestSaveRefusesStaleVersion(t *testing.T) {
	st, _ := open(t, redisstore.Options{})
	ctx := testCtx(t)
	s := bot.NewSession(tgChat(2), "en", time.Now())
	if err := st.Save(ctx, &s); err != nil {
		t.Fatal(err)
	}
	fresh := bot.NewSession(tgChat(2), "en", time.Now()) // Version 0: "must be absent"
	if err := st.Save(ctx, &fresh); !errors.Is(err, bot.ErrConflict) {
		t.Fatalf("Save over an existing record with version 0: err %v, want ErrConflict", err)
	}
	if errors.Is(bot.ErrConflict, bot.ErrUnavailable) {
		t.Fatal("a conflict must not read as unavailable")
	}
	if fresh.Version != 0 {
		t.Fatalf("a refused Save changed Version to %d", fresh.Version)
	}
}

func TestConcurrentSaversExactlyOneWins(t *testing.T) {
	st, srv := open(t, redisstore.Options{})
	other := connect(t, srv, redisstore.Options{}) // as a second process
	ctx := testCtx(t)
	base := bot.NewSession(tgChat(3), "vi", time.Now())
	if err := st.Save(ctx, &base); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	start := make(chan struct{})
	errs := make([]error, 2)
	for i, store := range []*redisstore.Store{st, other} {
		wg.Go(func() {
			s := base
			s.Dialog.Step = []string{"a", "b"}[i]
			<-start
			errs[i] = store.Save(ctx, &s)
		})
	}
	close(start)
	wg.Wait()
	won, lost := 0, 0
	for _, err := range errs {
		switch {
		case err == nil:
			won++
		case errors.Is(err, bot.ErrConflict):
			lost++
		default:
			t.Fatalf("unexpected error: %v", err)
		}
	}
	if won != 1 || lost != 1 {
		t.Fatalf("%d saves won and %d got ErrConflict, want 1 and 1", won, lost)
	}
}

func TestFiftyConcurrentIncrements(t *testing.T) {
	st, _ := open(t, redisstore.Options{})
	ctx := testCtx(t)
	const workers = 50
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for range workers {
		wg.Go(func() { errs <- increment(ctx, st, tgChat(4)) })
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatalf("increment: %v", err)
		}
	}
	s, _, err := st.Load(ctx, tgChat(4))
	if err != nil {
		t.Fatal(err)
	}
	if s.Case.Days != workers || s.Version != workers {
		t.Fatalf("counter %d at version %d, want %d and %d", s.Case.Days, s.Version, workers, workers)
	}
}

func TestSaveSetsAndRefreshesTTL(t *testing.T) {
	ttl := 48 * time.Hour
	st, srv := open(t, redisstore.Options{SessionTTL: ttl})
	ctx := testCtx(t)
	s := bot.NewSession(tgChat(5), "vi", time.Now())
	if err := st.Save(ctx, &s); err != nil {
		t.Fatal(err)
	}
	key := "eid:{tg:5}:session"
	c := srv.Client()
	assertTTL(t, val(t, c.PTTL(ctx, key)), ttl)

	if !val(t, c.PExpire(ctx, key, time.Hour)) { // as if most of the TTL had passed
		t.Fatalf("PEXPIRE %s: no such key", key)
	}
	if err := st.Save(ctx, &s); err != nil {
		t.Fatal(err)
	}
	assertTTL(t, val(t, c.PTTL(ctx, key)), ttl)
}

// assertTTL checks that a key's remaining TTL is positive, at most max, and
// more than max minus an hour: set by the last write, not left over.
func assertTTL(t *testing.T, got, max time.Duration) {
	t.Helper()
	if got <= 0 || got > max || got < max-time.Hour {
		t.Fatalf("TTL = %v, want just under %v", got, max)
	}
}

func TestLoadRefusesNewerSchema(t *testing.T) {
	st, srv := open(t, redisstore.Options{})
	ctx := testCtx(t)
	future := `{"schema":` + itoa(bot.SessionSchema+1) + `,"chat":{"Channel":"tg","ID":6},"new_field":"keep me"}`
	must(t, srv.Client().HSet(ctx, "eid:{tg:6}:session", "v", "3", "d", future, "s", itoa(bot.SessionSchema+1)).Err())

	if _, _, err := st.Load(ctx, tgChat(6)); !errors.Is(err, redisstore.ErrNewerSchema) || errors.Is(err, bot.ErrUnavailable) {
		t.Fatalf("Load of a newer schema: err %v, want ErrNewerSchema and not ErrUnavailable", err)
	}
	s := bot.NewSession(tgChat(6), "vi", time.Now())
	s.Version = 3 // even a writer that guessed the version must not overwrite it
	if err := st.Save(ctx, &s); !errors.Is(err, redisstore.ErrNewerSchema) {
		t.Fatalf("Save over a newer schema: err %v, want ErrNewerSchema", err)
	}
	if got := val(t, srv.Client().HGet(ctx, "eid:{tg:6}:session", "d")); got != future {
		t.Fatalf("the newer record was changed to %s", got)
	}
}

func TestLoadCorruptRecordIsNotUnavailable(t *testing.T) {
	st, srv := open(t, redisstore.Options{})
	ctx := testCtx(t)
	must(t, srv.Client().HSet(ctx, "eid:{tg:8}:session", "v", "1", "d", "{not json").Err())
	_, _, err := st.Load(ctx, tgChat(8))
	if err == nil || errors.Is(err, bot.ErrUnavailable) {
		t.Fatalf("Load of corrupt JSON: err %v, want a decoding error", err)
	}
}
