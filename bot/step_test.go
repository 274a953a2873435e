package bot_test

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/eidbot/eidbot/bot"
)

// conv drives Step through a conversation, keeping the session between turns.
type conv struct {
	t   *testing.T
	e   *bot.Engine
	s   bot.Session
	out bot.Outcome
}

func newConv(t *testing.T) *conv {
	e, _, _ := newTestEngine(t)
	return &conv{t: t, e: e, s: bot.NewSession(private, "vi", t0)}
}

// do steps u and checks that Step left its input untouched.
func (c *conv) do(u bot.Update) *conv {
	c.t.Helper()
	before := deepCopy(c.s)
	c.out = c.e.Step(c.s, u)
	if !reflect.DeepEqual(before, c.s) {
		c.t.Fatalf("Step modified its input session")
	}
	c.s = c.out.Session
	c.s.Version++ // as if stored
	return c
}

func deepCopy(s bot.Session) bot.Session {
	c := s
	c.Dialog.Answers = map[string]string{}
	for k, v := range s.Dialog.Answers {
		c.Dialog.Answers[k] = v
	}
	if s.Dialog.Answers == nil {
		c.Dialog.Answers = nil
	}
	c.Dialog.History = append([]bot.Position(nil), s.Dialog.History...)
	if s.Dialog.History == nil {
		c.Dialog.History = nil
	}
	return c
}

// texts returns the text of the text replies, joined.
func (c *conv) texts() string {
	var parts []string
	for _, r := range c.out.Replies {
		if r.Kind == bot.ReplyText {
			parts = append(parts, r.Text)
		}
	}
	return strings.Join(parts, "\n---\n")
}

// buttons returns the data of every button of the last text reply.
func (c *conv) buttons() []string {
	var data []string
	for _, r := range c.out.Replies {
		if r.Kind != bot.ReplyText || r.Buttons == nil {
			continue
		}
		data = data[:0]
		for _, row := range r.Buttons {
			for _, b := range row {
				data = append(data, b.Data+b.URL)
			}
		}
	}
	return data
}

func (c *conv) wantText(subs ...string) *conv {
	c.t.Helper()
	got := c.texts()
	for _, s := range subs {
		if !strings.Contains(got, s) {
			c.t.Fatalf("replies lack %q:\n%s", s, got)
		}
	}
	return c
}

func (c *conv) wantAt(flow, step string) *conv {
	c.t.Helper()
	if c.s.Dialog.Flow != flow || c.s.Dialog.Step != step {
		c.t.Fatalf("at %s.%s, want %s.%s", c.s.Dialog.Flow, c.s.Dialog.Step, flow, step)
	}
	return c
}

func (c *conv) wantButtons(want ...string) *conv {
	c.t.Helper()
	if got := c.buttons(); !reflect.DeepEqual(got, want) {
		c.t.Fatalf("buttons %q, want %q", got, want)
	}
	return c
}

func TestStartShowsWelcomeAndMenu(t *testing.T) {
	c := newConv(t).do(cmd("start", ""))
	c.wantText("vi:welcome", "vi:menu.q").wantAt("menu", "main").
		wantButtons("a|menu|main|check", "a|menu|main|result", "a|menu|main|lang")
	if len(c.out.Replies) != 1 {
		t.Fatalf("welcome and menu should be one message, got %d replies", len(c.out.Replies))
	}
}

func TestAnswerAdvancesAndMarksTheChoice(t *testing.T) {
	c := newConv(t).do(cmd("start", "check")).wantAt("eligibility", "nationality").wantText("vi:elig.intro", "vi:elig.q.nationality")
	c.do(press("a|eligibility|nationality|citizen", 7))
	r := c.out.Replies
	if r[0].Kind != bot.ReplyAnswer || r[0].CallbackID == "" {
		t.Fatalf("first reply must answer the press, got %+v", r[0])
	}
	if r[1].Kind != bot.ReplyEdit || r[1].EditID != 7 || r[1].Buttons[0][0].Label != "✓ vi:elig.citizen" {
		t.Fatalf("second reply must mark the chosen button, got %+v", r[1])
	}
	c.wantAt("eligibility", "age").wantText("vi:elig.q.age")
	if c.s.Remembered["nationality"] != "citizen" {
		t.Fatalf("answer not saved: %v", c.s.Remembered)
	}
	c.wantButtons("a|eligibility|age|u14", "a|eligibility|age|a14", "b|eligibility|age", "m")
}

func TestBranchAndVerdict(t *testing.T) {
	c := newConv(t).do(cmd("start", "check"))
	c.do(press("a|eligibility|nationality|citizen", 1)).do(press("a|eligibility|age|u14", 2))
	if got := c.texts(); got != "ℹ️ vi:verdict.child" {
		t.Fatalf("a verdict without checklist or days is its text alone, got:\n%s", got)
	}
	if c.s.Dialog.Flow != "" {
		t.Fatalf("flow should have ended, at %+v", c.s.Dialog)
	}
	want := bot.Case{Outcome: "level1_only", Verdict: "eligibility.child", Answers: map[string]string{"nationality": "citizen", "age": "u14"}, Decided: t0}
	if !reflect.DeepEqual(c.s.Case, want) {
		t.Fatalf("case %+v, want %+v", c.s.Case, want)
	}
	c.wantButtons("v|eligibility|child", "m")
	c.do(press("v|eligibility|child", 3))
	if got := c.texts(); got != "vi:verdict.legal CheckedOn=vi:2026-11-22 LegalRef=vi:legal.d69 Source=https://example.org/d69 SourceName=example.org" {
		t.Fatalf("legal basis:\n%s", got)
	}
}

// TestVerdictIsShort: a verdict's first message is its text and the
// processing time; the checklist follows as a message of its own, joined
// by the next question, with the legal-basis button above Back and Menu.
func TestVerdictIsShort(t *testing.T) {
	c := newConv(t).do(cmd("start", "check"))
	c.do(press("a|eligibility|nationality|foreigner", 1)).do(press("a|eligibility|visa|card", 2))
	var texts []bot.Reply
	for _, r := range c.out.Replies {
		if r.Kind == bot.ReplyText {
			texts = append(texts, r)
		}
	}
	if len(texts) != 2 || texts[0].Text != "✅ vi:verdict.foreigner\n\nvi:verdict.days_range Days=3 DaysMax=7" || texts[0].Buttons != nil ||
		texts[1].Text != "<b>vi:cl.c1.title</b>\n• vi:cl.c1.card\n• vi:cl.c1.phone\n\nvi:cl.c1.note\n\nvi:menu.q" {
		t.Fatalf("verdict messages:\n%s", c.texts())
	}
	c.wantAt("menu", "main").wantButtons("a|menu|main|check", "a|menu|main|result", "a|menu|main|lang", "v|eligibility|fverdict")
	if c.s.Case.Checklist != "C1" || c.s.Case.Days != 3 || c.s.Case.DaysMax != 7 {
		t.Fatalf("case %+v", c.s.Case)
	}
	// The button keeps showing this verdict's basis after a new check.
	c.do(cmd("start", "check")).do(press("a|eligibility|nationality|citizen", 3)).do(press("a|eligibility|age|u14", 4))
	c.do(press("v|eligibility|fverdict", 2)).wantText("vi:verdict.legal").wantAt("", "")
	if len(c.out.Replies) != 2 || c.out.Replies[1].Buttons != nil {
		t.Fatalf("legal basis: %+v", c.out.Replies)
	}
	c.do(press("v|eligibility|gone", 2)).wantText("vi:stale.text")
}

// TestSayAfterVerdictStartsAMessage: what a flow says after a verdict's
// checklist does not join it; the legal-basis button goes with the next
// question, or the menu button when the flow ends.
func TestSayAfterVerdictStartsAMessage(t *testing.T) {
	c := newConv(t).do(cmd("start", "check"))
	c.do(press("a|eligibility|nationality|citizen", 1)).do(press("a|eligibility|age|a14", 2)).do(press("k|eligibility|email", 3))
	var texts []bot.Reply
	for _, r := range c.out.Replies {
		if r.Kind == bot.ReplyText {
			texts = append(texts, r)
		}
	}
	if len(texts) != 3 || !strings.HasPrefix(texts[1].Text, "<b>vi:cl.c1.title</b>") || !strings.HasSuffix(texts[1].Text, "vi:cl.c1.note") ||
		texts[1].Buttons != nil || texts[2].Text != "vi:elig.after" {
		t.Fatalf("replies: %+v", texts)
	}
	c.wantButtons("v|eligibility|adult", "m")
}

// TestCaseSummaryIsShort: "my last result" shows the saved verdict as it
// was given: the title and text, then the checklist with the menu.
func TestCaseSummaryIsShort(t *testing.T) {
	c := newConv(t).do(cmd("start", "check"))
	c.do(press("a|eligibility|nationality|foreigner", 1)).do(press("a|eligibility|visa|card", 2))
	c.do(cmd("menu", "")).do(press("a|menu|main|result", 3))
	var texts []string
	for _, r := range c.out.Replies {
		if r.Kind == bot.ReplyText {
			texts = append(texts, r.Text)
		}
	}
	if len(texts) != 2 || texts[0] != "vi:case.title Date=vi:2026-11-23\n\n✅ vi:verdict.foreigner\n\nvi:verdict.days_range Days=3 DaysMax=7" ||
		!strings.HasPrefix(texts[1], "<b>vi:cl.c1.title</b>") || !strings.HasSuffix(texts[1], "vi:menu.q") {
		t.Fatalf("summary: %q", texts)
	}
	c.wantButtons("a|menu|main|check", "a|menu|main|result", "a|menu|main|lang", "v|eligibility|fverdict", "b|menu|main")
}

func TestTypedInput(t *testing.T) {
	c := newConv(t).do(cmd("start", "check"))
	c.do(press("a|eligibility|nationality|citizen", 1)).do(press("a|eligibility|age|a14", 2)).wantAt("eligibility", "email")
	c.wantButtons("k|eligibility|email", "b|eligibility|email", "m")
	c.do(text("not an email")).wantText("vi:elig.bad_email", "vi:elig.q.email").wantAt("eligibility", "email")
	c.do(text(" Lan@Example.org ")).wantText("✅ vi:verdict.adult", "vi:verdict.days Count=3", "vi:elig.after")
	if got := c.s.Case.Answers["email"]; got != "lan@example.org" {
		t.Fatalf("email saved as %q", got)
	}
}

func TestSkipOptionalInput(t *testing.T) {
	c := newConv(t).do(cmd("start", "check"))
	c.do(press("a|eligibility|nationality|citizen", 1)).do(press("a|eligibility|age|a14", 2))
	c.do(press("k|eligibility|email", 3)).wantText("vi:verdict.adult")
	if _, ok := c.s.Case.Answers["email"]; ok {
		t.Fatal("skipped input must not be stored")
	}
}

func TestFreeTextWhereButtonExpected(t *testing.T) {
	c := newConv(t).do(cmd("start", "check"))
	before := c.s.Dialog
	c.do(text("hello?")).wantText("vi:reprompt.buttons", "vi:elig.q.nationality").wantAt("eligibility", "nationality")
	if strings.Contains(c.texts(), "vi:elig.intro") {
		t.Fatalf("a reprompt repeats what the step said before its question:\n%s", c.texts())
	}
	if !reflect.DeepEqual(before.Answers, c.s.Dialog.Answers) {
		t.Fatal("free text changed the answers")
	}
	// Typing a label or its number counts as pressing it.
	c.do(text("2")).wantAt("eligibility", "visa")
	c.do(text("  VI:ELIG.CARD ")).wantText("vi:verdict.foreigner")
}

func TestStaleButtonChangesNothing(t *testing.T) {
	c := newConv(t).do(cmd("start", "check")).do(press("a|eligibility|nationality|citizen", 1))
	before := deepCopy(c.s)
	c.do(press("a|eligibility|nationality|foreigner", 1))
	if c.out.Replies[0].Kind != bot.ReplyAnswer || c.out.Replies[0].Text != "vi:stale.toast" {
		t.Fatalf("stale press must be answered with a notice, got %+v", c.out.Replies[0])
	}
	c.wantText("vi:stale.text", "vi:elig.q.age").wantAt("eligibility", "age")
	if !reflect.DeepEqual(before.Dialog.Answers, c.s.Dialog.Answers) || !reflect.DeepEqual(before.Dialog.History, c.s.Dialog.History) {
		t.Fatal("stale press changed the dialogue")
	}
	for _, data := range []string{"", "zzz", "a|nope|x|y", "a|eligibility|age|nope", "b|eligibility|nationality", "l|fr", "r|y", "k|eligibility|age"} {
		c.do(press(data, 1)).wantAt("eligibility", "age")
		if c.out.Replies[0].Kind != bot.ReplyAnswer {
			t.Fatalf("press %q not answered first", data)
		}
	}
}

func TestBack(t *testing.T) {
	c := newConv(t).do(cmd("start", "check")).do(press("a|eligibility|nationality|citizen", 1))
	c.do(press("b|eligibility|age", 2)).wantAt("eligibility", "nationality").wantText("vi:elig.q.nationality")
	c.wantButtons("a|eligibility|nationality|citizen", "a|eligibility|nationality|foreigner", "m")
}

func TestLanguageSwitchKeepsThePlace(t *testing.T) {
	c := newConv(t).do(cmd("start", "check")).do(press("a|eligibility|nationality|citizen", 1))
	c.do(cmd("language", "")).wantText("vi:lang.q").wantButtons("l|vi", "l|en", "l|zh", "l|ko").wantAt("eligibility", "age")
	c.do(press("l|ko", 9)).wantText("ko:elig.q.age").wantAt("eligibility", "age")
	if c.s.Lang != bot.Korean || !c.s.LangSet {
		t.Fatalf("lang %q set=%v", c.s.Lang, c.s.LangSet)
	}
	if c.out.Replies[0].Text != "ko:lang.done" {
		t.Fatalf("press answer %q", c.out.Replies[0].Text)
	}
}

func TestFirstLanguageFromHint(t *testing.T) {
	for hint, want := range map[string]bot.Lang{"zh-TW": bot.Chinese, "ko": bot.Korean, "en-GB": bot.English, "fr": bot.Vietnamese, "": bot.Vietnamese} {
		if s := bot.NewSession(private, hint, t0); s.Lang != want {
			t.Errorf("hint %q → %q, want %q", hint, s.Lang, want)
		}
	}
}

func TestReturningUserIsOfferedToResume(t *testing.T) {
	c := newConv(t).do(cmd("start", "check")).do(press("a|eligibility|nationality|citizen", 1))
	later := text("hi")
	later.Time = t0.Add(2 * time.Hour)
	c.do(later).wantText("vi:resume.q Date=vi:2026-11-23").wantButtons("r|y", "r|n|eligibility", "m")
	c.do(press("r|y", 5)).wantAt("eligibility", "age").wantText("vi:elig.q.age")
	if c.s.Remembered["nationality"] != "citizen" {
		t.Fatal("resume lost the answers")
	}
}

func TestStartMidFlowOffersResumeAndRestart(t *testing.T) {
	c := newConv(t).do(cmd("start", "check")).do(press("a|eligibility|nationality|citizen", 1))
	c.do(cmd("start", "")).wantText("vi:resume.q")
	c.do(press("r|n|eligibility", 3)).wantAt("eligibility", "nationality")
	if _, ok := c.s.Dialog.Answers["nationality"]; ok {
		t.Fatal("start over must clear the old answers")
	}
}

func TestMenuOffersToContinue(t *testing.T) {
	c := newConv(t).do(cmd("start", "check")).do(press("a|eligibility|nationality|citizen", 1))
	c.do(cmd("menu", "")).wantAt("menu", "main").wantButtons("r|y", "a|menu|main|check", "a|menu|main|result", "a|menu|main|lang")
	c.do(press("r|y", 2)).wantAt("eligibility", "age")
}

func TestMenuRunsCommandAndAction(t *testing.T) {
	c := newConv(t).do(cmd("menu", ""))
	c.do(press("a|menu|main|lang", 1)).wantText("vi:lang.q")
	c.do(cmd("menu", "")).do(press("a|menu|main|result", 2)).wantText("vi:case.none", "vi:menu.q").wantAt("menu", "main")
}

func TestCancelKeepsTheCase(t *testing.T) {
	c := newConv(t).do(cmd("start", "check")).do(press("a|eligibility|nationality|citizen", 1)).do(press("a|eligibility|age|u14", 2))
	c.do(cmd("start", "check")).do(press("a|eligibility|nationality|citizen", 3))
	c.do(cmd("cancel", "")).wantText("vi:cancel.done")
	if c.s.Dialog.Flow != "" || c.s.Dialog.Paused != nil || c.s.Case.Outcome != "level1_only" {
		t.Fatalf("after cancel: dialog %+v case %+v", c.s.Dialog, c.s.Case)
	}
	c.do(cmd("cancel", "")).wantText("vi:cancel.idle")
}

func TestForgetAsksThenErases(t *testing.T) {
	c := newConv(t).do(cmd("start", "check")).do(press("a|eligibility|nationality|citizen", 1)).do(press("a|eligibility|age|u14", 2))
	c.do(cmd("forget", "")).wantText("vi:forget.q").wantButtons("f|y", "f|n")
	if len(c.out.Effects) != 0 {
		t.Fatal("asking must not erase")
	}
	c.do(press("f|n", 3)).wantText("vi:forget.kept")
	if c.s.Case.Outcome == "" {
		t.Fatal("declining must keep the data")
	}
	c.do(cmd("forget", "")).do(press("f|y", 4)).wantText("vi:forget.done")
	if len(c.out.Effects) != 1 || c.out.Effects[0].Kind != bot.EffectForget {
		t.Fatalf("effects %+v", c.out.Effects)
	}
	if c.s.Case.Outcome != "" || c.s.Dialog.Answers != nil || c.s.Remembered != nil || c.s.LangSet {
		t.Fatalf("session after forget still holds data: %+v", c.s)
	}
}

// TestNationalityIsRememberedAcrossFlows: who the reader is, said in the
// check, decides the answers of another flow; a flow that asks it itself
// sets it for the check; a new check asks again but keeps it until then;
// /forget erases it.
func TestNationalityIsRememberedAcrossFlows(t *testing.T) {
	c := newConv(t).do(cmd("start", "check")).do(press("a|eligibility|nationality|foreigner", 1))
	c.do(cmd("help", "")).wantText("vi:problems.q_fr").wantAt("problems", "list_fr")
	c.do(cmd("start", "check")).wantAt("eligibility", "nationality")
	if c.s.Remembered["nationality"] != "foreigner" {
		t.Fatalf("a new check dropped the remembered answer: %v", c.s.Remembered)
	}
	c.do(press("a|eligibility|nationality|citizen", 2)).do(press("a|eligibility|age|u14", 3))
	if c.s.Case.Answers["nationality"] != "citizen" || c.s.Dialog.Answers["nationality"] != "" {
		t.Fatalf("case %v, dialogue %v", c.s.Case.Answers, c.s.Dialog.Answers)
	}
	c.do(cmd("help", "")).wantText("vi:problems.q").wantAt("problems", "list")

	fresh := newConv(t).do(cmd("help", "")).wantText("vi:who.q").wantAt("problems", "who")
	fresh.do(press("a|problems|who|foreigner", 1)).wantText("vi:problems.q_fr")
	fresh.do(cmd("help", "")).wantAt("problems", "list_fr")
	if fresh.s.Remembered["nationality"] != "foreigner" {
		t.Fatalf("remembered %v", fresh.s.Remembered)
	}
	fresh.do(cmd("forget", "")).do(press("f|y", 2))
	if fresh.s.Remembered != nil {
		t.Fatalf("/forget kept %v", fresh.s.Remembered)
	}
	fresh.do(cmd("help", "")).wantAt("problems", "who")
}

func TestUnknownCommand(t *testing.T) {
	newConv(t).do(cmd("start", "check")).do(cmd("frobnicate", "")).wantText("vi:command.unknown Command=frobnicate", "vi:elig.q.nationality")
}

func TestHTMLInNameIsEscaped(t *testing.T) {
	c := newConv(t)
	u := cmd("frob<b>", "")
	c.do(u).wantText("Command=frob&lt;b&gt;")
}

func TestGroupChats(t *testing.T) {
	group := bot.Chat{Channel: "tg", ID: "-100", Kind: bot.ChatGroup}
	c := newConv(t)
	c.s = bot.NewSession(group, "vi", t0)
	chatter := text("anyone going to the market?")
	chatter.Chat = group
	c.do(chatter)
	if len(c.out.Replies) != 0 {
		t.Fatalf("ordinary group conversation must be ignored, got %+v", c.out.Replies)
	}
	help := cmd("start", "")
	help.Chat = group
	c.do(help).wantText("vi:group.help").wantButtons("https://t.me/eidbot?start=check")
	if c.s.Dialog.Flow != "" {
		t.Fatal("a group must never enter a flow")
	}
	btn := press("a|eligibility|nationality|citizen", 3)
	btn.Chat = group
	c.do(btn)
	if r := c.out.Replies; len(r) != 1 || r[0].Kind != bot.ReplyAnswer || !r[0].Alert {
		t.Fatalf("a flow button in a group gets only an alert, got %+v", r)
	}
}

func TestMembershipAndMigration(t *testing.T) {
	c := newConv(t)
	c.do(bot.Update{ID: "1", Kind: bot.UpdateMembership, Chat: private, Blocked: true, Time: t0})
	if !c.s.Blocked || c.out.Effects[0] != (bot.Effect{Kind: bot.EffectBlocked, Blocked: true}) || len(c.out.Replies) != 0 {
		t.Fatalf("blocked: %+v", c.out)
	}
	c.do(bot.Update{ID: "2", Kind: bot.UpdateMigrate, Chat: private, MigrateTo: "-1009", Time: t0})
	if c.out.Effects[0].Kind != bot.EffectMigrate || c.out.Effects[0].To.ID != "-1009" {
		t.Fatalf("migrate: %+v", c.out.Effects)
	}
}

func TestDisplayWidth(t *testing.T) {
	for s, want := range map[string]int{
		"Menu":          4,
		"Tiếng Việt":    10,
		"中文":            4,
		"한국어":           6,
		"🇻🇳 Tiếng Việt": 13,
		"✅ Yes":         5, // ✅ U+2705 is outside the wide ranges counted here
		"📋 준비물":         9,
		"e\u0301":       1, // e + combining acute
		"❤️":            1,
	} {
		if got := bot.DisplayWidth(s); got != want {
			t.Errorf("DisplayWidth(%q) = %d, want %d", s, got, want)
		}
	}
}
