package httpserver_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/internal/httpserver"
)

// files is an in-memory httpserver.Files.
type files map[string]bot.Document

var errStoreDown = fmt.Errorf("store down: %w", bot.ErrUnavailable)

func (f files) Get(_ context.Context, token string) (bot.Document, bool, error) {
	if token == "DOWN" {
		return bot.Document{}, false, errStoreDown
	}
	d, ok := f[token]
	return d, ok, nil
}

// zaloServer serves a Zalo Bot hook only: no Telegram webhook.
func zaloServer(t *testing.T, decodes, handled *atomic.Int32) string {
	t.Helper()
	return listen(t, httpserver.New(httpserver.Config{
		Hooks: []httpserver.Hook{{
			Path: "/zalo/bot/webhook", Header: "X-Bot-Api-Secret-Token",
			Authenticate: func(v string) bool { return v == "zalo-secret-0123456789" },
			Decode: func(body []byte) (bot.Update, error) {
				decodes.Add(1)
				if !bytes.HasPrefix(body, []byte("{")) {
					return bot.Update{}, errors.New("not json")
				}
				return bot.Update{ID: "m1", Kind: bot.UpdateText}, nil
			},
		}},
		Handler: handlerFunc(func(_ context.Context, u bot.Update) error {
			handled.Add(1)
			if u.ID == "busy" {
				return bot.ErrBusy
			}
			return nil
		}),
		Files:     files{"TOKEN": {Name: "vneid-ab12.ics", MIME: "text/calendar", Data: []byte("BEGIN:VCALENDAR\r\n")}},
		BodyLimit: 1024,
	}))
}

func send(t *testing.T, method, url, secret string, body []byte) *http.Response {
	t.Helper()
	req, err := http.NewRequest(method, url, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if secret != "" {
		req.Header.Set("X-Bot-Api-Secret-Token", secret)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}

func TestChannelHook(t *testing.T) {
	var decodes, handled atomic.Int32
	url := zaloServer(t, &decodes, &handled)
	hook := url + "/zalo/bot/webhook"
	for _, tc := range []struct {
		name, secret string
		body         []byte
		status       int
	}{
		{"no secret", "", []byte(`{}`), 401},
		{"forged secret", "zalo-secret-012345678X", []byte(`{}`), 401},
		{"forged and too large", "nope", bytes.Repeat([]byte("x"), 1500), 401},
		{"too large", "zalo-secret-0123456789", bytes.Repeat([]byte("x"), 1025), 413},
		{"not JSON", "zalo-secret-0123456789", []byte(`oops`), 400},
		{"an event", "zalo-secret-0123456789", []byte(`{"event_name":"x"}`), 200},
	} {
		if got := send(t, http.MethodPost, hook, tc.secret, tc.body).StatusCode; got != tc.status {
			t.Errorf("%s: %d, want %d", tc.name, got, tc.status)
		}
	}
	if decodes.Load() != 2 || handled.Load() != 1 {
		t.Errorf("%d decoded, %d handled; want the last two decoded and the last handled", decodes.Load(), handled.Load())
	}
	if got := send(t, http.MethodPost, url+"/telegram/webhook", "s3cret", []byte(`{}`)).StatusCode; got != 404 && got != 405 {
		t.Errorf("a Telegram webhook without Telegram: %d", got)
	}
}

func TestFileLinks(t *testing.T) {
	var decodes, handled atomic.Int32
	url := zaloServer(t, &decodes, &handled)
	resp := send(t, http.MethodGet, url+"/ics/TOKEN", "", nil)
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 200 || string(body) != "BEGIN:VCALENDAR\r\n" {
		t.Fatalf("GET = %d %q", resp.StatusCode, body)
	}
	for h, want := range map[string]string{
		"Content-Type":           "text/calendar; charset=utf-8",
		"Content-Disposition":    `attachment; filename=vneid-ab12.ics`,
		"Cache-Control":          "private, no-store",
		"X-Content-Type-Options": "nosniff",
	} {
		if got := resp.Header.Get(h); got != want {
			t.Errorf("%s: %q, want %q", h, got, want)
		}
	}
	if resp := send(t, http.MethodGet, url+"/ics/GONE", "", nil); resp.StatusCode != 404 {
		t.Errorf("an expired link: %d", resp.StatusCode)
	}
	resp = send(t, http.MethodGet, url+"/ics/DOWN", "", nil)
	if resp.StatusCode != 503 || resp.Header.Get("Retry-After") == "" {
		t.Errorf("store down: %d, Retry-After %q", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	if b, err := io.ReadAll(resp.Body); err != nil || strings.Contains(string(b), errStoreDown.Error()) {
		t.Errorf("the error leaks: %q, %v", b, err)
	}
}

// TestSignedBodyHook: a hook whose signature covers the body (the Zalo
// OA's) verifies it before anything else, and hands the verified body to
// Accept, whose answer decides: nil 200, unavailable 503 with Retry-After.
func TestSignedBodyHook(t *testing.T) {
	var accepted atomic.Int32
	url := listen(t, httpserver.New(httpserver.Config{
		Hooks: []httpserver.Hook{{
			Path: "/zalo/oa/webhook", Header: "X-Bot-Api-Secret-Token",
			Verify: func(v string, body []byte) bool { return v == "mac="+string(body) },
			Accept: func(_ context.Context, v string, body []byte) error {
				accepted.Add(1)
				if string(body) == "down" {
					return errStoreDown
				}
				return nil
			},
		}},
		Handler:   handlerFunc(func(context.Context, bot.Update) error { t.Error("the engine was called"); return nil }),
		BodyLimit: 1024,
	})) + "/zalo/oa/webhook"
	for _, tc := range []struct {
		name, sig, body string
		status          int
	}{
		{"no signature", "", "ok", 401},
		{"another body's signature", "mac=other", "ok", 401},
		{"too large", "mac=" + strings.Repeat("x", 1025), strings.Repeat("x", 1025), 413},
		{"signed", "mac=ok", "ok", 200},
		{"store down", "mac=down", "down", 503},
	} {
		resp := send(t, http.MethodPost, url, tc.sig, []byte(tc.body))
		if resp.StatusCode != tc.status || tc.status == 503 && resp.Header.Get("Retry-After") == "" {
			t.Errorf("%s: %d (Retry-After %q), want %d", tc.name, resp.StatusCode, resp.Header.Get("Retry-After"), tc.status)
		}
	}
	if n := accepted.Load(); n != 2 {
		t.Errorf("%d bodies accepted, want the 2 signed ones", n)
	}
}
