package redisstore_test

import (
	"errors"
	"testing"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/internal/redisstore"
	"github.com/eidbot/eidbot/internal/redistest"
	"github.com/redis/go-redis/v9"
)

func expectClaim(t *testing.T, st *redisstore.Store, chat bot.Chat, id int64, want bot.Claim) {
	t.Helper()
	got, err := claim(st, testCtx(t), chat, id)
	if err != nil {
		t.Fatalf("Claim(%d): %v", id, err)
	}
	if got != want {
		t.Fatalf("Claim(%d) = %v, want %v", id, got, want)
	}
}

func TestClaimFinish(t *testing.T) {
	st, srv := open(t, redisstore.Options{})
	other := connect(t, srv, redisstore.Options{})
	ctx, chat := testCtx(t), tgChat(1)

	expectClaim(t, st, chat, 10, bot.ClaimNew)
	expectClaim(t, st, chat, 10, bot.ClaimBusy)    // same process, second delivery
	expectClaim(t, other, chat, 10, bot.ClaimBusy) // another process
	expectClaim(t, st, chat, 11, bot.ClaimNew)     // other updates are independent
	expectClaim(t, st, tgChat(2), 10, bot.ClaimNew)

	if err := finish(st, ctx, chat, 10); err != nil {
		t.Fatal(err)
	}
	expectClaim(t, st, chat, 10, bot.ClaimDone)
	expectClaim(t, other, chat, 10, bot.ClaimDone)
}

func TestClaimKeysExpire(t *testing.T) {
	opts := redisstore.Options{ClaimTTL: 30 * time.Second, DoneTTL: 26 * time.Hour}
	st, srv := open(t, opts)
	ctx, chat, c := testCtx(t), tgChat(1), srv.Client()
	key := "eid:{tg:1}:upd:42"

	expectClaim(t, st, chat, 42, bot.ClaimNew)
	if got := val(t, c.PTTL(ctx, key)); got <= 0 || got > opts.ClaimTTL {
		t.Fatalf("in-progress TTL = %v, want (0, %v]", got, opts.ClaimTTL)
	}
	if err := finish(st, ctx, chat, 42); err != nil {
		t.Fatal(err)
	}
	// Done, the claim is gone and the update is marked in the chat's
	// done set, which lives DoneTTL past its newest mark.
	if n := val(t, c.Exists(ctx, key)); n != 0 {
		t.Fatal("the claim outlived the update")
	}
	assertTTL(t, val(t, c.PTTL(ctx, "eid:{tg:1}:done")), opts.DoneTTL)
}

// TestDoneMarksLiveDoneTTL: a mark in the done set is kept for DoneTTL
// after its update was done, however many updates follow; marks older
// than that are trimmed on the next write. Telegram retries for up to a
// day, so a shorter life would let a late retry run twice.
func TestDoneMarksLiveDoneTTL(t *testing.T) {
	opts := redisstore.Options{DoneTTL: 26 * time.Hour}
	st, srv := open(t, opts)
	ctx, chat, c := testCtx(t), tgChat(1), srv.Client()
	set := "eid:{tg:1}:done"
	now := time.Now()
	old := redis.Z{Score: float64(now.Add(-opts.DoneTTL - time.Minute).UnixMilli()), Member: "1"}
	recent := redis.Z{Score: float64(now.Add(-opts.DoneTTL + time.Hour).UnixMilli()), Member: "2"}
	must(t, c.ZAdd(ctx, set, old, recent).Err())
	expectClaim(t, st, chat, 2, bot.ClaimDone) // marked 25 hours ago: still done
	for id := int64(3); id < 40; id++ {
		expectClaim(t, st, chat, id, bot.ClaimNew)
		if err := finish(st, ctx, chat, id); err != nil {
			t.Fatal(err)
		}
	}
	expectClaim(t, st, chat, 2, bot.ClaimDone)
	for id := int64(3); id < 40; id++ {
		expectClaim(t, st, chat, id, bot.ClaimDone)
	}
	if _, err := c.ZScore(ctx, set, "1").Result(); !errors.Is(err, redis.Nil) {
		t.Fatalf("a mark older than DoneTTL was kept: %v", err)
	}
	if n := val(t, c.ZCard(ctx, set)); n != 38 {
		t.Fatalf("%d marks, want 38", n)
	}
}

// TestDoneMarkOfAnOlderEidbot: an update marked done the way eidbot did
// before the done set (its own key valued "done") is still done, in Begin
// and in Try.
func TestDoneMarkOfAnOlderEidbot(t *testing.T) {
	st, srv := open(t, redisstore.Options{})
	ctx, chat, c := testCtx(t), tgChat(1), srv.Client()
	must(t, c.Set(ctx, "eid:{tg:1}:upd:77", "done", 26*time.Hour).Err())
	expectClaim(t, st, chat, 77, bot.ClaimDone)
	s := bot.NewSession(chat, "vi", time.Now())
	if claim, err := st.Try(ctx, &s, "77", nil); err != nil || claim != bot.ClaimDone {
		t.Fatalf("Try of an update marked done before: %v, %v", claim, err)
	}
}

func TestReleaseLetsTheRetryRun(t *testing.T) {
	st, srv := open(t, redisstore.Options{})
	other := connect(t, srv, redisstore.Options{})
	chat := tgChat(1)

	expectClaim(t, st, chat, 5, bot.ClaimNew)
	if err := st.Release(testCtx(t), chat, "5"); err != nil {
		t.Fatal(err)
	}
	expectClaim(t, other, chat, 5, bot.ClaimNew)
}

func TestLateReleaseKeepsDone(t *testing.T) {
	st, _ := open(t, redisstore.Options{})
	ctx, chat := testCtx(t), tgChat(1)

	expectClaim(t, st, chat, 6, bot.ClaimNew)
	if err := finish(st, ctx, chat, 6); err != nil {
		t.Fatal(err)
	}
	if err := st.Release(ctx, chat, "6"); err != nil {
		t.Fatal(err)
	}
	expectClaim(t, st, chat, 6, bot.ClaimDone)
}

// expire deletes key as if its TTL had run out; the key must exist.
func expire(t *testing.T, srv *redistest.Server, key string) {
	t.Helper()
	if n := val(t, srv.Client().Del(testCtx(t), key)); n != 1 {
		t.Fatalf("DEL %s deleted %d keys, want 1", key, n)
	}
}

// A worker whose claim expired must not release the claim that another
// worker took over with.
func TestReleaseAfterTakeoverKeepsTheNewClaim(t *testing.T) {
	st, srv := open(t, redisstore.Options{})
	other := connect(t, srv, redisstore.Options{})
	ctx, chat := testCtx(t), tgChat(1)

	expectClaim(t, st, chat, 7, bot.ClaimNew)
	expire(t, srv, "eid:{tg:1}:upd:7") // st's claim expires
	expectClaim(t, other, chat, 7, bot.ClaimNew)
	if err := st.Release(ctx, chat, "7"); err != nil {
		t.Fatal(err)
	}
	expectClaim(t, st, chat, 7, bot.ClaimBusy)
}

// Release of an update this Store never claimed must not free another
// process's claim.
func TestReleaseWithoutClaimDoesNothing(t *testing.T) {
	st, srv := open(t, redisstore.Options{})
	other := connect(t, srv, redisstore.Options{})
	chat := tgChat(1)

	expectClaim(t, other, chat, 8, bot.ClaimNew)
	if err := st.Release(testCtx(t), chat, "8"); err != nil {
		t.Fatal(err)
	}
	expectClaim(t, st, chat, 8, bot.ClaimBusy)
}

// Finish marks done even when this worker's claim had expired and another
// took over: the update's effects are committed either way.
func TestFinishAfterTakeoverMarksDone(t *testing.T) {
	st, srv := open(t, redisstore.Options{})
	other := connect(t, srv, redisstore.Options{})
	ctx, chat := testCtx(t), tgChat(1)

	expectClaim(t, st, chat, 9, bot.ClaimNew)
	expire(t, srv, "eid:{tg:1}:upd:9")
	expectClaim(t, other, chat, 9, bot.ClaimNew)
	if err := finish(st, ctx, chat, 9); err != nil {
		t.Fatal(err)
	}
	if err := other.Release(ctx, chat, "9"); err != nil { // other fails afterwards
		t.Fatal(err)
	}
	expectClaim(t, st, chat, 9, bot.ClaimDone)
}
