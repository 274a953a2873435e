package bot

import (
	"maps"
	"slices"
	"strings"
)

// Flows the engine refers to by name.
const (
	menuFlow        = "menu"        // the main menu
	eligibilityFlow = "eligibility" // the guided check
	helpFlow        = "problems"    // common problems, reached by /help
)

// registerCore registers the core dialogue: the general commands and deep
// links, the buttons of flows, the saved result, and the core's effects.
// Features fill in the rest of the menu between these places.
func registerCore(r *Registry) {
	r.Command("start", Command{Private: onTurn((*turn).start), Menu: 10})
	r.Command("menu", Command{Private: onTurn((*turn).menuCommand), Menu: 20})
	r.Command("help", Command{Private: onTurn((*turn).help), Menu: 30})
	language := onTurn(func(t *turn, _ string) { t.languagePicker() })
	r.Command("language", Command{Private: language, Group: language, Menu: 80})
	r.Command("cancel", Command{Private: onTurn(func(t *turn, _ string) { t.cancel() }), Menu: 90})
	r.Command("forget", Command{Private: onTurn(func(t *turn, _ string) { t.askForget() }), Menu: 100})
	r.Link("check", eligibilityFlow)
	r.Link("bring", "documents")
	r.Link("problems", helpFlow)
	r.Action("case_summary", func(t Turn) string { return t.(*turn).caseSummary() })
	registerCallbacks(r)
	registerQuestions(r)
	registerEffects(r)
}

// onTurn adapts a core method to a registered handler: only the engine
// implements Turn, so the core's own handlers get its working state.
func onTurn[A any](fn func(t *turn, arg A)) func(Turn, A) {
	return func(t Turn, arg A) { fn(t.(*turn), arg) }
}

// command runs a slash command in a private chat.
func (t *turn) command(name, payload string) {
	if c := t.r.commands[name]; c.Private != nil {
		c.Private(t, payload)
		return
	}
	t.block(t.say("command.unknown", map[string]any{"Command": Escape(name)}))
	if f, st := t.current(); st != nil {
		t.reask(f, st)
		return
	}
	t.rerender()
}

// menuCommand shows the main menu (/menu), setting a check aside.
func (t *turn) menuCommand(string) {
	t.pause()
	t.menu()
}

// help lists the commands, those the channel handles itself too, and opens
// the common problems (/help).
func (t *turn) help(string) {
	t.pause()
	text := t.say("help.commands", nil)
	for _, name := range t.caps.Commands {
		text += "\n" + t.say("help."+name, nil)
	}
	t.block(text)
	t.startFlow(helpFlow)
}

// start greets the person. A deep-link payload such as "check" jumps into a
// flow; a person with an unfinished check is asked whether to continue it.
func (t *turn) start(payload string) {
	payload = strings.ToLower(strings.TrimSpace(payload))
	if t.s.IsNew() || t.s.Dialog.Flow == "" && t.s.Dialog.Paused == nil {
		t.block(t.say("welcome", nil))
	}
	if lang, ok := strings.CutPrefix(payload, "lang_"); ok {
		if l, ok := ParseLang(lang); ok {
			t.s.Lang, t.s.LangSet = l, true
		}
		payload = ""
	}
	if t.link(payload) {
		return
	}
	if t.pause() {
		t.askResume()
		return
	}
	t.menu()
}

// link follows a registered deep link; it reports whether payload was one.
// The welcome said before it goes out as a message of its own: joined with
// the first question of the flow, it would make one too long to read.
func (t *turn) link(payload string) bool {
	if payload == "" {
		return false
	}
	for _, prefix := range slices.Sorted(maps.Keys(t.r.prefixes)) {
		if rest, ok := strings.CutPrefix(payload, prefix); ok {
			t.pause()
			t.flush(nil)
			t.r.prefixes[prefix](t, rest)
			return true
		}
	}
	if flow := t.r.links[payload]; t.e.flows.Flows[flow] != nil {
		t.pause()
		t.flush(nil)
		t.startFlow(flow)
		return true
	}
	return false
}

// menu shows the main menu.
func (t *turn) menu() {
	t.startFlow(menuFlow)
}

// cancel stops the current flow and forgets the paused one; the case file
// (the last verdict) is kept.
func (t *turn) cancel() {
	active := t.s.Dialog.Flow != "" && t.s.Dialog.Flow != menuFlow || t.s.Dialog.Paused != nil
	t.s.Dialog = Dialog{Answers: t.s.Dialog.Answers}
	if active {
		t.block(t.say("cancel.done", nil))
	} else {
		t.block(t.say("cancel.idle", nil))
	}
	t.flush([][]Button{{t.menuButton()}})
}

// pause sets an unfinished, resumable flow aside so the person can come
// back to it. It reports whether there is one waiting.
func (t *turn) pause() bool {
	d := &t.s.Dialog
	if f := t.e.flows.Flows[d.Flow]; f != nil && f.Resumable && d.Step != f.Start {
		d.Paused = &Position{Flow: d.Flow, Step: d.Step}
	}
	d.Flow, d.Step = "", ""
	return d.Paused != nil
}

// askResume offers to continue the paused check or start it over.
func (t *turn) askResume() {
	p := t.s.Dialog.Paused
	t.block(t.say("resume.q", map[string]any{"Date": t.e.tr.Date(t.s.Lang, t.s.Dialog.Touched)}))
	t.flush([][]Button{
		{{Label: t.say("resume.continue", nil), Data: cbResume + "|y"}},
		{{Label: t.say("resume.restart", nil), Data: cbResume + "|n|" + p.Flow}},
		{t.menuButton()},
	})
}

// resume continues or restarts the paused flow.
func (t *turn) resume(cont bool) {
	p := t.s.Dialog.Paused
	if p == nil {
		t.stale()
		return
	}
	t.s.Dialog.Paused = nil
	f := t.e.flows.Flows[p.Flow]
	if f == nil || f.Steps[p.Step] == nil {
		t.menu()
		return
	}
	if cont {
		t.enter(p.Flow, p.Step)
		return
	}
	t.startFlow(p.Flow)
}
