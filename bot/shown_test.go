package bot_test

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/bot/bottest"
)

// zalo is a private chat on a channel without buttons, as the Zalo Bot
// Platform is.
var zalo = bot.Chat{Channel: bot.ChannelZaloBot, ID: "e4ea2cd5189df1c3a88c", Kind: bot.ChatPrivate}

var textOnly = &bot.Caps{MaxText: 2000}

// onZalo moves an update to the zalo chat, on a channel without buttons.
func onZalo(u bot.Update) bot.Update {
	u.Chat, u.From.ID, u.Caps = zalo, bot.NewUserID(bot.ChannelZaloBot, zalo.ID), textOnly
	return u
}

// stepper steps the real flows for one chat, keeping the session.
type stepper struct {
	t   *testing.T
	e   *bot.Engine
	s   bot.Session
	out bot.Outcome
	n   int // updates stepped: each comes 5 seconds after the one before
}

func newStepper(t *testing.T, chat bot.Chat) *stepper {
	e, _ := realEngine(t)
	return &stepper{t: t, e: e, s: bot.NewSession(chat, "vi", t0)}
}

func (st *stepper) do(u bot.Update) *stepper {
	st.t.Helper()
	st.n++
	u.Time = u.Time.Add(time.Duration(st.n) * 5 * time.Second)
	st.out = st.e.Step(st.s, u)
	st.s = st.out.Session
	st.s.Version++
	return st
}

func (st *stepper) at(flow, step string) *stepper {
	st.t.Helper()
	if d := st.s.Dialog; d.Flow != flow || d.Step != step {
		st.t.Fatalf("at %s.%s, want %s.%s; replies:\n%s", d.Flow, d.Step, flow, step, joinTexts(st.out.Replies))
	}
	return st
}

func joinTexts(rs []bot.Reply) string {
	var parts []string
	for _, r := range rs {
		parts = append(parts, r.Text)
	}
	return strings.Join(parts, "\n---\n")
}

func TestTypedAnswersOnATextChannel(t *testing.T) {
	st := newStepper(t, zalo).do(onZalo(cmd("start", "check"))).at("eligibility", "who")
	if got, want := st.s.Shown.Choices, bot.Choices(st.out.Replies); len(got) < 2 || !slices.Equal(got, want) {
		t.Fatalf("remembered %+v, want the turn's choices %+v", got, want)
	}
	st.do(onZalo(text("1"))).at("eligibility", "age")     // by number: citizen
	st.do(onZalo(text("3."))).at("eligibility", "card")   // 14 or over
	st.do(onZalo(text("có"))).at("eligibility", "phone")  // a valid card
	st.do(onZalo(text("Có"))).at("eligibility", "level1") // own number
	st.do(onZalo(text("khong"))).at("next_steps", "main") // no level 1 yet
	if st.s.Case.Verdict != "eligibility.v_c1" || st.s.Case.Answers["level1"] != "none" {
		t.Fatalf("verdict %q with answers %v", st.s.Case.Verdict, st.s.Case.Answers)
	}
	for _, r := range st.out.Replies {
		if r.Kind == bot.ReplyEdit {
			t.Errorf("an edit on a channel that cannot edit: %+v", r)
		}
	}
}

func TestTypedLabelsAndStrayNumbersOnATextChannel(t *testing.T) {
	st := newStepper(t, zalo).do(onZalo(cmd("start", "check"))).at("eligibility", "who")
	st.do(onZalo(text("nguoi nuoc ngoai"))).at("eligibility", "residence")
	st.do(onZalo(text("9"))).at("eligibility", "residence")
	if got := joinTexts(st.out.Replies); !strings.Contains(got, "gõ số của một lựa chọn") {
		t.Fatalf("a number not shown gets no re-prompt:\n%s", got)
	}
	n := slices.IndexFunc(st.s.Shown.Choices, func(c bot.Choice) bool { return strings.HasPrefix(c.Data, "b|") })
	if n < 0 {
		t.Fatalf("no Back among %+v", st.s.Shown.Choices)
	}
	st.do(onZalo(text(strings.Repeat(" ", 2)+itoa(n+1)))).at("eligibility", "who") // Back, by its number
}

func itoa(n int) string { return string(rune('0' + n)) }

func TestNumbersStayWithTheFlowOnTelegram(t *testing.T) {
	st := newStepper(t, private).do(cmd("start", "check")).at("eligibility", "who")
	st.do(text("2")).at("eligibility", "residence")
	st.do(text("không")).at("next_check", "main")
	if st.s.Case.Verdict != "eligibility.v_fr_no_card" || len(st.s.Shown.Choices) != 0 {
		t.Fatalf("Telegram remembered choices: %+v", st.s.Shown.Choices)
	}
}

func TestUnsupportedMessagesGetANoticeOncePerDay(t *testing.T) {
	e, _, _ := newTestEngine(t)
	s := e.Step(bot.NewSession(zalo, "vi", t0), onZalo(cmd("start", "check"))).Session
	shown := s.Shown.Choices
	sticker := func(at time.Time, chat bot.Chat) bot.Outcome {
		u := onZalo(bot.Update{ID: at.String(), Kind: bot.UpdateUnsupported, Time: at})
		u.Chat = chat
		out := e.Step(s, u)
		s = out.Session
		return out
	}
	for i, tc := range []struct {
		at     time.Time
		chat   bot.Chat
		notice bool
	}{
		{t0.Add(time.Minute), zalo, true},
		{t0.Add(time.Hour), zalo, false},
		{t0.Add(23 * time.Hour), zalo, false},
		{t0.Add(25 * time.Hour), zalo, true},
		{t0.Add(50 * time.Hour), bot.Chat{Channel: zalo.Channel, ID: "g1", Kind: bot.ChatGroup}, false},
	} {
		out := sticker(tc.at, tc.chat)
		if got := joinTexts(out.Replies); (got == "vi:text_only") != tc.notice || !tc.notice && got != "" {
			t.Errorf("sticker %d: replies %q, want the notice: %v", i, got, tc.notice)
		}
	}
	if !slices.Equal(s.Shown.Choices, shown) {
		t.Errorf("the notice changed the choices remembered: %+v", s.Shown.Choices)
	}
}

// newTurnEngine is newTestEngine with a sender that takes whole turns.
func newTurnEngine(t *testing.T) (*bot.Engine, *bottest.Store, *bottest.Turns) {
	t.Helper()
	store, sender := bottest.NewStore(), &bottest.Turns{}
	e, err := bot.NewEngine(bot.Config{
		Flows: testFlows(t), Translator: bottest.Translator{}, Sessions: store, Journal: store,
		Sender: sender, BotUsername: "eidbot", Now: func() time.Time { return t0 },
	})
	if err != nil {
		t.Fatal(err)
	}
	return e, store, sender
}

func TestATurnGoesOutWholeOnATextChannel(t *testing.T) {
	e, store, sender := newTurnEngine(t)
	handle(t, e, onZalo(cmd("start", "check")))
	down := errors.New("network down")
	sender.FailTurns(func(n int, _ bottest.Turn) error {
		if n == 2 {
			return down
		}
		return nil
	})
	u := onZalo(text("1"))
	if err := e.Handle(ctx, u); !errors.Is(err, down) {
		t.Fatalf("Handle = %v, want the send error", err)
	}
	handle(t, e, u) // the channel retries: the stored turn goes out whole
	turns := sender.Turns()
	if len(turns) != 2 || len(sender.Replies()) != 0 {
		t.Fatalf("%d turns and %d single replies, want 2 turns", len(turns), len(sender.Replies()))
	}
	last := turns[1]
	if last.Chat != zalo || last.Lang != bot.Vietnamese || kinds(last.Replies) != "answer text" || !strings.Contains(last.Replies[1].Text, "elig.q.age") {
		t.Fatalf("retried turn: %+v", last)
	}
	rs, sent, err := store.Pending(ctx, zalo, u.ID)
	if err != nil || len(rs) != 0 || sent != 0 {
		t.Fatalf("after the retry: %d pending, %d sent, %v", len(rs), sent, err)
	}
	handle(t, e, cmd("start", "")) // Telegram: one reply at a time
	if len(sender.Replies()) == 0 || len(sender.Turns()) != 2 {
		t.Fatalf("a Telegram update went out as a turn")
	}
}

func TestUnsupportedInAGroupStoresNothing(t *testing.T) {
	e, store, sender := newTestEngine(t)
	u := onZalo(bot.Update{ID: "g1", Kind: bot.UpdateUnsupported, Time: t0})
	u.Chat = bot.Chat{Channel: bot.ChannelZaloBot, ID: "g1", Kind: bot.ChatGroup}
	handle(t, e, u)
	if store.Len() != 0 || len(sender.Replies()) != 0 {
		t.Fatalf("a picture in a group stored %d sessions and sent %d replies", store.Len(), len(sender.Replies()))
	}
}
