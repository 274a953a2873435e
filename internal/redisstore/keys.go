package redisstore

import (
	"strconv"

	"github.com/eidbot/eidbot/bot"
)

// Key layout. Every key names its owner chat inside braces, a Redis Cluster
// hash tag, so all keys of one chat hash to one slot and a script or a
// multi-key DEL over them works on a cluster too:
//
//	<prefix>:{<chat>}:session       hash  v=version d=JSON of bot.Session s=schema w=last write id
//	<prefix>:{<chat>}:upd:<update>  string  claim token while in progress, "done" after
//	<prefix>:{<chat>}:blocked       string  "1" while the chat blocks the bot
//
// <chat> is bot.Chat.Key(), e.g. "tg:12345", so a session key reads
// "eid:{tg:12345}:session".

// owner is the hash-tagged part every key of the chat starts with.
func (st *Store) owner(chat bot.Chat) string {
	return st.opts.Prefix + ":{" + chat.Key() + "}"
}

// sessionKey holds the chat's versioned session record.
func (st *Store) sessionKey(chat bot.Chat) string { return st.owner(chat) + ":session" }

// updateKey marks one update of the chat as in progress or done.
func (st *Store) updateKey(chat bot.Chat, id int64) string {
	return st.owner(chat) + ":upd:" + strconv.FormatInt(id, 10)
}

// blockedKey exists while the chat has blocked the bot.
func (st *Store) blockedKey(chat bot.Chat) string { return st.owner(chat) + ":blocked" }
