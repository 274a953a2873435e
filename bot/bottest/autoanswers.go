package bottest

import (
	"context"
	"sync"
	"time"

	"github.com/eidbot/eidbot/bot"
)

// AutoAnswers is an in-memory bot.AutoAnswers with the contract the Redis
// store keeps (TestAutoAnswers). It is safe for concurrent use.
type AutoAnswers struct {
	mu     sync.Mutex
	on     map[string]bool
	claims map[string]topicClaim // chat key + "|" + topic
}

// topicClaim is one topic's claim in a group.
type topicClaim struct {
	until    time.Time
	update   string
	question int
	answer   int
}

var _ bot.AutoAnswers = (*AutoAnswers)(nil)

// NewAutoAnswers returns a store in which auto-answer is off everywhere.
func NewAutoAnswers() *AutoAnswers {
	return &AutoAnswers{on: map[string]bool{}, claims: map[string]topicClaim{}}
}

// AutoAnswer reports whether auto-answer is on in group.
func (a *AutoAnswers) AutoAnswer(_ context.Context, group bot.Chat) (bool, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.on[group.Key()], nil
}

// SetAutoAnswer turns auto-answer in group on or off.
func (a *AutoAnswers) SetAutoAnswer(_ context.Context, group bot.Chat, on bool) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if on {
		a.on[group.Key()] = true
	} else {
		delete(a.on, group.Key())
	}
	return nil
}

// ClaimTopic claims topic in group for update unless another update holds
// a claim that lasts beyond now.
func (a *AutoAnswers) ClaimTopic(_ context.Context, group bot.Chat, topic, update string, question int, now time.Time, window time.Duration) (bot.TopicClaim, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	k := group.Key() + "|" + topic
	c, held := a.claims[k]
	switch {
	case held && c.update == update:
		return bot.TopicClaim{Ours: true}, nil
	case held && c.until.After(now):
		return bot.TopicClaim{Question: c.question, Answer: c.answer}, nil
	}
	a.claims[k] = topicClaim{until: now.Add(window), update: update, question: question}
	return bot.TopicClaim{Ours: true}, nil
}

// AnsweredTopic records the answer in update's claim of topic.
func (a *AutoAnswers) AnsweredTopic(_ context.Context, group bot.Chat, topic, update string, answer int) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	k := group.Key() + "|" + topic
	if c, held := a.claims[k]; held && c.update == update {
		c.answer = answer
		a.claims[k] = c
	}
	return nil
}
