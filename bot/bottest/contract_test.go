package bottest_test

import (
	"testing"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/bot/bottest"
)

// The fakes keep the contracts their Redis counterparts are held to in
// internal/redisstore/contract_test.go.

func TestStoreKeepsTheSessionContract(t *testing.T) {
	bottest.TestSessionStore(t, func(*testing.T) bottest.Sessions { return bottest.NewStore() })
}

func TestStoreKeepsTheJournalContract(t *testing.T) {
	bottest.TestJournal(t, func(*testing.T) bottest.JournalStore { return bottest.NewStore() })
}

func TestStoreKeepsTheBlockListContract(t *testing.T) {
	bottest.TestBlockList(t, func(*testing.T) bot.BlockList { return bottest.NewStore() })
}

func TestBookingsKeepTheContract(t *testing.T) {
	bottest.TestBookings(t, func(_ *testing.T, now func() time.Time) bottest.BookingStore {
		return bottest.NewBookings(now)
	})
}

func TestRolesKeepTheContract(t *testing.T) {
	bottest.TestRoles(t, func(*testing.T) bot.Roles { return bottest.NewRoles() })
}

func TestAuditKeepsTheContract(t *testing.T) {
	bottest.TestAuditLog(t, func(*testing.T) bot.AuditLog { return bottest.NewAudit(time.Now) })
}

func TestFunnelKeepsTheContract(t *testing.T) {
	bottest.TestFunnel(t, func(*testing.T) bot.Funnel { return bottest.NewFunnel() })
}

func TestSubscriptionsKeepTheContract(t *testing.T) {
	bottest.TestSubscriptions(t, func(*testing.T) bot.Subscriptions { return bottest.NewSubscriptions(time.Now) })
}

func TestCampaignsKeepTheContract(t *testing.T) {
	bottest.TestCampaigns(t, func(*testing.T) bot.Campaigns { return bottest.NewCampaigns(time.Now) })
}

func TestAutoAnswersKeepTheContract(t *testing.T) {
	bottest.TestAutoAnswers(t, func(*testing.T) bot.AutoAnswers { return bottest.NewAutoAnswers() })
}
