package bottest

import (
	"cmp"
	"context"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/eidbot/eidbot/bot"
)

// Campaigns is an in-memory bot.Campaigns. It numbers campaigns "1", "2",
// … in the order they are created.
type Campaigns struct {
	mu       sync.Mutex
	now      func() time.Time
	byID     map[string]bot.Campaign
	requests map[string]string // request id → campaign id
}

var _ bot.Campaigns = (*Campaigns)(nil)

// NewCampaigns returns an empty store that stamps times with now.
func NewCampaigns(now func() time.Time) *Campaigns {
	return &Campaigns{now: now, byID: map[string]bot.Campaign{}, requests: map[string]string{}}
}

// Create stores c under a new id, awaiting approval or scheduled.
func (m *Campaigns) Create(_ context.Context, c bot.Campaign, needsApproval bool, requestID string) (bot.Campaign, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if id, ok := m.requests[requestID]; ok && requestID != "" {
		return copyOf(m.byID[id])
	}
	c.ID, c.Status, c.Progress = strconv.Itoa(len(m.byID)+1), bot.CampaignScheduled, bot.CampaignProgress{}
	if needsApproval {
		c.Status = bot.CampaignAwaiting
	}
	if c.Created.IsZero() {
		c.Created = m.now()
	}
	c.Approver, c.Canceller, c.Started, c.Finished = "", "", time.Time{}, time.Time{}
	m.byID[c.ID] = c
	if requestID != "" {
		m.requests[requestID] = c.ID
	}
	return copyOf(c)
}

// Get returns a campaign.
func (m *Campaigns) Get(_ context.Context, id string) (bot.Campaign, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	c, ok := m.byID[id]
	if !ok {
		return bot.Campaign{}, false, nil
	}
	c, err := copyOf(c)
	return c, true, err
}

// Approve moves an awaiting campaign to scheduled; the same approver
// approving again gets it as it is, also while it is sent or once it was.
func (m *Campaigns) Approve(_ context.Context, id string, by bot.UserID) (bot.Campaign, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	c, ok := m.byID[id]
	switch {
	case !ok:
		return bot.Campaign{}, bot.ErrNoCampaign
	case c.Approver == by && (c.Status == bot.CampaignScheduled || c.Status == bot.CampaignRunning || c.Status == bot.CampaignDone):
		return copyOf(c)
	case c.Status != bot.CampaignAwaiting:
		return bot.Campaign{}, bot.ErrCampaignState
	case c.Author == by:
		return bot.Campaign{}, bot.ErrSelfApproval
	}
	c.Status, c.Approver = bot.CampaignScheduled, by
	m.byID[id] = c
	return copyOf(c)
}

// Cancel stops a campaign that is not done; cancelling again returns it as
// it is.
func (m *Campaigns) Cancel(_ context.Context, id string, by bot.UserID) (bot.Campaign, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	c, ok := m.byID[id]
	switch {
	case !ok:
		return bot.Campaign{}, bot.ErrNoCampaign
	case c.Status == bot.CampaignDone:
		return bot.Campaign{}, bot.ErrCampaignState
	case c.Status == bot.CampaignCancelled:
		return copyOf(c)
	}
	if c.Status != bot.CampaignRunning {
		c.Finished = m.now() // never started: nobody else will finish it
	}
	c.Status, c.Canceller = bot.CampaignCancelled, by
	m.byID[id] = c
	return copyOf(c)
}

// List returns up to n of the area's campaigns ("" for every area), newest
// first.
func (m *Campaigns) List(_ context.Context, area string, n int) ([]bot.Campaign, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []bot.Campaign
	for _, c := range m.byID {
		if area == "" || c.Area == area {
			out = append(out, c)
		}
	}
	slices.SortFunc(out, func(a, b bot.Campaign) int {
		return cmp.Or(b.Created.Compare(a.Created), cmp.Compare(b.ID, a.ID))
	})
	return copyOf(out[:max(0, min(n, len(out)))])
}

// Finish marks a campaign done, as the delivery worker does once every
// recipient was handled.
func (m *Campaigns) Finish(id string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if c, ok := m.byID[id]; ok {
		c.Status, c.Finished = bot.CampaignDone, m.now()
		m.byID[id] = c
	}
}
