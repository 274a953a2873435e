package main

import (
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/internal/telegram/fakeapi"
)

// TestServeRoutesEveryChannel runs one process with every channel
// configured — Telegram, the Zalo Bot Platform and the web chat — and
// checks that the one router sends each chat's replies through that
// chat's own channel only: a person's /start on each channel is answered
// there and nowhere else, as each channel shows it (Telegram's buttons,
// Zalo's numbered plain text, the web chat's events). Then a campaign to
// the subscribers of a ward, one on each channel, goes out from the one
// worker to each subscriber on their own channel; the web chat's keeps
// its unsubscribe button and says which command starts the check.
func TestServeRoutesEveryChannel(t *testing.T) {
	h := newZaloHarness(t, 0)
	const adminID, memberID = 900, 901
	cfg := h.config()
	cfg.WebChat = WebChatConfig{On: true}
	cfg.AdminToken, cfg.AdminIDs = testAdminToken, []bot.UserID{bot.NewUserID(bot.ChannelTelegram, uid(adminID))}
	m := h.start(&Main{Config: cfg, ReminderEvery: -1, CampaignPoll: 20 * time.Millisecond,
		Log: slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))})
	h.mains = []*Main{m}
	if got := strings.Join(m.Config.Channels(), " "); got != "tg zb web" {
		t.Fatalf("channels configured: %q", got)
	}
	cat := catalog(t)
	const welcome = "VNeID" // in every channel's welcome

	// Telegram: buttons, to the person's chat.
	tg := h.person(911, "vi")
	calls := tg.say("/start")
	if len(calls) == 0 || !strings.Contains(lastText(calls), welcome) {
		t.Fatalf("Telegram's /start: %s\n%s", methods(calls), lastText(calls))
	}
	for _, c := range calls {
		if c.ChatID() != uid(911) {
			t.Fatalf("Telegram's reply went to chat %q", c.ChatID())
		}
	}
	if len(calls[len(calls)-1].InlineKeyboard()) == 0 {
		t.Fatal("Telegram's welcome has no buttons")
	}

	// Zalo: numbered plain text, to the person's chat.
	z := h.zaloUser(500, "An")
	if got := z.say("/start"); !strings.Contains(got, welcome) || !strings.Contains(got, "\n1. ") || strings.Contains(got, "<b>") {
		t.Fatalf("Zalo's /start:\n%s", got)
	}

	// The web chat: an event with buttons on the visitor's stream.
	v := newWebVisitor(t, m, "")
	if code := v.send(map[string]any{"text": "/start", "hint": "vi"}); code != http.StatusNoContent {
		t.Fatalf("web chat /start: %d", code)
	}
	hist := v.history()
	if len(hist) == 0 || !has(hist, welcome) || len(hist[0].Buttons) == 0 || strings.Contains(hist[0].HTML, "\n1. ") {
		t.Fatalf("web chat's /start: %+v", hist)
	}

	// Nothing went anywhere else: Telegram saw only its person, Zalo only
	// its user, the web visitor's stream holds only the welcome.
	for _, c := range h.api.Calls() {
		if id := c.ChatID(); id != "" && id != uid(911) && id != uid(adminID) {
			t.Fatalf("a Telegram call to %q", id)
		}
	}
	for _, c := range h.zalo.CallsTo("sendMessage") {
		if c.ChatID() != z.id {
			t.Fatalf("a Zalo message to %q", c.ChatID())
		}
	}
	if len(hist) != 1 {
		t.Fatalf("the web chat got %d events for one /start", len(hist))
	}

	// Subscribers on every channel.
	tg.say("/subscribe")
	tg.press("ben_thanh")
	z.say("/subscribe")
	z.press("ben_thanh")
	if code := v.send(map[string]any{"text": "/subscribe", "hint": "vi"}); code != http.StatusNoContent {
		t.Fatalf("web chat /subscribe: %d", code)
	}
	data, msg := choice(v.history(), "ben_thanh")
	if data == "" {
		t.Fatalf("no ward to choose on the web chat: %+v", v.history())
	}
	if code := v.send(map[string]any{"press": map[string]any{"data": data, "msg": msg}, "hint": "vi"}); code != http.StatusNoContent {
		t.Fatalf("web chat press: %d", code)
	}
	last := v.history()
	mark := last[len(last)-1].ID

	h.person(adminID, "vi").say("/grant 901 ben_thanh")
	member := h.person(memberID, "en")
	member.say("/broadcast")
	member.press("subscribers")
	member.press("notice")
	preview := strings.Join(texts(member.press("now")), "\n")
	if !strings.Contains(preview, "3 now (Telegram: vi 1; Web: vi 1; Zalo: vi 1)") {
		t.Fatalf("preview lacks the audience per channel:\n%s", preview)
	}
	member.press("send")

	notice := firstLine(cat.Text(bot.Vietnamese, "bc.msg.notice", nil))
	plain := strings.NewReplacer("<b>", "", "</b>", "").Replace(notice)
	if got := h.waitZalo(z, plain); !strings.Contains(got, "/unsubscribe") {
		t.Fatalf("campaign on Zalo:\n%s", got)
	}
	waitMatch(t, h, func(c fakeapi.Call) bool {
		return c.ChatID() == uid(911) && strings.Contains(c.Params["text"], notice)
	})
	evs := v.events(mark, func(e []webEvent) bool { return has(e, notice) })
	got := evs[len(evs)-1]
	if got.Type != "message" || !strings.Contains(got.HTML, "/start") || strings.Contains(got.HTML, "t.me") ||
		len(got.Buttons) != 1 || got.Buttons[0][0].Data != "u" {
		t.Fatalf("campaign on the web chat: %+v", got)
	}
}
