package bot_test

import (
	"context"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/flows"
)

// idTranslator renders a message as "lang:id" plus its data, so that tests
// see exactly which message was chosen with which values.
type idTranslator struct{}

func (idTranslator) Text(lang bot.Lang, id string, data map[string]any) string {
	keys := make([]string, 0, len(data))
	for k := range data {
		if k != "Name" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	var b strings.Builder
	b.WriteString(string(lang) + ":" + id)
	for _, k := range keys {
		fmt.Fprintf(&b, " %s=%v", k, data[k])
	}
	return b.String()
}

func (idTranslator) Time(t time.Time) string { return t.UTC().Format("15:04Z") }

func (idTranslator) Day(lang bot.Lang, t time.Time) string {
	return string(lang) + ":" + t.Format("01-02")
}

func (idTranslator) Date(lang bot.Lang, t time.Time) string {
	return string(lang) + ":" + t.Format(time.DateOnly)
}

// memSessions is an in-memory SessionStore with the same compare-and-set
// contract as the Redis one (which has its own tests against real Redis).
type memSessions struct {
	mu   sync.Mutex
	data map[string]bot.Session
	// beforeSave, if set, runs before each save, e.g. to inject a conflict.
	beforeSave func(s *bot.Session)
}

func newMemSessions() *memSessions { return &memSessions{data: map[string]bot.Session{}} }

func (m *memSessions) Load(_ context.Context, chat bot.Chat) (bot.Session, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	s, ok := m.data[chat.Key()]
	return s, ok, nil
}

func (m *memSessions) Save(_ context.Context, s *bot.Session) error {
	if m.beforeSave != nil {
		m.beforeSave(s)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.data[s.Chat.Key()].Version != s.Version {
		return bot.ErrConflict
	}
	s.Version++
	m.data[s.Chat.Key()] = *s
	return nil
}

func (m *memSessions) Erase(_ context.Context, chat bot.Chat) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.data, chat.Key())
	return nil
}

// memJournal is an in-memory Journal over a memSessions, with the same
// contract as the Redis one (which has its own tests against real Redis).
type memJournal struct {
	*memSessions
	umu    sync.Mutex
	state  map[string]string
	outbox map[string][]bot.Reply
	sent   map[string]int
}

func newMemJournal(s *memSessions) *memJournal {
	return &memJournal{memSessions: s, state: map[string]string{}, outbox: map[string][]bot.Reply{}, sent: map[string]int{}}
}

func key(chat bot.Chat, id string) string { return chat.Key() + "/" + id }

func (m *memJournal) Begin(ctx context.Context, chat bot.Chat, id string) (bot.Claim, bot.Session, bool, error) {
	m.umu.Lock()
	switch m.state[key(chat, id)] {
	case "done":
		m.umu.Unlock()
		return bot.ClaimDone, bot.Session{}, false, nil
	case "busy":
		m.umu.Unlock()
		return bot.ClaimBusy, bot.Session{}, false, nil
	}
	m.state[key(chat, id)] = "busy"
	m.umu.Unlock()
	s, found, err := m.Load(ctx, chat)
	return bot.ClaimNew, s, found, err
}

func (m *memJournal) Commit(ctx context.Context, s *bot.Session, id string, replies []bot.Reply) error {
	if err := m.Save(ctx, s); err != nil {
		return err
	}
	m.umu.Lock()
	defer m.umu.Unlock()
	m.outbox[key(s.Chat, id)] = append([]bot.Reply(nil), replies...)
	return nil
}

func (m *memJournal) Try(ctx context.Context, s *bot.Session, id string, replies []bot.Reply) (bot.Claim, error) {
	m.umu.Lock()
	switch m.state[key(s.Chat, id)] {
	case "done":
		m.umu.Unlock()
		return bot.ClaimDone, nil
	case "busy":
		m.umu.Unlock()
		return bot.ClaimBusy, nil
	}
	m.umu.Unlock()
	if err := m.Save(ctx, s); err != nil {
		return 0, err
	}
	m.umu.Lock()
	defer m.umu.Unlock()
	m.state[key(s.Chat, id)] = "busy"
	m.outbox[key(s.Chat, id)] = append([]bot.Reply(nil), replies...)
	return bot.ClaimNew, nil
}

func (m *memJournal) Pending(_ context.Context, chat bot.Chat, id string) ([]bot.Reply, int, error) {
	m.umu.Lock()
	defer m.umu.Unlock()
	return append([]bot.Reply(nil), m.outbox[key(chat, id)]...), m.sent[key(chat, id)], nil
}

func (m *memJournal) Settle(_ context.Context, chat bot.Chat, id string, n int) error {
	m.umu.Lock()
	defer m.umu.Unlock()
	k := key(chat, id)
	m.sent[k] = max(m.sent[k], n)
	if m.sent[k] >= len(m.outbox[k]) {
		delete(m.outbox, k)
		delete(m.sent, k)
		m.state[k] = "done"
	}
	return nil
}

func (m *memJournal) Release(_ context.Context, chat bot.Chat, id string) error {
	m.umu.Lock()
	defer m.umu.Unlock()
	if m.state[key(chat, id)] == "busy" {
		delete(m.state, key(chat, id))
	}
	return nil
}

// recSender records what was sent; fail, if set, decides per reply whether
// sending fails and how.
type recSender struct {
	mu   sync.Mutex
	sent []bot.Reply
	fail func(n int, r bot.Reply) error
	n    int
}

func (r *recSender) Send(_ context.Context, rep bot.Reply) (bot.Sent, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.n++
	if r.fail != nil {
		if err := r.fail(r.n, rep); err != nil {
			return bot.Sent{}, err
		}
	}
	r.sent = append(r.sent, rep)
	return bot.Sent{MessageID: 100 + len(r.sent)}, nil
}

func (r *recSender) replies() []bot.Reply {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]bot.Reply(nil), r.sent...)
}

// testFlows loads bot/testdata/flows.
func testFlows(t testing.TB) *flows.Set {
	t.Helper()
	set, probs := flows.Load(os.DirFS("testdata/flows"))
	if len(probs) > 0 {
		t.Fatalf("test flows: %v", probs)
	}
	return set
}

var t0 = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)

// newTestEngine builds an engine on the test flows with in-memory fakes.
func newTestEngine(t testing.TB) (*bot.Engine, *memJournal, *recSender) {
	t.Helper()
	sessions, sender := newMemSessions(), &recSender{}
	journal := newMemJournal(sessions)
	e, err := bot.NewEngine(bot.Config{
		Flows: testFlows(t), Translator: idTranslator{}, Sessions: sessions, Journal: journal,
		Sender: sender, Erasers: []bot.Eraser{sessions}, BotUsername: "eidbot", Now: func() time.Time { return t0 },
	})
	if err != nil {
		t.Fatal(err)
	}
	return e, journal, sender
}

var private = bot.Chat{Channel: "tg", ID: "42", Kind: bot.ChatPrivate}

var nextID int64 = 1000

func cmd(name, payload string) bot.Update {
	nextID++
	return bot.Update{ID: strconv.FormatInt(nextID, 10), Kind: bot.UpdateCommand, Chat: private, From: bot.User{ID: "tg:42", FirstName: "Lan", LanguageCode: "vi"},
		Command: name, Payload: payload, Addressed: true, Time: t0}
}

func text(s string) bot.Update {
	nextID++
	return bot.Update{ID: strconv.FormatInt(nextID, 10), Kind: bot.UpdateText, Chat: private, From: bot.User{ID: "tg:42", FirstName: "Lan", LanguageCode: "vi"}, Text: s, Time: t0}
}

func press(data string, msg int) bot.Update {
	nextID++
	return bot.Update{ID: strconv.FormatInt(nextID, 10), Kind: bot.UpdateButton, Chat: private, From: bot.User{ID: "tg:42", FirstName: "Lan", LanguageCode: "vi"},
		Button: &bot.Press{Data: data, CallbackID: fmt.Sprintf("cb%d", nextID), MessageID: msg}, Time: t0}
}
