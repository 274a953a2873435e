package main

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/internal/zalooa"
	"github.com/eidbot/eidbot/internal/zalooa/fakeoa"
)

// oaArea is the area the test OA is bound to (ZALO_OA_AREA).
const oaArea = "ben_thanh"

// oaRig runs eidbot processes with a Zalo Official Account on the
// stand-in OA server (fakeoa) and a real Redis. The clock is the test's:
// the stand-in's reply windows and token expiry follow it too.
type oaRig struct {
	*harness
	oa    *fakeoa.Server
	clock *clock
	// expired: the test expired the access tokens, so sends with the old
	// one are expected (Zalo answers them -216).
	expired bool
}

// newOARig starts processes whose OA worker waits poll for an event (a
// negative poll leaves it off: the test processes the journal with
// process), and seeds the OA's tokens when there are any (a test that
// starts its own seeds them after).
func newOARig(t *testing.T, processes int, poll time.Duration) *oaRig {
	r := &oaRig{harness: newHarness(t, 0), clock: afterHours()}
	r.oa = fakeoa.New(t, fakeoa.WithClock(r.clock.now))
	for range processes {
		r.mains = append(r.mains, r.startOA(poll))
	}
	if processes > 0 {
		r.seed()
	}
	t.Cleanup(r.oaChecks)
	return r
}

// oaConfig is a process's configuration: Telegram and the Zalo Bot
// Platform on their fakes, and the OA on the stand-in, bound to oaArea.
func (r *oaRig) oaConfig() Config {
	cfg := r.config()
	cfg.OA = ZaloOAConfig{AppID: fakeoa.AppID, SecretKey: fakeoa.SecretKey, AppSecret: fakeoa.AppSecret,
		APIURL: r.oa.URL(), OAuthURL: r.oa.URL(), Area: oaArea}
	return cfg
}

func (r *oaRig) startOA(poll time.Duration) *Main {
	r.t.Helper()
	return r.start(&Main{Config: r.oaConfig(), Now: r.clock.now, ReminderEvery: -1, CampaignPoll: -1, ZaloOAPoll: poll,
		Log: slog.New(slog.NewTextHandler(testWriter{r.t}, &slog.HandlerOptions{Level: slog.LevelWarn}))})
}

// oaEnv is the environment of an operator's command on this deployment.
func (r *oaRig) oaEnv() map[string]string {
	return map[string]string{"REDIS_URL": r.redis.URL(), "REDIS_MODE": r.redis.Mode(),
		"ZALO_OA_APP_ID": fakeoa.AppID, "ZALO_OA_SECRET_KEY": fakeoa.SecretKey, "ZALO_OA_APP_SECRET": fakeoa.AppSecret,
		"ZALO_OA_API_URL": r.oa.URL(), "ZALO_OA_OAUTH_URL": r.oa.URL(), "EIDBOT_PUBLIC_URL": testPublicURL}
}

// seed stores a refresh token the stand-in issued and spends it once, on
// the test's clock (the token pair's expiry follows it); TestZaloOATokenCommand
// seeds through "eidbot zalo-oa token" itself.
func (r *oaRig) seed() {
	r.t.Helper()
	if err := r.mains[0].oa.tokens.Seed(context.Background(), r.oa.IssueRefreshToken()); err != nil {
		r.t.Fatalf("seeding the OA's tokens: %v", err)
	}
}

// oaChecks fails the test on any request that broke the OA's rules: a
// spent refresh token, a 9th reply, a text over 2,000 characters…
func (r *oaRig) oaChecks() {
	for _, v := range r.oa.Violations() {
		if r.expired && v.Rule == "token" {
			continue
		}
		r.t.Errorf("Zalo OA rule broken: %v", v)
	}
}

// post delivers a signed event to process i's webhook and returns the
// status.
func (r *oaRig) post(i int, e fakeoa.Event) int {
	r.t.Helper()
	code, err := r.oa.Deliver(context.Background(), "http://"+r.mains[i].Addr()+zaloOAPath, e)
	if err != nil {
		r.t.Fatal(err)
	}
	return code
}

// process runs process i's OA worker until the journal has nothing new.
func (r *oaRig) process(i int) {
	r.t.Helper()
	for {
		n, err := r.mains[i].oa.worker.Poll(context.Background(), 0)
		if err != nil {
			r.t.Fatalf("OA worker: %v", err)
		}
		if n == 0 {
			return
		}
	}
}

// oaUser is an OA follower writing to the OA.
type oaUser struct {
	r    *oaRig
	id   string // Zalo's ids are 19-digit numbers, as strings
	seen int
	last string
}

func (r *oaRig) user(n int) *oaUser { return &oaUser{r: r, id: fmt.Sprintf("84%017d", n)} }

func (u *oaUser) chat() bot.Chat {
	return bot.Chat{Channel: bot.ChannelZaloOA, ID: u.id, Kind: bot.ChatPrivate}
}

// event delivers e as the user's, a second after the last, requires 200,
// lets process 0 handle it and returns what the OA sent the user.
func (u *oaUser) event(e fakeoa.Event) string {
	u.r.t.Helper()
	u.r.clock.set(u.r.clock.now().Add(time.Second))
	e.UserID = u.id
	if code := u.r.post(0, e); code != http.StatusOK {
		u.r.t.Fatalf("webhook answered %d to %s", code, e.Name)
	}
	u.r.process(0)
	return u.news()
}

func (u *oaUser) say(text string) string { return u.event(fakeoa.Text(u.id, text)) }

// news returns the messages the user got since the last look.
func (u *oaUser) news() string {
	var texts []string
	sent := u.r.oa.Sent(u.id)
	for _, s := range sent[u.seen:] {
		texts = append(texts, s.Text)
	}
	u.seen = len(sent)
	u.last = strings.Join(texts, "\n\n")
	return u.last
}

// press types the number the OA showed for the choice whose data is
// choice or ends in "|choice".
func (u *oaUser) press(choice string) string {
	u.r.t.Helper()
	n, line := shownChoice(u.r.t, u.r.mains[0], u.chat(), choice, u.last)
	if !strings.Contains(u.last, line+"\n") {
		u.r.t.Fatalf("remembered choice %q is not shown as %q:\n%s", choice, line, u.last)
	}
	return u.say(n)
}

// TestZaloOAFollowCheckBookUnfollow walks the OA in Vietnamese and
// Chinese: following greets and offers the language and the notices of
// the OA's area; the check answered by numbers and typed words; a typed
// question (when the engine answers them); a booking whose calendar file
// is a link that downloads; unfollowing ends the subscription, and
// following again lifts the block.
func TestZaloOAFollowCheckBookUnfollow(t *testing.T) {
	r := newOARig(t, 1, -1)
	cat := catalog(t)
	parent := t
	for i, tc := range []struct {
		lang          bot.Lang
		yes, no, yes2 string
		question      string
	}{
		{bot.Vietnamese, "có", "khong", "Có", "can mang gi"},
		{bot.Chinese, "有", "没有", "1", "需要带什么"},
	} {
		t.Run(string(tc.lang), func(t *testing.T) {
			r.t = t
			defer func() { r.t = parent }()
			u := r.user(100 + i)
			text := func(id string) string { return strings.TrimSpace(cat.Text(tc.lang, id, nil)) }
			vi := func(id string) string { return strings.TrimSpace(cat.Text(bot.Vietnamese, id, nil)) }
			hello := u.event(fakeoa.Follow(u.id))
			if !strings.Contains(hello, "Phường Bến Thành") || !strings.Contains(hello, vi("notices.q_area")) ||
				!strings.Contains(hello, vi("menu.btn.language")) || !strings.Contains(hello, vi("notices.btn.yes")) {
				t.Fatalf("the greeting of a new follower:\n%s", hello)
			}
			if tc.lang == bot.Vietnamese {
				if done := u.press("yes"); !strings.Contains(done, "Phường Bến Thành") {
					t.Fatalf("subscribing from the greeting:\n%s", done)
				}
				u.say("/language")
			} else {
				u.press("language")
			}
			menu := u.press(string(tc.lang))
			if !strings.Contains(menu, "\n1. "+text("menu.btn.check")+"\n") || !strings.Contains(menu, text("choice.hint")) {
				t.Fatalf("menu:\n%s", menu)
			}
			u.say("1")              // check
			u.say("1")              // a citizen
			u.press("14_plus")      // 14 or over
			u.say(tc.yes)           // a valid card
			u.say(tc.yes2)          // own number
			verdict := u.say(tc.no) // no level 1 yet
			if !strings.Contains(verdict, text("cl.c1.title")) || strings.Contains(verdict, "<b>") {
				t.Fatalf("verdict:\n%s", verdict)
			}
			// A typed question in the middle of the chat is answered (not
			// the menu's "I cannot answer that"), then booking goes on.
			if reply := u.say(tc.question); reply == "" || strings.Contains(reply, text("idle")) || strings.Contains(reply, text("ask.outside")) {
				t.Fatalf("the typed question %q got:\n%s", tc.question, reply)
			}
			u.say("/menu")
			u.press("book")
			u.press("self")
			u.press("point")
			u.say("1") // the first point
			u.say("1") // the first day
			u.say("1") // the first time
			u.press("agree")
			u.press("yes") // reminders
			u.say("Lê Thị Hoa")
			u.say("0912 345 678")
			done := u.press("yes") // confirm
			code := regexp.MustCompile(`[0-9A-Z]{3}-[0-9A-Z]{3}`).FindString(done)
			link := icsLink.FindString(done)
			if code == "" || link == "" {
				t.Fatalf("confirmation without a code or a calendar link:\n%s", done)
			}
			if resp, ics := r.download(link); resp.StatusCode != 200 || !strings.HasPrefix(ics, "BEGIN:VCALENDAR\r\n") {
				t.Fatalf("download: %d\n%s", resp.StatusCode, ics)
			}
			if tc.lang != bot.Vietnamese {
				u.say("/subscribe")
				if done := u.press(oaArea); !strings.Contains(done, text("sub.done")[:4]) {
					t.Fatalf("/subscribe:\n%s", done)
				}
			}
			subs := r.mains[0].core.subs
			if s, found, err := subs.Subscription(context.Background(), u.chat()); err != nil || !found || s.Area != oaArea || s.Lang != tc.lang {
				t.Fatalf("subscription before unfollowing: %+v %v %v", s, found, err)
			}
			sent := len(r.oa.Sent(u.id))
			if got := u.event(fakeoa.Unfollow(u.id)); got != "" {
				t.Errorf("unfollowing was answered: %q", got)
			}
			if _, found, err := subs.Subscription(context.Background(), u.chat()); err != nil || found {
				t.Fatalf("still subscribed after unfollowing: %v %v", found, err)
			}
			if n := len(r.oa.Sent(u.id)); n != sent {
				t.Errorf("%d messages after unfollowing", n-sent)
			}
			if blocked, err := r.mains[0].core.store.IsBlocked(context.Background(), u.chat()); err != nil || !blocked {
				t.Errorf("an unfollower is not on the block list (reminders would go on): %v %v", blocked, err)
			}
			// Following again greets again and lifts the block.
			if back := u.event(fakeoa.Follow(u.id)); !strings.Contains(back, vi("notices.q_area")) && !strings.Contains(back, text("notices.q_area")) {
				t.Errorf("following again:\n%s", back)
			}
			if blocked, err := r.mains[0].core.store.IsBlocked(context.Background(), u.chat()); err != nil || blocked {
				t.Errorf("following again left the chat blocked: %v %v", blocked, err)
			}
		})
	}
	for _, c := range r.oa.Calls(zalooa.SendPath) {
		if c.AccessToken == "" {
			t.Errorf("a send without an access token: %+v", c)
		}
	}
}
