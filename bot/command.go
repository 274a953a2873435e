package bot

import "strings"

// Flows the engine refers to by name.
const (
	menuFlow        = "menu"        // the main menu
	eligibilityFlow = "eligibility" // the guided check
	helpFlow        = "problems"    // common problems, reached by /help
	bookingFlow     = "booking"     // book an appointment
	appointmentFlow = "appointment" // see, move or cancel it (/myappointment)
)

// command runs a slash command.
func (t *turn) command(name, payload string) {
	switch name {
	case "start":
		t.start(payload)
	case "menu":
		t.pause()
		t.menu()
	case "help":
		t.pause()
		t.block(t.say("help.commands", nil))
		t.startFlow(helpFlow)
	case "myappointment":
		t.pause()
		t.startFlow(appointmentFlow)
	case "language":
		t.languagePicker()
	case "cancel":
		t.cancel()
	case "forget":
		t.askForget()
	case "subscribe":
		t.pause()
		t.startFlow(subscribeFlow)
	case "unsubscribe":
		t.pause()
		t.unsubscribe()
	case "activated":
		t.pause()
		t.startFlow(activatedFlow)
	case "broadcast":
		t.pause()
		t.startFlow(broadcastFlow)
	case "campaigns":
		t.pause()
		t.listCampaigns()
	case "stats":
		t.pause()
		t.stats()
	case "grant", "revoke":
		t.pause()
		t.grant(payload, name == "revoke")
	case "register_group":
		t.block(t.say("group.only", nil))
		t.rerender()
	default:
		t.block(t.say("command.unknown", map[string]any{"Command": Escape(name)}))
		t.rerender()
	}
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
	if id, ok := strings.CutPrefix(payload, "point_"); ok {
		t.pause()
		t.bookAt(id)
		return
	}
	if payload != "" {
		if _, ok := t.e.flows.Flows[deepLinks[payload]]; ok {
			t.pause()
			t.startFlow(deepLinks[payload])
			return
		}
	}
	if t.pause() {
		t.askResume()
		return
	}
	t.menu()
}

// deepLinks maps /start payloads (t.me/<bot>?start=check) to flows.
var deepLinks = map[string]string{
	"check":     eligibilityFlow,
	"bring":     "documents",
	"problems":  helpFlow,
	"book":      bookingFlow,
	"subscribe": subscribeFlow,
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
