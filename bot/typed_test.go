package bot_test

import (
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/bot/bottest"
	"github.com/eidbot/eidbot/bot/understand"
	"github.com/eidbot/eidbot/flows"
)

// realTopics are the embedded topics and a real index of their examples,
// built once: the index is read-only and safe for concurrent use.
var realTopics = sync.OnceValues(func() (*flows.Topics, bot.Reader) {
	topics := flows.MustLoadEmbeddedTopics()
	return topics, understand.New(topics)
})

// scriptedReader is a Reader that says what a test needs for each text,
// for the decisions whose examples are the matcher's to tune (an unsure
// question); anything else is outside.
type scriptedReader map[string]bot.Question

func (r scriptedReader) Read(text string) bot.Question { return r[text] }

// typedConv is a conversation with the embedded flows, topics and a real
// index; messages render as "lang:id" (bottest.Translator).
func typedConv(t *testing.T, reader bot.Reader, dir bot.Directory) *conv {
	t.Helper()
	topics, real := realTopics()
	if reader == nil {
		reader = real
	}
	store, sender := bottest.NewStore(), &bottest.Sender{}
	e, err := bot.NewEngine(bot.Config{Flows: flows.MustLoadEmbedded(), Translator: bottest.Translator{},
		Sessions: store, Journal: store, Sender: sender, Now: func() time.Time { return t0 },
		Features: testFeatures(t), Topics: topics, Reader: reader, Directory: dir})
	if err != nil {
		t.Fatal(err)
	}
	return &conv{t: t, e: e, s: bot.NewSession(private, "vi", t0)}
}

// wantNoText fails when a text reply contains any of subs.
func (c *conv) wantNoText(subs ...string) *conv {
	c.t.Helper()
	for _, s := range subs {
		if strings.Contains(c.texts(), s) {
			c.t.Fatalf("replies contain %q:\n%s", s, c.texts())
		}
	}
	return c
}

// wantButton fails unless the last message with buttons has one whose
// data is data.
func (c *conv) wantButton(data string) *conv {
	c.t.Helper()
	if !slices.Contains(c.buttons(), data) {
		c.t.Fatalf("no button %q among %v", data, c.buttons())
	}
	return c
}

func TestTypedQuestionAsksWhoOnceThenAnswers(t *testing.T) {
	c := typedConv(t, nil, nil).do(cmd("start", ""))
	c.do(text("can mang gi de lam dinh danh muc 2")).wantText("vi:ask.who.q").wantAt("menu", "main")
	c.wantButtons("tw|citizen|bring|vi", "tw|child|bring|vi", "tw|foreigner|bring|vi", "m")
	c.do(press("tw|citizen|bring|vi", 0)).wantAt("documents", "c1_next").wantText("vi:cl.")
	if got := c.s.Remembered; got["who"] != "citizen" || got["nationality"] != "vn" {
		t.Fatalf("remembered %v, want who=citizen and nationality=vn", got)
	}
	// Asked once: the next question that depends on it is answered at once.
	c.do(cmd("menu", "")).do(text("lam o dau vay")).wantNoText("ask.who.q", "who.q").wantText("vi:docs.basis.c1")
}

func TestTypedQuestionForAChild(t *testing.T) {
	c := typedConv(t, nil, nil).do(cmd("start", ""))
	c.do(text("can mang gi de lam dinh danh muc 2")).do(press("tw|child|bring|vi", 0)).wantAt("documents", "c3_next")
	if got := c.s.Remembered; got["who"] != "child" || got["nationality"] != "vn" {
		t.Fatalf("remembered %v, want who=child and nationality=vn", got)
	}
}

func TestTypedQuestionUsesTheNationalityOfTheCheck(t *testing.T) {
	c := typedConv(t, nil, nil).do(cmd("start", "check")).do(press("a|eligibility|who|foreign", 1))
	c.do(cmd("menu", "")).do(text("where do I apply as a foreigner?")).wantNoText("who.q")
	c.wantText("en:elig.f_offices").wantNoText("docs.basis.c1")
	c.wantButton("l|en")
	if c.s.Lang != bot.Vietnamese {
		t.Fatalf("the chat's language changed to %s without asking", c.s.Lang)
	}
}

func TestTypedQuestionInAnotherLanguageOffersToSwitch(t *testing.T) {
	c := typedConv(t, nil, nil).do(cmd("start", ""))
	c.do(text("办下来需要多长时间？")).wantText("zh:ask.who.q").wantNoText("vi:ask.who.q")
	c.wantButton("tw|foreigner|duration|zh").wantButton("l|zh")
	c.do(press("tw|foreigner|duration|zh", 0)).wantText("zh:docs.basis.f1").wantButton("l|zh")
	if c.s.Lang != bot.Vietnamese {
		t.Fatalf("answering in Chinese switched the chat to %s", c.s.Lang)
	}
	c.do(press("l|zh", 0))
	if c.s.Lang != bot.Chinese {
		t.Fatalf("the switch button left the chat in %s", c.s.Lang)
	}
}

func TestKoreanQuestionIsAnsweredInKorean(t *testing.T) {
	c := typedConv(t, nil, nil).do(cmd("start", ""))
	c.do(text("여권 필요한가요?")).wantText("ko:ask.who.q").wantButton("l|ko")
	c.do(press("tw|foreigner|bring|ko", 0)).wantAt("documents", "f1_next").wantText("ko:cl.")
}

func TestPassportQuestionIsOutside(t *testing.T) {
	c := typedConv(t, nil, nil).do(cmd("start", ""))
	c.do(text("làm hộ chiếu ở đâu")).wantText("vi:ask.outside", "vi:menu.q").wantAt("menu", "main")
	c.wantNoText("docs.basis", "elig.f_offices", "cl.").wantButton("to|vi")
	c.do(press("to|vi", 0)).wantText("vi:ask.officer.find").wantNoText("Phone=")
}

// TestSmallTalkIsAnsweredInKind: a greeting or thanks gets a word in kind
// and the menu, not "I can't answer that"; one in another of the bot's
// languages is answered in it, "hello" in the chat's; an "ok" gets the
// menu alone, a goodbye a goodbye and the menu's button.
func TestSmallTalkIsAnsweredInKind(t *testing.T) {
	c := typedConv(t, nil, nil).do(cmd("start", ""))
	c.do(text("xin chào")).wantText("vi:smalltalk.greeting", "vi:menu.q").wantAt("menu", "main").wantNoText("ask.outside", "ask.unsure")
	c.do(text("dạ em cảm ơn ad nhiều ạ 🙏")).wantText("vi:smalltalk.thanks", "vi:menu.q").wantNoText("ask.outside", "ask.unsure")
	c.do(text("hello!")).wantText("vi:smalltalk.greeting").wantNoText("en:")
	c.do(text("谢谢")).wantText("zh:smalltalk.thanks", "zh:menu.q").wantButton("l|zh")
	c.do(text("ok")).wantText("vi:menu.q").wantNoText("smalltalk.", "ask.outside")
	c.do(text("tạm biệt")).wantText("vi:smalltalk.bye").wantNoText("menu.q").wantButtons("m")
	// With a question, it is the question that is answered.
	c.do(text("xin chào, làm hộ chiếu ở đâu")).wantText("vi:ask.outside").wantNoText("smalltalk.")
}

// TestSmallTalkMidFlowRepromptsTheStep: in the middle of a flow a "thanks"
// is no answer to the question shown, which is asked again.
func TestSmallTalkMidFlowRepromptsTheStep(t *testing.T) {
	c := typedConv(t, nil, nil).do(cmd("start", "check")).do(press("a|eligibility|who|vn", 1)).wantAt("eligibility", "age")
	c.do(text("cảm ơn")).wantNoText("smalltalk.", "menu.q").wantText("vi:elig.q.age").wantAt("eligibility", "age")
}

// phoneDirectory is bottest.Directory whose point p1 has a phone and
// opening hours.
type phoneDirectory struct{ bottest.Directory }

func (d phoneDirectory) Point(id string) (bot.Point, bool) {
	p, ok := d.Directory.Point(id)
	if id == "p1" {
		p.Phone = "+84 28 0000 0000"
		for day := time.Monday; day <= time.Friday; day++ {
			p.Hours[day] = []string{"07:30-11:30", "13:30-17:00"}
		}
		p.Hours[time.Saturday] = []string{"07:30-11:30"}
	}
	return p, ok
}

func TestAskAnOfficerGivesTheChosenPointsPhoneAndHours(t *testing.T) {
	c := typedConv(t, nil, phoneDirectory{}).do(cmd("start", ""))
	c.do(cmd("officer", "")).wantText("vi:ask.officer.find")
	c.s.Dialog.Answers = map[string]string{"point": "p1"}
	c.do(cmd("officer", "")).wantText("vi:ask.officer.point Address=1 Lê Lợi " +
		"Hours=vi:date.weekday.1 – vi:date.weekday.5: 07:30-11:30, 13:30-17:00\nvi:date.weekday.6: 07:30-11:30 " +
		"Phone=+84 28 0000 0000 Point=Công an phường A")
	// A point without a phone: no number is made up.
	c.s.Dialog.Answers = map[string]string{"point": "t1"}
	c.do(cmd("officer", "")).wantText("vi:ask.officer.find")
}

func TestUnsureQuestionOffersTopics(t *testing.T) {
	reader := scriptedReader{"giay to": {Kind: bot.QuestionUnsure, Offer: []string{"bring", "integrate"}, Lang: bot.Vietnamese, LangClear: true}}
	c := typedConv(t, reader, nil).do(cmd("start", ""))
	c.do(text("giay to")).wantText("vi:ask.unsure").wantButtons("tq|bring|vi", "tq|integrate|vi", "m")
	c.do(press("tq|integrate|vi", 0))
	if c.s.Dialog.Flow != "integrate" {
		t.Fatalf("at %+v, want the integrate flow", c.s.Dialog)
	}
}

func TestUnsureQuestionOnATextChannelIsAnsweredByNumber(t *testing.T) {
	reader := scriptedReader{"giay to": {Kind: bot.QuestionUnsure, Offer: []string{"bring", "integrate"}, Lang: bot.Vietnamese, LangClear: true}}
	c := typedConv(t, reader, nil)
	c.s = bot.NewSession(zalo, "vi", t0)
	c.do(onZalo(cmd("start", ""))).do(onZalo(text("giay to"))).wantText("vi:ask.unsure")
	// Each answer comes a few seconds after the question it answers, as a
	// person reads (a number typed within bot.ShownGrace would answer the
	// question shown before).
	c.do(onZalo(at(text("1"), 5*time.Second))).wantText("vi:ask.who.q") // "What to bring" depends on who
	c.do(onZalo(at(text("3"), 10*time.Second))).wantAt("documents", "f1_next")
}

func TestClearQuestionMidFlowKeepsTheFlow(t *testing.T) {
	c := typedConv(t, nil, nil).do(cmd("start", "check")).do(press("a|eligibility|who|vn", 1)).wantAt("eligibility", "age")
	answers := c.s.Dialog.Answers["nationality"] + c.s.Remembered["nationality"]
	c.do(text("sdt ko chinh chu co lam dc ko")).wantAt("eligibility", "age")
	c.wantText("vi:prob.not_my_name", "vi:ask.back", "vi:elig.q.age").wantNoText("vi:prob.q")
	if got := c.s.Dialog.Answers["nationality"] + c.s.Remembered["nationality"]; got != answers {
		t.Fatalf("answers changed: %q, was %q", got, answers)
	}
	// The step still takes its answers typed: a label, a number.
	c.do(text("3")).wantAt("eligibility", "card")
}

func TestQuestionForAFlowMidFlowIsOfferedAsAButton(t *testing.T) {
	c := typedConv(t, nil, nil).do(cmd("start", "check")).do(press("a|eligibility|who|vn", 1)).wantAt("eligibility", "age")
	c.do(text("toi muon dat lich hen")).wantAt("eligibility", "age")
	c.wantText("vi:ask.goto", "vi:ask.back", "vi:elig.q.age")
	if !slices.ContainsFunc(c.out.Replies, func(r bot.Reply) bool {
		return len(r.Buttons) == 1 && r.Buttons[0][0].Data == "tq|book|vi"
	}) {
		t.Fatalf("no button for the topic:\n%+v", c.out.Replies)
	}
	c.do(press("tq|book|vi", 0))
	if c.s.Dialog.Flow != "booking" || c.s.Dialog.Paused == nil || *c.s.Dialog.Paused != (bot.Position{Flow: "eligibility", Step: "age"}) {
		t.Fatalf("the check was not set aside to resume: %+v", c.s.Dialog)
	}
}

func TestOutsideQuestionMidFlowRepromptsTheStep(t *testing.T) {
	c := typedConv(t, nil, nil).do(cmd("start", "check"))
	c.do(text("làm hộ chiếu ở đâu")).wantAt("eligibility", "who").wantText("vi:reprompt.buttons").wantNoText("ask.outside")
}

// TestTypedInputComesBeforeQuestions: at a step that expects typed input,
// input that passes the step's validation is its answer; anything else
// that reads as a clear question is answered, and the step asked again.
func TestTypedInputComesBeforeQuestions(t *testing.T) {
	fsys := fstest.MapFS{
		"questions/topics.yaml": {Data: []byte(`topics:
  phone:
    description: No phone number.
    answer: problems.phone
  out_of_scope:
    description: Anything else.
    answer: none
`)},
		"questions/vi.yaml": {Data: []byte("phone: {phone.vi.1: khong co sdt}\nout_of_scope: {out_of_scope.vi.1: ho chieu}\n")},
	}
	topics, probs := flows.LoadTopics(fsys)
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	everything := readerFunc(func(string) bot.Question {
		return bot.Question{Kind: bot.QuestionAnswerable, Topic: "phone", Lang: bot.Vietnamese, LangClear: true}
	})
	store, sender := bottest.NewStore(), &bottest.Sender{}
	e, err := bot.NewEngine(bot.Config{Flows: testFlows(t), Translator: bottest.Translator{}, Sessions: store,
		Journal: store, Sender: sender, Now: func() time.Time { return t0 }, Topics: topics, Reader: everything})
	if err != nil {
		t.Fatal(err)
	}
	c := &conv{t: t, e: e, s: bot.NewSession(private, "vi", t0)}
	c.do(cmd("start", "check")).do(press("a|eligibility|nationality|citizen", 1)).do(press("a|eligibility|age|a14", 2))
	c.wantAt("eligibility", "email")
	c.do(text("no email, what if I have no phone?")).wantAt("eligibility", "email")
	c.wantText("vi:problems.phone_answer", "vi:ask.back", "vi:elig.q.email").wantNoText("elig.bad_email")
	c.do(text("lan@example.org")).wantText("vi:verdict.adult")
	if got := c.s.Case.Answers["email"]; got != "lan@example.org" {
		t.Fatalf("email saved as %q", got)
	}
}

// TestTypedQuestionLogsNoText: once the update is committed, the log
// names the decision, topic, example and score, never what the person
// typed.
func TestTypedQuestionLogsNoText(t *testing.T) {
	var logs strings.Builder
	topics, reader := realTopics()
	store, sender := bottest.NewStore(), &bottest.Sender{}
	e, err := bot.NewEngine(bot.Config{Flows: flows.MustLoadEmbedded(), Translator: bottest.Translator{},
		Sessions: store, Journal: store, Sender: sender, Now: func() time.Time { return t0 },
		Features: testFeatures(t), Topics: topics, Reader: reader, Log: slog.New(slog.NewTextHandler(&logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	const question = "sdt ko chinh chu co lam dc ko"
	handle(t, e, text(question))
	got := logs.String()
	if n := strings.Count(got, "typed question"); n != 1 {
		t.Errorf("logged %d times:\n%s", n, got)
	}
	for _, want := range []string{"decision=answerable", "topic=not_my_name", "example=not_my_name.vi.", "score="} {
		if !strings.Contains(got, want) {
			t.Errorf("log lacks %q:\n%s", want, got)
		}
	}
	for _, word := range strings.Fields(question) {
		if len(word) > 3 && strings.Contains(got, word) {
			t.Errorf("log contains the typed word %q:\n%s", word, got)
		}
	}
}

// TestOutOfScopeTopicIsNeverAnswered: a reader that names the
// out-of-scope pseudo-topic as answerable still gets the honest answer at
// rest and the re-prompt mid-flow.
func TestOutOfScopeTopicIsNeverAnswered(t *testing.T) {
	reader := scriptedReader{"visa": {Kind: bot.QuestionAnswerable, Topic: flows.OutOfScope, Lang: bot.Vietnamese, LangClear: true}}
	c := typedConv(t, reader, nil).do(cmd("start", ""))
	c.do(text("visa")).wantText("vi:ask.outside").wantAt("menu", "main")
	c.do(cmd("start", "check")).do(text("visa")).wantText("vi:reprompt.buttons").wantAt("eligibility", "who").wantNoText("ask.")
}

// TestOutsideQuestionInAnotherLanguage: the honest answer, the menu and
// "Ask an officer" come in the question's language, with the switch.
func TestOutsideQuestionInAnotherLanguage(t *testing.T) {
	reader := scriptedReader{"renew my visa?": {Kind: bot.QuestionOutside, Lang: bot.English, LangClear: true}}
	c := typedConv(t, reader, nil).do(cmd("start", ""))
	c.do(text("renew my visa?")).wantText("en:ask.outside", "en:menu.q").wantButton("to|en").wantButton("l|en")
	c.do(press("to|en", 0)).wantText("en:ask.officer.find")
	if c.s.Lang != bot.Vietnamese {
		t.Fatalf("the chat switched to %s without asking", c.s.Lang)
	}
}

// at is u, sent d after t0.
func at(u bot.Update, d time.Duration) bot.Update {
	u.Time = t0.Add(d)
	return u
}
