package committee

import (
	"context"
	"errors"
	"slices"

	"github.com/eidbot/eidbot/bot"
)

// recentCampaigns is how many campaigns /campaigns lists.
const recentCampaigns = 8

// runCreate stores a campaign a committee member of its area wrote.
func (f *Feature) runCreate(ctx context.Context, q createQ) (campaignFact, error) {
	camp := q.campaign
	entry := f.entry(q.user, "campaign.create", camp.Area, "")
	entry.Detail = camp.Template + " → " + camp.Audience.Kind
	if err := camp.Check(f.byID[camp.Area]); err != nil {
		// Answers left from an earlier run (a point of another area):
		// checked here, where the campaign is made, not only in Step.
		return campaignFact{err: bot.ErrBadCampaign}, nil
	}
	if ok, err := f.allowed(ctx, entry); !ok {
		return campaignFact{err: bot.ErrNoRole}, err
	}
	camp.Author = q.user
	created, err := f.cfg.Campaigns.Create(ctx, camp, f.byID[camp.Area].Approval, q.requestID)
	if err != nil {
		return campaignFact{}, err
	}
	entry.Target = created.ID
	return campaignFact{c: created}, f.record(ctx, entry)
}

// runDecide approves or cancels a campaign for a committee member of its
// area. A retried approval by the same person is applied again, which the
// store allows, so that a retry after a failure half-way completes it.
func (f *Feature) runDecide(ctx context.Context, q decideQ) (campaignFact, error) {
	action := "campaign.cancel"
	if q.approve {
		action = "campaign.approve"
	}
	camp, found, err := f.cfg.Campaigns.Get(ctx, q.id)
	if err != nil {
		return campaignFact{}, err
	}
	if !found {
		return campaignFact{err: bot.ErrNoCampaign}, nil
	}
	entry := f.entry(q.user, action, camp.Area, q.id)
	if ok, err := f.allowed(ctx, entry); !ok {
		return campaignFact{err: bot.ErrNoRole}, err
	}
	if q.approve {
		// Approving again is harmless and finishes what a failed first try
		// left undone (the store's index of campaigns to send).
		camp, err = f.cfg.Campaigns.Approve(ctx, q.id, q.user)
	} else {
		camp, err = f.cfg.Campaigns.Cancel(ctx, q.id, q.user)
	}
	if errors.Is(err, bot.ErrSelfApproval) || errors.Is(err, bot.ErrCampaignState) {
		cur, _, gerr := f.cfg.Campaigns.Get(ctx, q.id)
		return campaignFact{c: cur, err: refusal(err)}, gerr
	}
	if err != nil {
		return campaignFact{}, err
	}
	return campaignFact{c: camp}, f.record(ctx, entry)
}

// refusal is which of the campaign refusals err is.
func refusal(err error) error {
	if errors.Is(err, bot.ErrSelfApproval) {
		return bot.ErrSelfApproval
	}
	return bot.ErrCampaignState
}

// campaignsOf lists the recent campaigns of the areas user may act in,
// newest first.
func (f *Feature) campaignsOf(ctx context.Context, user bot.UserID) ([]bot.Campaign, error) {
	areas, err := f.areasOf(ctx, user)
	if err != nil {
		return nil, err
	}
	var out []bot.Campaign
	for _, a := range areas {
		list, err := f.cfg.Campaigns.List(ctx, a, recentCampaigns)
		if err != nil {
			return nil, err
		}
		out = append(out, list...)
	}
	slices.SortStableFunc(out, func(a, b bot.Campaign) int { return b.Created.Compare(a.Created) })
	return out[:min(len(out), recentCampaigns)], nil
}
