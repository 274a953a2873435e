package committee

import (
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/eidbot/eidbot/bot"
)

// guard re-checks, on every answer and button press inside /broadcast,
// that the sender still may act in the area chosen (or in any area before
// one is chosen). A role revoked half-way ends the flow at the next press.
// It reports whether the update may go on.
func (f *Feature) guard(t bot.Turn) bool {
	areas, ok := f.myAreas(t)
	if !ok {
		return false
	}
	area := t.Answer("area")
	if len(areas) > 0 && (area == "" || slices.Contains(areas, area)) {
		return true
	}
	t.AnswerPress(t.Text("committee.denied", nil), true)
	t.Say("committee.denied", nil)
	t.Finish()
	return false
}

// broadcastStart opens /broadcast for committee members. Outcomes: denied;
// one_area when the member serves one area, which is then chosen for them.
func (f *Feature) broadcastStart(t bot.Turn) string {
	areas, ok := f.myAreas(t)
	switch {
	case !ok:
		return bot.Stop
	case len(areas) == 0:
		return "denied"
	case len(areas) == 1:
		t.SetAnswer("area", areas[0])
		t.Say("bc.area_is", map[string]any{"Area": f.areaName(t, areas[0])})
		return "one_area"
	}
	return ""
}

// pickMyAreas offers the areas the member may broadcast in.
func (f *Feature) pickMyAreas(t bot.Turn) ([]bot.Option, bool) {
	areas, ok := f.myAreas(t)
	opts := make([]bot.Option, 0, len(areas))
	for _, id := range areas {
		opts = append(opts, bot.Option{ID: id, Label: f.byID[id].Name(t.Lang())})
	}
	return opts, ok
}

// pickAreaPoints offers the reception points of the chosen area.
func (f *Feature) pickAreaPoints(t bot.Turn) ([]bot.Option, bool) {
	if f.cfg.Directory == nil {
		return nil, true
	}
	var opts []bot.Option
	for _, id := range f.byID[t.Answer("area")].Points {
		if p, ok := f.cfg.Directory.Point(id); ok {
			opts = append(opts, bot.Option{ID: p.ID, Label: p.Name(t.Lang())})
		}
	}
	return opts, true
}

// draft builds the campaign from the answers of /broadcast.
func draft(t bot.Turn) bot.Campaign {
	c := bot.Campaign{
		Area: t.Answer("area"), Audience: bot.Audience{Kind: t.Answer("audience")}, Template: t.Answer("template"),
		Params: map[string]string{}, Author: t.User().ID, AuthorChat: t.Chat(), AuthorLang: t.Lang(),
		Created: t.Now(),
	}
	if c.Audience.Kind == bot.AudienceAppointments {
		c.Audience.Point, c.Audience.Date = t.Answer("point"), t.Answer("appt_date")
	}
	params, _ := bot.TemplateParams(c.Template)
	for _, k := range params {
		c.Params[k] = t.Answer(k)
	}
	if at, err := time.Parse(time.RFC3339, t.Answer("send_at")); err == nil && t.Answer("when") == "later" {
		c.SendAt = at
	}
	return c
}

// preview shows the message as a recipient reading the author's language
// will see it, then who gets it, when, and whether a second member must
// approve it first.
func (f *Feature) preview(t bot.Turn) string {
	c := draft(t)
	counts, ok := bot.Ask(t, f.q.counts, struct{}{})
	if !ok {
		return bot.Stop
	}
	var reach map[string]int
	if c.Audience.Kind == bot.AudienceSubscribers {
		if reach, ok = bot.Ask(t, f.q.reachable, c.Area); !ok {
			return bot.Stop
		}
	}
	msg := f.CampaignMessage(c, bot.Recipient{Chat: t.Chat(), Lang: t.Lang(), Subscribed: c.Audience.Kind == bot.AudienceSubscribers})
	t.Say("bc.preview", nil)
	t.Flush(nil)
	t.Queue(msg.Text)
	t.Flush(nil)
	t.Queue(f.campaignSummary(t, c, counts))
	for _, ch := range slices.Sorted(maps.Keys(reach)) {
		if total := audienceOn(counts, c, ch); total > 0 {
			t.Say("bc.summary.reachable", map[string]any{"Reachable": min(reach[ch], total), "Total": total})
		}
	}
	if c.Template == bot.TemplateFree {
		t.Say("bc.free_warning", nil)
	}
	if f.byID[c.Area].Approval {
		t.Say("bc.needs_approval", nil)
	}
	return ""
}

// campaignSummary says who receives c and when: how many, by language and,
// when they are on several channels, by channel.
func (f *Feature) campaignSummary(t bot.Turn, c bot.Campaign, counts []bot.AudienceCount) string {
	data := map[string]any{"Area": f.areaName(t, c.Area), "When": sendTime(t, c)}
	if c.Audience.Kind == bot.AudienceAppointments {
		data["Point"] = bot.Escape(f.pointName(t, c.Audience.Point))
		if d, err := time.ParseInLocation(time.DateOnly, c.Audience.Date, bot.Vietnam); err == nil {
			data["Date"] = t.Date(d)
		}
		return t.Text("bc.summary.appointments", data)
	}
	var byChannel []string
	total := 0
	channels := audienceChannels(counts)
	for _, ch := range channels {
		var parts []string
		for _, l := range bot.Languages {
			for _, n := range counts {
				if n.Area == c.Area && n.Kind == c.Audience.Kind && n.Lang == l && n.Channel == ch && n.Chats > 0 {
					parts = append(parts, string(l)+" "+strconv.Itoa(n.Chats))
					total += n.Chats
				}
			}
		}
		if len(parts) > 0 {
			byChannel = append(byChannel, channelNames[ch]+": "+strings.Join(parts, " · "))
		}
	}
	data["Count"] = total
	data["ByLang"] = strings.Join(byChannel, "; ")
	if len(byChannel) == 1 { // one channel: no need to name it
		_, data["ByLang"], _ = strings.Cut(byChannel[0], ": ")
	}
	return t.Text("bc.summary."+c.Audience.Kind, data)
}

// audienceOn counts c's audience on channel ch.
func audienceOn(counts []bot.AudienceCount, c bot.Campaign, ch string) int {
	n := 0
	for _, a := range counts {
		if a.Area == c.Area && a.Kind == c.Audience.Kind && a.Channel == ch {
			n += a.Chats
		}
	}
	return n
}

// channelNames are the names of the channels as a committee member knows
// them, by bot.AudienceCount.Channel ("" is Telegram).
var channelNames = map[string]string{"": "Telegram", bot.ChannelTelegram: "Telegram", bot.ChannelZaloBot: "Zalo", bot.ChannelZaloOA: "Zalo OA", bot.ChannelWeb: "Web"}

// audienceChannels lists the channels counts name, Telegram first.
func audienceChannels(counts []bot.AudienceCount) []string {
	seen := map[string]bool{}
	for _, n := range counts {
		if _, known := channelNames[n.Channel]; known {
			seen[n.Channel] = true
		}
	}
	return slices.Sorted(maps.Keys(seen))
}

// sendTime says when c goes out.
func sendTime(t bot.Turn, c bot.Campaign) string {
	if c.SendAt.IsZero() || !c.SendAt.After(t.Now()) {
		return t.Text("bc.when_now", nil)
	}
	return t.Date(c.SendAt) + " " + t.Clock(c.SendAt)
}

// pointName is a reception point's name in the session's language.
func (f *Feature) pointName(t bot.Turn, id string) string {
	if f.cfg.Directory != nil {
		if p, ok := f.cfg.Directory.Point(id); ok {
			return p.Name(t.Lang())
		}
	}
	return id
}

// submit creates the campaign. Without approval it is scheduled at once;
// with approval the area's other members are asked. Outcome denied: the
// role went meanwhile.
func (f *Feature) submit(t bot.Turn) string {
	fact, ok := bot.Ask(t, f.q.create, createQ{user: t.User().ID, campaign: draft(t), requestID: t.RequestID("campaign")})
	if !ok {
		return bot.Stop
	}
	switch fact.err {
	case nil:
	case bot.ErrBadCampaign:
		t.Say("bc.invalid", nil)
		return ""
	default:
		return "denied"
	}
	c := fact.c
	if c.Status != bot.CampaignAwaiting {
		t.Say("bc.scheduled", map[string]any{"ID": c.ID, "When": sendTime(t, c)})
		t.Flush([][]bot.Button{{cancelButton(t, c.ID)}, {t.MenuButton()}})
		return ""
	}
	members, ok := bot.Ask(t, f.q.members, c.Area)
	if !ok {
		return bot.Stop
	}
	asked := 0
	for _, m := range members {
		if m.user != t.User().ID {
			f.askApproval(t, c, m)
			asked++
		}
	}
	t.Say("bc.awaiting", map[string]any{"ID": c.ID, "Count": asked})
	t.Flush([][]bot.Button{{cancelButton(t, c.ID)}, {t.MenuButton()}})
	return ""
}

// askApproval sends member the campaign with Approve and Cancel buttons, in
// the language of their own chat with the bot.
func (f *Feature) askApproval(t bot.Turn, c bot.Campaign, m member) {
	tr := f.engine.Translator()
	chat := m.user.PrivateChat()
	msg := f.CampaignMessage(c, bot.Recipient{Chat: chat, Lang: m.lang})
	head := tr.Text(m.lang, "bc.approve_request", map[string]any{
		"Author": t.Name(), "ID": c.ID, "Area": bot.Escape(f.areaIn(c.Area, m.lang)),
	})
	t.Send(bot.Reply{Kind: bot.ReplyText, Chat: chat, Text: head + "\n\n" + msg.Text, Buttons: [][]bot.Button{
		{{Label: tr.Text(m.lang, "bc.btn.approve", nil), Data: cbApprove + "|" + c.ID}},
		{{Label: tr.Text(m.lang, "bc.btn.cancel", nil), Data: cbStopCampaign + "|" + c.ID}},
	}})
}

// cancelButton cancels campaign id when pressed.
func cancelButton(t bot.Turn, id string) bot.Button {
	return bot.Button{Label: t.Text("bc.btn.cancel", nil), Data: cbStopCampaign + "|" + id}
}
