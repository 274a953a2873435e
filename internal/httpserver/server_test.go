package httpserver_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/internal/httpserver"
)

// handlerFunc adapts a function to httpserver.Handler.
type handlerFunc func(context.Context, bot.Update) error

func (f handlerFunc) Handle(ctx context.Context, u bot.Update) error { return f(ctx, u) }

type fixture struct {
	url     string
	decodes atomic.Int32
	handled atomic.Int32
	result  atomic.Value // error returned by the handler
	ready   atomic.Value // error returned by Ready
}

func start(t *testing.T) *fixture {
	t.Helper()
	f := &fixture{}
	srv := httpserver.New(httpserver.Config{
		Secret: "s3cret",
		Decode: func(body []byte) (bot.Update, error) {
			f.decodes.Add(1)
			if !bytes.HasPrefix(body, []byte("{")) {
				return bot.Update{}, errors.New("not json")
			}
			return bot.Update{ID: "1", Kind: bot.UpdateText}, nil
		},
		Handler: handlerFunc(func(context.Context, bot.Update) error {
			f.handled.Add(1)
			if err, _ := f.result.Load().(error); err != nil {
				if err.Error() == "panic" {
					panic("boom")
				}
				return err
			}
			return nil
		}),
		Ready: func(context.Context) error { err, _ := f.ready.Load().(error); return err },
	})
	f.url = listen(t, srv)
	return f
}

// listen serves srv on a free loopback port until the test ends and
// returns its base URL.
func listen(t *testing.T, srv *httpserver.Server) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := srv.Shutdown(ctx); err != nil {
			t.Errorf("Shutdown: %v", err)
		}
		if err := <-served; err != nil {
			t.Errorf("Serve: %v", err)
		}
	})
	return "http://" + ln.Addr().String()
}

func (f *fixture) post(t *testing.T, secret string, body []byte) *http.Response {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, f.url+"/telegram/webhook", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if secret != "" {
		req.Header.Set("X-Telegram-Bot-Api-Secret-Token", secret)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		t.Fatalf("reading the answer: %v", err)
	}
	return resp
}

func TestWebhookStatuses(t *testing.T) {
	for _, tc := range []struct {
		name    string
		secret  string
		body    string
		result  error
		status  int
		retry   bool
		handled int32
	}{
		{"ok", "s3cret", `{}`, nil, 200, false, 1},
		{"missing secret", "", `{}`, nil, 401, false, 0},
		{"forged secret", "s3cret!", `{}`, nil, 401, false, 0},
		{"prefix of secret", "s3cre", `{}`, nil, 401, false, 0},
		{"not an update", "s3cret", `garbage`, nil, 400, false, 0},
		{"store down", "s3cret", `{}`, fmt.Errorf("load: %w", bot.ErrUnavailable), 503, true, 1},
		{"busy elsewhere", "s3cret", `{}`, bot.ErrBusy, 503, true, 1},
		{"timeout", "s3cret", `{}`, context.DeadlineExceeded, 503, true, 1},
		{"platform API down", "s3cret", `{}`, fmt.Errorf("deliver: %w: %w", bot.ErrUndelivered, errors.New("network")), 503, true, 1},
		{"bug", "s3cret", `{}`, errors.New("unexpected"), 500, false, 1},
		{"panic", "s3cret", `{}`, errors.New("panic"), 500, false, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := start(t)
			if tc.result != nil {
				f.result.Store(tc.result)
			}
			resp := f.post(t, tc.secret, []byte(tc.body))
			if resp.StatusCode != tc.status {
				t.Fatalf("status %d, want %d", resp.StatusCode, tc.status)
			}
			if got := resp.Header.Get("Retry-After") != ""; got != tc.retry {
				t.Fatalf("Retry-After present=%v, want %v", got, tc.retry)
			}
			if n := f.handled.Load(); n != tc.handled {
				t.Fatalf("handled %d times, want %d", n, tc.handled)
			}
			if tc.status == 401 && f.decodes.Load() != 0 {
				t.Fatal("a request with a bad secret was decoded")
			}
		})
	}
}

// TestBodyLimit: the limit is DefaultBodyLimit, over which the webhook
// answers 413 (not a connection reset) without calling the handler, and
// the largest update Telegram can send fits under it with room to spare.
func TestBodyLimit(t *testing.T) {
	f := start(t)
	limit := httpserver.DefaultBodyLimit
	big := append([]byte("{"), bytes.Repeat([]byte(" "), limit)...) // limit + 1 byte
	if resp := f.post(t, "s3cret", big); resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Fatalf("limit + 1 byte: status %d, want 413", resp.StatusCode)
	}
	if f.handled.Load() != 0 {
		t.Fatal("oversized body reached the handler")
	}
	ok := append([]byte("{"), bytes.Repeat([]byte(" "), limit-1)...) // exactly the limit
	if resp := f.post(t, "s3cret", ok); resp.StatusCode != 200 {
		t.Fatalf("exactly the limit: status %d, want 200", resp.StatusCode)
	}
	if n := len(largestUpdate(t)); 2*n > limit {
		t.Fatalf("the largest Telegram update is %d bytes: the limit %d leaves less than twice that", n, limit)
	}
}

// largestUpdate is the largest Telegram update the bot can get, from the
// Bot API's maxima: a reply of 4,096 Chinese characters, every one escaped
// as \uXXXX, with 100 entities, to a message just as long.
func largestUpdate(t *testing.T) []byte {
	t.Helper()
	text := strings.Repeat("\u4e2d", 4096) // what json.Marshal would not do, but a sender may
	entities := make([]map[string]any, 100)
	for i := range entities {
		entities[i] = map[string]any{"type": "text_link", "offset": i * 40, "length": 40, "url": "https://example.org/" + strings.Repeat("p", 30)}
	}
	msg := func(id int, reply any) map[string]any {
		m := map[string]any{"message_id": id, "date": 1767225600, "chat": map[string]any{"id": 1, "type": "private"},
			"from": map[string]any{"id": 1, "is_bot": false, "first_name": strings.Repeat("名", 64)},
			"text": "TEXT", "entities": entities}
		if reply != nil {
			m["reply_to_message"] = reply
		}
		return m
	}
	b, err := json.Marshal(map[string]any{"update_id": 1, "message": msg(2, msg(1, nil))})
	if err != nil {
		t.Fatal(err)
	}
	return bytes.ReplaceAll(b, []byte(`"TEXT"`), []byte(`"`+text+`"`))
}

func TestProbes(t *testing.T) {
	f := start(t)
	get := func(path string) int {
		resp, err := http.Get(f.url + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if get("/healthz") != 200 || get("/readyz") != 200 {
		t.Fatal("probes should pass")
	}
	f.ready.Store(errors.New("redis down"))
	if get("/readyz") != 503 || get("/healthz") != 200 {
		t.Fatal("readyz must fail and healthz pass while a dependency is down")
	}
	if get("/nope") != 404 {
		t.Fatal("unknown path")
	}
	resp, err := http.Post(f.url+"/healthz", "text/plain", strings.NewReader(""))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 405 && resp.StatusCode != 404 {
		t.Fatalf("POST /healthz: %d", resp.StatusCode)
	}
}

// TestShutdownFinishesInFlightUpdates: SIGTERM leads to Shutdown, which
// waits for an update being handled and answers it with 200.
func TestShutdownFinishesInFlightUpdates(t *testing.T) {
	entered, release := make(chan struct{}), make(chan struct{})
	srv := httpserver.New(httpserver.Config{
		Secret: "s3cret",
		Decode: func([]byte) (bot.Update, error) { return bot.Update{ID: "1"}, nil },
		Handler: handlerFunc(func(context.Context, bot.Update) error {
			close(entered)
			<-release
			return nil
		}),
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	status := make(chan int, 1)
	req, err := http.NewRequest(http.MethodPost, "http://"+ln.Addr().String()+"/telegram/webhook", strings.NewReader("{}"))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("X-Telegram-Bot-Api-Secret-Token", "s3cret")
	go func() {
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Errorf("the in-flight update: %v", err)
			status <- 0
			return
		}
		resp.Body.Close()
		status <- resp.StatusCode
	}()
	<-entered
	done := make(chan error, 1)
	go func() { done <- srv.Shutdown(context.Background()) }()
	// That Shutdown keeps waiting is what is tested: 100 ms without an
	// answer stands for "still waiting".
	select {
	case <-done:
		t.Fatal("Shutdown returned while an update was in flight")
	case <-time.After(100 * time.Millisecond):
	}
	close(release)
	if code := <-status; code != 200 {
		t.Fatalf("in-flight update answered %d", code)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if err := <-served; err != nil {
		t.Fatalf("Serve: %v", err)
	}
}

// TestServeAfterShutdownReturns: a Serve whose goroutine runs only after
// Shutdown (a stop right after the start) returns and frees its port
// instead of serving for ever.
func TestServeAfterShutdownReturns(t *testing.T) {
	srv := httpserver.New(httpserver.Config{Secret: "s3cret-s3cret-s3cret"})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case <-served:
	case <-time.After(time.Minute):
		t.Fatal("Serve after Shutdown is still serving")
	}
	if c, err := net.Dial("tcp", ln.Addr().String()); err == nil {
		c.Close()
		t.Fatal("the listener is still open")
	}
}
