package bot

import (
	"context"
	"errors"
)

// ErrBlocked is returned (wrapped) by a Sender when the recipient blocked the
// bot or left the chat. Retrying cannot help; the engine stops sending there.
var ErrBlocked = errors.New("bot: recipient blocked the bot")

// ErrRejected is returned (wrapped) by a Sender when the channel refused one
// request for good, e.g. answering a button press that is too old. The reply
// is dropped and delivery goes on.
var ErrRejected = errors.New("bot: channel rejected the request")

// ErrUndelivered wraps a temporary failure to deliver a reply: the
// channel's API could not be reached, answered 5xx or asked to slow down.
// The replies are stored, so the channel's retry of the update delivers
// them; the webhook answers 503 with Retry-After.
var ErrUndelivered = errors.New("bot: a reply could not be delivered yet")

// Sent is what the channel reports about a delivered reply.
type Sent struct {
	MessageID int
}

// Sender delivers replies on one channel. Any error other than ErrBlocked or
// ErrRejected is treated as temporary: the update is retried later and the
// undelivered replies are sent then.
type Sender interface {
	Send(ctx context.Context, r Reply) (Sent, error)
}

// TurnSender is a Sender for channels without buttons (Caps.Buttons
// false), which show a turn's replies to a chat as plain text: merged into
// as few messages as fit, their choices numbered across the turn in the
// order of Choices, which is what the session remembers. The engine hands
// such a channel every reply of a turn to the chat at once; replies to
// other chats, and messages outside a turn, still go through Send.
type TurnSender interface {
	Sender
	// SendTurn delivers replies, all to chat, with hints in lang. An
	// error means nothing may be counted as delivered: the whole turn is
	// sent again on the retry (at least once), so it is either ErrBlocked,
	// ErrRejected (the turn is dropped) or temporary.
	SendTurn(ctx context.Context, chat Chat, lang Lang, replies []Reply) error
}
