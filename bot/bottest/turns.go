package bottest

import (
	"context"
	"slices"
	"sync"

	"github.com/eidbot/eidbot/bot"
)

// Turns is a bot.TurnSender, as a channel without buttons has: it records
// every turn it is asked to send, and sends single replies as Sender does.
// A test makes turns fail with FailTurns.
type Turns struct {
	Sender
	mu    sync.Mutex
	turns []Turn
	n     int
	fail  func(n int, t Turn) error
}

var _ bot.TurnSender = (*Turns)(nil)

// Turn is one turn sent: its chat, the language of its hints, its replies.
type Turn struct {
	Chat    bot.Chat
	Lang    bot.Lang
	Replies []bot.Reply
}

// SendTurn records the turn, unless the FailTurns function refuses it.
func (s *Turns) SendTurn(_ context.Context, chat bot.Chat, lang bot.Lang, replies []bot.Reply) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.n++
	t := Turn{Chat: chat, Lang: lang, Replies: slices.Clone(replies)}
	if s.fail != nil {
		if err := s.fail(s.n, t); err != nil {
			return err
		}
	}
	s.turns = append(s.turns, t)
	return nil
}

// FailTurns makes fn decide, for the n-th turn (from 1), whether it fails
// and how; nil makes every turn succeed.
func (s *Turns) FailTurns(fn func(n int, t Turn) error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fail = fn
}

// Turns returns the turns sent so far.
func (s *Turns) Turns() []Turn {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.turns)
}
