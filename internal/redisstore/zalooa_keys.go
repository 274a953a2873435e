package redisstore

import (
	"fmt"

	"github.com/eidbot/eidbot/bot"
)

// Zalo Official Account keys. An OA's tokens, refresh lock and broadcast
// quota share the tag {zo-oa:<oa>}, its event journal the tag
// {zo-ev:<oa>}; a user's reply window carries the user's chat tag:
//
//	<prefix>:{zo-oa:<oa>}:tokens          hash    d = token record (opaque), v = version, f = fence that stored it
//	<prefix>:{zo-oa:<oa>}:lock            string  "<fence>:<token>" while a process refreshes
//	<prefix>:{zo-oa:<oa>}:fence           string  the last fence handed out
//	<prefix>:{zo-oa:<oa>}:quota:<period>  string  broadcast sends outside windows in the period (a month)
//	<prefix>:{zo-ev:<oa>}:stream          stream  field b = the raw event body; group "zo"
//	<prefix>:{zo-ev:<oa>}:seen:<key>      string  an event key recorded, for ZaloOAEventKeep
//	<prefix>:{zo:<user>}:oawin            hash    t = unix ms of the user's last message, m = its id, n = sends since
//	<prefix>:{zo:<user>}:oahold           string  JSON list of the messages of a turn the window did not allow
//
// <oa> is the OA's (or app's) id; it and event keys hold no brace.

// zoOA is the hash-tagged start of one OA's keys.
func (st *Store) zoOA(oa string) string { return st.opts.Prefix + ":{zo-oa:" + oa + "}:" }

// zoEvents is the hash-tagged start of one OA's event journal keys.
func (st *Store) zoEvents(oa string) string { return st.opts.Prefix + ":{zo-ev:" + oa + "}:" }

// zoWindowKey holds one user's reply window.
func (st *Store) zoWindowKey(chat bot.Chat) string { return st.owner(chat) + ":oawin" }

// zoHoldKey holds the rest of a turn the user's window cut.
func (st *Store) zoHoldKey(chat bot.Chat) string { return st.owner(chat) + ":oahold" }

// checkOAID refuses an id that would break a hash tag or a key.
func checkOAID(oa string) error {
	if oa == "" || len(oa) > 128 {
		return fmt.Errorf("redisstore: Zalo OA id %q is empty or too long", oa)
	}
	for i := 0; i < len(oa); i++ {
		c := oa[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '.' || c == '_' || c == '-') {
			return fmt.Errorf("redisstore: Zalo OA id %q holds %q", oa, c)
		}
	}
	return nil
}
