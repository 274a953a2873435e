package bottest

import (
	"context"
	"sync"

	"github.com/eidbot/eidbot/bot"
)

// Sender records every reply it is asked to send. A test makes sends fail
// with Fail.
type Sender struct {
	mu   sync.Mutex
	sent []bot.Reply
	n    int
	fail func(n int, r bot.Reply) error
}

var _ bot.Sender = (*Sender)(nil)

// Send records r, unless the Fail function refuses it.
func (s *Sender) Send(_ context.Context, r bot.Reply) (bot.Sent, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.n++
	if s.fail != nil {
		if err := s.fail(s.n, r); err != nil {
			return bot.Sent{}, err
		}
	}
	s.sent = append(s.sent, r)
	return bot.Sent{MessageID: 100 + len(s.sent)}, nil
}

// Fail makes fn decide, for the n-th send (from 1) of reply r, whether it
// fails and how; nil makes every send succeed.
func (s *Sender) Fail(fn func(n int, r bot.Reply) error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fail = fn
}

// Replies returns what was sent so far.
func (s *Sender) Replies() []bot.Reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]bot.Reply(nil), s.sent...)
}

// Reset forgets what was sent.
func (s *Sender) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sent = nil
}
