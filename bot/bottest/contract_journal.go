package bottest

import (
	"errors"
	"testing"

	"github.com/eidbot/eidbot/bot"
)

// replies are two replies an update produced.
func replies() []bot.Reply {
	return []bot.Reply{
		{Kind: bot.ReplyAnswer, Chat: chatA, CallbackID: "cb1"},
		{Kind: bot.ReplyText, Chat: chatA, Text: "<b>Xin chào</b>", Buttons: [][]bot.Button{{{Label: "Menu", Data: "m"}}}},
	}
}

// TestJournal checks the contract of bot.Journal: an update is claimed
// once, its session and replies are committed together, and it is done
// once every reply is delivered. open returns an empty store per case.
func TestJournal(t *testing.T, open func(t *testing.T) JournalStore) {
	t.Run("claim", func(t *testing.T) { journalClaim(t, open(t)) })
	t.Run("commit and settle", func(t *testing.T) { journalCommit(t, open(t)) })
	t.Run("try", func(t *testing.T) { journalTry(t, open(t)) })
	t.Run("settle without commit", func(t *testing.T) { journalSettleOnly(t, open(t)) })
}

// journalSettleOnly: an update that is claimed and settled without a
// commit (a group message the bot answered by itself) is done, and
// leaves the chat's session as it was.
func journalSettleOnly(t *testing.T, st JournalStore) {
	ctx := contractCtx(t)
	if c, _, found, err := st.Begin(ctx, chatA, "u1"); err != nil || c != bot.ClaimNew || found {
		t.Fatalf("Begin = %v, found=%v, %v", c, found, err)
	}
	must(t, "Settle", st.Settle(ctx, chatA, "u1", 1))
	if c, _, _, err := st.Begin(ctx, chatA, "u1"); err != nil || c != bot.ClaimDone {
		t.Fatalf("Begin after Settle = %v, %v; want done", c, err)
	}
	if _, found, err := st.Load(ctx, chatA); err != nil || found {
		t.Fatalf("a session was stored: found=%v, %v", found, err)
	}
}

// journalClaim: Begin claims an update once; Release gives it back.
func journalClaim(t *testing.T, st JournalStore) {
	ctx := contractCtx(t)
	s := newSession(chatA, "en")
	must(t, "Save", st.Save(ctx, &s))
	c, got, found, err := st.Begin(ctx, chatA, "u1")
	if err != nil || c != bot.ClaimNew || !found || got.Version != 1 || got.Lang != bot.English {
		t.Fatalf("first Begin = %v, %+v, %v, %v", c, got, found, err)
	}
	if c, _, _, err := st.Begin(ctx, chatA, "u1"); err != nil || c != bot.ClaimBusy {
		t.Fatalf("second Begin = %v, %v; want busy", c, err)
	}
	if c, _, found, err := st.Begin(ctx, chatB, "u1"); err != nil || c != bot.ClaimNew || found {
		t.Fatalf("the same id in another chat = %v, found=%v, %v", c, found, err)
	}
	must(t, "Release", st.Release(ctx, chatA, "u1"))
	if c, _, _, err := st.Begin(ctx, chatA, "u1"); err != nil || c != bot.ClaimNew {
		t.Fatalf("Begin after Release = %v, %v", c, err)
	}
}

// journalCommit: Commit stores the session with the outbox; Settle counts
// deliveries and finishes the update.
func journalCommit(t *testing.T, st JournalStore) {
	ctx := contractCtx(t)
	c, _, found, err := st.Begin(ctx, chatA, "u1")
	if err != nil || c != bot.ClaimNew || found {
		t.Fatalf("Begin of a new chat = %v, found=%v, %v", c, found, err)
	}
	s := newSession(chatA, "vi")
	stale := s
	must(t, "Commit", st.Commit(ctx, &s, "u1", replies()))
	if err := st.Commit(ctx, &stale, "u1", nil); !errors.Is(err, bot.ErrConflict) {
		t.Fatalf("stale Commit = %v, want ErrConflict", err)
	}
	got, n, err := st.Pending(ctx, chatA, "u1")
	if err != nil || n != 0 || len(got) != 2 || got[1].Text != "<b>Xin chào</b>" || got[1].Buttons[0][0].Data != "m" {
		t.Fatalf("Pending = %+v, %d, %v", got, n, err)
	}
	must(t, "Settle 1", st.Settle(ctx, chatA, "u1", 1))
	must(t, "Settle 0 again", st.Settle(ctx, chatA, "u1", 0))
	if _, n, err := st.Pending(ctx, chatA, "u1"); err != nil || n != 1 {
		t.Fatalf("delivered after Settle(1) then Settle(0): %d, %v", n, err)
	}
	if c, _, _, err := st.Begin(ctx, chatA, "u1"); err != nil || c != bot.ClaimBusy {
		t.Fatalf("Begin of an update half delivered = %v, %v", c, err)
	}
	must(t, "Settle 2", st.Settle(ctx, chatA, "u1", 2))
	if c, _, _, err := st.Begin(ctx, chatA, "u1"); err != nil || c != bot.ClaimDone {
		t.Fatalf("Begin of a delivered update = %v, %v", c, err)
	}
	if got, _, err := st.Pending(ctx, chatA, "u1"); err != nil || len(got) != 0 {
		t.Fatalf("Pending of a done update = %+v, %v", got, err)
	}
	if got, _, err := st.Load(ctx, chatA); err != nil || got.Version != 1 || got.Lang != bot.Vietnamese {
		t.Fatalf("committed session = %+v, %v", got, err)
	}
}

// journalTry: Try claims and commits in one step, and claims nothing when
// the session changed or the update is held or done.
func journalTry(t *testing.T, st JournalStore) {
	ctx := contractCtx(t)
	s := newSession(chatA, "vi")
	must(t, "Save", st.Save(ctx, &s))
	stale := s
	if c, err := st.Try(ctx, &s, "u1", replies()); err != nil || c != bot.ClaimNew || s.Version != 2 {
		t.Fatalf("Try = %v, %v (version %d)", c, err, s.Version)
	}
	if c, err := st.Try(ctx, &stale, "u2", nil); !errors.Is(err, bot.ErrConflict) {
		t.Fatalf("Try on a stale session = %v, %v; want ErrConflict", c, err)
	}
	if c, _, _, err := st.Begin(ctx, chatA, "u2"); err != nil || c != bot.ClaimNew {
		t.Fatalf("a refused Try claimed the update: %v, %v", c, err)
	}
	if c, err := st.Try(ctx, &s, "u1", nil); err != nil || c != bot.ClaimBusy {
		t.Fatalf("Try of a held update = %v, %v", c, err)
	}
	if got, _, err := st.Pending(ctx, chatA, "u1"); err != nil || len(got) != 2 {
		t.Fatalf("Pending after Try = %d replies, %v", len(got), err)
	}
	must(t, "Settle", st.Settle(ctx, chatA, "u1", 2))
	if c, err := st.Try(ctx, &s, "u1", nil); err != nil || c != bot.ClaimDone {
		t.Fatalf("Try of a done update = %v, %v", c, err)
	}
	if got, _, err := st.Load(ctx, chatA); err != nil || got.Version != 2 {
		t.Fatalf("Try of a done update stored something: version %d, %v", got.Version, err)
	}
}
