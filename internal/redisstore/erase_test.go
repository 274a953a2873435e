package redisstore_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/internal/redisstore"
)

func TestEraseRemovesTheChatsData(t *testing.T) {
	opts := redisstore.Options{DoneTTL: 26 * time.Hour}
	st, srv := open(t, opts)
	ctx, c := testCtx(t), srv.Client()
	fill := func(chat bot.Chat) {
		s := bot.NewSession(chat, "vi", time.Now())
		if err := st.Save(ctx, &s); err != nil {
			t.Fatal(err)
		}
		if err := st.SetBlocked(ctx, chat, true); err != nil {
			t.Fatal(err)
		}
		expectClaim(t, st, chat, 1, bot.ClaimNew)
		expectClaim(t, st, chat, 2, bot.ClaimNew)
		if err := finish(st, ctx, chat, 2); err != nil {
			t.Fatal(err)
		}
	}
	fill(tgChat(1))
	fill(tgChat(2))

	if err := st.Erase(ctx, tgChat(1)); err != nil {
		t.Fatal(err)
	}
	if _, found, err := st.Load(ctx, tgChat(1)); err != nil || found {
		t.Fatalf("session survived Erase: %v, %v", found, err)
	}
	if blocked, err := st.IsBlocked(ctx, tgChat(1)); err != nil || blocked {
		t.Fatalf("block marker survived Erase: %v, %v", blocked, err)
	}
	// What is left of the chat are update markers (a claim, the done set)
	// that expire by themselves and keep retried pre-/forget updates from
	// running again.
	left := keysMatching(t, c, "eid:{tg:1}:*")
	for _, k := range left {
		if !strings.Contains(k, ":upd:") && !strings.HasSuffix(k, ":done") {
			t.Errorf("Erase left %s", k)
		}
		if ttl := val(t, c.PTTL(ctx, k)); ttl <= 0 || ttl > opts.DoneTTL {
			t.Errorf("%s has TTL %v, want (0, %v]", k, ttl, opts.DoneTTL)
		}
	}
	expectClaim(t, st, tgChat(1), 2, bot.ClaimDone)

	others := keysMatching(t, c, "eid:{tg:2}:*")
	slices.Sort(others)
	want := []string{"eid:{tg:2}:blocked", "eid:{tg:2}:done", "eid:{tg:2}:session", "eid:{tg:2}:upd:1"}
	if !slices.Equal(others, want) {
		t.Fatalf("another chat's keys after Erase: %v, want %v", others, want)
	}
}
