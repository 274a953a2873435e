package bot

import "github.com/eidbot/eidbot/flows"

// press handles an inline button. A button from an old message never
// changes state: the person is told and shown where they are now.
func (t *turn) press(p *Press) {
	cb := parseCallback(p.Data)
	switch cb.kind {
	case cbAnswer:
		t.pressAnswer(p, cb)
	case cbSkip:
		t.pressSkip(p, cb)
	case cbPick:
		t.pressPick(p, cb)
	case cbBack:
		if !cb.at(t.here()) {
			t.stale()
			return
		}
		t.back()
	case cbMenu:
		t.pause()
		t.menu()
	case cbLanguage:
		t.pressLanguage(p, cb)
	case cbResume:
		t.resume(len(cb.args) > 0 && cb.args[0] == "y")
	case cbForget:
		t.forget(p, len(cb.args) > 0 && cb.args[0] == "y")
	case cbNoop:
		t.answer(t.say("stale.answered", nil), false)
	case cbUnsubscribe:
		t.pause()
		t.unsubscribe()
	case cbApprove, cbStopCampaign:
		t.pressCampaign(p, cb, cb.kind == cbApprove)
	default:
		t.stale()
	}
}

func (t *turn) pressAnswer(p *Press, cb callback) {
	f, st := t.current()
	if st == nil || !cb.at(t.here()) || len(cb.args) != 3 {
		t.stale()
		return
	}
	for _, ch := range st.Choices {
		if ch.ID == cb.args[2] {
			t.markChosen(p, t.say(ch.Label, nil))
			t.choose(f, st, ch)
			return
		}
	}
	t.stale()
}

func (t *turn) pressSkip(p *Press, cb callback) {
	f, st := t.current()
	if st == nil || st.Input == nil || st.Input.Skip == "" || !cb.at(t.here()) {
		t.stale()
		return
	}
	t.markChosen(p, t.say(st.Input.Skip, nil))
	t.skip(f, st)
}

// skip leaves an optional input unanswered and moves on.
func (t *turn) skip(f *flows.Flow, st *flows.Step) {
	delete(t.s.Dialog.Answers, st.Save)
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
	t.rerender()
}

// choiceByText lets people type an answer instead of pressing its button:
// the label itself (any case) or its number in the list.
func (t *turn) choiceByText(st *flows.Step, text string) (flows.Choice, bool) {
	for i, ch := range st.Choices {
		if text == itoa(i+1) || equalFold(text, t.say(ch.Label, nil)) {
			return ch, true
		}
	}
	return flows.Choice{}, false
}
