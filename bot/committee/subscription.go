package committee

import "github.com/eidbot/eidbot/bot"

// registerCommands registers the committee commands. Those for everybody
// are in the command menu; the committee tools are not advertised.
func (f *Feature) registerCommands(r *bot.Registry) {
	r.Command("subscribe", bot.Command{Private: f.startFlow(subscribeFlow), Group: f.groupSubscribe, Menu: 50})
	r.Command("unsubscribe", bot.Command{Private: f.unsubscribeCommand, Group: f.unsubscribe, Menu: 60})
	r.Command("activated", bot.Command{Private: f.startFlow(activatedFlow), Menu: 70})
	r.Command("broadcast", bot.Command{Private: f.startFlow(broadcastFlow)})
	r.Command("campaigns", bot.Command{Private: f.listCampaigns})
	r.Command("stats", bot.Command{Private: f.stats})
	r.Command("grant", bot.Command{Private: f.grantCommand(false)})
	r.Command("revoke", bot.Command{Private: f.grantCommand(true)})
	r.Command("register_group", bot.Command{Private: groupOnly, Group: f.registerGroup})
	r.Command("unregister_group", bot.Command{Group: f.unsubscribe})
	r.Callback(cbUnsubscribe, bot.Callback{Private: func(t bot.Turn, _ []string) { f.unsubscribeCommand(t, "") }})
	r.Callback(cbApprove, bot.Callback{Private: f.pressCampaign(true)})
	r.Callback(cbStopCampaign, bot.Callback{Private: f.pressCampaign(false)})
	r.Callback(cbRegister, bot.Callback{Group: f.pressRegister})
}

// Callback data of the feature's buttons: u (unsubscribe, under a notice),
// ca|id and cx|id (approve or cancel campaign id), rg|area (register this
// group to an area).
const (
	cbUnsubscribe  = "u"
	cbApprove      = "ca"
	cbStopCampaign = "cx"
	cbRegister     = "rg"
)

// startFlow is a command that sets a check aside and starts flow.
func (f *Feature) startFlow(flow string) func(bot.Turn, string) {
	return func(t bot.Turn, _ string) {
		t.Pause()
		t.StartFlow(flow)
	}
}

// groupOnly answers /register_group in a private chat.
func groupOnly(t bot.Turn, _ string) {
	t.Say("group.only", nil)
	t.Rerender()
}

// pickAllAreas offers every area in the data file.
func (f *Feature) pickAllAreas(t bot.Turn) ([]bot.Option, bool) {
	opts := make([]bot.Option, 0, len(f.cfg.Areas))
	for _, a := range f.cfg.Areas {
		opts = append(opts, bot.Option{ID: a.ID, Label: a.Name(t.Lang())})
	}
	return opts, true
}

// subscriptionShow starts /subscribe: a chat already subscribed sees where
// and may change or stop. Outcome: subscribed.
func (f *Feature) subscriptionShow(t bot.Turn) string {
	fact, ok := bot.Ask(t, f.q.subscription, t.Chat())
	if !ok {
		return bot.Stop
	}
	if fact.found {
		t.Say("sub.current", map[string]any{"Area": f.areaName(t, fact.sub.Area)})
		return "subscribed"
	}
	return ""
}

// subscribe stores the subscription to the chosen area. Choosing the area
// button is the consent: the question said what is kept and why.
func (f *Feature) subscribe(t bot.Turn) string {
	area := t.Answer("sub_area")
	fact, ok := bot.Ask(t, f.q.subscribe, subscribeQ{chat: t.Chat(), area: area, lang: t.Lang(), user: t.User().ID})
	if !ok {
		return bot.Stop
	}
	if fact.err != nil {
		t.Say("sub.off", nil)
		return ""
	}
	t.SetArea(area)
	t.Say("sub.done", map[string]any{"Area": f.areaName(t, area)})
	return ""
}

// unsubscribeCommand is /unsubscribe, or the button under a notice, in a
// private chat.
func (f *Feature) unsubscribeCommand(t bot.Turn, _ string) {
	t.Pause()
	f.unsubscribe(t, "")
}

// unsubscribe ends the chat's subscription. In a group it ends the
// registration, which only a committee member of the area may do.
func (f *Feature) unsubscribe(t bot.Turn, _ string) {
	fact, ok := bot.Ask(t, f.q.unsubscribe, subscribeQ{chat: t.Chat(), user: t.User().ID})
	if !ok {
		return
	}
	private := t.Chat().Kind == bot.ChatPrivate
	switch {
	case fact.err != nil:
		t.Say("committee.denied", nil)
	case fact.found && !private:
		t.Say("group.unregistered", nil)
	case fact.found:
		t.Say("unsub.done", nil)
	default:
		t.Say("unsub.none", nil)
	}
	if private {
		t.Flush([][]bot.Button{{t.MenuButton()}})
		return
	}
	t.Flush(nil)
}
