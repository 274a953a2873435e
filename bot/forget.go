package bot

// askForget asks for confirmation before deleting everything: the deletion
// cannot be undone and a stray tap must not do it.
func (t *turn) askForget() {
	t.block(t.say("forget.q", nil))
	t.flush([][]Button{
		{{Label: t.say("forget.yes", nil), Data: cbForget + "|y"}},
		{{Label: t.say("forget.no", nil), Data: cbForget + "|n"}},
	})
}

// forget deletes the session and asks the Engine to erase every other record
// about the chat. Only the ids of recently handled updates survive, so that a
// retried update is not run again; they hold nothing about the person.
func (t *turn) forget(confirmed bool) {
	t.markChosen(t.u.Button, t.say(map[bool]string{true: "forget.yes", false: "forget.no"}[confirmed], nil))
	if !confirmed {
		t.block(t.say("forget.kept", nil))
		t.rerender()
		return
	}
	done := t.say("forget.done", nil)
	fresh := NewSession(t.u.Chat, t.u.From.LanguageCode, t.now)
	fresh.Applied = t.s.Applied
	t.s = fresh
	t.effects = append(t.effects, Effect{Kind: EffectForget})
	t.block(done)
	t.flush(nil)
}
