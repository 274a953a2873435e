package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// Audience kinds a campaign can address.
const (
	AudienceSubscribers  = "subscribers"  // people who opted in with /subscribe
	AudienceGroups       = "groups"       // group chats registered to the area
	AudienceAppointments = "appointments" // people booked at a point on a date
)

// Audience says who receives a campaign, always within its area.
type Audience struct {
	Kind  string `json:"kind"`
	Point string `json:"point,omitempty"` // AudienceAppointments
	Date  string `json:"date,omitempty"`  // AudienceAppointments: 2006-01-02
}

// Campaign templates. Every template but TemplateFree is written in each
// recipient's own language from the locale files.
const (
	TemplateMobileTeam = "mobile_team" // a mobile team visits: place, date, from, to
	TemplateDeadline   = "deadline"    // apply before a date: date
	TemplateNotice     = "notice"      // a general reminder: no parameters
	TemplateFree       = "free"        // text: goes out as written, untranslated
)

// Campaign statuses.
const (
	CampaignAwaiting  = "awaiting"  // waiting for a second approver
	CampaignScheduled = "scheduled" // approved (or needing no approval), waits for SendAt
	CampaignRunning   = "running"   // being delivered
	CampaignDone      = "done"      // every recipient was handled
	CampaignCancelled = "cancelled" // stopped by its author or an approver
)

// Campaign is one broadcast by a committee member to an audience in their area.
type Campaign struct {
	ID       string            `json:"id"`
	Area     string            `json:"area"`
	Audience Audience          `json:"audience"`
	Template string            `json:"template"`
	Params   map[string]string `json:"params,omitempty"` // place, date, from, to, text

	Author     UserID `json:"author"`      // who created it ("": the admin API)
	AuthorChat Chat   `json:"author_chat"` // where previews and progress reports go; zero: none
	AuthorLang Lang   `json:"author_lang"`
	Approver   UserID `json:"approver,omitempty"`
	Canceller  UserID `json:"canceller,omitempty"`

	Status   string    `json:"status"`
	Created  time.Time `json:"created"`
	SendAt   time.Time `json:"send_at"` // zero or past: as soon as it may go
	Started  time.Time `json:"started"`
	Finished time.Time `json:"finished"`

	Progress CampaignProgress `json:"progress"`
}

// CampaignProgress counts a campaign's recipients by outcome.
type CampaignProgress struct {
	Total     int `json:"total"`     // recipients found when the audience was expanded
	Sent      int `json:"sent"`      // delivered
	Blocked   int `json:"blocked"`   // had blocked the bot (and were unsubscribed)
	Failed    int `json:"failed"`    // refused for good, e.g. the group is gone
	Cancelled int `json:"cancelled"` // not sent because the campaign was cancelled
	// Skipped were not reachable on their channel at the time (a Zalo
	// OA's follower outside the reply window, with no broadcast quota
	// left): not sent, reported, never dropped silently.
	Skipped int `json:"skipped"`
	// Channels counts the recipients handled per channel (bot.Channel*),
	// by outcome.
	Channels map[string]ChannelProgress `json:"channels,omitempty"`
	// Rate is the recent delivery rate in messages per second, for the ETA.
	Rate float64 `json:"rate"`
}

// ChannelProgress counts one channel's recipients of a campaign by outcome.
type ChannelProgress struct {
	Sent    int `json:"sent"`
	Blocked int `json:"blocked"`
	Failed  int `json:"failed"`
	Skipped int `json:"skipped"`
}

// Remaining is how many recipients are still to be handled.
func (p CampaignProgress) Remaining() int {
	return max(0, p.Total-p.Sent-p.Blocked-p.Failed-p.Cancelled-p.Skipped)
}

// ETA estimates the time to finish at the recent rate; 0 when unknown.
func (p CampaignProgress) ETA() time.Duration {
	if p.Rate <= 0 {
		return 0
	}
	return time.Duration(float64(p.Remaining()) / p.Rate * float64(time.Second))
}

// Campaigns stores campaigns; a delivery worker (internal/broadcast) sends them.
// Every method checks the status transition atomically, so that two
// approvers or a cancel racing the start never both win.
type Campaigns interface {
	// Create stores c under a new id with Status CampaignAwaiting when
	// needsApproval, else CampaignScheduled. Creating again with the same
	// requestID returns the stored campaign.
	Create(ctx context.Context, c Campaign, needsApproval bool, requestID string) (Campaign, error)
	// Get returns a campaign with its current progress.
	Get(ctx context.Context, id string) (Campaign, bool, error)
	// Approve moves an awaiting campaign to scheduled. It fails with
	// ErrSelfApproval when by is the author and ErrCampaignState when the
	// campaign is not awaiting approval.
	Approve(ctx context.Context, id string, by UserID) (Campaign, error)
	// Cancel stops a campaign that is not done; cancelling again returns it
	// as it is. It fails with ErrCampaignState when it is done.
	Cancel(ctx context.Context, id string, by UserID) (Campaign, error)
	// List returns the area's most recent campaigns, newest first ("" for all).
	List(ctx context.Context, area string, n int) ([]Campaign, error)
}

// Campaign errors.
var (
	ErrNoCampaign    = errors.New("bot: no such campaign")
	ErrSelfApproval  = errors.New("bot: a campaign's author cannot approve it")
	ErrCampaignState = errors.New("bot: the campaign is not in a state that allows this")
)

// Recipient is one chat a campaign goes to, in its language.
type Recipient struct {
	Chat Chat `json:"chat"`
	Lang Lang `json:"lang"`
	// Subscribed marks a chat reached through a subscription or group
	// registration: its message carries an unsubscribe button.
	Subscribed bool `json:"subscribed,omitempty"`
}

// ErrBadCampaign is wrapped by Campaign.Check with what is wrong.
var ErrBadCampaign = errors.New("bot: campaign is incomplete or invalid")

// TemplateParams lists the parameters template needs; ok is false for a
// template that does not exist.
func TemplateParams(template string) (params []string, ok bool) {
	switch template {
	case TemplateMobileTeam:
		return []string{"place", "date", "hours"}, true
	case TemplateDeadline:
		return []string{"date"}, true
	case TemplateNotice:
		return nil, true
	case TemplateFree:
		return []string{"text"}, true
	}
	return nil, false
}

// Check reports what keeps c from being sent in area: an unknown audience
// or template, a missing parameter, a date that is not YYYY-MM-DD, an
// appointment audience at a point outside the area.
func (c Campaign) Check(area Area) error {
	if c.Area != area.ID {
		return badCampaign("area %q", c.Area)
	}
	switch c.Audience.Kind {
	case AudienceSubscribers, AudienceGroups:
	case AudienceAppointments:
		if !area.HasPoint(c.Audience.Point) {
			return badCampaign("point %q is not in area %q", c.Audience.Point, area.ID)
		}
		if _, err := time.Parse(time.DateOnly, c.Audience.Date); err != nil {
			return badCampaign("audience date %q: want YYYY-MM-DD", c.Audience.Date)
		}
	default:
		return badCampaign("audience %q: want %s, %s or %s", c.Audience.Kind, AudienceSubscribers, AudienceGroups, AudienceAppointments)
	}
	return c.checkParams()
}

// checkParams reports a template that does not exist, a parameter it
// lacks, or one that is malformed or too long.
func (c Campaign) checkParams() error {
	need, ok := TemplateParams(c.Template)
	if !ok {
		return badCampaign("template %q: want %s, %s, %s or %s", c.Template, TemplateMobileTeam, TemplateDeadline, TemplateNotice, TemplateFree)
	}
	for _, p := range need {
		if strings.TrimSpace(c.Params[p]) == "" {
			return badCampaign("template %s needs params.%s", c.Template, p)
		}
	}
	if d := c.Params["date"]; d != "" {
		if _, err := time.Parse(time.DateOnly, d); err != nil {
			return badCampaign("params.date %q: want YYYY-MM-DD", d)
		}
	}
	if h := c.Params["hours"]; h != "" {
		if _, ok := validHours(h); !ok {
			return badCampaign("params.hours %q: want HH:MM-HH:MM", h)
		}
	}
	if utf8.RuneCountInString(c.Params["text"]) > 2000 || utf8.RuneCountInString(c.Params["place"]) > 120 {
		return badCampaign("params.text is limited to 2,000 characters and params.place to 120")
	}
	return nil
}

// badCampaign wraps ErrBadCampaign with what is wrong.
func badCampaign(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrBadCampaign}, args...)...)
}
