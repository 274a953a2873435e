package zalobot

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/internal/zalobot/fakezalo"
)

const chatID = "e4ea2cd5189df1c3a88c"

// sleeps records the waits between tries without waiting.
type sleeps struct {
	mu sync.Mutex
	d  []time.Duration
}

func (s *sleeps) sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.d = append(s.d, d)
	return ctx.Err()
}

// newClient returns a Client of the fake, logging into log if not nil.
func newClient(t *testing.T, fake *fakezalo.Server, log *bytes.Buffer) (*Client, *sleeps) {
	t.Helper()
	sl := &sleeps{}
	cfg := Config{Token: fake.Token(), APIURL: fake.URL(), Sleep: sl.sleep}
	if log != nil {
		cfg.Log = slog.New(slog.NewTextHandler(log, nil))
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return c, sl
}

func TestNewChecksTheConfiguration(t *testing.T) {
	for _, cfg := range []Config{
		{Token: ""},
		{Token: "123:abc/def"},
		{Token: "123:abc def"},
		{Token: "123:abc", APIURL: "ftp://x"},
		{Token: "123:abc", APIURL: "https://x?a=1"},
		{Token: "123:abc", APIURL: "https://u:p@x"},
	} {
		if _, err := New(cfg); err == nil {
			t.Errorf("New(%+v) succeeded", cfg)
		} else if cfg.Token != "" && strings.Contains(err.Error(), cfg.Token) {
			t.Errorf("error %q quotes the token", err)
		}
	}
	if _, err := New(Config{Token: "123:abc"}); err != nil {
		t.Errorf("default API URL: %v", err)
	}
}

func TestSendMessage(t *testing.T) {
	fake := fakezalo.New(t)
	c, _ := newClient(t, fake, nil)
	m, err := c.SendMessage(context.Background(), chatID, "Xin chào 👋")
	if err != nil {
		t.Fatal(err)
	}
	if len(m.ID) != 20 || m.Date.IsZero() {
		t.Errorf("Message = %+v", m)
	}
	calls := fake.CallsTo("sendMessage")
	if len(calls) != 1 || calls[0].ChatID() != chatID || calls[0].Text() != "Xin chào 👋" || calls[0].MessageID != m.ID {
		t.Errorf("calls = %+v", calls)
	}
	if v := fake.Violations(); len(v) != 0 {
		t.Errorf("violations: %v", v)
	}
}

func TestSendMessageRefusesWhatZaloWouldWithoutACall(t *testing.T) {
	fake := fakezalo.New(t)
	c, _ := newClient(t, fake, nil)
	for _, tc := range []struct{ chat, text string }{
		{chatID, ""},
		{chatID, " \n "},
		{chatID, strings.Repeat("a", MessageLimit+1)},
		{chatID, strings.Repeat("😀", MessageLimit/2+1)},
		{"", "x"},
		{"a}b", "x"},
	} {
		if _, err := c.SendMessage(context.Background(), tc.chat, tc.text); !errors.Is(err, bot.ErrRejected) {
			t.Errorf("SendMessage(%q, %d units) = %v, want ErrRejected", tc.chat, len(tc.text), err)
		}
	}
	if _, err := c.SendMessage(context.Background(), chatID, strings.Repeat("😀", MessageLimit/2)); err != nil {
		t.Errorf("a text of exactly %d units: %v", MessageLimit, err)
	}
	if n := len(fake.CallsTo("sendMessage")); n != 1 {
		t.Errorf("%d calls, want 1", n)
	}
}

func TestGetMeAndWebhook(t *testing.T) {
	fake := fakezalo.New(t)
	c, _ := newClient(t, fake, nil)
	ctx := context.Background()
	me, err := c.GetMe(ctx)
	if err != nil || me.ID != fakezalo.DefaultBotID || me.AccountType != "BASIC" {
		t.Fatalf("GetMe = %+v, %v", me, err)
	}
	info, err := c.SetWebhook(ctx, "https://bot.example/zalo/bot/webhook", testSecret)
	if err != nil || info.URL != "https://bot.example/zalo/bot/webhook" || info.UpdatedAt.IsZero() {
		t.Fatalf("SetWebhook = %+v, %v", info, err)
	}
	if w := fake.Webhook(); w.Secret != testSecret {
		t.Errorf("the fake holds secret %q", w.Secret)
	}
	if info, err := c.WebhookInfo(ctx); err != nil || info.URL != "https://bot.example/zalo/bot/webhook" {
		t.Errorf("WebhookInfo = %+v, %v", info, err)
	}
	if err := c.DeleteWebhook(ctx); err != nil {
		t.Fatal(err)
	}
	if info, err := c.WebhookInfo(ctx); err != nil || info.URL != "" {
		t.Errorf("after DeleteWebhook: %+v, %v", info, err)
	}
	for _, bad := range []struct{ url, secret string }{
		{"http://bot.example/hook", testSecret},
		{"https://bot.example/hook", "short-secret"},
		{"/hook", testSecret},
	} {
		if _, err := c.SetWebhook(ctx, bad.url, bad.secret); err == nil {
			t.Errorf("SetWebhook(%q, %q) succeeded", bad.url, bad.secret)
		}
	}
	if _, err := c.SetWebhook(ctx, "http://127.0.0.1:8080/hook", testSecret); err != nil {
		t.Errorf("a loopback http URL: %v", err)
	}
	if v := fake.Violations(); len(v) != 0 {
		t.Errorf("violations: %v", v)
	}
}

func TestErrors(t *testing.T) {
	tests := []struct {
		name     string
		failure  fakezalo.Failure
		times    int
		blocked  bool
		rejected bool
		ok       bool // succeeds after retries
		tries    int
	}{
		{name: "5xx then success", failure: fakezalo.ServerError(), times: 2, ok: true, tries: 3},
		{name: "5xx every time", failure: fakezalo.ServerError(), times: 5, tries: 3},
		{name: "proxy page then success", failure: fakezalo.BadGateway(), times: 1, ok: true, tries: 2},
		{name: "dropped connection then success", failure: fakezalo.DropConnection(), times: 1, ok: true, tries: 2},
		{name: "429 then success", failure: fakezalo.TooManyRequests(2), times: 1, ok: true, tries: 2},
		{name: "ok:false with HTTP 200", failure: fakezalo.Refused(400, "Bad Request: text is invalid"), times: 1, rejected: true, tries: 1},
		{name: "unknown code", failure: fakezalo.Refused(-216, "something Zalo never documented"), times: 1, rejected: true, tries: 1},
		{name: "blocked", failure: fakezalo.Blocked(), times: 1, blocked: true, tries: 1},
		{name: "block in the description", failure: fakezalo.Refused(400, "User has blocked this bot"), times: 1, blocked: true, tries: 1},
		{name: "unauthorized is temporary and not retried", failure: fakezalo.Failure{Status: 401, Code: 401, Description: "Unauthorized"}, times: 1, tries: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := fakezalo.New(t)
			c, sl := newClient(t, fake, nil)
			fake.FailNext("sendMessage", tt.times, tt.failure)
			_, err := c.SendMessage(context.Background(), chatID, "x")
			if (err == nil) != tt.ok {
				t.Fatalf("err = %v, want ok=%v", err, tt.ok)
			}
			if got := errors.Is(err, bot.ErrBlocked); got != tt.blocked {
				t.Errorf("ErrBlocked = %v, want %v (%v)", got, tt.blocked, err)
			}
			if got := errors.Is(err, bot.ErrRejected); got != tt.rejected {
				t.Errorf("ErrRejected = %v, want %v (%v)", got, tt.rejected, err)
			}
			if n := len(fake.CallsTo("sendMessage")); n != tt.tries {
				t.Errorf("%d tries, want %d", n, tt.tries)
			}
			if len(sl.d) != tt.tries-1 {
				t.Errorf("%d waits, want %d", len(sl.d), tt.tries-1)
			}
		})
	}
}

func TestRetryBacksOffAndHonoursRetryAfter(t *testing.T) {
	fake := fakezalo.New(t)
	c, sl := newClient(t, fake, nil)
	fake.FailNext("sendMessage", 1, fakezalo.ServerError())
	fake.FailNext("sendMessage", 1, fakezalo.TooManyRequests(3))
	if _, err := c.SendMessage(context.Background(), chatID, "x"); err != nil {
		t.Fatal(err)
	}
	want := []time.Duration{DefaultBackoff, 3 * time.Second}
	if len(sl.d) != 2 || sl.d[0] != want[0] || sl.d[1] != want[1] {
		t.Errorf("waits = %v, want %v", sl.d, want)
	}
}

func TestCancelledCallWrapsTheContextError(t *testing.T) {
	fake := fakezalo.New(t)
	fake.FailNext("", 10, fakezalo.ServerError())
	ctx, cancel := context.WithCancel(context.Background())
	c, err := New(Config{Token: fake.Token(), APIURL: fake.URL(), Sleep: func(context.Context, time.Duration) error {
		cancel()
		return context.Canceled
	}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.SendMessage(ctx, chatID, "x")
	if !errors.Is(err, context.Canceled) || errors.Is(err, bot.ErrRejected) {
		t.Errorf("err = %v, want one wrapping context.Canceled", err)
	}
}

// TestTokenNeverLeaks drives every error path and checks that neither the
// error, nor its %+v form, nor the log, quotes the token or its secret.
func TestTokenNeverLeaks(t *testing.T) {
	const token = "1459232241454765289:Sup3rSecretTokenPart"
	echo := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case strings.HasSuffix(r.URL.Path, "/slow"):
			time.Sleep(200 * time.Millisecond)
		case strings.HasSuffix(r.URL.Path, "/echo"):
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(`{"ok":false,"error_code":400,"description":"bad path ` + r.URL.String() + `"}`))
			return
		}
		http.Error(w, "oops "+r.URL.String(), http.StatusBadGateway)
	}))
	defer echo.Close()
	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close()
	fake := fakezalo.New(t, fakezalo.WithToken(token))
	fake.FailNext("", 100, fakezalo.DropConnection())

	var log bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&log, nil))
	noSleep := func(context.Context, time.Duration) error { return nil }
	var errs []error
	for _, base := range []string{echo.URL, closed.URL, fake.URL()} {
		c, err := New(Config{Token: token, APIURL: base, Log: logger, Sleep: noSleep, Timeout: 50 * time.Millisecond})
		if err != nil {
			t.Fatal(err)
		}
		for _, method := range []string{"slow", "echo", "other"} {
			_, err := c.call(context.Background(), method, nil)
			errs = append(errs, err)
		}
		_, err = c.SendMessage(context.Background(), chatID, "x")
		errs = append(errs, err)
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		_, err = c.GetMe(ctx)
		errs = append(errs, err)
	}
	_, secret, _ := strings.Cut(token, ":")
	for i, err := range errs {
		if err == nil {
			t.Errorf("call %d succeeded", i)
			continue
		}
		for _, s := range []string{err.Error(), strings.ReplaceAll(err.Error(), "%3A", ":")} {
			if strings.Contains(s, secret) {
				t.Errorf("error %d leaks the token: %s", i, s)
			}
		}
		var apiErr *APIError
		if errors.As(err, &apiErr) && strings.Contains(apiErr.Description, secret) {
			t.Errorf("APIError.Description leaks the token")
		}
	}
	if log.Len() == 0 {
		t.Error("no retries were logged")
	}
	if strings.Contains(log.String(), secret) {
		t.Errorf("the log leaks the token:\n%s", log.String())
	}
}
