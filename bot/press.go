package bot

import "github.com/eidbot/eidbot/flows"

// registerCallbacks registers the core's buttons: answers, picks, skips,
// Back and Menu in flows, the language, resume and /forget buttons, the
// marker of a button already pressed, and a verdict's legal basis.
func registerCallbacks(r *Registry) {
	r.Callback(cbAnswer, Callback{Private: onTurn((*turn).pressAnswer)})
	r.Callback(cbPick, Callback{Private: onTurn((*turn).pressPick)})
	r.Callback(cbSkip, Callback{Private: onTurn((*turn).pressSkip)})
	r.Callback(cbBack, Callback{Private: onTurn((*turn).pressBack)})
	r.Callback(cbMenu, Callback{Private: onTurn(func(t *turn, _ []string) { t.menuCommand("") })})
	language := onTurn((*turn).pressLanguage)
	r.Callback(cbLanguage, Callback{Private: language, Group: language})
	r.Callback(cbResume, Callback{Private: onTurn(func(t *turn, args []string) { t.resume(yes(args)) })})
	r.Callback(cbForget, Callback{Private: onTurn(func(t *turn, args []string) { t.forget(yes(args)) })})
	noop := onTurn(func(t *turn, _ []string) { t.answer(t.say("stale.answered", nil), false) })
	r.Callback(cbNoop, Callback{Private: noop, Group: noop})
	r.Callback(cbLegal, Callback{Private: onTurn((*turn).pressLegal)})
}

// yes reports whether a confirmation button said yes ("r|y", "f|y").
func yes(args []string) bool { return len(args) > 0 && args[0] == "y" }

// press handles an inline button. A button from an old message never
// changes state: the person is told and shown where they are now.
//
// A second press of the button the previous update pressed is replayed
// from the dialogue as it was before (Pressed: the double-tap rule).
func (t *turn) press(p *Press) {
	cb := parseCallback(p.Data)
	if cb.kind == cbAnswer && t.pressed != nil && t.pressed.Data == p.Data && !at(cb.args, t.here()) {
		t.s.Dialog = t.pressed.Before.clone()
		if t.s.Dialog.Offer != "" {
			t.offer = t.s.Dialog.Offer // the writes are those of the first press
		}
	}
	if c := t.r.callbacks[cb.kind]; c.Private != nil {
		c.Private(t, cb.args)
		return
	}
	t.stale()
}

func (t *turn) pressAnswer(args []string) {
	f, st := t.current()
	if st == nil || !at(args, t.here()) || len(args) != 3 {
		t.stale()
		return
	}
	for _, ch := range st.Choices {
		if ch.ID == args[2] {
			before := t.s.Dialog.clone()
			before.Pressed = nil
			t.markChosen(t.u.Button, t.say(ch.Label, nil))
			t.choose(f, st, ch)
			t.s.Dialog.Pressed = &Pressed{Data: t.u.Button.Data, Before: before}
			return
		}
	}
	t.stale()
}

func (t *turn) pressSkip(args []string) {
	f, st := t.current()
	if st == nil || st.Input == nil || st.Input.Skip == "" || !at(args, t.here()) {
		t.stale()
		return
	}
	t.markChosen(t.u.Button, t.say(st.Input.Skip, nil))
	t.skip(f, st)
}

func (t *turn) pressBack(args []string) {
	if !at(args, t.here()) {
		t.stale()
		return
	}
	t.back()
}

// skip leaves an optional input unanswered and moves on.
func (t *turn) skip(f *flows.Flow, st *flows.Step) {
	t.answerSet(st.Save, "")
	t.pushHistory()
	t.follow(f, st.Next)
}

// markChosen replaces the pressed message's buttons with the one chosen, so
// the chat history shows each answer and old buttons cannot be pressed twice.
func (t *turn) markChosen(p *Press, label string) {
	if p.MessageID == 0 {
		return
	}
	t.send(Reply{Kind: ReplyEdit, EditID: p.MessageID, Buttons: [][]Button{{{Label: "✓ " + label, Data: cbNoop}}}})
}

// stale answers a button that belongs to an earlier question and shows the
// current one again.
func (t *turn) stale() {
	t.answer(t.say("stale.toast", nil), false)
	t.block(t.say("stale.text", nil))
	if f, st := t.current(); st != nil {
		t.reask(f, st)
		return
	}
	t.rerender()
}

// choiceByText lets people type an answer instead of pressing its button:
// the label itself (any case, with or without diacritics), its number in
// the list where buttons show no numbers (a channel without buttons
// numbers what it shows: see typedPress), or a yes or no.
func (t *turn) choiceByText(st *flows.Step, text string) (flows.Choice, bool) {
	for i, ch := range st.Choices {
		if t.caps.Buttons && text == itoa(i+1) || sameAnswer(text, t.say(ch.Label, nil)) {
			return ch, true
		}
	}
	return yesNoChoice(text, st.Choices, func(ch flows.Choice) string { return t.say(ch.Label, nil) })
}
