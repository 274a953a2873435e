package broadcast_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/internal/broadcast"
	"github.com/eidbot/eidbot/internal/redisstore"
	"github.com/eidbot/eidbot/internal/telegram"
	"github.com/eidbot/eidbot/internal/telegram/fakeapi"
)

// Interface checks: the Redis store is what the Worker needs.
var (
	_ broadcast.Queue   = (*redisstore.Campaigns)(nil)
	_ broadcast.Limiter = (*redisstore.Limiter)(nil)
)

// testMargin lengthens the limiter's windows far beyond production's
// 40 ms: under the race detector, on two cores shared with other test
// binaries (load average 8 was seen), a request reached the fake Bot API
// more than 250 ms after its slot was reserved, and the fake judges
// receipt times.
const testMargin = 400 * time.Millisecond

// testLimits are Telegram's limits but for a global rate high enough that
// 10,000 recipients take seconds.
var testLimits = redisstore.Limits{Global: 400, Chat: 1, Group: 20, Margin: testMargin}

// TestTenThousandRecipients is the acceptance test: 10,000
// recipients (people and groups, some blocked, one migrated group), 429s
// injected, the worker killed mid-send five times and replaced; every
// reachable recipient gets the message, duplicates stay within the stated
// bound (InFlight per kill), and no limit is ever exceeded.
func TestTenThousandRecipients(t *testing.T) {
	if testing.Short() {
		t.Skip("about half a minute")
	}
	const inFlight, kills = 8, 5
	e := newEnv(t, testLimits)
	aud := append(people(1000, 9950), groups(100, 50)...)
	blocked := map[string]bool{}
	for i := int64(0); i < 20; i++ {
		id := 1000 + i*400
		blocked[itoa(id)] = true
		e.api.FailNext("sendMessage", 100, fakeapi.Blocked().ForChat(id))
	}
	const oldGroup, newGroup = -100, -1000000000100
	e.api.FailNext("sendMessage", 100, fakeapi.Migrated(newGroup).ForChat(oldGroup))
	c := e.create("ward_1", time.Time{})

	var killed [][2]time.Time // when each kill began and ended
	for k := 0; k <= kills; k++ {
		w := e.worker(workerOpts{name: "w" + itoa(int64(k)), inFlight: inFlight, audience: aud})
		stop := e.run(w)
		if k == kills {
			e.waitFor(c.ID, "finished", finished)
			e.checkFinalReport(t)
			stop()
			break
		}
		target := (k + 1) * 1500
		e.waitSent(target)
		if k%2 == 0 { // a 429 now and then, as Telegram's own flood control would answer
			e.api.FailNext("sendMessage", 1, fakeapi.TooManyRequests(1))
		}
		e.waitSent(target + 200)
		began := time.Now()
		stop() // mid-send: its in-flight requests are cancelled
		killed = append(killed, [2]time.Time{began, time.Now()})
	}

	got := e.delivered()
	dups := 0
	for _, r := range aud {
		id := r.Chat.ID
		switch {
		case blocked[id]:
			if got[id] != 0 || e.blocked[id] != 1 {
				t.Errorf("blocked chat %s: %d delivered, hook called %d times", id, got[id], e.blocked[id])
			}
			continue
		case id == itoa(oldGroup):
			id = itoa(newGroup)
		}
		if got[id] == 0 {
			t.Errorf("chat %s got nothing", id)
		}
		dups += max(0, got[id]-1)
	}
	if dups > kills*inFlight {
		t.Errorf("%d duplicates, more than %d kills × %d in flight", dups, kills, inFlight)
	}
	e.duplicatesOnlyAtKills(killed)
	t.Logf("%d duplicates after %d kills (bound %d)", dups, kills, kills*inFlight)
	if e.migrated[itoa(oldGroup)] != itoa(newGroup) {
		t.Errorf("migration hook: %v", e.migrated)
	}
	e.noViolations()
	final := e.waitFor(c.ID, "done", finished)
	p := final.Progress
	if final.Status != bot.CampaignDone || p.Total != 10000 || p.Sent != 10000-20 || p.Blocked != 20 || p.Failed != 0 || p.Remaining() != 0 {
		t.Errorf("final: %s %+v", final.Status, p)
	}
}

// duplicatesOnlyAtKills checks that every chat that got a message twice
// got the first copy while a send could have been in flight at a kill: at
// most half a lease (the send timeout) before the kill began, and up to a
// second after it ended: a request the killed worker had written reaches
// the fake's handler even though its client gave up. Everyone
// else got exactly one. (A send that times out is the other documented
// cause of a duplicate; the tests' lease is long enough that none does.)
func (e *env) duplicatesOnlyAtKills(killed [][2]time.Time) {
	e.t.Helper()
	first, count := map[string]time.Time{}, map[string]int{}
	for _, c := range e.api.CallsTo("sendMessage") {
		if id := c.ChatID(); c.Status == 200 && id != authorChat.ID {
			if count[id]++; count[id] == 1 {
				first[id] = c.Time
			}
		}
	}
	for id, n := range count {
		if n == 1 {
			continue
		}
		atKill := false
		for _, k := range killed {
			atKill = atKill || (!first[id].Before(k[0].Add(-testLease/2)) && !first[id].After(k[1].Add(time.Second)))
		}
		if !atKill {
			e.t.Errorf("chat %s got %d copies, the first at %s, not at a kill (kills began/ended %s)",
				id, n, first[id].Format("15:04:05.000"), fmtKills(killed))
		}
	}
}

func fmtKills(killed [][2]time.Time) string {
	var b strings.Builder
	for _, k := range killed {
		b.WriteString(" " + k[0].Format("15:04:05.000") + "/" + k[1].Format("05.000"))
	}
	return b.String()
}

// checkFinalReport waits for the final report to the author and expects
// exactly one.
func (e *env) checkFinalReport(t *testing.T) {
	t.Helper()
	count := func() int {
		n := 0
		for _, c := range e.api.CallsTo("sendMessage") {
			if c.ChatID() == authorChat.ID && c.Status == 200 && strings.HasPrefix(c.Params["text"], "final=true") {
				n++
			}
		}
		return n
	}
	eventually(fakeapi.WaitTimeout, func() bool { return count() > 0 })
	if n := count(); n != 1 {
		t.Errorf("%d final reports, want 1", n)
	}
}

// TestTwoProcesses: two Workers with their own Redis connections and
// Telegram clients share one campaign; each recipient gets it exactly
// once, and both did part of the work.
func TestTwoProcesses(t *testing.T) {
	e := newEnv(t, redisstore.Limits{Global: 300, Chat: 1, Group: 20, Margin: testMargin})
	aud := people(5000, 2000)
	c := e.create("ward_2", time.Time{})
	stopA := e.run(e.worker(workerOpts{name: "a", token: "1:a", audience: aud}))
	stopB := e.run(e.worker(workerOpts{name: "b", token: "1:b", audience: aud}))
	final := e.waitFor(c.ID, "finished", finished)
	e.checkFinalReport(t)
	stopA()
	stopB()
	got := e.delivered()
	for _, r := range aud {
		if got[r.Chat.ID] != 1 {
			t.Errorf("chat %s got %d messages", r.Chat.ID, got[r.Chat.ID])
		}
	}
	by := map[string]int{}
	for _, call := range e.api.CallsTo("sendMessage") {
		by[call.Token]++
	}
	if by["1:a"] == 0 || by["1:b"] == 0 {
		t.Errorf("sends by worker: %v", by)
	}
	if final.Progress.Sent != 2000 || final.Status != bot.CampaignDone {
		t.Errorf("final: %s %+v", final.Status, final.Progress)
	}
	e.noViolations()
}

// TestCancel: cancelling a running campaign stops it; the rest count as
// cancelled, and at most the sends in flight still go out.
func TestCancel(t *testing.T) {
	e := newEnv(t, redisstore.Limits{Global: 100, Chat: 1, Group: 20, Margin: testMargin})
	aud := people(20000, 1000)
	c := e.create("ward_3", time.Time{})
	const inFlight = 4
	stop := e.run(e.worker(workerOpts{name: "a", inFlight: inFlight, audience: aud}))
	defer stop()
	e.waitSent(100)
	cancelled, err := e.camps.Cancel(context.Background(), c.ID, "tg:43")
	if err != nil {
		t.Fatal(err)
	}
	atCancel := e.sentCount()
	final := e.waitFor(c.ID, "finished", finished)
	p := final.Progress
	if final.Status != bot.CampaignCancelled || final.Canceller != "tg:43" || cancelled.Status != bot.CampaignCancelled {
		t.Errorf("status %s by %s", final.Status, final.Canceller)
	}
	if p.Remaining() != 0 || p.Sent+p.Cancelled != 1000 || p.Cancelled < 1000-atCancel-inFlight {
		t.Errorf("progress %+v, %d sent when cancelled", p, atCancel)
	}
	e.checkFinalReport(t)
	if after := e.sentCount(); after > atCancel+inFlight || after != p.Sent {
		t.Errorf("%d sent after cancel at %d (progress says %d)", after, atCancel, p.Sent)
	}
	if _, err := e.camps.Cancel(context.Background(), c.ID, "tg:43"); err != nil {
		t.Errorf("cancelling again: %v", err)
	}
}

// TestSendAtRespected: a campaign due later waits while one due now goes
// out, and goes out once the (injected) clock reaches its time.
func TestSendAtRespected(t *testing.T) {
	e := newEnv(t, redisstore.Limits{Global: 200, Chat: 1, Group: 20, Margin: testMargin})
	t0 := time.Now()
	var clock clockwork
	clock.set(t0)
	later := e.create("ward_4", t0.Add(time.Hour))
	now := e.create("ward_4", time.Time{})
	stop := e.run(e.worker(workerOpts{name: "a", now: clock.now, audience: people(30000, 50)}))
	defer stop()
	e.waitFor(now.ID, "finished", finished)
	t.Logf("first done after %v", time.Since(t0))
	if c, found, err := e.camps.Get(context.Background(), later.ID); err != nil || !found || c.Status != bot.CampaignScheduled || c.Progress.Sent != 0 {
		t.Fatalf("the later campaign: %s %+v, %v, %v", c.Status, c.Progress, found, err)
	}
	clock.set(t0.Add(time.Hour))
	done := e.waitFor(later.ID, "finished", finished)
	t.Logf("second done after %v", time.Since(t0))
	if done.Progress.Sent != 50 || !done.Started.Equal(t0.Add(time.Hour).Truncate(time.Millisecond)) {
		t.Errorf("later campaign: %+v started %v", done.Progress, done.Started)
	}
	if got := e.delivered(); got["30000"] != 2 {
		t.Errorf("chat 30000 got %d messages, want one per campaign", got["30000"])
	}
	e.noViolations()
}

// TestGroupLimit: several campaigns to the same groups at once go through
// the per-group window (here 2 per 2 s, so the test is quick) without a
// violation.
func TestGroupLimit(t *testing.T) {
	e := newEnv(t, redisstore.Limits{Global: 100, Chat: 1, Group: 2, GroupWindow: 2 * time.Second, Margin: testMargin})
	aud := groups(500, 4)
	var ids []string
	for range 3 {
		ids = append(ids, e.create("ward_5", time.Time{}).ID)
	}
	stop := e.run(e.worker(workerOpts{name: "a", audience: aud}))
	defer stop()
	for _, id := range ids {
		e.waitFor(id, "finished", finished)
	}
	for _, r := range aud {
		if got := e.delivered()[r.Chat.ID]; got != 3 {
			t.Errorf("group %s got %d, want 3", r.Chat.ID, got)
		}
	}
	e.noViolations()
}

// TestFailures: a temporary failure is retried (later, at the end of the
// queue), one that lasts fails the recipient after MaxAttempts, and a 400
// fails it at once.
func TestFailures(t *testing.T) {
	e := newEnv(t, redisstore.Limits{Global: 100, Chat: 1, Group: 20, Margin: testMargin})
	aud := people(40000, 20)
	const flaky, broken, refused = 40001, 40002, 40003
	e.api.FailNext("sendMessage", 2, fakeapi.ServerError().ForChat(flaky))
	e.api.FailNext("sendMessage", 100, fakeapi.ServerError().ForChat(broken))
	e.api.FailNext("sendMessage", 100, fakeapi.BadRequest("chat not found").ForChat(refused))
	c := e.create("ward_6", time.Time{})
	stop := e.run(e.worker(workerOpts{name: "a", audience: aud}))
	defer stop()
	final := e.waitFor(c.ID, "finished", finished)
	if p := final.Progress; p.Sent != 18 || p.Failed != 2 || final.Status != bot.CampaignDone {
		t.Errorf("final: %s %+v", final.Status, p)
	}
	attempts := map[string]int{}
	for _, call := range e.api.CallsTo("sendMessage") {
		attempts[call.ChatID()]++
	}
	if attempts[itoa(flaky)] != 3 || attempts[itoa(broken)] != 3 || attempts[itoa(refused)] != 1 {
		t.Errorf("attempts: flaky %d, broken %d (MaxAttempts 3), refused %d", attempts[itoa(flaky)], attempts[itoa(broken)], attempts[itoa(refused)])
	}
	if got := e.delivered(); got[itoa(flaky)] != 1 || got[itoa(broken)] != 0 {
		t.Errorf("delivered: flaky %d, broken %d", got[itoa(flaky)], got[itoa(broken)])
	}
	e.noViolations()
}

// gate holds every Send until release is closed, and tells started of each.
type gate struct {
	bot.Sender
	started chan struct{}
	release chan struct{}
}

func (g gate) Send(ctx context.Context, r bot.Reply) (bot.Sent, error) {
	g.started <- struct{}{}
	<-g.release
	return g.Sender.Send(ctx, r)
}

// TestGracefulStopFinishesSends: a Worker stopped (a planned restart)
// while sends are in flight finishes them within its drain period and
// records them, so the Worker that takes over sends nobody a second copy.
// Without the drain those recipients would be sent again after the lease.
func TestGracefulStopFinishesSends(t *testing.T) {
	e := newEnv(t, redisstore.Limits{Global: 200, Chat: 1, Group: 20, Margin: testMargin})
	aud := people(30000, 40)
	c := e.create("ward_4", time.Time{})
	tg, err := telegram.New(context.Background(), telegram.Config{Token: "1:gate", APIURL: e.api.URL(), FloodWaits: -1, Attempts: 1})
	if err != nil {
		t.Fatal(err)
	}
	const inFlight = 4
	g := gate{Sender: tg, started: make(chan struct{}, 100), release: make(chan struct{})}
	w := e.worker(workerOpts{name: "old", inFlight: inFlight, audience: aud, sender: g, drain: 10 * time.Second})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx) }()
	for range inFlight {
		receive(t, g.started, "a send to start") // every sender goroutine is now mid-send
	}
	cancel()
	close(g.release)
	if err := receive(t, done, "the stopped Worker to drain"); err != nil {
		t.Fatalf("Run: %v", err)
	}
	if n := e.sentCount(); n != inFlight {
		t.Fatalf("%d messages sent by the stopped worker, want %d", n, inFlight)
	}
	stop := e.run(e.worker(workerOpts{name: "new", audience: aud}))
	defer stop()
	e.waitFor(c.ID, "finished", finished)
	for id, n := range e.delivered() {
		if n != 1 {
			t.Errorf("chat %s got %d messages", id, n)
		}
	}
	if got := len(e.delivered()); got != len(aud) {
		t.Errorf("%d of %d recipients got the message", got, len(aud))
	}
}
