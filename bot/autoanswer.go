package bot

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// AutoAnswerWindow is how long after answering a topic in a group the bot
// by itself answers it there again: within it, a later asker is pointed at
// the earlier answer instead, so that the group is not flooded.
const AutoAnswerWindow = 10 * time.Minute

// TopicClaim is what claiming a topic in a group found (AutoAnswers).
type TopicClaim struct {
	// Ours: the update that claimed may answer the topic, because it was
	// not answered within the window, or because this very update claimed
	// it before (a retry).
	Ours bool
	// Question is the message that was answered within the window, and
	// Answer the bot's answer to it (0 while it is not recorded): a later
	// asker is pointed at them.
	Question, Answer int
}

// AutoAnswers keeps, per group chat, whether the bot answers questions
// nobody addressed to it (a committee member turns it on with
// /autoanswer), and when it last answered each topic there. The engine
// consults it for every unaddressed text in a group, so a read is cheap.
type AutoAnswers interface {
	// AutoAnswer reports whether auto-answer is on in group.
	AutoAnswer(ctx context.Context, group Chat) (bool, error)
	// SetAutoAnswer turns auto-answer in group on or off.
	SetAutoAnswer(ctx context.Context, group Chat, on bool) error
	// ClaimTopic claims topic in group for update, which asked in message
	// question at now, unless the topic was claimed less than window
	// before now by another update. Claim and check are one atomic step,
	// so of two processes only one answers.
	ClaimTopic(ctx context.Context, group Chat, topic, update string, question int, now time.Time, window time.Duration) (TopicClaim, error)
	// AnsweredTopic records answer, the bot's message, as the answer to
	// update's claim of topic, if the claim is still update's.
	AnsweredTopic(ctx context.Context, group Chat, topic, update string, answer int) error
}

// overheard handles what a group says without addressing the bot. Most of
// it is none of the bot's business and leaves no trace: nothing is
// stored, neither the text nor a session. Only where a committee member
// turned auto-answer on, and only a question the bot is sure to
// understand that holds no personal details, is answered — at most once
// per topic within AutoAnswerWindow. Then the update journal makes sure
// one message is answered once, and still no session is written.
func (e *Engine) overheard(ctx context.Context, u Update) error {
	if u.Kind != UpdateText || e.reader == nil || e.autoAnswers == nil || u.From.IsBot {
		return nil
	}
	text := strings.TrimSpace(u.Text)
	if text == "" || strings.HasPrefix(text, "/") || PersonalDetails(text) {
		return nil
	}
	q := e.reader.Read(text)
	if q.Kind != QuestionAnswerable || e.topics.Topics[q.Topic] == nil {
		return nil
	}
	on, err := e.autoAnswers.AutoAnswer(ctx, u.Chat)
	if err != nil {
		return fmt.Errorf("auto-answer setting of %s: %w", u.Chat.Key(), err)
	}
	if !on {
		return nil
	}
	claim, s, found, err := e.journal.Begin(ctx, u.Chat, u.ID)
	switch {
	case err != nil:
		return fmt.Errorf("begin update %s: %w", u.ID, err)
	case claim == ClaimDone:
		return nil
	case claim == ClaimBusy:
		return ErrBusy
	}
	if !found {
		s = NewSession(u.Chat, "", u.Time)
	}
	if err := e.autoAnswer(ctx, u, q, s); err != nil {
		e.release(ctx, u)
		return err
	}
	// Only a question the bot answered counts: the rest of a group's
	// messages are conversation, not questions.
	e.observer.ObserveQuestion(q.Lang, q.Kind)
	return nil
}

// autoAnswer answers question q of unaddressed update u in the group
// whose session is s (read, never written), or points at the answer given
// within the window, and settles the update. The replies are not kept in
// an outbox: a retry computes the same ones again. So that a retry never
// posts an answer twice in a group, the update is settled (done) as soon
// as a reply was sent: a later reply that fails is not sent again, which
// for a message nobody asked for is the better mistake. Like deliver, it
// counts against Config.MaxDeliveries.
func (e *Engine) autoAnswer(ctx context.Context, u Update, q Question, s Session) error {
	select {
	case e.delivering <- struct{}{}:
		defer func() { <-e.delivering }()
	case <-ctx.Done():
		return fmt.Errorf("auto-answer update %s: %w: %w", u.ID, ErrUndelivered, ctx.Err())
	}
	tc, err := e.autoAnswers.ClaimTopic(ctx, u.Chat, q.Topic, u.ID, u.MessageID, u.Time, AutoAnswerWindow)
	if err != nil {
		return fmt.Errorf("claim topic %s in %s: %w", q.Topic, u.Chat.Key(), err)
	}
	e.log.Info("group question overheard", "chat", u.Chat.Key(), "topic", q.Topic,
		"example", q.Example, "score", q.Score, "answered_before", !tc.Ours)
	sent := 0
	for i, r := range e.autoReplies(s, u, q, tc) {
		res, err := e.sender.Send(ctx, r)
		switch {
		case errors.Is(err, ErrBlocked):
			// The bot was removed from the group: nothing more to say there.
			return e.journal.Settle(ctx, u.Chat, u.ID, sent)
		case errors.Is(err, ErrRejected):
			e.log.Warn("auto-answer rejected by channel", "chat", u.Chat.Key(), "err", err)
		case err != nil && sent > 0:
			e.log.Warn("auto-answer cut short", "chat", u.Chat.Key(), "err", err)
			return nil // settled after the first reply
		case err != nil:
			return fmt.Errorf("deliver auto-answer of update %s: %w", u.ID, err)
		case i == 0 && tc.Ours && res.MessageID != 0:
			if err := e.autoAnswers.AnsweredTopic(ctx, u.Chat, q.Topic, u.ID, res.MessageID); err != nil {
				e.log.Warn("record auto-answer", "chat", u.Chat.Key(), "topic", q.Topic, "err", err)
			}
		}
		sent++
		if err := e.journal.Settle(ctx, u.Chat, u.ID, sent); err != nil {
			return fmt.Errorf("settle auto-answer of update %s: %w", u.ID, err)
		}
	}
	return e.journal.Settle(ctx, u.Chat, u.ID, sent)
}

// autoReplies are the replies to unaddressed update u: the group answer
// to q, or, when the topic was answered within the window, a short note
// that points at that answer, as a reply to it where the channel can.
// Like Step, it is pure.
func (e *Engine) autoReplies(s Session, u Update, q Question, tc TopicClaim) []Reply {
	t := &turn{e: e, r: e.reg, s: s.clone(), u: u, now: u.Time, caps: u.caps()}
	defer t.inLanguageOf(q)()
	if tc.Ours {
		t.groupAnswer(q)
		t.replyTo(u.MessageID)
		return t.replies()
	}
	t.block(t.say("group.auto.earlier", nil))
	t.flush(nil)
	t.replyTo(cmp.Or(tc.Answer, tc.Question))
	return t.replies()
}
