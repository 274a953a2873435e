package bot_test

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/bot/bottest"
)

// freezingSender stands for a process that dies right after the platform
// took a reply: at its crashAt-th send it records the reply as delivered,
// then never returns (until thaw), so nothing after the send runs.
type freezingSender struct {
	mu      sync.Mutex
	sent    []bot.Reply
	crashAt int
	frozen  chan struct{}
	thaw    chan struct{}
}

func (s *freezingSender) Send(_ context.Context, r bot.Reply) (bot.Sent, error) {
	s.mu.Lock()
	s.sent = append(s.sent, r)
	n := len(s.sent)
	s.mu.Unlock()
	if n == s.crashAt {
		close(s.frozen)
		<-s.thaw
		return bot.Sent{}, errors.New("the process is gone")
	}
	return bot.Sent{MessageID: n}, nil
}

// engineOn builds an engine on the test flows with the given store and
// sender, as another process sharing the store would.
func engineOn(t *testing.T, store *bottest.Store, sender bot.Sender, max int) *bot.Engine {
	t.Helper()
	e, err := bot.NewEngine(bot.Config{
		Flows: testFlows(t), Translator: bottest.Translator{}, Sessions: store, Journal: store,
		Sender: sender, Erasers: []bot.Eraser{store}, BotUsername: "eidbot", Now: func() time.Time { return t0 },
		MaxDeliveries: max,
	})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// TestCrashRepeatsAtMostTheReplyInFlight: a press whose turn is an answer,
// an edit and a message; the process dies as the platform takes the
// message. When the claim has expired and the platform redelivers the
// update to another process, only the message in flight is sent again:
// the edit before it was recorded before the message went out.
func TestCrashRepeatsAtMostTheReplyInFlight(t *testing.T) {
	store := bottest.NewStore()
	first := &freezingSender{crashAt: 3, frozen: make(chan struct{}), thaw: make(chan struct{})}
	a := engineOn(t, store, first, 0)
	handle(t, a, cmd("start", "check"))
	first.mu.Lock()
	first.sent = nil
	first.mu.Unlock()
	u := press("a|eligibility|nationality|citizen", 7)
	done := make(chan error, 1)
	go func() { done <- a.Handle(ctx, u) }()
	<-first.frozen
	defer func() { close(first.thaw); <-done }()

	// The dead process's claim expires; the platform redelivers.
	if err := store.Release(ctx, private, u.ID); err != nil {
		t.Fatal(err)
	}
	second := &bottest.Sender{}
	handle(t, engineOn(t, store, second, 0), u)

	first.mu.Lock()
	before := kinds(first.sent)
	first.mu.Unlock()
	if before != "answer edit text" {
		t.Fatalf("before the crash the platform took %s", before)
	}
	if again := kinds(second.Replies()); again != "text" {
		t.Fatalf("after the crash the redelivery sent %q again; want only the reply in flight, \"text\"", again)
	}
}

// concurrentSender counts the sends in progress at once.
type concurrentSender struct {
	now, most atomic.Int32
	release   chan struct{}
	entered   chan struct{}
}

func (s *concurrentSender) Send(context.Context, bot.Reply) (bot.Sent, error) {
	n := s.now.Add(1)
	defer s.now.Add(-1)
	for {
		m := s.most.Load()
		if n <= m || s.most.CompareAndSwap(m, n) {
			break
		}
	}
	s.entered <- struct{}{}
	<-s.release
	return bot.Sent{}, nil
}

// TestDeliveriesInFlightAreBounded: however many updates arrive at once,
// at most MaxDeliveries deliver at a time — the window a crash can repeat.
// The sends are let go one at a time, each after the sends in progress
// are counted, so the others have every chance to crowd in.
func TestDeliveriesInFlightAreBounded(t *testing.T) {
	const max, updates = 3, 12
	sender := &concurrentSender{release: make(chan struct{}), entered: make(chan struct{}, updates)}
	e := engineOn(t, bottest.NewStore(), sender, max)
	var wg sync.WaitGroup
	for i := range updates {
		u := cmd("start", "")
		u.ID = fmt.Sprintf("u%d", i)
		u.Chat = bot.Chat{Channel: "tg", ID: fmt.Sprint(1000 + i), Kind: bot.ChatPrivate}
		wg.Go(func() {
			if err := e.Handle(ctx, u); err != nil {
				t.Error(err)
			}
		})
	}
	go func() { wg.Wait(); close(sender.entered) }()
	for range sender.entered {
		runtime.Gosched()
		sender.release <- struct{}{}
	}
	if most := sender.most.Load(); most > max || most == 0 {
		t.Fatalf("%d updates delivered at once, want at most %d", most, max)
	}
}
