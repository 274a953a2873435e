package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// webOptions are the web chat mode's settings.
type webOptions struct {
	visitors, messages int
	think              time.Duration
}

// measureWebChat runs the web chat load: two "eidbot serve" replicas (web
// chat only) on one Redis, and visitors that each post messages to one
// replica while their event stream is held by the other, so every reply
// crosses Redis and the notice reader. A reply's time is from the POST to
// the reply's event on the stream. Each visitor speaks from its own client
// address through X-Forwarded-For (loopback is a trusted proxy), as behind
// the README's reverse proxy, so the per-address limits see 200 people,
// not one.
func measureWebChat(ctx context.Context, o options, w webOptions) error {
	env := []string{"REDIS_URL=" + o.redisURL, "EIDBOT_LOG_LEVEL=error", "EIDBOT_TRUSTED_PROXIES=127.0.0.1"}
	var replicas []string
	for range 2 {
		s, err := startServer(ctx, o.bin, []string{"serve"}, env)
		if err != nil {
			return err
		}
		defer s.stop()
		replicas = append(replicas, strings.TrimSuffix(s.url, "/telegram/webhook"))
	}
	fmt.Printf("web chat: %d visitors, %d messages each, %v think time, 2 replicas on %s\n",
		w.visitors, w.messages, w.think, o.redisURL)
	peak := &peakClients{url: o.redisURL}
	stopPeak := peak.watch()
	tr := &http.Transport{MaxIdleConnsPerHost: 2 * w.visitors, DisableCompression: true}
	client := &http.Client{Transport: tr, Timeout: 30 * time.Second}
	defer tr.CloseIdleConnections()

	var mu sync.Mutex
	var took []time.Duration
	var refused, failed atomic.Int64
	var wg sync.WaitGroup
	start := time.Now()
	for i := range w.visitors {
		wg.Go(func() {
			v := &loadVisitor{client: client, post: replicas[i%2], read: replicas[(i+1)%2],
				addr: fmt.Sprintf("10.%d.%d.%d", i/65536%256, i/256%256, i%256+1)}
			d, err := v.chat(ctx, w, &refused)
			mu.Lock()
			took = append(took, d...)
			mu.Unlock()
			if err != nil {
				failed.Add(1)
				fmt.Println("visitor:", err)
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	stopPeak()
	slices.Sort(took)
	r := result{n: len(took), elapsed: elapsed, latencies: took}
	fmt.Printf("replies: %d in %v (%.0f/s)  p50 %s  p90 %s  p99 %s  max %s\n", len(took), elapsed.Round(time.Millisecond),
		r.throughput(), ms(r.pct(50)), ms(r.pct(90)), ms(r.pct(99)), ms(r.pct(100)))
	fmt.Printf("429 refusals: %d  failed visitors: %d  Redis connections: peak %d (both replicas and this meter)\n",
		refused.Load(), failed.Load(), peak.max.Load())
	return nil
}

// loadVisitor is one simulated browser.
type loadVisitor struct {
	client     *http.Client
	post, read string // replica base URLs
	addr       string // the client address it speaks for
	token      string
}

var webCommands = []string{"/start", "/menu", "/help"}

// chat creates the visitor, opens its stream and sends its messages one
// after another, each after the previous reply and a think time, and
// returns the reply times.
func (v *loadVisitor) chat(ctx context.Context, w webOptions, refused *atomic.Int64) ([]time.Duration, error) {
	resp, err := v.do(ctx, v.post+"/webchat/api/visitors", nil)
	if err != nil {
		return nil, err
	}
	var created struct{ Token string }
	err = json.NewDecoder(resp.Body).Decode(&created)
	resp.Body.Close()
	if err != nil || created.Token == "" {
		return nil, fmt.Errorf("new visitor: status %d", resp.StatusCode)
	}
	v.token = created.Token
	events := make(chan time.Time, 16)
	sctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go v.stream(sctx, events)
	var took []time.Duration
	for i := range w.messages {
		time.Sleep(time.Duration(rand.Int64N(int64(w.think) + 1)))
		body := fmt.Sprintf(`{"id":"load-%d-%s","text":%q,"hint":"en"}`, i, strings.ReplaceAll(v.addr, ".", "_"), webCommands[i%len(webCommands)])
		t0 := time.Now()
		for {
			resp, err := v.do(ctx, v.post+"/webchat/api/messages", []byte(body))
			if err != nil {
				return took, err
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable {
				refused.Add(1)
				wait, _ := strconv.Atoi(resp.Header.Get("Retry-After"))
				time.Sleep(time.Duration(max(wait, 1)) * time.Second)
				continue
			}
			if resp.StatusCode != http.StatusNoContent {
				return took, fmt.Errorf("message: status %d", resp.StatusCode)
			}
			break
		}
		select {
		case at := <-events:
			took = append(took, at.Sub(t0))
		case <-time.After(10 * time.Second):
			return took, fmt.Errorf("no reply in 10 s")
		}
	}
	return took, nil
}

// stream holds the visitor's event stream on the other replica, opening
// the next after each ends, and reports when each reply arrives.
func (v *loadVisitor) stream(ctx context.Context, events chan<- time.Time) {
	after := ""
	for ctx.Err() == nil {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, v.read+"/webchat/api/events?after="+after, nil)
		req.Header.Set("Authorization", "Bearer "+v.token)
		req.Header.Set("X-Forwarded-For", v.addr)
		resp, err := v.client.Do(req)
		if err != nil {
			return
		}
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			var ev struct{ ID, Type string }
			if json.Unmarshal(sc.Bytes(), &ev) != nil || ev.ID == "" || ev.Type != "message" {
				continue
			}
			after = ev.ID
			events <- time.Now()
		}
		resp.Body.Close()
	}
}

func (v *loadVisitor) do(ctx context.Context, url string, body []byte) (*http.Response, error) {
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Forwarded-For", v.addr)
	if v.token != "" {
		req.Header.Set("Authorization", "Bearer "+v.token)
	}
	return v.client.Do(req)
}

// peakClients samples Redis's connected_clients every 200 ms.
type peakClients struct {
	url string
	max atomic.Int64
}

func (p *peakClients) watch() (stop func()) {
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		addr := strings.TrimSuffix(strings.TrimPrefix(p.url, "redis://"), "/0")
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			return
		}
		defer conn.Close()
		rd := bufio.NewReader(conn)
		tick := time.NewTicker(200 * time.Millisecond)
		defer tick.Stop()
		for {
			if n := connectedClients(conn, rd); n > p.max.Load() {
				p.max.Store(n)
			}
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	}()
	return func() { close(done); <-finished }
}

// connectedClients asks INFO clients over a raw connection (RESP).
func connectedClients(conn net.Conn, rd *bufio.Reader) int64 {
	if _, err := conn.Write([]byte("INFO clients\r\n")); err != nil {
		return 0
	}
	head, err := rd.ReadString('\n')
	if err != nil || !strings.HasPrefix(head, "$") {
		return 0
	}
	n, _ := strconv.Atoi(strings.TrimSpace(head[1:]))
	buf := make([]byte, n+2)
	if _, err := io.ReadFull(rd, buf); err != nil {
		return 0
	}
	for _, line := range strings.Split(string(buf), "\r\n") {
		if v, ok := strings.CutPrefix(line, "connected_clients:"); ok {
			c, _ := strconv.ParseInt(v, 10, 64)
			return c
		}
	}
	return 0
}
