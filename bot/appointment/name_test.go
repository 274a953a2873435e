package appointment_test

import (
	"strings"
	"testing"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/bot/understand"
	"github.com/eidbot/eidbot/flows"
	"github.com/eidbot/eidbot/internal/i18n"
	"github.com/eidbot/eidbot/locales"
)

// TestButtonLabelsAreNotNames: at the name step, the label of any button
// in any language ("Skip", "Bỏ qua", "☰ Menu", "✅ I agree" …) and a
// typed question are refused with their reason and the name asked again;
// nothing is saved until a name comes.
func TestButtonLabelsAreNotNames(t *testing.T) {
	cat, err := i18n.Load(locales.FS())
	if err != nil {
		t.Fatal(err)
	}
	r := newRig(t, func() time.Time { return early })
	c := r.chat(t, "en")
	c.eligible()
	c.toConsent()
	c.press("agree")
	c.press("no")
	var typed []string
	for _, lang := range bot.Languages {
		for _, id := range []string{"book.btn.skip_phone", "nav.menu", "book.btn.agree", "menu.btn.book", "resume.restart"} {
			typed = append(typed, cat.Text(lang, id, nil))
		}
	}
	typed = append(typed, "skip", "bo qua", "BỎ QUA")
	for _, text := range typed {
		rs := c.text(text)
		if !strings.Contains(joined(rs), "a button's text, not a name") || !strings.Contains(joined(rs), "full name as on your ID card") {
			t.Fatalf("%q at the name step:\n%s", text, joined(rs))
		}
	}
	if rs := c.text("where do I go?"); !strings.Contains(joined(rs), "looks like a question") {
		t.Fatalf("a question at the name step:\n%s", joined(rs))
	}
	if rs := c.text("Lê Thị Hoa"); !strings.Contains(joined(rs), "phone number") {
		t.Fatalf("a real name:\n%s", joined(rs))
	}
	c.text("0912 345 678")
	c.press("yes")
	if a, found, err := r.books.Active(ctx, private.Key()); err != nil || !found || a.Name != "Lê Thị Hoa" {
		t.Fatalf("booked %+v, %v, %v", a, found, err)
	}
}

// readerFunc is a bot.Reader written inline.
type readerFunc func(text string) bot.Question

func (f readerFunc) Read(text string) bot.Question { return f(text) }

// TestQuestionAtTheNameStepIsAnswered: a typed question at the name step
// ("where do I go?") is answered, the name is asked again, and nothing is
// saved as a name.
func TestQuestionAtTheNameStepIsAnswered(t *testing.T) {
	where := readerFunc(func(text string) bot.Question {
		if strings.Contains(text, "where") {
			return bot.Question{Kind: bot.QuestionAnswerable, Topic: "where", Lang: bot.English, LangClear: true}
		}
		return bot.Question{Kind: bot.QuestionOutside}
	})
	r := newRigReading(t, func() time.Time { return early }, where)
	c := r.chat(t, "en")
	c.eligible()
	c.toConsent()
	c.press("agree")
	c.press("no")
	rs := joined(c.text("where do I go?"))
	answered := strings.Contains(rs, "Back to where we were") || strings.Contains(rs, "Tap the button below for that")
	if !answered || strings.Contains(rs, "looks like a question") || !strings.Contains(rs, "full name as on your ID card") {
		t.Fatalf("a question at the name step was not answered, or the name not asked again:\n%s", rs)
	}
	if rs := c.text("Lê Thị Hoa"); !strings.Contains(joined(rs), "phone number") {
		t.Fatalf("the name after the question:\n%s", joined(rs))
	}
}

// TestSmallTalkIsNotAName: "vâng ạ", "ok" or "cảm ơn" typed at the name
// step is refused with its reason and the name asked again, not saved as
// the person's name; a name is then taken.
func TestSmallTalkIsNotAName(t *testing.T) {
	r := newRigReading(t, func() time.Time { return early }, understand.New(flows.MustLoadEmbeddedTopics()))
	c := r.chat(t, "en")
	c.eligible()
	c.toConsent()
	c.press("agree")
	c.press("no")
	for _, text := range []string{"ok", "vâng ạ", "cảm ơn", "thank you!"} {
		rs := joined(c.text(text))
		if !strings.Contains(rs, "not a name, so I did not save it") || !strings.Contains(rs, "full name as on your ID card") {
			t.Fatalf("%q at the name step:\n%s", text, rs)
		}
	}
	if rs := c.text("Lê Thị Hoa"); !strings.Contains(joined(rs), "phone number") {
		t.Fatalf("a real name:\n%s", joined(rs))
	}
}
