package bottest

import (
	"errors"
	"testing"
	"time"

	"github.com/eidbot/eidbot/bot"
)

// Sessions is what a session store implements: the sessions and /forget.
type Sessions interface {
	bot.SessionStore
	bot.Eraser
}

// JournalStore is what a journal implements: the journal over the same
// sessions.
type JournalStore interface {
	bot.Journal
	bot.SessionStore
}

var (
	chatA = bot.Chat{Channel: bot.ChannelTelegram, ID: "1001", Kind: bot.ChatPrivate}
	chatB = bot.Chat{Channel: bot.ChannelZaloBot, ID: "e4ea2cd5", Kind: bot.ChatPrivate}
)

// TestSessionStore checks the contract of bot.SessionStore (and Eraser):
// one versioned record per chat, stored by compare-and-set. open returns
// an empty store for each case.
func TestSessionStore(t *testing.T, open func(t *testing.T) Sessions) {
	t.Run("absent", func(t *testing.T) {
		s, found, err := open(t).Load(contractCtx(t), chatA)
		if err != nil || found || s.Version != 0 {
			t.Fatalf("Load of a new chat = %+v, %v, %v", s, found, err)
		}
	})
	t.Run("save and load", func(t *testing.T) { sessionsSave(t, open(t)) })
	t.Run("compare and set", func(t *testing.T) { sessionsCAS(t, open(t)) })
	t.Run("erase", func(t *testing.T) { sessionsErase(t, open(t)) })
}

// newSession is a fresh session of chat.
func newSession(chat bot.Chat, lang string) bot.Session {
	return bot.NewSession(chat, lang, time.Date(2031, 3, 10, 2, 0, 0, 0, time.UTC))
}

// sessionsSave: what Save stores, Load returns, with the next version.
func sessionsSave(t *testing.T, st Sessions) {
	ctx := contractCtx(t)
	s := newSession(chatA, "ko")
	s.Dialog.Flow, s.Dialog.Answers = "eligibility", map[string]string{"age": "a14"}
	s.Remembered = map[string]string{"nationality": "foreign"}
	must(t, "Save", st.Save(ctx, &s))
	got, found, err := st.Load(ctx, chatA)
	if err != nil || !found || s.Version != 1 || got.Version != 1 || got.Lang != bot.Korean ||
		got.Dialog.Flow != "eligibility" || got.Dialog.Answers["age"] != "a14" || got.Chat != chatA ||
		got.Remembered["nationality"] != "foreign" {
		t.Fatalf("after Save (version %d): Load = %+v, %v, %v", s.Version, got, found, err)
	}
	if _, found, err := st.Load(ctx, chatB); err != nil || found {
		t.Fatalf("another chat: found=%v, %v", found, err)
	}
}

// sessionsCAS: a Save from a stale version, or as new over a stored
// session, is refused and changes nothing.
func sessionsCAS(t *testing.T, st Sessions) {
	ctx := contractCtx(t)
	s := newSession(chatA, "vi")
	must(t, "Save", st.Save(ctx, &s))
	stale := s
	s.Dialog.Flow = "menu"
	must(t, "second Save", st.Save(ctx, &s))
	stale.Dialog.Flow = "lost"
	if err := st.Save(ctx, &stale); !errors.Is(err, bot.ErrConflict) || stale.Version != 1 {
		t.Fatalf("stale Save = %v (version %d), want ErrConflict", err, stale.Version)
	}
	fresh := newSession(chatA, "vi")
	if err := st.Save(ctx, &fresh); !errors.Is(err, bot.ErrConflict) {
		t.Fatalf("Save as new over a stored session = %v, want ErrConflict", err)
	}
	if got, _, err := st.Load(ctx, chatA); err != nil || got.Version != 2 || got.Dialog.Flow != "menu" {
		t.Fatalf("a refused Save changed the record: %+v, %v", got.Dialog, err)
	}
}

// sessionsErase: Erase deletes one chat's session, after which it is new.
func sessionsErase(t *testing.T, st Sessions) {
	ctx := contractCtx(t)
	for _, c := range []bot.Chat{chatA, chatB} {
		s := newSession(c, "vi")
		must(t, "Save", st.Save(ctx, &s))
	}
	must(t, "Erase", st.Erase(ctx, chatA))
	if _, found, err := st.Load(ctx, chatA); err != nil || found {
		t.Fatalf("erased session: found=%v, %v", found, err)
	}
	if _, found, err := st.Load(ctx, chatB); err != nil || !found {
		t.Fatalf("another chat's session: found=%v, %v", found, err)
	}
	fresh := newSession(chatA, "vi")
	must(t, "Save as new after Erase", st.Save(ctx, &fresh))
}

// TestBlockList checks the contract of bot.BlockList.
func TestBlockList(t *testing.T, open func(t *testing.T) bot.BlockList) {
	st, ctx := open(t), contractCtx(t)
	check := func(chat bot.Chat, want bool) {
		t.Helper()
		if got, err := st.IsBlocked(ctx, chat); err != nil || got != want {
			t.Fatalf("IsBlocked(%s) = %v, %v; want %v", chat.Key(), got, err, want)
		}
	}
	check(chatA, false)
	must(t, "SetBlocked", st.SetBlocked(ctx, chatA, true))
	check(chatA, true)
	check(chatB, false)
	must(t, "SetBlocked again", st.SetBlocked(ctx, chatA, true))
	must(t, "unblock", st.SetBlocked(ctx, chatA, false))
	check(chatA, false)
}
