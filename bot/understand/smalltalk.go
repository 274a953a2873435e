package understand

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/eidbot/eidbot/flows"
	"golang.org/x/text/unicode/norm"
	"golang.org/x/text/width"
)

// smallTalk recognises a whole message that is not a question but a
// greeting, thanks, an "ok" or a goodbye (flows.SmallTalk): one made only
// of the listed phrases and fillers ("dạ, em cảm ơn ad nhiều ạ 🙏"). A message
// with any other word is a question, and goes to the matcher.
type smallTalk struct {
	phrases map[string]phrase // the units of a phrase, joined by spaces
	fillers map[string]bool   // the units of a filler, joined by spaces
	longest int               // the most units in a phrase or filler
}

// phrase is what a small-talk phrase says: its kind's rank in
// flows.SmallTalkKinds, and its language (flows.AnyLanguage: none).
type phrase struct {
	rank int
	lang string
}

// A message with more units or bytes than these is never only a greeting,
// and is not searched.
const (
	smallTalkUnits = 16
	smallTalkBytes = 256
)

// newSmallTalk indexes st's phrases and fillers.
func newSmallTalk(st flows.SmallTalk) *smallTalk {
	s := &smallTalk{phrases: map[string]phrase{}, fillers: map[string]bool{}}
	for _, f := range st.Fillers {
		u := units(f)
		s.fillers[strings.Join(u, " ")] = true
		s.longest = max(s.longest, len(u))
	}
	for _, p := range st.Phrases {
		u := units(p.Text)
		s.phrases[strings.Join(u, " ")] = phrase{rank: slices.Index(flows.SmallTalkKinds, p.Kind), lang: p.Lang}
		s.longest = max(s.longest, len(u))
	}
	return s
}

// units cuts text into what small talk compares: its Latin words, lower
// case with Vietnamese diacritics folded, each Han or Hangul character of
// it (Chinese and Korean are written with or without spaces), each Korean
// initial written alone (ㄳ, ㅋㅋ) and each symbol (emoji). Punctuation and
// spaces are dropped.
func units(text string) []string {
	s := strings.ToLower(norm.NFC.String(width.Fold.String(text)))
	words, runs, _ := segment(s)
	out := make([]string, 0, len(words)+len(runs))
	for _, w := range words {
		if f := fold(w); f != "" { // a lone variation selector is no word
			out = append(out, f)
		}
	}
	for _, run := range runs {
		for _, r := range run {
			out = append(out, string(r))
		}
	}
	for _, r := range s {
		if isJamo(r) || unicode.Is(unicode.So, r) {
			out = append(out, string(r))
		}
	}
	return out
}

// words are the units of text that small talk reads: a symbol that is no
// phrase is decoration ("cảm ơn 😊"), and left out.
func (s *smallTalk) words(text string) []string {
	u := units(text)
	kept := u[:0]
	for _, w := range u {
		if _, isPhrase := s.phrases[w]; isPhrase || !isSymbol(w) {
			kept = append(kept, w)
		}
	}
	return kept
}

// isSymbol reports whether unit w is a symbol (emoji).
func isSymbol(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.Is(unicode.So, r)
}

// read reports whether text is small talk, and if so its kind and the
// language of its phrases ("" when every phrase is one that people of
// every language write).
func (s *smallTalk) read(text string) (kind, lang string, ok bool) {
	if s == nil || len(text) > smallTalkBytes {
		return "", "", false
	}
	u := s.words(text)
	if len(u) == 0 || len(u) > smallTalkUnits {
		return "", "", false
	}
	// best[i] is the strongest reading of u[:i] as phrases and fillers:
	// the rank of its strongest phrase (-1: fillers only) and the first
	// language of its phrases; reached[i] says whether u[:i] has one.
	best := make([]phrase, len(u)+1)
	reached := make([]bool, len(u)+1)
	best[0], reached[0] = phrase{rank: -1, lang: flows.AnyLanguage}, true
	for i := range u {
		if !reached[i] {
			continue
		}
		for n := 1; n <= s.longest && i+n <= len(u); n++ {
			key := strings.Join(u[i:i+n], " ")
			next := best[i]
			if p, isPhrase := s.phrases[key]; isPhrase {
				next = phrase{rank: max(next.rank, p.rank), lang: next.lang}
				if next.lang == flows.AnyLanguage {
					next.lang = p.lang
				}
			} else if !s.fillers[key] {
				continue
			}
			if !reached[i+n] || next.rank > best[i+n].rank {
				best[i+n], reached[i+n] = next, true
			}
		}
	}
	end := best[len(u)]
	if !reached[len(u)] || end.rank < 0 {
		return "", "", false
	}
	if end.lang == flows.AnyLanguage {
		end.lang = ""
	}
	return flows.SmallTalkKinds[end.rank], end.lang, true
}

// checkSmallTalk reports the phrases and fillers that have nothing small
// talk can compare, a phrase that is also a filler or listed twice once
// cut into units, and every example of a real topic that would be read as
// small talk instead of being matched.
func checkSmallTalk(t *flows.Topics, s *smallTalk) []flows.Problem {
	var probs []flows.Problem
	file := "questions/topics.yaml"
	seen := map[string]flows.Phrase{}
	for _, f := range t.SmallTalk.Fillers {
		if len(units(f)) == 0 {
			probs = append(probs, flows.Problem{File: file, Line: t.SmallTalk.Line, Msg: fmt.Sprintf("small-talk filler %q has no letters small talk compares", f)})
		}
	}
	for _, p := range t.SmallTalk.Phrases {
		key := strings.Join(units(p.Text), " ")
		prev, dup := seen[key]
		switch {
		case key == "":
			probs = append(probs, flows.Problem{File: file, Line: p.Line, Msg: fmt.Sprintf("small-talk phrase %q has no letters small talk compares", p.Text)})
		case s.fillers[key]:
			probs = append(probs, flows.Problem{File: file, Line: p.Line, Msg: fmt.Sprintf("small-talk phrase %q is also a filler", p.Text)})
		case dup:
			probs = append(probs, flows.Problem{File: file, Line: p.Line, Msg: fmt.Sprintf("small-talk phrase %q reads the same as %q", p.Text, prev.Text)})
		}
		seen[key] = p
	}
	for _, e := range t.Examples {
		if e.Topic == flows.OutOfScope {
			continue
		}
		if kind, _, ok := s.read(e.Text); ok {
			probs = append(probs, problem(e, "example %s of topic %s would be read as small talk (%s), not matched", e.ID, e.Topic, kind))
		}
	}
	return probs
}
