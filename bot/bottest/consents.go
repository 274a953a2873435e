package bottest

import (
	"context"
	"sync"
	"time"

	"github.com/eidbot/eidbot/bot"
)

// Consents is an in-memory bot.ConsentLog: what was consented to, by
// subject and purpose, and when each subject's data was deleted.
type Consents struct {
	mu      sync.Mutex
	now     func() time.Time
	given   map[string]map[string]bot.Consent
	deleted map[string]time.Time
}

// NewConsents returns an empty log whose deletions are stamped with now.
func NewConsents(now func() time.Time) *Consents {
	return &Consents{now: now, given: map[string]map[string]bot.Consent{}, deleted: map[string]time.Time{}}
}

// Record keeps c, replacing an earlier consent of its subject and purpose.
func (l *Consents) Record(_ context.Context, c bot.Consent) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.given[c.Subject] == nil {
		l.given[c.Subject] = map[string]bot.Consent{}
	}
	l.given[c.Subject][c.Purpose] = c
	return nil
}

// Erase records that chat's data was deleted; it keeps the consents. A
// chat that never consented leaves no record, as in redisstore.
func (l *Consents) Erase(_ context.Context, chat bot.Chat) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if subject := bot.ConsentSubject(chat); len(l.given[subject]) > 0 {
		l.deleted[subject] = l.now()
	}
	return nil
}

// Given returns the consents of chat, by purpose.
func (l *Consents) Given(chat bot.Chat) map[string]bot.Consent {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := map[string]bot.Consent{}
	for p, c := range l.given[bot.ConsentSubject(chat)] {
		out[p] = c
	}
	return out
}

// Deleted reports when chat's data was deleted, if it was.
func (l *Consents) Deleted(chat bot.Chat) (time.Time, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	at, ok := l.deleted[bot.ConsentSubject(chat)]
	return at, ok
}
