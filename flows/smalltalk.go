package flows

import (
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// Small talk is a whole message that is not a question: a greeting
// ("xin chào"), thanks ("cảm ơn ad nhiều ạ"), an acknowledgement ("ok",
// "vâng") or a goodbye ("tạm biệt"). topics.yaml lists the phrases under
// smalltalk; bot/understand recognises a message made of them and of
// fillers only, and the engine answers it in kind, with the menu, instead
// of "I can't answer that".

// The kinds of small talk.
const (
	SmallTalkOK       = "ok"
	SmallTalkGreeting = "greeting"
	SmallTalkThanks   = "thanks"
	SmallTalkBye      = "bye"
)

// SmallTalkKinds lists the kinds, weakest first: a message that mixes them
// ("dạ, em cảm ơn", "hi, thanks", "thanks, bye") is answered as its
// strongest.
var SmallTalkKinds = []string{SmallTalkOK, SmallTalkGreeting, SmallTalkThanks, SmallTalkBye}

// AnyLanguage is the language key of the small-talk phrases that people
// write whatever their language (hello, ok, thanks): they are answered in
// the chat's language, never taken as a sign of another one.
const AnyLanguage = "any"

// smallTalkFillers is the key, beside the kinds, that lists the fillers.
const smallTalkFillers = "fillers"

// Phrase is one small-talk phrase of topics.yaml.
type Phrase struct {
	Kind string // one of SmallTalkKinds
	Lang string // the language it is written in, or AnyLanguage
	Text string
	Line int
}

// SmallTalk is what topics.yaml lists of the messages that are not a
// question.
type SmallTalk struct {
	Phrases []Phrase
	// Fillers are the words that may surround a phrase without making the
	// message a question: particles, pronouns, "very much" ("ạ", "ad",
	// "nhiều", "so much", "大家", "정말").
	Fillers []string
	Line    int
}

// smallTalk reads topics.yaml's smalltalk: {kind: {lang: [phrases]},
// fillers: [words]}.
func (l *topicLoader) smallTalk(file string, n *yaml.Node) {
	st := &l.topics.SmallTalk
	st.Line = n.Line
	seen := map[string]Phrase{}
	l.pairs(file, n, "small-talk key", func(k, v *yaml.Node) {
		if k.Value == smallTalkFillers {
			st.Fillers = l.texts(file, v, "smalltalk fillers")
			return
		}
		if !slices.Contains(SmallTalkKinds, k.Value) {
			l.add(file, k.Line, "unknown small-talk kind %q (known: %v and %s)", k.Value, SmallTalkKinds, smallTalkFillers)
			return
		}
		l.pairs(file, v, "language", func(lang, list *yaml.Node) {
			if lang.Value != AnyLanguage && !langPattern.MatchString(lang.Value) {
				l.add(file, lang.Line, "smalltalk %s: %q is not a language code or %q", k.Value, lang.Value, AnyLanguage)
				return
			}
			for _, text := range l.texts(file, list, "smalltalk "+k.Value+" "+lang.Value) {
				p := Phrase{Kind: k.Value, Lang: lang.Value, Text: text, Line: list.Line}
				key := strings.ToLower(text)
				if prev, dup := seen[key]; dup {
					l.add(file, list.Line, "small-talk phrase %q is already listed (%s, %s)", text, prev.Kind, prev.Lang)
					continue
				}
				seen[key] = p
				st.Phrases = append(st.Phrases, p)
			}
		})
	})
	if len(st.Phrases) == 0 {
		l.add(file, n.Line, "smalltalk lists no phrase")
	}
}

// texts decodes a list of non-empty strings.
func (l *topicLoader) texts(file string, n *yaml.Node, what string) []string {
	var out []string
	if err := n.Decode(&out); err != nil {
		l.add(file, n.Line, "%s: expected a list of texts: %v", what, err)
		return nil
	}
	for _, s := range out {
		if strings.TrimSpace(s) == "" {
			l.add(file, n.Line, "%s: an empty text", what)
		}
	}
	return out
}

// smallTalkLanguages reports each phrase written in a language that has no
// examples file.
func (l *topicLoader) smallTalkLanguages(file string) {
	for _, p := range l.topics.SmallTalk.Phrases {
		if p.Lang != AnyLanguage && !slices.Contains(l.topics.Languages, p.Lang) {
			l.add(file, p.Line, "small-talk phrase %q: language %q has no examples file", p.Text, p.Lang)
		}
	}
}
