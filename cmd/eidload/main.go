// Command eidload measures the webhook: it starts a throwaway redis-server,
// a stub Bot API, the bot ("eidbot serve") and the baseline ("eidbot
// baseline", a bare Fiber handler doing one Redis GET and SET), then posts
// the same stream of updates to each at a fixed concurrency and prints
// throughput and latency percentiles. With -webchat it measures the web
// chat instead: two replicas, 200 visitors chatting at once (webchat.go).
// See docs/BENCHMARKS.md.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"time"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "eidload:", err)
		os.Exit(1)
	}
}

// redisPID is the throwaway redis-server's pid, for the CPU meter (0 when
// -redis names an outside server).
var redisPID int

type options struct {
	conc, n, warmup, chats, rounds int
	redisURL, bin                  string
}

func run(ctx context.Context) error {
	var o options
	flag.IntVar(&o.conc, "c", 64, "concurrent connections")
	flag.IntVar(&o.n, "n", 20000, "updates per measured round and target")
	flag.IntVar(&o.warmup, "warmup", 2000, "updates sent before measuring")
	flag.IntVar(&o.chats, "chats", 1000, "distinct users the updates come from")
	flag.IntVar(&o.rounds, "rounds", 3, "measured rounds per target, alternating targets")
	flag.StringVar(&o.redisURL, "redis", "", "use this Redis instead of starting a throwaway redis-server (it is written to)")
	flag.StringVar(&o.bin, "bin", "", "eidbot binary (default: go build ./cmd/eidbot)")
	var w webOptions
	web := flag.Bool("webchat", false, "measure the web chat (two replicas) instead of the webhook")
	flag.IntVar(&w.visitors, "visitors", 200, "web chat: visitors chatting at once")
	flag.IntVar(&w.messages, "messages", 20, "web chat: messages each visitor sends")
	flag.DurationVar(&w.think, "think", 2*time.Second, "web chat: longest pause before each message (uniform from 0)")
	flag.Parse()

	dir, err := os.MkdirTemp("", "eidload")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	if o.bin == "" {
		o.bin = filepath.Join(dir, "eidbot")
		if err := build(ctx, o.bin); err != nil {
			return err
		}
	}
	if o.redisURL == "" {
		r, err := startRedis(ctx, dir)
		if err != nil {
			return err
		}
		defer r.stop()
		o.redisURL, redisPID = r.url, r.cmd.Process.Pid
	}
	if *web {
		return measureWebChat(ctx, o, w)
	}
	stub, err := startStub()
	if err != nil {
		return err
	}
	defer stub.Close()
	return measure(ctx, o, stub)
}

// measure starts both servers and runs the rounds.
func measure(ctx context.Context, o options, stub *stubAPI) error {
	env := []string{"REDIS_URL=" + o.redisURL, "TELEGRAM_TOKEN=" + stubToken, "TELEGRAM_WEBHOOK_SECRET=" + secret,
		"TELEGRAM_API_URL=" + stub.URL, "EIDBOT_LOG_LEVEL=error"}
	baseline, err := startServer(ctx, o.bin, "baseline", env)
	if err != nil {
		return err
	}
	defer baseline.stop()
	bot, err := startServer(ctx, o.bin, "serve", env)
	if err != nil {
		return err
	}
	defer bot.stop()

	gen := newGenerator(o.chats)
	fmt.Printf("eidload: %d connections, %d updates per round, %d rounds, %d chats; %s\n", o.conc, o.n, o.rounds, o.chats, cpuInfo())
	for _, s := range []*server{baseline, bot} {
		if r := load(ctx, s.url, gen, o.warmup, o.conc); r.failed > 0 {
			return fmt.Errorf("%s: %d of %d warm-up updates failed", s.name, r.failed, o.warmup)
		}
	}
	results := map[string][]result{}
	for round := range o.rounds {
		for _, s := range []*server{baseline, bot} {
			before := stub.sent.Load()
			meter := newCPUMeter(map[string]int{"server": s.cmd.Process.Pid, "redis": redisPID, "eidload": os.Getpid()})
			r := load(ctx, s.url, gen, o.n, o.conc)
			r.replies = stub.sent.Load() - before
			results[s.name] = append(results[s.name], r)
			fmt.Printf("round %d %-8s %s\n         CPU per update: %s\n", round+1, s.name, r, meter.perUpdate(o.n))
		}
	}
	report(results)
	return nil
}

// report prints the median round of each target as a Markdown table.
func report(results map[string][]result) {
	med := func(rs []result) result {
		s := slices.Clone(rs)
		slices.SortFunc(s, func(a, b result) int { return int(a.throughput() - b.throughput()) })
		return s[len(s)/2]
	}
	base, bot := med(results["baseline"]), med(results["serve"])
	fmt.Println()
	fmt.Println("| server | updates/s | p50 | p90 | p99 | max | errors |")
	fmt.Println("|---|---:|---:|---:|---:|---:|---:|")
	for _, row := range []struct {
		name string
		r    result
	}{{"baseline (Fiber + GET/SET)", base}, {"eidbot serve", bot}} {
		r := row.r
		fmt.Printf("| %s | %.0f | %s | %s | %s | %s | %d |\n", row.name, r.throughput(), ms(r.pct(50)), ms(r.pct(90)), ms(r.pct(99)), ms(r.pct(100)), r.failed)
	}
	fmt.Printf("\neidbot reaches %.0f%% of the baseline's throughput (median of %d rounds).\n", 100*bot.throughput()/base.throughput(), len(results["serve"]))
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d.Microseconds())/1000) }
