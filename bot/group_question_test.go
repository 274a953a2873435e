package bot_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/bot/bottest"
	"github.com/eidbot/eidbot/bot/committee"
	"github.com/eidbot/eidbot/flows"
	"github.com/eidbot/eidbot/internal/i18n"
	"github.com/eidbot/eidbot/locales"
)

// groupChat is the ward group of the group tests; groupAdmin is a
// super-admin, who may register it and turn auto-answer on.
var groupChat = bot.Chat{Channel: "tg", ID: "-100200", Kind: bot.ChatGroup}

const groupAdmin bot.UserID = "tg:42"

// readerFunc is a bot.Reader written inline: the engine's tests decide
// what a question means, so that they test the engine, not the matcher.
type readerFunc func(text string) bot.Question

func (f readerFunc) Read(text string) bot.Question { return f(text) }

// stubQuestions are the meanings the stub reader knows; anything else is
// outside the bot's subject.
var stubQuestions = map[string]bot.Question{
	"scams?":       {Kind: bot.QuestionAnswerable, Topic: "scams", Lang: bot.Vietnamese, LangClear: true},
	"no phone?":    {Kind: bot.QuestionAnswerable, Topic: "no_phone", Lang: bot.Vietnamese, LangClear: true},
	"compulsory?":  {Kind: bot.QuestionAnswerable, Topic: "compulsory", Lang: bot.Vietnamese, LangClear: true},
	"bring?":       {Kind: bot.QuestionAnswerable, Topic: "bring", Lang: bot.Vietnamese, LangClear: true},
	"fees?":        {Kind: bot.QuestionAnswerable, Topic: "fees", Lang: bot.Vietnamese, LangClear: true},
	"book?":        {Kind: bot.QuestionAnswerable, Topic: "book", Lang: bot.Vietnamese, LangClear: true},
	"notices?":     {Kind: bot.QuestionAnswerable, Topic: "notices", Lang: bot.Vietnamese, LangClear: true},
	"scams in en?": {Kind: bot.QuestionAnswerable, Topic: "scams", Lang: bot.English, LangClear: true},
	"phone?":       {Kind: bot.QuestionUnsure, Offer: []string{"no_phone", "new_phone", "nope"}, Lang: bot.Vietnamese},
}

func stubReader() bot.Reader {
	return readerFunc(func(text string) bot.Question {
		if q, ok := stubQuestions[text]; ok {
			return q
		}
		return bot.Question{Kind: bot.QuestionOutside}
	})
}

// groupRig is an engine on the real flows, locales and topics with the
// committees feature (groupAdmin a super-admin), auto-answer settings and
// a clock the test moves.
type groupRig struct {
	t      *testing.T
	e      *bot.Engine
	store  *bottest.Store
	auto   *bottest.AutoAnswers
	sender *bottest.Sender
	cat    *i18n.Catalog
	now    time.Time
	id     int
}

func newGroupRig(t *testing.T, reader bot.Reader) *groupRig {
	t.Helper()
	return newObservedGroupRig(t, reader, nil)
}

// newObservedGroupRig is newGroupRig whose engine tells obs (nil: nobody).
func newObservedGroupRig(t *testing.T, reader bot.Reader, obs bot.Observer) *groupRig {
	t.Helper()
	r := &groupRig{t: t, store: bottest.NewStore(), auto: bottest.NewAutoAnswers(), sender: &bottest.Sender{}, now: t0}
	r.e, r.cat = groupEngine(t, r.store, r.auto, r.sender, reader, func() time.Time { return r.now }, obs)
	return r
}

// groupEngine builds the engine of the group tests and transcripts.
func groupEngine(t testing.TB, store *bottest.Store, auto bot.AutoAnswers, sender bot.Sender, reader bot.Reader, now func() time.Time, obs bot.Observer) (*bot.Engine, *i18n.Catalog) {
	t.Helper()
	cat, err := i18n.Load(locales.FS())
	if err != nil {
		t.Fatal(err)
	}
	committees, err := committee.New(committee.Config{Admins: []bot.UserID{groupAdmin}, Areas: bottest.Areas(),
		Roles: bottest.NewRoles(), Audit: bottest.NewAudit(now), Subscriptions: bottest.NewSubscriptions(now),
		Campaigns: bottest.NewCampaigns(now), Directory: bottest.Directory{}, AutoAnswers: auto})
	if err != nil {
		t.Fatal(err)
	}
	features := append(testFeatures(t)[:1], committees)
	e, err := bot.NewEngine(bot.Config{Flows: flows.MustLoadEmbedded(), Translator: cat, Sessions: store, Journal: store,
		Sender: sender, BotUsername: "eid_bot", Now: now, Features: features,
		Topics: flows.MustLoadEmbeddedTopics(), Reader: reader, AutoAnswers: auto, Observer: obs})
	if err != nil {
		t.Fatal(err)
	}
	return e, cat
}

// send handles u in the group from user and returns what the bot sent.
func (r *groupRig) send(user bot.UserID, u bot.Update) []bot.Reply {
	r.t.Helper()
	r.id++
	if u.ID == "" {
		u.ID = "g" + strconv.Itoa(r.id)
	}
	if u.MessageID == 0 {
		u.MessageID = 500 + r.id
	}
	u.Chat, u.From, u.Time = groupChat, bot.User{ID: user, FirstName: "Lan", LanguageCode: "vi"}, r.now
	before := len(r.sender.Replies())
	if err := r.e.Handle(context.Background(), u); err != nil {
		r.t.Fatalf("Handle: %v", err)
	}
	return r.sender.Replies()[before:]
}

// ask writes text in the group, addressed to the bot or not.
func (r *groupRig) ask(text string, addressed bool) []bot.Reply {
	return r.send("tg:7", bot.Update{Kind: bot.UpdateText, Text: text, Addressed: addressed})
}

func (r *groupRig) command(user bot.UserID, name, payload string) []bot.Reply {
	return r.send(user, bot.Update{Kind: bot.UpdateCommand, Command: name, Payload: payload, Addressed: true})
}

// text renders message id in Vietnamese, the group's language.
func (r *groupRig) text(id string) string { return r.cat.Text(bot.Vietnamese, id, nil) }

// one returns the single text reply of rs.
func one(t *testing.T, rs []bot.Reply) bot.Reply {
	t.Helper()
	if len(rs) != 1 || rs[0].Kind != bot.ReplyText {
		t.Fatalf("want one message, got %+v", rs)
	}
	return rs[0]
}

// privateLink returns the URL of the reply's only button.
func privateLink(t *testing.T, r bot.Reply) string {
	t.Helper()
	if len(r.Buttons) != 1 || len(r.Buttons[0]) != 1 || r.Buttons[0][0].URL == "" {
		t.Fatalf("want one link button, got %+v", r.Buttons)
	}
	return r.Buttons[0][0].URL
}

func TestGroupQuestionAddressedGetsTheShortAnswer(t *testing.T) {
	r := newGroupRig(t, stubReader())
	rs := r.ask("@eid_bot scams?", true)
	got := one(t, rs)
	if !strings.Contains(got.Text, r.text("prob.scams")) {
		t.Errorf("answer %q does not hold the scams answer", got.Text)
	}
	if got.ReplyTo != 501 {
		t.Errorf("ReplyTo = %d, want the question's message 501", got.ReplyTo)
	}
	if link := privateLink(t, got); link != "https://t.me/eid_bot?start=problems" {
		t.Errorf("link = %q", link)
	}
}

func TestGroupAnswerForCitizensSaysForeignersDiffer(t *testing.T) {
	r := newGroupRig(t, stubReader())
	got := one(t, r.ask("no phone?", true))
	if !strings.Contains(got.Text, r.text("prob.no_phone")) || !strings.Contains(got.Text, r.text("group.q.foreigners")) {
		t.Errorf("answer = %q", got.Text)
	}
	got = one(t, r.ask("compulsory?", true))
	if strings.Contains(got.Text, r.text("group.q.foreigners")) {
		t.Errorf("the answer both read says foreigners get another: %q", got.Text)
	}
}

func TestGroupQuestionThatDependsOnWhoAsksGoesPrivate(t *testing.T) {
	r := newGroupRig(t, stubReader())
	got := one(t, r.ask("fees?", true))
	if got.Text != r.text("group.q.depends") {
		t.Errorf("answer = %q", got.Text)
	}
	if link := privateLink(t, got); link != "https://t.me/eid_bot?start=bring" {
		t.Errorf("link = %q", link)
	}
	got = one(t, r.ask("bring?", true)) // the general guidance says it for everyone
	if got.Text != r.text("group.help") || privateLink(t, got) != "https://t.me/eid_bot?start=bring" {
		t.Errorf("bring: %q %+v", got.Text, got.Buttons)
	}
	got = one(t, r.ask("book?", true))
	if got.Text != r.text("group.q.private") || privateLink(t, got) != "https://t.me/eid_bot?start=book" {
		t.Errorf("booking: %q %+v", got.Text, got.Buttons)
	}
	got = one(t, r.ask("notices?", true)) // /subscribe works in a group: it runs
	if got.Text != r.text("group.subscribe") {
		t.Errorf("notices: %q", got.Text)
	}
}

func TestGroupQuestionUnsureOffersTopics(t *testing.T) {
	r := newGroupRig(t, stubReader())
	got := one(t, r.ask("phone?", true))
	if !strings.HasPrefix(got.Text, r.text("group.q.unsure")) {
		t.Fatalf("answer = %q", got.Text)
	}
	want := [][]bot.Button{{{Label: r.text("ask.topic.no_phone"), Data: "gq|no_phone"}}, {{Label: r.text("ask.topic.new_phone"), Data: "gq|new_phone"}}}
	if bottest.Labels(got.Buttons) != bottest.Labels(want) || got.Buttons[1][0].Data != "gq|new_phone" {
		t.Fatalf("buttons = %+v", got.Buttons)
	}
	rs := r.send("tg:8", bot.Update{Kind: bot.UpdateButton, Button: &bot.Press{Data: "gq|no_phone", CallbackID: "cb1", MessageID: 101}})
	var answered bool
	for _, rep := range rs {
		answered = answered || rep.Kind == bot.ReplyText && strings.Contains(rep.Text, r.text("prob.no_phone"))
	}
	if !answered {
		t.Errorf("pressing a topic did not answer it: %+v", rs)
	}
}

func TestGroupQuestionOutsideIsNotGuessed(t *testing.T) {
	r := newGroupRig(t, stubReader())
	got := one(t, r.ask("làm hộ chiếu ở đâu", true))
	if got.Text != r.text("group.q.outside") || len(got.Buttons) != 0 {
		t.Errorf("answer = %q %+v", got.Text, got.Buttons)
	}
}

// TestGroupSmallTalk: "@eid_bot xin chào" is greeted and told how to ask,
// a thanks is answered in kind, and neither gets "I cannot answer that";
// unaddressed, small talk gets nothing, even with auto-answer on.
func TestGroupSmallTalk(t *testing.T) {
	_, reader := realTopics()
	r := newGroupRig(t, reader)
	if got := one(t, r.ask("@eid_bot xin chào", true)); got.Text != r.text("smalltalk.greeting")+"\n\n"+r.text("group.q.how") {
		t.Errorf("greeting answered %q", got.Text)
	}
	if got := one(t, r.ask("cảm ơn bot nhiều nhé", true)); got.Text != r.text("smalltalk.thanks") {
		t.Errorf("thanks answered %q", got.Text)
	}
	if got := one(t, r.ask("tạm biệt mọi người", true)); got.Text != r.text("smalltalk.bye") || len(got.Buttons) != 0 {
		t.Errorf("goodbye answered %q %+v", got.Text, got.Buttons)
	}
	if err := r.auto.SetAutoAnswer(context.Background(), groupChat, true); err != nil {
		t.Fatal(err)
	}
	if rs := r.ask("cảm ơn mọi người", false); len(rs) != 0 {
		t.Errorf("overheard thanks answered: %+v", rs)
	}
}

func TestGroupQuestionWithPersonalDetailsIsSentPrivate(t *testing.T) {
	r := newGroupRig(t, stubReader())
	got := one(t, r.ask("scams? sđt em 0912 345 678", true))
	if got.Text != r.text("group.q.personal") || privateLink(t, got) == "" {
		t.Errorf("answer = %q", got.Text)
	}
}

func TestHoiAsksInAGroup(t *testing.T) {
	r := newGroupRig(t, stubReader())
	if got := one(t, r.command("tg:7", "hoi", "scams?")); !strings.Contains(got.Text, r.text("prob.scams")) {
		t.Errorf("/hoi scams? = %q", got.Text)
	}
	if got := one(t, r.command("tg:7", "hoi", "")); got.Text != r.text("group.q.how") {
		t.Errorf("/hoi = %q", got.Text)
	}
}

func TestGroupQuestionInAnotherLanguageIsAnsweredInIt(t *testing.T) {
	r := newGroupRig(t, stubReader())
	got := one(t, r.ask("scams in en?", true))
	if !strings.Contains(got.Text, r.cat.Text(bot.English, "prob.scams", nil)) || got.Buttons[0][0].Label != r.cat.Text(bot.English, "group.private", nil) {
		t.Errorf("answer = %q %+v", got.Text, got.Buttons)
	}
	s, _, _ := r.store.Load(context.Background(), groupChat)
	if s.Lang != bot.Vietnamese {
		t.Errorf("the group's language became %s", s.Lang)
	}
}

func TestUnaddressedGroupTextWithoutAutoAnswerLeavesNoTrace(t *testing.T) {
	r := newGroupRig(t, stubReader())
	for _, text := range []string{"scams?", "hello everyone", "bring?"} {
		if rs := r.ask(text, false); len(rs) != 0 {
			t.Errorf("%q was answered: %+v", text, rs)
		}
	}
	if n := r.store.Len(); n != 0 {
		t.Errorf("%d sessions stored for unaddressed messages", n)
	}
}

// turnAutoAnswerOn registers the group and turns auto-answer on, as the
// super-admin.
func (r *groupRig) turnAutoAnswerOn() {
	r.t.Helper()
	pick := one(r.t, r.command(groupAdmin, "register_group", "")) // a super-admin picks the area
	r.send(groupAdmin, bot.Update{Kind: bot.UpdateButton, Button: &bot.Press{Data: pick.Buttons[0][0].Data, CallbackID: "cbr"}})
	if got := one(r.t, r.command(groupAdmin, "autoanswer", "on")); got.Text != r.text("autoanswer.on") {
		r.t.Fatalf("/autoanswer on = %q", got.Text)
	}
}

func TestAutoAnswerOncePerTopicPerWindow(t *testing.T) {
	r := newGroupRig(t, stubReader())
	r.turnAutoAnswerOn()
	s0, _, _ := r.store.Load(context.Background(), groupChat)

	first := r.send("tg:7", bot.Update{ID: "q1", Kind: bot.UpdateText, Text: "scams?", MessageID: 900})
	got := one(t, first)
	if !strings.Contains(got.Text, r.text("prob.scams")) || got.ReplyTo != 900 {
		t.Fatalf("first asker: %q, reply to %d", got.Text, got.ReplyTo)
	}
	answer := len(r.sender.Replies()) + 100 // bottest.Sender's message id

	if rs := r.send("tg:7", bot.Update{ID: "q1", Kind: bot.UpdateText, Text: "scams?", MessageID: 900}); len(rs) != 0 {
		t.Errorf("the same message was answered twice: %+v", rs)
	}
	r.now = r.now.Add(9 * time.Minute)
	got = one(t, r.send("tg:8", bot.Update{Kind: bot.UpdateText, Text: "scams?", MessageID: 901}))
	if got.Text != r.text("group.auto.earlier") || got.ReplyTo != answer {
		t.Errorf("second asker: %q, reply to %d (the answer is %d)", got.Text, got.ReplyTo, answer)
	}
	if got := one(t, r.send("tg:8", bot.Update{Kind: bot.UpdateText, Text: "no phone?", MessageID: 902})); !strings.Contains(got.Text, r.text("prob.no_phone")) {
		t.Errorf("another topic: %q", got.Text)
	}
	for _, text := range []string{"phone?", "what a lovely day", "scams? my name is Lan", "scams? lan@example.com"} {
		if rs := r.ask(text, false); len(rs) != 0 {
			t.Errorf("%q was answered: %+v", text, rs)
		}
	}
	r.now = r.now.Add(time.Minute)
	if got := one(t, r.send("tg:9", bot.Update{Kind: bot.UpdateText, Text: "scams?", MessageID: 903})); !strings.Contains(got.Text, r.text("prob.scams")) {
		t.Errorf("after 10 minutes: %q", got.Text)
	}
	if s, _, _ := r.store.Load(context.Background(), groupChat); s.Version != s0.Version {
		t.Errorf("unaddressed messages wrote the group's session: version %d → %d", s0.Version, s.Version)
	}

	if got := one(t, r.command(groupAdmin, "autoanswer", "off")); got.Text != r.text("autoanswer.off") {
		t.Fatalf("/autoanswer off = %q", got.Text)
	}
	r.now = r.now.Add(time.Hour)
	if rs := r.ask("scams?", false); len(rs) != 0 {
		t.Errorf("answered with auto-answer off: %+v", rs)
	}
}

func TestAutoAnswerRetriedAfterAFailedSend(t *testing.T) {
	r := newGroupRig(t, stubReader())
	r.turnAutoAnswerOn()
	r.sender.Fail(func(int, bot.Reply) error { return bot.ErrUnavailable })
	u := bot.Update{ID: "q1", Kind: bot.UpdateText, Text: "scams?", MessageID: 900, Chat: groupChat, From: bot.User{ID: "tg:7"}, Time: r.now}
	if err := r.e.Handle(context.Background(), u); err == nil {
		t.Fatal("a failed send was acknowledged")
	}
	r.sender.Fail(nil)
	before := len(r.sender.Replies())
	if err := r.e.Handle(context.Background(), u); err != nil {
		t.Fatalf("retry: %v", err)
	}
	if got := one(t, r.sender.Replies()[before:]); !strings.Contains(got.Text, r.text("prob.scams")) {
		t.Errorf("the retry did not answer: %q", got.Text)
	}
}

func TestEveryTopicsGroupAnswerFitsAMessage(t *testing.T) {
	r := newGroupRig(t, stubReader())
	topics := flows.MustLoadEmbeddedTopics()
	for _, lang := range bot.Languages {
		for _, id := range topics.Order {
			if id == flows.OutOfScope {
				continue
			}
			r.send("tg:7", bot.Update{Kind: bot.UpdateButton, Button: &bot.Press{Data: "l|" + string(lang), CallbackID: "cbl"}})
			for _, rep := range r.send("tg:7", bot.Update{Kind: bot.UpdateButton, Button: &bot.Press{Data: "gq|" + id, CallbackID: "cbq"}}) {
				if rep.Kind == bot.ReplyText && bot.TextLen(rep.Text) > bot.MaxText {
					t.Errorf("%s, %s: %d characters", lang, id, bot.TextLen(rep.Text))
				}
			}
		}
	}
}
