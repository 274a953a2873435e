package bot

import (
	"strconv"

	"github.com/eidbot/eidbot/flows"
)

// options runs the step's picker; when it offers nothing it says why.
func (t *turn) options(st *flows.Step) ([]Option, bool) {
	opts, ok := t.r.pickers[st.Pick].Options(t)
	if ok && len(opts) == 0 {
		t.block(t.say("pick.none."+st.Pick, nil))
	}
	return opts, ok
}

// pickRows lays out a picker's buttons like choices.
func (t *turn) pickRows(f *flows.Flow, st *flows.Step, opts []Option) [][]Button {
	buttons := make([]Button, len(opts))
	short := true
	for i, o := range opts {
		buttons[i] = Button{Label: o.Label, Data: flows.PickData(f.ID, st.ID, o.ID)}
		short = short && DisplayWidth(o.Label) <= 16
	}
	return rows(buttons, short)
}

// rows puts buttons one per row, two per row when they are short, and
// three when they are very short (days, times).
func rows(buttons []Button, short bool) [][]Button {
	per := 1
	if short && len(buttons) > 2 {
		per = 2
		if len(buttons) > 4 && narrow(buttons) {
			per = 3
		}
	}
	var out [][]Button
	for i := 0; i < len(buttons); i += per {
		out = append(out, buttons[i:min(i+per, len(buttons))])
	}
	return out
}

// narrow reports whether every label fits a third of a phone screen.
func narrow(buttons []Button) bool {
	for _, b := range buttons {
		if DisplayWidth(b.Label) > 10 {
			return false
		}
	}
	return true
}

// pressPick takes a value a picker offered, checking it is still on offer:
// the seats may have gone since the buttons were shown.
func (t *turn) pressPick(args []string) {
	f, st := t.current()
	if st == nil || st.Pick == "" || !at(args, t.here()) || len(args) != 3 {
		t.stale()
		return
	}
	opts, ok := t.options(st)
	if !ok {
		return
	}
	for _, o := range opts {
		if o.ID == args[2] {
			t.markChosen(t.u.Button, o.Label)
			t.picked(f, st, o.ID)
			return
		}
	}
	t.answer(t.say("pick.gone", nil), false)
	t.blocks = nil
	t.block(t.say("pick.gone", nil))
	t.enter(f.ID, st.ID)
}

// pickByText accepts a picker's label typed out, or its number where
// buttons show no numbers (see choiceByText).
func (t *turn) pickByText(f *flows.Flow, st *flows.Step, text string) bool {
	opts, ok := t.options(st)
	t.blocks = nil
	if !ok {
		return true // waiting for a fact; Step runs again
	}
	for i, o := range opts {
		if t.caps.Buttons && text == strconv.Itoa(i+1) || sameAnswer(text, o.Label) {
			t.picked(f, st, o.ID)
			return true
		}
	}
	return false
}

func (t *turn) picked(f *flows.Flow, st *flows.Step, id string) {
	t.answerSet(st.Save, id)
	t.pushHistory()
	t.follow(f, st.Next)
}

// location hands a shared location to the picker of the current step, if
// it takes one, and asks the step again.
func (t *turn) location(l *Location) {
	f, st := t.current()
	if st == nil || st.Pick == "" || t.r.pickers[st.Pick].Location == nil {
		t.reprompt()
		return
	}
	t.r.pickers[st.Pick].Location(t, *l)
	t.enter(f.ID, st.ID)
}
