package bot

import (
	"fmt"
	"strings"
)

// pressCampaign approves or cancels a campaign from a button. The engine
// checks the presser's role in the campaign's area when the query runs, so
// a forwarded or forged button does nothing for anybody else.
func (t *turn) pressCampaign(p *Press, cb callback, approve bool) {
	if len(cb.args) != 1 || t.e.committee == nil {
		t.stale()
		return
	}
	kind := QueryStop
	if approve {
		kind = QueryApprove
	}
	f, ok := t.fact(Query{Kind: kind, User: t.u.From.ID, ID: cb.args[0]})
	if !ok {
		return
	}
	c := f.Campaign
	switch f.Err {
	case nil:
	case ErrNoRole:
		t.answer(t.say("committee.denied", nil), true)
		return
	case ErrNoCampaign:
		t.answer(t.say("bc.unknown", nil), true)
		return
	case ErrSelfApproval:
		t.answer(t.say("bc.self_approval", nil), true)
		return
	default:
		t.answer(t.say("bc.state."+c.Status, map[string]any{"ID": c.ID}), true)
		return
	}
	data := map[string]any{"ID": c.ID, "When": t.sendTime(c), "By": t.name()}
	button, event := "cancel", "cancelled"
	if approve {
		button, event = "approve", "approved"
	}
	t.markChosen(p, t.say("bc.btn."+button, nil))
	t.block(t.say("bc."+event, data))
	t.flush([][]Button{{t.menuButton()}})
	if !c.AuthorChat.IsZero() && c.AuthorChat != t.u.Chat {
		t.sendTo(Reply{Kind: ReplyText, Chat: c.AuthorChat, Text: t.e.tr.Text(c.AuthorLang, "bc."+event+"_author", data)})
	}
}

// listCampaigns shows the recent campaigns of the member's areas with their
// progress, and buttons to approve or cancel those still open (/campaigns).
func (t *turn) listCampaigns() {
	if _, ok := t.memberAreas(); !ok {
		return
	}
	f, ok := t.fact(Query{Kind: QueryCampaigns, User: t.u.From.ID})
	if !ok {
		return
	}
	if len(f.Campaigns) == 0 {
		t.block(t.say("bc.list_empty", nil))
		t.flush([][]Button{{t.menuButton()}})
		return
	}
	lines := []string{t.say("bc.list_title", nil)}
	var buttons [][]Button
	for _, c := range f.Campaigns {
		lines = append(lines, t.campaignLine(c))
		if c.Status == CampaignAwaiting && c.Author != t.u.From.ID {
			buttons = append(buttons, []Button{{Label: t.say("bc.btn.approve", nil) + " #" + c.ID, Data: cbApprove + "|" + c.ID}})
		}
		if c.Status == CampaignAwaiting || c.Status == CampaignScheduled || c.Status == CampaignRunning {
			buttons = append(buttons, []Button{{Label: t.say("bc.btn.cancel", nil) + " #" + c.ID, Data: cbStopCampaign + "|" + c.ID}})
		}
	}
	t.block(strings.Join(lines, "\n"))
	t.flush(append(buttons, []Button{t.menuButton()}))
}

// campaignLine is one campaign in /campaigns.
func (t *turn) campaignLine(c Campaign) string {
	p := c.Progress
	return t.say("bc.list_line", map[string]any{
		"ID": c.ID, "Area": t.areaName(c.Area), "Template": t.say("bc.btn."+c.Template, nil),
		"Status": t.say("bc.status."+c.Status, nil), "When": t.sendTime(c),
		"Progress": fmt.Sprintf("%d/%d", p.Sent, p.Total),
	})
}
