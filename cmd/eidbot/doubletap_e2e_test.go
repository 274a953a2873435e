package main

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/eidbot/eidbot/bot"
)

// The double-tap rule across processes (issue 12): two presses of the same
// confirmation reach two bot processes sharing one Redis at the same time,
// for 50 people at once. Each press shows the confirmation of what the
// pair did; nobody is told they already have an appointment, or that the
// button is old; every seat counter is exact. The same for moving and
// cancelling.

// tappers is how many people press twice at once.
const tappers = 50

// tapper is a person of the test, with the slot they chose.
type tapper struct {
	*person
	slot string // the slot id of their appointment
}

// walkToConfirmAt is walkToConfirm at the first point, on the day-th day
// and the at-th time the pickers offer.
func (p *person) walkToConfirmAt(name string, day, at int) {
	p.h.t.Helper()
	p.say("/start check")
	for _, c := range []string{"vn", "14_plus", "valid", "mine", "has", "book", "self", "point"} {
		p.press(c)
	}
	p.pickFirst()
	p.pickNth(day)
	p.pickNth(at)
	for _, c := range []string{"agree", "no"} {
		p.press(c)
	}
	p.say(name)
	p.say("0912 345 678")
}

// pressTwiceAtOnce presses each person's newest "yes" twice, the two
// presses posted at the same time to the two processes (retried on 503,
// as Telegram does), all people at once. It returns each person's texts
// sent since.
func (h *harness) pressTwiceAtOnce(people []*tapper) map[int64][]string {
	h.t.Helper()
	mark := len(h.api.Calls())
	bodies := make([][]byte, 0, 2*len(people))
	for _, p := range people {
		data, msg := p.button("yes")
		bodies = append(bodies, p.callback(data, msg), p.callback(data, msg))
	}
	parallel(len(bodies), len(bodies), func(i int) {
		for attempt := 0; ; attempt++ {
			code := h.post(i%2, testSecret, bodies[i])
			if code == http.StatusOK {
				return
			}
			if code != http.StatusServiceUnavailable || attempt == 200 {
				h.t.Errorf("press answered %d after %d attempts", code, attempt+1)
				return
			}
			time.Sleep(20 * time.Millisecond)
		}
	})
	texts := map[int64][]string{}
	for _, c := range h.api.Calls()[mark:] {
		if c.Method != "sendMessage" {
			continue
		}
		for _, p := range people {
			if c.ChatID() == uid(p.id) {
				texts[p.id] = append(texts[p.id], c.Params["text"])
			}
		}
	}
	return texts
}

// seen counts the texts that contain s.
func seen(texts []string, s string) int {
	n := 0
	for _, t := range texts {
		n += strings.Count(t, s)
	}
	return n
}

// wrongAnswers are what a press of a confirmation that did its work must
// never be told.
var wrongAnswers = []string{"already has an appointment", "belongs to an earlier question", "You have no appointment",
	"has just been taken", "no longer available"}

// checkAnswers fails t unless every person saw want exactly twice and no
// wrong answer.
func checkAnswers(t *testing.T, people []*tapper, texts map[int64][]string, want string) {
	t.Helper()
	shown := 0
	for _, p := range people {
		got := texts[p.id]
		if n := seen(got, want); n != 2 {
			t.Errorf("person %d saw %q %d times, want 2:\n%s", p.id, want, n, strings.Join(got, "\n---\n"))
		}
		shown += min(seen(got, want), 1)
		for _, w := range wrongAnswers {
			if seen(got, w) > 0 {
				t.Errorf("person %d was told %q:\n%s", p.id, w, strings.Join(got, "\n---\n"))
			}
		}
	}
	t.Logf("%q shown to %d of %d people", want, shown, len(people))
}

// checkSeats fails t unless each slot's counter at point holds exactly
// the seats of the people whose appointment is in it (0 for slots in
// empty).
func (h *harness) checkSeats(t *testing.T, point string, people []*tapper, empty map[string]bool) {
	t.Helper()
	want := map[string]int{}
	for s := range empty {
		want[s] = 0
	}
	for _, p := range people {
		if p.slot != "" {
			want[p.slot]++
		}
	}
	var slots []string
	for s := range want {
		slots = append(slots, s)
	}
	taken, err := h.mains[1].core.bookings.Taken(context.Background(), point, slots)
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range slots {
		if taken[i] != want[s] {
			t.Errorf("slot %s: %d seats taken, want %d", s, taken[i], want[s])
		}
	}
}

func TestDoubleTapAcrossProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("walks 50 people through booking on two processes")
	}
	h := newHarness(t, 1)
	c := afterHours()
	h.mains = []*Main{h.startBookingMain(c), h.startBookingMain(c)}
	people := make([]*tapper, tappers)
	// Two people for each slot (a station's slots seat 2): five days, the
	// first five times of each.
	for i := range people {
		p := &tapper{person: h.person(int64(70000+i), "en")}
		pair := i / 2
		p.walkToConfirmAt("Nguyễn Văn An", pair/5, pair%5)
		people[i] = p
	}

	texts := h.pressTwiceAtOnce(people)
	checkAnswers(t, people, texts, "<b>Booked.</b>")
	booked := map[string]bool{}
	point := ""
	for _, p := range people {
		a := h.active(bot.Chat{Channel: bot.ChannelTelegram, ID: uid(p.id), Kind: bot.ChatPrivate}.Key())
		if seen(texts[p.id], "<b>"+a.Code+"</b>") != 2 {
			t.Errorf("person %d: the confirmations do not show the booking %s", p.id, a.Code)
		}
		p.slot, point, booked[a.SlotID] = a.SlotID, a.PointID, true
	}
	if len(booked) != tappers/2 {
		t.Fatalf("%d slots booked, want %d", len(booked), tappers/2)
	}
	h.checkSeats(t, point, people, nil)

	// Move: each to a time of the same day that nobody holds. The times
	// already taken are full, so the time picker now starts after them.
	for i, p := range people {
		p.say("/myappointment")
		p.press("move")
		p.pickNth(i / 2 / 5)
		p.pickNth(i / 2 % 5)
	}
	texts = h.pressTwiceAtOnce(people)
	checkAnswers(t, people, texts, "<b>Moved.</b>")
	for _, p := range people {
		a := h.active(bot.Chat{Channel: bot.ChannelTelegram, ID: uid(p.id), Kind: bot.ChatPrivate}.Key())
		if booked[a.SlotID] || a.Sequence != 1 {
			t.Errorf("person %d: after the move %s (sequence %d)", p.id, a.SlotID, a.Sequence)
		}
		p.slot = a.SlotID
	}
	h.checkSeats(t, point, people, booked)

	// Cancel.
	moved := map[string]bool{}
	for _, p := range people {
		moved[p.slot] = true
		p.say("/myappointment")
		p.press("cancel")
	}
	texts = h.pressTwiceAtOnce(people)
	checkAnswers(t, people, texts, "is cancelled")
	for _, p := range people {
		p.slot = ""
	}
	h.checkSeats(t, point, people, moved)
}
