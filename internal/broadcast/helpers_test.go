package broadcast_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/internal/broadcast"
	"github.com/eidbot/eidbot/internal/redisstore"
	"github.com/eidbot/eidbot/internal/redistest"
	"github.com/eidbot/eidbot/internal/telegram"
	"github.com/eidbot/eidbot/internal/telegram/fakeapi"
)

func TestMain(m *testing.M) {
	redisstore.LogTo(slog.New(slog.DiscardHandler))
	os.Exit(m.Run())
}

// authorChat receives the progress reports in every test.
// testLease is the Workers' lease: a send is abandoned after at least a
// quarter of it, which even a starved test machine never takes.
const testLease = 8 * time.Second

var authorChat = bot.Chat{Channel: "tg", ID: "1", Kind: bot.ChatPrivate}

// env is one test's world: a throwaway Redis, a fake Bot API enforcing
// the same limits the Workers are given, and the hooks' records.
type env struct {
	t      testing.TB
	redis  *redistest.Server
	api    *fakeapi.Server
	limits redisstore.Limits
	store  *redisstore.Store // the test's own connection
	camps  *redisstore.Campaigns

	logs *syncBuffer // the Workers' warnings, shown when the test fails

	mu       sync.Mutex
	blocked  map[string]int
	migrated map[string]string
}

func newEnv(t testing.TB, limits redisstore.Limits) *env {
	t.Helper()
	return newEnvOn(t, limits, redistest.Start(t))
}

// newEnvOn is newEnv on a Redis the test started: a Cluster's or a
// Sentinel setup's Endpoint.
func newEnvOn(t testing.TB, limits redisstore.Limits, srv *redistest.Server) *env {
	t.Helper()
	e := &env{t: t, redis: srv, limits: limits, blocked: map[string]int{}, migrated: map[string]string{},
		logs: &syncBuffer{}}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("worker warnings:\n%s", e.logs.tail(40))
		}
	})
	fl := fakeapi.Limits{Global: limits.Global, GlobalWindow: limits.GlobalWindow, Chat: limits.Chat,
		ChatWindow: limits.ChatWindow, Group: limits.Group, GroupWindow: limits.GroupWindow}
	e.api = fakeapi.New(t, fakeapi.WithLimits(fl))
	e.store = e.open()
	e.camps = redisstore.NewCampaigns(e.store)
	return e
}

// open connects to the env's Redis as another process would.
func (e *env) open() *redisstore.Store {
	e.t.Helper()
	st, err := redisstore.Open(context.Background(), e.redis.URL(), redisstore.Options{Mode: redisstore.Mode(e.redis.Mode())})
	if err != nil {
		e.t.Fatal(err)
	}
	e.t.Cleanup(func() { st.Close() })
	return st
}

// workerOpts tunes one Worker of a test.
type workerOpts struct {
	name     string
	token    string // the bot token its Telegram client uses, to tell Workers apart
	inFlight int
	now      func() time.Time
	audience broadcast.Audience
	sender   bot.Sender // default: a Telegram client of the fake Bot API
	drain    time.Duration
}

// worker builds a Worker as a separate process would have it: its own
// Redis connection and its own Telegram client.
func (e *env) worker(o workerOpts) *broadcast.Worker {
	e.t.Helper()
	st := e.open()
	if o.token == "" {
		o.token = "1:test"
	}
	tg, err := telegram.New(context.Background(), telegram.Config{Token: o.token, APIURL: e.api.URL(), FloodWaits: -1, Attempts: 1})
	if err != nil {
		e.t.Fatal(err)
	}
	var sender bot.Sender = tg
	if o.sender != nil {
		sender = o.sender
	}
	w, err := broadcast.New(broadcast.Config{
		Queue: redisstore.NewCampaigns(st), Limiter: redisstore.NewLimiter(st, e.limits),
		Sender: sender, Audience: o.audience, Render: render, Report: report,
		Blocked:  e.onBlocked,
		Migrated: e.onMigrated,
		Consumer: o.name, InFlight: o.inFlight, Lease: testLease, MaxAttempts: 3,
		ReportEvery: time.Second, Poll: 20 * time.Millisecond, Now: o.now, Drain: o.drain,
		Log: slog.New(slog.NewTextHandler(e.logs, &slog.HandlerOptions{Level: slog.LevelWarn})),
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return w
}

func (e *env) onBlocked(_ context.Context, chat bot.Chat) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.blocked[chat.ID]++
	return nil
}

func (e *env) onMigrated(_ context.Context, from, to bot.Chat) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.migrated[from.ID] = to.ID
	return nil
}

func render(c bot.Campaign, r bot.Recipient) bot.Reply {
	return bot.Reply{Text: "Campaign " + c.ID + " in " + string(r.Lang)}
}

func report(c bot.Campaign, final bool) bot.Reply {
	p := c.Progress
	return bot.Reply{Text: fmt.Sprintf("final=%v sent %d blocked %d failed %d cancelled %d remaining %d eta %v",
		final, p.Sent, p.Blocked, p.Failed, p.Cancelled, p.Remaining(), p.ETA().Round(time.Second))}
}

// run starts w and returns a function that stops it abruptly and waits
// until Run returned; an error from Run fails the test.
func (e *env) run(w *broadcast.Worker) (stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx) }()
	return func() {
		e.t.Helper()
		cancel()
		if err := receive(e.t, done, "the Worker to stop"); err != nil {
			e.t.Errorf("Run: %v", err)
		}
	}
}

// patience is how long a test waits for what it expects before it fails:
// generous, so that it only turns a hang into a failure.
const patience = 3 * time.Minute

// receive waits for a value from ch and fails the test, naming what it
// waited for, when none comes within patience.
func receive[T any](t testing.TB, ch <-chan T, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(patience):
		t.Fatalf("waited %v for %s", patience, what)
	}
	var zero T
	return zero
}

// eventually polls cond until it holds and reports whether it did within
// the time given.
func eventually(within time.Duration, cond func() bool) bool {
	deadline := time.Now().Add(within)
	for !cond() {
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(20 * time.Millisecond)
	}
	return true
}

// audience is an in-memory Audience.
type audience []bot.Recipient

func (a audience) Recipients(ctx context.Context, _ bot.Campaign, fn func(bot.Recipient) error) error {
	for _, r := range a {
		if err := fn(r); err != nil {
			return err
		}
	}
	return nil
}

// people returns n private chats from id first on, in rotating languages.
func people(first int64, n int) audience {
	langs := []bot.Lang{"vi", "en", "zh", "ko"}
	out := make(audience, n)
	for i := range out {
		out[i] = bot.Recipient{Chat: bot.Chat{Channel: "tg", ID: strconv.FormatInt(first+int64(i), 10), Kind: bot.ChatPrivate}, Lang: langs[i%4], Subscribed: true}
	}
	return out
}

// groups returns n group chats from id -first down.
func groups(first int64, n int) audience {
	out := make(audience, n)
	for i := range out {
		out[i] = bot.Recipient{Chat: bot.Chat{Channel: "tg", ID: strconv.FormatInt(-(first + int64(i)), 10), Kind: bot.ChatGroup}, Lang: "vi", Subscribed: true}
	}
	return out
}

// create stores a campaign that needs no approval.
func (e *env) create(area string, sendAt time.Time) bot.Campaign {
	e.t.Helper()
	c, err := e.camps.Create(context.Background(), bot.Campaign{Area: area, Audience: bot.Audience{Kind: bot.AudienceSubscribers},
		Template: bot.TemplateNotice, Author: "tg:42", AuthorChat: authorChat, AuthorLang: "vi", SendAt: sendAt}, false, "")
	if err != nil {
		e.t.Fatal(err)
	}
	return c
}

// waitFor polls the campaign until cond holds; it fails the test when
// that takes longer than patience. Redis being unavailable (during a
// failover, until the test's client finds the new master) is waited out.
func (e *env) waitFor(id string, what string, cond func(bot.Campaign) bool) bot.Campaign {
	e.t.Helper()
	var c bot.Campaign
	var err error
	held := eventually(patience, func() bool {
		c, _, err = e.camps.Get(context.Background(), id)
		return err != nil && !errors.Is(err, bot.ErrUnavailable) || err == nil && cond(c)
	})
	if err != nil {
		e.t.Fatal(err)
	}
	if !held {
		e.t.Fatalf("campaign %s never %s: %+v", id, what, c)
	}
	return c
}

// waitSent waits until the fake accepted at least n campaign messages; it
// fails the test when that takes longer than patience.
func (e *env) waitSent(n int) {
	e.t.Helper()
	if !eventually(patience, func() bool { return e.sentCount() >= n }) {
		e.t.Fatalf("%d campaign messages sent after %v, want %d", e.sentCount(), patience, n)
	}
}

func finished(c bot.Campaign) bool { return !c.Finished.IsZero() }

// delivered counts the messages the fake accepted per chat, author's
// reports excluded.
func (e *env) delivered() map[string]int {
	out := map[string]int{}
	for _, c := range e.api.CallsTo("sendMessage") {
		if c.Status == 200 && c.ChatID() != authorChat.ID {
			out[c.ChatID()]++
		}
	}
	return out
}

// sentCount is how many campaign messages the fake accepted so far.
func (e *env) sentCount() int {
	n := 0
	for _, v := range e.delivered() {
		n += v
	}
	return n
}

// noViolations fails the test for any request the fake had to refuse for
// a rate limit.
func (e *env) noViolations() {
	e.t.Helper()
	if v := e.api.Violations(); len(v) > 0 {
		e.t.Errorf("%d rate-limit violations, first: %v", len(v), v[0])
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// syncBuffer collects log lines from many goroutines.
type syncBuffer struct {
	mu    sync.Mutex
	lines []string
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.lines = append(b.lines, string(p))
	return len(p), nil
}

// tail returns the last n lines.
func (b *syncBuffer) tail(n int) string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return strings.Join(b.lines[max(0, len(b.lines)-n):], "")
}
