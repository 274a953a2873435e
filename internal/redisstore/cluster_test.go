package redisstore_test

import (
	"testing"

	"github.com/eidbot/eidbot/internal/redistest"
)

// onCluster, while set, is where open hands out its servers: the Endpoint
// of a running cluster, emptied for each test, instead of a fresh
// redis-server. Tests run one at a time (none calls t.Parallel), so a
// package variable is enough.
var onCluster *redistest.Cluster

// server is the Redis a test gets from open: a fresh redis-server, or the
// cluster's Endpoint inside TestContractOnCluster.
func server(t testing.TB) *redistest.Server {
	t.Helper()
	if onCluster != nil {
		return onCluster.Endpoint(t)
	}
	return redistest.Start(t)
}

// contract lists the store's contract tests: sessions, the update journal,
// bookings, reminders, visits, subscriptions, campaigns, the rate limiter,
// roles, the audit log, the funnel, erasure, verification and the
// unanswered questions.
// TestContractOnCluster runs each again against a real 3-master Cluster
// through the cluster client, so a script that touches two slots, a
// pipeline that assumes one connection or a SCAN of one node fails here.
// Tests that stop the server skip there (redistest.Server.Stop on an
// Endpoint).
var contract = []struct {
	name string
	fn   func(*testing.T)
}{
	{"LoadMissingSession", TestLoadMissingSession},
	{"SaveLoadRoundTrip", TestSaveLoadRoundTrip},
	{"SaveRefusesStaleVersion", TestSaveRefusesStaleVersion},
	{"ConcurrentSaversExactlyOneWins", TestConcurrentSaversExactlyOneWins},
	{"FiftyConcurrentIncrements", TestFiftyConcurrentIncrements},
	{"SaveSetsAndRefreshesTTL", TestSaveSetsAndRefreshesTTL},
	{"LoadRefusesNewerSchema", TestLoadRefusesNewerSchema},
	{"LoadCorruptRecordIsNotUnavailable", TestLoadCorruptRecordIsNotUnavailable},
	{"JournalHappyPath", TestJournalHappyPath},
	{"JournalPartialDeliveryAndRetry", TestJournalPartialDeliveryAndRetry},
	{"JournalCommitConflictsAndNoReplies", TestJournalCommitConflictsAndNoReplies},
	{"JournalConcurrentBegin", TestJournalConcurrentBegin},
	{"JournalTry", TestJournalTry},
	{"ClaimFinish", TestClaimFinish},
	{"ClaimKeysExpire", TestClaimKeysExpire},
	{"ReleaseLetsTheRetryRun", TestReleaseLetsTheRetryRun},
	{"LateReleaseKeepsDone", TestLateReleaseKeepsDone},
	{"ReleaseAfterTakeoverKeepsTheNewClaim", TestReleaseAfterTakeoverKeepsTheNewClaim},
	{"ReleaseWithoutClaimDoesNothing", TestReleaseWithoutClaimDoesNothing},
	{"FinishAfterTakeoverMarksDone", TestFinishAfterTakeoverMarksDone},
	{"BookStoresTheAppointment", TestBookStoresTheAppointment},
	{"TakenAndForPointOrder", TestTakenAndForPointOrder},
	{"BookRetryIsIdempotent", TestBookRetryIsIdempotent},
	{"BookOneActivePerPerson", TestBookOneActivePerPerson},
	{"BookOneActivePerPersonConcurrently", TestBookOneActivePerPersonConcurrently},
	{"BookCodeInUse", TestBookCodeInUse},
	{"BookingKeysExpire", TestBookingKeysExpire},
	{"BookRejectsBadRequests", TestBookRejectsBadRequests},
	{"ThousandPeopleFiftySeats", TestThousandPeopleFiftySeats},
	{"CancelFreesTheSeat", TestCancelFreesTheSeat},
	{"SetStatus", TestSetStatus},
	{"RequestIDsArePerOperation", TestRequestIDsArePerOperation},
	{"RescheduleMovesTheSeat", TestRescheduleMovesTheSeat},
	{"RescheduleToAFullSlotKeepsTheBooking", TestRescheduleToAFullSlotKeepsTheBooking},
	{"RescheduleRetryAndNoOps", TestRescheduleRetryAndNoOps},
	{"ReschedulesAndBooksNeverOverfill", TestReschedulesAndBooksNeverOverfill},
	{"Visits", TestVisits},
	{"ClaimDueLeasesDoneRemoves", TestClaimDueLeasesDoneRemoves},
	{"ClaimDueRespectsN", TestClaimDueRespectsN},
	{"ClaimDueOnceAcrossProcesses", TestClaimDueOnceAcrossProcesses},
	{"ClaimDueDropsStaleReminders", TestClaimDueDropsStaleReminders},
	{"BookingsSurviveACrash", TestBookingsSurviveACrash},
	{"SubscribeMovesTheSubscription", TestSubscribeMovesTheSubscription},
	{"EachVisitsEveryChatOnceWhileOthersComeAndGo", TestEachVisitsEveryChatOnceWhileOthersComeAndGo},
	{"ConcurrentSubscriptionsKeepCountersTrue", TestConcurrentSubscriptionsKeepCountersTrue},
	{"MigrateMovesAGroupRegistration", TestMigrateMovesAGroupRegistration},
	{"MigrateOfAnUnknownChatDoesNothing", TestMigrateOfAnUnknownChatDoesNothing},
	{"CampaignCreateIsIdempotent", TestCampaignCreateIsIdempotent},
	{"CampaignListNewestFirst", TestCampaignListNewestFirst},
	{"CampaignApproval", TestCampaignApproval},
	{"CampaignQueue", TestCampaignQueue},
	{"CampaignLeaseTakeover", TestCampaignLeaseTakeover},
	{"LimiterWindows", TestLimiterWindows},
	{"LimiterBooksAhead", TestLimiterBooksAhead},
	{"CampaignKeysShareSlots", TestCampaignKeysShareSlots},
	{"ForgetLeavesRunningCampaigns", TestForgetLeavesRunningCampaigns},
	{"EraseBookings", TestEraseBookings},
	{"EraseRemovesTheChatsData", TestEraseRemovesTheChatsData},
	{"EraseLeavesNothingOfTheChatInTheKeyspace", TestEraseLeavesNothingOfTheChatInTheKeyspace},
	{"RolesGrantRevokeMembers", TestRolesGrantRevokeMembers},
	{"AuditKeepsNewestFirstAndIsCapped", TestAuditKeepsNewestFirstAndIsCapped},
	{"FunnelCountsEachPersonOncePerStage", TestFunnelCountsEachPersonOncePerStage},
	{"FunnelRejectsUnknownStages", TestFunnelRejectsUnknownStages},
	{"VerifyReportsMismatches", TestVerifyReportsMismatches},
	{"VerifySkipsSlotsThatAreOver", TestVerifySkipsSlotsThatAreOver},
	{"Blocked", TestBlocked},
	{"QuestionsNeedThreeChats", TestQuestionsNeedThreeChats},
	{"QuestionsKeepOnlyTheRedactedText", TestQuestionsKeepOnlyTheRedactedText},
	{"QuestionsStoreNoChat", TestQuestionsStoreNoChat},
	{"QuestionsExpire", TestQuestionsExpire},
	{"QuestionsCountAcrossDaysAndProcesses", TestQuestionsCountAcrossDaysAndProcesses},
	{"QuestionsMakeOneKey", TestQuestionsMakeOneKey},
	{"LegacySessionLoads", TestLegacySessionLoads},
	{"LegacyRolesMigrate", TestLegacyRolesMigrate},
	{"LegacyCampaignSelfApprovalRefused", TestLegacyCampaignSelfApprovalRefused},
	// The contracts the in-memory fakes of bot/bottest keep too.
	{"SessionContract", TestStoreKeepsTheSessionContract},
	{"JournalContract", TestStoreKeepsTheJournalContract},
	{"BlockListContract", TestStoreKeepsTheBlockListContract},
	{"BookingsContract", TestBookingsKeepTheContract},
	{"RolesContract", TestRolesKeepTheContract},
	{"AuditContract", TestAuditKeepsTheContract},
	{"FunnelContract", TestFunnelKeepsTheContract},
	{"SubscriptionsContract", TestSubscriptionsKeepTheContract},
	{"CampaignsContract", TestCampaignsKeepTheContract},
}

func TestContractOnCluster(t *testing.T) {
	c := redistest.StartCluster(t)
	onCluster = c
	defer func() { onCluster = nil }()
	for _, tc := range contract {
		t.Run(tc.name, tc.fn)
	}
}
