package committee

import (
	"fmt"
	"strings"

	"github.com/eidbot/eidbot/bot"
)

// pressCampaign approves (or cancels) a campaign from a button. The query
// checks the presser's role in the campaign's area when it runs, so a
// forwarded or forged button does nothing for anybody else.
func (f *Feature) pressCampaign(approve bool) func(bot.Turn, []string) {
	return func(t bot.Turn, args []string) {
		if len(args) != 1 {
			t.Stale()
			return
		}
		fact, ok := bot.Ask(t, f.q.decide, decideQ{user: t.User().ID, id: args[0], approve: approve})
		if !ok {
			return
		}
		if fact.err != nil {
			refused(t, fact)
			return
		}
		f.decided(t, fact.c, approve)
	}
}

// refused answers a press on a campaign that could not be decided.
func refused(t bot.Turn, fact campaignFact) {
	switch fact.err {
	case bot.ErrNoRole:
		t.AnswerPress(t.Text("committee.denied", nil), true)
	case bot.ErrNoCampaign:
		t.AnswerPress(t.Text("bc.unknown", nil), true)
	case bot.ErrSelfApproval:
		t.AnswerPress(t.Text("bc.self_approval", nil), true)
	default:
		t.AnswerPress(t.Text("bc.state."+fact.c.Status, map[string]any{"ID": fact.c.ID}), true)
	}
}

// decided tells the presser, and the campaign's author in their language,
// that c was approved or cancelled.
func (f *Feature) decided(t bot.Turn, c bot.Campaign, approve bool) {
	data := map[string]any{"ID": c.ID, "When": sendTime(t, c), "By": t.Name()}
	button, event := "cancel", "cancelled"
	if approve {
		button, event = "approve", "approved"
	}
	t.Chosen(t.Text("bc.btn."+button, nil))
	t.Say("bc."+event, data)
	t.Flush([][]bot.Button{{t.MenuButton()}})
	if !c.AuthorChat.IsZero() && c.AuthorChat != t.Chat() {
		text := f.engine.Translator().Text(c.AuthorLang, "bc."+event+"_author", data)
		t.Send(bot.Reply{Kind: bot.ReplyText, Chat: c.AuthorChat, Text: text})
	}
}

// listCampaigns shows the recent campaigns of the member's areas with their
// progress, and buttons to approve or cancel those still open (/campaigns).
func (f *Feature) listCampaigns(t bot.Turn, _ string) {
	t.Pause()
	if _, ok := f.memberAreas(t); !ok {
		return
	}
	list, ok := bot.Ask(t, f.q.campaigns, t.User().ID)
	if !ok {
		return
	}
	if len(list) == 0 {
		t.Say("bc.list_empty", nil)
		t.Flush([][]bot.Button{{t.MenuButton()}})
		return
	}
	lines := []string{t.Text("bc.list_title", nil)}
	var buttons [][]bot.Button
	for _, c := range list {
		lines = append(lines, f.campaignLine(t, c))
		if c.Status == bot.CampaignAwaiting && c.Author != t.User().ID {
			buttons = append(buttons, []bot.Button{{Label: t.Text("bc.btn.approve", nil) + " #" + c.ID, Data: cbApprove + "|" + c.ID}})
		}
		if c.Status == bot.CampaignAwaiting || c.Status == bot.CampaignScheduled || c.Status == bot.CampaignRunning {
			buttons = append(buttons, []bot.Button{{Label: t.Text("bc.btn.cancel", nil) + " #" + c.ID, Data: cbStopCampaign + "|" + c.ID}})
		}
	}
	t.Queue(strings.Join(lines, "\n"))
	t.Flush(append(buttons, []bot.Button{t.MenuButton()}))
}

// campaignLine is one campaign in /campaigns.
func (f *Feature) campaignLine(t bot.Turn, c bot.Campaign) string {
	p := c.Progress
	return t.Text("bc.list_line", map[string]any{
		"ID": c.ID, "Area": f.areaName(t, c.Area), "Template": t.Text("bc.btn."+c.Template, nil),
		"Status": t.Text("bc.status."+c.Status, nil), "When": sendTime(t, c),
		"Progress": fmt.Sprintf("%d/%d", p.Sent, p.Total),
	})
}
