package bot

// languagePicker offers the four languages, each named in itself.
func (t *turn) languagePicker() {
	t.block(t.say("lang.q", nil))
	row := make([]Button, 0, len(Languages))
	var rows [][]Button
	for _, l := range Languages {
		row = append(row, Button{Label: t.say("lang.name."+string(l), nil), Data: cbLanguage + "|" + string(l)})
		if len(row) == 2 {
			rows, row = append(rows, row), nil
		}
	}
	t.flush(rows)
}

// pressLanguage switches language and shows the same question again in it,
// so nobody loses their place.
func (t *turn) pressLanguage(args []string) {
	if len(args) != 1 {
		t.stale()
		return
	}
	l, ok := ParseLang(args[0])
	if !ok {
		t.stale()
		return
	}
	t.s.Lang, t.s.LangSet = l, true
	t.markChosen(t.u.Button, t.say("lang.name."+string(l), nil))
	t.answer(t.say("lang.done", nil), false)
	if t.u.Chat.Kind != ChatPrivate {
		t.groupHelp()
		return
	}
	if t.s.Dialog.Flow == "" && t.s.Dialog.Paused != nil {
		t.askResume()
		return
	}
	t.rerender()
}
