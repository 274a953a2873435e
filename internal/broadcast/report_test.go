package broadcast_test

import (
	"context"
	"testing"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/internal/redisstore"
	"github.com/eidbot/eidbot/internal/telegram"
)

// noIDs is a channel that reports no message ids, as the Zalo Bot
// Platform's hexadecimal ones do not fit bot.Sent: its messages cannot be
// edited.
type noIDs struct{ tg *telegram.Client }

func (s noIDs) Send(ctx context.Context, r bot.Reply) (bot.Sent, error) {
	_, err := s.tg.Send(ctx, r)
	return bot.Sent{}, err
}

// TestReportsWithoutEdits: an author whose channel cannot edit a message
// gets one progress report and the final one, not a new message every
// ReportEvery.
func TestReportsWithoutEdits(t *testing.T) {
	e := newEnv(t, redisstore.Limits{Global: 5, Chat: 1, Group: 20, Margin: testMargin})
	tg, err := telegram.New(context.Background(), telegram.Config{Token: "1:test", APIURL: e.api.URL(), FloodWaits: -1, Attempts: 1})
	if err != nil {
		t.Fatal(err)
	}
	c := e.create("ward_1", time.Time{})
	stop := e.run(e.worker(workerOpts{name: "w", audience: people(5000, 20), sender: noIDs{tg}}))
	defer stop()
	e.waitFor(c.ID, "finished", finished)
	e.checkFinalReport(t)
	reports := 0
	for _, call := range e.api.Calls() {
		switch {
		case call.Method == "editMessageText":
			t.Errorf("a report was edited: %+v", call.Params)
		case call.Method == "sendMessage" && call.ChatID() == authorChat.ID:
			reports++
		}
	}
	if reports != 2 {
		t.Errorf("%d reports, want the first progress report and the final one", reports)
	}
}
