package telegram

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/eidbot/eidbot/bot"
)

func TestAppendQueryEscapeMatchesNetURL(t *testing.T) {
	for _, s := range []string{"", "plain", "a b+c&d=e%f", "<b>Xin chào</b> 👋\nline ~_-.", "\x00\xff", `{"inline_keyboard":[[{"text":"Có","callback_data":"a|x"}]]}`} {
		if got, want := string(appendQueryEscape(nil, s)), url.QueryEscape(s); got != want {
			t.Errorf("%q: got %q, want %q", s, got, want)
		}
	}
}

// capture is a tgbotapi.HTTPClient that keeps the form it was sent.
type capture struct{ form url.Values }

func (c *capture) Do(req *http.Request) (*http.Response, error) {
	b, _ := io.ReadAll(req.Body)
	c.form, _ = url.ParseQuery(string(b))
	return &http.Response{StatusCode: 200, Body: io.NopCloser(strings.NewReader(`{"ok":true,"result":true}`))}, nil
}

// The hand-built sendMessage form holds exactly what tgbotapi's
// MessageConfig sends for the same message.
func TestSendMessageFormMatchesTgbotapi(t *testing.T) {
	for _, r := range []bot.Reply{
		{Text: "<b>Xin chào</b> & welcome"},
		{Text: "pick", Buttons: [][]bot.Button{{{Label: "Có", Data: "a|yes"}, {Label: "Không", Data: "a|no"}}, {{Label: "Web", URL: "https://example.org/?a=1&b=2"}}}},
		{Text: "phone?", AskContact: "Share", Keyboard: []string{"Skip"}},
		{Text: "bye", RemoveKeyboard: true},
	} {
		cfg := tgbotapi.NewMessage(-100123, r.Text)
		cfg.ParseMode = tgbotapi.ModeHTML
		cfg.DisableWebPagePreview = true
		cfg.ReplyMarkup = replyMarkup(r)
		want := &capture{}
		api := &tgbotapi.BotAPI{Token: "1:x", Client: want}
		api.SetAPIEndpoint("http://127.0.0.1/bot%s/%s")
		if _, err := api.Request(cfg); err != nil {
			t.Fatal(err)
		}
		kb, err := markupJSON(r)
		if err != nil {
			t.Fatal(err)
		}
		body := sendMessageForm(-100123, r.Text, kb)
		got, err := url.ParseQuery(string(body))
		if err != nil {
			t.Fatal(err)
		}
		// tgbotapi also sends entities=null (a nil slice through
		// json.Marshal), which Telegram reads as no entities.
		if want.form.Get("entities") == "null" {
			want.form.Del("entities")
		}
		if !reflect.DeepEqual(got, want.form) {
			t.Errorf("%q:\n got %v\nwant %v", r.Text, got, want.form)
		}
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

// Inline keyboards are encoded byte for byte as json.Marshal encodes
// tgbotapi's markup, empty rows dropped.
func TestMarkupJSONMatchesTgbotapi(t *testing.T) {
	for _, rows := range [][][]bot.Button{
		{{{Label: "Có <ok>", Data: "a|yes"}, {Label: "Web", URL: "https://x.org/?a=1&b=2"}}, {}, {{Label: "\"q\"", Data: "m"}}},
		{{}, {}},
	} {
		want, _ := json.Marshal(inlineKeyboard(rows))
		got, err := markupJSON(bot.Reply{Buttons: rows})
		if err != nil || string(got) != string(want) {
			t.Errorf("got %s, %v\nwant %s", got, err, want)
		}
	}
}

func TestAppendJSONStringMatchesEncodingJSON(t *testing.T) {
	all := make([]byte, 0, 256)
	for b := range 256 {
		all = append(all, byte(b))
	}
	for _, s := range []string{"", "plain", `a"b\c`, "<b>&amp;</b>", "\x00\x1f\b\f\n\r\t\x7f", "Xin chào 👋", "\u2028\u2029", "\xff\xfe", "a\xc3", string(all)} {
		want, _ := json.Marshal(s)
		if got := appendJSONString(nil, s); string(got) != string(want) {
			t.Errorf("%q:\n got %s\nwant %s", s, got, want)
		}
	}
}
