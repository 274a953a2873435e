package bot

// Flows of the committee features.
const (
	subscribeFlow = "subscribe" // opt in to an area's reminders
	broadcastFlow = "broadcast" // a committee member sets up a campaign
	activatedFlow = "activated" // "I have activated my account"
)

// areaName is an area's name in the session's language, or its id when the
// area is no longer in the data file.
func (t *turn) areaName(id string) string { return Escape(t.e.areaIn(id, t.s.Lang)) }

// pickAllAreas offers every area in the data file.
func (t *turn) pickAllAreas() ([]option, bool) {
	if t.e.committee == nil {
		return nil, true
	}
	opts := make([]option, 0, len(t.e.committee.areas))
	for _, a := range t.e.committee.areas {
		opts = append(opts, option{ID: a.ID, Label: a.Name(t.s.Lang)})
	}
	return opts, true
}

// subscriptionShow starts /subscribe: a chat already subscribed sees where
// and may change or stop. Outcomes: subscribed, off (no committees here).
func (t *turn) subscriptionShow() string {
	if t.e.committee == nil {
		return "off"
	}
	f, ok := t.fact(Query{Kind: QuerySubscription, Chat: t.u.Chat})
	if !ok {
		return stop
	}
	if f.Found {
		t.block(t.say("sub.current", map[string]any{"Area": t.areaName(f.Sub.Area)}))
		return "subscribed"
	}
	return ""
}

// subscribeAction stores the subscription to the chosen area. Choosing the
// area button is the consent: the question said what is kept and why.
func (t *turn) subscribeAction() string {
	area := t.answerOf("sub_area")
	f, ok := t.fact(Query{Kind: QuerySubscribe, Chat: t.u.Chat, Area: area, Lang: t.s.Lang, User: t.u.From.ID})
	if !ok {
		return stop
	}
	if f.Err != nil {
		t.block(t.say("sub.off", nil))
		return ""
	}
	t.s.Area = area
	t.block(t.say("sub.done", map[string]any{"Area": t.areaName(area)}))
	return ""
}

// unsubscribe ends the chat's subscription (/unsubscribe, or the button
// under a reminder). In a group it ends the registration, which only a
// committee member of the area may do.
func (t *turn) unsubscribe() {
	if t.e.committee == nil {
		t.block(t.say("sub.off", nil))
		t.flush(nil)
		return
	}
	f, ok := t.fact(Query{Kind: QueryUnsubscribe, Chat: t.u.Chat, User: t.u.From.ID})
	if !ok {
		return
	}
	switch {
	case f.Err != nil:
		t.block(t.say("committee.denied", nil))
	case f.Found && t.u.Chat.Kind != ChatPrivate:
		t.block(t.say("group.unregistered", nil))
	case f.Found:
		t.block(t.say("unsub.done", nil))
	default:
		t.block(t.say("unsub.none", nil))
	}
	if t.u.Chat.Kind == ChatPrivate {
		t.s.Dialog.Flow, t.s.Dialog.Step = "", ""
		t.flush([][]Button{{t.menuButton()}})
		return
	}
	t.flush(nil)
}

// registerGroup registers a group chat to the area of the committee member
// who asks (/register_group), offering a choice when they serve several.
func (t *turn) registerGroup() {
	areas, ok := t.myAreas()
	switch {
	case !ok:
		return
	case len(areas) == 0:
		t.block(t.say("committee.denied", nil))
		t.flush(nil)
	case len(areas) == 1:
		t.registerGroupIn(areas[0])
	default:
		t.block(t.say("group.register_pick", nil))
		buttons := make([]Button, 0, len(areas))
		for _, a := range areas {
			buttons = append(buttons, Button{Label: t.e.committee.byID[a].Name(t.s.Lang), Data: cbRegister + "|" + a})
		}
		t.flush(rows(buttons, false))
	}
}

// pressRegister registers the group to the area on the button. The role of
// whoever pressed it is checked, not of whoever sent the command.
func (t *turn) pressRegister(p *Press, cb callback) {
	if len(cb.args) != 1 {
		t.stale()
		return
	}
	if t.registerGroupIn(cb.args[0]) {
		t.markChosen(p, t.e.committee.byID[cb.args[0]].Name(t.s.Lang))
	}
}

// registerGroupIn registers the group to area; it reports success.
func (t *turn) registerGroupIn(area string) bool {
	f, ok := t.fact(Query{Kind: QuerySubscribe, Chat: t.u.Chat, Area: area, Lang: t.s.Lang, User: t.u.From.ID})
	if !ok {
		return false
	}
	if f.Err != nil {
		t.answer(t.say("committee.denied", nil), true)
		t.block(t.say("committee.denied", nil))
		t.flush(nil)
		return false
	}
	t.block(t.say("group.registered", map[string]any{"Area": t.areaName(area)}))
	t.flush(nil)
	return true
}

// myAreas returns the areas the sender may act in as a committee member:
// all of them for a super-admin. ok=false means the fact is not there yet.
func (t *turn) myAreas() ([]string, bool) {
	c := t.e.committee
	switch {
	case c == nil:
		return nil, true
	case c.isAdmin(t.u.From.ID):
		return c.areaIDs(), true
	}
	f, ok := t.fact(Query{Kind: QueryRoles, User: t.u.From.ID})
	return f.Areas, ok
}

// memberAreas is myAreas for committee tools: with no area at all it says
// the tool is for committee members. ok=false means stop here.
func (t *turn) memberAreas() (areas []string, ok bool) {
	areas, ok = t.myAreas()
	if ok && len(areas) == 0 {
		t.block(t.say("committee.denied", nil))
		t.flush([][]Button{{t.menuButton()}})
		return nil, false
	}
	return areas, ok
}
