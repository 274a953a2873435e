package broadcast_test

import (
	"sync"
	"testing"
	"time"

	"github.com/eidbot/eidbot/internal/telegram/fakeapi"
)

// watcher is a broadcast.Observer that remembers what it was told.
type watcher struct {
	mu       sync.Mutex
	sends    map[string]int // "channel outcome"
	progress [][3]int       // running, recipients, handled of each round
}

func (w *watcher) ObserveCampaignSend(channel, outcome string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.sends[channel+" "+outcome]++
}

func (w *watcher) ObserveCampaigns(running, recipients, handled int) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.progress = append(w.progress, [3]int{running, recipients, handled})
}

// TestObserverSeesSendsAndProgress: every send is told with its channel
// and outcome, and each round tells the running campaigns' progress, up
// to all recipients handled and then none running.
func TestObserverSeesSendsAndProgress(t *testing.T) {
	e := newEnv(t, testLimits)
	e.api.FailNext("sendMessage", 1, fakeapi.Blocked().ForChat(3002))
	c := e.create("ward_1", time.Time{})
	w := &watcher{sends: map[string]int{}}
	stop := e.run(e.worker(workerOpts{name: "a", inFlight: 2, audience: people(3000, 5), observer: w}))
	e.waitFor(c.ID, "finished", finished)
	idle := func() bool {
		w.mu.Lock()
		defer w.mu.Unlock()
		return len(w.progress) > 0 && w.progress[len(w.progress)-1] == [3]int{}
	}
	if !eventually(patience, idle) {
		t.Error("no round after the campaign finished reported none running")
	}
	stop()
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.sends["tg sent"] != 4 || w.sends["tg blocked"] != 1 || len(w.sends) != 2 {
		t.Errorf("sends observed: %v", w.sends)
	}
	seen := false
	for _, p := range w.progress {
		if p[0] > 1 || p[1] > 5 || p[2] > p[1] {
			t.Fatalf("impossible progress %v", p)
		}
		seen = seen || p[0] == 1 && p[1] == 5
	}
	if !seen {
		t.Errorf("no round saw the campaign running with its 5 recipients: %v", w.progress)
	}
}
