package main

import (
	"sync/atomic"
	"testing"
)

// BenchmarkWebhook posts distinct updates from 1,000 users through the
// whole path (HTTP, decode, claim, session, step, commit, send to the fake
// Bot API, settle, finish) against a real redis-server, in parallel.
// cmd/eidload measures the real binary under load instead.
func BenchmarkWebhook(b *testing.B) {
	h := newHarness(b, 1)
	texts := []string{"/start", "/menu", "xin chào", "/help"}
	var n atomic.Int64
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			u := n.Add(1)
			p := h.person(100000+u%1000, "vi")
			if code := h.post(0, testSecret, p.message(texts[int(u/1000)%len(texts)])); code != 200 {
				b.Errorf("status %d", code)
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "updates/s")
}
