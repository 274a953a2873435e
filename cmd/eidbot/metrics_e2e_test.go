package main

import (
	"bufio"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"testing"
)

// scrape reads /metrics of m over HTTP, as Prometheus would, and returns
// every sample by its series ("name{label="value",…}").
func scrape(t *testing.T, m *Main) map[string]float64 {
	t.Helper()
	if m.MetricsAddr() == "" {
		t.Fatal("metrics are off")
	}
	resp, err := http.Get("http://" + m.MetricsAddr() + "/metrics")
	if err != nil {
		t.Fatalf("scrape: %v", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/plain") {
		body, _ := io.ReadAll(resp.Body)
		t.Fatalf("scrape: %d %s\n%s", resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}
	samples := map[string]float64{}
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		i := strings.LastIndexByte(line, ' ')
		v, err := strconv.ParseFloat(line[i+1:], 64)
		if err != nil {
			t.Fatalf("scrape: bad sample %q", line)
		}
		samples[line[:i]] = v
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("scrape: %v", err)
	}
	return samples
}

// series reads one series that must be exposed.
func series(t *testing.T, samples map[string]float64, name string) float64 {
	t.Helper()
	v, ok := samples[name]
	if !ok {
		t.Fatalf("/metrics lacks %s", name)
	}
	return v
}

// TestMetricsEndToEnd runs the bot with EIDBOT_METRICS_ADDR on a real
// Redis, the fake Telegram Bot API and the stand-in Zalo Bot Platform,
// and scrapes /metrics over HTTP around real updates: a booking made,
// moved and cancelled through the webhook, a duplicate delivery, a wrong
// secret, a path nobody serves, and Redis going away.
func TestMetricsEndToEnd(t *testing.T) {
	h := newHarness(t, 0)
	c := afterHours()
	cfg := h.config()
	cfg.MetricsAddr = "127.0.0.1:0"
	m := h.start(&Main{Config: cfg, Log: slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn})), Now: c.now, ReminderEvery: -1, CampaignPoll: -1})
	h.mains = []*Main{m}

	const (
		done      = `eidbot_updates_total{channel="tg",result="done"}`
		duplicate = `eidbot_updates_total{channel="tg",result="duplicate"}`
		handled   = `eidbot_update_duration_seconds_count{channel="tg"}`
		sends     = `eidbot_platform_api_calls_total{channel="tg",method="sendMessage",result="ok"}`
		made      = `eidbot_bookings_total{change="made"}`
		moved     = `eidbot_bookings_total{change="moved"}`
		cancelled = `eidbot_bookings_total{change="cancelled"}`
	)
	before := scrape(t, m)
	for _, s := range []string{done, duplicate, made, moved, cancelled, `eidbot_redis_errors_total{kind="connection"}`} {
		if v := series(t, before, s); v != 0 {
			t.Fatalf("%s = %v before any update", s, v)
		}
	}
	if v := series(t, before, `eidbot_platform_api_calls_total{channel="zb",method="getMe",result="ok"}`); v != 1 {
		t.Fatalf("Zalo getMe at start-up counted %v times", v)
	}

	p := h.person(701, "vi")
	p.book("Nguyễn Văn An")
	p.say("/myappointment")
	p.press("move")
	p.pickFirst()
	p.pickNth(1)
	p.press("yes")
	p.say("/myappointment")
	p.press("cancel")
	p.press("yes")
	again := p.message("/menu")
	h.mustPost(again)
	h.mustPost(again) // Telegram delivers it twice

	// Refusals at the webhook and paths no route serves are counted by
	// route pattern and status, never by path.
	if code := h.post(0, "wrong-secret", again); code != http.StatusUnauthorized {
		t.Fatalf("a wrong secret answered %d", code)
	}
	if resp, err := http.Get("http://" + m.Addr() + "/no/such/path/4815162342"); err != nil {
		t.Fatal(err)
	} else {
		resp.Body.Close()
	}

	after := scrape(t, m)
	if v := series(t, after, `eidbot_http_requests_total{code="401",route="/telegram/webhook"}`); v != 1 {
		t.Errorf("401s counted: %v", v)
	}
	if v := series(t, after, `eidbot_http_requests_total{code="404",route="/"}`); v != 1 {
		t.Errorf("404s counted: %v", v)
	}
	for name := range after {
		if strings.Contains(name, "4815162342") {
			t.Errorf("a path in a label: %s", name)
		}
	}
	for s, want := range map[string]float64{made: 1, moved: 1, cancelled: 1, duplicate: 1} {
		if got := series(t, after, s); got != want {
			t.Errorf("%s = %v, want %v", s, got, want)
		}
	}
	updates := series(t, after, done)
	if updates < 20 || series(t, after, handled) != updates+1 { // every update, the duplicate too
		t.Errorf("%v updates done, %v handled", updates, series(t, after, handled))
	}
	if n := series(t, after, sends); n != float64(len(h.api.CallsTo("sendMessage"))) {
		t.Errorf("%s = %v, the fake API got %d", sends, n, len(h.api.CallsTo("sendMessage")))
	}

	// Redis goes away: the webhook answers 503 and the update counts as
	// unavailable, the failed commands as connection errors.
	h.redis.Stop()
	if code := h.post(0, testSecret, p.message("/menu")); code != http.StatusServiceUnavailable {
		t.Fatalf("webhook answered %d with Redis down", code)
	}
	down := scrape(t, m)
	if v := series(t, down, `eidbot_updates_total{channel="tg",result="unavailable"}`); v != 1 {
		t.Errorf("unavailable updates: %v", v)
	}
	if v := series(t, down, `eidbot_redis_errors_total{kind="connection"}`); v == 0 {
		t.Error("no Redis connection error counted with Redis down")
	}
	if v := series(t, down, `eidbot_http_requests_total{code="503",route="/telegram/webhook"}`); v != 1 {
		t.Errorf("503s counted: %v", v)
	}
	h.redis.Restart()
}

// TestMetricsOffByDefault: without EIDBOT_METRICS_ADDR nothing listens.
func TestMetricsOffByDefault(t *testing.T) {
	cfg, err := LoadConfig(func(k string) string {
		return map[string]string{"TELEGRAM_TOKEN": testToken, "TELEGRAM_WEBHOOK_SECRET": testSecret}[k]
	})
	if err != nil || cfg.MetricsAddr != "" {
		t.Fatalf("metrics address %q by default (%v)", cfg.MetricsAddr, err)
	}
	_, err = LoadConfig(func(k string) string {
		return map[string]string{"EIDBOT_METRICS_ADDR": "9090"}[k]
	})
	if err == nil || !strings.Contains(err.Error(), "EIDBOT_METRICS_ADDR") {
		t.Fatalf("a metrics address without a port: %v", err)
	}
	h := newHarness(t, 1)
	// An update first: a Close right after Run may come before Fiber's
	// Serve has taken the listener, and then waits for it forever.
	h.person(1, "vi").say("/start")
	if h.mains[0].MetricsAddr() != "" || h.mains[0].meter != nil {
		t.Fatal("metrics on without EIDBOT_METRICS_ADDR")
	}
}
