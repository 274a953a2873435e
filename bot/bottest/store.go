package bottest

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"

	"github.com/eidbot/eidbot/bot"
)

// Store is an in-memory bot.SessionStore, bot.Journal, bot.BlockList and
// bot.Eraser with the contracts the Redis store keeps. Records go through
// JSON, as they do in Redis, so that what is stored is a copy. It is safe
// for concurrent use.
type Store struct {
	mu         sync.Mutex
	sessions   map[string]bot.Session
	updates    map[string]string // chat key/update id → "busy" or "done"
	outbox     map[string][]bot.Reply
	sent       map[string]int
	blocked    map[string]bool
	beforeSave func(s *bot.Session)
}

var (
	_ bot.SessionStore = (*Store)(nil)
	_ bot.Journal      = (*Store)(nil)
	_ bot.BlockList    = (*Store)(nil)
	_ bot.Eraser       = (*Store)(nil)
)

// NewStore returns an empty store.
func NewStore() *Store {
	return &Store{sessions: map[string]bot.Session{}, updates: map[string]string{},
		outbox: map[string][]bot.Reply{}, sent: map[string]int{}, blocked: map[string]bool{}}
}

// BeforeSave makes fn run before every compare-and-set of a session (Save,
// Commit, Try), outside the store's lock: a test can let another writer in
// between a load and a save.
func (m *Store) BeforeSave(fn func(s *bot.Session)) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.beforeSave = fn
}

// Len is how many sessions the store holds.
func (m *Store) Len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.sessions)
}

// Load returns the chat's session.
func (m *Store) Load(_ context.Context, chat bot.Chat) (bot.Session, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.load(chat)
}

func (m *Store) load(chat bot.Chat) (bot.Session, bool, error) {
	s, ok := m.sessions[chat.Key()]
	if !ok {
		return bot.Session{}, false, nil
	}
	c, err := copyOf(s)
	c.Version = s.Version
	return c, true, err
}

// Save stores s if the stored version still equals s.Version.
func (m *Store) Save(_ context.Context, s *bot.Session) error {
	m.hook(s)
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.save(s)
}

// hook runs the BeforeSave function, if any.
func (m *Store) hook(s *bot.Session) {
	m.mu.Lock()
	fn := m.beforeSave
	m.mu.Unlock()
	if fn != nil {
		fn(s)
	}
}

// save is the compare-and-set; m.mu is held.
func (m *Store) save(s *bot.Session) error {
	if m.sessions[s.Chat.Key()].Version != s.Version {
		return bot.ErrConflict
	}
	c, err := copyOf(*s)
	if err != nil {
		return err
	}
	s.Version++
	c.Version = s.Version
	m.sessions[s.Chat.Key()] = c
	return nil
}

// copyOf is s as it reads back from JSON.
func copyOf[T any](v T) (T, error) {
	var c T
	b, err := json.Marshal(v)
	if err != nil {
		return c, fmt.Errorf("bottest: encoding: %w", err)
	}
	return c, json.Unmarshal(b, &c)
}

func updateKey(chat bot.Chat, id string) string { return chat.Key() + "/" + id }

// Begin claims update id and loads the chat's session with a new claim.
func (m *Store) Begin(_ context.Context, chat bot.Chat, id string) (bot.Claim, bot.Session, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if c, held := m.claimed(updateKey(chat, id)); held {
		return c, bot.Session{}, false, nil
	}
	m.updates[updateKey(chat, id)] = "busy"
	s, found, err := m.load(chat)
	return bot.ClaimNew, s, found, err
}

// claimed reports a claim on the update: done, or busy elsewhere.
func (m *Store) claimed(key string) (bot.Claim, bool) {
	switch m.updates[key] {
	case "done":
		return bot.ClaimDone, true
	case "busy":
		return bot.ClaimBusy, true
	}
	return bot.ClaimNew, false
}

// Commit stores s with the replies of update id as its outbox.
func (m *Store) Commit(_ context.Context, s *bot.Session, id string, replies []bot.Reply) error {
	m.hook(s)
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.commit(s, id, replies)
}

func (m *Store) commit(s *bot.Session, id string, replies []bot.Reply) error {
	out, err := copyOf(replies)
	if err != nil {
		return err
	}
	if err := m.save(s); err != nil {
		return err
	}
	m.outbox[updateKey(s.Chat, id)] = out
	return nil
}

// Try claims update id and commits s with its replies in one step.
func (m *Store) Try(_ context.Context, s *bot.Session, id string, replies []bot.Reply) (bot.Claim, error) {
	m.hook(s)
	m.mu.Lock()
	defer m.mu.Unlock()
	if c, held := m.claimed(updateKey(s.Chat, id)); held {
		return c, nil
	}
	if err := m.commit(s, id, replies); err != nil {
		return 0, err
	}
	m.updates[updateKey(s.Chat, id)] = "busy"
	return bot.ClaimNew, nil
}

// Pending returns the replies of update id and how many were delivered.
func (m *Store) Pending(_ context.Context, chat bot.Chat, id string) ([]bot.Reply, int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	out, err := copyOf(m.outbox[updateKey(chat, id)])
	if out == nil {
		out = []bot.Reply{}
	}
	return out, m.sent[updateKey(chat, id)], err
}

// Settle records delivery of the first n replies; all of them finish the
// update.
func (m *Store) Settle(_ context.Context, chat bot.Chat, id string, n int) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	k := updateKey(chat, id)
	if n < len(m.outbox[k]) {
		m.sent[k] = max(m.sent[k], n)
		return nil
	}
	delete(m.outbox, k)
	delete(m.sent, k)
	m.updates[k] = "done"
	return nil
}

// Release drops an in-progress claim.
func (m *Store) Release(_ context.Context, chat bot.Chat, id string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.updates[updateKey(chat, id)] == "busy" {
		delete(m.updates, updateKey(chat, id))
	}
	return nil
}

// SetBlocked records whether the chat blocked the bot.
func (m *Store) SetBlocked(_ context.Context, chat bot.Chat, blocked bool) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if blocked {
		m.blocked[chat.Key()] = true
	} else {
		delete(m.blocked, chat.Key())
	}
	return nil
}

// IsBlocked reports whether the chat blocked the bot.
func (m *Store) IsBlocked(_ context.Context, chat bot.Chat) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.blocked[chat.Key()], nil
}

// Erase deletes the chat's session and block marker. Update claims stay,
// so a retried update from before is not run again.
func (m *Store) Erase(_ context.Context, chat bot.Chat) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.sessions, chat.Key())
	delete(m.blocked, chat.Key())
	return nil
}
