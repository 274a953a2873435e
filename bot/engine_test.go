package bot_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/eidbot/eidbot/bot"
)

var ctx = context.Background()

func TestDuplicateUpdateIsHandledOnce(t *testing.T) {
	e, _, sender := newTestEngine(t)
	u := cmd("start", "")
	for range 3 {
		if err := e.Handle(ctx, u); err != nil {
			t.Fatal(err)
		}
	}
	if n := len(sender.replies()); n != 1 {
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
	if n := len(sender.replies()); n != 1 {
		t.Fatalf("sent %d replies, want 1 (results %v)", n, results)
	}
	for res := range results {
		if res != "<nil>" && res != bot.ErrBusy.Error() {
			t.Fatalf("unexpected result %q", res)
		}
	}
}

func TestFailedDeliveryIsRetriedWithoutSteppingAgain(t *testing.T) {
	e, sessions, sender := newTestEngine(t)
	if err := e.Handle(ctx, cmd("start", "check")); err != nil {
		t.Fatal(err)
	}
	sender.sent = nil
	down := errors.New("network down")
	sender.fail = func(n int, r bot.Reply) error {
		if r.Kind == bot.ReplyText {
			return down
		}
		return nil
	}
	u := press("a|eligibility|nationality|citizen", 7)
	if err := e.Handle(ctx, u); !errors.Is(err, down) {
		t.Fatalf("Handle = %v, want the send error", err)
	}
	if got := kinds(sender.replies()); got != "answer edit" {
		t.Fatalf("sent before failure: %s", got)
	}
	s, _, _ := sessions.Load(ctx, private)
	pending, sent, _ := sessions.Pending(ctx, private, u.ID)
	if len(pending) != 3 || sent != 2 || s.Dialog.Step != "age" {
		t.Fatalf("after failure: %d replies, %d sent, step %q", len(pending), sent, s.Dialog.Step)
	}
	// Telegram retries: the stored reply is delivered, the step not repeated.
	sender.fail = nil
	if err := e.Handle(ctx, u); err != nil {
		t.Fatal(err)
	}
	if got := kinds(sender.replies()); got != "answer edit text" {
		t.Fatalf("sent after retry: %s", got)
	}
	s, _, _ = sessions.Load(ctx, private)
	pending, _, _ = sessions.Pending(ctx, private, u.ID)
	if len(pending) != 0 || s.Dialog.Step != "age" || len(s.Dialog.History) != 1 {
		t.Fatalf("after retry: pending %d, step %q, history %v", len(pending), s.Dialog.Step, s.Dialog.History)
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

type blockRecorder struct {
	mu  sync.Mutex
	got map[string]bool
}

func (b *blockRecorder) SetBlocked(_ context.Context, chat bot.Chat, blocked bool) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.got[chat.Key()] = blocked
	return nil
}

func (b *blockRecorder) IsBlocked(_ context.Context, chat bot.Chat) (bool, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.got[chat.Key()], nil
}

func TestBlockedChatDropsReplies(t *testing.T) {
	sessions, blocks := newMemSessions(), &blockRecorder{got: map[string]bool{}}
	journal := newMemJournal(sessions)
	sender := &recSender{fail: func(int, bot.Reply) error { return fmt.Errorf("403: %w", bot.ErrBlocked) }}
	e, _ := bot.NewEngine(bot.Config{Flows: testFlows(t), Translator: idTranslator{}, Sessions: sessions,
		Journal: journal, Sender: sender, Blocks: blocks})
	u := cmd("start", "")
	if err := e.Handle(ctx, u); err != nil {
		t.Fatalf("a blocked chat is not an error to retry: %v", err)
	}
	s, _, _ := sessions.Load(ctx, private)
	pending, _, _ := journal.Pending(ctx, private, u.ID)
	if !s.Blocked || len(pending) != 0 || !blocks.got[private.Key()] {
		t.Fatalf("blocked %v pending %d recorded %v", s.Blocked, len(pending), blocks.got)
	}
}

func TestRejectedReplyDoesNotStopDelivery(t *testing.T) {
	e, _, sender := newTestEngine(t)
	_ = e.Handle(ctx, cmd("start", "check"))
	sender.sent = nil
	sender.fail = func(_ int, r bot.Reply) error {
		if r.Kind == bot.ReplyAnswer {
			return fmt.Errorf("query too old: %w", bot.ErrRejected)
		}
		return nil
	}
	if err := e.Handle(ctx, press("a|eligibility|nationality|citizen", 7)); err != nil {
		t.Fatal(err)
	}
	if got := kinds(sender.replies()); got != "edit text" {
		t.Fatalf("sent %s", got)
	}
}

func TestConflictRerunsStep(t *testing.T) {
	e, sessions, sender := newTestEngine(t)
	_ = e.Handle(ctx, cmd("start", "check"))
	once := true
	sessions.beforeSave = func(*bot.Session) {
		if !once {
			return
		}
		once = false
		// Another worker moves the chat on between our load and save.
		s, _, _ := sessions.Load(ctx, private)
		s.Dialog.Answers = map[string]string{"other": "worker"}
		sessions.mu.Lock()
		s.Version++
		sessions.data[private.Key()] = s
		sessions.mu.Unlock()
	}
	if err := e.Handle(ctx, press("a|eligibility|nationality|foreigner", 3)); err != nil {
		t.Fatal(err)
	}
	s, _, _ := sessions.Load(ctx, private)
	if s.Dialog.Answers["other"] != "worker" || s.Dialog.Answers["nationality"] != "foreigner" {
		t.Fatalf("step not rerun on the newer session: %v", s.Dialog.Answers)
	}
	if n := len(sender.replies()); n != 4 { // start + answer, edit, text
		t.Fatalf("sent %d replies", n)
	}
}

func TestForgetErasesAndKeepsIdempotency(t *testing.T) {
	e, sessions, _ := newTestEngine(t)
	_ = e.Handle(ctx, cmd("start", "check"))
	_ = e.Handle(ctx, press("a|eligibility|nationality|citizen", 1))
	_ = e.Handle(ctx, press("a|eligibility|age|u14", 2))
	u := press("f|y", 3)
	if err := e.Handle(ctx, u); err != nil {
		t.Fatal(err)
	}
	s, found, _ := sessions.Load(ctx, private)
	if !found || s.Case.Outcome != "" || s.Dialog.Answers != nil || !s.HasApplied(u.ID) {
		t.Fatalf("after forget: %+v", s)
	}
}

func TestChatlessPressIsAnswered(t *testing.T) {
	e, sessions, sender := newTestEngine(t)
	u := press("anything", 0)
	u.Chat = bot.Chat{}
	if err := e.Handle(ctx, u); err != nil {
		t.Fatal(err)
	}
	if got := kinds(sender.replies()); got != "answer" {
		t.Fatalf("sent %s", got)
	}
	if len(sessions.data) != 0 {
		t.Fatal("a chatless press must not store anything")
	}
}

func TestIgnoredUpdateStoresNothing(t *testing.T) {
	e, sessions, sender := newTestEngine(t)
	if err := e.Handle(ctx, bot.Update{ID: "5", Kind: bot.UpdateIgnored, Chat: private}); err != nil {
		t.Fatal(err)
	}
	if len(sessions.data) != 0 || len(sender.replies()) != 0 {
		t.Fatal("ignored update had effects")
	}
}

// TestStaleCacheFallsBack: when another process changed the session, the
// cached copy loses the compare-and-set and the update is stepped on the
// stored session instead.
func TestStaleCacheFallsBack(t *testing.T) {
	e, journal, sender := newTestEngine(t)
	_ = e.Handle(ctx, cmd("start", "check"))
	// Another process answers the first question meanwhile.
	s, _, _ := journal.Load(ctx, private)
	s.Dialog.Step, s.Dialog.Answers = "age", map[string]string{"nationality": "citizen"}
	if err := journal.Save(ctx, &s); err != nil {
		t.Fatal(err)
	}
	sender.sent = nil
	// Our cache still says "nationality": this press is stale for the stored session.
	if err := e.Handle(ctx, press("a|eligibility|nationality|foreigner", 3)); err != nil {
		t.Fatal(err)
	}
	got, _, _ := journal.Load(ctx, private)
	if got.Dialog.Answers["nationality"] != "citizen" || got.Dialog.Step != "age" {
		t.Fatalf("the stale cache overwrote the stored session: %+v", got.Dialog)
	}
	if r := sender.replies(); len(r) == 0 || r[0].Text != "vi:stale.toast" {
		t.Fatalf("replies %+v", r)
	}
}
