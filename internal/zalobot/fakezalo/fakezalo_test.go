package fakezalo

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// post sends a raw request to the fake and decodes the answer.
func post(t *testing.T, s *Server, method, path, contentType, body string) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(method, s.URL()+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	var out map[string]any
	_ = json.Unmarshal(data, &out)
	return resp.StatusCode, out
}

func call(t *testing.T, s *Server, method, body string) (int, map[string]any) {
	t.Helper()
	return post(t, s, http.MethodPost, "/bot"+s.Token()+"/"+method, "application/json", body)
}

func TestGetMeAndToken(t *testing.T) {
	s := New(t)
	status, out := call(t, s, "getMe", `{}`)
	result, _ := out["result"].(map[string]any)
	if status != 200 || out["ok"] != true || result["id"] != DefaultBotID {
		t.Fatalf("getMe = %d %v", status, out)
	}
	status, out = post(t, s, http.MethodPost, "/botWRONG:token/getMe", "application/json", `{}`)
	if status != 401 || out["ok"] != false || out["error_code"] != 401.0 {
		t.Errorf("wrong token = %d %v", status, out)
	}
	if v := s.Violations(); len(v) != 1 || v[0].Rule != "token" {
		t.Errorf("violations = %v", v)
	}
}

func TestSendMessageRules(t *testing.T) {
	tests := []struct {
		name, body, rule string
	}{
		{"ok", `{"chat_id":"abc123","text":"xin chào"}`, ""},
		{"2000 characters", `{"chat_id":"abc","text":"` + strings.Repeat("a", 2000) + `"}`, ""},
		{"1000 emoji are 2000 characters", `{"chat_id":"abc","text":"` + strings.Repeat("😀", 1000) + `"}`, ""},
		{"2001 characters", `{"chat_id":"abc","text":"` + strings.Repeat("a", 2001) + `"}`, "text-length"},
		{"1001 emoji", `{"chat_id":"abc","text":"` + strings.Repeat("😀", 1001) + `"}`, "text-length"},
		{"empty text", `{"chat_id":"abc","text":""}`, "text-length"},
		{"no text", `{"chat_id":"abc"}`, "text"},
		{"numeric chat id", `{"chat_id":12345,"text":"x"}`, "chat_id"},
		{"empty chat id", `{"chat_id":"","text":"x"}`, "chat_id"},
		{"not an object", `["x"]`, "json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := New(t)
			status, out := call(t, s, "sendMessage", tt.body)
			v := s.Violations()
			if tt.rule == "" {
				result, _ := out["result"].(map[string]any)
				id, _ := result["message_id"].(string)
				if status != 200 || len(id) != 20 || len(v) != 0 || len(s.Messages(s.CallsTo("sendMessage")[0].ChatID())) != 1 {
					t.Errorf("= %d %v, violations %v", status, out, v)
				}
				return
			}
			if status != 400 || out["ok"] != false || len(v) != 1 || v[0].Rule != tt.rule {
				t.Errorf("= %d %v, violations %v; want rule %q", status, out, v, tt.rule)
			}
		})
	}
}

func TestRequestRules(t *testing.T) {
	s := New(t)
	tok := "/bot" + s.Token()
	if status, _ := post(t, s, http.MethodGet, tok+"/getMe", "", ""); status != 400 {
		t.Errorf("GET = %d", status)
	}
	if status, _ := post(t, s, http.MethodPost, tok+"/sendMessage", "application/x-www-form-urlencoded", "chat_id=a&text=b"); status != 400 {
		t.Errorf("form = %d", status)
	}
	if status, _ := post(t, s, http.MethodPost, tok+"/sendPhoto", "application/json", `{}`); status != 404 {
		t.Errorf("unknown method = %d", status)
	}
	var rules []string
	for _, v := range s.Violations() {
		rules = append(rules, v.Rule)
	}
	if strings.Join(rules, ",") != "method,content-type,unknown-method" {
		t.Errorf("rules = %v", rules)
	}
	if n := len(s.Calls()); n != 3 {
		t.Errorf("%d calls recorded", n)
	}
}

func TestStatus200(t *testing.T) {
	s := New(t, WithStatus200())
	status, out := call(t, s, "sendMessage", `{"chat_id":"a","text":""}`)
	if status != 200 || out["ok"] != false || out["error_code"] != 400.0 {
		t.Errorf("= %d %v", status, out)
	}
}

func TestFailNext(t *testing.T) {
	s := New(t)
	s.FailNext("sendMessage", 2, ServerError())
	s.FailNext("sendMessage", 1, Refused(-32, "rate limited").ForChat("b"))
	body := `{"chat_id":"a","text":"x"}`
	for i, want := range []int{500, 500, 200} {
		if status, _ := call(t, s, "sendMessage", body); status != want {
			t.Errorf("call %d = %d, want %d", i, status, want)
		}
	}
	if status, out := call(t, s, "sendMessage", `{"chat_id":"b","text":"x"}`); status != 200 || out["ok"] != false || out["error_code"] != -32.0 {
		t.Errorf("refused = %d %v", status, out)
	}
	if status, out := call(t, s, "getMe", `{}`); status != 200 || out["ok"] != true {
		t.Errorf("getMe = %d %v", status, out)
	}
	s.FailNext("getMe", 1, BadGateway())
	if status, out := call(t, s, "getMe", `{}`); status != 502 || out != nil {
		t.Errorf("bad gateway = %d %v", status, out)
	}
	s.FailNext("getMe", 1, DropConnection())
	req, _ := http.NewRequest(http.MethodPost, s.URL()+"/bot"+s.Token()+"/getMe", strings.NewReader(`{}`))
	req.Header.Set("Content-Type", "application/json")
	if resp, err := http.DefaultClient.Do(req); err == nil {
		resp.Body.Close()
		t.Error("a dropped connection answered")
	}
	calls := s.CallsTo("getMe")
	if last := calls[len(calls)-1]; last.Status != 0 {
		t.Errorf("dropped call recorded with status %d", last.Status)
	}
	if got := s.Messages("a"); len(got) != 1 {
		t.Errorf("messages to a: %q", got)
	}
}

func TestWebhookMethods(t *testing.T) {
	s := New(t)
	if status, _ := call(t, s, "setWebhook", `{"url":"https://bot.example/hook","secret_token":"short"}`); status != 400 {
		t.Errorf("short secret = %d", status)
	}
	if v := s.Violations(); len(v) != 1 || v[0].Rule != "secret_token" {
		t.Errorf("violations = %v", v)
	}
	if status, _ := call(t, s, "setWebhook", `{"url":"https://bot.example/hook","secret_token":"long-enough-secret"}`); status != 200 {
		t.Errorf("setWebhook = %d", status)
	}
	_, out := call(t, s, "getWebhookInfo", `{}`)
	if result, _ := out["result"].(map[string]any); result["url"] != "https://bot.example/hook" {
		t.Errorf("getWebhookInfo = %v", out)
	}
	if w := s.Webhook(); w.Secret != "long-enough-secret" {
		t.Errorf("Webhook = %+v", w)
	}
	call(t, s, "deleteWebhook", `{}`)
	if w := s.Webhook(); w.URL != "" {
		t.Errorf("after deleteWebhook: %+v", w)
	}
}

func TestDeliverPostsLikeZalo(t *testing.T) {
	type received struct {
		secret string
		body   map[string]any
	}
	got := make(chan received, 4)
	bot := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body map[string]any
		_ = json.NewDecoder(r.Body).Decode(&body)
		got <- received{r.Header.Get("X-Bot-Api-Secret-Token"), body}
		if r.Header.Get("X-Bot-Api-Secret-Token") != "long-enough-secret" {
			w.WriteHeader(http.StatusUnauthorized)
		}
	}))
	defer bot.Close()
	s := New(t)
	ctx := context.Background()
	if _, err := s.Deliver(ctx, TextEvent("abc", "hi")); err == nil {
		t.Error("Deliver without a webhook succeeded")
	}
	call(t, s, "setWebhook", `{"url":"`+bot.URL+`","secret_token":"long-enough-secret"}`)

	if status, err := s.Deliver(ctx, TextEvent("abc", "xin chào")); err != nil || status != 200 {
		t.Fatalf("Deliver = %d, %v", status, err)
	}
	r := <-got
	msg, _ := r.body["message"].(map[string]any)
	chat, _ := msg["chat"].(map[string]any)
	from, _ := msg["from"].(map[string]any)
	if r.secret != "long-enough-secret" || r.body["event_name"] != EventText || msg["text"] != "xin chào" ||
		chat["id"] != "abc" || chat["chat_type"] != "PRIVATE" || from["id"] != "abc" || len(msg["message_id"].(string)) != 20 {
		t.Errorf("received %+v", r)
	}

	if status, err := s.PostEvent(ctx, bot.URL, "wrong-secret-here", Event{Name: EventSticker, ChatID: "abc", Wrapped: true}); err != nil || status != 401 {
		t.Errorf("wrong secret = %d, %v", status, err)
	}
	r = <-got
	result, _ := r.body["result"].(map[string]any)
	if r.body["ok"] != true || result["event_name"] != EventSticker {
		t.Errorf("wrapped sticker = %+v", r.body)
	}

	if status, err := s.Post(ctx, bot.URL, "", []byte(`{}`)); err != nil || status != 401 {
		t.Errorf("no secret = %d, %v", status, err)
	}
	if r = <-got; r.secret != "" {
		t.Errorf("a secret was sent: %q", r.secret)
	}
}

func TestWait(t *testing.T) {
	s := New(t)
	done := make(chan int)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), WaitTimeout)
		defer cancel()
		calls, _ := s.Wait(ctx, "getMe", 2)
		done <- len(calls)
	}()
	call(t, s, "getMe", `{}`)
	call(t, s, "getMe", `{}`)
	if n := <-done; n != 2 {
		t.Errorf("Wait saw %d calls", n)
	}
	if calls := s.WaitFor("getMe", 2); len(calls) != 2 {
		t.Errorf("WaitFor: %d calls", len(calls))
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := s.Wait(ctx, "sendMessage", 1); err == nil {
		t.Error("Wait on a cancelled context succeeded")
	}
	s.Reset()
	if n := len(s.Calls()); n != 0 {
		t.Errorf("%d calls after Reset", n)
	}
}

func TestLength(t *testing.T) {
	for s, want := range map[string]int{"": 0, "abc": 3, "Việt": 4, "😀": 2, "안녕": 2} {
		if got := Length(s); got != want {
			t.Errorf("Length(%q) = %d, want %d", s, got, want)
		}
	}
}
