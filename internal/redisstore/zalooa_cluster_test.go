package redisstore_test

import (
	"testing"

	"github.com/eidbot/eidbot/internal/redistest"
)

// zaloOAContract lists the Zalo OA stores' tests that TestZaloOAOnCluster
// runs again on a real 3-master Cluster: a script whose keys span two
// slots, a stream read from the wrong node or a lock split across masters
// fails there. (TestZaloOAForgeryAndUnavailability stops and counts one
// server, which a cluster's Endpoint is not.)
var zaloOAContract = []struct {
	name string
	fn   func(*testing.T)
}{
	{"TokensFenceAndStore", TestZaloOATokensFenceAndStore},
	{"TwoReplicasRefreshOnce", TestZaloOATwoReplicasRefreshOnce},
	{"WindowNeverAllowsANinth", TestZaloOAWindowNeverAllowsANinth},
	{"Quota", TestZaloOAQuota},
	{"ConversationStaysInTheWindow", TestZaloOAConversationStaysInTheWindow},
	{"EventRecordedOnceProcessedOnce", TestZaloOAEventRecordedOnceProcessedOnce},
	{"EventOfADeadConsumerIsTakenOver", TestZaloOAEventOfADeadConsumerIsTakenOver},
	{"ReadBeforeAnyEvent", TestZaloOAReadBeforeAnyEvent},
}

func TestZaloOAOnCluster(t *testing.T) {
	c := redistest.StartCluster(t)
	onCluster = c
	defer func() { onCluster = nil }()
	for _, tc := range zaloOAContract {
		t.Run(tc.name, tc.fn)
	}
}
