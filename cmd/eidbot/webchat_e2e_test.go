package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/netip"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/eidbot/eidbot/internal/redisstore"
	"github.com/eidbot/eidbot/internal/redistest"
)

// webMain runs a Main with only the web chat on r, listening on addr
// ("127.0.0.1:0" for any port; an old Main's address to restart it).
// Requests from loopback are from a trusted proxy, so tests can speak for
// other client addresses with X-Forwarded-For.
func webMain(t testing.TB, r *redistest.Server, addr string, wrap func(*Main)) *Main {
	t.Helper()
	m := &Main{
		Config: Config{Addr: addr, RedisURL: r.URL(), RedisMode: redisstore.Mode(r.Mode()),
			WebChat: WebChatConfig{On: true, TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}}},
		Log:           slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn})),
		ReminderEvery: -1,
		CampaignPoll:  -1,
	}
	if wrap != nil {
		wrap(m)
	}
	if err := m.Run(context.Background()); err != nil {
		t.Fatalf("Main.Run: %v", err)
	}
	t.Cleanup(func() {
		if err := m.Close(); err != nil {
			t.Errorf("Main.Close: %v", err)
		}
	})
	return m
}

// webVisitor is a browser as the server sees it: a token and HTTP calls.
type webVisitor struct {
	t      testing.TB
	base   string // http://host:port
	token  string
	from   string // X-Forwarded-For, the client address the limits count
	client *http.Client
	ids    atomic.Int64
}

func newWebVisitor(t testing.TB, m *Main, from string) *webVisitor {
	t.Helper()
	v := &webVisitor{t: t, base: "http://" + m.Addr(), from: from, client: &http.Client{Timeout: 30 * time.Second}}
	resp := v.do(http.MethodPost, "/webchat/api/visitors", nil, "")
	var body struct{ Token string }
	if resp.StatusCode != http.StatusCreated || json.NewDecoder(resp.Body).Decode(&body) != nil || body.Token == "" {
		t.Fatalf("new visitor: status %d", resp.StatusCode)
	}
	resp.Body.Close()
	v.token = body.Token
	return v
}

// do sends a request with the visitor's address (and token, when given).
func (v *webVisitor) do(method, path string, body []byte, token string) *http.Response {
	v.t.Helper()
	req, err := http.NewRequest(method, v.base+path, bytes.NewReader(body))
	if err != nil {
		v.t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if v.from != "" {
		req.Header.Set("X-Forwarded-For", v.from)
	}
	resp, err := v.client.Do(req)
	if err != nil {
		v.t.Fatalf("%s %s: %v", method, path, err)
	}
	return resp
}

// send posts a message (the JSON body without its id, which is added)
// and returns the status.
func (v *webVisitor) send(msg map[string]any) int {
	v.t.Helper()
	if _, ok := msg["id"]; !ok {
		msg["id"] = fmt.Sprintf("msg-%d-%d", time.Now().UnixNano(), v.ids.Add(1))
	}
	resp := v.do(http.MethodPost, "/webchat/api/messages", mustJSON(msg), v.token)
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

// say sends text and requires 204.
func (v *webVisitor) say(text string) {
	v.t.Helper()
	if code := v.send(map[string]any{"text": text, "hint": "en"}); code != http.StatusNoContent {
		v.t.Fatalf("say %q: status %d", text, code)
	}
}

// webEvent is an event as the browser reads it.
type webEvent struct {
	ID      string
	Msg     int
	Type    string
	Lang    string
	HTML    string
	Edit    int
	Buttons [][]struct {
		Label, Data string
		Done        bool
	}
	Venue *struct{ Title, Map string }
	File  *struct {
		Name string
		Data []byte
	}
}

// events opens a stream after event id after and reads until until says
// so (given every event so far), the stream ends, or 10 s pass.
func (v *webVisitor) events(after string, until func([]webEvent) bool) []webEvent {
	v.t.Helper()
	path := "/webchat/api/events"
	if after != "" {
		path += "?after=" + after
	}
	resp := v.do(http.MethodGet, path, nil, v.token)
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		v.t.Fatalf("events: status %d", resp.StatusCode)
	}
	var got []webEvent
	lines := make(chan []byte)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			lines <- bytes.Clone(sc.Bytes())
		}
	}()
	deadline := time.After(10 * time.Second)
	for {
		select {
		case line, ok := <-lines:
			if !ok {
				return got
			}
			var ev webEvent
			if err := json.Unmarshal(line, &ev); err != nil {
				v.t.Fatalf("event %s: %v", line, err)
			}
			if ev.ID != "" {
				got = append(got, ev)
			}
			if until(got) {
				return got
			}
		case <-deadline:
			v.t.Fatalf("events: gave up waiting after %d events", len(got))
		}
	}
}

// history reads the visitor's history: the stream up to its "live" mark.
func (v *webVisitor) history() []webEvent {
	v.t.Helper()
	resp := v.do(http.MethodGet, "/webchat/api/events", nil, v.token)
	defer resp.Body.Close()
	var got []webEvent
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var ev webEvent
		if err := json.Unmarshal(sc.Bytes(), &ev); err != nil {
			v.t.Fatal(err)
		}
		if ev.Type == "live" {
			return got
		}
		got = append(got, ev)
	}
	v.t.Fatal("stream ended before the history did")
	return nil
}

// choice finds the button whose data ends in "|"+id on the newest message
// that has buttons.
func choice(evs []webEvent, id string) (data string, msg int) {
	for i := len(evs) - 1; i >= 0; i-- {
		if evs[i].Type != "message" || len(evs[i].Buttons) == 0 {
			continue
		}
		for _, row := range evs[i].Buttons {
			for _, b := range row {
				if strings.HasSuffix(b.Data, "|"+id) || (id == "p|" && strings.HasPrefix(b.Data, "p|")) {
					return b.Data, evs[i].Msg
				}
			}
		}
		return "", 0
	}
	return "", 0
}

// has reports whether an event's text contains s.
func has(evs []webEvent, s string) bool {
	for _, e := range evs {
		if strings.Contains(e.HTML, s) {
			return true
		}
	}
	return false
}

// TestWebChatAcrossReplicas posts to one replica and reads the stream on
// the other, both ways, and resumes after the last event seen without a
// repeat: the notices go through Redis, read once per process.
func TestWebChatAcrossReplicas(t *testing.T) {
	r := e2eRedis(t)
	a, b := webMain(t, r, "127.0.0.1:0", nil), webMain(t, r, "127.0.0.1:0", nil)
	va := newWebVisitor(t, a, "")
	vb := &webVisitor{t: t, base: "http://" + b.Addr(), token: va.token, client: va.client} // the same visitor, on b

	// Stream on b first, then post on a: the reply arrives through Redis.
	got := make(chan []webEvent, 1)
	go func() { got <- vb.events("", func(e []webEvent) bool { return len(e) >= 1 }) }()
	waitFor(t, "b holds the stream", func() bool { return b.web.svc.Streams() == 1 })
	va.say("/start")
	first := <-got
	if first[0].Type != "message" || !strings.Contains(first[0].HTML, "eidbot") || first[0].Msg != 1 {
		t.Fatalf("welcome: %+v", first[0])
	}
	data, msg := choice(first, "check")
	if code := vb.send(map[string]any{"press": map[string]any{"data": data, "msg": msg}, "hint": "en"}); code != http.StatusNoContent {
		t.Fatalf("press on b: %d", code)
	}
	next := va.events(first[0].ID, func(e []webEvent) bool { return len(e) >= 2 })
	if next[0].Type != "edit" || next[0].Edit != 1 || !next[0].Buttons[0][0].Done || next[1].Type != "message" {
		t.Fatalf("after the press: %+v", next)
	}
	// Resuming after the last event seen shows nothing again.
	again := va.events(next[1].ID, func([]webEvent) bool { return true })
	if len(again) != 0 {
		t.Fatalf("resumed stream repeated %d events", len(again))
	}
	if h := va.history(); len(h) != 3 || h[0].ID != first[0].ID || h[2].ID != next[1].ID {
		t.Fatalf("history: %+v", h)
	}
}

// TestWebChatMessageOnce posts the same message id twice (a browser's
// retry after a lost response): the bot answers once.
func TestWebChatMessageOnce(t *testing.T) {
	m := webMain(t, e2eRedis(t), "127.0.0.1:0", nil)
	v := newWebVisitor(t, m, "")
	for range 2 {
		if code := v.send(map[string]any{"id": "same-id-1", "text": "/start", "hint": "ko"}); code != http.StatusNoContent {
			t.Fatalf("status %d", code)
		}
	}
	if h := v.history(); len(h) != 1 || h[0].Lang != "ko" {
		t.Fatalf("history after a repeated message: %+v", h)
	}
}

// TestWebChatVisitorsAreApart: a token is checked by the server on every
// call; a made-up, altered or missing one gets 401 and nothing of another
// visitor's chat.
func TestWebChatVisitorsAreApart(t *testing.T) {
	m := webMain(t, e2eRedis(t), "127.0.0.1:0", nil)
	alice, bob := newWebVisitor(t, m, ""), newWebVisitor(t, m, "")
	alice.say("/start")
	id, secret, _ := strings.Cut(alice.token, ".")
	_, bobSecret, _ := strings.Cut(bob.token, ".")
	forged := strings.Repeat("a", len(id)) + "." + secret
	for name, token := range map[string]string{
		"alice's id with bob's secret": id + "." + bobSecret,
		"alice's id, secret altered":   id + "." + altered(secret),
		"made-up id":                   forged,
		"malformed":                    "not-a-token",
		"none":                         "",
	} {
		for _, path := range []string{"/webchat/api/events", "/webchat/api/events?after=0-0"} {
			resp := alice.do(http.MethodGet, path, nil, token)
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusUnauthorized || strings.Contains(string(body), "eidbot") {
				t.Errorf("%s: GET %s: %d %s", name, path, resp.StatusCode, body)
			}
		}
		resp := alice.do(http.MethodPost, "/webchat/api/messages", []byte(`{"id":"xxxxxxxx1","text":"/start"}`), token)
		resp.Body.Close()
		if resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("%s: POST: %d", name, resp.StatusCode)
		}
	}
	if h := bob.history(); len(h) != 0 {
		t.Fatalf("bob sees %d events of someone else", len(h))
	}
}

// TestWebChatLimits: a message over the size limit gets 413; a flood from
// one address gets 429 with Retry-After, and other visitors meanwhile
// answer as fast as without it, because a refusal never reaches Redis.
func TestWebChatLimits(t *testing.T) {
	m := webMain(t, e2eRedis(t), "127.0.0.1:0", nil)
	v := newWebVisitor(t, m, "198.51.100.1")
	if code := v.send(map[string]any{"text": strings.Repeat("a", 1001)}); code != http.StatusRequestEntityTooLarge {
		t.Fatalf("a long message: status %d", code)
	}
	if code := v.send(map[string]any{"text": strings.Repeat("ạ", 1000)}); code != http.StatusNoContent {
		t.Fatalf("1000 characters: status %d", code)
	}

	calm := make([]*webVisitor, 5)
	for i := range calm {
		calm[i] = newWebVisitor(t, m, fmt.Sprintf("198.51.100.%d", 10+i))
	}
	baseline := replyTimes(t, calm, 2)

	flooder := newWebVisitor(t, m, "203.0.113.7")
	var codes sync.Map
	var sent atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				resp := flooder.do(http.MethodPost, "/webchat/api/messages", []byte(`{"id":"flood-`+fmt.Sprint(sent.Add(1))+`","text":"hi"}`), flooder.token)
				if resp.StatusCode == http.StatusTooManyRequests && resp.Header.Get("Retry-After") == "" {
					t.Error("429 without Retry-After")
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				n, _ := codes.LoadOrStore(resp.StatusCode, new(atomic.Int64))
				n.(*atomic.Int64).Add(1)
			}
		})
	}
	waitFor(t, "the flood to be refused", func() bool {
		n, ok := codes.Load(http.StatusTooManyRequests)
		return ok && n.(*atomic.Int64).Load() > 500
	})
	during := replyTimes(t, calm, 2)
	close(stop)
	wg.Wait()
	limited, _ := codes.Load(http.StatusTooManyRequests)
	t.Logf("flood: %d requests, %d refused with 429; others' median reply %v before, %v during",
		sent.Load(), limited.(*atomic.Int64).Load(), baseline, during)
	// replyTimes failed the test if a calm visitor's message was refused or
	// not handled during the flood; how much slower they were is logged
	// above and measured by eidload -webchat, not judged here: a timing
	// threshold on a shared machine fails for reasons that are not the
	// code's (docs/BENCHMARKS.md).
}

// replyTimes has each visitor send n messages and returns the median time
// a message took to be handled; every one must succeed.
func replyTimes(t *testing.T, vs []*webVisitor, n int) time.Duration {
	var mu sync.Mutex
	var took []time.Duration
	var wg sync.WaitGroup
	for _, v := range vs {
		wg.Go(func() {
			for range n {
				start := time.Now()
				if code := v.send(map[string]any{"text": "/help", "hint": "en"}); code != http.StatusNoContent {
					t.Errorf("a calm visitor got %d", code)
				}
				mu.Lock()
				took = append(took, time.Since(start))
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return median(took)
}

func median(ds []time.Duration) time.Duration {
	s := append([]time.Duration(nil), ds...)
	for i := range s {
		for j := i + 1; j < len(s); j++ {
			if s[j] < s[i] {
				s[i], s[j] = s[j], s[i]
			}
		}
	}
	return s[len(s)/2]
}

// TestWebChatForgetEmptiesHistory: /forget, confirmed, deletes the history
// (open browsers are told to clear theirs), and the visitor goes on.
func TestWebChatForgetEmptiesHistory(t *testing.T) {
	m := webMain(t, e2eRedis(t), "127.0.0.1:0", nil)
	v := newWebVisitor(t, m, "")
	v.say("/start")
	v.say("/forget")
	h := v.history()
	data, msg := choice(h, "y")
	if code := v.send(map[string]any{"press": map[string]any{"data": data, "msg": msg}, "hint": "en"}); code != http.StatusNoContent {
		t.Fatalf("confirm: %d", code)
	}
	h = v.history()
	// The clear, the "✓ Yes" on the question (gone with the history), done.
	if len(h) != 3 || h[0].Type != "clear" || h[1].Type != "edit" || h[2].Type != "message" || has(h, "Hello") {
		t.Fatalf("history after /forget: %+v", h)
	}
}

// TestWebChatShutdownEndsStreams: Close ends open streams at once, well
// within the shutdown budget.
func TestWebChatShutdownEndsStreams(t *testing.T) {
	r := e2eRedis(t)
	m := &Main{Config: Config{Addr: "127.0.0.1:0", RedisURL: r.URL(), RedisMode: redisstore.Mode(r.Mode()), WebChat: WebChatConfig{On: true}},
		Log: slog.New(slog.DiscardHandler), ReminderEvery: -1, CampaignPoll: -1}
	if err := m.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	vs := make([]*webVisitor, 3)
	ended := make(chan []webEvent, len(vs))
	for i := range vs {
		vs[i] = newWebVisitor(t, m, "")
		go func() { ended <- vs[i].events("", func([]webEvent) bool { return false }) }()
	}
	waitFor(t, "three open streams", func() bool { return m.web.svc.Streams() == 3 })
	start := time.Now()
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
	for range vs {
		<-ended
	}
	if took := time.Since(start); took > 2*time.Second {
		t.Fatalf("Close with open streams took %v", took)
	}
}

// waitFor polls cond every 10 ms for up to 10 s.
func waitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestServeWithoutConfiguration: "eidbot serve" with nothing configured
// runs the web chat alone on the embedded store and prints the demo
// page's address, which serves the demo.
func TestServeWithoutConfiguration(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out := &lineWatcher{want: "Web chat: try the demo page at ", found: make(chan string, 1)}
	done := make(chan error, 1)
	go func() { done <- runServe(ctx, env(map[string]string{"EIDBOT_ADDR": "127.0.0.1:0"}), out) }()
	var url string
	select {
	case url = <-out.found:
	case err := <-done:
		t.Fatalf("serve ended: %v\n%s", err, out.text())
	case <-time.After(20 * time.Second):
		t.Fatalf("no demo address printed:\n%s", out.text())
	}
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), "widget.js") {
		t.Fatalf("GET %s: %d\n%s", url, resp.StatusCode, body)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("serve after SIGINT: %v", err)
	}
}

// lineWatcher collects output and reports the URL that follows want.
type lineWatcher struct {
	mu    sync.Mutex
	buf   bytes.Buffer
	want  string
	found chan string
	sent  bool
}

func (w *lineWatcher) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf.Write(p)
	if _, rest, ok := strings.Cut(w.buf.String(), w.want); ok && !w.sent {
		if url, _, ok := strings.Cut(rest, " "); ok {
			w.sent = true
			w.found <- url
		}
	}
	return len(p), nil
}

func (w *lineWatcher) text() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.String()
}

// altered changes the first character of a secret to another one of the
// same alphabet, so the result always differs from the secret.
func altered(secret string) string {
	c := byte('A')
	if secret[0] == c {
		c = 'B'
	}
	return string(c) + secret[1:]
}
