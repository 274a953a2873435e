package broadcast_test

import (
	"testing"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/internal/redisstore"
	"github.com/eidbot/eidbot/internal/redistest"
)

// TestCampaignAcrossFailoverOnCluster and TestCampaignAcrossFailoverOnSentinel
// deliver a campaign to 2,000 people with two Workers (two bot processes,
// each with its own Redis connection and Telegram client), and kill the
// master that holds the campaign's slot ({cp:<id>}) once about a third
// of it is sent. They check the README's delivery guarantee across a
// failover: nobody is lost, and a second copy goes only to recipients
// whose send was in flight when the master died — at most InFlight per
// Worker, since a failover cuts every Worker off from Redis at once.
func TestCampaignAcrossFailoverOnCluster(t *testing.T) {
	c := redistest.StartCluster(t)
	campaignAcrossFailover(t, c.Endpoint(t), func(id string) func() time.Duration {
		m := c.MasterFor("eid:{cp:" + id + "}:c")
		m.Kill()
		return func() time.Duration { return c.WaitFailover(m) }
	})
}

func TestCampaignAcrossFailoverOnSentinel(t *testing.T) {
	s := redistest.StartSentinel(t)
	campaignAcrossFailover(t, s.Endpoint(t), func(string) func() time.Duration {
		m := s.Master()
		m.Kill()
		return func() time.Duration { return s.WaitFailover(m) }
	})
}

// campaignAcrossFailover runs the campaign on srv; kill kills the master
// of the campaign's slot and returns a func that waits for the failover
// and says how long it took.
func campaignAcrossFailover(t *testing.T, srv *redistest.Server, kill func(campaign string) func() time.Duration) {
	const recipients, workers, inFlight, killAt = 2000, 2, 8, 700
	e := newEnvOn(t, redisstore.Limits{Global: 300, Chat: 1, Group: 20, Margin: testMargin}, srv)
	aud := people(70000, recipients)
	start := time.Now()
	c := e.create("ward_failover", time.Time{})
	stopA := e.run(e.worker(workerOpts{name: "a", token: "1:a", inFlight: inFlight, audience: aud}))
	stopB := e.run(e.worker(workerOpts{name: "b", token: "1:b", inFlight: inFlight, audience: aud}))

	e.waitSent(killAt)
	began := time.Now()
	took := kill(c.ID)()
	ended := time.Now()

	final := e.waitFor(c.ID, "finished", finished)
	elapsed := time.Since(start)
	stopA()
	stopB()

	got := e.delivered()
	lost, dups := 0, 0
	for _, r := range aud {
		if got[r.Chat.ID] == 0 {
			lost++
		}
		dups += max(0, got[r.Chat.ID]-1)
	}
	if lost > 0 {
		t.Errorf("%d of %d recipients got nothing", lost, recipients)
	}
	if dups > workers*inFlight {
		t.Errorf("%d duplicates, more than %d workers × %d in flight", dups, workers, inFlight)
	}
	e.duplicatesOnlyAtKills([][2]time.Time{{began, ended}})
	by := map[string]int{}
	for _, call := range e.api.CallsTo("sendMessage") {
		by[call.Token]++
	}
	if by["1:a"] == 0 || by["1:b"] == 0 {
		t.Errorf("sends by worker: %v", by)
	}
	if p := final.Progress; final.Status != bot.CampaignDone || p.Total != recipients || p.Sent != recipients || p.Remaining() != 0 {
		t.Errorf("final: %s %+v", final.Status, p)
	}
	// Rate-limiter reservations are not waited for (README, "what can
	// still be lost"): a failover may let a few sends exceed the pace,
	// which the fake then refuses with a 429 and the Worker queues again.
	t.Logf("%s: %d recipients, %d workers × %d in flight: %d lost, %d duplicates (bound %d); failover took %v; "+
		"campaign done in %v; %d sends refused for the rate", srv.Mode(), recipients, workers, inFlight, lost, dups,
		workers*inFlight, took.Round(time.Millisecond), elapsed.Round(100*time.Millisecond), len(e.api.Violations()))
}
