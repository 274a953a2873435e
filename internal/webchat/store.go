package webchat

import (
	"context"
	"time"

	"github.com/eidbot/eidbot/bot"
)

// Store keeps visitors and their events; *redisstore.WebChat is the one
// the program uses. Every method's error wraps bot.ErrUnavailable when
// the store cannot be reached.
type Store interface {
	// CreateVisitor records a new visitor whose secret hashes to hash,
	// for ttl (a visitor who never writes is forgotten within a day).
	CreateVisitor(ctx context.Context, chat bot.Chat, hash string, ttl time.Duration) error
	// VisitorHash is the stored hash of the visitor's secret, "" when the
	// visitor is unknown (never issued, or expired). With extend, the
	// visitor lives for the store's session lifetime from now.
	VisitorHash(ctx context.Context, chat bot.Chat, extend bool) (string, error)
	// Append adds event (a JSON object) to the chat's event stream and
	// notifies every process. A numbered event gets the chat's next
	// message number, returned; others get 0. A non-empty key makes the
	// append idempotent: an event appended with the same key recently
	// (among the stream's last entries) is not appended again, and its
	// number is returned.
	Append(ctx context.Context, chat bot.Chat, key string, numbered bool, event []byte) (msg int, err error)
	// Events reads up to limit events of the chat after event id after,
	// oldest first; after "" means the latest limit events (the history).
	// Each line is the stored JSON object with "id" and "msg" added.
	Events(ctx context.Context, chat bot.Chat, after string, limit int) (ids []string, lines [][]byte, err error)
	// Notices waits up to block for notices after notice id after and
	// returns the chats named and the id to read after next time; after
	// "" returns at once with the id of the newest notice.
	Notices(ctx context.Context, after string, block time.Duration) (chats []string, next string, err error)
}
