package main

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/internal/i18n"
	"github.com/eidbot/eidbot/internal/telegram/fakeapi"
	"github.com/eidbot/eidbot/locales"
)

const fixtures = "../../internal/telegram/testdata/updates" // the 78 real updates, see SOURCES.md there

func catalog(t *testing.T) *i18n.Catalog {
	t.Helper()
	c, err := i18n.Load(locales.FS())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestEveryRealUpdateIsAcknowledged posts the 78 real updates: each gets a
// 2xx, every callback query is answered, and the server keeps running.
func TestEveryRealUpdateIsAcknowledged(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(fixtures, "*.json"))
	if err != nil || len(files) != 78 {
		t.Fatalf("found %d update files in %s, want 78 (%v)", len(files), fixtures, err)
	}
	h := newHarness(t, 1)
	callbacks := 0
	for _, f := range files {
		body, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(body), `"callback_query"`) {
			callbacks++
		}
		if code := h.post(0, testSecret, body); code < 200 || code > 299 {
			t.Errorf("%s: status %d", filepath.Base(f), code)
		}
	}
	if got := len(h.api.CallsTo("answerCallbackQuery")); got != callbacks {
		t.Errorf("answered %d callback queries, want %d", got, callbacks)
	}
	if len(h.api.CallsTo("sendMessage")) == 0 {
		t.Error("no update got a reply; the /start updates should have")
	}
	resp, err := http.Get("http://" + h.mains[0].Addr() + "/healthz")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("server not healthy after the fixtures: %v %v", resp, err)
	}
	resp.Body.Close()
}

// walk is a path through the eligibility check by choice ids.
type walk struct {
	name      string
	choices   []string
	checklist string // title message id of the expected checklist, if any
	verdict   string // message id of the expected verdict text
	step      string // the verdict step, named by its legal-basis button
	messages  int    // what the last press sends: verdict, checklist, offices
}

var walks = []walk{
	{"citizen with card", []string{"check", "vn", "14_plus", "valid", "mine", "has"}, "cl.c1.title", "elig.v.c1", "v_c1", 2},
	{"foreigner with residence card", []string{"check", "foreign", "trc", "14_plus", "mine"}, "cl.f1.title", "elig.v.f1", "v_f1", 3},
	{"foreigner with visa only", []string{"check", "foreign", "none"}, "", "elig.v.fr_no_card", "v_fr_no_card", 2},
}

// TestEligibilityInFourLanguages walks the main paths through webhook
// updates and button presses and asserts the exact Bot API calls: the
// verdict comes short, the checklist in a message of its own, and the
// legal basis with its source when its button is pressed.
func TestEligibilityInFourLanguages(t *testing.T) {
	h := newHarness(t, 1)
	cat := catalog(t)
	for li, lang := range bot.Languages {
		for wi, w := range walks {
			t.Run(string(lang)+"/"+w.name, func(t *testing.T) {
				p := h.person(int64(1000+10*li+wi), string(lang))
				calls := p.say("/start")
				if methods(calls) != "sendMessage" {
					t.Fatalf("/start made calls %q", methods(calls))
				}
				if welcome := firstLine(cat.Text(lang, "welcome", map[string]any{"Name": "Tester&lt;b&gt;"})); !strings.Contains(lastText(calls), welcome) {
					t.Fatalf("welcome not in %s or the name was not escaped:\n%s", lang, lastText(calls))
				}
				last := len(w.choices) - 1
				for _, choice := range w.choices[:last] {
					calls = p.press(choice)
					if methods(calls) != "answerCallbackQuery editMessageReplyMarkup sendMessage" {
						t.Fatalf("press %q made calls %q", choice, methods(calls))
					}
				}
				calls = p.press(w.choices[last])
				want := "answerCallbackQuery editMessageReplyMarkup" + strings.Repeat(" sendMessage", w.messages)
				if methods(calls) != want {
					t.Fatalf("verdict made calls %q, want %q", methods(calls), want)
				}
				if want := firstLine(cat.Text(lang, w.verdict, nil)); !strings.Contains(calls[2].Params["text"], want) {
					t.Fatalf("verdict %s (%s) missing:\n%s", w.verdict, want, calls[2].Params["text"])
				}
				if w.checklist != "" && (!strings.Contains(calls[3].Params["text"], cat.Text(lang, w.checklist, nil)) ||
					strings.Contains(calls[2].Params["text"], cat.Text(lang, w.checklist, nil))) {
					t.Fatalf("checklist %s not in a message of its own:\n%s", w.checklist, calls[3].Params["text"])
				}
				calls = p.pressAny(w.step)
				if methods(calls) != "answerCallbackQuery sendMessage" || !strings.Contains(lastText(calls), `<a href="https://`) {
					t.Fatalf("legal basis: %q\n%s", methods(calls), lastText(calls))
				}
			})
		}
	}
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return strings.TrimSpace(line)
}

func TestStaleButtonAndFreeTextOverWebhook(t *testing.T) {
	h := newHarness(t, 1)
	cat := catalog(t)
	p := h.person(42, "en")
	p.say("/start check")
	oldData, oldMsg := p.button("vn")
	p.press("vn")
	calls := p.say("what?")
	if methods(calls) != "sendMessage" || !strings.Contains(lastText(calls), cat.Text(bot.English, "reprompt.buttons", nil)) {
		t.Fatalf("free text: %q %s", methods(calls), lastText(calls))
	}
	mark := len(h.api.Calls())
	h.mustPost(p.callback(oldData, oldMsg))
	calls = h.api.Calls()[mark:]
	if methods(calls) != "answerCallbackQuery sendMessage" {
		t.Fatalf("stale press made calls %q", methods(calls))
	}
	if calls[0].Params["text"] == "" || !strings.Contains(lastText(calls), cat.Text(bot.English, "stale.text", nil)) {
		t.Fatalf("stale press not explained: %v / %s", calls[0].Params, lastText(calls))
	}
}

func TestGroupChatOverWebhook(t *testing.T) {
	h := newHarness(t, 1)
	group := map[string]any{"id": -100123, "type": "supergroup", "title": "Tổ dân phố 5"}
	from := map[string]any{"id": 55, "is_bot": false, "first_name": "Bác Ba", "language_code": "vi"}
	msg := func(text string, command bool) []byte {
		m := map[string]any{"message_id": h.ids.Add(1), "from": from, "chat": group, "date": 1, "text": text}
		if command {
			m["entities"] = []map[string]any{{"type": "bot_command", "offset": 0, "length": len(strings.Fields(text)[0])}}
		}
		return mustJSON(map[string]any{"update_id": h.ids.Add(1), "message": m})
	}
	h.mustPost(msg("Mai họp tổ lúc 7 giờ nhé", false))
	h.mustPost(msg("/help@other_bot", true))
	if n := len(h.api.Calls()); n != 1 { // getMe only
		t.Fatalf("ordinary group talk got replies: %q", methods(h.api.Calls()))
	}
	h.mustPost(msg("/help@eid_test_bot", true))
	sent := h.api.CallsTo("sendMessage")
	if len(sent) != 1 {
		t.Fatalf("want one reply, got %d", len(sent))
	}
	kb := sent[0].InlineKeyboard()
	if len(kb) != 1 || kb[0][0].URL != "https://t.me/eid_test_bot?start=check" {
		t.Fatalf("group reply must offer a deep link into a private chat, got %+v", kb)
	}
}

func TestBlockedUser(t *testing.T) {
	h := newHarness(t, 1)
	p := h.person(61, "vi")
	h.api.FailNext("sendMessage", 1, fakeapi.Blocked().ForChat(61))
	p.say("/start") // Telegram says the user blocked the bot: still 200
	st, err := h.mains[0].core.store.IsBlocked(context.Background(), bot.Chat{Channel: "tg", ID: "61"})
	if err != nil || !st {
		t.Fatalf("blocked=%v err=%v", st, err)
	}
	// Unblocking (my_chat_member "member") clears it.
	h.mustPost(mustJSON(map[string]any{"update_id": h.ids.Add(1), "my_chat_member": map[string]any{
		"chat": p.chat(), "from": p.from(), "date": 1,
		"old_chat_member": map[string]any{"user": map[string]any{"id": 777000, "is_bot": true, "first_name": "EID"}, "status": "kicked"},
		"new_chat_member": map[string]any{"user": map[string]any{"id": 777000, "is_bot": true, "first_name": "EID"}, "status": "member"},
	}}))
	if st, err := h.mains[0].core.store.IsBlocked(context.Background(), bot.Chat{Channel: "tg", ID: "61"}); err != nil || st {
		t.Fatalf("unblock not recorded: blocked=%v err=%v", st, err)
	}
}
