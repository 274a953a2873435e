package committee

import (
	"maps"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/eidbot/eidbot/bot"
)

// CampaignMessage renders campaign c for one recipient, in the recipient's
// language: the template's text filled with the campaign's parameters (a
// free text goes out as typed, escaped), a button that opens the
// eligibility check, and for subscribers a button that unsubscribes. Where
// the channel has no links into a chat with the bot (Caps.DeepLinks), the
// message says which command starts the check; on a channel without
// buttons, where a number typed to a message sent outside a turn could not
// be told apart from an answer to the last question, it says which
// command unsubscribes too.
func (f *Feature) CampaignMessage(c bot.Campaign, r bot.Recipient) bot.Reply {
	tr := f.engine.Translator()
	lang := r.Lang
	if _, ok := bot.ParseLang(string(lang)); !ok {
		lang = bot.Vietnamese
	}
	data := map[string]any{"Area": bot.Escape(f.areaIn(c.Area, lang))}
	if d, err := time.ParseInLocation(time.DateOnly, c.Params["date"], bot.Vietnam); err == nil {
		data["Date"] = tr.Date(lang, d)
	}
	data["Place"] = bot.Escape(c.Params["place"])
	data["Hours"] = bot.Escape(c.Params["hours"])
	body := bot.Escape(c.Params["text"])
	if c.Template != bot.TemplateFree {
		body = tr.Text(lang, "bc.msg."+c.Template, data)
	}
	text := tr.Text(lang, "bc.msg.head", data) + "\n\n" + body
	var buttons [][]bot.Button
	caps := f.engine.Caps(r.Chat.Channel)
	if link := f.engine.LinkFor(r.Chat, "check"); link != "" {
		buttons = append(buttons, []bot.Button{{Label: tr.Text(lang, "bc.btn.check", nil), URL: link}})
	} else {
		// No link into a chat with the bot (Zalo, the web chat): say
		// which command starts the check.
		text += "\n\n" + tr.Text(lang, "bc.msg.type_check", nil)
	}
	switch {
	case r.Subscribed && caps.Buttons:
		buttons = append(buttons, []bot.Button{{Label: tr.Text(lang, "bc.btn.unsubscribe", nil), Data: cbUnsubscribe}})
	case r.Subscribed:
		text += "\n" + tr.Text(lang, "bc.msg.type_unsubscribe", nil)
	}
	return bot.Reply{Kind: bot.ReplyText, Chat: r.Chat, Text: text, Buttons: buttons}
}

// CampaignReport renders a progress report on c for its author, in the
// author's language: sent, blocked, failed, remaining and the expected time
// to finish; final reports say how it ended. A running campaign's report
// carries a Cancel button.
func (f *Feature) CampaignReport(c bot.Campaign, final bool) bot.Reply {
	tr := f.engine.Translator()
	lang := c.AuthorLang
	if _, ok := bot.ParseLang(string(lang)); !ok {
		lang = bot.Vietnamese
	}
	p := c.Progress
	data := map[string]any{
		"ID": c.ID, "Area": bot.Escape(f.areaIn(c.Area, lang)), "Sent": p.Sent, "Total": p.Total,
		"Blocked": p.Blocked, "Failed": p.Failed, "Remaining": p.Remaining(), "Cancelled": p.Cancelled,
		"Minutes": int(math.Ceil(p.ETA().Minutes())),
	}
	id := "bc.report.progress"
	switch {
	case final && c.Status == bot.CampaignCancelled:
		id = "bc.report.cancelled"
	case final:
		id = "bc.report.done"
	case p.ETA() == 0:
		id = "bc.report.starting"
	}
	r := bot.Reply{Kind: bot.ReplyText, Chat: c.AuthorChat, Text: tr.Text(lang, id, data) + byChannel(tr, lang, p)}
	if !final {
		r.Buttons = [][]bot.Button{{{Label: tr.Text(lang, "bc.btn.cancel", nil), Data: cbStopCampaign + "|" + c.ID}}}
	}
	return r
}

// byChannel is the lines of a report that count each channel's recipients
// (sent, not reachable now, failed), when the campaign reached more than
// one channel or someone was not reachable, and then how many were not
// reachable on Zalo now and why; "" otherwise.
func byChannel(tr bot.Translator, lang bot.Lang, p bot.CampaignProgress) string {
	if len(p.Channels) < 2 && p.Skipped == 0 {
		return ""
	}
	var b strings.Builder
	for _, ch := range slices.Sorted(maps.Keys(p.Channels)) {
		n := p.Channels[ch]
		name, ok := channelNames[ch]
		if !ok {
			name = ch
		}
		b.WriteString("\n" + tr.Text(lang, "bc.report.channel", map[string]any{
			"Channel": name, "Sent": n.Sent, "Skipped": n.Skipped, "Failed": n.Failed}))
	}
	if p.Skipped > 0 {
		b.WriteString("\n" + tr.Text(lang, "bc.report.skipped", map[string]any{"Count": p.Skipped}))
	}
	return b.String()
}
