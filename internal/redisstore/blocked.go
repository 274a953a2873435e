package redisstore

import (
	"context"

	"github.com/eidbot/eidbot/bot"
)

// SetBlocked records that the chat blocked the bot (blocked=true) or
// unblocked it. The marker lives SessionTTL after it was last set: a chat
// silent for that long has no session left to send reminders for, and a
// later send that fails with "blocked" records it again.
func (st *Store) SetBlocked(ctx context.Context, chat bot.Chat, blocked bool) error {
	key := st.blockedKey(chat)
	var err error
	if blocked {
		err = st.rdb.Set(ctx, key, "1", st.opts.SessionTTL).Err()
	} else {
		err = st.rdb.Del(ctx, key).Err()
	}
	return unavailable("set blocked of "+chat.Key(), err)
}

// IsBlocked reports whether the chat has blocked the bot.
func (st *Store) IsBlocked(ctx context.Context, chat bot.Chat) (bool, error) {
	n, err := st.rdb.Exists(ctx, st.blockedKey(chat)).Result()
	if err != nil {
		return false, unavailable("read blocked of "+chat.Key(), err)
	}
	return n > 0, nil
}
