package bot

import "time"

// Turn is one update being stepped, as a registered handler sees it: who
// wrote and where, the chat's session, and what the handler may do about
// it. Handlers run inside Step, so they do no I/O: outside state comes
// through Ask, side effects go out through Effect, and everything said is
// collected into the replies the Engine delivers. Only the engine
// implements Turn.
type Turn interface {
	// Chat is the chat the update came from; User who sent it.
	Chat() Chat
	User() User
	// Now is the update's time; Step reads no clock.
	Now() time.Time
	// Caps is what the channel the update came through can do.
	Caps() Caps
	// RequestID names a write of kind made in answer to the question this
	// update answers: the same on every step of the update, and the same
	// for a second press of the same confirmation (the double-tap rule,
	// Pressed), so that a store makes the write once and returns its
	// result to both.
	RequestID(kind string) string

	// Lang is the session's language.
	Lang() Lang
	// Answer is the answer saved under key, or "": in the dialogue, or
	// for the chat when the key is remembered across flows (nationality).
	Answer(key string) string
	// SetAnswer saves an answer where Answer reads it; an empty value
	// removes it.
	SetAnswer(key, value string)
	// Case is the person's case file: their last eligibility verdict.
	Case() Case
	// Area is the commune or ward the person is known to live in, or "".
	Area() string
	// SetArea records the person's area.
	SetArea(area string)

	// Text renders message id in the session's language.
	Text(id string, data map[string]any) string
	// Date, Day and Clock format a time in the session's language, in
	// Vietnam: a date, a short day for a button, and HH:MM.
	Date(t time.Time) string
	Day(t time.Time) string
	Clock(t time.Time) string
	// Name is the user's first name, escaped for HTML.
	Name() string
	// Checklist renders checklist id: title, items and note.
	Checklist(id string) string

	// Say queues message id, rendered, for the next message; Queue queues
	// text already rendered (and escaped).
	Say(id string, data map[string]any)
	Queue(text string)
	// Flush sends the queued text as one message with buttons (nil for
	// none; with nothing queued, the buttons go under the last message).
	Flush(buttons [][]Button)
	// Send queues a complete reply after the queued text; a reply with a
	// zero Chat goes to this chat, one with a Chat to that chat.
	Send(r Reply)
	// AnswerPress sets what the pressed button's answer shows, as a
	// pop-up when alert; it does nothing for other updates.
	AnswerPress(text string, alert bool)
	// Chosen marks the pressed button's message with the choice made,
	// replacing its buttons.
	Chosen(label string)
	// MenuButton is the button that opens the main menu.
	MenuButton() Button
	// DeepLink is a link that opens a private chat with the bot at /start
	// payload, or "" where the channel has none.
	DeepLink(payload string) string

	// StartFlow begins flow id afresh, clearing the answers it collects.
	StartFlow(id string)
	// Pause sets an unfinished, resumable flow aside and leaves it; it
	// reports whether a paused flow is waiting.
	Pause() bool
	// Rerender asks the current question again (or shows the menu).
	Rerender()
	// Finish ends the current flow, offering the menu.
	Finish()
	// Stale tells the person the button was from an earlier question and
	// asks the current one again.
	Stale()

	// Effect asks the Engine to carry out ef before the session is stored.
	Effect(ef Effect)
	// Reached tells the features that the person reached a stage on the
	// way to an activated account (a Stage constant), at reception point
	// point when there is one.
	Reached(stage, point string)

	fact(q PendingQuery) (any, bool)
}

// The turn's side of Turn: thin wrappers over the working state of Step.

// Chat is the chat the update came from.
func (t *turn) Chat() Chat { return t.u.Chat }

// User is who sent the update.
func (t *turn) User() User { return t.u.From }

// Now is the update's time.
func (t *turn) Now() time.Time { return t.now }

// Caps is what the update's channel can do.
func (t *turn) Caps() Caps { return t.caps }

// RequestID names a write of kind by the chat and the update that asked
// the question being answered (the offer shown to the person).
func (t *turn) RequestID(kind string) string { return t.u.Chat.Key() + ":" + t.offer + ":" + kind }

// Lang is the session's language.
func (t *turn) Lang() Lang { return t.s.Lang }

// Answer reads an answer, of the dialogue or remembered for the chat.
func (t *turn) Answer(key string) string { return t.answerOf(key) }

// Case is a copy of the case file, so a handler cannot change it behind
// the verdict's back.
func (t *turn) Case() Case {
	c := t.s.Case
	c.Answers = cloneMap(c.Answers)
	return c
}

// Area is the person's known area.
func (t *turn) Area() string { return t.s.Area }

// SetArea records the person's area.
func (t *turn) SetArea(area string) { t.s.Area = area }

// SetAnswer saves, or with "" removes, an answer.
func (t *turn) SetAnswer(key, value string) { t.answerSet(key, value) }

// Text renders a message in the session's language.
func (t *turn) Text(id string, data map[string]any) string { return t.say(id, data) }

// Date formats a date in the session's language.
func (t *turn) Date(tm time.Time) string { return t.e.tr.Date(t.s.Lang, tm) }

// Day formats a short day in the session's language.
func (t *turn) Day(tm time.Time) string { return t.e.tr.Day(t.s.Lang, tm) }

// Clock formats a time of day.
func (t *turn) Clock(tm time.Time) string { return t.e.tr.Time(tm) }

// Name is the user's first name, escaped.
func (t *turn) Name() string { return t.name() }

// Checklist renders a checklist of the flows.
func (t *turn) Checklist(id string) string { return t.checklist(id) }

// Say queues a rendered message.
func (t *turn) Say(id string, data map[string]any) { t.block(t.say(id, data)) }

// Queue queues rendered text.
func (t *turn) Queue(text string) { t.block(text) }

// Flush sends the queued text with buttons.
func (t *turn) Flush(buttons [][]Button) { t.flush(buttons) }

// Send queues a complete reply.
func (t *turn) Send(r Reply) { t.send(r) }

// AnswerPress sets the answer to the pressed button.
func (t *turn) AnswerPress(text string, alert bool) { t.answer(text, alert) }

// MenuButton is the button that opens the main menu.
func (t *turn) MenuButton() Button { return t.menuButton() }

// Chosen marks the pressed button's message with the choice made.
func (t *turn) Chosen(label string) {
	if t.u.Button != nil {
		t.markChosen(t.u.Button, label)
	}
}

// StartFlow begins a flow afresh.
func (t *turn) StartFlow(id string) { t.startFlow(id) }

// Pause sets a resumable flow aside.
func (t *turn) Pause() bool { return t.pause() }

// Rerender asks the current question again.
func (t *turn) Rerender() { t.rerender() }

// Finish ends the current flow.
func (t *turn) Finish() { t.finish() }

// Stale answers a button from an earlier question.
func (t *turn) Stale() { t.stale() }

// Effect requests a side effect.
func (t *turn) Effect(ef Effect) { t.effects = append(t.effects, ef) }

// Reached tells every feature that registered for it (Registry.Reached).
func (t *turn) Reached(stage, point string) {
	for _, fn := range t.r.reached {
		fn(t, stage, point)
	}
}
