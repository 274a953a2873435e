package bot

import (
	"strings"
	"time"
)

// Outcome is what one Step produced: the new session, the replies to
// deliver, and the side effects the Engine must carry out first.
type Outcome struct {
	Session Session
	Replies []Reply
	Effects []Effect
	Queries []PendingQuery // outside state Step needs before it can finish

	// questions are the typed questions read, which the Engine logs once
	// the update is committed (typed.go).
	questions []Question
}

// Step moves one chat's conversation forward by one update. It is pure: no
// I/O, no clock (the time is u.Time), no randomness; the input session is not
// modified. Step never fails: whatever the update, the person gets an answer
// for where they are, and the session stays consistent.
func (e *Engine) Step(s Session, u Update) Outcome { return e.step(s, u, nil) }

// step is Step given the answers to earlier queries. When it asks new
// queries its other output is incomplete and must be discarded.
func (e *Engine) step(s Session, u Update, facts map[string]any) Outcome {
	t := &turn{e: e, r: e.reg, s: s.clone(), u: u, now: u.Time, caps: u.caps(), facts: facts, offer: s.Dialog.Offer}
	if t.offer == "" {
		t.offer = u.ID
	}
	t.run()
	replies := t.textTurn(t.replies())
	if t.s.Lang != s.Lang && len(e.reg.effects[EffectLanguage]) > 0 {
		t.effects = append(t.effects, Effect{Kind: EffectLanguage})
	}
	t.s.Dialog.Touched = t.now
	t.s.Updated = t.now
	return Outcome{Session: t.s, Replies: replies, Effects: t.effects, Queries: t.queries, questions: t.questions}
}

// turn is the working state of one Step. It implements Turn for the
// handlers of the registry.
type turn struct {
	e    *Engine
	r    *Registry
	s    Session
	u    Update
	now  time.Time
	caps Caps

	out     []Reply
	blocks  []string // text waiting to be sent with the next message
	effects []Effect
	ack     *string // the answer to the button press, if any
	acked   bool    // ack shows as a pop-up alert
	facts   map[string]any
	queries []PendingQuery

	// offer is the update that asked the question this update answers
	// (Dialog.Offer when the turn began): RequestID keys writes on it.
	offer string
	// pressed is the press the previous update made (Dialog.Pressed),
	// which a second press of the same button replays.
	pressed *Pressed

	// legalButton is the "📜 Legal basis" button of a verdict just shown,
	// waiting for the next question (verdict.go).
	legalButton *Button
	// verdictOpen: a verdict was just shown and nothing sent since, so
	// what a flow says next starts a message of its own.
	verdictOpen bool

	// officerButton ("💬 Ask an officer") and switchButton (to the language
	// of a typed question) wait for the next question, like legalButton
	// (typed.go).
	officerButton, switchButton *Button
	// questions are the typed questions read in this turn (typed.go).
	questions []Question
	// peeking: the turn only collects what a step says before it asks
	// anything, on a copy of the session (typed.go, peek).
	peeking bool
}

func (t *turn) run() {
	switch t.u.Kind {
	case UpdateMembership:
		t.s.Blocked = t.u.Blocked
		t.effects = append(t.effects, Effect{Kind: EffectBlocked, Blocked: t.u.Blocked})
		return
	case UpdateMigrate:
		t.effects = append(t.effects, Effect{Kind: EffectMigrate, To: Chat{Channel: t.u.Chat.Channel, ID: t.u.MigrateTo, Kind: ChatGroup}})
		return
	case UpdateIgnored:
		return
	case UpdateUnsupported:
		t.unsupported()
		return
	}
	t.typedPress()
	if t.u.Button != nil {
		empty := ""
		t.ack = &empty // every press is answered, even ignored ones
	}
	if t.s.Blocked && t.u.Kind != UpdateButton {
		t.s.Blocked = false // writing to the bot again means it was unblocked
	}
	if t.u.Chat.Kind != ChatPrivate {
		t.group()
		return
	}
	t.private()
}

func (t *turn) private() {
	t.pressed, t.s.Dialog.Pressed = t.s.Dialog.Pressed, nil
	if g := t.r.guards[t.s.Dialog.Flow]; g != nil && t.u.Kind != UpdateCommand && !g(t) {
		return
	}
	switch t.u.Kind {
	case UpdateCommand:
		if t.u.Command != "start" && t.returning() {
			return
		}
		t.command(t.u.Command, t.u.Payload)
	case UpdateButton:
		t.press(t.u.Button)
	case UpdateText:
		if t.returning() {
			return
		}
		t.text(strings.TrimSpace(t.u.Text))
	case UpdateContact:
		t.contact(t.u.Contact)
	case UpdateLocation:
		t.location(t.u.Location)
	}
}

// returning asks a person who comes back after a pause whether to continue
// their unfinished check, instead of restarting it silently or treating the
// first thing they type as an answer to a question they no longer see.
func (t *turn) returning() bool {
	d := t.s.Dialog
	if d.Flow == "" || t.now.Sub(d.Touched) < t.e.resumeAfter {
		return false
	}
	if !t.pause() {
		return false
	}
	t.askResume()
	return true
}

// replies returns the turn's replies with the button answer first, so the
// client's spinner stops before anything else arrives.
func (t *turn) replies() []Reply {
	t.flush(t.pendingRows())
	if t.ack == nil {
		return t.out
	}
	a := Reply{Kind: ReplyAnswer, Chat: t.u.Chat, CallbackID: t.u.Button.CallbackID, Text: *t.ack, Alert: t.acked}
	return append([]Reply{a}, t.out...)
}

// say renders message id in the session's language. Flow messages get the
// user's first name, escaped, as {{.Name}}.
func (t *turn) say(id string, data map[string]any) string {
	if data == nil {
		if st, ok := t.e.tr.(StaticTexter); ok {
			if text, ok := st.Static(t.s.Lang, id); ok {
				return text
			}
		}
		data = map[string]any{}
	}
	if _, ok := data["Name"]; !ok {
		data["Name"] = t.name()
	}
	return t.e.tr.Text(t.s.Lang, id, data)
}

// name is the user's first name, escaped, or a friendly word when the
// channel gives none.
func (t *turn) name() string {
	if n := strings.TrimSpace(t.u.From.FirstName); n != "" {
		return Escape(n)
	}
	return t.e.tr.Text(t.s.Lang, "name.fallback", nil)
}

// block queues text to go out with the next message.
func (t *turn) block(text string) {
	if text = strings.TrimSpace(text); text != "" {
		t.blocks = append(t.blocks, text)
	}
}

// flush sends the queued text as one message carrying buttons. Joining the
// blocks keeps the chat readable and stays under Telegram's per-chat rate.
func (t *turn) flush(buttons [][]Button) { t.flushReply(Reply{Buttons: buttons}) }

// flushReply sends the queued text as one message with r's keyboard.
func (t *turn) flushReply(r Reply) {
	t.verdictOpen = false
	if len(t.blocks) == 0 {
		if last := len(t.out) - 1; r.Buttons != nil && last >= 0 && t.out[last].Kind == ReplyText && t.out[last].Buttons == nil {
			t.out[last].Buttons = r.Buttons
		}
		return
	}
	r.Kind, r.Chat, r.Text = ReplyText, t.u.Chat, strings.Join(t.blocks, "\n\n")
	t.out = append(t.out, r)
	t.blocks = nil
}

// send queues a complete reply after flushing pending text; a reply
// without a chat goes to this one.
func (t *turn) send(r Reply) {
	t.flush(nil)
	if r.Chat.IsZero() {
		r.Chat = t.u.Chat
	}
	t.out = append(t.out, r)
}

// answer sets the short text shown when a button press is answered.
func (t *turn) answer(text string, alert bool) {
	if t.ack != nil {
		t.ack = &text
		t.acked = alert
	}
}

// fact returns the answer to q, or records q as needed and reports false.
func (t *turn) fact(q PendingQuery) (any, bool) {
	if f, ok := t.facts[q.Key()]; ok {
		return f, true
	}
	t.queries = append(t.queries, q)
	return nil, false
}
