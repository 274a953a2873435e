package bot

import (
	"slices"
	"strconv"
	"strings"
	"time"
)

// guard re-checks, on every answer and button press inside /broadcast,
// that the sender still may act in the area chosen (or in any area before
// one is chosen). A role revoked half-way ends the flow at the next press.
// It reports whether the update may go on.
func (t *turn) guard() bool {
	if t.s.Dialog.Flow != broadcastFlow || t.u.Kind == UpdateCommand {
		return true
	}
	areas, ok := t.myAreas()
	if !ok {
		return false
	}
	area := t.answerOf("area")
	if len(areas) > 0 && (area == "" || slices.Contains(areas, area)) {
		return true
	}
	t.s.Dialog.Flow, t.s.Dialog.Step, t.s.Dialog.History = "", "", nil
	t.answer(t.say("committee.denied", nil), true)
	t.block(t.say("committee.denied", nil))
	t.flush([][]Button{{t.menuButton()}})
	return false
}

// broadcastStart opens /broadcast for committee members. Outcomes: denied;
// one_area when the member serves one area, which is then chosen for them.
func (t *turn) broadcastStart() string {
	areas, ok := t.myAreas()
	switch {
	case !ok:
		return stop
	case len(areas) == 0:
		return "denied"
	case len(areas) == 1:
		t.answerSet("area", areas[0])
		t.block(t.say("bc.area_is", map[string]any{"Area": t.areaName(areas[0])}))
		return "one_area"
	}
	return ""
}

// pickMyAreas offers the areas the member may broadcast in.
func (t *turn) pickMyAreas() ([]option, bool) {
	areas, ok := t.myAreas()
	opts := make([]option, 0, len(areas))
	for _, id := range areas {
		opts = append(opts, option{ID: id, Label: t.e.committee.byID[id].Name(t.s.Lang)})
	}
	return opts, ok
}

// pickAreaPoints offers the reception points of the chosen area.
func (t *turn) pickAreaPoints() ([]option, bool) {
	if t.e.committee == nil || t.e.dir == nil {
		return nil, true
	}
	var opts []option
	for _, id := range t.e.committee.byID[t.answerOf("area")].Points {
		if p, ok := t.e.dir.Point(id); ok {
			opts = append(opts, option{ID: p.ID, Label: p.Name(t.s.Lang)})
		}
	}
	return opts, true
}

// draft builds the campaign from the answers of /broadcast.
func (t *turn) draft() Campaign {
	a := t.s.Dialog.Answers
	c := Campaign{
		Area: a["area"], Audience: Audience{Kind: a["audience"]}, Template: a["template"],
		Params: map[string]string{}, Author: t.u.From.ID, AuthorChat: t.u.Chat, AuthorLang: t.s.Lang,
		Created: t.now,
	}
	if c.Audience.Kind == AudienceAppointments {
		c.Audience.Point, c.Audience.Date = a["point"], a["appt_date"]
	}
	for _, k := range templateParams[c.Template] {
		c.Params[k] = a[k]
	}
	if at, err := time.Parse(time.RFC3339, a["send_at"]); err == nil && a["when"] == "later" {
		c.SendAt = at
	}
	return c
}

// broadcastPreview shows the message as a recipient reading the author's
// language will see it, then who gets it, when, and whether a second member
// must approve it first.
func (t *turn) broadcastPreview() string {
	c := t.draft()
	counts, ok := t.fact(Query{Kind: QueryCounts})
	if !ok {
		return stop
	}
	msg := t.e.CampaignMessage(c, Recipient{Chat: t.u.Chat, Lang: t.s.Lang, Subscribed: c.Audience.Kind == AudienceSubscribers})
	t.block(t.say("bc.preview", nil))
	t.flush(nil)
	t.block(msg.Text)
	t.flush(nil)
	t.block(t.campaignSummary(c, counts.Counts))
	if c.Template == TemplateFree {
		t.block(t.say("bc.free_warning", nil))
	}
	if t.e.committee.byID[c.Area].Approval {
		t.block(t.say("bc.needs_approval", nil))
	}
	return ""
}

// campaignSummary says who receives c and when.
func (t *turn) campaignSummary(c Campaign, counts []AudienceCount) string {
	data := map[string]any{"Area": t.areaName(c.Area), "When": t.sendTime(c)}
	if c.Audience.Kind == AudienceAppointments {
		data["Point"] = Escape(t.pointName(c.Audience.Point))
		if d, err := time.ParseInLocation(time.DateOnly, c.Audience.Date, Vietnam); err == nil {
			data["Date"] = t.e.tr.Date(t.s.Lang, d)
		}
		return t.say("bc.summary.appointments", data)
	}
	var parts []string
	total := 0
	for _, l := range Languages {
		for _, n := range counts {
			if n.Area == c.Area && n.Kind == c.Audience.Kind && n.Lang == l && n.Chats > 0 {
				parts = append(parts, string(l)+" "+strconv.Itoa(n.Chats))
				total += n.Chats
			}
		}
	}
	data["Count"] = total
	data["ByLang"] = strings.Join(parts, " · ")
	return t.say("bc.summary."+c.Audience.Kind, data)
}

// sendTime says when c goes out.
func (t *turn) sendTime(c Campaign) string {
	if c.SendAt.IsZero() || !c.SendAt.After(t.now) {
		return t.say("bc.when_now", nil)
	}
	return t.e.tr.Date(t.s.Lang, c.SendAt) + " " + t.e.tr.Time(c.SendAt)
}

// pointName is a reception point's name in the session's language.
func (t *turn) pointName(id string) string {
	if t.e.dir != nil {
		if p, ok := t.e.dir.Point(id); ok {
			return p.Name(t.s.Lang)
		}
	}
	return id
}

// broadcastSubmit creates the campaign. Without approval it is scheduled
// at once; with approval the area's other members are asked. Outcome
// denied: the role went meanwhile.
func (t *turn) broadcastSubmit() string {
	draft := t.draft()
	f, ok := t.fact(Query{Kind: QueryCreate, User: t.u.From.ID, Campaign: &draft, RequestID: t.requestID("campaign")})
	if !ok {
		return stop
	}
	switch f.Err {
	case nil:
	case ErrBadCampaign:
		t.block(t.say("bc.invalid", nil))
		return ""
	default:
		return "denied"
	}
	c := f.Campaign
	if c.Status != CampaignAwaiting {
		t.block(t.say("bc.scheduled", map[string]any{"ID": c.ID, "When": t.sendTime(c)}))
		t.flush([][]Button{{t.cancelCampaignButton(c.ID)}, {t.menuButton()}})
		return ""
	}
	members, ok := t.fact(Query{Kind: QueryMembers, Area: c.Area, Chat: t.u.Chat})
	if !ok {
		return stop
	}
	asked := 0
	for _, m := range members.Members {
		if m.User == t.u.From.ID {
			continue
		}
		t.askApproval(c, m)
		asked++
	}
	t.block(t.say("bc.awaiting", map[string]any{"ID": c.ID, "Count": asked}))
	t.flush([][]Button{{t.cancelCampaignButton(c.ID)}, {t.menuButton()}})
	return ""
}

// askApproval sends member the campaign with Approve and Cancel buttons, in
// the language of their own chat with the bot.
func (t *turn) askApproval(c Campaign, m Member) {
	chat := m.User.PrivateChat()
	msg := t.e.CampaignMessage(c, Recipient{Chat: chat, Lang: m.Lang})
	head := t.e.tr.Text(m.Lang, "bc.approve_request", map[string]any{
		"Author": t.name(), "ID": c.ID, "Area": Escape(t.e.areaIn(c.Area, m.Lang)),
	})
	t.sendTo(Reply{Kind: ReplyText, Chat: chat, Text: head + "\n\n" + msg.Text, Buttons: [][]Button{
		{{Label: t.e.tr.Text(m.Lang, "bc.btn.approve", nil), Data: cbApprove + "|" + c.ID}},
		{{Label: t.e.tr.Text(m.Lang, "bc.btn.cancel", nil), Data: cbStopCampaign + "|" + c.ID}},
	}})
}

// cancelCampaignButton cancels campaign id when pressed.
func (t *turn) cancelCampaignButton(id string) Button {
	return Button{Label: t.say("bc.btn.cancel", nil), Data: cbStopCampaign + "|" + id}
}

// sendTo queues a reply to another chat, e.g. an approver's.
func (t *turn) sendTo(r Reply) {
	t.flush(nil)
	t.out = append(t.out, r)
}
