package bot

import (
	"context"
	"errors"
	"slices"
	"time"
)

// Area is a commune or ward that a local committee serves. Areas are data
// loaded once at start (like the Directory), so Step may consult them.
type Area struct {
	ID    string            // [a-z0-9_]{1,40}, stable: roles and subscriptions refer to it
	Names map[string]string // by language; "vi" is always present
	// Target is how many activated level-2 accounts the area aims for by
	// TargetDate; 0 means none was set.
	Target     int
	TargetDate time.Time
	// Approval means a campaign in the area goes out only after a second
	// committee member of the area (or a super-admin) approves it.
	Approval bool
	Points   []string // ids of the reception points in the area
}

// Name is the area's name in lang, or in Vietnamese.
func (a Area) Name(lang Lang) string { return inLang(a.Names, lang) }

// HasPoint reports whether reception point id lies in the area.
func (a Area) HasPoint(id string) bool { return slices.Contains(a.Points, id) }

// AreaOf is the id of the area reception point lies in, or "" when none
// lists it (an immigration office serving a whole city, say).
func AreaOf(areas []Area, point string) string {
	for _, a := range areas {
		if a.HasPoint(point) {
			return a.ID
		}
	}
	return ""
}

// Roles records who serves on which area's committee. Super-admins are not
// stored: they come from the configuration (EIDBOT_ADMIN_IDS).
type Roles interface {
	// CommitteeAreas returns the ids of the areas user serves, sorted.
	CommitteeAreas(ctx context.Context, user UserID) ([]string, error)
	// Grant makes user a committee member of area; granting twice is harmless.
	Grant(ctx context.Context, user UserID, area string) error
	// Revoke removes user from area's committee; revoking twice is harmless.
	Revoke(ctx context.Context, user UserID, area string) error
	// Members returns the user ids of area's committee, sorted.
	Members(ctx context.Context, area string) ([]UserID, error)
}

// AuditEntry is one admin action, kept so that a committee's actions can be
// reviewed later. Detail never holds a recipient's personal data.
type AuditEntry struct {
	Time   time.Time `json:"time"`
	Actor  UserID    `json:"actor"`  // who acted ("": the system or the admin API)
	Action string    `json:"action"` // e.g. "role.grant", "campaign.create", "campaign.cancel"
	Area   string    `json:"area,omitempty"`
	Target string    `json:"target,omitempty"` // a user id, a campaign id, a group chat key
	Detail string    `json:"detail,omitempty"`
	Denied bool      `json:"denied,omitempty"` // the action was refused for lack of a role
}

// AuditLog keeps admin actions, newest last.
type AuditLog interface {
	Record(ctx context.Context, e AuditEntry) error
	// Recent returns up to n entries, newest first.
	Recent(ctx context.Context, n int) ([]AuditEntry, error)
}

// Subscriber is a chat that receives an area's broadcasts: a person who
// opted in with /subscribe, or a group a committee member registered.
type Subscriber struct {
	Chat  Chat      `json:"chat"`
	Area  string    `json:"area"`
	Lang  Lang      `json:"lang"`
	Since time.Time `json:"since"`
	By    UserID    `json:"by,omitempty"` // groups: who registered it
}

// AudienceCount is how many subscribers or groups an area has in one
// language on one channel.
type AudienceCount struct {
	Area  string `json:"area"`
	Lang  Lang   `json:"lang"`
	Kind  string `json:"kind"` // AudienceSubscribers or AudienceGroups
	Chats int    `json:"chats"`

	// Channel is the chats' channel; "" is Telegram, whose counters
	// predate the other channels.
	Channel string `json:"channel,omitempty"`
}

// Subscriptions keeps who receives broadcasts. A chat has at most one
// subscription (one area); subscribing again moves it.
type Subscriptions interface {
	Subscribe(ctx context.Context, s Subscriber) error
	// Unsubscribe removes the chat's subscription or group registration; it
	// reports whether there was one.
	Unsubscribe(ctx context.Context, chat Chat) (bool, error)
	// Subscription returns the chat's subscription or group registration.
	Subscription(ctx context.Context, chat Chat) (Subscriber, bool, error)
	// Migrate moves a group's registration to its new supergroup chat.
	Migrate(ctx context.Context, from, to Chat) error
	// Each calls fn for every chat of kind (AudienceSubscribers or
	// AudienceGroups) in area, in a stable order; fn's error stops it.
	Each(ctx context.Context, area, kind string, fn func(Subscriber) error) error
	// Counts returns the number of chats by area, language and kind.
	Counts(ctx context.Context) ([]AudienceCount, error)
}

// Funnel stages, in order. A person counts once per stage (per area and
// language); the counts are anonymous aggregates that /forget leaves, while
// the per-person marks that prevent double counting are erased.
const (
	StageChecked   = "checked"   // finished the eligibility check
	StageEligible  = "eligible"  // the verdict said they can apply
	StageBooked    = "booked"    // booked an appointment
	StageAttended  = "attended"  // staff checked them in
	StageActivated = "activated" // told the bot their account is active
)

// Stages lists the funnel stages in order.
var Stages = []string{StageChecked, StageEligible, StageBooked, StageAttended, StageActivated}

// FunnelCount is the number of people who reached a stage in an area and
// language. Area is "" for people whose area is not known.
type FunnelCount struct {
	Area  string `json:"area"`
	Lang  Lang   `json:"lang"`
	Stage string `json:"stage"`
	Count int    `json:"count"`
}

// Funnel counts people through the stages toward an area's target.
type Funnel interface {
	// Mark counts person (a chat key) at stage in area and language, once:
	// marking again is harmless. It reports whether this mark counted.
	Mark(ctx context.Context, person, area string, lang Lang, stage string) (bool, error)
	// Counts returns every non-zero count.
	Counts(ctx context.Context) ([]FunnelCount, error)
}

// ErrNoRole is returned when the caller does not hold the role an admin
// action needs. The action is refused and audited.
var ErrNoRole = errors.New("bot: caller has no role for this action")
