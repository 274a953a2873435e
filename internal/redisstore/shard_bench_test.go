package redisstore_test

import (
	"errors"
	"strconv"
	"sync/atomic"
	"testing"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/internal/redisstore"
	"github.com/eidbot/eidbot/internal/redistest"
)

// BenchmarkBookOneShard measures the ceiling of bookings per second when
// every booking lands on the one shard that holds the {bk} slot: a real
// 3-master, 3-replica Cluster, the cluster client, group commit and a WAIT
// for the shard's replica on every batch — what production pays. "single"
// is the same on one redis-server without a replica, for comparison.
func BenchmarkBookOneShard(b *testing.B) {
	for _, bc := range []struct {
		name string
		srv  func(b *testing.B) *redistest.Server
	}{
		{"cluster", func(b *testing.B) *redistest.Server { return redistest.StartCluster(b).Endpoint(b) }},
		{"single", func(b *testing.B) *redistest.Server { return redistest.Start(b) }},
	} {
		b.Run(bc.name, func(b *testing.B) {
			bk := connect(b, bc.srv(b), redisstore.Options{}).Bookings()
			ctx := testCtx(b)
			var next atomic.Int64
			b.SetParallelism(16)
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					i := int(next.Add(1))
					_, err := bk.Book(ctx, bookReq("s"+strconv.Itoa(i), i, "P"+strconv.Itoa(i%20), 1, i%25, 1<<30))
					if err != nil && !errors.Is(err, bot.ErrSlotFull) {
						b.Error(err)
						return
					}
				}
			})
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "bookings/s")
		})
	}
}
