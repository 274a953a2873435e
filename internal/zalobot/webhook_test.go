package zalobot

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/eidbot/eidbot/bot"
)

const testSecret = "s3cret-Webhook-Token_0123"

func testWebhook(t *testing.T) *Webhook {
	t.Helper()
	w, err := NewWebhook(testSecret, nil)
	if err != nil {
		t.Fatal(err)
	}
	return w
}

func TestValidSecret(t *testing.T) {
	for secret, ok := range map[string]bool{
		testSecret:               true,
		strings.Repeat("a", 16):  true,
		strings.Repeat("a", 256): true,
		strings.Repeat("a", 15):  false, // Zalo takes 8, we want 16
		strings.Repeat("a", 257): false,
		"":                       false,
		"sixteen chars ok":       false, // a space
		"mật-khẩu-đủ-dài-rồi-nhé-bạn": false, // not ASCII
		"tab\tinside-the-secret-x":    false,
	} {
		if err := ValidSecret(secret); (err == nil) != ok {
			t.Errorf("ValidSecret(%q) = %v, want ok=%v", secret, err, ok)
		}
		if _, err := NewWebhook(secret, nil); (err == nil) != ok {
			t.Errorf("NewWebhook(%q) = %v, want ok=%v", secret, err, ok)
		}
	}
}

func TestAuthenticate(t *testing.T) {
	w := testWebhook(t)
	for header, want := range map[string]bool{
		testSecret:                  true,
		"":                          false,
		testSecret + " ":            false,
		testSecret[:20]:             false,
		strings.ToUpper(testSecret): false,
		"x" + testSecret[1:]:        false,
	} {
		if got := w.Authenticate(header); got != want {
			t.Errorf("Authenticate(%q) = %v, want %v", header, got, want)
		}
	}
}

// event builds a webhook body around a message's JSON members.
func event(name, message string) string {
	return `{"event_name":"` + name + `","message":{` + message + `}}`
}

const (
	private = `"message_id":"16f6366b3f02645a3d15","date":1766619597466,` +
		`"from":{"id":"e4ea2cd5189df1c3a88c","display_name":"Nguyễn Văn A"},"chat":{"id":"e4ea2cd5189df1c3a88c","chat_type":"PRIVATE"}`
	group = `"message_id":"26f6366b3f02645a3d15","date":1766619597466,` +
		`"from":{"id":"e4ea2cd5189df1c3a88c","first_name":"An"},"chat":{"id":"77aa00bb","chat_type":"GROUP"}`
)

func TestDecode(t *testing.T) {
	me := bot.Chat{Channel: "zb", ID: "e4ea2cd5189df1c3a88c", Kind: bot.ChatPrivate}
	when := time.UnixMilli(1766619597466).UTC()
	tests := []struct {
		name    string
		body    string
		want    bot.Update
		nonText bool
	}{
		{
			name: "text",
			body: event(EventText, private+`,"text":"cần mang gì"`),
			want: bot.Update{ID: "16f6366b3f02645a3d15", Kind: bot.UpdateText, Chat: me, Time: when, Text: "cần mang gì", Addressed: true,
				From: bot.User{ID: "zb:e4ea2cd5189df1c3a88c", FirstName: "Nguyễn Văn A"}},
		},
		{
			name: "wrapped as in some copies of the docs",
			body: `{"ok":true,"result":` + event(EventText, private+`,"text":"hi"`) + `}`,
			want: bot.Update{ID: "16f6366b3f02645a3d15", Kind: bot.UpdateText, Chat: me, Time: when, Text: "hi", Addressed: true,
				From: bot.User{ID: "zb:e4ea2cd5189df1c3a88c", FirstName: "Nguyễn Văn A"}},
		},
		{
			name: "command",
			body: event(EventText, private+`,"text":"/Start@bot  ref_qr7 "`),
			want: bot.Update{ID: "16f6366b3f02645a3d15", Kind: bot.UpdateCommand, Chat: me, Time: when, Text: "/Start@bot  ref_qr7 ",
				Command: "start", Payload: "ref_qr7", Addressed: true, From: bot.User{ID: "zb:e4ea2cd5189df1c3a88c", FirstName: "Nguyễn Văn A"}},
		},
		{
			name: "not a command",
			body: event(EventText, private+`,"text":"/đăng ký"`),
			want: bot.Update{ID: "16f6366b3f02645a3d15", Kind: bot.UpdateText, Chat: me, Time: when, Text: "/đăng ký", Addressed: true,
				From: bot.User{ID: "zb:e4ea2cd5189df1c3a88c", FirstName: "Nguyễn Văn A"}},
		},
		{
			name: "group text is not addressed, a group command is",
			body: event(EventText, group+`,"text":"hello"`),
			want: bot.Update{ID: "26f6366b3f02645a3d15", Kind: bot.UpdateText, Chat: bot.Chat{Channel: "zb", ID: "77aa00bb", Kind: bot.ChatGroup},
				Time: when, Text: "hello", From: bot.User{ID: "zb:e4ea2cd5189df1c3a88c", FirstName: "An"}},
		},
		{
			name: "group command",
			body: event(EventText, group+`,"text":"/subscribe"`),
			want: bot.Update{ID: "26f6366b3f02645a3d15", Kind: bot.UpdateCommand, Chat: bot.Chat{Channel: "zb", ID: "77aa00bb", Kind: bot.ChatGroup},
				Time: when, Text: "/subscribe", Command: "subscribe", Addressed: true, From: bot.User{ID: "zb:e4ea2cd5189df1c3a88c", FirstName: "An"}},
		},
		{
			name: "image",
			body: event(EventImage, private+`,"photo":"https://x/y.jpg"`),
			want: bot.Update{ID: "16f6366b3f02645a3d15", Kind: bot.UpdateUnsupported, Chat: me, Time: when,
				From: bot.User{ID: "zb:e4ea2cd5189df1c3a88c", FirstName: "Nguyễn Văn A"}},
			nonText: true,
		},
		{
			name: "sticker", body: event(EventSticker, private), nonText: true,
			want: bot.Update{ID: "16f6366b3f02645a3d15", Kind: bot.UpdateUnsupported, Chat: me, Time: when,
				From: bot.User{ID: "zb:e4ea2cd5189df1c3a88c", FirstName: "Nguyễn Văn A"}},
		},
		{
			name: "unsupported", body: event(EventUnsupported, private), nonText: true,
			want: bot.Update{ID: "16f6366b3f02645a3d15", Kind: bot.UpdateUnsupported, Chat: me, Time: when,
				From: bot.User{ID: "zb:e4ea2cd5189df1c3a88c", FirstName: "Nguyễn Văn A"}},
		},
		{
			name: "unknown event",
			body: event("user.joined", private),
			want: bot.Update{ID: "16f6366b3f02645a3d15", Kind: bot.UpdateIgnored, Chat: me, Time: when,
				From: bot.User{ID: "zb:e4ea2cd5189df1c3a88c", FirstName: "Nguyễn Văn A"}},
		},
		{
			name: "numbers for ids and a date in seconds, no chat_type",
			body: event(EventText, `"message_id":12345,"date":1766619597,"from":{"id":42},"chat":{"id":42},"text":"x"`),
			want: bot.Update{ID: "12345", Kind: bot.UpdateText, Chat: bot.Chat{Channel: "zb", ID: "42", Kind: bot.ChatPrivate},
				Time: time.Unix(1766619597, 0).UTC(), Text: "x", Addressed: true, From: bot.User{ID: "zb:42"}},
		},
		{
			name: "no chat_type and a chat that is not the sender's: a group",
			body: event(EventText, `"message_id":"1","from":{"id":"a1"},"chat":{"id":"b2"},"text":"x"`),
			want: bot.Update{ID: "1", Kind: bot.UpdateText, Chat: bot.Chat{Channel: "zb", ID: "b2", Kind: bot.ChatGroup}, Text: "x", From: bot.User{ID: "zb:a1"}},
		},
		{
			name: "invalid UTF-8 replaced",
			body: event(EventText, private+`,"text":"a`+"\xff"+`b"`),
			want: bot.Update{ID: "16f6366b3f02645a3d15", Kind: bot.UpdateText, Chat: me, Time: when, Text: "a\uFFFDb", Addressed: true,
				From: bot.User{ID: "zb:e4ea2cd5189df1c3a88c", FirstName: "Nguyễn Văn A"}},
		},
		{name: "no message", body: `{"event_name":"message.text.received"}`, want: bot.Update{Kind: bot.UpdateIgnored}},
		{name: "empty object", body: `{}`, want: bot.Update{Kind: bot.UpdateIgnored}},
		{name: "message of the wrong type", body: `{"event_name":"message.text.received","message":"hi"}`, want: bot.Update{Kind: bot.UpdateIgnored}},
		{
			name: "text without text",
			body: event(EventText, private),
			want: bot.Update{ID: "16f6366b3f02645a3d15", Kind: bot.UpdateIgnored, Chat: me, Time: when,
				From: bot.User{ID: "zb:e4ea2cd5189df1c3a88c", FirstName: "Nguyễn Văn A"}},
		},
		{
			name: "an id that would break a storage key is no id",
			body: event(EventText, `"message_id":"1","from":{"id":"a}b"},"chat":{"id":"a}b"},"text":"x"`),
			want: bot.Update{ID: "1", Kind: bot.UpdateIgnored},
		},
	}
	w := testWebhook(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev, err := w.DecodeEvent([]byte(tt.body))
			if err != nil {
				t.Fatalf("DecodeEvent: %v", err)
			}
			if !equalUpdate(ev.Update, tt.want) {
				t.Errorf("Update = %+v\nwant     %+v", ev.Update, tt.want)
			}
			if ev.NonText != tt.nonText {
				t.Errorf("NonText = %v, want %v", ev.NonText, tt.nonText)
			}
			u, err := w.Decode([]byte(tt.body))
			if err != nil || !equalUpdate(u, ev.Update) {
				t.Errorf("Decode = %+v, %v; want DecodeEvent's update", u, err)
			}
		})
	}
}

// equalUpdate compares the fields a Zalo update fills; a's Caps must be
// the channel's.
func equalUpdate(a, b bot.Update) bool {
	return a.Caps != nil && !a.Caps.Buttons && a.Caps.MaxText == MessageLimit && a.ID == b.ID && a.Kind == b.Kind && a.Chat == b.Chat && a.From == b.From && a.Time.Equal(b.Time) &&
		a.Text == b.Text && a.Command == b.Command && a.Payload == b.Payload && a.Addressed == b.Addressed &&
		a.Button == nil && a.Contact == nil && a.Location == nil
}

func TestDecodeMalformed(t *testing.T) {
	w := testWebhook(t)
	for _, body := range []string{"", "not json", `[{"event_name":"message.text.received"}]`, `"x"`, "null", `{"event_name":`} {
		if _, err := w.Decode([]byte(body)); !errors.Is(err, ErrMalformedEvent) {
			t.Errorf("Decode(%q) error = %v, want ErrMalformedEvent", body, err)
		}
	}
}
