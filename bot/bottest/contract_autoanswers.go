package bottest

import (
	"testing"
	"time"

	"github.com/eidbot/eidbot/bot"
)

// TestAutoAnswers checks the contract of bot.AutoAnswers: the setting per
// group, and a topic's claim, which one update holds for its window,
// counted on the caller's clock.
func TestAutoAnswers(t *testing.T, open func(t *testing.T) bot.AutoAnswers) {
	st, ctx := open(t), contractCtx(t)
	group := bot.Chat{Channel: "tg", ID: "-100200", Kind: bot.ChatGroup}
	other := bot.Chat{Channel: "tg", ID: "-100300", Kind: bot.ChatGroup}
	isOn := func(what string, c bot.Chat, want bool) {
		t.Helper()
		if on, err := st.AutoAnswer(ctx, c); err != nil || on != want {
			t.Fatalf("%s: AutoAnswer = %t, %v; want %t", what, on, err, want)
		}
	}
	isOn("a new group", group, false)
	must(t, "SetAutoAnswer on", st.SetAutoAnswer(ctx, group, true))
	isOn("after on", group, true)
	isOn("another group", other, false)
	must(t, "SetAutoAnswer off", st.SetAutoAnswer(ctx, group, false))
	must(t, "SetAutoAnswer off again", st.SetAutoAnswer(ctx, group, false))
	isOn("after off", group, false)

	t0 := time.Date(2031, 3, 10, 2, 0, 0, 0, time.UTC)
	w := bot.AutoAnswerWindow
	claim := func(what string, c bot.Chat, topic, update string, question int, at time.Time, want bot.TopicClaim) {
		t.Helper()
		got, err := st.ClaimTopic(ctx, c, topic, update, question, at, w)
		if err != nil || got != want {
			t.Fatalf("%s: ClaimTopic = %+v, %v; want %+v", what, got, err, want)
		}
	}
	claim("the first asker", group, "bring", "u1", 11, t0, bot.TopicClaim{Ours: true})
	claim("the first asker's retry", group, "bring", "u1", 11, t0.Add(time.Minute), bot.TopicClaim{Ours: true})
	claim("a second asker before the answer is recorded", group, "bring", "u2", 12, t0.Add(time.Minute), bot.TopicClaim{Question: 11})
	must(t, "AnsweredTopic", st.AnsweredTopic(ctx, group, "bring", "u1", 21))
	must(t, "AnsweredTopic by a non-holder", st.AnsweredTopic(ctx, group, "bring", "u2", 99))
	claim("a third asker", group, "bring", "u3", 13, t0.Add(w-time.Second), bot.TopicClaim{Question: 11, Answer: 21})
	claim("another topic", group, "fees", "u4", 14, t0.Add(time.Minute), bot.TopicClaim{Ours: true})
	claim("another group", other, "bring", "u5", 15, t0.Add(time.Minute), bot.TopicClaim{Ours: true})
	claim("an asker when the window ends", group, "bring", "u6", 16, t0.Add(w), bot.TopicClaim{Ours: true})
	claim("the first asker after the window", group, "bring", "u1", 11, t0.Add(w+time.Minute), bot.TopicClaim{Question: 16})
	must(t, "AnsweredTopic of an expired claim", st.AnsweredTopic(ctx, group, "bring", "u1", 98))
	claim("after the expired claim's answer", group, "bring", "u7", 17, t0.Add(w+2*time.Minute), bot.TopicClaim{Question: 16})
}
