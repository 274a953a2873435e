package main

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/internal/redisstore"
	"github.com/eidbot/eidbot/internal/telegram/fakeapi"
)

const testAdminToken = "committee-e2e-admin-token-0123456789"

// startCommitteeMain runs a Main with a super-admin, the committee API and
// a campaign worker that polls often.
func (h *harness) startCommitteeMain(admin int64) *Main {
	h.t.Helper()
	m := &Main{
		Config: Config{Addr: "127.0.0.1:0", RedisURL: h.redis.URL(), RedisMode: redisstore.Mode(h.redis.Mode()), Token: testToken, WebhookSecret: testSecret,
			APIURL: h.api.URL(), AdminToken: testAdminToken, AdminIDs: []bot.UserID{bot.NewUserID("tg", uid(admin))}, BroadcastRate: 25,
			MetricsAddr: "127.0.0.1:0"},
		Log:           slog.New(slog.NewTextHandler(testWriter{h.t}, &slog.HandlerOptions{Level: slog.LevelWarn})),
		ReminderEvery: -1,
		CampaignPoll:  20 * time.Millisecond,
	}
	return h.start(m)
}

// TestCommitteeCampaignEndToEnd: a super-admin makes a committee member;
// people subscribe in three languages; the member broadcasts from the chat;
// the worker of the running bot delivers each person the notice in their
// language with an unsubscribe button and reports to the author.
func TestCommitteeCampaignEndToEnd(t *testing.T) {
	h := newHarness(t, 0)
	const adminID, memberID = 900, 901
	h.mains = []*Main{h.startCommitteeMain(adminID)}

	admin := h.person(adminID, "vi")
	if !strings.Contains(lastText(admin.say("/grant 901 ben_thanh")), "901") {
		t.Fatal("grant not confirmed")
	}
	people := map[int64]string{911: "vi", 912: "zh", 913: "ko"}
	for id, lang := range people {
		p := h.person(id, lang)
		p.say("/subscribe")
		p.press("ben_thanh")
	}
	outsider := h.person(999, "en")
	if !strings.Contains(lastText(outsider.say("/broadcast")), "Only members") {
		t.Fatal("an outsider could start /broadcast")
	}

	member := h.person(memberID, "en")
	member.say("/broadcast")
	member.press("subscribers")
	member.press("notice")
	calls := member.press("now")
	if !strings.Contains(strings.Join(texts(calls), "\n"), "3 now") {
		t.Fatalf("preview lacks the audience size:\n%s", strings.Join(texts(calls), "\n"))
	}
	member.press("send")

	cat := catalog(t)
	for id, lang := range people {
		want := firstLine(cat.Text(bot.Lang(lang), "bc.msg.notice", nil))
		c := waitMatch(t, h, func(c fakeapi.Call) bool { return c.ChatID() == uid(id) && strings.Contains(c.Params["text"], want) })
		kb := c.InlineKeyboard()
		if len(kb) != 2 || kb[1][0].CallbackData != "u" || !strings.Contains(kb[0][0].URL, "start=check") {
			t.Fatalf("%s notice buttons: %+v", lang, kb)
		}
	}
	waitMatch(t, h, func(c fakeapi.Call) bool {
		return c.ChatID() == uid(memberID) && strings.Contains(c.Params["text"], "finished")
	})

	// One of them unsubscribes with the button under the notice.
	zh := h.person(912, "zh")
	zh.press("u")
	counts := adminGet[[]bot.AudienceCount](t, h, "/admin/audiences")
	total := 0
	for _, c := range counts {
		if c.Area == "ben_thanh" && c.Kind == bot.AudienceSubscribers {
			total += c.Chats
		}
	}
	if total != 2 {
		t.Fatalf("subscribers after one left: %+v", counts)
	}
	list := adminGet[[]bot.Campaign](t, h, "/admin/campaigns?area=ben_thanh")
	if len(list) != 1 || list[0].Status != bot.CampaignDone || list[0].Progress.Sent != 3 || list[0].Author != bot.NewUserID("tg", uid(memberID)) {
		t.Fatalf("campaigns: %+v", list)
	}
	// The worker's sends show on /metrics, by channel and outcome.
	if n := series(t, scrape(t, h.mains[0]), `eidbot_campaign_sends_total{channel="tg",outcome="sent"}`); n != 3 {
		t.Fatalf("campaign sends counted: %v, want 3", n)
	}
}

// texts are the texts of the sendMessage calls among calls.
func texts(calls []fakeapi.Call) []string {
	var out []string
	for _, c := range calls {
		if c.Method == "sendMessage" {
			out = append(out, c.Params["text"])
		}
	}
	return out
}

// adminGet calls the admin API of the first process and decodes its answer.
func adminGet[T any](t *testing.T, h *harness, path string) T {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, "http://"+h.mains[0].Addr()+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+testAdminToken)
	resp, err := h.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("GET %s: reading the answer: %v", path, err)
	}
	var v T
	if err := json.Unmarshal(body, &v); resp.StatusCode != http.StatusOK || err != nil {
		t.Fatalf("GET %s: %d %s (%v)", path, resp.StatusCode, body, err)
	}
	return v
}

// waitMatch waits for a successful sendMessage that match accepts.
func waitMatch(t *testing.T, h *harness, match func(fakeapi.Call) bool) fakeapi.Call {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), fakeapi.WaitTimeout)
	defer cancel()
	for n := 1; ; n++ {
		calls, err := h.api.Wait(ctx, "sendMessage", n)
		if err != nil {
			t.Fatalf("no matching sendMessage: %v", err)
		}
		for _, c := range calls {
			if c.Status == http.StatusOK && match(c) {
				return c
			}
		}
		n = len(calls)
	}
}
