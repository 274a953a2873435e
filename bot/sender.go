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
