package terminal

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/bot/plaintext"
)

// TestSenderPrintsThePlainTextRendering: the terminal shows a turn exactly
// as bot/plaintext renders it for every channel without buttons, numbered
// as bot.Choices numbers it, and writes documents to files.
func TestSenderPrintsThePlainTextRendering(t *testing.T) {
	var out strings.Builder
	dir := t.TempDir()
	s := NewSender(&out, dir, func(lang bot.Lang) string { return string(lang) + ": reply with a number" })
	chat := bot.Chat{Channel: bot.ChannelTerminal, ID: "1", Kind: bot.ChatPrivate}
	replies := []bot.Reply{
		{Kind: bot.ReplyAnswer, Chat: chat},
		{Kind: bot.ReplyText, Chat: chat, Text: "Bạn có <b>thẻ căn cước</b> còn hạn không?",
			Buttons: [][]bot.Button{{{Label: "✅ Có", Data: "a|y"}, {Label: "❌ Không", Data: "a|n"}}, {{Label: "☰ Menu", Data: "m"}}}},
		{Kind: bot.ReplyDocument, Chat: chat, Document: &bot.Document{Name: "vneid-ab12.ics", Data: []byte("BEGIN:VCALENDAR"), Caption: "Lịch hẹn"}},
	}
	if err := s.SendTurn(context.Background(), chat, bot.Korean, replies); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "vneid-ab12.ics")
	want := "Bạn có thẻ căn cước còn hạn không?\n\n1. ✅ Có\n2. ❌ Không\n3. ☰ Menu\nko: reply with a number\n\nLịch hẹn\n📎 vneid-ab12.ics: " + path + "\n\n"
	if out.String() != want {
		t.Errorf("printed %q\nwant    %q", out.String(), want)
	}
	rd := plaintext.Render(replies, plaintext.Options{Hint: "ko: reply with a number", FileURL: func(bot.Document) string { return path }})
	if got := strings.Join(rd.Messages, "\n\n") + "\n\n"; got != out.String() {
		t.Errorf("the terminal differs from plaintext.Render:\n%q\n%q", out.String(), got)
	}
	if data, err := os.ReadFile(path); err != nil || string(data) != "BEGIN:VCALENDAR" {
		t.Errorf("document: %q, %v", data, err)
	}
	out.Reset()
	if _, err := s.Send(context.Background(), bot.Reply{Kind: bot.ReplyText, Chat: chat, Text: "Nhắc lịch",
		Buttons: [][]bot.Button{{{Label: "Hủy", Data: "cx"}, {Label: "VNeID", URL: "https://vneid.gov.vn"}}}}); err != nil {
		t.Fatal(err)
	}
	if want := "Nhắc lịch\n\n🔗 VNeID: https://vneid.gov.vn\n\n"; out.String() != want {
		t.Errorf("outside a turn: %q, want %q", out.String(), want)
	}
}
