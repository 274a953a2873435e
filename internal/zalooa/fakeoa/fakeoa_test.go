package fakeoa

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/eidbot/eidbot/bot/plaintext"
	"github.com/eidbot/eidbot/internal/zalooa"
)

// post sends a raw request and decodes the answer.
func post(t *testing.T, s *Server, path, contentType, body string, header map[string]string) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, s.URL()+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", contentType)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	var out map[string]any
	_ = json.Unmarshal(data, &out)
	return resp.StatusCode, out
}

func refresh(t *testing.T, s *Server, rt string) map[string]any {
	t.Helper()
	form := url.Values{"app_id": {AppID}, "grant_type": {"refresh_token"}, "refresh_token": {rt}}
	_, out := post(t, s, zalooa.RefreshPath, "application/x-www-form-urlencoded", form.Encode(), map[string]string{"secret_key": AppSecret})
	return out
}

func send(t *testing.T, s *Server, token, body string) map[string]any {
	t.Helper()
	status, out := post(t, s, zalooa.SendPath, "application/json", body, map[string]string{"access_token": token})
	if status != 200 {
		t.Errorf("HTTP %d: Zalo answers errors with 200", status)
	}
	return out
}

func TestTokensAreSingleUseAndReuseRevokes(t *testing.T) {
	s := New(t)
	rt := s.IssueRefreshToken()
	first := refresh(t, s, rt)
	at, _ := first["access_token"].(string)
	if at == "" || first["expires_in"] != "90000" {
		t.Fatalf("refresh = %v", first)
	}
	second := refresh(t, s, first["refresh_token"].(string))
	if second["access_token"] == nil {
		t.Fatalf("second refresh = %v", second)
	}
	reused := refresh(t, s, rt)
	if reused["error"] == nil || reused["access_token"] != nil {
		t.Errorf("reuse = %v", reused)
	}
	if out := refresh(t, s, second["refresh_token"].(string)); out["error"] == nil {
		t.Error("a reuse did not revoke the newest refresh token")
	}
	s.OpenWindow("84", time.Now())
	if out := send(t, s, second["access_token"].(string), `{"recipient":{"user_id":"84"},"message":{"text":"x"}}`); out["error"] != float64(zalooa.CodeTokenExpired) {
		t.Errorf("a revoked access token = %v", out)
	}
	if s.Refreshes() != 2 {
		t.Errorf("%d refreshes", s.Refreshes())
	}
	if _, out := post(t, s, zalooa.RefreshPath, "application/x-www-form-urlencoded", "app_id="+AppID, map[string]string{"secret_key": "wrong"}); out["error"] == nil {
		t.Errorf("a wrong secret_key = %v", out)
	}
}

func TestSendRules(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var mu sync.Mutex
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	s := New(t, WithClock(clock), WithExpiresInNumber())
	out := refresh(t, s, s.IssueRefreshToken())
	if out["expires_in"] != float64(90000) {
		t.Errorf("expires_in %v", out["expires_in"])
	}
	at := out["access_token"].(string)
	s.OpenWindow("84", now)
	tests := []struct {
		name, token, body string
		code              float64
		rule              string
	}{
		{"ok", at, `{"recipient":{"user_id":"84","message_id":"m1"},"message":{"text":"xin chào"}}`, 0, ""},
		{"no token", "", `{"recipient":{"user_id":"84"},"message":{"text":"x"}}`, zalooa.CodeTokenExpired, "token"},
		{"numeric user", at, `{"recipient":{"user_id":84},"message":{"text":"x"}}`, zalooa.CodeInvalidParam, "user_id"},
		{"2001 characters", at, `{"recipient":{"user_id":"84"},"message":{"text":"` + strings.Repeat("a", 2001) + `"}}`, zalooa.CodeTooLong, "text-length"},
		{"1000 emoji fit", at, `{"recipient":{"user_id":"84"},"message":{"text":"` + strings.Repeat("😀", 1000) + `"}}`, 0, ""},
		{"6 buttons", at, `{"recipient":{"user_id":"84"},"message":{"text":"x","attachment":{"payload":{"buttons":[{},{},{},{},{},{}]}}}}`, zalooa.CodeInvalidParam, "buttons"},
		{"never wrote", at, `{"recipient":{"user_id":"85"},"message":{"text":"x"}}`, zalooa.CodeOutsideWindow, "window"},
	}
	for _, tt := range tests {
		before := len(s.Violations())
		out := send(t, s, tt.token, tt.body)
		if out["error"] != tt.code {
			t.Errorf("%s: answer %v", tt.name, out)
		}
		v := s.Violations()
		if tt.rule == "" && len(v) != before || tt.rule != "" && (len(v) != before+1 || v[len(v)-1].Rule != tt.rule) {
			t.Errorf("%s: violations %v", tt.name, v[before:])
		}
	}
	if sent := s.Sent("84"); len(sent) != 2 || sent[0].ReplyTo != "m1" {
		t.Errorf("sent %+v", sent)
	}
	for range 6 { // 2 of 8 used
		send(t, s, at, `{"recipient":{"user_id":"84"},"message":{"text":"x"}}`)
	}
	if out := send(t, s, at, `{"recipient":{"user_id":"84"},"message":{"text":"ninth"}}`); out["error"] != float64(zalooa.CodeOutsideWindow) {
		t.Errorf("a 9th reply = %v", out)
	}
	mu.Lock()
	now = now.Add(25 * time.Hour)
	mu.Unlock()
	if out := send(t, s, at, `{"recipient":{"user_id":"84"},"message":{"text":"x"}}`); out["error"] != float64(zalooa.CodeTokenExpired) {
		t.Errorf("after 25 h the token = %v", out)
	}
}

func TestFailures(t *testing.T) {
	s := New(t)
	at := refresh(t, s, s.IssueRefreshToken())["access_token"].(string)
	s.OpenWindow("84", time.Now())
	body := `{"recipient":{"user_id":"84"},"message":{"text":"x"}}`
	s.FailNext(zalooa.SendPath, 1, TokenExpired())
	s.FailNext(zalooa.SendPath, 1, Refused(-32, "slow down"))
	if out := send(t, s, at, body); out["error"] != float64(zalooa.CodeTokenExpired) {
		t.Errorf("first = %v", out)
	}
	if out := send(t, s, at, body); out["error"] != float64(-32) {
		t.Errorf("second = %v", out)
	}
	s.FailNext(zalooa.SendPath, 1, ServerError())
	if status, _ := post(t, s, zalooa.SendPath, "application/json", body, map[string]string{"access_token": at}); status != 502 {
		t.Errorf("server error = %d", status)
	}
	s.FailNext(zalooa.SendPath, 1, LostAnswer())
	req, _ := http.NewRequest(http.MethodPost, s.URL()+zalooa.SendPath, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("access_token", at)
	if resp, err := http.DefaultClient.Do(req); err == nil {
		resp.Body.Close()
		t.Error("a lost answer answered")
	}
	if n := len(s.Sent("84")); n != 1 {
		t.Errorf("%d sent: a lost answer's message is sent all the same", n)
	}
	ctx, cancel := context.WithTimeout(context.Background(), WaitTimeout)
	defer cancel()
	if calls, err := s.Wait(ctx, zalooa.SendPath, 4); err != nil || len(calls) != 4 {
		t.Errorf("Wait = %d, %v", len(calls), err)
	}
}

func TestDeliverSignsAndForgesAndOpensTheWindow(t *testing.T) {
	got := make(chan string, 4)
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		got <- r.Header.Get(zalooa.SignatureHeader)
		if r.Header.Get(zalooa.SignatureHeader) != Signature(body) {
			w.WriteHeader(http.StatusUnauthorized)
		}
	}))
	defer hook.Close()
	s := New(t)
	ctx := context.Background()
	if status, err := s.Deliver(ctx, hook.URL, Text("84", "hi")); err != nil || status != 200 {
		t.Errorf("Deliver = %d, %v", status, err)
	}
	if sig := <-got; !strings.HasPrefix(sig, "mac=") || len(sig) != 68 {
		t.Errorf("signature %q", sig)
	}
	if status, err := s.DeliverForged(ctx, hook.URL, Text("84", "hi")); err != nil || status != 401 {
		t.Errorf("DeliverForged = %d, %v", status, err)
	}
	<-got
	if !s.spend("84") || s.spend("85") {
		t.Error("a delivered text did not open the window, or an absent user has one")
	}
	var ev map[string]any
	if err := json.Unmarshal(s.Body(Event{Name: zalooa.EventUserSendText, UserID: "84", NumericTS: true}), &ev); err != nil {
		t.Fatal(err)
	}
	if _, ok := ev["timestamp"].(float64); !ok {
		t.Errorf("NumericTS timestamp %T", ev["timestamp"])
	}
}

func TestLengthAgreesWithPlaintext(t *testing.T) {
	for s, want := range map[string]int{"": 0, "abc": 3, "Việt": 4, "😀": 2, "e\u0301": 2} {
		if got := Length(s); got != want || plaintext.Length(s) != want {
			t.Errorf("Length(%q) = %d, plaintext.Length %d, want %d", s, got, plaintext.Length(s), want)
		}
	}
}
