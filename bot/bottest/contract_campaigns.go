package bottest

import (
	"errors"
	"strconv"
	"testing"
	"time"

	"github.com/eidbot/eidbot/bot"
)

// campaign is a notice to area's subscribers by author, created at.
func campaign(area string, author bot.UserID, at time.Time) bot.Campaign {
	return bot.Campaign{Area: area, Audience: bot.Audience{Kind: bot.AudienceSubscribers}, Template: bot.TemplateNotice,
		Author: author, AuthorLang: bot.Vietnamese, Created: at}
}

// TestCampaigns checks the contract of bot.Campaigns: idempotent creation,
// status transitions that refuse what they must, and lists newest first.
func TestCampaigns(t *testing.T, open func(t *testing.T) bot.Campaigns) {
	t.Run("create", func(t *testing.T) { campaignsCreate(t, open(t)) })
	t.Run("approve and cancel", func(t *testing.T) { campaignsDecide(t, open(t)) })
	t.Run("list", func(t *testing.T) { campaignsList(t, open(t)) })
}

func campaignsCreate(t *testing.T, st bot.Campaigns) {
	ctx := contractCtx(t)
	at := time.Date(2031, 3, 10, 2, 0, 0, 0, time.UTC)
	c, err := st.Create(ctx, campaign("a", "tg:11", at), true, "req-1")
	if err != nil || c.ID == "" || c.Status != bot.CampaignAwaiting || c.Author != "tg:11" || !c.Created.Equal(at) {
		t.Fatalf("Create = %+v, %v", c, err)
	}
	again, err := st.Create(ctx, campaign("a", "tg:11", at), true, "req-1")
	if err != nil || again.ID != c.ID {
		t.Fatalf("Create again = %+v, %v; want campaign %s", again, err, c.ID)
	}
	other, err := st.Create(ctx, campaign("b", "tg:21", at), false, "req-2")
	if err != nil || other.ID == c.ID || other.Status != bot.CampaignScheduled {
		t.Fatalf("Create without approval = %+v, %v", other, err)
	}
	if got, found, err := st.Get(ctx, c.ID); err != nil || !found || got.Area != "a" || got.Template != bot.TemplateNotice {
		t.Fatalf("Get = %+v, %v, %v", got, found, err)
	}
	if _, found, err := st.Get(ctx, "nope"); err != nil || found {
		t.Fatalf("Get of an unknown id: %v, %v", found, err)
	}
}

func campaignsDecide(t *testing.T, st bot.Campaigns) {
	ctx := contractCtx(t)
	c, err := st.Create(ctx, campaign("a", "tg:11", time.Date(2031, 3, 10, 2, 0, 0, 0, time.UTC)), true, "req-1")
	must(t, "Create", err)
	if _, err := st.Approve(ctx, c.ID, "tg:11"); !errors.Is(err, bot.ErrSelfApproval) {
		t.Fatalf("the author approves: %v", err)
	}
	got, err := st.Approve(ctx, c.ID, "tg:12")
	if err != nil || got.Status != bot.CampaignScheduled || got.Approver != "tg:12" {
		t.Fatalf("Approve = %+v, %v", got, err)
	}
	if got, err := st.Approve(ctx, c.ID, "tg:12"); err != nil || got.Approver != "tg:12" {
		t.Fatalf("the same approver again = %+v, %v", got, err)
	}
	if _, err := st.Approve(ctx, c.ID, "tg:13"); !errors.Is(err, bot.ErrCampaignState) {
		t.Fatalf("a second approver: %v", err)
	}
	if _, err := st.Approve(ctx, "nope", "tg:12"); !errors.Is(err, bot.ErrNoCampaign) {
		t.Fatalf("approving an unknown campaign: %v", err)
	}
	got, err = st.Cancel(ctx, c.ID, "tg:11")
	if err != nil || got.Status != bot.CampaignCancelled || got.Canceller != "tg:11" {
		t.Fatalf("Cancel = %+v, %v", got, err)
	}
	if got, err := st.Cancel(ctx, c.ID, "tg:12"); err != nil || got.Status != bot.CampaignCancelled || got.Canceller != "tg:11" {
		t.Fatalf("Cancel again = %+v, %v; want it as it is", got, err)
	}
	if _, err := st.Approve(ctx, c.ID, "tg:13"); !errors.Is(err, bot.ErrCampaignState) {
		t.Fatalf("approving a cancelled campaign: %v", err)
	}
	if _, err := st.Cancel(ctx, "nope", "tg:12"); !errors.Is(err, bot.ErrNoCampaign) {
		t.Fatalf("cancelling an unknown campaign: %v", err)
	}
}

func campaignsList(t *testing.T, st bot.Campaigns) {
	ctx := contractCtx(t)
	at := time.Date(2031, 3, 10, 2, 0, 0, 0, time.UTC)
	var ids []string
	for i, area := range []string{"a", "b", "a", "a"} {
		c, err := st.Create(ctx, campaign(area, "tg:11", at.Add(time.Duration(i)*time.Hour)), false, "req-"+strconv.Itoa(i))
		must(t, "Create", err)
		ids = append(ids, c.ID)
	}
	got, err := st.List(ctx, "a", 2)
	if err != nil || len(got) != 2 || got[0].ID != ids[3] || got[1].ID != ids[2] {
		t.Fatalf("List(a, 2) = %v, %v; want %s, %s", idsOf(got), err, ids[3], ids[2])
	}
	got, err = st.List(ctx, "", 10)
	if err != nil || len(got) != 4 || got[0].ID != ids[3] || got[3].ID != ids[0] {
		t.Fatalf("List(all) = %v, %v", idsOf(got), err)
	}
	if got, err := st.List(ctx, "c", 10); err != nil || len(got) != 0 {
		t.Fatalf("List of an area without campaigns = %v, %v", idsOf(got), err)
	}
}

func idsOf(cs []bot.Campaign) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.ID
	}
	return out
}
