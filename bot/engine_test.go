package bot_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/bot/bottest"
)

var ctx = context.Background()

// handle runs updates through e, failing the test on an error.
func handle(t *testing.T, e *bot.Engine, us ...bot.Update) {
	t.Helper()
	for _, u := range us {
		if err := e.Handle(ctx, u); err != nil {
			t.Fatalf("Handle %s: %v", u.ID, err)
		}
	}
}

// load reads the chat's session, failing the test on an error.
func load(t *testing.T, st bot.SessionStore, chat bot.Chat) (bot.Session, bool) {
	t.Helper()
	s, found, err := st.Load(ctx, chat)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return s, found
}

// pending reads an update's outbox, failing the test on an error.
func pending(t *testing.T, j bot.Journal, id string) ([]bot.Reply, int) {
	t.Helper()
	rs, sent, err := j.Pending(ctx, private, id)
	if err != nil {
		t.Fatalf("Pending: %v", err)
	}
	return rs, sent
}

func TestDuplicateUpdateIsHandledOnce(t *testing.T) {
	e, _, sender := newTestEngine(t)
	u := cmd("start", "")
	handle(t, e, u, u, u)
	if n := len(sender.Replies()); n != 1 {
		t.Fatalf("sent %d replies, want 1", n)
	}
}

func TestConcurrentDuplicatesSendOnce(t *testing.T) {
	e, _, sender := newTestEngine(t)
	u := cmd("start", "")
	var wg sync.WaitGroup
	var mu sync.Mutex
	results := map[string]int{}
	for range 20 {
		wg.Go(func() {
			err := e.Handle(ctx, u)
			mu.Lock()
			defer mu.Unlock()
			results[fmt.Sprint(err)]++
		})
	}
	wg.Wait()
	if n := len(sender.Replies()); n != 1 {
		t.Fatalf("sent %d replies, want 1 (results %v)", n, results)
	}
	for res := range results {
		if res != "<nil>" && res != bot.ErrBusy.Error() {
			t.Fatalf("unexpected result %q", res)
		}
	}
}

func TestFailedDeliveryIsRetriedWithoutSteppingAgain(t *testing.T) {
	e, store, sender := newTestEngine(t)
	handle(t, e, cmd("start", "check"))
	sender.Reset()
	down := errors.New("network down")
	sender.Fail(func(n int, r bot.Reply) error {
		if r.Kind == bot.ReplyText {
			return down
		}
		return nil
	})
	u := press("a|eligibility|nationality|citizen", 7)
	if err := e.Handle(ctx, u); !errors.Is(err, down) {
		t.Fatalf("Handle = %v, want the send error", err)
	}
	if got := kinds(sender.Replies()); got != "answer edit" {
		t.Fatalf("sent before failure: %s", got)
	}
	s, _ := load(t, store, private)
	replies, sent := pending(t, store, u.ID)
	if len(replies) != 3 || sent != 2 || s.Dialog.Step != "age" {
		t.Fatalf("after failure: %d replies, %d sent, step %q", len(replies), sent, s.Dialog.Step)
	}
	// Telegram retries: the stored reply is delivered, the step not repeated.
	sender.Fail(nil)
	handle(t, e, u)
	if got := kinds(sender.Replies()); got != "answer edit text" {
		t.Fatalf("sent after retry: %s", got)
	}
	s, _ = load(t, store, private)
	replies, _ = pending(t, store, u.ID)
	if len(replies) != 0 || s.Dialog.Step != "age" || len(s.Dialog.History) != 1 {
		t.Fatalf("after retry: pending %d, step %q, history %v", len(replies), s.Dialog.Step, s.Dialog.History)
	}
}

func kinds(rs []bot.Reply) string {
	var out string
	for i, r := range rs {
		if i > 0 {
			out += " "
		}
		out += string(r.Kind)
	}
	return out
}

func TestBlockedChatDropsReplies(t *testing.T) {
	store := bottest.NewStore()
	sender := &bottest.Sender{}
	sender.Fail(func(int, bot.Reply) error { return fmt.Errorf("403: %w", bot.ErrBlocked) })
	e, err := bot.NewEngine(bot.Config{Flows: testFlows(t), Translator: bottest.Translator{}, Sessions: store,
		Journal: store, Sender: sender, Blocks: store})
	if err != nil {
		t.Fatal(err)
	}
	u := cmd("start", "")
	if err := e.Handle(ctx, u); err != nil {
		t.Fatalf("a blocked chat is not an error to retry: %v", err)
	}
	s, _ := load(t, store, private)
	replies, _ := pending(t, store, u.ID)
	blocked, err := store.IsBlocked(ctx, private)
	if err != nil || !s.Blocked || len(replies) != 0 || !blocked {
		t.Fatalf("blocked %v pending %d recorded %v (%v)", s.Blocked, len(replies), blocked, err)
	}
}

func TestRejectedReplyDoesNotStopDelivery(t *testing.T) {
	e, _, sender := newTestEngine(t)
	handle(t, e, cmd("start", "check"))
	sender.Reset()
	sender.Fail(func(_ int, r bot.Reply) error {
		if r.Kind == bot.ReplyAnswer {
			return fmt.Errorf("query too old: %w", bot.ErrRejected)
		}
		return nil
	})
	handle(t, e, press("a|eligibility|nationality|citizen", 7))
	if got := kinds(sender.Replies()); got != "edit text" {
		t.Fatalf("sent %s", got)
	}
}

func TestConflictRerunsStep(t *testing.T) {
	e, store, sender := newTestEngine(t)
	handle(t, e, cmd("start", "check"))
	once := true
	store.BeforeSave(func(*bot.Session) {
		if !once {
			return
		}
		once = false
		// Another worker moves the chat on between our load and save.
		s, _ := load(t, store, private)
		s.Dialog.Answers = map[string]string{"other": "worker"}
		if err := store.Save(ctx, &s); err != nil {
			t.Errorf("the other worker's Save: %v", err)
		}
	})
	handle(t, e, press("a|eligibility|nationality|foreigner", 3))
	s, _ := load(t, store, private)
	if s.Dialog.Answers["other"] != "worker" || s.Remembered["nationality"] != "foreigner" {
		t.Fatalf("step not rerun on the newer session: %v %v", s.Dialog.Answers, s.Remembered)
	}
	if n := len(sender.Replies()); n != 5 { // welcome, question + answer, edit, text
		t.Fatalf("sent %d replies", n)
	}
}

func TestForgetErasesAndKeepsIdempotency(t *testing.T) {
	e, store, _ := newTestEngine(t)
	u := press("f|y", 3)
	handle(t, e, cmd("start", "check"), press("a|eligibility|nationality|citizen", 1), press("a|eligibility|age|u14", 2), u)
	s, found := load(t, store, private)
	if !found || s.Case.Outcome != "" || s.Dialog.Answers != nil || !s.HasApplied(u.ID) {
		t.Fatalf("after forget: %+v", s)
	}
}

func TestChatlessPressIsAnswered(t *testing.T) {
	e, store, sender := newTestEngine(t)
	u := press("anything", 0)
	u.Chat = bot.Chat{}
	handle(t, e, u)
	if got := kinds(sender.Replies()); got != "answer" {
		t.Fatalf("sent %s", got)
	}
	if store.Len() != 0 {
		t.Fatal("a chatless press must not store anything")
	}
}

func TestIgnoredUpdateStoresNothing(t *testing.T) {
	e, store, sender := newTestEngine(t)
	handle(t, e, bot.Update{ID: "5", Kind: bot.UpdateIgnored, Chat: private})
	if store.Len() != 0 || len(sender.Replies()) != 0 {
		t.Fatal("ignored update had effects")
	}
}

// TestStaleCacheFallsBack: when another process changed the session, the
// cached copy loses the compare-and-set and the update is stepped on the
// stored session instead.
func TestStaleCacheFallsBack(t *testing.T) {
	e, store, sender := newTestEngine(t)
	handle(t, e, cmd("start", "check"))
	// Another process answers the first question meanwhile.
	s, _ := load(t, store, private)
	s.Dialog.Step, s.Dialog.Answers = "age", map[string]string{"nationality": "citizen"}
	if err := store.Save(ctx, &s); err != nil {
		t.Fatal(err)
	}
	sender.Reset()
	// Our cache still says "nationality": this press is stale for the stored session.
	handle(t, e, press("a|eligibility|nationality|foreigner", 3))
	got, _ := load(t, store, private)
	if got.Dialog.Answers["nationality"] != "citizen" || got.Dialog.Step != "age" {
		t.Fatalf("the stale cache overwrote the stored session: %+v", got.Dialog)
	}
	if r := sender.Replies(); len(r) == 0 || r[0].Text != "vi:stale.toast" {
		t.Fatalf("replies %+v", r)
	}
}
