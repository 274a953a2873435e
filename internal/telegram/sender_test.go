package telegram

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/internal/telegram/fakeapi"
)

const testToken = "123456:AAE-secret_token-value"

var t0 = time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)

// recorder is an injected Sleep that records what it was asked to wait.
type recorder struct {
	mu    sync.Mutex
	slept []time.Duration
}

func (r *recorder) sleep(ctx context.Context, d time.Duration) error {
	r.mu.Lock()
	r.slept = append(r.slept, d)
	r.mu.Unlock()
	return ctx.Err()
}

func (r *recorder) durations() []time.Duration {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]time.Duration(nil), r.slept...)
}

// newTestClient connects a Client to a fresh fake API with a frozen clock
// and an instant Sleep; logs go to the returned buffer.
func newTestClient(t *testing.T, sleep func(context.Context, time.Duration) error) (*Client, *fakeapi.Server, *bytes.Buffer) {
	t.Helper()
	srv := fakeapi.New(t, fakeapi.WithBot(777, "EidBot"), fakeapi.WithToken(testToken))
	var logs bytes.Buffer
	if sleep == nil {
		sleep = (&recorder{}).sleep
	}
	c, err := New(context.Background(), Config{
		Token: testToken, APIURL: srv.URL(), Sleep: sleep, Now: func() time.Time { return t0 },
		Log: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
	})
	if err != nil {
		t.Fatal(err)
	}
	srv.Reset()
	return c, srv, &logs
}

func privateChat(id int64) bot.Chat {
	return bot.Chat{Channel: "tg", ID: strconv.FormatInt(id, 10), Kind: bot.ChatPrivate}
}

func TestNewReadsIdentity(t *testing.T) {
	c, _, _ := newTestClient(t, nil)
	if c.BotID() != 777 || c.Username() != "EidBot" {
		t.Errorf("BotID, Username = %d, %q", c.BotID(), c.Username())
	}
	if d := c.Decoder(nil); d.BotID != 777 || d.Username != "EidBot" {
		t.Errorf("Decoder = %+v", d)
	}
}

func TestNewWithWrongTokenFailsWithoutLeakingIt(t *testing.T) {
	srv := fakeapi.New(t, fakeapi.WithToken("999:other"))
	_, err := New(context.Background(), Config{Token: testToken, APIURL: srv.URL(), Sleep: (&recorder{}).sleep})
	if err == nil || strings.Contains(err.Error(), testToken) {
		t.Fatalf("err = %v", err)
	}
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.Code != 401 {
		t.Errorf("want a 401 APIError, got %v", err)
	}
	if calls := srv.CallsTo("getMe"); len(calls) != 1 || calls[0].Token != testToken {
		t.Errorf("getMe calls = %+v", calls)
	}
}

func TestNewRejectsBadConfig(t *testing.T) {
	for _, cfg := range []Config{{}, {Token: "a/b"}, {Token: "1:x", APIURL: "ftp://x"}, {Token: "1:x", APIURL: "http://x?a=1"}} {
		if _, err := New(context.Background(), cfg); err == nil {
			t.Errorf("New(%+v) succeeded", cfg)
		}
	}
}

func TestSendTextSplitsLongText(t *testing.T) {
	c, srv, _ := newTestClient(t, nil)
	text := strings.Repeat("abcd efgh ", 900) // 9000 characters
	buttons := [][]bot.Button{{{Label: "Tiếp", Data: "next"}, {Label: "Cổng DVC", URL: "https://dichvucong.gov.vn"}}}
	sent, err := c.Send(context.Background(), bot.Reply{Kind: bot.ReplyText, Chat: privateChat(5), Text: text, Buttons: buttons})
	if err != nil {
		t.Fatal(err)
	}
	calls := srv.CallsTo("sendMessage")
	if len(calls) != 3 || len(srv.Calls()) != 3 {
		t.Fatalf("want 3 sendMessage calls, got %d of %d", len(calls), len(srv.Calls()))
	}
	var joined strings.Builder
	for i, call := range calls {
		p := call.Params
		if p["chat_id"] != "5" || p["parse_mode"] != "HTML" || p["disable_web_page_preview"] != "true" || call.Status != 200 {
			t.Errorf("call %d params = %v status %d", i, p, call.Status)
		}
		if utf16Len(p["text"]) > MessageLimit {
			t.Errorf("call %d: %d units", i, utf16Len(p["text"]))
		}
		if last := i == 2; (p["reply_markup"] != "") != last {
			t.Errorf("call %d reply_markup = %q", i, p["reply_markup"])
		}
		joined.WriteString(p["text"])
	}
	if joined.String() != text {
		t.Error("the messages do not add up to the text")
	}
	kb := calls[2].InlineKeyboard()
	want := [][]fakeapi.InlineButton{{{Text: "Tiếp", CallbackData: "next"}, {Text: "Cổng DVC", URL: "https://dichvucong.gov.vn"}}}
	if len(kb) != 1 || len(kb[0]) != 2 || kb[0][0] != want[0][0] || kb[0][1] != want[0][1] {
		t.Errorf("keyboard = %+v", kb)
	}
	if sent.MessageID != 3 {
		t.Errorf("MessageID = %d, want the last chunk's id 3", sent.MessageID)
	}
}

func TestSendTextKeepsHTMLBalanced(t *testing.T) {
	c, srv, _ := newTestClient(t, nil)
	text := "<b>Hồ sơ cần mang</b>\n\n<i>" + strings.Repeat("Căn cước công dân &amp; sổ hộ khẩu. ", 200) + "</i>\n" +
		`<a href="https://vneid.gov.vn">` + strings.Repeat("VNeID ", 300) + "</a>"
	if _, err := c.Send(context.Background(), bot.Reply{Kind: bot.ReplyText, Chat: privateChat(5), Text: text}); err != nil {
		t.Fatal(err) // the fake refuses unbalanced HTML with a 400
	}
	calls := srv.CallsTo("sendMessage")
	if len(calls) < 3 {
		t.Fatalf("want at least 3 messages, got %d", len(calls))
	}
	for i, call := range calls {
		if !wellFormed(call.Params["text"]) {
			t.Errorf("message %d not balanced", i)
		}
	}
}

func TestSendTextKeyboards(t *testing.T) {
	c, srv, _ := newTestClient(t, nil)
	ctx := context.Background()
	if _, err := c.Send(ctx, bot.Reply{Kind: bot.ReplyText, Chat: privateChat(5), Text: "Số điện thoại?", AskContact: "📱 Gửi số"}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Send(ctx, bot.Reply{Kind: bot.ReplyText, Chat: privateChat(5), Text: "Cảm ơn", RemoveKeyboard: true}); err != nil {
		t.Fatal(err)
	}
	calls := srv.CallsTo("sendMessage")
	ask, remove := calls[0].ReplyMarkup, calls[1].ReplyMarkup
	kb, _ := ask["keyboard"].([]any)
	if len(kb) != 1 || ask["one_time_keyboard"] != true || ask["resize_keyboard"] != true {
		t.Fatalf("contact keyboard = %v", ask)
	}
	button := kb[0].([]any)[0].(map[string]any)
	if button["text"] != "📱 Gửi số" || button["request_contact"] != true {
		t.Errorf("contact button = %v", button)
	}
	if remove["remove_keyboard"] != true {
		t.Errorf("remove markup = %v", remove)
	}
	if _, err := c.Send(ctx, bot.Reply{Kind: bot.ReplyText, Chat: privateChat(5), Text: "Số?", AskContact: "📱 Gửi số", Keyboard: []string{"Bỏ qua"}}); err != nil {
		t.Fatal(err)
	}
	kb, _ = srv.CallsTo("sendMessage")[2].ReplyMarkup["keyboard"].([]any)
	if len(kb) != 2 || kb[1].([]any)[0].(map[string]any)["text"] != "Bỏ qua" {
		t.Errorf("keyboard with a skip button = %v", kb)
	}
}

func TestSendTextAsAReply(t *testing.T) {
	c, srv, _ := newTestClient(t, nil)
	ctx := context.Background()
	group := bot.Chat{Channel: Channel, ID: "-100200", Kind: bot.ChatGroup}
	// A person's message, which the fake does not know: the answer goes
	// out all the same, quoting it where it still exists.
	long := strings.Repeat("Cần mang thẻ căn cước. ", 300)
	if _, err := c.Send(ctx, bot.Reply{Kind: bot.ReplyText, Chat: group, Text: long, ReplyTo: 4321}); err != nil {
		t.Fatal(err)
	}
	calls := srv.CallsTo("sendMessage")
	if len(calls) < 2 {
		t.Fatalf("%d messages, want the long text split", len(calls))
	}
	if p := calls[0].Params; p["reply_to_message_id"] != "4321" || p["allow_sending_without_reply"] != "true" {
		t.Errorf("first part: reply_to_message_id=%q allow_sending_without_reply=%q", p["reply_to_message_id"], p["allow_sending_without_reply"])
	}
	for _, later := range calls[1:] {
		if _, ok := later.Params["reply_to_message_id"]; ok {
			t.Errorf("a later part replies too: %v", later.Params)
		}
	}
	if _, err := c.Send(ctx, bot.Reply{Kind: bot.ReplyText, Chat: group, Text: "Xem phía trên"}); err != nil {
		t.Fatal(err)
	}
	if _, ok := srv.CallsTo("sendMessage")[len(calls)].Params["reply_to_message_id"]; ok {
		t.Error("a reply without ReplyTo quotes a message")
	}
}

func TestSendRejectsUnsendableReplies(t *testing.T) {
	c, srv, _ := newTestClient(t, nil)
	for _, r := range []bot.Reply{
		{Kind: bot.ReplyText, Chat: bot.Chat{Channel: "tg"}, Text: "x"},
		{Kind: bot.ReplyText, Chat: bot.Chat{Channel: "cli", ID: "1"}, Text: "x"},
		{Kind: bot.ReplyText, Chat: privateChat(5), Text: "  <b> </b>  "},
		{Kind: bot.ReplyText, Chat: privateChat(5), Text: "x", Buttons: [][]bot.Button{{{Label: "x", Data: strings.Repeat("d", 65)}}}},
		{Kind: bot.ReplyEdit, Chat: privateChat(5), Text: "x"},
		{Kind: bot.ReplyAnswer},
		{Kind: bot.ReplyVenue, Chat: privateChat(5)},
		{Kind: bot.ReplyDocument, Chat: privateChat(5)},
		{Kind: "telepathy", Chat: privateChat(5)},
	} {
		if _, err := c.Send(context.Background(), r); !errors.Is(err, bot.ErrRejected) {
			t.Errorf("Send(%+v) = %v, want ErrRejected", r, err)
		}
	}
	if n := len(srv.Calls()); n != 0 {
		t.Errorf("%d calls reached the API", n)
	}
}

func TestEditNotModifiedIsSuccess(t *testing.T) {
	c, srv, _ := newTestClient(t, nil)
	ctx := context.Background()
	r := bot.Reply{Kind: bot.ReplyEdit, Chat: privateChat(5), EditID: 9, Text: "<b>Đã chọn</b>", Buttons: [][]bot.Button{{{Label: "A", Data: "a"}}}}
	for i := 0; i < 2; i++ {
		sent, err := c.Send(ctx, r)
		if err != nil || sent.MessageID != 9 {
			t.Fatalf("edit %d: %v, %+v", i, err, sent)
		}
	}
	calls := srv.CallsTo("editMessageText")
	if len(calls) != 2 || calls[0].Status != 200 || calls[1].Status != 400 {
		t.Fatalf("calls = %+v", calls)
	}
	if p := calls[0].Params; p["message_id"] != "9" || p["parse_mode"] != "HTML" || calls[0].InlineKeyboard()[0][0].CallbackData != "a" {
		t.Errorf("params = %v", p)
	}
}

func TestEditKeyboardOnly(t *testing.T) {
	c, srv, _ := newTestClient(t, nil)
	r := bot.Reply{Kind: bot.ReplyEdit, Chat: privateChat(5), EditID: 4}
	if _, err := c.Send(context.Background(), r); err != nil {
		t.Fatal(err)
	}
	calls := srv.CallsTo("editMessageReplyMarkup")
	if len(calls) != 1 || calls[0].Params["reply_markup"] != `{"inline_keyboard":[]}` || calls[0].Params["message_id"] != "4" {
		t.Fatalf("calls = %+v", calls)
	}
}

func TestFloodWaitPausesAllSends(t *testing.T) {
	slept := make(chan time.Duration, 4)
	release := make(chan struct{})
	sleep := func(ctx context.Context, d time.Duration) error {
		slept <- d
		select {
		case <-release:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	c, srv, _ := newTestClient(t, sleep)
	srv.FailNext("sendMessage", 1, fakeapi.TooManyRequests(2).ForChat(100))

	ctx := context.Background()
	errs := make(chan error, 2)
	send := func(chat int64) {
		_, err := c.Send(ctx, bot.Reply{Kind: bot.ReplyText, Chat: privateChat(chat), Text: "hi"})
		errs <- err
	}
	go send(100)
	if d := <-slept; d != 2*time.Second {
		t.Errorf("first send slept %v, want 2s", d)
	}
	go send(200) // starts during the pause: must wait it out too
	if d := <-slept; d != 2*time.Second {
		t.Errorf("concurrent send slept %v, want 2s", d)
	}
	if n := len(srv.CallsTo("sendMessage")); n != 1 {
		t.Errorf("%d sendMessage calls during the pause, want only the refused one", n)
	}
	close(release)
	for range 2 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	calls := srv.CallsTo("sendMessage")
	if len(calls) != 3 || calls[0].Status != 429 || calls[1].Status != 200 || calls[2].Status != 200 {
		t.Errorf("calls = %+v", calls)
	}
}

func TestBlockedUser(t *testing.T) {
	c, srv, _ := newTestClient(t, nil)
	srv.FailNext("sendMessage", 1, fakeapi.Blocked())
	_, err := c.Send(context.Background(), bot.Reply{Kind: bot.ReplyText, Chat: privateChat(5), Text: "hi"})
	if !errors.Is(err, bot.ErrBlocked) || errors.Is(err, bot.ErrRejected) {
		t.Fatalf("err = %v, want ErrBlocked", err)
	}
	if n := len(srv.Calls()); n != 1 {
		t.Errorf("%d calls, want 1 (no retry)", n)
	}
	if !strings.Contains(err.Error(), "Forbidden: bot was blocked by the user") {
		t.Errorf("error lacks Telegram's description: %v", err)
	}
}

func TestServerErrorsAreRetriedWithBackoff(t *testing.T) {
	rec := &recorder{}
	c, srv, _ := newTestClient(t, rec.sleep)
	srv.FailNext("sendMessage", 2, fakeapi.ServerError())
	sent, err := c.Send(context.Background(), bot.Reply{Kind: bot.ReplyText, Chat: privateChat(5), Text: "hi"})
	if err != nil || sent.MessageID != 1 {
		t.Fatalf("Send = %+v, %v", sent, err)
	}
	if n := len(srv.CallsTo("sendMessage")); n != 3 {
		t.Errorf("%d calls, want 3", n)
	}
	if got := rec.durations(); len(got) != 2 || got[0] != 200*time.Millisecond || got[1] != 400*time.Millisecond {
		t.Errorf("backoff = %v, want [200ms 400ms]", got)
	}
}

func TestServerErrorsGiveUpAsTemporary(t *testing.T) {
	c, srv, _ := newTestClient(t, nil)
	srv.FailNext("sendMessage", 5, fakeapi.ServerError())
	_, err := c.Send(context.Background(), bot.Reply{Kind: bot.ReplyText, Chat: privateChat(5), Text: "hi"})
	if err == nil || errors.Is(err, bot.ErrBlocked) || errors.Is(err, bot.ErrRejected) {
		t.Fatalf("err = %v, want a temporary error", err)
	}
	if n := len(srv.Calls()); n != 3 {
		t.Errorf("%d calls, want 3 attempts", n)
	}
}

func TestDroppedConnectionIsRetried(t *testing.T) {
	c, srv, _ := newTestClient(t, nil)
	srv.FailNext("sendMessage", 1, fakeapi.DropConnection())
	if _, err := c.Send(context.Background(), bot.Reply{Kind: bot.ReplyText, Chat: privateChat(5), Text: "hi"}); err != nil {
		t.Fatal(err)
	}
	calls := srv.CallsTo("sendMessage")
	if len(calls) != 2 || calls[0].Status != 0 || calls[1].Status != 200 {
		t.Errorf("calls = %+v", calls)
	}
}

func TestNetworkErrorsNeverShowTheToken(t *testing.T) {
	c, srv, logs := newTestClient(t, nil)
	srv.Close()
	_, err := c.Send(context.Background(), bot.Reply{Kind: bot.ReplyText, Chat: privateChat(5), Text: "secret message +84901234567"})
	if err == nil {
		t.Fatal("Send to a closed server succeeded")
	}
	for _, out := range []string{err.Error(), logs.String()} {
		if strings.Contains(out, testToken) || strings.Contains(out, "secret message") || strings.Contains(out, "84901234567") {
			t.Errorf("leak: %s", out)
		}
	}
}

func TestCancelledContextStopsRetries(t *testing.T) {
	c, srv, _ := newTestClient(t, nil)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := c.Send(ctx, bot.Reply{Kind: bot.ReplyText, Chat: privateChat(5), Text: "hi"})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v", err)
	}
	if n := len(srv.Calls()); n != 0 {
		t.Errorf("%d calls after cancellation", n)
	}
}

func TestAnswerCallback(t *testing.T) {
	c, srv, _ := newTestClient(t, nil)
	ctx := context.Background()
	r := bot.Reply{Kind: bot.ReplyAnswer, CallbackID: "cb1", Text: "<b>Đã lưu</b> &amp; xong", Alert: true}
	if _, err := c.Send(ctx, r); err != nil {
		t.Fatal(err)
	}
	p := srv.CallsTo("answerCallbackQuery")[0].Params
	if p["callback_query_id"] != "cb1" || p["text"] != "Đã lưu & xong" || p["show_alert"] != "true" {
		t.Errorf("params = %v", p)
	}

	srv.FailNext("answerCallbackQuery", 1, fakeapi.BadRequest("query is too old and response timeout expired or query ID is invalid"))
	if _, err := c.Send(ctx, r); !errors.Is(err, bot.ErrRejected) {
		t.Errorf("err = %v, want ErrRejected", err)
	}
	if n := len(srv.CallsTo("answerCallbackQuery")); n != 2 {
		t.Errorf("%d calls, want 2 (no retry of a 400)", n)
	}
}

func TestSendVenue(t *testing.T) {
	c, srv, _ := newTestClient(t, nil)
	v := &bot.Venue{Lat: 21.0285, Lon: 105.8542, Title: "Công an phường Hàng Trống", Address: "1 Lê Thái Tổ, Hà Nội"}
	sent, err := c.Send(context.Background(), bot.Reply{Kind: bot.ReplyVenue, Chat: privateChat(5), Venue: v})
	if err != nil || sent.MessageID != 1 {
		t.Fatalf("Send = %+v, %v", sent, err)
	}
	p := srv.CallsTo("sendVenue")[0].Params
	if p["latitude"] != "21.028500" || p["longitude"] != "105.854200" || p["title"] != v.Title || p["address"] != v.Address {
		t.Errorf("params = %v", p)
	}
}

func TestSendDocumentCarriesTheFile(t *testing.T) {
	c, srv, _ := newTestClient(t, nil)
	data := []byte("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
	doc := &bot.Document{Name: "lich-hen.ics", MIME: "text/calendar", Data: data, Caption: "<b>Lịch hẹn</b>"}
	sent, err := c.Send(context.Background(), bot.Reply{Kind: bot.ReplyDocument, Chat: privateChat(5), Document: doc})
	if err != nil || sent.MessageID != 1 {
		t.Fatalf("Send = %+v, %v", sent, err)
	}
	call := srv.CallsTo("sendDocument")[0]
	if f := call.Files["document"]; f.Name != "lich-hen.ics" || !bytes.Equal(f.Data, data) {
		t.Errorf("file = %q %q", f.Name, f.Data)
	}
	if call.Params["caption"] != "<b>Lịch hẹn</b>" || call.Params["parse_mode"] != "HTML" || call.Params["chat_id"] != "5" {
		t.Errorf("params = %v", call.Params)
	}
}

func TestSendDocumentErrorsKeepTheirCode(t *testing.T) {
	// tgbotapi drops error_code on uploads; the HTTP status restores it.
	c, srv, _ := newTestClient(t, nil)
	srv.FailNext("sendDocument", 1, fakeapi.Blocked())
	doc := &bot.Document{Name: "a.ics", Data: []byte("x")}
	if _, err := c.Send(context.Background(), bot.Reply{Kind: bot.ReplyDocument, Chat: privateChat(5), Document: doc}); !errors.Is(err, bot.ErrBlocked) {
		t.Fatalf("err = %v, want ErrBlocked", err)
	}
}

func TestMigratedGroup(t *testing.T) {
	c, srv, _ := newTestClient(t, nil)
	srv.FailNext("sendMessage", 1, fakeapi.Migrated(-1001555296434))
	_, err := c.Send(context.Background(), bot.Reply{Kind: bot.ReplyText, Chat: bot.Chat{Channel: "tg", ID: "-599075523", Kind: bot.ChatGroup}, Text: "hi"})
	var apiErr *APIError
	if !errors.Is(err, bot.ErrRejected) || !errors.As(err, &apiErr) || apiErr.MigrateTo != -1001555296434 {
		t.Fatalf("err = %v", err)
	}
}

func TestShowsTextMatchesPlainText(t *testing.T) {
	for _, s := range []string{"", " ", "\n\t", "<b> </b>", "<b>x</b>", "<i>\u00a0</i>", "\u00a0", "a", "<a href=\"x\"> </a>",
		"&nbsp;", "<b>&amp;</b>", "&#32;", "<b", "<>", "\xff", " <code>\n</code> ", "Xin chào"} {
		if got, want := showsText(s), strings.TrimSpace(plainText(s)) != ""; got != want {
			t.Errorf("showsText(%q) = %v, want %v", s, got, want)
		}
	}
}
