package main

import (
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/internal/telegram/fakeapi"
	"github.com/eidbot/eidbot/internal/zalobot/fakezalo"
)

// TestZaloSubscribersGetCampaigns: people subscribe on Telegram and on
// Zalo; a committee member's preview counts them per channel; the worker
// delivers to both channels, on Zalo as plain text that says which
// commands to send (no numbers: a number typed to it would answer the last
// question); a Zalo subscriber unsubscribes by command.
func TestZaloSubscribersGetCampaigns(t *testing.T) {
	h := newZaloHarness(t, 0)
	const adminID, memberID = 900, 901
	cfg := h.config()
	cfg.AdminToken, cfg.AdminIDs, cfg.BroadcastRate = testAdminToken, []bot.UserID{bot.NewUserID("tg", uid(adminID))}, 25
	m := h.start(&Main{Config: cfg, ReminderEvery: -1, CampaignPoll: 20 * time.Millisecond,
		Log: slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))})
	h.mains = []*Main{m}

	h.person(adminID, "vi").say("/grant 901 ben_thanh")
	tg := h.person(911, "vi")
	tg.say("/subscribe")
	tg.press("ben_thanh")
	var zalo []*zaloUser
	for i := range 2 {
		z := h.zaloUser(500+i, "An")
		z.say("/subscribe")
		z.press("ben_thanh")
		zalo = append(zalo, z)
	}

	member := h.person(memberID, "en")
	member.say("/broadcast")
	member.press("subscribers")
	member.press("notice")
	preview := strings.Join(texts(member.press("now")), "\n")
	if !strings.Contains(preview, "3 now (Telegram: vi 1; Zalo: vi 2)") {
		t.Fatalf("preview lacks the audience per channel:\n%s", preview)
	}
	member.press("send")

	cat := catalog(t)
	notice := firstLine(cat.Text(bot.Vietnamese, "bc.msg.notice", nil))
	notice = strings.NewReplacer("<b>", "", "</b>", "").Replace(notice)
	for _, z := range zalo {
		msg := h.waitZalo(z, notice)
		if !strings.Contains(msg, "/start") || !strings.Contains(msg, "/unsubscribe") || strings.Contains(msg, "1. ") || strings.Contains(msg, "t.me") {
			t.Fatalf("campaign on Zalo:\n%s", msg)
		}
	}
	waitMatch(t, h, func(c fakeapi.Call) bool {
		return c.ChatID() == uid(911) && strings.Contains(c.Params["text"], "VNeID")
	})
	zalo[0].news()
	if bye := zalo[0].say("/unsubscribe"); bye == "" {
		t.Fatal("/unsubscribe got no answer")
	}
	if _, found, err := m.core.subs.Subscription(context.Background(), zalo[0].chat()); err != nil || found {
		t.Fatalf("still subscribed after /unsubscribe: %v, %v", found, err)
	}
}

// waitZalo waits for a message to z that contains want, and returns it.
func (h *harness) waitZalo(z *zaloUser, want string) string {
	h.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), fakezalo.WaitTimeout)
	defer cancel()
	for n := 1; ; n++ {
		for _, text := range h.zalo.Messages(z.id) {
			if strings.Contains(text, want) {
				return text
			}
		}
		calls, err := h.zalo.Wait(ctx, "sendMessage", n)
		if err != nil {
			h.t.Fatalf("no message to %s with %q: %v", z.id, want, err)
		}
		n = len(calls)
	}
}
