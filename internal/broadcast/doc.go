// Package broadcast delivers broadcast campaigns: the Worker starts
// campaigns when they are due, expands their audience into a durable queue,
// sends one message to each recipient within Telegram's rate limits,
// reports progress to the author, and finishes or stops them.
//
// The package holds no state of its own: the queue (Queue, implemented by
// internal/redisstore) and the rate limiter (Limiter, likewise) live in
// Redis, so any number of Workers in any number of bot processes share a
// campaign, and a Worker that crashes or restarts resumes where the
// campaign stood.
//
// # Delivery guarantee
//
// Delivery is at least once, and a recipient gets a second copy only in
// one of two cases:
//
//   - a worker stopped after Telegram had accepted a message and before
//     the worker recorded it (it crashed, was killed, lost Redis, or froze
//     for more than half its lease in between): at most Config.InFlight
//     recipients per such stop, because a worker leases at most that many
//     recipients at a time. A failover of the campaign's Redis master is
//     such a stop for every Worker at once: at most Config.InFlight times
//     the number of Workers (TestCampaignAcrossFailoverOnCluster, and
//     OnSentinel). A planned stop (Run's context ends) is not
//     such a stop when Config.Drain is set: the sends in flight finish and
//     are recorded first, unless they take longer than the drain; or
//   - a send got no answer (it timed out, at half the lease at the latest
//     and never sooner than a quarter lease after its slot was reserved;
//     or the connection dropped: Telegram may have delivered it anyway)
//     and was retried.
//
// Two workers never send to the same recipient at the same time: a
// recipient is leased in the ledger before it is sent, and a lease is
// taken over only after it expired, while a worker stops its own send at
// half its lease. Everything else (a 429, a worker that was slow to pick
// up, a stream entry delivered twice) causes no duplicate.
//
// # Limits
//
// Every send, the progress reports included, first books a slot from the
// Limiter: a global rate for all processes together, one message per
// second per chat, and a per-minute rate per group chat. A 429 pauses the
// Limiter for every process for Telegram's retry_after, and the recipient
// goes back to the queue (slots booked just before the pause are still
// used; such a send meets another 429 and is queued again too).
package broadcast
