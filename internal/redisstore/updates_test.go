package redisstore_test

import (
	"testing"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/internal/redisstore"
	"github.com/eidbot/eidbot/internal/redistest"
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
	assertTTL(t, val(t, c.PTTL(ctx, key)), opts.DoneTTL)
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
