package redisstore

import (
	"github.com/eidbot/eidbot/bot"
)

// Key layout. Every key names its owner chat inside braces, a Redis Cluster
// hash tag, so all keys of one chat hash to one slot and a script or a
// multi-key DEL over them works on a cluster too:
//
//	<prefix>:{<chat>}:session       string  "<version>|<last write id>|<schema>|<JSON of bot.Session>"
//	                                        (a hash v, w, s, d before; read until its next write)
//	<prefix>:{<chat>}:upd:<update>  string  claim token while in progress ("done" after, before)
//	<prefix>:{<chat>}:done          zset    ids of the updates done, by when (unix ms); each
//	                                        kept DoneTTL: trimmed on each write, key TTL DoneTTL
//	<prefix>:{<chat>}:blocked       string  "1" while the chat blocks the bot
//
// <chat> is bot.Chat.Key(), e.g. "tg:12345", so a session key reads
// "eid:{tg:12345}:session".
//
// Broadcast campaigns use three more tags: {cp:<id>} for one campaign's
// record, stream and ledger, {cps} for the indexes across campaigns
// (campaigns.go), and {cpl} for the shared rate limiter (limiter.go).

// owner is the hash-tagged part every key of the chat starts with.
func (st *Store) owner(chat bot.Chat) string {
	return st.opts.Prefix + ":{" + chat.Key() + "}"
}

// sessionKey holds the chat's versioned session record.
func (st *Store) sessionKey(chat bot.Chat) string { return st.owner(chat) + ":session" }

// updateKey marks one update of the chat as in progress or done.
func (st *Store) updateKey(chat bot.Chat, id string) string {
	return st.owner(chat) + ":upd:" + id
}

// doneKey lists the chat's updates done within DoneTTL. One small sorted
// set per chat takes a fraction of the memory of a string key per update
// ("Memory per person" in docs/BENCHMARKS.md).
func (st *Store) doneKey(chat bot.Chat) string { return st.owner(chat) + ":done" }

// blockedKey exists while the chat has blocked the bot.
func (st *Store) blockedKey(chat bot.Chat) string { return st.owner(chat) + ":blocked" }

// Booking keys. Unlike a chat's keys, all of them share one hash tag,
// {bk}: booking a seat touches a counter many people share, the person's
// pointer, a point's day list and the reminder schedule in one script, and
// Redis Cluster runs a script only when all its keys hash to one slot.
// The price is that all booking data lives on one shard. A booking costs
// about 2 KB of Redis memory with everything it keeps (see
// BenchmarkMemoryPerBooking), so a province holding 100,000 live bookings
// needs a few hundred megabytes: one shard's worth. The alternative,
// per-slot tags, would split a person's pointer from the slot and lose
// the atomic "one active booking per person" check. The per-person index
// is a hash rather than a set because Redis before 7.2 stores even tiny
// sets as hashtables, several times the size of a small hash.
//
//	<prefix>:{bk}:appt:<code>             hash    d=JSON of bot.Appointment v=version st=status seq=sequence rm=reminder members
//	<prefix>:{bk}:slot:<point>:<slot>     string  seats taken in the slot
//	<prefix>:{bk}:person:<person>         string  code of the person's booked appointment; absent otherwise
//	<prefix>:{bk}:req:<op>:<request>      string  result of a book/move/cancel request, for retries: "ok:<code>", "full" or "has"
//	<prefix>:{bk}:day:<point>:<YYYYMMDD>  zset    codes of the point's live appointments that day, by start (unix s)
//	<prefix>:{bk}:reminders               zset    waiting reminders by due time (unix ms)
//	<prefix>:{bk}:reminders:leased        zset    reminders leased to a worker, by lease deadline (unix ms)
//	<prefix>:{bk}:visit:<id>              string  JSON of bot.VisitRequest
//	<prefix>:{bk}:visits:<point>          zset    the point's visit ids by creation (unix ms)
//	<prefix>:{bk}:owned:<person>          hash    fields "appt:<code>", "req:<op>:<id>", "visit:<id>" (value 1): what /forget deletes
//
// Consent records (consents.go) live outside {bk}, one slot per subject,
// and survive /forget:
//
//	<prefix>:consent:{<subject>}          hash    <purpose>="version|given ms|withdrawn ms", deleted=ms; <subject> is bot.ConsentSubject
//
// <person> is a chat key such as "tg:42"; its colon is harmless inside a
// key. A reminder member is "<code>|<seq>|<kind>|<due unix ms>". Every
// record expires at the Expires its caller chose; lists and indexes live
// as long as their longest-lived entry; a slot counter lives slotGrace
// past the end of its slot.

// bookingTag starts every booking key.
func (st *Store) bookingTag() string { return st.opts.Prefix + ":{bk}:" }

// apptKey holds one appointment record.
func (st *Store) apptKey(code string) string { return st.bookingTag() + "appt:" + code }

// slotKey counts the seats taken in one slot of a point.
func (st *Store) slotKey(point, slot string) string {
	return st.bookingTag() + "slot:" + point + ":" + slot
}

// personKey points to the person's booked appointment.
func (st *Store) personKey(person string) string { return st.bookingTag() + "person:" + person }

// Operations whose requests are remembered. Each has its own namespace, so
// an ID reused for another operation is a new request, never a replay of
// a different one's result.
const (
	opBook       = "book"
	opReschedule = "move"
	opCancel     = "cancel"
)

// reqEntry names the result of one request, in its key and in the owner's
// index.
func reqEntry(op, id string) string { return "req:" + op + ":" + id }

// reqKey remembers the result of one request.
func (st *Store) reqKey(op, id string) string { return st.bookingTag() + reqEntry(op, id) }

// dayKey lists a point's appointments on one day.
func (st *Store) dayKey(point, day string) string {
	return st.bookingTag() + "day:" + point + ":" + day
}

// waitingKey holds reminders not yet due or not yet claimed.
func (st *Store) waitingKey() string { return st.bookingTag() + "reminders" }

// leasedKey holds reminders a worker is sending now.
func (st *Store) leasedKey() string { return st.bookingTag() + "reminders:leased" }

// visitKey holds one visit request.
func (st *Store) visitKey(id string) string { return st.bookingTag() + "visit:" + id }

// pointVisitsKey lists a point's visit requests.
func (st *Store) pointVisitsKey(point string) string { return st.bookingTag() + "visits:" + point }

// ownedKey indexes everything stored about one person's bookings.
func (st *Store) ownedKey(person string) string { return st.bookingTag() + "owned:" + person }

// Committee keys: roles, the audit log, subscriptions and the funnel. Each
// kind has its own hash tag, for the same reason as {bk}: a subscription
// script moves a chat between audiences and adjusts the shared counters in
// one step, and a funnel mark sets a person's marker and a shared counter
// together, so a chat's record cannot carry the chat's own tag. The price
// is that all subscriptions live on one shard: a chat's record and
// audience entry take about 700 bytes (measured on Redis 7.0 with 20,000
// chats), so 100,000 subscribed chats need some 70 MB, one shard's worth;
// a person's funnel marker takes about 175 bytes at three stages. Roles
// and the audit log are small. Per-area tags would spread the load but
// lose the atomic move of a chat between areas and the single counters
// hash that Counts reads in one command.
//
//	<prefix>:{role}:user:<user>    set     area ids the user ("tg:12345") serves
//	<prefix>:{role}:area:<area>    set     user ids of the area's committee
//	<prefix>:{audit}:log           stream  field d=JSON of bot.AuditEntry; capped near AuditCap entries
//	<prefix>:{sub}:chat:<chat>     hash    s=counter field m=audience member d=JSON of bot.Subscriber
//	<prefix>:{sub}:audience        zset    "<kind>|<area>|<chat>", all scored 0, so a lexical
//	                                       range lists one area's chats of one kind in a stable order
//	<prefix>:{sub}:counts          hash    "<area>|<lang>|<kind>" → chats
//	<prefix>:{fun}:person:<person> hash    stage → "<area>|<lang>" it was counted under
//	<prefix>:{fun}:counts          hash    "<area>|<lang>|<stage>" → people
//
// <kind> is bot.AudienceSubscribers or bot.AudienceGroups; area ids and
// languages never contain '|', so the fields split unambiguously. Counters
// that drop to zero are deleted. Nothing here expires: a subscription lasts
// until /unsubscribe, /forget or a block, and a funnel marker until /forget
// (it only stops the person counting twice; the counters are anonymous).

// roleUserKey lists the areas a user serves.
func (st *Store) roleUserKey(user bot.UserID) string {
	return st.opts.Prefix + ":{role}:user:" + string(user)
}

// roleAreaKey lists an area's committee members.
func (st *Store) roleAreaKey(area string) string { return st.opts.Prefix + ":{role}:area:" + area }

// auditKey is the audit log stream.
func (st *Store) auditKey() string { return st.opts.Prefix + ":{audit}:log" }

// subTag starts every subscription key.
func (st *Store) subTag() string { return st.opts.Prefix + ":{sub}:" }

// subChatKey holds one chat's subscription or group registration.
func (st *Store) subChatKey(chat bot.Chat) string { return st.subTag() + "chat:" + chat.Key() }

// audienceKey lists every subscribed chat by kind and area.
func (st *Store) audienceKey() string { return st.subTag() + "audience" }

// subCountsKey counts chats by area, language and kind.
func (st *Store) subCountsKey() string { return st.subTag() + "counts" }

// funnelPersonKey records the stages a person was counted at.
func (st *Store) funnelPersonKey(person string) string {
	return st.opts.Prefix + ":{fun}:person:" + person
}

// funnelCountsKey counts people by area, language and stage.
func (st *Store) funnelCountsKey() string { return st.opts.Prefix + ":{fun}:counts" }
