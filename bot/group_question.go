package bot

import (
	"maps"
	"slices"
	"strings"

	"github.com/eidbot/eidbot/flows"
)

// cbGroupTopic is the kind of the buttons that answer one topic in a
// group chat, offered when a question there was unclear: "gq|<topic>".
const cbGroupTopic = "gq"

// registerGroupQuestions registers /hoi ("ask" in Vietnamese), which asks
// the bot a question in a group without mentioning it, and the buttons
// that answer one of the topics offered for an unclear question.
func registerGroupQuestions(r *Registry) {
	r.Command("hoi", Command{
		Private: onTurn(func(t *turn, payload string) {
			if payload = strings.TrimSpace(payload); payload == "" {
				t.menu()
				return
			}
			t.text(payload)
		}),
		Group: onTurn((*turn).groupAsk),
	})
	r.Callback(cbGroupTopic, Callback{Group: onTurn(func(t *turn, args []string) {
		if len(args) != 1 || t.e.topics == nil || t.e.topics.Topics[args[0]] == nil {
			return // a button of an older version of the topics: the press is answered
		}
		t.markChosen(t.u.Button, t.topicLabel(args[0]))
		t.groupAnswer(Question{Kind: QuestionAnswerable, Topic: args[0]})
	})})
}

// groupAsk answers a question addressed to the bot in a group (a mention,
// a reply to the bot, /hoi): briefly, for everyone to read, with a button
// into a private chat for anything personal. It asks nothing back: a
// question whose answer depends on who asks gets the private chat.
func (t *turn) groupAsk(text string) {
	text = t.withoutMention(text)
	switch {
	case t.e.reader == nil:
		t.groupHelp()
		return
	case text == "":
		t.block(t.say("group.q.how", nil))
		t.flush(nil)
		return
	case PersonalDetails(text):
		t.block(t.say("group.q.personal", nil))
		t.privateButton("check")
		t.replyTo(t.u.MessageID)
		return
	}
	q := t.e.reader.Read(text)
	t.questions = append(t.questions, q) // logged and counted once committed
	defer t.inLanguageOf(q)()
	switch {
	case q.Kind == QuestionAnswerable && t.e.topics.Topics[q.Topic] != nil:
		t.groupAnswer(q)
	case q.Kind == QuestionUnsure && len(t.offerable(q.Offer)) > 0:
		t.groupOffer(t.offerable(q.Offer))
	case q.Kind == QuestionSmallTalk:
		// a greeting or an "ok" in kind, then how to ask; thanks and a
		// goodbye in kind alone; never "I can't answer that" to a "hello"
		if key := smallTalkReplies[q.SmallTalk]; key != "" {
			t.block(t.say(key, nil))
		}
		if q.SmallTalk == flows.SmallTalkGreeting || q.SmallTalk == flows.SmallTalkOK {
			t.block(t.say("group.q.how", nil))
		}
		t.flush(nil)
	default:
		t.block(t.say("group.q.outside", nil))
		t.flush(nil)
	}
	t.replyTo(t.u.MessageID)
}

// withoutMention is text without the words that mention the bot
// ("@eid_bot,"), which a channel may leave in (Telegram's decoder takes
// them out).
func (t *turn) withoutMention(text string) string {
	if t.e.botUsername == "" {
		return strings.TrimSpace(text)
	}
	words := strings.Fields(text)
	kept := words[:0]
	for _, w := range words {
		if !strings.EqualFold(strings.TrimRight(w, ",:;.!?"), "@"+t.e.botUsername) {
			kept = append(kept, w)
		}
	}
	return strings.Join(kept, " ")
}

// generalTopics are the topics the general guidance for groups
// (group.help) answers for every reader at once: who can apply, where,
// with what, children.
var generalTopics = []string{"eligibility", "where", "bring", "children"}

// groupAnswer shows the answer to q's topic that fits a group: a short
// answer everyone may read, with a button into a private chat where the
// rest of the topic continues. The general guidance answers the general
// topics; another topic whose answer depends on who asks, or one that is
// done in private (booking), gets a sentence and the button.
func (t *turn) groupAnswer(q Question) {
	tp := t.e.topics.Topics[q.Topic]
	if slices.Contains(generalTopics, q.Topic) {
		t.block(t.say("group.help", nil))
		t.privateButton(t.linkTo(tp.Answer.Targets()[0]))
		return
	}
	// An answer by audience shows, in a group, the citizens' answer (most
	// of a ward group's readers) and says that foreign nationals get
	// another one, when that answer is a few messages (a problem's); a
	// personal checklist, or no citizens' answer, depends too much on who
	// asks to say anything but "ask me privately".
	target, byAudience := tp.Answer.Target, tp.Answer.ByAudience != nil
	if byAudience {
		citizen, ok := tp.Answer.ByAudience["citizen"]
		if !ok || !t.sayStep(citizen) {
			t.block(t.say("group.q.depends", nil))
			t.privateButton(t.linkTo(tp.Answer.Targets()[0]))
			return
		}
		target = citizen
	}
	if name, ok := strings.CutPrefix(target, "/"); ok {
		if c := t.r.commands[name]; c.Group != nil {
			c.Group(t, "") // /subscribe, /language: they work in a group
			return
		}
	}
	if flow, step, ok := strings.Cut(target, "."); ok && t.e.flows.Flows[flow] != nil {
		if st := t.e.flows.Flows[flow].Steps[step]; st != nil && st.Ask == "" && (len(st.Say) > 0 || st.Checklist != "") {
			for _, id := range st.Say {
				t.block(t.say(id, nil))
			}
			if st.Checklist != "" {
				t.block(t.checklist(st.Checklist))
			}
			if byAudience || t.citizensOnly(flow, st) {
				t.block(t.say("group.q.foreigners", nil))
			}
			t.privateButton(t.linkTo(target))
			return
		}
	}
	t.block(t.say("group.q.private", nil))
	t.privateButton(t.linkTo(target))
}

// sayStep reports whether target is a flow step that only says messages.
func (t *turn) sayStep(target string) bool {
	flow, step, ok := strings.Cut(target, ".")
	if !ok || t.e.flows.Flows[flow] == nil {
		return false
	}
	st := t.e.flows.Flows[flow].Steps[step]
	return st != nil && st.Ask == "" && st.Checklist == "" && len(st.Say) > 0
}

// citizensOnly reports whether step st of flow answers Vietnamese citizens
// where the flow answers foreign nationals elsewhere: another of its
// steps says the foreign version of one of st's messages (the flows name
// it "<message>_fr"). Shown in a group, which everyone reads, such an
// answer says that foreign nationals get another one (docs/CONTENT.md
// §5).
func (t *turn) citizensOnly(flow string, st *flows.Step) bool {
	for _, other := range t.e.flows.Flows[flow].Steps {
		for _, id := range st.Say {
			if slices.Contains(other.Say, id+"_fr") {
				return true
			}
		}
	}
	return false
}

// groupOffer lists the topics an unclear question may be about, as
// buttons anyone in the group may press.
func (t *turn) groupOffer(topics []string) {
	t.block(t.say("group.q.unsure", nil))
	rows := make([][]Button, 0, len(topics))
	for _, id := range topics {
		rows = append(rows, []Button{{Label: t.topicLabel(id), Data: cbGroupTopic + "|" + id}})
	}
	t.flush(rows)
}

// offerable keeps the topics of an offer that exist, at most three.
func (t *turn) offerable(offer []string) []string {
	var out []string
	for _, id := range offer {
		if t.e.topics.Topics[id] != nil && len(out) < 3 {
			out = append(out, id)
		}
	}
	return out
}

// topicLabel is a topic's short name for a button.
func (t *turn) topicLabel(id string) string { return t.say("ask.topic."+id, nil) }

// privateButton sends what is queued with a button that opens a private
// chat at /start payload or, where the channel has no such links, with a
// line on how to write to the bot privately.
func (t *turn) privateButton(payload string) {
	link := t.DeepLink(payload)
	if link == "" {
		t.block(t.say("group.private_how", nil))
		t.flush(nil)
		return
	}
	t.flush([][]Button{{{Label: t.say("group.private", nil), URL: link}}})
}

// linkTo is the deep-link payload that opens the flow of an answer target
// ("flow.step", "@flow") in a private chat: the registered link of that
// flow (check, bring, problems, book …), or "menu", which /start answers
// with the main menu.
func (t *turn) linkTo(target string) string {
	flow, _, _ := strings.Cut(strings.TrimPrefix(target, "@"), ".")
	for _, payload := range slices.Sorted(maps.Keys(t.r.links)) {
		if t.r.links[payload] == flow {
			return payload
		}
	}
	return menuFlow
}

// replyTo makes the turn's first message a reply to message id, where the
// channel shows replies; 0 leaves it as it is.
func (t *turn) replyTo(id int) {
	if id == 0 || !t.caps.Replies {
		return
	}
	for i := range t.out {
		if t.out[i].Kind == ReplyText && t.out[i].Chat == t.u.Chat {
			t.out[i].ReplyTo = id
			return
		}
	}
}

// inLanguageOf answers in the language of question q when it is clearly
// written in another language the bot speaks than the group's (a foreign
// resident asking in English in a Vietnamese ward's group); the returned
// function restores the group's language, which the answer does not
// change.
func (t *turn) inLanguageOf(q Question) (restore func()) {
	lang := t.s.Lang
	if _, ok := ParseLang(string(q.Lang)); ok && q.LangClear {
		t.s.Lang = q.Lang
	}
	return func() { t.s.Lang = lang }
}
