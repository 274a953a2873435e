package telegram

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/eidbot/eidbot/bot"
)

// BenchmarkSend is one menu reply (HTML text, four inline buttons) through
// Client.Send, and the same form posted with net/http alone, both to a
// loopback server in the same process: the difference is what
// telegram-bot-api and the Client add to a reply (encoding, flood and
// retry bookkeeping, decoding Telegram's answer).
func BenchmarkSend(b *testing.B) {
	srv := httptest.NewServer(botAPI(nil))
	defer srv.Close()
	ctx := context.Background()
	c, err := New(ctx, Config{Token: testToken, APIURL: srv.URL})
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	r := bot.Reply{Kind: bot.ReplyText, Chat: privateChat(100123),
		Text: "<b>Xin chào!</b> Tôi giúp bạn làm tài khoản định danh điện tử mức 2 (VNeID). Bạn muốn làm gì?",
		Buttons: [][]bot.Button{{{Label: "✅ Kiểm tra điều kiện", Data: "m|elig"}}, {{Label: "📋 Giấy tờ cần mang", Data: "m|docs"}},
			{{Label: "📅 Đặt lịch hẹn", Data: "m|book"}}, {{Label: "🌐 Ngôn ngữ", Data: "m|lang"}}}}
	b.Run("Client.Send", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := c.Send(ctx, r); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("net/http", func(b *testing.B) {
		form := url.Values{"chat_id": {"100123"}, "parse_mode": {"HTML"}, "disable_web_page_preview": {"true"}, "text": {r.Text},
			"reply_markup": {`{"inline_keyboard":[[{"text":"✅ Kiểm tra điều kiện","callback_data":"m|elig"}],[{"text":"📋 Giấy tờ cần mang","callback_data":"m|docs"}],[{"text":"📅 Đặt lịch hẹn","callback_data":"m|book"}],[{"text":"🌐 Ngôn ngữ","callback_data":"m|lang"}]]}`},
		}.Encode()
		u := srv.URL + "/bot" + testToken + "/sendMessage"
		b.ReportAllocs()
		for b.Loop() {
			req, _ := http.NewRequestWithContext(ctx, http.MethodPost, u, strings.NewReader(form))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			resp, err := c.http.Do(req)
			if err != nil {
				b.Fatal(err)
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
	})
}
