package bot

import (
	"context"
	"strings"

	"github.com/eidbot/eidbot/flows"
)

// Typed questions in a private chat (docs/ARCHITECTURE.md, "Typed
// questions"). A message typed at rest (no flow, or the menu) is read by
// the engine's Reader: a clear question gets its topic's answer (the flow
// step, flow or command of flows/questions/topics.yaml), after one
// narrowing question when the answer depends on who needs the account and
// the chat has not said it; two or three close topics are offered as "Did
// you mean…?"; anything else gets an honest "I can't answer that", the
// menu and "💬 Ask an officer". In the middle of a flow only a clear
// question is answered, and the flow's current question follows, so the
// flow is not lost. A question clearly written in another of the bot's
// languages is answered in it, with a button to switch the chat to it.

// Button kinds of typed questions (see callback.go for the core's):
//
//	tq|topic|lang      answer topic, in lang ("Did you mean…?", a topic mid-flow)
//	tw|who|topic|lang  the narrowing question's answer, then topic's answer
//	to|lang            "💬 Ask an officer", answered in lang
const (
	cbTopic   = "tq"
	cbWho     = "tw"
	cbOfficer = "to"
)

// rememberWho is the remembered answer to the narrowing question: one of
// flows.Audiences. Nationality (vn, foreign) is remembered beside it, so
// the flows that branch on it do not ask again.
const rememberWho = "who"

// String names the kind for logs.
func (k QuestionKind) String() string {
	switch k {
	case QuestionAnswerable:
		return "answerable"
	case QuestionUnsure:
		return "unsure"
	case QuestionSmallTalk:
		return "smalltalk"
	default:
		return "outside"
	}
}

// registerQuestions registers the buttons and the /officer command of
// typed questions.
func registerQuestions(r *Registry) {
	r.Callback(cbTopic, Callback{Private: onTurn((*turn).pressTopic)})
	r.Callback(cbWho, Callback{Private: onTurn((*turn).pressWho)})
	r.Callback(cbOfficer, Callback{Private: onTurn(func(t *turn, args []string) {
		t.inLang(t.langArg(strings.Join(args, "")), t.officer)
	})})
	r.Command("officer", Command{Private: onTurn(func(t *turn, _ string) { t.officer() })})
}

// typedQuestion answers text as a typed question, if it is one the turn
// should answer: at rest every message is (the reader says how well it
// understood), in the middle of a flow only a clear question. It reports
// whether it answered; without a Reader it never does.
func (t *turn) typedQuestion(text string) bool {
	q, ok := t.read(text)
	if !ok {
		return false
	}
	if !t.atRest() {
		if q.Kind != QuestionAnswerable || q.Topic == flows.OutOfScope || t.e.topics.Topics[q.Topic] == nil {
			return false
		}
		t.answerAside(q.Topic, t.answerLang(q))
		return true
	}
	switch q.Kind {
	case QuestionAnswerable:
		t.answerTopic(q.Topic, t.answerLang(q))
	case QuestionUnsure:
		t.offerTopics(q.Offer, t.answerLang(q))
	case QuestionSmallTalk:
		t.smallTalk(q.SmallTalk, t.answerLang(q))
	default:
		t.outside(t.answerLang(q))
	}
	return true
}

// read asks the Reader about text, and keeps what it made of it for the
// log (Engine.logQuestions).
func (t *turn) read(text string) (Question, bool) {
	if t.e.reader == nil || strings.TrimSpace(text) == "" {
		return Question{}, false
	}
	q := t.e.reader.Read(text)
	t.questions = append(t.questions, q)
	return q, true
}

// logQuestions logs the typed questions of a committed update: the
// decision, topic or kind of small talk, example id and score, never the
// text. A question the bot could not answer (outside, or unsure; small
// talk is no question) is also handed to Unanswered, which keeps it
// redacted and without the chat for the question report; an error there
// is logged and changes nothing for the person.
func (e *Engine) logQuestions(ctx context.Context, u Update, lang Lang, out Outcome) {
	kept := false
	for _, q := range out.questions {
		e.log.Info("typed question", "decision", q.Kind.String(), "topic", q.Topic, "smalltalk", q.SmallTalk, "example", q.Example,
			"score", q.Score, "offer", q.Offer, "lang", string(q.Lang), "lang_clear", q.LangClear)
		if e.unanswered == nil || kept || q.Kind == QuestionAnswerable || q.Kind == QuestionSmallTalk || u.Text == "" {
			continue
		}
		kept = true
		if l, ok := ParseLang(string(q.Lang)); ok && q.LangClear {
			lang = l
		}
		if err := e.unanswered.Keep(ctx, u.Chat, lang, u.Text); err != nil {
			e.log.Warn("could not keep an unanswered question for the report", "err", err)
		}
	}
}

// atRest reports whether the chat is at no question of a flow but the
// menu's.
func (t *turn) atRest() bool {
	return t.s.Dialog.Flow == "" || t.s.Dialog.Flow == menuFlow
}

// answerLang is the language to answer q in: its own when it is clearly
// one of the bot's languages, else the chat's.
func (t *turn) answerLang(q Question) Lang {
	if l, ok := ParseLang(string(q.Lang)); ok && q.LangClear {
		return l
	}
	return t.s.Lang
}

// inLang runs fn with the session's language set to lang, and offers a
// button to switch the chat to it (with the next buttons fn shows) when it
// is not the chat's language.
func (t *turn) inLang(lang Lang, fn func()) {
	if lang == "" || lang == t.s.Lang {
		fn()
		return
	}
	saved := t.s.Lang
	t.s.Lang = lang
	t.switchButton = &Button{Label: t.say("ask.switch", nil), Data: cbLanguage + "|" + string(lang)}
	fn()
	t.s.Lang = saved
}

// offerSwitch offers, with the next buttons shown, to switch the chat to
// lang when it is not the chat's language.
func (t *turn) offerSwitch(lang Lang) {
	t.inLang(lang, func() {})
}

// answerTopic shows the answer to topic id in lang: it leaves the menu (or
// sets a paused check aside) and goes to the topic's target. When the
// answer depends on who needs the account and the chat has not said it,
// it asks that first.
func (t *turn) answerTopic(id string, lang Lang) {
	tp := t.e.topics.Topics[id]
	if tp == nil || tp.ID == flows.OutOfScope {
		t.outside(lang)
		return
	}
	t.inLang(lang, func() {
		target, ok := t.target(tp)
		if !ok {
			t.askWho(tp, lang)
			return
		}
		t.pause()
		t.goTo(target)
	})
}

// pressTopic answers a topic offered as a button.
func (t *turn) pressTopic(args []string) {
	if len(args) != 2 || t.e.topics == nil || t.e.topics.Topics[args[0]] == nil {
		t.stale()
		return
	}
	lang := t.langArg(args[1])
	t.inLang(lang, func() { t.Chosen(t.say("ask.topic."+args[0], nil)) })
	t.answerTopic(args[0], lang)
}

// langArg reads a button's language, or the chat's.
func (t *turn) langArg(s string) Lang {
	if l, ok := ParseLang(s); ok {
		return l
	}
	return t.s.Lang
}

// goTo shows a topic's answer target: a flow step, a flow's start or a
// command (flows.Answer).
func (t *turn) goTo(target string) {
	if t.leave(target) {
		return
	}
	flow, step, _ := strings.Cut(target, ".")
	if f := t.e.flows.Flows[flow]; f == nil || f.Steps[step] == nil {
		t.menu()
		return
	}
	t.s.Dialog.History = nil
	t.enter(flow, step)
}

// offerTopics asks "Did you mean…?" with the offered topics as buttons.
func (t *turn) offerTopics(offer []string, lang Lang) {
	t.inLang(lang, func() {
		t.block(t.say("ask.unsure", nil))
		rows := make([][]Button, 0, len(offer)+2)
		for _, id := range offer {
			if t.e.topics.Topics[id] == nil || id == flows.OutOfScope {
				continue
			}
			rows = append(rows, []Button{t.topicButton(id, lang)})
		}
		rows = append(rows, t.pendingRows()...)
		rows = append(rows, []Button{t.menuButton()})
		t.flush(rows)
	})
}

// topicButton answers topic id in lang when pressed.
func (t *turn) topicButton(id string, lang Lang) Button {
	return Button{Label: t.say("ask.topic."+id, nil), Data: cbTopic + "|" + id + "|" + string(lang)}
}

// outside says plainly that the bot cannot answer the question, and shows
// the menu with "💬 Ask an officer".
func (t *turn) outside(lang Lang) {
	t.inLang(lang, func() {
		t.block(t.say("ask.outside", nil))
		t.officerButton = &Button{Label: t.say("ask.btn.officer", nil), Data: cbOfficer + "|" + string(lang)}
		t.pause()
		t.menu()
	})
}

// smallTalk answers a greeting, thanks or an "ok" in kind, in lang, and
// shows the menu: it is no question the bot failed to answer. A goodbye
// gets a goodbye and the menu's button, not its question.
func (t *turn) smallTalk(kind string, lang Lang) {
	t.inLang(lang, func() {
		if key := smallTalkReplies[kind]; key != "" {
			t.block(t.say(key, nil))
		}
		t.pause()
		if kind == flows.SmallTalkBye {
			t.flush([][]Button{{t.menuButton()}})
			return
		}
		t.menu()
	})
}

// smallTalkReplies are the messages that answer each kind of small talk
// (flows.SmallTalkKinds); the menu answers an "ok" by itself.
var smallTalkReplies = map[string]string{
	flows.SmallTalkGreeting: "smalltalk.greeting",
	flows.SmallTalkThanks:   "smalltalk.thanks",
	flows.SmallTalkBye:      "smalltalk.bye",
}

// pendingRows takes the buttons waiting for the next question: a
// verdict's legal basis, "💬 Ask an officer" and the switch to the
// language of a typed question.
func (t *turn) pendingRows() [][]Button {
	rows := t.legalRow()
	for _, b := range []**Button{&t.officerButton, &t.switchButton} {
		if *b != nil {
			rows = append(rows, []Button{**b})
			*b = nil
		}
	}
	return rows
}
