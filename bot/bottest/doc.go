// Package bottest holds one in-memory fake of every store interface of
// the bot core (sessions and journal, block list, bookings, committee
// roles, audit log, subscriptions, campaigns, funnel, unanswered
// questions), a recording Sender, a Translator that shows message ids, a
// small Directory, and the contract
// suites those interfaces promise: TestSessionStore, TestJournal,
// TestBlockList, TestBookings, TestRoles, TestAuditLog, TestSubscriptions,
// TestCampaigns and TestFunnel. The suites run against the fakes here and
// against the Redis stores in internal/redisstore, so the two cannot drift
// apart.
//
// Only tests import this package; the architecture test enforces it.
package bottest
