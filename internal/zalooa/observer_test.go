package zalooa_test

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/internal/zalooa"
)

// tally is a zalooa.RefusalObserver and bot.CallObserver that counts what
// it was told.
type tally struct {
	mu      sync.Mutex
	refused map[string]int // reason → messages
	calls   map[string]int // "channel op result" → tries
}

func newTally() *tally { return &tally{refused: map[string]int{}, calls: map[string]int{}} }

func (c *tally) ObserveRefusal(reason string, n int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.refused[reason] += n
}

func (c *tally) ObserveCall(channel, method, result string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.calls[channel+" "+method+" "+result]++
}

// TestRefusalsAreObserved: the messages the reply window cuts from a
// turn, a reply after the window's eight, and a proactive message with
// no window and no quota are counted by reason; API tries by result.
func TestRefusalsAreObserved(t *testing.T) {
	obs := newTally()
	r := newRig(t, func(c *zalooa.Config, s *zalooa.SenderConfig) { c.Calls, s.Refusals = obs, obs })
	ctx := context.Background()
	if _, err := r.sender.SendProactive(ctx, chat("85"), "", []bot.Reply{textReply("85", "Nhắc lịch hẹn")}); !errors.Is(err, zalooa.ErrOutsideWindow) {
		t.Fatalf("no window, no quota: %v", err)
	}
	r.userWrites("84", "m1")
	for range 2 {
		if err := r.sender.SendTurn(ctx, chat("84"), "", longTurn("84", 5)); err != nil {
			t.Fatal(err)
		}
	}
	if err := r.sender.SendTurn(ctx, chat("84"), "", []bot.Reply{textReply("84", "one more")}); !errors.Is(err, zalooa.ErrOutsideWindow) {
		t.Fatalf("a 9th reply: %v", err)
	}
	// 5 + 5 messages wanted, 8 allowed (the 8th ends with the "more" line):
	// 2 cut, then 1 refused outright.
	if obs.refused["window"] != 3 || obs.refused["quota"] != 1 || len(obs.refused) != 2 {
		t.Errorf("refusals observed: %v", obs.refused)
	}
	if n := obs.calls["zo send ok"]; n != zalooa.RepliesPerWindow || len(obs.calls) > 2 {
		t.Errorf("calls observed: %v", obs.calls)
	}
}
