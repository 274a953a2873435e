package broadcast_test

import (
	"context"
	"math"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/internal/redisstore"
	"github.com/eidbot/eidbot/internal/redistest"
)

// nopSender accepts every reply at once.
type nopSender struct{}

func (nopSender) Send(context.Context, bot.Reply) (bot.Sent, error) {
	return bot.Sent{MessageID: 1}, nil
}

// BenchmarkSchedulingOverhead delivers one campaign of b.N recipients
// through a sender that does nothing, with limits too high to matter: what
// is left is the cost of the queue, the ledger and the limiter. It reports
// wall time, this process's CPU time, Redis' CPU time and Redis commands
// per recipient. Run it with -benchtime 10000x.
func BenchmarkSchedulingOverhead(b *testing.B) {
	e := newEnv(b, redisstore.Limits{Global: 1_000_000, Margin: -1})
	aud := people(1_000_000, b.N)
	w := e.worker(workerOpts{name: "bench", audience: aud, sender: nopSender{}})
	c, err := e.camps.Create(context.Background(), bot.Campaign{Area: "bench", Template: bot.TemplateNotice}, false, "")
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	cpu, redisCPU := processCPU(), serverCPU(b, e.redis)
	cmds := e.redis.CountCommands(func() {
		stop := e.run(w)
		e.waitFor(c.ID, "finished", finished)
		stop()
	})
	b.StopTimer()
	n := float64(b.N)
	b.ReportMetric(float64((processCPU()-cpu).Microseconds())/n, "µs-cpu/recipient")
	b.ReportMetric(float64((serverCPU(b, e.redis)-redisCPU).Microseconds())/n, "µs-redis-cpu/recipient")
	b.ReportMetric(float64(cmds)/n, "redis-cmds/recipient")
	if got, _, err := e.camps.Get(context.Background(), c.ID); err != nil || got.Progress.Sent != b.N {
		b.Fatalf("sent %d of %d, %v", got.Progress.Sent, b.N, err)
	}
}

// BenchmarkDeliveryRate sends a campaign through the Telegram client to
// the fake Bot API at the configured global limit for about 20 seconds,
// and reports the rate achieved as a fraction of the limit. With sliding
// windows the best possible is limit × (elapsed + window): a burst of a
// full window at the start, then the limit each window. Run it with
// -benchtime 1x.
func BenchmarkDeliveryRate(b *testing.B) {
	for _, rate := range []int{25, 100} {
		b.Run(strconv.Itoa(rate)+"/s", func(b *testing.B) {
			for b.Loop() {
				deliveryRate(b, rate, 20*rate)
			}
		})
	}
}

func deliveryRate(b *testing.B, rate, n int) {
	e := newEnv(b, redisstore.Limits{Global: rate})
	aud := people(2_000_000, n)
	w := e.worker(workerOpts{name: "rate", audience: aud})
	c, err := e.camps.Create(context.Background(), bot.Campaign{Area: "bench", Template: bot.TemplateNotice}, false, "")
	if err != nil {
		b.Fatal(err)
	}
	stop := e.run(w)
	e.waitFor(c.ID, "finished", finished)
	stop()
	var first, last time.Time
	for _, call := range e.api.CallsTo("sendMessage") {
		if call.Status != 200 {
			continue
		}
		if first.IsZero() {
			first = call.Time
		}
		last = call.Time
	}
	elapsed := last.Sub(first) + time.Second
	b.ReportMetric(float64(n)/elapsed.Seconds(), "msgs/s")
	b.ReportMetric(float64(n)/elapsed.Seconds()/float64(rate), "fraction-of-limit")
	if v := e.api.Violations(); len(v) > 0 {
		b.Errorf("%d violations, first %v", len(v), v[0])
	}
}

// processCPU is the user and system CPU time this process used so far.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// serverCPU is the CPU time redis-server used so far (INFO cpu).
func serverCPU(b *testing.B, srv *redistest.Server) time.Duration {
	info, err := srv.Client().Info(context.Background(), "cpu").Result()
	if err != nil {
		b.Fatal(err)
	}
	var total float64
	for _, line := range strings.Split(info, "\n") {
		k, v, _ := strings.Cut(strings.TrimSpace(line), ":")
		if k == "used_cpu_sys" || k == "used_cpu_user" {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil {
				b.Fatalf("INFO cpu: %s: %v", line, err)
			}
			total += f
		}
	}
	return time.Duration(math.Round(total*1e6)) * time.Microsecond
}
