package zalobot

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/bot/plaintext"
	"github.com/eidbot/eidbot/internal/zalobot/fakezalo"
)

var zaloChat = bot.Chat{Channel: bot.ChannelZaloBot, ID: chatID, Kind: bot.ChatPrivate}

// hints are the hints under numbered choices, by language.
var hints = map[bot.Lang]string{bot.Vietnamese: "Trả lời bằng số.", bot.Korean: "번호로 답해 주세요."}

func newSender(t *testing.T) (*Sender, *fakezalo.Server) {
	t.Helper()
	fake := fakezalo.New(t)
	c, _ := newClient(t, fake, nil)
	return NewSender(SenderConfig{
		Client: c,
		Options: func(_ bot.Chat, lang bot.Lang) plaintext.Options {
			return plaintext.Options{Hint: hints[lang], Limit: 99999}
		},
		Link: func(_ context.Context, _ bot.Chat, d bot.Document) (string, error) {
			if d.Name == "broken.ics" {
				return "", errors.New("store down")
			}
			return "https://bot.example/ics/" + strings.TrimSuffix(d.Name, ".ics"), nil
		},
	}), fake
}

func TestSendTurnRendersPlainTextWithNumberedChoices(t *testing.T) {
	s, fake := newSender(t)
	r := bot.Reply{Kind: bot.ReplyText, Chat: zaloChat, Text: "Bạn có <b>căn cước</b> gắn chip không?",
		Buttons: [][]bot.Button{{{Label: "Có", Data: "y"}, {Label: "Không", Data: "n"}}}}
	if err := s.SendTurn(context.Background(), zaloChat, bot.Korean, []bot.Reply{r}); err != nil {
		t.Fatal(err)
	}
	want := []string{"Bạn có căn cước gắn chip không?\n\n1. Có\n2. Không\n번호로 답해 주세요."}
	if got := fake.Messages(chatID); !slices.Equal(got, want) {
		t.Errorf("sent %q\nwant %q", got, want)
	}
}

func TestSendOutsideATurnLeavesOutChoices(t *testing.T) {
	s, fake := newSender(t)
	r := bot.Reply{Kind: bot.ReplyText, Chat: zaloChat, Text: "Lịch hẹn của bạn là ngày mai.",
		Buttons:  [][]bot.Button{{{Label: "Hủy", Data: "cx|1"}, {Label: "Xem", URL: "https://vneid.gov.vn"}}},
		Keyboard: []string{"Bỏ qua"}}
	if _, err := s.Send(context.Background(), r); err != nil {
		t.Fatal(err)
	}
	want := []string{"Lịch hẹn của bạn là ngày mai.\n\n🔗 Xem: https://vneid.gov.vn"}
	if got := fake.Messages(chatID); !slices.Equal(got, want) {
		t.Errorf("sent %q\nwant %q", got, want)
	}
}

func TestSendSplitsLongTextsWithinZalosLimit(t *testing.T) {
	s, fake := newSender(t)
	long := strings.Repeat("Người nước ngoài cần mang thẻ thường trú và hộ chiếu. 😀\n", 120)
	if _, err := s.Send(context.Background(), bot.Reply{Kind: bot.ReplyText, Chat: zaloChat, Text: long}); err != nil {
		t.Fatal(err)
	}
	got := fake.Messages(chatID)
	if len(got) < 4 {
		t.Fatalf("%d messages", len(got))
	}
	for _, m := range got {
		if fakezalo.Length(m) > MessageLimit {
			t.Errorf("a message of %d characters", fakezalo.Length(m))
		}
	}
	if v := fake.Violations(); len(v) != 0 {
		t.Errorf("violations: %v", v)
	}
}

func TestSendTurnMergesRepliesAndLinksTheDocument(t *testing.T) {
	s, fake := newSender(t)
	replies := []bot.Reply{
		{Kind: bot.ReplyAnswer, CallbackID: "cb"},
		{Kind: bot.ReplyText, Chat: zaloChat, Text: "Đã đặt lịch."},
		{Kind: bot.ReplyVenue, Chat: zaloChat, Venue: &bot.Venue{Lat: 21.0285, Lon: 105.8542, Title: "Công an phường", Address: "1 Hàng Bạc"}},
		{Kind: bot.ReplyDocument, Chat: zaloChat, Document: &bot.Document{Name: "vneid.ics", Caption: "Lịch hẹn"}},
	}
	if err := s.SendTurn(context.Background(), zaloChat, bot.Vietnamese, replies); err != nil {
		t.Fatal(err)
	}
	want := []string{"Đã đặt lịch.\n\n📍 Công an phường\n1 Hàng Bạc\nhttps://www.google.com/maps/search/?api=1&query=21.0285,105.8542\n\nLịch hẹn\n📎 vneid.ics: https://bot.example/ics/vneid"}
	if got := fake.Messages(chatID); !slices.Equal(got, want) {
		t.Errorf("sent %q\nwant %q", got, want)
	}
	broken := []bot.Reply{{Kind: bot.ReplyDocument, Chat: zaloChat, Document: &bot.Document{Name: "broken.ics"}}}
	if err := s.SendTurn(context.Background(), zaloChat, bot.Vietnamese, broken); err == nil || errors.Is(err, bot.ErrRejected) {
		t.Errorf("a link that cannot be stored: %v, want a temporary error", err)
	}
}

func TestSendNothingToRender(t *testing.T) {
	s, fake := newSender(t)
	for _, r := range []bot.Reply{
		{Kind: bot.ReplyEdit, Chat: zaloChat, EditID: 3, Buttons: [][]bot.Button{{{Label: "✓ Có", Data: "noop"}}}},
		{Kind: bot.ReplyAnswer, Chat: zaloChat, CallbackID: "x", Text: "ok"},
	} {
		if sent, err := s.Send(context.Background(), r); err != nil || sent != (bot.Sent{}) {
			t.Errorf("Send(%s) = %+v, %v", r.Kind, sent, err)
		}
	}
	if n := len(fake.Calls()); n != 0 {
		t.Errorf("%d calls", n)
	}
}

func TestSendRefusesOtherChats(t *testing.T) {
	s, fake := newSender(t)
	ctx := context.Background()
	tg := bot.Chat{Channel: bot.ChannelTelegram, ID: "12345", Kind: bot.ChatPrivate}
	if _, err := s.Send(ctx, bot.Reply{Kind: bot.ReplyText, Chat: tg, Text: "x"}); !errors.Is(err, bot.ErrRejected) {
		t.Errorf("a Telegram chat: %v", err)
	}
	mixed := []bot.Reply{{Chat: zaloChat, Text: "a"}, {Chat: bot.Chat{Channel: "zb", ID: "other"}, Text: "b"}}
	if err := s.SendTurn(ctx, zaloChat, "", mixed); !errors.Is(err, bot.ErrRejected) {
		t.Errorf("two chats in a turn: %v", err)
	}
	if n := len(fake.Calls()); n != 0 {
		t.Errorf("%d calls", n)
	}
}

func TestSendReportsABlock(t *testing.T) {
	s, fake := newSender(t)
	fake.FailNext("sendMessage", 1, fakezalo.Blocked().ForChat(chatID))
	_, err := s.Send(context.Background(), bot.Reply{Chat: zaloChat, Text: "x"})
	if !errors.Is(err, bot.ErrBlocked) {
		t.Errorf("err = %v, want ErrBlocked", err)
	}
}
