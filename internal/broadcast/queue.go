package broadcast

import (
	"context"
	"time"

	"github.com/eidbot/eidbot/bot"
)

// Queue is the durable side of delivery, shared by every Worker; see
// internal/redisstore.Campaigns for the contract of each method.
type Queue interface {
	// Due lists campaigns to look at whose SendAt is at or before now.
	Due(ctx context.Context, now time.Time, n int) ([]string, error)
	// Start moves a scheduled campaign to running and returns it as it is,
	// with whether its audience was fully expanded.
	Start(ctx context.Context, id string, now time.Time) (bot.Campaign, bool, error)
	// Expand adds recipients, each chat once however often it is called;
	// bot.ErrCampaignState when the campaign is not running.
	Expand(ctx context.Context, id string, rs []bot.Recipient) (int, error)
	// Expanded records that the whole audience was added.
	Expanded(ctx context.Context, id string) error
	// Read hands the consumer up to n recipients nobody has read yet.
	Read(ctx context.Context, id, consumer string, n int, fn func(entry string, r bot.Recipient)) error
	// Reclaim takes over entries pending longer than minIdle, scanning
	// from cursor; it returns the next cursor.
	Reclaim(ctx context.Context, id, consumer string, minIdle time.Duration, cursor string, n int, fn func(entry string, r bot.Recipient)) (string, error)
	// Claim leases a recipient before it is sent: "ok", "again" (taken
	// over from an expired lease), "busy" or "done".
	Claim(ctx context.Context, id, entry, consumer string, r bot.Recipient, lease time.Duration) (string, error)
	// Settle records a leased recipient's outcome ("sent", "blocked",
	// "failed", "skipped", "retry", "requeue").
	Settle(ctx context.Context, id, entry, consumer string, r bot.Recipient, outcome string, maxAttempts int) (string, error)
	// Finish reports true to exactly one caller once every recipient was
	// handled (or the campaign was cancelled and nothing is in flight).
	Finish(ctx context.Context, id string, now time.Time) (bot.Campaign, bool, error)
	// Retire removes a finished campaign from Due.
	Retire(ctx context.Context, id string) error
	// ReportTurn gives one caller the turn to report progress, at most
	// once per every, with the id of the progress message so far.
	ReportTurn(ctx context.Context, id string, every time.Duration) (int, bool, error)
	// SetReport remembers the progress message.
	SetReport(ctx context.Context, id string, messageID int) error
}

// Claim results and Settle outcomes, as the Queue spells them.
const (
	claimOK    = "ok"
	claimAgain = "again"

	outcomeSent    = "sent"
	outcomeBlocked = "blocked"
	outcomeFailed  = "failed"
	outcomeSkipped = "skipped"
	outcomeRetry   = "retry"
	outcomeRequeue = "requeue"
)

// Limiter paces sends across every process (internal/redisstore.Limiter).
type Limiter interface {
	// Reserve books a send to chat: when booked, send after wait; else
	// nothing was booked, ask again after wait.
	Reserve(ctx context.Context, chat bot.Chat) (wait time.Duration, booked bool, err error)
	// Pause stops every reservation for d.
	Pause(ctx context.Context, d time.Duration) error
}

// Audience finds a campaign's recipients (subscribers, groups, people
// booked at a point). It must call fn for each in a stable order; the
// queue drops chats it has seen, so expansion can run again after a crash.
type Audience interface {
	Recipients(ctx context.Context, c bot.Campaign, fn func(bot.Recipient) error) error
}

// A channel error may say more than bot.ErrBlocked and bot.ErrRejected
// tell; telegram.APIError does.
type (
	floodError   interface{ FloodWait() time.Duration }
	migrateError interface{ MigratedTo() string }
	// unreachableError is a send the channel did not make because the
	// person cannot be messaged there now (zalooa.WindowError: outside a
	// Zalo OA's reply window, no broadcast quota left).
	unreachableError interface{ Unreachable() bool }
)
