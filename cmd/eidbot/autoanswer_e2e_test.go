package main

import (
	"context"
	"log/slog"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/internal/telegram/fakeapi"
)

// wardGroup is the ward's Telegram supergroup of the auto-answer test.
const wardGroup = -1001500

// groupPoster writes in the ward group as one Telegram user, with message
// dates from the test's clock.
type groupPoster struct {
	h     *harness
	clock *clock
	id    int64
}

// message builds an update with text in the group (a command when it
// starts with "/") and returns it with its message id.
func (g groupPoster) message(text string) (body []byte, msgID int64) {
	msgID = g.h.ids.Add(1)
	m := map[string]any{"message_id": msgID, "date": g.clock.now().Unix(), "text": text,
		"from": map[string]any{"id": g.id, "is_bot": false, "first_name": "Cư dân", "language_code": "vi"},
		"chat": map[string]any{"id": wardGroup, "type": "supergroup", "title": "Phường Bến Thành"}}
	if strings.HasPrefix(text, "/") {
		m["entities"] = []map[string]any{{"type": "bot_command", "offset": 0, "length": len(strings.Fields(text)[0])}}
	}
	return mustJSON(map[string]any{"update_id": g.h.ids.Add(1), "message": m}), msgID
}

// say posts text in the group and returns the messages the bot sent there
// and the id of the message posted.
func (g groupPoster) say(text string) ([]fakeapi.Call, int64) {
	g.h.t.Helper()
	body, id := g.message(text)
	return g.post(body), id
}

// post posts an update body and returns the messages the bot sent to the
// group because of it.
func (g groupPoster) post(body []byte) []fakeapi.Call {
	g.h.t.Helper()
	mark := len(g.h.api.Calls())
	g.h.mustPost(body)
	var out []fakeapi.Call
	for _, c := range g.h.api.Calls()[mark:] {
		if c.Method == "sendMessage" && c.ChatID() == strconv.Itoa(wardGroup) {
			out = append(out, c)
		}
	}
	return out
}

// TestAutoAnswerInAGroupOverTelegram: a committee member registers the
// ward's group and turns auto-answer on (a resident may not); a
// resident's question nobody addressed to the bot is answered as a reply
// to it, once, even when Telegram delivers it again; a second asker
// within 10 minutes is pointed at that answer; a question with a phone
// number is left alone; after 10 minutes (on the injected clock) the
// question is answered again; /autoanswer off stops it. No text of the
// group's messages is kept in Redis.
func TestAutoAnswerInAGroupOverTelegram(t *testing.T) {
	h := newHarness(t, 0)
	c := afterHours()
	const adminID, memberID = 900, 901
	cfg := h.config()
	cfg.AdminIDs = []bot.UserID{bot.NewUserID("tg", uid(adminID))}
	h.mains = []*Main{h.start(&Main{Config: cfg, Now: c.now, ReminderEvery: -1, CampaignPoll: -1,
		Log: slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))})}
	cat := catalog(t)
	vi := func(id string) string { return cat.Text(bot.Vietnamese, id, nil) }

	h.person(adminID, "vi").say("/grant 901 ben_thanh")
	member := groupPoster{h: h, clock: c, id: memberID}
	resident := groupPoster{h: h, clock: c, id: 911}
	neighbour := groupPoster{h: h, clock: c, id: 912}
	if sent, _ := member.say("/register_group"); len(sent) != 1 || !strings.Contains(sent[0].Params["text"], "✅") {
		t.Fatalf("/register_group: %+v", sent)
	}
	if sent, _ := resident.say("/autoanswer on"); len(sent) != 1 || sent[0].Params["text"] != vi("committee.denied") {
		t.Fatalf("a resident's /autoanswer on: %+v", sent)
	}
	if sent, _ := resident.say("định danh mức 2 có bắt buộc không"); len(sent) != 0 {
		t.Fatalf("answered before auto-answer was on: %+v", sent)
	}
	if sent, _ := member.say("/autoanswer on"); len(sent) != 1 || sent[0].Params["text"] != vi("autoanswer.on") {
		t.Fatalf("the member's /autoanswer on: %+v", sent)
	}

	answerText := firstLine(vi("prob.compulsory"))
	question, qid := resident.message("định danh mức 2 có bắt buộc không")
	sent := resident.post(question)
	if len(sent) != 1 || !strings.Contains(sent[0].Params["text"], answerText) || sent[0].Params["reply_to_message_id"] != strconv.FormatInt(qid, 10) {
		t.Fatalf("the resident's question: %+v", sent)
	}
	answerID := sent[0].MessageID
	if again := resident.post(question); len(again) != 0 {
		t.Fatalf("Telegram's retry of the question was answered again: %+v", again)
	}

	c.set(c.now().Add(5 * time.Minute))
	sent, _ = neighbour.say("có bắt buộc phải làm định danh mức 2 không")
	if len(sent) != 1 || sent[0].Params["text"] != vi("group.auto.earlier") || sent[0].Params["reply_to_message_id"] != strconv.Itoa(answerID) {
		t.Fatalf("the second asker within 10 minutes: %+v (the answer is message %d)", sent, answerID)
	}
	if sent, _ := neighbour.say("sđt 0912 345 678 ko chính chủ có làm đc không"); len(sent) != 0 {
		t.Fatalf("a message with a phone number was answered: %+v", sent)
	}

	c.set(c.now().Add(5 * time.Minute))
	sent, _ = neighbour.say("định danh mức 2 có bắt buộc không")
	if len(sent) != 1 || !strings.Contains(sent[0].Params["text"], answerText) {
		t.Fatalf("after 10 minutes: %+v", sent)
	}

	if sent, _ := member.say("/autoanswer off"); len(sent) != 1 || sent[0].Params["text"] != vi("autoanswer.off") {
		t.Fatalf("/autoanswer off: %+v", sent)
	}
	c.set(c.now().Add(time.Hour))
	if sent, _ := resident.say("định danh mức 2 có bắt buộc không"); len(sent) != 0 {
		t.Fatalf("answered after /autoanswer off: %+v", sent)
	}

	if redisHolding(t, h, "group.autoanswer_off") == "" {
		t.Fatal("the scan of Redis does not find the audit entry of /autoanswer off")
	}
	for _, text := range []string{"bắt buộc", "0912 345 678", "chính chủ"} {
		if key := redisHolding(t, h, text); key != "" {
			t.Errorf("Redis keeps %q of a group message, in %s", text, key)
		}
	}
}

// redisHolding returns a key of the harness's Redis whose value holds
// text, or "".
func redisHolding(t *testing.T, h *harness, text string) string {
	t.Helper()
	ctx := context.Background()
	rdb := h.redis.Client()
	keys, err := rdb.Keys(ctx, "*").Result()
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range keys {
		var values []string
		switch rdb.Type(ctx, key).Val() {
		case "string":
			values = []string{rdb.Get(ctx, key).Val()}
		case "hash":
			for f, v := range rdb.HGetAll(ctx, key).Val() {
				values = append(values, f, v)
			}
		case "list":
			values = rdb.LRange(ctx, key, 0, -1).Val()
		case "set":
			values = rdb.SMembers(ctx, key).Val()
		case "zset":
			values = rdb.ZRange(ctx, key, 0, -1).Val()
		case "stream":
			for _, m := range rdb.XRange(ctx, key, "-", "+").Val() {
				for f, v := range m.Values {
					values = append(values, f, toString(v))
				}
			}
		}
		for _, v := range values {
			if strings.Contains(v, text) {
				return key
			}
		}
	}
	return ""
}

// toString is a stream value as text.
func toString(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	return ""
}
