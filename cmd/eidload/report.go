package main

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"time"
)

// Names of the three fixed targets.
const (
	nameBaseline     = "baseline (Fiber + GET/SET)"
	nameBaselineSend = "baseline + sendMessage (net/http)"
	nameServe        = "eidbot serve"
)

// target is one server under measurement and its rounds.
type target struct {
	name    string
	bin     string
	args    []string // eidbot subcommand and flags
	env     []string // added to the common environment
	bot     bool     // an "eidbot serve", compared with the baselines
	gen     *generator
	srv     *server
	results []result
}

// median is the round with the median throughput.
func (t *target) median() result {
	s := slices.Clone(t.results)
	slices.SortFunc(s, func(a, b result) int { return cmp.Compare(a.throughput(), b.throughput()) })
	return s[len(s)/2]
}

// report prints the median round of each target as a Markdown table, each
// bot's throughput as a share of both baselines, and the range of the
// round-by-round shares (rounds alternate targets, so round i of the bot
// and of a baseline met about the same load from other processes).
func report(w io.Writer, ts []*target) {
	base, send := ts[0], ts[1]
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| server | updates/s | share of GET+SET | share of GET+SET+send | p50 | p90 | p99 | max | errors | replies | peak RSS |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
	for _, t := range ts {
		r := t.median()
		fmt.Fprintf(w, "| %s | %.0f | %s | %s | %s | %s | %s | %s | %d | %d | %d MB |\n", t.name, r.throughput(),
			share(r, base), share(r, send), ms(r.pct(50)), ms(r.pct(90)), ms(r.pct(99)), ms(r.pct(100)), r.failed, r.replies,
			peakRSS(t.srv.cmd.Process.Pid)>>20)
	}
	fmt.Fprintln(w)
	for _, t := range ts {
		if !t.bot {
			continue
		}
		fmt.Fprintf(w, "%s: %s of GET+SET (rounds %s), %s of GET+SET+send (rounds %s); p99 %s (rounds %s)\n", t.name,
			share(t.median(), base), roundShares(t, base), share(t.median(), send), roundShares(t, send),
			ms(t.median().pct(99)), p99s(t))
	}
	fmt.Fprintf(w, "(medians of %d rounds)\n", len(base.results))
}

func share(r result, base *target) string {
	return fmt.Sprintf("%.0f %%", 100*r.throughput()/base.median().throughput())
}

// roundShares is the smallest and largest round-by-round share.
func roundShares(t, base *target) string {
	lo, hi := 1e9, 0.0
	for i, r := range t.results {
		s := 100 * r.throughput() / base.results[i].throughput()
		lo, hi = min(lo, s), max(hi, s)
	}
	return fmt.Sprintf("%.0f–%.0f %%", lo, hi)
}

// p99s is the range of the rounds' p99.
func p99s(t *target) string {
	var lo, hi time.Duration = 1 << 62, 0
	for _, r := range t.results {
		lo, hi = min(lo, r.pct(99)), max(hi, r.pct(99))
	}
	return ms(lo) + "–" + ms(hi)
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d.Microseconds())/1000) }
