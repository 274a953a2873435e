package zalooa_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/bot/plaintext"
	"github.com/eidbot/eidbot/internal/zalooa"
	"github.com/eidbot/eidbot/internal/zalooa/fakeoa"
)

var _ bot.Sender = (*zalooa.Sender)(nil)

func TestTurnIsMergedAndCarriesTheReplyID(t *testing.T) {
	r := newRig(t, nil)
	r.userWrites("84", "m1")
	turn := []bot.Reply{
		textReply("84", "<b>Chào bạn</b>"),
		{Kind: bot.ReplyText, Chat: chat("84"), Text: "Bạn là?", Buttons: [][]bot.Button{{{Label: "Công dân", Data: "a"}, {Label: "Người nước ngoài", Data: "b"}}}},
	}
	if err := r.sender.SendTurn(context.Background(), chat("84"), "", turn); err != nil {
		t.Fatal(err)
	}
	sent := r.oa.Sent("84")
	if len(sent) != 1 || sent[0].ReplyTo != "m1" || sent[0].Text != "Chào bạn\n\nBạn là?\n\n1. Công dân\n2. Người nước ngoài" || len(sent[0].Buttons) != 0 {
		t.Errorf("sent %+v", sent)
	}
}

func TestButtonsBehindTheSetting(t *testing.T) {
	r := newRig(t, func(c *zalooa.Config, _ *zalooa.SenderConfig) { c.Buttons = true })
	r.userWrites("84", "m1")
	reply := bot.Reply{Kind: bot.ReplyText, Chat: chat("84"), Text: "?", Buttons: [][]bot.Button{{{Label: "Có", Data: "y"}, {Label: "Không", Data: "n"}}}}
	if err := r.sender.SendTurn(context.Background(), chat("84"), "", []bot.Reply{reply}); err != nil {
		t.Fatal(err)
	}
	if sent := r.oa.Sent("84"); len(sent) != 1 || strings.Join(sent[0].Buttons, "|") != "1. Có|2. Không" {
		t.Errorf("sent %+v", sent)
	}
	call := r.oa.Calls(zalooa.SendPath)[0]
	msg := call.Params["message"].(map[string]any)
	b := msg["attachment"].(map[string]any)["payload"].(map[string]any)["buttons"].([]any)[1].(map[string]any)
	if b["type"] != zalooa.ButtonType || b["payload"] != "2" {
		t.Errorf("button %v", b)
	}
	many := bot.Reply{Kind: bot.ReplyText, Chat: chat("84"), Text: "?"}
	for _, l := range []string{"1", "2", "3", "4", "5", "6"} {
		many.Buttons = append(many.Buttons, []bot.Button{{Label: l, Data: l}})
	}
	if err := r.sender.SendTurn(context.Background(), chat("84"), "", []bot.Reply{many}); err != nil {
		t.Fatal(err)
	}
	if sent := r.oa.Sent("84"); len(sent[1].Buttons) != 0 {
		t.Errorf("6 choices sent as buttons: %v", sent[1].Buttons)
	}
	// Outside a turn (a campaign, an approval request) a number would
	// answer the person's last question instead: no choices, no buttons.
	if _, err := r.sender.Send(context.Background(), reply); err != nil {
		t.Fatal(err)
	}
	if sent := r.oa.Sent("84"); sent[2].Text != "?" || len(sent[2].Buttons) != 0 {
		t.Errorf("a reply outside a turn: %+v", sent[2])
	}
}

// longTurn renders to n messages of about 1,500 characters each.
func longTurn(user string, n int) []bot.Reply {
	var out []bot.Reply
	for i := range n {
		out = append(out, textReply(user, strings.Repeat(string(rune('a'+i))+"ốc ", 375)))
	}
	return out
}

func TestWindowNeverAllowsANinthReply(t *testing.T) {
	r := newRig(t, func(_ *zalooa.Config, s *zalooa.SenderConfig) {
		s.More = func(bot.Chat, bot.Lang) string { return "Trả lời bất kỳ để xem tiếp." }
	})
	r.userWrites("84", "m1")
	var unsent []string
	r.sender = zalooa.NewSender(zalooa.SenderConfig{Client: r.client, Tokens: r.tokens, Windows: r.windows,
		More: func(bot.Chat, bot.Lang) string { return "Trả lời bất kỳ để xem tiếp." },
		Cut:  func(_ context.Context, _ bot.Chat, rest []string) { unsent = rest }})
	if err := r.sender.SendTurn(context.Background(), chat("84"), "", longTurn("84", 5)); err != nil {
		t.Fatal(err)
	}
	if err := r.sender.SendTurn(context.Background(), chat("84"), "", longTurn("84", 5)); err != nil {
		t.Fatal(err)
	}
	sent := r.oa.Sent("84")
	if len(sent) != zalooa.RepliesPerWindow {
		t.Fatalf("%d sent, want %d", len(sent), zalooa.RepliesPerWindow)
	}
	last := sent[len(sent)-1].Text
	if !strings.HasSuffix(last, "\n\nTrả lời bất kỳ để xem tiếp.") || plaintext.Length(last) > zalooa.MessageLimit {
		t.Errorf("the last allowed message ends %q", last[max(0, len(last)-60):])
	}
	if len(unsent) != 2 {
		t.Errorf("%d unsent messages handed over, want 2", len(unsent))
	}
	_, err := r.sender.Send(context.Background(), textReply("84", "one more"))
	var unreachable interface{ Unreachable() bool }
	if !errors.Is(err, zalooa.ErrOutsideWindow) || !errors.Is(err, bot.ErrRejected) || !errors.As(err, &unreachable) || !unreachable.Unreachable() {
		t.Errorf("a 9th reply: err %v", err)
	}
	if n := len(r.oa.Sent("84")); n != zalooa.RepliesPerWindow {
		t.Errorf("%d sent", n)
	}
	r.clock.Add(time.Hour)
	r.userWrites("84", "m2") // the user writes again: a fresh window
	if _, err := r.sender.Send(context.Background(), textReply("84", "again")); err != nil {
		t.Errorf("after the user wrote again: %v", err)
	}
	if s := r.oa.Sent("84"); s[len(s)-1].ReplyTo != "m2" {
		t.Errorf("reply id %q", s[len(s)-1].ReplyTo)
	}
	if v := r.oa.Violations(); len(v) != 0 {
		t.Errorf("violations %v", v)
	}
}

func TestWindowCloses(t *testing.T) {
	r := newRig(t, nil)
	r.userWrites("84", "m1")
	r.clock.Add(zalooa.ReplyWindow - zalooa.WindowMargin)
	_, err := r.sender.Send(context.Background(), textReply("84", "late"))
	if !errors.Is(err, zalooa.ErrOutsideWindow) {
		t.Errorf("at the margin: err %v", err)
	}
	_, err = r.sender.Send(context.Background(), textReply("85", "never wrote"))
	if !errors.Is(err, zalooa.ErrOutsideWindow) || len(r.oa.Calls(zalooa.SendPath)) != 0 {
		t.Errorf("to a user who never wrote: %v", err)
	}
}

func TestProactiveUsesTheQuotaOnlyWhenConfigured(t *testing.T) {
	r := newRig(t, nil)
	reminder := []bot.Reply{textReply("84", "Nhắc lịch hẹn")}
	if _, err := r.sender.SendProactive(context.Background(), chat("84"), "", reminder); !errors.Is(err, zalooa.ErrOutsideWindow) {
		t.Errorf("no window, no quota: err %v", err)
	}
	r.userWrites("84", "m1")
	if _, err := r.sender.SendProactive(context.Background(), chat("84"), "", reminder); err != nil {
		t.Errorf("within the window: %v", err)
	}

	q := newRig(t, func(c *zalooa.Config, _ *zalooa.SenderConfig) { c.BroadcastQuota = 1 })
	q.oa.OpenWindow("84", q.clock.Now()) // Zalo would accept it (a paid send)
	if _, err := q.sender.SendProactive(context.Background(), chat("84"), "", reminder); err != nil {
		t.Errorf("from the quota: %v", err)
	}
	if _, err := q.sender.SendProactive(context.Background(), chat("84"), "", reminder); !errors.Is(err, zalooa.ErrOutsideWindow) {
		t.Errorf("quota used up: err %v", err)
	}
	if err := q.sender.SendTurn(context.Background(), chat("85"), "", []bot.Reply{textReply("85", "x")}); !errors.Is(err, zalooa.ErrOutsideWindow) {
		t.Errorf("a turn never spends the quota: err %v", err)
	}
}

func TestExpiredTokenIsRefreshedOnceAndTheSendRepeated(t *testing.T) {
	r := newRig(t, nil)
	r.userWrites("84", "m1")
	r.oa.ExpireAccessTokens() // Zalo says -216 although our clock says it is fine
	if _, err := r.sender.Send(context.Background(), textReply("84", "x")); err != nil {
		t.Fatal(err)
	}
	if n := r.oa.Refreshes(); n != 2 {
		t.Errorf("%d refreshes, want 2 (seed, -216)", n)
	}
	calls := r.oa.Calls(zalooa.SendPath)
	if len(calls) != 2 || calls[0].Error != zalooa.CodeTokenExpired || calls[1].Error != 0 {
		t.Errorf("calls %+v", calls)
	}
	// Zalo keeps saying -216: one refresh, one more try, then a temporary error.
	r.oa.FailNext(zalooa.SendPath, 2, fakeoa.TokenExpired())
	_, err := r.sender.Send(context.Background(), textReply("84", "y"))
	if !errors.Is(err, zalooa.ErrTokenExpired) || errors.Is(err, bot.ErrRejected) {
		t.Errorf("err %v", err)
	}
	if n := r.oa.Refreshes(); n != 3 {
		t.Errorf("%d refreshes, want 3", n)
	}
}

func TestTurnForAnotherChatIsRefused(t *testing.T) {
	r := newRig(t, nil)
	r.userWrites("84", "m1")
	for name, tt := range map[string]struct {
		chat    bot.Chat
		replies []bot.Reply
	}{
		"telegram chat": {bot.Chat{Channel: "tg", ID: "84"}, []bot.Reply{{Kind: bot.ReplyText, Text: "x"}}},
		"mixed chats":   {chat("84"), []bot.Reply{textReply("84", "a"), textReply("85", "b")}},
	} {
		if err := r.sender.SendTurn(context.Background(), tt.chat, "", tt.replies); !errors.Is(err, bot.ErrRejected) || errors.Is(err, zalooa.ErrOutsideWindow) {
			t.Errorf("%s: err %v", name, err)
		}
	}
	if n := len(r.oa.Calls(zalooa.SendPath)); n != 0 {
		t.Errorf("%d calls", n)
	}
	if _, err := r.sender.Send(context.Background(), bot.Reply{Kind: bot.ReplyAnswer, CallbackID: "x"}); err != nil {
		t.Errorf("a reply that renders to nothing: %v", err)
	}
}

// When the last message the window allows is full, the More line still
// fits: the message is cut shorter and its rest is handed over unsent.
func TestCutMakesRoomForTheMoreLine(t *testing.T) {
	var unsent []string
	r := newRig(t, func(_ *zalooa.Config, s *zalooa.SenderConfig) {
		s.Cut = func(_ context.Context, _ bot.Chat, rest []string) { unsent = rest }
	})
	r.userWrites("84", "m1")
	if got, _, _ := r.windows.Reserve(context.Background(), chat("84"), 7, 8, time.Hour, r.clock.Now()); got != 7 {
		t.Fatalf("reserved %d", got)
	}
	full := []bot.Reply{textReply("84", strings.Repeat("từ ", 700)), textReply("84", "b")}
	if err := r.sender.SendTurn(context.Background(), chat("84"), "", full); err != nil {
		t.Fatal(err)
	}
	sent := r.oa.Sent("84")
	if len(sent) != 1 || !strings.HasSuffix(sent[0].Text, zalooa.DefaultMore) || plaintext.Length(sent[0].Text) > zalooa.MessageLimit {
		t.Fatalf("sent %d messages, the last %d long", len(sent), plaintext.Length(sent[len(sent)-1].Text))
	}
	if len(unsent) != 2 || !strings.HasSuffix(unsent[1], "\n\nb") {
		t.Errorf("unsent %q", unsent)
	}
}
