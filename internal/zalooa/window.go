package zalooa

import (
	"context"
	"time"

	"github.com/eidbot/eidbot/bot"
)

// WindowStore tracks each user's reply window where every replica sees
// it: when the user last wrote, and how many messages the OA sent since.
// Zalo lets an OA send RepliesPerWindow messages within ReplyWindow of the
// user's last message, and refuses or charges for more, so the Sender
// never sends a message it did not reserve here.
type WindowStore interface {
	// Opened records that the user of chat wrote at at, in the message
	// msgID ("" for a follow). A message newer than the one recorded opens
	// a fresh window (no sends used); one at the same time only fills in a
	// missing message id, so that processing an event twice never resets
	// the count; an older one changes nothing.
	Opened(ctx context.Context, chat bot.Chat, at time.Time, msgID string) error
	// Reserve atomically takes up to n sends from the chat's window as of
	// now: a window opened less than window before now allows limit sends
	// in all. It returns how many it took (0 to n) and the id of the
	// message that opened the window.
	Reserve(ctx context.Context, chat bot.Chat, n, limit int, window time.Duration, now time.Time) (granted int, msgID string, err error)
}

// QuotaStore counts the OA's messages outside reply windows against its
// broadcast quota (Config.BroadcastQuota) per calendar month.
type QuotaStore interface {
	// Take atomically takes up to n from period's quota of limit and
	// returns how many it took.
	Take(ctx context.Context, period string, n, limit int) (int, error)
}

// WindowError is a send the user's reply window (and the OA's broadcast
// quota) did not allow; nothing was sent. It unwraps to ErrOutsideWindow
// and bot.ErrRejected. Packages that may not import this one (the
// broadcast worker, the engine) find it through its Unreachable method,
// as they find a flood wait through FloodWait.
type WindowError struct {
	Chat   string // the chat's key, e.g. "zo:8412…"
	Reason string
}

// Error names the chat and the reason.
func (e *WindowError) Error() string {
	return "zalooa: " + e.Chat + ": " + e.Reason + ": " + ErrOutsideWindow.Error()
}

// Unwrap returns ErrOutsideWindow and bot.ErrRejected.
func (e *WindowError) Unwrap() []error { return []error{ErrOutsideWindow, bot.ErrRejected} }

// Unreachable reports that the person cannot be messaged on this channel
// now: report them as "not reachable on Zalo now", or try another channel.
func (e *WindowError) Unreachable() bool { return true }

// outsideWindow is the error of a send the window and quota do not allow.
func outsideWindow(chat bot.Chat, why string) error {
	return &WindowError{Chat: chat.Key(), Reason: why}
}

// quotaPeriod names the calendar month of t in Vietnam's time (UTC+7, no
// daylight saving), e.g. "2026-05".
func quotaPeriod(t time.Time) string {
	return t.In(time.FixedZone("ICT", 7*3600)).Format("2006-01")
}
