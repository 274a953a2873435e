package bot

import (
	"math"
	"time"
)

// CampaignMessage renders campaign c for one recipient, in the recipient's
// language: the template's text filled with the campaign's parameters (a
// free text goes out as typed, escaped), a button that opens the
// eligibility check, and for subscribers a button that unsubscribes.
func (e *Engine) CampaignMessage(c Campaign, r Recipient) Reply {
	lang := r.Lang
	if _, ok := ParseLang(string(lang)); !ok {
		lang = Vietnamese
	}
	data := map[string]any{"Area": Escape(e.areaIn(c.Area, lang))}
	if d, err := time.ParseInLocation(time.DateOnly, c.Params["date"], Vietnam); err == nil {
		data["Date"] = e.tr.Date(lang, d)
	}
	data["Place"] = Escape(c.Params["place"])
	data["Hours"] = Escape(c.Params["hours"])
	body := Escape(c.Params["text"])
	if c.Template != TemplateFree {
		body = e.tr.Text(lang, "bc.msg."+c.Template, data)
	}
	text := e.tr.Text(lang, "bc.msg.head", data) + "\n\n" + body
	var buttons [][]Button
	if link := e.deepLink("check"); link != "" {
		buttons = append(buttons, []Button{{Label: e.tr.Text(lang, "bc.btn.check", nil), URL: link}})
	}
	if r.Subscribed {
		buttons = append(buttons, []Button{{Label: e.tr.Text(lang, "bc.btn.unsubscribe", nil), Data: cbUnsubscribe}})
	}
	return Reply{Kind: ReplyText, Chat: r.Chat, Text: text, Buttons: buttons}
}

// CampaignReport renders a progress report on c for its author, in the
// author's language: sent, blocked, failed, remaining and the expected time
// to finish; final reports say how it ended. A running campaign's report
// carries a Cancel button.
func (e *Engine) CampaignReport(c Campaign, final bool) Reply {
	lang := c.AuthorLang
	if _, ok := ParseLang(string(lang)); !ok {
		lang = Vietnamese
	}
	p := c.Progress
	data := map[string]any{
		"ID": c.ID, "Area": Escape(e.areaIn(c.Area, lang)), "Sent": p.Sent, "Total": p.Total,
		"Blocked": p.Blocked, "Failed": p.Failed, "Remaining": p.Remaining(), "Cancelled": p.Cancelled,
		"Minutes": int(math.Ceil(p.ETA().Minutes())),
	}
	id := "bc.report.progress"
	switch {
	case final && c.Status == CampaignCancelled:
		id = "bc.report.cancelled"
	case final:
		id = "bc.report.done"
	case p.ETA() == 0:
		id = "bc.report.starting"
	}
	r := Reply{Kind: ReplyText, Chat: c.AuthorChat, Text: e.tr.Text(lang, id, data)}
	if !final {
		r.Buttons = [][]Button{{{Label: e.tr.Text(lang, "bc.btn.cancel", nil), Data: cbStopCampaign + "|" + c.ID}}}
	}
	return r
}

// areaIn is an area's name in lang, or its id when it is not in the data.
func (e *Engine) areaIn(id string, lang Lang) string {
	if e.committee != nil {
		if a, ok := e.committee.byID[id]; ok {
			return a.Name(lang)
		}
	}
	return id
}
