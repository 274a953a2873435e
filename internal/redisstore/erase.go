package redisstore

import (
	"context"

	"github.com/eidbot/eidbot/bot"
)

// Erase deletes the chat's session and block marker: everything this
// package keeps about the chat that holds personal data or outlives a day.
//
// Update markers (<prefix>:{<chat>}:upd:<id>, valued "done" or an opaque
// claim token) are left to expire within DoneTTL, on purpose: they are what
// keeps a delivery of an update from before /forget, retried by Telegram,
// from being processed again and creating a fresh session from old input.
// Finding them would also take a SCAN of the whole keyspace.
func (st *Store) Erase(ctx context.Context, chat bot.Chat) error {
	err := st.rdb.Del(ctx, st.sessionKey(chat), st.blockedKey(chat)).Err()
	return unavailable("erase "+chat.Key(), err)
}
