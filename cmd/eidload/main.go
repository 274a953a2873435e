// Command eidload measures the webhook: it starts a throwaway redis-server,
// a stub Bot API, the bot ("eidbot serve") and two baselines ("eidbot
// baseline": a bare Fiber handler doing one Redis GET and SET; "eidbot
// baseline --send": the same plus one sendMessage to the stub over
// net/http), then posts the same stream of updates to each at a fixed
// concurrency, alternating targets round by round, and prints throughput
// and latency percentiles. With -webchat it measures the web chat instead:
// two replicas, 200 visitors chatting at once (webchat.go). With -flood N
// it measures the server's memory under N concurrent 2 MiB posts with a
// wrong secret (flood.go). See docs/BENCHMARKS.md.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
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
	gogc, compare                  []string
}

func run(ctx context.Context) error {
	var o options
	var gogc, compare string
	flag.IntVar(&o.conc, "c", 64, "concurrent connections")
	flag.IntVar(&o.n, "n", 20000, "updates per measured round and target")
	flag.IntVar(&o.warmup, "warmup", 2000, "updates sent before measuring")
	flag.IntVar(&o.chats, "chats", 1000, "distinct users the updates come from")
	flag.IntVar(&o.rounds, "rounds", 3, "measured rounds per target, alternating targets")
	flag.StringVar(&o.redisURL, "redis", "", "use this Redis instead of starting a throwaway redis-server (it is written to)")
	flag.StringVar(&o.bin, "bin", "", "eidbot binary (default: go build ./cmd/eidbot)")
	flag.StringVar(&gogc, "gogc", "", "comma-separated GOGC values: also measure \"serve\" with each (e.g. 100,200,400)")
	flag.StringVar(&compare, "compare", "", "comma-separated eidbot binaries (e.g. builds of older commits): also measure their \"serve\"")
	var w webOptions
	web := flag.Bool("webchat", false, "measure the web chat (two replicas) instead of the webhook")
	flag.IntVar(&w.visitors, "visitors", 200, "web chat: visitors chatting at once")
	flag.IntVar(&w.messages, "messages", 20, "web chat: messages each visitor sends")
	flag.DurationVar(&w.think, "think", 2*time.Second, "web chat: longest pause before each message (uniform from 0)")
	floodConns := flag.Int("flood", 0, "measure memory under this many concurrent 2 MiB posts with a wrong secret (-rounds each), instead of throughput")
	flag.Parse()
	o.gogc, o.compare = list(gogc), list(compare)

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
	if *floodConns > 0 {
		return measureFlood(ctx, o, stub, *floodConns)
	}
	return measure(ctx, o, stub)
}

func list(s string) []string {
	var out []string
	for f := range strings.SplitSeq(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

// targets lists the servers to measure: the two baselines, the bot, and
// the bot again for each -gogc value and -compare binary.
func targets(o options) []*target {
	ts := []*target{
		{name: nameBaseline, bin: o.bin, args: []string{"baseline"}},
		{name: nameBaselineSend, bin: o.bin, args: []string{"baseline", "--send"}},
		{name: nameServe, bin: o.bin, args: []string{"serve"}, bot: true},
	}
	for _, g := range o.gogc {
		ts = append(ts, &target{name: "eidbot serve, GOGC=" + g, bin: o.bin, args: []string{"serve"}, env: []string{"GOGC=" + g}, bot: true})
	}
	for _, b := range o.compare {
		ts = append(ts, &target{name: "eidbot serve (" + filepath.Base(b) + ")", bin: b, args: []string{"serve"}, bot: true})
	}
	for i, t := range ts {
		// Each target has its own users, so that two bot processes never
		// share a chat (and its cached session) and every target gets the
		// same sequence of messages.
		t.gen = newGenerator(int64(i+1)*1_000_000_000, o.chats)
	}
	return ts
}

// measure starts the servers and runs the rounds.
func measure(ctx context.Context, o options, stub *stubAPI) error {
	env := []string{"REDIS_URL=" + o.redisURL, "TELEGRAM_TOKEN=" + stubToken, "TELEGRAM_WEBHOOK_SECRET=" + secret,
		"TELEGRAM_API_URL=" + stub.URL, "EIDBOT_LOG_LEVEL=error"}
	ts := targets(o)
	for _, t := range ts {
		s, err := startServer(ctx, t.bin, t.args, append(env, t.env...))
		if err != nil {
			return err
		}
		defer s.stop()
		t.srv = s
	}
	fmt.Printf("eidload: %d connections, %d updates per round, %d rounds, %d chats; %s\n", o.conc, o.n, o.rounds, o.chats, cpuInfo())
	for _, t := range ts {
		if r := load(ctx, t.srv.url, t.gen, o.warmup, o.conc); r.failed > 0 {
			return fmt.Errorf("%s: %d of %d warm-up updates failed", t.name, r.failed, o.warmup)
		}
	}
	for round := range o.rounds {
		for _, t := range ts {
			before := stub.sent.Load()
			meter := newCPUMeter(map[string]int{"server": t.srv.cmd.Process.Pid, "redis": redisPID, "eidload": os.Getpid()})
			r := load(ctx, t.srv.url, t.gen, o.n, o.conc)
			r.replies = stub.sent.Load() - before
			t.results = append(t.results, r)
			fmt.Printf("round %d %-34s %s\n         CPU per update: %s\n", round+1, t.name, r, meter.perUpdate(o.n))
		}
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	report(os.Stdout, ts)
	return nil
}
