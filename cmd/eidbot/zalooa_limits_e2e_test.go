package main

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/internal/redistest"
	"github.com/eidbot/eidbot/internal/telegram/fakeapi"
	"github.com/eidbot/eidbot/internal/zalooa"
	"github.com/eidbot/eidbot/internal/zalooa/fakeoa"
)

// oaPost posts a raw body with a signature to process i's OA webhook and
// returns the status and Retry-After.
func (r *oaRig) oaPost(i int, signature string, body []byte) (int, string) {
	resp, _ := postJSON(r.t, r.client, "http://"+r.mains[i].Addr()+zaloOAPath, zalooa.SignatureHeader, signature, body)
	if resp == nil {
		return 0, ""
	}
	return resp.StatusCode, resp.Header.Get("Retry-After")
}

// TestZaloOAForgedSignatureTouchesNothing: a forged, altered, missing or
// malformed signature gets 401 before anything touches Redis.
func TestZaloOAForgedSignatureTouchesNothing(t *testing.T) {
	r := newOARig(t, 1, -1)
	u := r.user(1)
	body := r.oa.Body(fakeoa.Text(u.id, "/start"))
	good := fakeoa.Signature(body)
	altered := bytes.Replace(body, []byte("/start"), []byte("/forget"), 1)
	var codes []int
	n := r.redis.CountCommands(func() {
		for _, tc := range []struct {
			sig  string
			body []byte
		}{
			{"", body}, {"mac=", body}, {"mac=" + strings.Repeat("0", 64), body}, {good + "0", body},
			{strings.ToUpper(good[:4]) + good[4:5] + "f" + good[6:], body}, {good, altered}, {"not hex at all", body},
		} {
			code, _ := r.oaPost(0, tc.sig, tc.body)
			codes = append(codes, code)
		}
		code, err := r.oa.DeliverForged(context.Background(), "http://"+r.mains[0].Addr()+zaloOAPath, fakeoa.Text(u.id, "hi"))
		if err != nil {
			t.Error(err)
		}
		codes = append(codes, code)
	})
	if n != 0 {
		t.Fatalf("requests with a bad signature issued %d Redis commands", n)
	}
	for _, c := range codes {
		if c != http.StatusUnauthorized {
			t.Fatalf("statuses %v, want all 401", codes)
		}
	}
	r.process(0)
	if sent := r.oa.Calls(zalooa.SendPath); len(sent) != 0 {
		t.Fatalf("a forged event was answered: %+v", sent)
	}
	if code, _ := r.oaPost(0, good, body); code != http.StatusOK {
		t.Fatalf("the genuine event: %d", code)
	}
	r.process(0)
	if u.news() == "" {
		t.Fatal("the genuine event was not answered")
	}
}

// TestZaloOAEventOnceAcrossReplicas delivers each of 20 events 5 times,
// concurrently, to 2 processes whose workers run (as serve runs them):
// each is handled once.
func TestZaloOAEventOnceAcrossReplicas(t *testing.T) {
	r := newOARig(t, 2, 100*time.Millisecond)
	const users, copies = 20, 5
	var bodies [][]byte
	for i := range users {
		r.clock.set(r.clock.now().Add(time.Second))
		bodies = append(bodies, r.oa.Body(fakeoa.Text(r.user(1+i).id, "/start")))
	}
	var mu sync.Mutex
	statuses := map[int]int{}
	parallel(users*copies, 16, func(i int) {
		code, _ := r.oaPost(rand.IntN(2), fakeoa.Signature(bodies[i%users]), bodies[i%users])
		mu.Lock()
		statuses[code]++
		mu.Unlock()
	})
	if statuses[http.StatusOK] != users*copies {
		t.Fatalf("statuses %v, want all 200", statuses)
	}
	// Each /start is answered with one message: wait for all, then let
	// both workers drain the journal before counting.
	ctx, cancel := context.WithTimeout(context.Background(), fakeoa.WaitTimeout)
	defer cancel()
	if _, err := r.oa.Wait(ctx, zalooa.SendPath, users); err != nil {
		t.Fatal(err)
	}
	r.process(0)
	r.process(1)
	for i := range users {
		if n := len(r.oa.Sent(r.user(1 + i).id)); n != 1 {
			t.Errorf("user %d got %d messages, want 1", i, n)
		}
	}
	t.Logf("statuses over %d deliveries: %v", users*copies, statuses)
}

// TestZaloOARedisDown: with Redis down the webhook answers 503 with
// Retry-After and records nothing; Zalo's retries after Redis is back are
// each handled once.
func TestZaloOARedisDown(t *testing.T) {
	h := newHarness(t, 0)
	h.redis = redistest.Start(t, redistest.WithAppendOnly())
	r := &oaRig{harness: h, clock: &clock{t: time.Now()}}
	r.oa = fakeoa.New(t, fakeoa.WithClock(r.clock.now))
	r.mains = append(r.mains, r.startOA(-1))
	// Seeded by the command, whose clock is the real one, as the test's is.
	if err := runZaloOAToken(context.Background(), env(r.oaEnv()), strings.NewReader(r.oa.IssueRefreshToken()+"\n"), new(bytes.Buffer)); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(r.oaChecks)
	var bodies [][]byte
	for i := range 10 {
		r.clock.set(r.clock.now().Add(time.Second))
		bodies = append(bodies, r.oa.Body(fakeoa.Text(r.user(1+i).id, "/start")))
	}
	r.redis.Stop()
	for _, b := range bodies {
		if code, retry := r.oaPost(0, fakeoa.Signature(b), b); code != http.StatusServiceUnavailable || retry == "" {
			t.Fatalf("with Redis down the webhook answered %d (Retry-After %q)", code, retry)
		}
	}
	r.redis.Restart()
	for _, b := range bodies {
		for attempt := 0; ; attempt++ {
			code, _ := r.oaPost(0, fakeoa.Signature(b), b)
			if code == http.StatusOK {
				break
			}
			if attempt == 100 {
				t.Fatalf("redelivery answered %d", code)
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	r.process(0)
	for i := range bodies {
		if n := len(r.oa.Sent(r.user(1 + i).id)); n != 1 {
			t.Errorf("user %d got %d messages, want 1", i, n)
		}
	}
}

// TestZaloOANeverANinthReply: a person writes once; the bot may send 8
// messages in the 48 hours after. Reminders and notices beyond them are
// refused as not reachable and never reach Zalo; a turn longer than the
// window allows ends with how to continue, and the person's next message
// shows the rest.
func TestZaloOANeverANinthReply(t *testing.T) {
	r := newOARig(t, 1, -1)
	u := r.user(1)
	u.say("/start") // one message: the welcome and the menu
	ctx := context.Background()
	var refused int
	for i := range 10 {
		err := r.mains[0].engine.Notify(ctx, bot.Reply{Kind: bot.ReplyText, Chat: u.chat(), Text: "notice " + string(rune('A'+i))})
		var unreachable interface{ Unreachable() bool }
		switch {
		case err == nil:
		case errors.As(err, &unreachable) && unreachable.Unreachable() && errors.Is(err, bot.ErrRejected):
			refused++
		default:
			t.Fatalf("notice %d: %v", i, err)
		}
	}
	if n := len(r.oa.Sent(u.id)); n != zalooa.RepliesPerWindow || refused != 3 {
		t.Fatalf("%d messages sent and %d refused, want %d and 3", n, refused, zalooa.RepliesPerWindow)
	}
	u.news()

	// A new message opens a new window: 8 more. Use 7, then a turn of
	// two messages gets one, which says how to continue.
	u.say("/menu")
	for range 6 {
		if err := r.mains[0].engine.Notify(ctx, bot.Reply{Kind: bot.ReplyText, Chat: u.chat(), Text: "x"}); err != nil {
			t.Fatal(err)
		}
	}
	u.news()
	long := strings.Repeat("Một đoạn dài. ", 200) // about 2,800 characters: two messages
	if err := r.mains[0].engine.Notify(ctx, bot.Reply{Kind: bot.ReplyText, Chat: u.chat(), Text: long}); err != nil {
		t.Fatal(err)
	}
	cat := catalog(t)
	cut := u.news()
	if more := strings.TrimSpace(cat.Text(bot.Vietnamese, "zo.more", nil)); !strings.HasSuffix(cut, more) {
		t.Fatalf("the last message the window allows does not say how to continue:\n%s", cut)
	}
	rest := u.say("ok")
	if rest == "" || !strings.Contains(cut+rest, strings.TrimSpace(long[len(long)-40:])) {
		t.Fatalf("the rest of the cut turn:\n%s", rest)
	}
	if n := len(r.oa.Sent(u.id)); n != 2*zalooa.RepliesPerWindow+1 {
		t.Errorf("%d messages in all, want %d", n, 2*zalooa.RepliesPerWindow+1)
	}
}

// TestZaloOARefreshRaceSpendsTheTokenOnce: the access token expires;
// two processes sending at once both meet Zalo's -216, and the single-use
// refresh token is spent once (the stand-in revokes everything on a
// reuse, which oaChecks would report).
func TestZaloOARefreshRaceSpendsTheTokenOnce(t *testing.T) {
	r := newOARig(t, 2, -1)
	var people []*oaUser
	for i := range 8 {
		u := r.user(10 + i)
		u.say("/start")
		people = append(people, u)
	}
	before := r.oa.Refreshes()
	r.oa.ExpireAccessTokens()
	r.expired = true
	parallel(len(people), len(people), func(i int) {
		err := r.mains[i%2].engine.Notify(context.Background(), bot.Reply{Kind: bot.ReplyText, Chat: people[i].chat(), Text: "after the refresh"})
		if err != nil {
			t.Errorf("send from process %d: %v", i%2, err)
		}
	})
	if n := r.oa.Refreshes() - before; n != 1 {
		t.Fatalf("%d refreshes, want 1", n)
	}
	for _, u := range people {
		if sent := r.oa.Sent(u.id); sent[len(sent)-1].Text != "after the refresh" {
			t.Errorf("%s did not get the message", u.id)
		}
	}
	for i, m := range r.mains {
		if err := m.ready(context.Background()); err != nil {
			t.Errorf("process %d not ready after the refresh: %v", i, err)
		}
	}
}

// TestZaloOAReadyzRedOnAFailedRefresh: a refresh Zalo refuses turns
// /readyz red, and a good seed turns it green again.
func TestZaloOAReadyzRedOnAFailedRefresh(t *testing.T) {
	r := newOARig(t, 1, -1)
	u := r.user(1)
	u.say("/start")
	readyz := func() int {
		resp, err := r.client.Get("http://" + r.mains[0].Addr() + "/readyz")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if code := readyz(); code != http.StatusOK {
		t.Fatalf("/readyz %d with fresh tokens", code)
	}
	r.oa.ExpireAccessTokens()
	r.expired = true
	r.oa.FailNext(zalooa.RefreshPath, 1, fakeoa.Refused(-14014, "Invalid refresh token"))
	if err := r.mains[0].engine.Notify(context.Background(), bot.Reply{Kind: bot.ReplyText, Chat: u.chat(), Text: "x"}); err == nil {
		t.Fatal("a send succeeded without a token")
	}
	if code := readyz(); code != http.StatusServiceUnavailable {
		t.Fatalf("/readyz %d after a failed refresh", code)
	}
	r.seed()
	if err := r.mains[0].engine.Notify(context.Background(), bot.Reply{Kind: bot.ReplyText, Chat: u.chat(), Text: "y"}); err != nil {
		t.Fatal(err)
	}
	if code := readyz(); code != http.StatusOK {
		t.Fatalf("/readyz %d after a new seed", code)
	}
}

// logBuffer keeps log lines for the test to read, and shows them with
// t.Log.
type logBuffer struct {
	t  testing.TB
	mu sync.Mutex
	b  strings.Builder
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.t.Log(strings.TrimSpace(string(p)))
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestZaloOAReminderOutsideTheWindowIsReported: a person books on the OA
// and writes no more; the reminder comes due after their window closed.
// It is not sent (Zalo would refuse or charge it) and the log says which
// reminder could not reach whom, never silently.
func TestZaloOAReminderOutsideTheWindowIsReported(t *testing.T) {
	r := newOARig(t, 0, -1)
	logs := &logBuffer{t: t}
	r.mains = append(r.mains, r.start(&Main{Config: r.oaConfig(), Now: r.clock.now, ReminderEvery: -1, CampaignPoll: -1, ZaloOAPoll: -1,
		Log: slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelWarn}))}))
	r.seed()
	u := r.user(1)
	u.say("/start")
	u.say("1") // check
	u.say("1") // a citizen
	u.press("14_plus")
	u.say("có")
	u.say("Có")
	u.say("khong")
	for _, choice := range []string{"book", "self", "point"} {
		u.press(choice)
	}
	u.say("1") // the first point, day and time
	u.say("1")
	u.say("1")
	u.press("agree")
	u.press("yes") // reminders
	u.say("Lê Thị Hoa")
	u.say("0912 345 678")
	u.press("yes")
	if !icsLink.MatchString(u.last) {
		t.Fatalf("no booking:\n%s", u.last)
	}
	before := len(r.oa.Sent(u.id))
	r.clock.set(r.clock.now().Add(zalooa.ReplyWindow))
	if _, err := r.mains[0].engine.appointments.SendDueReminders(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := len(r.oa.Sent(u.id)); n != before {
		t.Fatalf("%d reminders sent outside the window", n-before)
	}
	if log := logs.String(); !strings.Contains(log, "reminder not sent: the person is not reachable") || !strings.Contains(log, "zo:"+u.id) {
		t.Fatalf("the reminder that could not go out is not reported:\n%s", log)
	}
}

// TestZaloOACampaignReportsSkippedPerChannel: a committee member's notice
// goes to a Telegram subscriber and two OA followers, one of whom wrote
// more than 48 hours ago. The preview says how many OA followers can get
// it now; the OA sends one notice, never the other; the report counts
// sent, not reachable and failed per channel.
func TestZaloOACampaignReportsSkippedPerChannel(t *testing.T) {
	r := newOARig(t, 0, -1)
	const adminID, memberID = 900, 901
	cfg := r.oaConfig()
	cfg.AdminToken, cfg.AdminIDs = testAdminToken, []bot.UserID{bot.NewUserID("tg", uid(adminID))}
	m := r.start(&Main{Config: cfg, Now: r.clock.now, ReminderEvery: -1, CampaignPoll: 20 * time.Millisecond, ZaloOAPoll: -1,
		Log: slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))})
	r.mains = []*Main{m}
	r.seed()

	r.person(adminID, "vi").say("/grant 901 ben_thanh")
	tg := r.person(911, "vi")
	tg.say("/subscribe")
	tg.press("ben_thanh")
	away, here := r.user(1), r.user(2)
	away.event(fakeoa.Follow(away.id))
	away.press("yes")
	r.clock.set(r.clock.now().Add(zalooa.ReplyWindow))
	here.event(fakeoa.Follow(here.id))
	here.press("yes")

	member := r.person(memberID, "en")
	member.say("/broadcast")
	member.press("subscribers")
	member.press("notice")
	preview := strings.Join(texts(member.press("now")), "\n")
	if !strings.Contains(preview, "Zalo OA: 1 of 2 can get it now") {
		t.Fatalf("preview lacks who is reachable now:\n%s", preview)
	}
	member.press("send")
	final := waitMatch(t, r.harness, func(c fakeapi.Call) bool {
		return c.ChatID() == uid(memberID) && strings.Contains(c.Params["text"], "finished")
	})
	report := final.Params["text"]
	for _, want := range []string{"Telegram: sent 1 · not reachable now 0 · failed 0", "Zalo OA: sent 1 · not reachable now 1 · failed 0", "1 person was not reachable on Zalo now"} {
		if !strings.Contains(report, want) {
			t.Errorf("the final report lacks %q:\n%s", want, report)
		}
	}
	if n := len(r.oa.Sent(away.id)); n != 2 { // the greeting and "subscribed", not the notice
		t.Errorf("the follower outside the window got %d messages", n)
	}
	list, err := m.core.campaigns.List(context.Background(), "ben_thanh", 1)
	if err != nil || len(list) != 1 {
		t.Fatal(list, err)
	}
	p := list[0].Progress
	if p.Sent != 2 || p.Skipped != 1 || p.Channels[bot.ChannelZaloOA] != (bot.ChannelProgress{Sent: 1, Skipped: 1}) || p.Remaining() != 0 {
		t.Errorf("progress %+v", p)
	}
}

// TestZaloOATokenCommand: "eidbot zalo-oa token" reads the refresh token
// from standard input (or ZALO_OA_REFRESH_TOKEN), stores it and spends it
// once; a server then answers with the pair it stored. Real clocks here:
// the command has no other.
func TestZaloOATokenCommand(t *testing.T) {
	r := &oaRig{harness: newHarness(t, 0)}
	r.oa = fakeoa.New(t)
	t.Cleanup(r.oaChecks)
	ctx := context.Background()
	if err := runZaloOAToken(ctx, env(r.oaEnv()), strings.NewReader("\n"), new(bytes.Buffer)); !errors.Is(err, errNoRefreshToken) {
		t.Fatalf("no token: %v", err)
	}
	var out bytes.Buffer
	if err := runZaloOAToken(ctx, env(r.oaEnv()), strings.NewReader(r.oa.IssueRefreshToken()+"\n"), &out); err != nil || !strings.Contains(out.String(), "refreshed") {
		t.Fatalf("zalo-oa token: %v %q", err, out.String())
	}
	withEnv := r.oaEnv()
	withEnv["ZALO_OA_REFRESH_TOKEN"] = r.oa.IssueRefreshToken() // an admin authorised the app again
	if err := runZaloOAToken(ctx, env(withEnv), nil, new(bytes.Buffer)); err != nil {
		t.Fatalf("zalo-oa token from the environment: %v", err)
	}
	if n := r.oa.Refreshes(); n != 2 {
		t.Fatalf("%d refreshes, want 2", n)
	}
	m := r.start(&Main{Config: r.oaConfig(), ReminderEvery: -1, CampaignPoll: -1, ZaloOAPoll: -1,
		Log: slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))})
	r.mains = []*Main{m}
	if code := r.post(0, fakeoa.Text(r.user(1).id, "/start")); code != http.StatusOK {
		t.Fatal(code)
	}
	r.process(0)
	if len(r.oa.Sent(r.user(1).id)) != 1 || r.oa.Refreshes() != 2 {
		t.Fatalf("the server did not answer with the seeded pair: %d sent, %d refreshes", len(r.oa.Sent(r.user(1).id)), r.oa.Refreshes())
	}
}
