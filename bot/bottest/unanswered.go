package bottest

import (
	"context"
	"sync"

	"github.com/eidbot/eidbot/bot"
)

// Unanswered is an in-memory bot.Unanswered that records what was kept,
// as redisstore.Questions keeps it: the language and bot.Redact of the
// text, never the chat. It is safe for concurrent use.
type Unanswered struct {
	mu   sync.Mutex
	kept []KeptQuestion
}

var _ bot.Unanswered = (*Unanswered)(nil)

// KeptQuestion is one question an Unanswered kept.
type KeptQuestion struct {
	Lang bot.Lang
	Text string // redacted
}

// Keep records lang and the redacted text.
func (u *Unanswered) Keep(_ context.Context, _ bot.Chat, lang bot.Lang, text string) error {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.kept = append(u.kept, KeptQuestion{Lang: lang, Text: bot.Redact(text)})
	return nil
}

// Kept returns what was kept, oldest first.
func (u *Unanswered) Kept() []KeptQuestion {
	u.mu.Lock()
	defer u.mu.Unlock()
	return append([]KeptQuestion(nil), u.kept...)
}
