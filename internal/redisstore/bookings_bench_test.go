package redisstore_test

import (
	"errors"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/eidbot/eidbot/bot"
	"github.com/redis/go-redis/v9"
)

// BenchmarkBookContended measures booking throughput when many goroutines
// book into a few slots at once, as when a commune announces an
// appointment day. "open": every booking gets a seat; "full": every
// booking is refused, the cheaper path a rush ends in.
func BenchmarkBookContended(b *testing.B) {
	for _, bc := range []struct {
		name  string
		seats int
	}{{"open", 1 << 30}, {"full", 0}} {
		b.Run(bc.name, func(b *testing.B) {
			bk, _ := openBookings(b)
			ctx := testCtx(b)
			var next atomic.Int64
			b.SetParallelism(16) // 16 goroutines per CPU
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					i := int(next.Add(1))
					_, err := bk.Book(ctx, bookReq("b"+strconv.Itoa(i), i, "P1", 1, i%4, bc.seats))
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

// BenchmarkMemoryPerBooking books 10,000 appointments (20 points, 50 slots
// of 10 seats each, two reminders per booking) into an empty Redis and
// reports how much used_memory grew per booking: the record, pointer,
// request result, index, day-list entry, reminders and a share of the
// counters.
func BenchmarkMemoryPerBooking(b *testing.B) {
	const points, slots, seats = 20, 50, 10
	const n = points * slots * seats
	bk, srv := openBookings(b)
	ctx, c := testCtx(b), srv.Client()
	var perBooking float64
	round := 0
	for b.Loop() {
		round++
		must(b, c.FlushAll(ctx).Err())
		before := usedMemory(b, c)
		for i := range n {
			p, s := i%points, i/points%slots
			id := strconv.Itoa(round) + "-" + strconv.Itoa(i)
			mustBook(b, bk, bookReq(id, i, "P"+strconv.Itoa(p), 1+s/25, s%25, seats))
		}
		perBooking += float64(usedMemory(b, c)-before) / n
	}
	b.ReportMetric(perBooking/float64(round), "bytes/booking")
}

// usedMemory reads used_memory from INFO memory.
func usedMemory(b *testing.B, c redis.UniversalClient) int64 {
	b.Helper()
	info, err := c.Info(testCtx(b), "memory").Result()
	if err != nil {
		b.Fatal(err)
	}
	for _, line := range strings.Split(info, "\n") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), "used_memory:"); ok {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				b.Fatal(err)
			}
			return n
		}
	}
	b.Fatal("INFO memory has no used_memory")
	return 0
}
