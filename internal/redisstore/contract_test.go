package redisstore_test

import (
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/bot/bottest"
	"github.com/eidbot/eidbot/internal/redisstore"
)

// The Redis stores keep the contracts of bot/bottest, which the in-memory
// fakes the engine's tests use keep too, so the two cannot drift apart.

// contractStores opens a Store per case on one Redis (a throwaway
// redis-server, or the cluster inside TestContractOnCluster), each under
// its own key prefix, so the cases start empty.
func contractStores(t *testing.T) func(t *testing.T) *redisstore.Store {
	srv := server(t)
	var n atomic.Int64
	return func(t *testing.T) *redisstore.Store {
		return connect(t, srv, redisstore.Options{Prefix: "contract" + strconv.FormatInt(n.Add(1), 10)})
	}
}

func TestStoreKeepsTheSessionContract(t *testing.T) {
	open := contractStores(t)
	bottest.TestSessionStore(t, func(t *testing.T) bottest.Sessions { return open(t) })
}

func TestStoreKeepsTheJournalContract(t *testing.T) {
	open := contractStores(t)
	bottest.TestJournal(t, func(t *testing.T) bottest.JournalStore { return open(t) })
}

func TestStoreKeepsTheBlockListContract(t *testing.T) {
	open := contractStores(t)
	bottest.TestBlockList(t, func(t *testing.T) bot.BlockList { return open(t) })
}

func TestBookingsKeepTheContract(t *testing.T) {
	open := contractStores(t)
	bottest.TestBookings(t, func(t *testing.T, now func() time.Time) bottest.BookingStore {
		return open(t).Bookings().WithClock(now)
	})
}

func TestRolesKeepTheContract(t *testing.T) {
	open := contractStores(t)
	bottest.TestRoles(t, func(t *testing.T) bot.Roles { return open(t).Roles() })
}

func TestAuditKeepsTheContract(t *testing.T) {
	open := contractStores(t)
	bottest.TestAuditLog(t, func(t *testing.T) bot.AuditLog { return open(t).Audit() })
}

func TestFunnelKeepsTheContract(t *testing.T) {
	open := contractStores(t)
	bottest.TestFunnel(t, func(t *testing.T) bot.Funnel { return open(t).Funnel() })
}

func TestSubscriptionsKeepTheContract(t *testing.T) {
	open := contractStores(t)
	bottest.TestSubscriptions(t, func(t *testing.T) bot.Subscriptions { return open(t).Subscriptions() })
}

func TestCampaignsKeepTheContract(t *testing.T) {
	open := contractStores(t)
	bottest.TestCampaigns(t, func(t *testing.T) bot.Campaigns { return redisstore.NewCampaigns(open(t)) })
}

func TestAutoAnswersKeepTheContract(t *testing.T) {
	open := contractStores(t)
	bottest.TestAutoAnswers(t, func(t *testing.T) bot.AutoAnswers { return open(t) })
}
