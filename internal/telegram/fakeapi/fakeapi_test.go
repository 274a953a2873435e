package fakeapi

import (
	"bytes"
	"context"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// reply is the envelope every Bot API answer has.
type reply struct {
	OK          bool            `json:"ok"`
	Result      json.RawMessage `json:"result"`
	ErrorCode   int             `json:"error_code"`
	Description string          `json:"description"`
	Parameters  map[string]any  `json:"parameters"`
}

func postForm(t *testing.T, s *Server, method string, v url.Values) (int, reply) {
	t.Helper()
	resp, err := http.PostForm(s.URL()+"/bot1:tok/"+method, v)
	if err != nil {
		t.Fatal(err)
	}
	return decode(t, resp)
}

func postJSON(t *testing.T, s *Server, method string, body any) (int, reply) {
	t.Helper()
	b, _ := json.Marshal(body)
	resp, err := http.Post(s.URL()+"/bot1:tok/"+method, "application/json", bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return decode(t, resp)
}

func decode(t *testing.T, resp *http.Response) (int, reply) {
	t.Helper()
	defer resp.Body.Close()
	var r reply
	if err := json.NewDecoder(resp.Body).Decode(&r); err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, r
}

func TestSendMessageFormAndJSON(t *testing.T) {
	s := New(t, WithClock(func() time.Time { return time.Unix(1700000000, 0) }))
	code, r := postForm(t, s, "sendMessage", url.Values{"chat_id": {"5"}, "text": {"<b>a</b> &amp; b"}, "parse_mode": {"HTML"}})
	if code != 200 || !r.OK {
		t.Fatalf("%d %+v", code, r)
	}
	var msg map[string]any
	_ = json.Unmarshal(r.Result, &msg)
	if msg["message_id"] != 1.0 || msg["text"] != "a & b" || msg["date"] != 1700000000.0 {
		t.Errorf("message = %v", msg)
	}
	kb := map[string]any{"inline_keyboard": [][]map[string]string{{{"text": "x", "callback_data": "d"}}}}
	code, r = postJSON(t, s, "sendMessage", map[string]any{"chat_id": 5, "text": "two", "reply_markup": kb})
	_ = json.Unmarshal(r.Result, &msg)
	if code != 200 || msg["message_id"] != 2.0 {
		t.Errorf("JSON body: %d %v", code, msg)
	}
	calls := s.CallsTo("sendMessage")
	if len(calls) != 2 || calls[1].Params["chat_id"] != "5" || calls[1].ChatID() != "5" || calls[1].Token != "1:tok" {
		t.Fatalf("calls = %+v", calls)
	}
	if got := calls[1].InlineKeyboard(); len(got) != 1 || got[0][0].CallbackData != "d" || calls[1].ReplyMarkup == nil {
		t.Errorf("keyboard = %+v", got)
	}
}

func TestTelegramValidation(t *testing.T) {
	s := New(t)
	long := strings.Repeat("a", 4097)
	for _, tt := range []struct {
		method string
		params url.Values
		desc   string
	}{
		{"sendMessage", url.Values{"text": {"x"}}, "Bad Request: chat_id is empty"},
		{"sendMessage", url.Values{"chat_id": {"5"}, "text": {" "}}, "Bad Request: message text is empty"},
		{"sendMessage", url.Values{"chat_id": {"5"}, "text": {long}}, "Bad Request: message text is too long"},
		{"sendMessage", url.Values{"chat_id": {"5"}, "text": {"<b>x"}, "parse_mode": {"HTML"}}, `Can't find end tag corresponding to start tag "b"`},
		{"sendMessage", url.Values{"chat_id": {"5"}, "text": {"<b><i>x</b></i>"}, "parse_mode": {"HTML"}}, "Unmatched end tag"},
		{"sendMessage", url.Values{"chat_id": {"5"}, "text": {"<br>x"}, "parse_mode": {"HTML"}}, `Unsupported start tag "br"`},
		{"sendMessage", url.Values{"chat_id": {"5"}, "text": {"x"}, "reply_markup": {`{"inline_keyboard":[[{"text":"a","callback_data":"` + strings.Repeat("d", 65) + `"}]]}`}}, "BUTTON_DATA_INVALID"},
		{"answerCallbackQuery", url.Values{}, "QUERY_ID_INVALID"},
		{"setMyCommands", url.Values{"commands": {`[{"command":"Start","description":"x"}]`}}, "BOT_COMMAND_INVALID"},
	} {
		code, r := postForm(t, s, tt.method, tt.params)
		if code != 400 || r.OK || r.ErrorCode != 400 || !strings.Contains(r.Description, tt.desc) {
			t.Errorf("%s %v: %d %+v, want 400 %q", tt.method, tt.params, code, r, tt.desc)
		}
	}
	// 4096 characters after parsing are fine even with markup around them.
	if code, r := postForm(t, s, "sendMessage", url.Values{"chat_id": {"5"}, "text": {"<b>" + long[1:] + "</b>"}, "parse_mode": {"HTML"}}); code != 200 {
		t.Errorf("4096 visible characters refused: %+v", r)
	}
}

func TestUnknownMethodAndPath(t *testing.T) {
	s := New(t)
	if code, r := postForm(t, s, "sendTelepathy", nil); code != 404 || r.Description != "Not Found" || r.ErrorCode != 404 {
		t.Errorf("%d %+v", code, r)
	}
	resp, err := http.Get(s.URL() + "/nope")
	if err != nil {
		t.Fatal(err)
	}
	if code, _ := decode(t, resp); code != 404 {
		t.Errorf("bad path: %d", code)
	}
}

func TestEditNotModified(t *testing.T) {
	s := New(t)
	v := url.Values{"chat_id": {"5"}, "message_id": {"3"}, "text": {"x"}}
	if code, r := postForm(t, s, "editMessageText", v); code != 200 {
		t.Fatalf("%+v", r)
	}
	if code, r := postForm(t, s, "editMessageText", v); code != 400 || !strings.Contains(r.Description, "message is not modified") {
		t.Errorf("%d %+v", code, r)
	}
	// An empty inline keyboard is no keyboard: still not modified.
	v.Set("reply_markup", `{"inline_keyboard":[]}`)
	if code, _ := postForm(t, s, "editMessageText", v); code != 400 {
		t.Errorf("empty keyboard edit: %d", code)
	}
	v = url.Values{"chat_id": {"5"}, "message_id": {"3"}, "reply_markup": {`{"inline_keyboard":[[{"text":"a","callback_data":"b"}]]}`}}
	if code, _ := postForm(t, s, "editMessageReplyMarkup", v); code != 200 {
		t.Errorf("markup edit: %d", code)
	}
}

func TestFailures(t *testing.T) {
	s := New(t)
	s.FailNext("sendMessage", 1, TooManyRequests(7).ForChat(9))
	s.FailNext("sendMessage", 2, Blocked())
	v := url.Values{"chat_id": {"5"}, "text": {"x"}}
	if code, r := postForm(t, s, "sendMessage", v); code != 403 || r.Description != "Forbidden: bot was blocked by the user" {
		t.Errorf("%d %+v", code, r)
	}
	v.Set("chat_id", "9")
	if code, r := postForm(t, s, "sendMessage", v); code != 429 || r.Parameters["retry_after"] != 7.0 {
		t.Errorf("%d %+v", code, r)
	}
	if code, _ := postForm(t, s, "sendMessage", v); code != 403 {
		t.Errorf("second block: %d", code)
	}
	if code, _ := postForm(t, s, "sendMessage", v); code != 200 {
		t.Errorf("after failures: %d", code)
	}
	s.FailNext("", 1, DropConnection())
	if _, err := http.PostForm(s.URL()+"/bot1:tok/getMe", nil); err == nil {
		t.Error("dropped connection answered")
	}
	calls := s.Calls()
	if last := calls[len(calls)-1]; last.Method != "getMe" || last.Status != 0 {
		t.Errorf("dropped call = %+v", last)
	}
	s.FailNext("getMe", 1, Migrated(-100123))
	if code, r := postForm(t, s, "getMe", nil); code != 400 || r.Parameters["migrate_to_chat_id"] != -100123.0 {
		t.Errorf("%d %+v", code, r)
	}
}

func TestSendDocumentMultipart(t *testing.T) {
	s := New(t)
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	_ = mw.WriteField("chat_id", "5")
	_ = mw.WriteField("caption", "<i>lịch</i>")
	_ = mw.WriteField("parse_mode", "HTML")
	fw, _ := mw.CreateFormFile("document", "a.ics")
	_, _ = fw.Write([]byte("BEGIN:VCALENDAR"))
	_ = mw.Close()
	resp, err := http.Post(s.URL()+"/bot1:tok/sendDocument", mw.FormDataContentType(), &body)
	if err != nil {
		t.Fatal(err)
	}
	if code, r := decode(t, resp); code != 200 || !strings.Contains(string(r.Result), `"file_name":"a.ics"`) {
		t.Fatalf("%d %s", code, r.Result)
	}
	call := s.CallsTo("sendDocument")[0]
	if string(call.Files["document"].Data) != "BEGIN:VCALENDAR" || call.Params["caption"] != "<i>lịch</i>" {
		t.Errorf("call = %+v", call)
	}
}

func TestWebhookAndCommands(t *testing.T) {
	s := New(t)
	postForm(t, s, "setWebhook", url.Values{"url": {"https://h/x"}, "secret_token": {"abc"}, "allowed_updates": {`["message"]`}, "max_connections": {"10"}})
	if w := s.Webhook(); w.URL != "https://h/x" || w.Secret != "abc" || w.MaxConnections != 10 || len(w.AllowedUpdates) != 1 {
		t.Errorf("webhook = %+v", w)
	}
	_, r := postForm(t, s, "getWebhookInfo", nil)
	if strings.Contains(string(r.Result), "abc") || !strings.Contains(string(r.Result), `"url":"https://h/x"`) {
		t.Errorf("info = %s", r.Result)
	}
	postForm(t, s, "setMyCommands", url.Values{"commands": {`[{"command":"start","description":"Bắt đầu"}]`}, "language_code": {"vi"}})
	_, r = postForm(t, s, "getMyCommands", url.Values{"language_code": {"vi"}})
	if string(r.Result) != `[{"command":"start","description":"Bắt đầu"}]` {
		t.Errorf("commands = %s", r.Result)
	}
	if _, r = postForm(t, s, "getMyCommands", nil); string(r.Result) != `[]` {
		t.Errorf("default commands = %s", r.Result)
	}
}

func TestWaitAndReset(t *testing.T) {
	s := New(t)
	go func() {
		for range 3 {
			_, _ = http.PostForm(s.URL()+"/bot1:tok/getMe", nil)
		}
	}()
	if calls := s.WaitFor("getMe", 3); len(calls) < 3 {
		t.Fatalf("%d calls", len(calls))
	}
	s.Reset()
	if n := len(s.Calls()); n != 0 {
		t.Errorf("%d calls after Reset", n)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := s.Wait(ctx, "getMe", 1); err == nil {
		t.Error("Wait ignored its context")
	}
}

func TestWrongToken(t *testing.T) {
	s := New(t, WithToken("1:right"))
	if code, r := postForm(t, s, "getMe", nil); code != 401 || r.Description != "Unauthorized" {
		t.Errorf("%d %+v", code, r)
	}
}

func TestLimits(t *testing.T) {
	s := New(t, WithLimits(Limits{Global: 3, Chat: 1, Group: 2, GroupWindow: time.Hour}))
	send := func(chat string) int {
		code, _ := postForm(t, s, "sendMessage", url.Values{"chat_id": {chat}, "text": {"x"}})
		return code
	}
	if send("1") != 200 || send("1") != 429 {
		t.Fatal("per-chat limit not enforced")
	}
	if send("2") != 200 || send("-3") != 200 || send("4") != 429 {
		t.Fatal("global limit not enforced")
	}
	v := s.Violations()
	if len(v) != 2 || v[0].Limit != "chat" || v[0].Chat != 1 || v[1].Limit != "global" {
		t.Fatalf("violations = %v", v)
	}
	code, r := postForm(t, s, "sendMessage", url.Values{"chat_id": {"5"}, "text": {"x"}})
	if code != 429 || r.Parameters["retry_after"] != 1.0 {
		t.Errorf("429 = %d %+v", code, r)
	}
	if n := len(s.CallsTo("sendMessage")); n != 6 {
		t.Errorf("%d calls recorded, want 6", n)
	}
}

func TestGroupLimit(t *testing.T) {
	s := New(t, WithLimits(Limits{Group: 2, GroupWindow: time.Hour}))
	for i, want := range []int{200, 200, 429} {
		if code, _ := postForm(t, s, "sendMessage", url.Values{"chat_id": {"-7"}, "text": {"x"}}); code != want {
			t.Fatalf("send %d: %d, want %d", i, code, want)
		}
	}
	if v := s.Violations(); len(v) != 1 || v[0].Limit != "group" {
		t.Fatalf("violations = %v", v)
	}
}

func TestReplyToMessage(t *testing.T) {
	s := New(t)
	send := func(v url.Values) (int, string) {
		v.Set("chat_id", "-100")
		v.Set("text", "ok")
		code, r := postForm(t, s, "sendMessage", v)
		return code, r.Description
	}
	if code, _ := send(url.Values{}); code != 200 {
		t.Fatalf("first message: %d", code)
	}
	for _, c := range []struct {
		v    url.Values
		code int
	}{
		{url.Values{"reply_to_message_id": {"1"}}, 200},  // the bot's own message
		{url.Values{"reply_to_message_id": {"77"}}, 400}, // unknown
		{url.Values{"reply_to_message_id": {"77"}, "allow_sending_without_reply": {"true"}}, 200},
		{url.Values{"reply_to_message_id": {"x"}, "allow_sending_without_reply": {"true"}}, 400},
	} {
		if code, desc := send(c.v); code != c.code {
			t.Errorf("%v: %d %s, want %d", c.v, code, desc, c.code)
		}
	}
}
