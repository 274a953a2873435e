package committee

import "github.com/eidbot/eidbot/bot"

// groupSubscribe answers /subscribe in a group: a person subscribes in
// private (a button opens it); the group itself is registered by a
// committee member.
func (f *Feature) groupSubscribe(t bot.Turn, _ string) {
	t.Say("group.subscribe", nil)
	link := t.DeepLink("subscribe")
	if link == "" {
		t.Say("group.private_how", nil)
		t.Flush(nil)
		return
	}
	t.Flush([][]bot.Button{{{Label: t.Text("group.subscribe_private", nil), URL: link}}})
}

// registerGroup registers a group chat to the area of the committee member
// who asks (/register_group), offering a choice when they serve several.
func (f *Feature) registerGroup(t bot.Turn, _ string) {
	areas, ok := f.myAreas(t)
	switch {
	case !ok:
		return
	case len(areas) == 0:
		t.Say("committee.denied", nil)
		t.Flush(nil)
	case len(areas) == 1:
		f.registerGroupIn(t, areas[0])
	default:
		t.Say("group.register_pick", nil)
		rows := make([][]bot.Button, 0, len(areas))
		for _, a := range areas {
			rows = append(rows, []bot.Button{{Label: f.byID[a].Name(t.Lang()), Data: cbRegister + "|" + a}})
		}
		t.Flush(rows)
	}
}

// pressRegister registers the group to the area on the button. The role of
// whoever pressed it is checked, not of whoever sent the command.
func (f *Feature) pressRegister(t bot.Turn, args []string) {
	if len(args) != 1 {
		t.Stale()
		return
	}
	if f.registerGroupIn(t, args[0]) {
		t.Chosen(f.byID[args[0]].Name(t.Lang()))
	}
}

// registerGroupIn registers the group to area; it reports success.
func (f *Feature) registerGroupIn(t bot.Turn, area string) bool {
	fact, ok := bot.Ask(t, f.q.subscribe, subscribeQ{chat: t.Chat(), area: area, lang: t.Lang(), user: t.User().ID})
	if !ok {
		return false
	}
	if fact.err != nil {
		t.AnswerPress(t.Text("committee.denied", nil), true)
		t.Say("committee.denied", nil)
		t.Flush(nil)
		return false
	}
	t.Say("group.registered", map[string]any{"Area": f.areaName(t, area)})
	t.Flush(nil)
	return true
}

// myAreas returns the areas the sender may act in as a committee member:
// all of them for a super-admin. ok=false means the fact is not there yet.
func (f *Feature) myAreas(t bot.Turn) ([]string, bool) {
	if user := t.User().ID; f.isAdmin(user) {
		return f.areaIDs(), true
	}
	return bot.Ask(t, f.q.roles, t.User().ID)
}

// memberAreas is myAreas for committee tools: with no area at all it says
// the tool is for committee members. ok=false means stop here.
func (f *Feature) memberAreas(t bot.Turn) (areas []string, ok bool) {
	areas, ok = f.myAreas(t)
	if ok && len(areas) == 0 {
		t.Say("committee.denied", nil)
		t.Flush([][]bot.Button{{t.MenuButton()}})
		return nil, false
	}
	return areas, ok
}
