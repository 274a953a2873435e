package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

const secret = "eidload-webhook-secret"

// generator makes a stream of distinct, realistic updates: private
// messages from many users cycling through /start, a menu, free text and
// /help, so the bot runs its whole path (claim, session, step, send).
// Update and chat ids start above base, so that generators with different
// bases never share an update or a chat.
type generator struct {
	base  int64
	chats int
	next  atomic.Int64
}

func newGenerator(base int64, chats int) *generator { return &generator{base: base, chats: chats} }

var texts = []string{"/start", "/menu", "xin chào", "/help"}

func (g *generator) body() []byte {
	n := g.next.Add(1)
	id, chat := g.base+n, g.base+100000+n%int64(g.chats)
	text := texts[(n/int64(g.chats))%int64(len(texts))]
	msg := map[string]any{"message_id": id, "date": time.Now().Unix(), "text": text,
		"from": map[string]any{"id": chat, "is_bot": false, "first_name": "Load", "language_code": "vi"},
		"chat": map[string]any{"id": chat, "type": "private", "first_name": "Load"}}
	if text[0] == '/' {
		msg["entities"] = []map[string]any{{"type": "bot_command", "offset": 0, "length": len(text)}}
	}
	b, _ := json.Marshal(map[string]any{"update_id": id, "message": msg})
	return b
}

// result is one measured round.
type result struct {
	n, failed int
	elapsed   time.Duration
	latencies []time.Duration // sorted
	replies   int64
}

func (r result) throughput() float64 { return float64(r.n) / r.elapsed.Seconds() }

// pct returns the p-th percentile latency (100 = max).
func (r result) pct(p float64) time.Duration {
	if len(r.latencies) == 0 {
		return 0
	}
	i := int(p / 100 * float64(len(r.latencies)-1))
	return r.latencies[i]
}

func (r result) String() string {
	return fmt.Sprintf("%6.0f updates/s  p50 %s  p99 %s  errors %d  replies %d", r.throughput(), ms(r.pct(50)), ms(r.pct(99)), r.failed, r.replies)
}

// load posts n updates to url over conc keep-alive connections.
func load(ctx context.Context, url string, g *generator, n, conc int) result {
	tr := &http.Transport{MaxIdleConnsPerHost: conc, MaxConnsPerHost: conc, DisableCompression: true}
	client := &http.Client{Transport: tr, Timeout: 30 * time.Second}
	defer tr.CloseIdleConnections()
	lat := make([]time.Duration, n)
	var failed atomic.Int64
	var next atomic.Int64
	var wg sync.WaitGroup
	start := time.Now()
	for range conc {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= n || ctx.Err() != nil {
					return
				}
				t0 := time.Now()
				if !post(ctx, client, url, g.body()) {
					failed.Add(1)
				}
				lat[i] = time.Since(t0)
			}
		})
	}
	wg.Wait()
	r := result{n: n, failed: int(failed.Load()), elapsed: time.Since(start), latencies: lat}
	slices.Sort(r.latencies)
	return r
}

func post(ctx context.Context, c *http.Client, url string, body []byte) bool {
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Telegram-Bot-Api-Secret-Token", secret)
	resp, err := c.Do(req)
	if err != nil {
		return false
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode == http.StatusOK
}
