package bot

import (
	"strings"

	"github.com/eidbot/eidbot/flows"
)

// maxHops bounds how many steps one turn may pass through without stopping
// at a question, so that a cycle of say steps cannot spin forever.
const maxHops = 64

// here is the current position.
func (t *turn) here() Position { return Position{Flow: t.s.Dialog.Flow, Step: t.s.Dialog.Step} }

// current returns the flow and step the dialogue rests at, if any.
func (t *turn) current() (*flows.Flow, *flows.Step) {
	f := t.e.flows.Flows[t.s.Dialog.Flow]
	if f == nil {
		return nil, nil
	}
	return f, f.Steps[t.s.Dialog.Step]
}

// follow goes to a next: target seen from flow f.
func (t *turn) follow(f *flows.Flow, target string) {
	switch {
	case target == "":
		t.finish()
	case t.leave(target):
	default:
		t.enter(f.ID, target)
	}
}

// leave goes to a target outside any flow's steps, a command ("/name") or
// a flow's start ("@flow"), and reports whether target was one.
func (t *turn) leave(target string) bool {
	switch {
	case strings.HasPrefix(target, "/"):
		t.s.Dialog.Flow, t.s.Dialog.Step = "", ""
		t.command(target[1:], "")
	case strings.HasPrefix(target, "@"):
		t.startFlow(target[1:])
	default:
		return false
	}
	return true
}

// startFlow begins a flow afresh: answers it collects are cleared so that a
// new run never mixes with an old one. Answers remembered for the chat
// (rememberedKeys) stay: they live in the session, not the dialogue.
func (t *turn) startFlow(id string) {
	f := t.e.flows.Flows[id]
	if f == nil {
		t.menu()
		return
	}
	for _, st := range f.Steps {
		if st.Save != "" {
			delete(t.s.Dialog.Answers, st.Save)
		}
	}
	if t.s.Dialog.Paused != nil && t.s.Dialog.Paused.Flow == id {
		t.s.Dialog.Paused = nil
	}
	t.s.Dialog.History = nil
	t.enter(id, f.Start)
}

// enter runs steps from (flow, step) until one asks a question or the flow
// ends.
func (t *turn) enter(flowID, stepID string) {
	for hop := 0; hop < maxHops; hop++ {
		f := t.e.flows.Flows[flowID]
		st := f.Steps[stepID]
		t.s.Dialog.Flow, t.s.Dialog.Step = flowID, stepID
		if len(st.Say) > 0 && t.verdictOpen {
			t.flush(nil) // the verdict's messages are complete
		}
		for _, id := range st.Say {
			t.block(t.say(id, nil))
		}
		next := st.Next
		if t.peeking && (st.Ask != "" || st.Action != "") {
			return
		}
		switch {
		case st.Ask != "":
			t.ask(f, st)
			return
		case len(st.Branch) > 0:
			next = t.branch(st)
		case st.Verdict != nil:
			t.verdict(f, st)
		case st.Checklist != "":
			t.block(t.checklist(st.Checklist))
		case st.Action != "":
			outcome := t.r.actions[st.Action](t)
			if outcome == Stop {
				return
			}
			if outcome != "" {
				if next = st.On[outcome]; next == "" {
					t.e.log.Error("action outcome has no on: target", "flow", flowID, "step", stepID, "outcome", outcome)
				}
			}
		}
		if next == "" || strings.HasPrefix(next, "@") || strings.HasPrefix(next, "/") {
			if t.peeking {
				return
			}
			t.follow(f, next)
			return
		}
		stepID = next
	}
	t.e.log.Error("flow loops without asking", "flow", flowID, "step", stepID)
	t.finish()
}

// branch picks the first arm whose conditions all hold.
func (t *turn) branch(st *flows.Step) string {
	for _, arm := range st.Branch {
		if t.matches(arm.If) {
			return arm.Next
		}
	}
	return st.Next
}

func (t *turn) matches(cond map[string]string) bool {
	for k, v := range cond {
		if t.answerOf(k) != v {
			return false
		}
	}
	return true
}

// finish ends the current flow and offers the menu; with nothing said in
// this turn to attach it to, it shows the menu itself.
func (t *turn) finish() {
	t.s.Dialog.Flow, t.s.Dialog.Step = "", ""
	t.s.Dialog.History = nil
	if len(t.blocks) == 0 && !t.said() {
		t.menu()
		return
	}
	t.flush(append(t.pendingRows(), []Button{t.menuButton()}))
}

// said reports whether the turn has sent a text message already.
func (t *turn) said() bool {
	for _, r := range t.out {
		if r.Kind == ReplyText {
			return true
		}
	}
	return false
}

// ask sends the question of step st with its buttons. This update is
// now the offer its answers are keyed on.
func (t *turn) ask(f *flows.Flow, st *flows.Step) {
	t.s.Dialog.Offer = t.u.ID
	t.block(t.question(st))
	if st.Input != nil && st.Input.Kind == "phone" && t.caps.ShareContact {
		t.askPhone(st)
		return
	}
	var rows [][]Button
	if t.s.Dialog.Paused != nil && f.ID == menuFlow && st.ID == f.Start {
		rows = append(rows, []Button{{Label: t.say("resume.continue", nil), Data: cbResume + "|y"}})
	}
	if st.Pick != "" {
		opts, ok := t.options(st)
		if !ok {
			return // waiting for booking state; Step runs again with it
		}
		rows = append(rows, t.pickRows(f, st, opts)...)
	}
	rows = append(rows, t.choiceRows(f, st)...)
	if st.Input != nil && st.Input.Skip != "" {
		rows = append(rows, []Button{{Label: t.say(st.Input.Skip, nil), Data: stepData(cbSkip, t.here())}})
	}
	rows = append(rows, t.pendingRows()...)
	rows = append(rows, t.navRow(f)...)
	t.flush(rows)
}

// question renders a step's question, with a hint on how to answer it
// where that depends on what the channel can do.
func (t *turn) question(st *flows.Step) string {
	q := t.say(st.Ask, nil)
	if hint := t.hint(st); hint != "" {
		q += "\n" + hint
	}
	return q
}

// hint is the line under a question that says how to answer it on this
// channel: send a location to sort the places (where one can be sent), or
// share, type or skip a phone number (share only where a contact button
// works).
func (t *turn) hint(st *flows.Step) string {
	if p := t.r.pickers[st.Pick]; st.Pick != "" && p.LocationHint != "" && t.caps.ShareLocation {
		return t.say(p.LocationHint, nil)
	}
	if st.Input == nil || st.Input.Kind != "phone" || st.Input.Skip == "" {
		return ""
	}
	data := map[string]any{"Skip": t.say(st.Input.Skip, nil)}
	if !t.caps.ShareContact {
		return t.say("input.phone.type_or_skip", data)
	}
	data["Share"] = t.say("input.share_phone", nil)
	return t.say("input.phone.share_or_skip", data)
}

// askPhone offers the channel's contact button, which shares the person's own
// verified number, and a Skip button when the number is optional. These
// live on a reply keyboard, which cannot share a message with inline
// buttons, so this question has no Back or Menu button; /menu still works.
func (t *turn) askPhone(st *flows.Step) {
	r := Reply{AskContact: t.say("input.share_phone", nil)}
	if st.Input.Skip != "" {
		r.Keyboard = []string{t.say(st.Input.Skip, nil)}
	}
	t.flushReply(r)
}

// choiceRows lays the choices out one per row, or two per row when every
// label is short enough (16 columns) to fit on a phone screen side by side.
func (t *turn) choiceRows(f *flows.Flow, st *flows.Step) [][]Button {
	buttons := make([]Button, 0, len(st.Choices))
	short := true
	for _, ch := range st.Choices {
		label := t.say(ch.Label, nil)
		short = short && DisplayWidth(label) <= 16
		buttons = append(buttons, Button{Label: label, Data: answerData(f.ID, st.ID, ch.ID)})
	}
	return rows(buttons, short)
}

// navRow offers Back inside a flow with history, and the menu outside it.
func (t *turn) navRow(f *flows.Flow) [][]Button {
	var row []Button
	if h := t.s.Dialog.History; len(h) > 0 {
		row = append(row, Button{Label: t.say("nav.back", nil), Data: stepData(cbBack, t.here())})
	}
	if f.ID != menuFlow {
		row = append(row, t.menuButton())
	}
	if row == nil {
		return nil
	}
	return [][]Button{row}
}

func (t *turn) menuButton() Button { return Button{Label: t.say("nav.menu", nil), Data: cbMenu} }

// choose records the answer to the current question and moves on.
func (t *turn) choose(f *flows.Flow, st *flows.Step, ch flows.Choice) {
	if st.Save != "" {
		t.answerSet(st.Save, ch.ID)
	}
	t.pushHistory()
	next := ch.Next
	if next == "" {
		next = st.Next
	}
	t.follow(f, next)
}

func (t *turn) pushHistory() {
	t.s.Dialog.History = append(t.s.Dialog.History, t.here())
	if n := len(t.s.Dialog.History); n > 32 {
		t.s.Dialog.History = t.s.Dialog.History[n-32:]
	}
}

// back returns to the previous question.
func (t *turn) back() {
	h := t.s.Dialog.History
	if len(h) == 0 {
		t.rerender()
		return
	}
	prev := h[len(h)-1]
	t.s.Dialog.History = h[:len(h)-1]
	if f := t.e.flows.Flows[prev.Flow]; f == nil || f.Steps[prev.Step] == nil {
		t.menu()
		return
	}
	t.enter(prev.Flow, prev.Step)
}

// reask asks step st of flow f again, after the reason why (a wrong
// answer, an old button, an unknown command): the question alone, not what
// the step said before it, which the person has just read, so that the
// reason and the question stay one short message.
func (t *turn) reask(f *flows.Flow, st *flows.Step) {
	if st.Ask == "" {
		t.enter(f.ID, st.ID)
		return
	}
	t.ask(f, st)
}

// rerender shows the current question again, or the menu when there is none.
func (t *turn) rerender() {
	f, st := t.current()
	if st == nil {
		t.s.Dialog.Flow, t.s.Dialog.Step = "", ""
		t.menu()
		return
	}
	t.enter(f.ID, st.ID)
}
