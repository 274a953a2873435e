package main

import (
	"context"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/internal/redisstore"
	"github.com/eidbot/eidbot/internal/redistest"
)

// deployment is a Redis deployment a failover test can break: kill the
// master that holds the booking slot ({bk}) and wait for a replica to take
// over.
type deployment interface {
	Endpoint(testing.TB) *redistest.Server
	// killBookingMaster kills the master of the {bk} slot and returns a
	// func that waits for the failover and says how long it took.
	killBookingMaster() func() time.Duration
}

type clusterDeployment struct{ *redistest.Cluster }

func (c clusterDeployment) killBookingMaster() func() time.Duration {
	m := c.MasterFor("eid:{bk}:x")
	m.Kill()
	return func() time.Duration { return c.WaitFailover(m) }
}

type sentinelDeployment struct{ *redistest.Sentinel }

func (s sentinelDeployment) killBookingMaster() func() time.Duration {
	m := s.Master()
	m.Kill()
	return func() time.Duration { return s.WaitFailover(m) }
}

// TestFailoverUnderLoadOnCluster and TestFailoverUnderLoadOnSentinel run two
// bot replicas on one Redis deployment and deliver a stream of updates to
// a random replica each (a quarter of them twice, as Telegram's retries
// do), while the master holding the booking slot is killed. People are
// booking at the same moment: more of them than the slot has seats.
//
// They check what the README promises: the webhook answers only 200 or 5xx,
// and 5xx only while the failover lasts (and a moment after it, while the
// clients learn the new master); every update is then processed once (a
// reply goes out a second time only for an update whose delivery got a 5xx
// after its replies were sent, which Telegram offers no way to avoid);
// exactly as many bookings are confirmed as the slot has seats, each is
// stored, and the booking store's invariants hold.
func TestFailoverUnderLoadOnCluster(t *testing.T) {
	failoverUnderLoad(t, clusterDeployment{redistest.StartCluster(t)})
}

func TestFailoverUnderLoadOnSentinel(t *testing.T) {
	failoverUnderLoad(t, sentinelDeployment{redistest.StartSentinel(t)})
}

// delivery is one update, and what happened to it.
type delivery struct {
	body  []byte
	chat  int64
	twice bool // delivered a second time at once, to the other replica
	bad   atomic.Int32
}

// loadLog records the webhook's answers during the load.
type loadLog struct {
	mu               sync.Mutex
	codes            map[int]int
	firstBad, lastBd time.Time
}

func (l *loadLog) add(code int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.codes[code]++
	if code != http.StatusOK {
		now := time.Now()
		if l.firstBad.IsZero() {
			l.firstBad = now
		}
		l.lastBd = now
	}
}

func failoverUnderLoad(t *testing.T, dep deployment) {
	onDeployment = dep
	defer func() { onDeployment = nil }()
	h := newHarness(t, 0)
	clk := afterHours()
	for range 2 {
		h.mains = append(h.mains, h.startReplica(clk))
	}

	// Bookers walk up to the last question before the failover; their
	// final "yes" is part of the load.
	const bookers, users = 12, 150
	var bookerIDs []int64
	var load []*delivery
	for i := range bookers {
		p := h.person(int64(40000+i), []string{"vi", "en", "zh", "ko"}[i%4])
		p.walkToConfirm("Nguyen Van " + string(rune('A'+i)))
		data, msgID := p.button("yes")
		load = append(load, &delivery{body: p.callback(data, msgID), chat: p.id, twice: i%3 == 0})
		bookerIDs = append(bookerIDs, p.id)
	}
	sentBefore := map[string]int{}
	for _, c := range h.api.CallsTo("sendMessage") {
		sentBefore[c.ChatID()]++
	}
	var chats [][]*delivery // each chat's updates, delivered in order
	for _, d := range load {
		chats = append(chats, []*delivery{d})
	}
	for u := range users {
		p := h.person(int64(50000+u), []string{"vi", "en", "zh", "ko"}[u%4])
		chats = append(chats, []*delivery{
			{body: p.message("/start"), chat: p.id, twice: u%4 == 0},
			{body: p.message("/help"), chat: p.id, twice: u%4 == 1},
		})
	}
	rand.Shuffle(len(chats), func(i, j int) { chats[i], chats[j] = chats[j], chats[i] })

	log := &loadLog{codes: map[int]int{}}
	var killedAt, recoveredAt time.Time
	var took time.Duration
	killed, quarter := make(chan struct{}), make(chan struct{})
	go func() { // kill the booking master a quarter into the load
		defer close(killed)
		<-quarter
		killedAt = time.Now()
		wait := dep.killBookingMaster()
		took = wait()
		recoveredAt = time.Now()
	}()
	<-h.load(chats, log, quarter)
	<-killed
	if t.Failed() {
		return
	}

	// Every non-200 was a 5xx, and none came long after the failover.
	grace := 3 * time.Second
	bad := 0
	for code, n := range log.codes {
		if code != http.StatusOK {
			bad += n
			if code < 500 {
				t.Errorf("the webhook answered %d %d times", code, n)
			}
		}
	}
	if bad > 0 && (log.firstBad.Before(killedAt) || log.lastBd.After(recoveredAt.Add(grace))) {
		t.Errorf("5xx from %v to %v, the failover from %v to %v",
			log.firstBad.Sub(killedAt), log.lastBd.Sub(killedAt), time.Duration(0), recoveredAt.Sub(killedAt))
	}

	// Every update processed once: each got its reply; a second copy only
	// where a delivery failed; a redelivery now changes nothing.
	sent := map[string]int{}
	for _, c := range h.api.CallsTo("sendMessage") {
		sent[c.ChatID()]++
	}
	duplicates := 0
	for _, ds := range chats {
		chat := uid(ds[0].chat)
		failed := 0
		for _, d := range ds {
			failed += int(d.bad.Load())
		}
		got := sent[chat] - sentBefore[chat]
		want := len(ds) // one message per update (a booking's answer is one message, then a venue and a file)
		if ds[0].chat >= 50000 && got < want {
			t.Errorf("chat %s got %d replies for %d updates", chat, got, want)
		}
		if ds[0].chat >= 50000 && got > want {
			duplicates += got - want
			if failed == 0 {
				t.Errorf("chat %s got %d replies for %d updates, none of which failed", chat, got, want)
			}
		}
	}
	before := len(h.api.Calls())
	for _, ds := range chats {
		for _, d := range ds {
			if code := h.post(rand.IntN(2), testSecret, d.body); code != http.StatusOK {
				t.Fatalf("a redelivery after the load answered %d", code)
			}
		}
	}
	if n := len(h.api.Calls()) - before; n != 0 {
		t.Errorf("redelivering every update made %d Bot API calls, want none", n)
	}

	seats := h.checkBookings(t, bookerIDs)
	t.Logf("%s: %d updates (%d deliveries with copies) to 2 replicas; failover took %v; %d 5xx answers "+
		"(from %v to %v after the kill); answers %v; %d bookers, %d seats, %d confirmed; %d duplicate replies",
		h.redis.Mode(), len(chats)+users, countDeliveries(chats), took.Round(time.Millisecond), bad,
		log.firstBad.Sub(killedAt).Round(time.Millisecond), log.lastBd.Sub(killedAt).Round(time.Millisecond),
		log.codes, bookers, seats, seats, duplicates)
}

func countDeliveries(chats [][]*delivery) int {
	n := 0
	for _, ds := range chats {
		for _, d := range ds {
			n++
			if d.twice {
				n++
			}
		}
	}
	return n
}

// load delivers the chats' updates, one chat every 15 ms (so the load
// outlasts the failover), each chat's in order, every update until it is
// acknowledged as Telegram would. It closes quarter once a quarter of the
// chats started, and returns a channel closed when all are acknowledged.
func (h *harness) load(chats [][]*delivery, log *loadLog, quarter chan struct{}) <-chan struct{} {
	done := make(chan struct{})
	go func() {
		defer close(done)
		tick := time.NewTicker(15 * time.Millisecond)
		defer tick.Stop()
		var wg sync.WaitGroup
		for i, ds := range chats {
			<-tick.C
			if i == len(chats)/4 {
				close(quarter)
			}
			wg.Go(func() {
				for _, d := range ds {
					h.deliverUntilOK(d, log)
				}
			})
		}
		wg.Wait()
	}()
	return done
}

// deliverUntilOK posts d to a random replica until one answers 200, 100 ms
// apart, for at most a minute; with twice, it posts a copy to the other
// replica right after the first answer, whatever it was, as a Telegram
// retry would. (A copy racing the first attempt would get a 503 "in
// progress" at any time, which the timing check could not tell from a
// failover's; TestEveryUpdateOnceAcrossProcesses races them.)
func (h *harness) deliverUntilOK(d *delivery, log *loadLog) {
	deadline := time.Now().Add(time.Minute)
	first := true
	for {
		i := rand.IntN(2)
		code := h.post(i, testSecret, d.body)
		copyCode := 0
		if first && d.twice {
			copyCode = h.post(1-i, testSecret, d.body)
			log.add(copyCode)
			if copyCode != http.StatusOK {
				d.bad.Add(1)
			}
		}
		first = false
		log.add(code)
		if code == http.StatusOK || copyCode == http.StatusOK {
			return
		}
		d.bad.Add(1)
		if time.Now().After(deadline) {
			h.t.Errorf("update of chat %d not acknowledged within a minute (last %d)", d.chat, code)
			return
		}
		pause := time.NewTimer(100 * time.Millisecond)
		<-pause.C
	}
}

// startReplica runs one bot replica on the harness's Redis, with the
// test's clock and no background loops.
func (h *harness) startReplica(c *clock) *Main {
	h.t.Helper()
	m := &Main{
		Config: Config{Addr: "127.0.0.1:0", RedisURL: h.redis.URL(), RedisMode: redisstore.Mode(h.redis.Mode()),
			Token: testToken, WebhookSecret: testSecret, APIURL: h.api.URL()},
		Log:           slog.New(slog.NewTextHandler(testWriter{h.t}, &slog.HandlerOptions{Level: slog.LevelError})),
		Now:           c.now,
		ReminderEvery: -1,
		CampaignPoll:  -1,
	}
	return h.start(m)
}

// checkBookings checks that the bookers' confirmations match the store:
// every confirmed code is the person's stored appointment, the slot holds
// exactly the confirmed bookings, some bookers were turned away, and
// Verify finds nothing wrong. It returns the seats taken.
func (h *harness) checkBookings(t *testing.T, bookers []int64) int {
	t.Helper()
	ctx := context.Background()
	b := h.mains[0].core.bookings
	confirmed := map[string]bool{}
	var slot bot.Appointment
	for _, id := range bookers {
		a, found, err := b.Active(ctx, bot.Chat{Channel: "tg", ID: uid(id)}.Key())
		if err != nil {
			t.Fatal(err)
		}
		told := ""
		for _, c := range h.api.CallsTo("sendMessage") {
			if m := codePattern.FindStringSubmatch(c.Params["text"]); m != nil && c.ChatID() == uid(id) {
				told = m[1]
			}
		}
		switch {
		case found && told != a.Code:
			t.Errorf("booker %d holds %s but was told %q", id, a.Code, told)
		case !found && told != "":
			t.Errorf("booker %d was told %s, which is not stored", id, told)
		case found:
			confirmed[a.Code] = true
			slot = a
		}
	}
	if len(confirmed) == 0 || len(confirmed) == len(bookers) {
		t.Fatalf("%d of %d bookers confirmed: want some, not all (the slot has fewer seats)", len(confirmed), len(bookers))
	}
	taken, err := b.Taken(ctx, slot.PointID, []string{slot.SlotID})
	if err != nil || taken[0] != len(confirmed) {
		t.Fatalf("slot holds %v (%v), %d confirmed", taken, err, len(confirmed))
	}
	rep, err := b.Verify(ctx)
	if err != nil || !rep.OK() {
		t.Fatalf("Verify: %v %v", rep.Mismatches, err)
	}
	return len(confirmed)
}
