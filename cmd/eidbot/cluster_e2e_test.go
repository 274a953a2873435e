package main

import (
	"testing"

	"github.com/eidbot/eidbot/internal/redistest"
)

// onDeployment, while set, hands every new harness the Endpoint of a
// running Redis deployment (emptied for each test) instead of a fresh
// redis-server. The tests of this package run one at a time.
var onDeployment interface {
	Endpoint(testing.TB) *redistest.Server
}

// e2eRedis is the Redis a harness runs on.
func e2eRedis(t testing.TB) *redistest.Server {
	t.Helper()
	if onDeployment != nil {
		return onDeployment.Endpoint(t)
	}
	return redistest.Start(t)
}

// clusterE2E are the end-to-end tests run again with REDIS_MODE=cluster:
// the eligibility walk in four languages, booking with its reschedule,
// cancel and reminders, a reminder after a restart, /forget freeing the
// seat, a committee campaign, every update once across two processes,
// groups, blocks and the 78 real updates; a Zalo OA's event once across
// two replicas, and its refresh token spent once when they race.
var clusterE2E = []struct {
	name string
	fn   func(*testing.T)
}{
	{"EligibilityInFourLanguages", TestEligibilityInFourLanguages},
	{"BookingRescheduleCancelAndReminders", TestBookingRescheduleCancelAndReminders},
	{"ReminderSurvivesRestart", TestReminderSurvivesRestart},
	{"ForgetFreesTheSeat", TestForgetFreesTheSeat},
	{"CommitteeCampaignEndToEnd", TestCommitteeCampaignEndToEnd},
	{"EveryUpdateOnceAcrossProcesses", TestEveryUpdateOnceAcrossProcesses},
	{"StaleButtonAndFreeTextOverWebhook", TestStaleButtonAndFreeTextOverWebhook},
	{"GroupChatOverWebhook", TestGroupChatOverWebhook},
	{"BlockedUser", TestBlockedUser},
	{"EveryRealUpdateIsAcknowledged", TestEveryRealUpdateIsAcknowledged},
	{"ZaloOAEventOnceAcrossReplicas", TestZaloOAEventOnceAcrossReplicas},
	{"ZaloOARefreshRaceSpendsTheTokenOnce", TestZaloOARefreshRaceSpendsTheTokenOnce},
}

// TestEndToEndOnCluster runs the bot unchanged with REDIS_MODE=cluster
// against a real 3-master, 3-replica Cluster.
func TestEndToEndOnCluster(t *testing.T) {
	onDeployment = redistest.StartCluster(t)
	defer func() { onDeployment = nil }()
	for _, tc := range clusterE2E {
		t.Run(tc.name, tc.fn)
	}
}
