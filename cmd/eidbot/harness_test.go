package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/eidbot/eidbot/internal/redisstore"
	"github.com/eidbot/eidbot/internal/redistest"
	"github.com/eidbot/eidbot/internal/telegram/fakeapi"
	"github.com/eidbot/eidbot/internal/zalobot/fakezalo"
)

const (
	testToken  = "123456:TEST-token-for-the-fake-api"
	testSecret = "e2e-webhook-secret"
	// zaloSecret is the Zalo Bot webhook's secret; testPublicURL the
	// server's public address, which the links it sends start with.
	zaloSecret    = "zalo-e2e-webhook-secret"
	testPublicURL = "https://bot.example.org"
)

// harness runs real eidbot processes (Main) on loopback against a real
// redis-server, a fake Telegram Bot API and a stand-in Zalo Bot Platform:
// every process serves both channels.
type harness struct {
	t      testing.TB
	redis  *redistest.Server
	api    *fakeapi.Server
	zalo   *fakezalo.Server
	mains  []*Main
	client *http.Client
	ids    atomic.Int64 // update ids
}

func newHarness(t testing.TB, processes int) *harness {
	t.Helper()
	h := &harness{
		t:      t,
		redis:  e2eRedis(t),
		api:    fakeapi.New(t, fakeapi.WithToken(testToken), fakeapi.WithBot(777000, "eid_test_bot")),
		zalo:   fakezalo.New(t),
		client: &http.Client{Timeout: 30 * time.Second},
	}
	h.ids.Store(5000)
	for range processes {
		h.mains = append(h.mains, h.startMain())
	}
	return h
}

func (h *harness) startMain() *Main {
	h.t.Helper()
	m := &Main{
		Config: h.config(),
		Log:    slog.New(slog.NewTextHandler(testWriter{h.t}, &slog.HandlerOptions{Level: slog.LevelWarn})),
		// The reminder loop polls Redis; tests that count Redis commands
		// must not see it. Reminder tests send them by hand.
		ReminderEvery: -1,
		CampaignPoll:  -1,
	}
	return h.start(m)
}

// start runs m and closes it when the test ends; an error of either fails
// the test.
func (h *harness) start(m *Main) *Main {
	t := h.t
	t.Helper()
	if err := m.Run(context.Background()); err != nil {
		t.Fatalf("Main.Run: %v", err)
	}
	t.Cleanup(func() {
		if err := m.Close(); err != nil {
			t.Errorf("Main.Close: %v", err)
		}
	})
	return m
}

// config is a process's configuration: both channels on the fakes, the
// harness's Redis, any free port.
func (h *harness) config() Config {
	return Config{Addr: "127.0.0.1:0", RedisURL: h.redis.URL(), RedisMode: redisstore.Mode(h.redis.Mode()),
		Token: testToken, WebhookSecret: testSecret, APIURL: h.api.URL(), PublicURL: testPublicURL,
		Zalo: ZaloConfig{Token: h.zalo.Token(), Secret: zaloSecret, APIURL: h.zalo.URL()}}
}

// testWriter sends log lines to t.Log, so they show only for failing tests.
type testWriter struct{ t testing.TB }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}

// post sends a webhook body to process i with the given secret and returns
// the HTTP status.
func (h *harness) post(i int, secret string, body []byte) int {
	resp, _ := postJSON(h.t, h.client, "http://"+h.mains[i].Addr()+"/telegram/webhook", "X-Telegram-Bot-Api-Secret-Token", secret, body)
	if resp == nil {
		return 0
	}
	return resp.StatusCode
}

// postJSON posts body as JSON to url, with header set to value unless
// value is "", and returns the answer with its body read. A failure is
// reported on t (Errorf: callers post from several goroutines) and
// returns nil.
func postJSON(t testing.TB, client *http.Client, url, header, value string, body []byte) (*http.Response, string) {
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		t.Errorf("post: %v", err)
		return nil, ""
	}
	req.Header.Set("Content-Type", "application/json")
	if value != "" {
		req.Header.Set(header, value)
	}
	resp, err := client.Do(req)
	if err != nil {
		t.Errorf("post: %v", err)
		return nil, ""
	}
	defer resp.Body.Close()
	text, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Errorf("post: reading the answer: %v", err)
	}
	return resp, string(text)
}

// mustPost posts with the right secret and requires 200.
func (h *harness) mustPost(body []byte) {
	h.t.Helper()
	if code := h.post(0, testSecret, body); code != http.StatusOK {
		h.t.Fatalf("webhook answered %d for %s", code, body)
	}
}

// person is a Telegram user in a private chat with the bot.
type person struct {
	h    *harness
	id   int64
	lang string
	mark int // index into the fake API's calls where this person's last action began
}

func (h *harness) person(id int64, lang string) *person { return &person{h: h, id: id, lang: lang} }

func (p *person) from() map[string]any {
	return map[string]any{"id": p.id, "is_bot": false, "first_name": "Tester<b>", "language_code": p.lang}
}

func (p *person) chat() map[string]any {
	return map[string]any{"id": p.id, "type": "private", "first_name": "Tester<b>"}
}

// message builds an update carrying text (a command when it starts with /).
func (p *person) message(text string) []byte {
	msg := map[string]any{"message_id": p.h.ids.Add(1), "from": p.from(), "chat": p.chat(), "date": time.Now().Unix(), "text": text}
	if strings.HasPrefix(text, "/") {
		n := len(strings.Fields(text)[0])
		msg["entities"] = []map[string]any{{"type": "bot_command", "offset": 0, "length": n}}
	}
	return mustJSON(map[string]any{"update_id": p.h.ids.Add(1), "message": msg})
}

// callback builds an update pressing a button on message msgID.
func (p *person) callback(data string, msgID int) []byte {
	return mustJSON(map[string]any{"update_id": p.h.ids.Add(1), "callback_query": map[string]any{
		"id": fmt.Sprint(p.h.ids.Add(1)), "from": p.from(), "chat_instance": "1",
		"message": map[string]any{"message_id": msgID, "from": map[string]any{"id": 777000, "is_bot": true, "first_name": "EID"},
			"chat": p.chat(), "date": time.Now().Unix(), "text": "..."},
		"data": data,
	}})
}

// say sends text and returns the calls it caused.
func (p *person) say(text string) []fakeapi.Call {
	p.h.t.Helper()
	p.mark = len(p.h.api.Calls())
	p.h.mustPost(p.message(text))
	return p.h.api.Calls()[p.mark:]
}

// press finds the button whose callback data ends in "|choice" (or equals
// it) on the newest message to this person that has buttons, presses it,
// and returns the calls it caused.
func (p *person) press(choice string) []fakeapi.Call {
	p.h.t.Helper()
	data, msgID := p.button(choice)
	p.mark = len(p.h.api.Calls())
	p.h.mustPost(p.callback(data, msgID))
	return p.h.api.Calls()[p.mark:]
}

// pressAny presses the newest button for choice on any message, not only
// the last one with buttons: a verdict's legal-basis button stays valid.
func (p *person) pressAny(choice string) []fakeapi.Call {
	p.h.t.Helper()
	calls := p.h.api.CallsTo("sendMessage")
	for i := len(calls) - 1; i >= 0; i-- {
		for _, row := range calls[i].InlineKeyboard() {
			for _, b := range row {
				if calls[i].ChatID() == uid(p.id) && strings.HasSuffix(b.CallbackData, "|"+choice) {
					p.mark = len(p.h.api.Calls())
					p.h.mustPost(p.callback(b.CallbackData, calls[i].MessageID))
					return p.h.api.Calls()[p.mark:]
				}
			}
		}
	}
	p.h.t.Fatalf("no button %q sent to %d", choice, p.id)
	return nil
}

func (p *person) button(choice string) (string, int) {
	p.h.t.Helper()
	calls := p.h.api.CallsTo("sendMessage")
	for i := len(calls) - 1; i >= 0; i-- {
		c := calls[i]
		if c.ChatID() != uid(p.id) || c.Status != http.StatusOK || len(c.InlineKeyboard()) == 0 {
			continue
		}
		var seen []string
		for _, row := range c.InlineKeyboard() {
			for _, b := range row {
				if b.CallbackData == choice || strings.HasSuffix(b.CallbackData, "|"+choice) {
					return b.CallbackData, c.MessageID
				}
				seen = append(seen, b.CallbackData)
			}
		}
		p.h.t.Fatalf("no button %q on the last keyboard: %v\n%s", choice, seen, c.Params["text"])
	}
	p.h.t.Fatalf("no message with buttons sent to %d", p.id)
	return "", 0
}

// methods lists the Bot API methods of calls, e.g. "answerCallbackQuery editMessageReplyMarkup sendMessage".
func methods(calls []fakeapi.Call) string {
	names := make([]string, len(calls))
	for i, c := range calls {
		names[i] = c.Method
	}
	return strings.Join(names, " ")
}

// lastText is the text of the last sendMessage among calls.
func lastText(calls []fakeapi.Call) string {
	for i := len(calls) - 1; i >= 0; i-- {
		if calls[i].Method == "sendMessage" {
			return calls[i].Params["text"]
		}
	}
	return ""
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

// parallel runs fn(i) for i in [0, n) on up to workers goroutines.
func parallel(n, workers int, fn func(i int)) {
	var wg sync.WaitGroup
	next := atomic.Int64{}
	for range workers {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				fn(i)
			}
		})
	}
	wg.Wait()
}

// uid formats a Telegram id the way chats and update ids carry it.
func uid(n int64) string { return strconv.FormatInt(n, 10) }
