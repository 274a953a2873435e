package zalooa_test

import (
	"context"
	"errors"
	"sort"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/internal/zalooa"
	"github.com/eidbot/eidbot/internal/zalooa/fakeoa"
)

// clock is a settable clock shared by the code under test and the fake.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: time.Date(2026, 5, 4, 9, 0, 0, 0, time.UTC)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// errDown stands for a store that cannot be reached.
var errDown = errors.New("store down: " + bot.ErrUnavailable.Error())

// memTokens is an in-memory TokenStore.
type memTokens struct {
	mu      sync.Mutex
	record  []byte
	version int64
	fence   int64 // the newest handed out
	holder  int64 // the fence holding the lock; 0 when free
	until   time.Time
	down    bool
	now     func() time.Time
}

func (m *memTokens) Tokens(ctx context.Context) ([]byte, int64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.down {
		return nil, 0, errDown
	}
	return append([]byte(nil), m.record...), m.version, nil
}

func (m *memTokens) Lock(ctx context.Context, ttl time.Duration) (int64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.down {
		return 0, errDown
	}
	if m.holder != 0 && m.now().Before(m.until) {
		return 0, nil
	}
	m.fence++
	m.holder, m.until = m.fence, m.now().Add(ttl)
	return m.fence, nil
}

func (m *memTokens) Store(ctx context.Context, fence int64, record []byte) (int64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.down {
		return 0, errDown
	}
	if fence != m.fence {
		return 0, nil
	}
	m.record, m.version = append([]byte(nil), record...), m.version+1
	return m.version, nil
}

func (m *memTokens) Unlock(ctx context.Context, fence int64) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.holder == fence {
		m.holder = 0
	}
	return nil
}

func (m *memTokens) setDown(down bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.down = down
}

// memWindows is an in-memory WindowStore and QuotaStore.
type memWindows struct {
	mu    sync.Mutex
	win   map[string]memWindow
	quota map[string]int
}

type memWindow struct {
	at   time.Time
	msg  string
	used int
}

func newMemWindows() *memWindows {
	return &memWindows{win: map[string]memWindow{}, quota: map[string]int{}}
}

func (m *memWindows) Opened(ctx context.Context, chat bot.Chat, at time.Time, msgID string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	w, ok := m.win[chat.Key()]
	switch {
	case !ok || at.After(w.at):
		m.win[chat.Key()] = memWindow{at: at, msg: msgID}
	case at.Equal(w.at) && w.msg == "":
		w.msg = msgID
		m.win[chat.Key()] = w
	}
	return nil
}

func (m *memWindows) Reserve(ctx context.Context, chat bot.Chat, n, limit int, window time.Duration, now time.Time) (int, string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	w, ok := m.win[chat.Key()]
	if !ok || !now.Before(w.at.Add(window)) {
		return 0, "", nil
	}
	k := max(0, min(n, limit-w.used))
	w.used += k
	m.win[chat.Key()] = w
	return k, w.msg, nil
}

func (m *memWindows) Take(ctx context.Context, period string, n, limit int) (int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	k := max(0, min(n, limit-m.quota[period]))
	m.quota[period] += k
	return k, nil
}

// memJournal is an in-memory EventJournal: one consumer group.
type memJournal struct {
	mu      sync.Mutex
	seen    map[string]bool
	seq     int
	entries map[string][]byte    // not yet acknowledged
	unread  []string             // ids no consumer read
	pending map[string]time.Time // read, by when
	down    bool
}

func newMemJournal() *memJournal {
	return &memJournal{seen: map[string]bool{}, entries: map[string][]byte{}, pending: map[string]time.Time{}}
}

func (j *memJournal) Record(ctx context.Context, key string, body []byte) (bool, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.down {
		return false, errDown
	}
	if j.seen[key] {
		return false, nil
	}
	j.seen[key] = true
	j.seq++
	id := strconv.Itoa(j.seq)
	j.entries[id] = append([]byte(nil), body...)
	j.unread = append(j.unread, id)
	return true, nil
}

func (j *memJournal) Read(ctx context.Context, consumer string, n int, block time.Duration, fn func(string, []byte)) error {
	j.mu.Lock()
	take := j.unread[:min(n, len(j.unread))]
	j.unread = j.unread[len(take):]
	out := map[string][]byte{}
	for _, id := range take {
		j.pending[id] = time.Now()
		out[id] = j.entries[id]
	}
	j.mu.Unlock()
	for _, id := range take {
		fn(id, out[id])
	}
	return nil
}

func (j *memJournal) Reclaim(ctx context.Context, consumer string, minIdle time.Duration, n int, fn func(string, []byte)) error {
	j.mu.Lock()
	var ids []string
	for id, at := range j.pending {
		if time.Since(at) >= minIdle {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	ids = ids[:min(n, len(ids))]
	out := map[string][]byte{}
	for _, id := range ids {
		j.pending[id] = time.Now()
		out[id] = j.entries[id]
	}
	j.mu.Unlock()
	for _, id := range ids {
		fn(id, out[id])
	}
	return nil
}

func (j *memJournal) Ack(ctx context.Context, entry string) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	delete(j.pending, entry)
	delete(j.entries, entry)
	return nil
}

var (
	_ zalooa.TokenStore   = (*memTokens)(nil)
	_ zalooa.WindowStore  = (*memWindows)(nil)
	_ zalooa.QuotaStore   = (*memWindows)(nil)
	_ zalooa.EventJournal = (*memJournal)(nil)
)

// rig is the channel wired to a fake OA and in-memory stores.
type rig struct {
	t       *testing.T
	clock   *clock
	oa      *fakeoa.Server
	client  *zalooa.Client
	tokens  *zalooa.Tokens
	store   *memTokens
	windows *memWindows
	sender  *zalooa.Sender
}

// newRig seeds the tokens unless cfg says otherwise.
func newRig(t *testing.T, change func(*zalooa.Config, *zalooa.SenderConfig)) *rig {
	t.Helper()
	r := &rig{t: t, clock: newClock(), windows: newMemWindows()}
	r.oa = fakeoa.New(t, fakeoa.WithClock(r.clock.Now))
	cfg := r.oa.Config()
	cfg.Now = r.clock.Now
	cfg.Sleep = func(ctx context.Context, d time.Duration) error { return ctx.Err() }
	scfg := zalooa.SenderConfig{Windows: r.windows, Quota: r.windows}
	if change != nil {
		change(&cfg, &scfg)
	}
	var err error
	if r.client, err = zalooa.New(cfg); err != nil {
		t.Fatal(err)
	}
	r.store = &memTokens{now: r.clock.Now}
	r.tokens = zalooa.NewTokens(r.client, r.store)
	scfg.Client, scfg.Tokens = r.client, r.tokens
	r.sender = zalooa.NewSender(scfg)
	if err := r.tokens.Seed(context.Background(), r.oa.IssueRefreshToken()); err != nil {
		t.Fatalf("Seed: %v", err)
	}
	return r
}

// chat is user's private OA chat.
func chat(user string) bot.Chat {
	return bot.Chat{Channel: zalooa.Channel, ID: user, Kind: bot.ChatPrivate}
}

// userWrites makes the user write to the OA now: the fake opens Zalo's
// window, and the bot's window store learns of it as the worker would.
func (r *rig) userWrites(user, msgID string) {
	r.t.Helper()
	r.oa.OpenWindow(user, r.clock.Now())
	if err := r.windows.Opened(context.Background(), chat(user), r.clock.Now(), msgID); err != nil {
		r.t.Fatal(err)
	}
}

func textReply(user, text string) bot.Reply {
	return bot.Reply{Kind: bot.ReplyText, Chat: chat(user), Text: text}
}
