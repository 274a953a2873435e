package main

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/internal/redistest"
	"github.com/eidbot/eidbot/internal/zalobot"
	"github.com/eidbot/eidbot/internal/zalobot/fakezalo"
)

// zaloUser is a person writing to the bot on the Zalo Bot Platform, in a
// private chat whose id is theirs.
type zaloUser struct {
	h    *harness
	id   string // hexadecimal, as Zalo's ids are
	name string
	seen int    // messages to the chat already read
	last string // what the bot said last
	// wrote is when z's last message was sent. Each message is dated
	// readingTime after the one before: a person reads an answer before
	// replying, and within a second the bot takes a typed number to
	// answer the question shown before (bot.ShownGrace).
	wrote time.Time
}

// readingTime is how long after their previous message a scripted Zalo
// user writes the next one.
const readingTime = 3 * time.Second

func (h *harness) zaloUser(n int, name string) *zaloUser {
	return &zaloUser{h: h, id: fmt.Sprintf("e4ea2cd5%012x", n), name: name}
}

func (z *zaloUser) chat() bot.Chat {
	return bot.Chat{Channel: bot.ChannelZaloBot, ID: z.id, Kind: bot.ChatPrivate}
}

// zaloPost posts an event body to process i's Zalo webhook with secret and
// returns the answer's status and Retry-After.
func (h *harness) zaloPost(i int, secret string, body []byte) (int, string) {
	resp, _ := postJSON(h.t, h.client, "http://"+h.mains[i].Addr()+zaloPath, zalobot.SecretHeader, secret, body)
	if resp == nil {
		return 0, ""
	}
	return resp.StatusCode, resp.Header.Get("Retry-After")
}

// event is a text event from z, with a fresh message id, as Zalo posts it.
func (z *zaloUser) event(text string) []byte {
	if z.wrote = z.wrote.Add(readingTime); z.wrote.Before(time.Now()) {
		z.wrote = time.Now()
	}
	return z.h.zalo.Complete(fakezalo.Event{ChatID: z.id, FromName: z.name, Text: text, Date: z.wrote}).Body()
}

// say sends text, requires 200, and returns what the bot answered.
func (z *zaloUser) say(text string) string {
	z.h.t.Helper()
	if code, _ := z.h.zaloPost(0, zaloSecret, z.event(text)); code != http.StatusOK {
		z.h.t.Fatalf("webhook answered %d to %q", code, text)
	}
	return z.news()
}

// news returns the messages the chat got since the last look.
func (z *zaloUser) news() string {
	msgs := z.h.zalo.Messages(z.id)
	z.last = strings.Join(msgs[z.seen:], "\n\n")
	z.seen = len(msgs)
	return z.last
}

// press types the number of the choice whose callback data is choice or
// ends in "|choice", as the bot numbered it last; it checks that the
// message shows that number with the choice's label.
func (z *zaloUser) press(choice string) string {
	z.h.t.Helper()
	n, line := shownChoice(z.h.t, z.h.mains[0], z.chat(), choice, z.last)
	if !strings.Contains(z.last, "\n"+line+"\n") {
		z.h.t.Fatalf("remembered choice %q is not shown as %q:\n%s", choice, line, z.last)
	}
	return z.say(n)
}

// shownChoice returns the number the chat was last shown for the choice
// whose callback data is choice or ends in "|choice", and the line "n.
// label" that shows it; it fails t when no such choice was shown (last is
// what the chat last got, for the message).
func shownChoice(t testing.TB, m *Main, chat bot.Chat, choice, last string) (n, line string) {
	t.Helper()
	s, _, err := m.core.store.Load(context.Background(), chat)
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range s.Shown.Choices {
		if c.Data == choice || strings.HasSuffix(c.Data, "|"+choice) {
			n := strconv.Itoa(i + 1)
			return n, n + ". " + c.Label
		}
	}
	t.Fatalf("no choice %q among %+v:\n%s", choice, s.Shown.Choices, last)
	return "", ""
}

// zaloChecks fails the test if the stand-in saw a request that broke a
// rule of the platform, or a message over its 2,000 characters.
func (h *harness) zaloChecks() {
	for _, v := range h.zalo.Violations() {
		h.t.Errorf("Zalo rule broken: %v", v)
	}
	for _, c := range h.zalo.CallsTo("sendMessage") {
		if n := fakezalo.Length(c.Text()); n > zalobot.MessageLimit {
			h.t.Errorf("a message of %d characters to %s", n, c.ChatID())
		}
	}
}

func newZaloHarness(t *testing.T, processes int) *harness {
	h := newHarness(t, processes)
	t.Cleanup(h.zaloChecks)
	return h
}

// icsLink finds the calendar link in text.
var icsLink = regexp.MustCompile(regexp.QuoteMeta(testPublicURL) + `/ics/([A-Z2-7]{26})`)

// download GETs a link's path from process 0.
func (h *harness) download(link string) (*http.Response, string) {
	h.t.Helper()
	resp, err := h.client.Get("http://" + h.mains[0].Addr() + strings.TrimPrefix(link, testPublicURL))
	if err != nil {
		h.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		h.t.Fatalf("download: %v", err)
	}
	return resp, string(body)
}

// TestZaloCheckBookAndForget walks the Zalo Bot channel in Vietnamese and
// Korean: the eligibility check answered by numbers and typed words, a
// booking with its confirmation and a calendar link that downloads, and
// /forget, which deletes the link too.
func TestZaloCheckBookAndForget(t *testing.T) {
	h := newZaloHarness(t, 1)
	clock := afterHours()
	h.mains = []*Main{h.startBookingMain(clock)}
	cat := catalog(t)
	parent := t
	for i, tc := range []struct {
		lang          bot.Lang
		yes, no, yes2 string
	}{
		{bot.Vietnamese, "có", "khong", "Có"},
		{bot.Korean, "네", "아니요", "예"},
	} {
		t.Run(string(tc.lang), func(t *testing.T) {
			h.t = t // the helpers report to the language's test
			defer func() { h.t = parent }()
			z := h.zaloUser(100+i, "Hoa")
			text := func(id string) string { return strings.TrimSpace(cat.Text(tc.lang, id, nil)) }
			menu := z.say("/start")
			if tc.lang != bot.Vietnamese {
				z.say("/language")
				menu = z.press(string(tc.lang))
			}
			if !strings.Contains(menu, "\n1. "+text("menu.btn.check")+"\n") || !strings.Contains(menu, text("choice.hint")) {
				t.Fatalf("menu:\n%s", menu)
			}
			z.say("1")              // check
			z.say("1")              // a citizen
			z.press("14_plus")      // 14 or over
			z.say(tc.yes)           // a valid card
			z.say(tc.yes2)          // own number
			verdict := z.say(tc.no) // no level 1 yet
			if !strings.Contains(verdict, text("cl.c1.title")) || strings.Contains(verdict, "<b>") {
				t.Fatalf("verdict:\n%s", verdict)
			}
			z.press("book")
			z.press("self")
			z.press("point")
			z.say("1") // the first point
			z.say("1") // the first day
			z.say("1") // the first time
			z.press("agree")
			z.press("yes") // reminders
			z.say("Lê Thị Hoa")
			z.say("0912 345 678")
			done := z.press("yes") // confirm
			code := regexp.MustCompile(`[0-9A-Z]{3}-[0-9A-Z]{3}`).FindString(done)
			link := icsLink.FindString(done)
			if code == "" || link == "" || !strings.Contains(done, "https://www.google.com/maps/search/") {
				t.Fatalf("confirmation without a code, a calendar link or a map link:\n%s", done)
			}
			resp, ics := h.download(link)
			if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/calendar") ||
				!strings.HasPrefix(ics, "BEGIN:VCALENDAR\r\n") || !strings.Contains(ics, "BEGIN:VEVENT\r\n") ||
				!strings.Contains(ics, "DTSTART") || !strings.HasSuffix(ics, "END:VCALENDAR\r\n") ||
				!strings.Contains(resp.Header.Get("Content-Disposition"), ".ics") {
				t.Fatalf("download: %d %v\n%s", resp.StatusCode, resp.Header, ics)
			}
			z.say("/forget")
			bye := z.say(tc.yes)
			if !strings.Contains(bye, text("forget.done")) {
				t.Fatalf("/forget answered:\n%s", bye)
			}
			if resp, _ := h.download(link); resp.StatusCode != http.StatusNotFound {
				t.Fatalf("the calendar link still works after /forget: %d", resp.StatusCode)
			}
			if _, found, err := h.mains[0].core.bookings.Get(context.Background(), code); err != nil || found {
				t.Fatalf("appointment kept after /forget: %v, %v", found, err)
			}
		})
	}
}

// TestZaloNonTextGetsOneNotice: a sticker or a picture is acknowledged;
// the person is told once that the bot reads text only.
func TestZaloNonTextGetsOneNotice(t *testing.T) {
	h := newZaloHarness(t, 1)
	z := h.zaloUser(1, "An")
	z.say("/start")
	for i, name := range []string{fakezalo.EventSticker, fakezalo.EventImage, fakezalo.EventUnsupported} {
		body := h.zalo.Complete(fakezalo.Event{Name: name, ChatID: z.id, Wrapped: i == 1}).Body()
		if code, _ := h.zaloPost(0, zaloSecret, body); code != http.StatusOK {
			t.Fatalf("%s: %d", name, code)
		}
		got, want := z.news(), ""
		if i == 0 {
			want = strings.TrimSpace(catalog(t).Text(bot.Vietnamese, "text_only", nil))
		}
		if got != want {
			t.Errorf("%s: answered %q, want %q", name, got, want)
		}
	}
	if reply := z.say("1"); !strings.Contains(reply, "\n1. ") {
		t.Errorf("the numbers shown before the sticker no longer work:\n%s", reply)
	}
}

func TestZaloForgedSecretTouchesNothing(t *testing.T) {
	h := newZaloHarness(t, 1)
	body := h.zaloUser(1, "An").event("/start")
	var codes []int
	n := h.redis.CountCommands(func() {
		for _, secret := range []string{"", "wrong", zaloSecret + "x", zaloSecret[:16], testSecret} {
			code, _ := h.zaloPost(0, secret, body)
			codes = append(codes, code)
		}
	})
	if n != 0 {
		t.Fatalf("requests with a bad secret issued %d Redis commands", n)
	}
	for _, c := range codes {
		if c != http.StatusUnauthorized {
			t.Fatalf("statuses %v, want all 401", codes)
		}
	}
	if len(h.zalo.CallsTo("sendMessage")) != 0 {
		t.Fatal("a forged event was answered")
	}
	if code, _ := h.zaloPost(0, zaloSecret, []byte("{not json")); code != http.StatusBadRequest {
		t.Fatalf("a body that is not JSON: %d", code)
	}
}

// TestZaloEventOnceAcrossProcesses delivers each of 40 events 5 times,
// concurrently, to 2 processes sharing one Redis, as Zalo may retry: each
// is handled once.
func TestZaloEventOnceAcrossProcesses(t *testing.T) {
	h := newZaloHarness(t, 2)
	control := h.zaloUser(0, "An")
	control.say("/start")
	want := len(h.zalo.Messages(control.id))
	const users, copies = 40, 5
	var bodies [][]byte
	for u := range users {
		bodies = append(bodies, h.zaloUser(1+u, "An").event("/start"))
	}
	var mu sync.Mutex
	statuses := map[int]int{}
	parallel(users*copies, 32, func(i int) {
		code, retry := h.zaloPost(rand.IntN(2), zaloSecret, bodies[i%users])
		if code == http.StatusServiceUnavailable && retry == "" {
			t.Errorf("503 without Retry-After")
		}
		mu.Lock()
		statuses[code]++
		mu.Unlock()
	})
	for code := range statuses {
		if code != http.StatusOK && code != http.StatusServiceUnavailable {
			t.Fatalf("unexpected statuses %v", statuses)
		}
	}
	for _, b := range bodies { // Zalo retries what was not acknowledged
		h.zaloPostUntilOK(rand.IntN(2), b)
	}
	for u := range users {
		if got := len(h.zalo.Messages(h.zaloUser(1+u, "").id)); got != want {
			t.Errorf("user %d got %d messages, want %d", u, got, want)
		}
	}
	t.Logf("statuses over %d deliveries: %v", users*copies, statuses)
}

// zaloPostUntilOK redelivers body like a platform that retries, until it
// is accepted.
func (h *harness) zaloPostUntilOK(i int, body []byte) {
	h.t.Helper()
	for attempt := 0; ; attempt++ {
		code, _ := h.zaloPost(i, zaloSecret, body)
		if code == http.StatusOK {
			return
		}
		if code != http.StatusServiceUnavailable || attempt == 100 {
			h.t.Fatalf("redelivery answered %d after %d attempts", code, attempt+1)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// TestZaloRedisDown: with Redis down the webhook answers 503 with
// Retry-After and sends nothing; once Redis is back, each event refused is
// handled when it comes again, exactly once.
func TestZaloRedisDown(t *testing.T) {
	h := newHarness(t, 0)
	t.Cleanup(h.zaloChecks)
	h.redis = redistest.Start(t, redistest.WithAppendOnly())
	h.mains = append(h.mains, h.startMain())
	var before, during [][]byte
	var people []*zaloUser
	for i := range 20 {
		z := h.zaloUser(300+i, "An")
		people = append(people, z)
		if i < 5 {
			before = append(before, z.event("/start"))
		} else {
			during = append(during, z.event("/start"))
		}
	}
	for _, b := range before {
		h.zaloPostUntilOK(0, b)
	}
	sent := len(h.zalo.CallsTo("sendMessage"))
	h.redis.Stop()
	for _, b := range during {
		if code, retry := h.zaloPost(0, zaloSecret, b); code != http.StatusServiceUnavailable || retry == "" {
			t.Fatalf("with Redis down the webhook answered %d (Retry-After %q)", code, retry)
		}
	}
	if n := len(h.zalo.CallsTo("sendMessage")); n != sent {
		t.Fatalf("%d messages were sent while Redis was down", n-sent)
	}
	h.redis.Restart()
	for _, b := range append(during, before...) {
		h.zaloPostUntilOK(0, b)
	}
	want := len(h.zalo.Messages(people[0].id))
	for i, z := range people {
		if got := len(h.zalo.Messages(z.id)); got != want || got == 0 {
			t.Errorf("user %d got %d messages, want %d", i, got, want)
		}
	}
}

// TestZaloOnlyServer: serve with the Zalo Bot Platform alone has no
// Telegram webhook, and answers Zalo.
func TestZaloOnlyServer(t *testing.T) {
	h := newZaloHarness(t, 0)
	cfg := h.config()
	cfg.Token, cfg.WebhookSecret = "", ""
	h.mains = []*Main{h.start(&Main{Config: cfg, ReminderEvery: -1, CampaignPoll: -1})}
	if code := h.post(0, testSecret, h.person(1, "vi").message("/start")); code != http.StatusNotFound && code != http.StatusMethodNotAllowed {
		t.Errorf("Telegram's webhook answered %d on a Zalo-only server", code)
	}
	if reply := h.zaloUser(1, "An").say("/start"); !strings.Contains(reply, "\n1. ") {
		t.Errorf("/start on Zalo:\n%s", reply)
	}
	if n := len(h.api.Calls()); n != 0 {
		t.Errorf("%d calls to Telegram", n)
	}
}

// TestTerminalShowsWhatZaloShows: the terminal chat and the Zalo Bot
// channel render a turn alike: the same text, the same numbers.
func TestTerminalShowsWhatZaloShows(t *testing.T) {
	h := newZaloHarness(t, 1)
	z := h.zaloUser(1, "Lan")
	zalo := []string{z.say("/start"), z.say("1"), z.say("2")}
	term := startChat(t, []string{"--lang", "vi"}, env(map[string]string{"USER": "Lan"}))
	screens := []string{term.screen()}
	for _, typed := range []string{"1", "2"} {
		fmt.Fprintln(term.in, typed)
		screens = append(screens, term.screen())
	}
	for i, want := range zalo {
		if !strings.Contains(screens[i], want+"\n\n> ") {
			t.Errorf("turn %d: Zalo showed\n%s\n\nthe terminal\n%s", i, want, screens[i])
		}
	}
	fmt.Fprintln(term.in, "/quit")
	if err := <-term.done; err != nil {
		t.Fatal(err)
	}
}
