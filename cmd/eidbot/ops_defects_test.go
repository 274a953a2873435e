package main

import (
	"net/http"
	"testing"

	"github.com/eidbot/eidbot/internal/telegram/fakeapi"
)

// postFull sends a webhook body to process i with the right secret and
// returns the whole answer, its body read.
func (h *harness) postFull(i int, body []byte) (*http.Response, string) {
	h.t.Helper()
	resp, text := postJSON(h.t, h.client, "http://"+h.mains[i].Addr()+"/telegram/webhook", "X-Telegram-Bot-Api-Secret-Token", testSecret, body)
	if resp == nil {
		h.t.FailNow()
	}
	return resp, text
}

// TestBotAPIOutageIsRetryLater: while the Bot API answers 5xx, an update's
// reply cannot be delivered; the webhook says 503 with Retry-After (as the
// README promises), not 500, and Telegram's retry delivers the reply once
// the API is back.
func TestBotAPIOutageIsRetryLater(t *testing.T) {
	h := newHarness(t, 1)
	p := h.person(41000, "en")
	body := p.message("/start")
	h.api.FailNext("sendMessage", 1000, fakeapi.ServerError())
	resp, text := h.postFull(0, body)
	if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" {
		t.Fatalf("Bot API down: status %d, Retry-After %q, %q; want 503 with Retry-After",
			resp.StatusCode, resp.Header.Get("Retry-After"), text)
	}
	h.api.Reset()
	h.mustPost(body)
	if n := len(h.api.CallsTo("sendMessage")); n != 1 {
		t.Fatalf("after the outage the reply was sent %d times, want once", n)
	}
}
