package redisstore

import "github.com/eidbot/eidbot/bot"

// Web chat keys. A visitor's keys carry the visitor's chat tag, like every
// other chat's; the notices every process reads share one tag:
//
//	<prefix>:{web:<id>}:visitor  hash    h = hex SHA-256 of the visitor's secret, n = last message number
//	<prefix>:{web:<id>}:events   stream  e = event JSON, m = message number, k = idempotency key
//	<prefix>:{webchat}:notices   stream  c = the visitor id whose stream grew
//
// The visitor and its events live for the session lifetime after the last
// write (a visitor who never writes, a day); /forget empties the events.
// The notice stream is capped near webChatNotices entries: a process that
// falls that far behind has its streams' periodic reads to catch up with.

// webVisitorKey holds a visitor's token hash and message counter.
func (st *Store) webVisitorKey(chat bot.Chat) string { return st.owner(chat) + ":visitor" }

// webEventsKey is a visitor's event stream: the chat's history as shown.
func (st *Store) webEventsKey(chat bot.Chat) string { return st.owner(chat) + ":events" }

// webNoticesKey is the stream of notices every process reads.
func (st *Store) webNoticesKey() string { return st.opts.Prefix + ":{webchat}:notices" }
