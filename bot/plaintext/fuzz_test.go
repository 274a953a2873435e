package plaintext

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/eidbot/eidbot/bot"
)

// FuzzRender checks that any text, label and limit render without panic
// into messages within the limit, that no tag of the input survives, that
// choices are numbered as bot.Choices numbers them (the order the engine
// remembers), and that splitting loses nothing but whitespace.
func FuzzRender(f *testing.F) {
	f.Add("<b>Bước 1</b>: mang <i>căn cước</i>\n\n<a href=\"https://x.vn\">x</a>", "Có", 2000)
	f.Add(strings.Repeat("chữ dài ", 400), "Không", 100)
	f.Add(strings.Repeat("😀e\u0301", 50), "😀", 16)
	f.Add("<b<b>>&lt;i&gt; <a href='u'>t", "", 0)
	f.Add("a\n\n\n\nb\r\n \t<code>x</code>", "a\nb", 17)
	f.Fuzz(func(t *testing.T, text, label string, limit int) {
		limit %= 5000
		replies := []bot.Reply{
			{Kind: bot.ReplyText, Text: text, Buttons: [][]bot.Button{{{Label: label, Data: "d"}, {Label: label, URL: "https://x.vn"}}}},
			{Kind: bot.ReplyText, Text: text, Keyboard: []string{label}},
			{Kind: bot.ReplyDocument, Document: &bot.Document{Name: label, Caption: text}},
		}
		o := Options{Limit: limit, Hint: "Trả lời {n}", FileURL: func(bot.Document) string { return "https://x.vn/f" }}
		got := Render(replies, o)
		for _, m := range got.Messages {
			if strings.TrimSpace(m) == "" || !utf8.ValidString(m) {
				t.Fatalf("blank or invalid message %q", m)
			}
			if limit > 0 && Length(m) > max(limit, MinLimit) {
				t.Fatalf("message of %d units over the limit %d", Length(m), limit)
			}
			if !strings.Contains(text, "&") && !strings.Contains(label, "<") && strings.Contains(m, "<") {
				t.Fatalf("markup left in %q", m)
			}
		}
		shared := bot.Choices(replies)
		if len(got.Choices) != 2 || len(shared) != 2 {
			t.Fatalf("%d choices (bot.Choices: %d), want 2", len(got.Choices), len(shared))
		}
		for i, c := range got.Choices {
			if c.Data != shared[i].Data || c.Text != shared[i].Text {
				t.Fatalf("choice %d is %+v, bot.Choices numbers %+v", c.Number, c, shared[i])
			}
		}
		whole := Render(replies, Options{Hint: o.Hint, FileURL: o.FileURL})
		if squeeze(strings.Join(got.Messages, "")) != squeeze(strings.Join(whole.Messages, "")) {
			t.Fatalf("split lost text:\n%q\n%q", got.Messages, whole.Messages)
		}
	})
}

// squeeze drops all whitespace.
func squeeze(s string) string { return strings.Join(strings.Fields(s), "") }
