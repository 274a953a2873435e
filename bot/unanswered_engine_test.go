package bot_test

import (
	"strings"
	"testing"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/bot/bottest"
	"github.com/eidbot/eidbot/flows"
	"github.com/eidbot/eidbot/internal/i18n"
	"github.com/eidbot/eidbot/locales"
)

// TestEngineKeepsUnansweredQuestionsRedacted: a typed question the bot
// cannot answer is handed to Config.Unanswered, redacted, in the language
// it is written in; one it answers is not.
func TestEngineKeepsUnansweredQuestionsRedacted(t *testing.T) {
	set := flows.MustLoadEmbedded()
	cat, err := i18n.Load(locales.FS())
	if err != nil {
		t.Fatal(err)
	}
	store, sender, kept := bottest.NewStore(), &bottest.Sender{}, &bottest.Unanswered{}
	topics, reader := realTopics()
	e, err := bot.NewEngine(bot.Config{Flows: set, Translator: cat, Sessions: store, Journal: store,
		Sender: sender, Now: func() time.Time { return t0 }, Features: testFeatures(t),
		Topics: topics, Reader: reader, Unanswered: kept})
	if err != nil {
		t.Fatal(err)
	}
	a := bottest.Person("", "tg:42", "Lan", "vi")
	bottest.NewScript(t, e, sender, a).Do("/start",
		"'xin chào", // small talk: no question left unanswered
		"'cần mang gì để làm định danh mức 2",
		"'dạ em cảm ơn ạ",
		"'làm hộ chiếu ở đâu vậy, tên tôi là Lan, sđt 0912345678",
		"'how do I extend my tourist visa")
	got := kept.Kept()
	if len(got) != 2 {
		t.Fatalf("kept %d questions, want the 2 the bot could not answer: %+v", len(got), got)
	}
	if got[0].Lang != bot.Vietnamese || !strings.Contains(got[0].Text, "hộ chiếu") ||
		strings.Contains(got[0].Text, "Lan") || strings.Contains(got[0].Text, "0912345678") {
		t.Errorf("kept %+v, want the passport question in vi without the name and the number", got[0])
	}
	if got[1].Lang != bot.English || !strings.Contains(got[1].Text, "visa") {
		t.Errorf("kept %+v, want the visa question in en", got[1])
	}
}
