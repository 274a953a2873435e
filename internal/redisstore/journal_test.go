package redisstore_test

import (
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/internal/redisstore"
)

func replies(texts ...string) []bot.Reply {
	rs := make([]bot.Reply, len(texts))
	for i, t := range texts {
		rs[i] = bot.Reply{Kind: bot.ReplyText, Chat: tgChat(5), Text: t, Buttons: [][]bot.Button{{{Label: "✓", Data: "n"}}}}
	}
	return rs
}

func TestJournalHappyPath(t *testing.T) {
	st, _ := open(t, redisstore.Options{})
	ctx, chat := testCtx(t), tgChat(5)
	c, s, found, err := st.Begin(ctx, chat, "1")
	if err != nil || c != bot.ClaimNew || found || s.Version != 0 {
		t.Fatalf("Begin on a new chat = %v %+v %v %v", c, s, found, err)
	}
	s = bot.NewSession(chat, "vi", time.Now())
	s.Applied = bot.UpdateIDs{"1"}
	if err := st.Commit(ctx, &s, "1", replies("a", "b")); err != nil || s.Version != 1 {
		t.Fatalf("Commit: %v, version %d", err, s.Version)
	}
	if c, _, _, err := st.Begin(ctx, chat, "1"); err != nil || c != bot.ClaimBusy {
		t.Fatalf("a second Begin while in progress = %v, %v; want busy", c, err)
	}
	got, sent, err := st.Pending(ctx, chat, "1")
	if err != nil || len(got) != 2 || sent != 0 || got[1].Text != "b" || got[1].Buttons[0][0].Data != "n" {
		t.Fatalf("Pending = %+v %d %v", got, sent, err)
	}
	if err := st.Settle(ctx, chat, "1", 2); err != nil {
		t.Fatal(err)
	}
	if c, _, _, err := st.Begin(ctx, chat, "1"); err != nil || c != bot.ClaimDone {
		t.Fatalf("Begin after Settle = %v, %v; want done", c, err)
	}
	if got, _, err := st.Pending(ctx, chat, "1"); err != nil || len(got) != 0 {
		t.Fatalf("outbox kept after settling: %v, %v", got, err)
	}
	c, s, found, err = st.Begin(ctx, chat, "2")
	if c != bot.ClaimNew || !found || s.Version != 1 || !s.HasApplied("1") || err != nil {
		t.Fatalf("Begin of the next update = %v %+v %v %v", c, s, found, err)
	}
}

func TestJournalPartialDeliveryAndRetry(t *testing.T) {
	st, _ := open(t, redisstore.Options{})
	ctx, chat := testCtx(t), tgChat(6)
	if c, _, _, err := st.Begin(ctx, chat, "9"); err != nil || c != bot.ClaimNew {
		t.Fatalf("Begin = %v, %v", c, err)
	}
	s := bot.NewSession(chat, "en", time.Now())
	if err := st.Commit(ctx, &s, "9", replies("a", "b", "c")); err != nil {
		t.Fatal(err)
	}
	// One reply went out, then the channel failed; Settle twice (a resend).
	for range 2 {
		if err := st.Settle(ctx, chat, "9", 1); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.Release(ctx, chat, "9"); err != nil {
		t.Fatal(err)
	}
	c, _, _, err := st.Begin(ctx, chat, "9")
	if err != nil {
		t.Fatal(err)
	}
	got, sent, err := st.Pending(ctx, chat, "9")
	if err != nil || c != bot.ClaimNew || len(got) != 3 || sent != 1 {
		t.Fatalf("retry: claim %v, %d replies, %d sent, %v", c, len(got), sent, err)
	}
	// An older, smaller count never moves progress back.
	if err := st.Settle(ctx, chat, "9", 0); err != nil {
		t.Fatal(err)
	}
	if _, sent, err := st.Pending(ctx, chat, "9"); err != nil || sent != 1 {
		t.Fatalf("progress went back to %d, %v", sent, err)
	}
	if err := st.Settle(ctx, chat, "9", 3); err != nil {
		t.Fatal(err)
	}
	if c, _, _, err := st.Begin(ctx, chat, "9"); err != nil || c != bot.ClaimDone {
		t.Fatalf("after the last reply: %v, %v", c, err)
	}
}

func TestJournalCommitConflictsAndNoReplies(t *testing.T) {
	st, _ := open(t, redisstore.Options{})
	ctx, chat := testCtx(t), tgChat(8)
	a := bot.NewSession(chat, "vi", time.Now())
	b := a
	if err := st.Commit(ctx, &a, "1", nil); err != nil {
		t.Fatal(err)
	}
	if err := st.Commit(ctx, &b, "2", replies("x")); !errors.Is(err, bot.ErrConflict) {
		t.Fatalf("stale commit = %v, want ErrConflict", err)
	}
	if got, _, err := st.Pending(ctx, chat, "2"); err != nil || len(got) != 0 {
		t.Fatalf("a conflicting commit wrote its outbox: %v, %v", got, err)
	}
	// An update without replies is done as soon as it is settled.
	if err := st.Settle(ctx, chat, "1", 0); err != nil {
		t.Fatal(err)
	}
	if c, _, _, err := st.Begin(ctx, chat, "1"); err != nil || c != bot.ClaimDone {
		t.Fatalf("update without replies: %v, %v", c, err)
	}
}

// TestJournalConcurrentBegin: of many workers beginning one update, exactly
// one gets it.
func TestJournalConcurrentBegin(t *testing.T) {
	st, _ := open(t, redisstore.Options{})
	ctx, chat := testCtx(t), tgChat(11)
	var mu sync.Mutex
	wins := 0
	var wg sync.WaitGroup
	for range 32 {
		wg.Go(func() {
			c, _, _, err := st.Begin(ctx, chat, "77")
			if err != nil {
				t.Error(err)
			}
			if err == nil && c == bot.ClaimNew {
				mu.Lock()
				wins++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if wins != 1 {
		t.Fatalf("%d workers got the update", wins)
	}
}

// BenchmarkUpdateJournal measures the bookkeeping of one update on the
// happy path: Begin, Commit with one reply, Settle (three round trips).
func BenchmarkUpdateJournal(b *testing.B) {
	st, _ := open(b, redisstore.Options{})
	ctx, chat := testCtx(b), tgChat(1)
	rs := replies("Bạn cần mang theo <b>căn cước gắn chip</b> và số điện thoại chính chủ.")
	var id int64
	for b.Loop() {
		id++
		_, s, found, err := st.Begin(ctx, chat, uid(id))
		if err != nil {
			b.Fatal(err)
		}
		if !found {
			s = bot.NewSession(chat, "vi", time.Now())
		}
		if err := st.Commit(ctx, &s, uid(id), rs); err != nil {
			b.Fatal(err)
		}
		if err := st.Settle(ctx, chat, uid(id), 1); err != nil {
			b.Fatal(err)
		}
	}
}

func TestJournalTry(t *testing.T) {
	st, _ := open(t, redisstore.Options{})
	ctx, chat := testCtx(t), tgChat(12)
	s := bot.NewSession(chat, "ko", time.Now())
	if c, err := st.Try(ctx, &s, "1", replies("a")); err != nil || c != bot.ClaimNew || s.Version != 1 {
		t.Fatalf("Try on a new chat = %v %v, version %d", c, err, s.Version)
	}
	if c, err := st.Try(ctx, &s, "1", replies("again")); err != nil || c != bot.ClaimBusy {
		t.Fatalf("Try while the update is in progress = %v %v", c, err)
	}
	if err := st.Settle(ctx, chat, "1", 1); err != nil {
		t.Fatal(err)
	}
	if c, err := st.Try(ctx, &s, "1", nil); err != nil || c != bot.ClaimDone {
		t.Fatalf("Try of a done update = %v %v", c, err)
	}
	stale := s
	if c, err := st.Try(ctx, &s, "2", replies("b")); err != nil || c != bot.ClaimNew || s.Version != 2 {
		t.Fatalf("Try of the next update = %v %v", c, err)
	}
	// A stale copy (another process moved on) claims nothing.
	if _, err := st.Try(ctx, &stale, "3", replies("c")); !errors.Is(err, bot.ErrConflict) {
		t.Fatalf("Try with a stale session = %v, want ErrConflict", err)
	}
	c, got, found, err := st.Begin(ctx, chat, "3")
	if err != nil || c != bot.ClaimNew || !found || got.Version != 2 {
		t.Fatalf("Begin after a conflicting Try = %v v%d %v %v", c, got.Version, found, err)
	}
	if out, _, err := st.Pending(ctx, chat, "3"); err != nil || len(out) != 0 {
		t.Fatalf("a conflicting Try wrote its outbox: %v, %v", out, err)
	}
}
