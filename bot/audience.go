package bot

import (
	"slices"

	"github.com/eidbot/eidbot/flows"
)

// The audience of a typed question's answer: who needs the account, as
// the answers of flows/questions/topics.yaml tell them apart (citizen,
// child, foreigner). The chat says it once, in the check or any who.q
// (nationality) or in the narrowing question asked here, and it is
// remembered (rememberedKeys).

// target is the topic's answer for the person, or false when it depends
// on who needs the account and the chat has not said it.
func (t *turn) target(tp *flows.Topic) (string, bool) {
	if tp.Answer.ByAudience == nil {
		return tp.Answer.Target, true
	}
	who := t.audience(tp.Answer)
	if who == "" {
		return "", false
	}
	return tp.Answer.For(who)
}

// audience is who needs the account as far as answer a can tell them
// apart, from what the chat said (the narrowing question, or nationality
// in any flow), or "". Nationality said later wins over an older answer;
// a child is answered as a citizen where a answers children no
// differently.
func (t *turn) audience(a flows.Answer) string {
	who := t.answerOf(rememberWho)
	switch t.answerOf("nationality") {
	case "foreign":
		who = "foreigner"
	case "vn":
		if who != "child" {
			who = "citizen"
		}
	}
	if _, ok := a.ByAudience[who]; !ok && who == "child" {
		who = "citizen"
	}
	if _, ok := a.For(who); !ok {
		return ""
	}
	return who
}

// audiences lists the audiences answer a tells apart, in the order the
// narrowing question (ask.who.q) names them.
func audiences(a flows.Answer) []string {
	var out []string
	for _, who := range []string{"citizen", "child", "foreigner"} {
		if _, ok := a.ByAudience[who]; ok {
			out = append(out, who)
		}
	}
	return out
}

// whoLabels are the buttons of the narrowing question.
var whoLabels = map[string]string{
	"citizen":   "elig.btn.citizen",
	"foreigner": "elig.btn.foreigner",
	"child":     "ask.who.btn.child",
}

// askWho asks who needs the account, offering the audiences the topic's
// answer tells apart; the press remembers it and answers the topic.
func (t *turn) askWho(tp *flows.Topic, lang Lang) {
	opts := audiences(tp.Answer)
	q := "who.q"
	if slices.Contains(opts, "child") {
		q = "ask.who.q"
	}
	t.block(t.say(q, nil))
	rows := make([][]Button, 0, len(opts)+2)
	for _, who := range opts {
		rows = append(rows, []Button{{Label: t.say(whoLabels[who], nil), Data: cbWho + "|" + who + "|" + tp.ID + "|" + string(lang)}})
	}
	rows = append(rows, t.pendingRows()...)
	rows = append(rows, []Button{t.menuButton()})
	t.flush(rows)
}

// pressWho remembers the answer to the narrowing question and answers the
// topic it was asked for.
func (t *turn) pressWho(args []string) {
	if len(args) != 3 || !slices.Contains(flows.Audiences, args[0]) || t.e.topics == nil {
		t.stale()
		return
	}
	who, id := args[0], args[1]
	tp := t.e.topics.Topics[id]
	if tp == nil {
		t.stale()
		return
	}
	lang := t.langArg(args[2])
	t.inLang(lang, func() { t.Chosen(t.say(whoLabels[who], nil)) })
	t.answerSet(rememberWho, who)
	nationality := "vn"
	if who == "foreigner" {
		nationality = "foreign"
	}
	t.answerSet("nationality", nationality)
	t.answerTopic(id, lang)
}
