package bot

import (
	"strings"

	"github.com/eidbot/eidbot/flows"
)

// A typed name must be a name (issue 12). Two things people send at the
// name step are not, although they are made of letters:
//
//   - a button's label: "Skip", "Bỏ qua", "Menu", "Tôi đồng ý", in any of
//     the four languages, typed or sent by a reply keyboard;
//   - a question: "làm ở đâu?", "cần mang gì", "how long does it take".
//
// Either is refused with its own reason (book.name_label,
// book.name_question) and the name is asked again; nothing is saved. The
// check is local to name input on purpose: a question reader may later
// answer the question before asking again.

// coreButtonLabels are the message ids of the core's own buttons, which no
// flow file names.
var coreButtonLabels = []string{"nav.back", "nav.menu", "resume.continue", "resume.restart",
	"verdict.btn.legal", "forget.yes", "forget.no", "group.private",
	"lang.name.vi", "lang.name.en", "lang.name.zh", "lang.name.ko"}

// buttonLabels folds every button label the bot can show, in every
// language: the choices and skip buttons of the flows and the core's own.
func buttonLabels(tr Translator, set *flows.Set) map[string]bool {
	ids := append([]string(nil), coreButtonLabels...)
	for _, f := range set.Flows {
		for _, st := range f.Steps {
			for _, ch := range st.Choices {
				ids = append(ids, ch.Label)
			}
			if st.Input != nil && st.Input.Skip != "" {
				ids = append(ids, st.Input.Skip)
			}
		}
	}
	labels := map[string]bool{}
	for _, lang := range Languages {
		for _, id := range ids {
			if l := fold(tr.Text(lang, id, nil)); l != "" {
				labels[l] = true
			}
		}
	}
	return labels
}

// questionWords start a question rather than a name, folded as fold does
// (Vietnamese without diacritics). Vietnamese puts most question words at
// the end ("làm ở đâu", "mất bao lâu"), so those are matched as the last
// words.
var (
	questionStarts = []string{"what", "where", "when", "how", "why", "who", "which", "can i", "do i", "is it",
		"o dau", "lam sao", "lam the nao", "tai sao", "vi sao", "khi nao", "bao gio", "bao lau", "co can", "co phai",
		"cho hoi", "xin hoi"}
	questionEnds = []string{"o dau", "khong", "chua", "gi", "bao lau", "bao nhieu", "the nao", "lam sao"}
)

// notAName says why text, typed at a name step, is not a name: the message
// id of the reason, or "" when it may be one.
func (t *turn) notAName(text string) string {
	folded := fold(text)
	switch {
	case t.e.labels[folded]:
		return "book.name_label"
	case looksLikeQuestion(text, folded):
		return "book.name_question"
	case t.e.reader != nil && t.e.reader.Read(text).Kind == QuestionSmallTalk:
		return "book.name_smalltalk" // "vâng", "ok", "cảm ơn": no one's name
	}
	return ""
}

// looksLikeQuestion reports whether text reads as a question: it ends in a
// question mark (also the full-width one), or starts or ends with a
// question word. Words that are also given names or surnames when folded
// ("Đậu", "Sao", "Hồi", "A") are left out of the lists.
func looksLikeQuestion(text, folded string) bool {
	trimmed := strings.TrimSpace(text)
	if strings.HasSuffix(trimmed, "?") || strings.HasSuffix(trimmed, "？") {
		return true
	}
	if startsWith(folded, questionStarts) {
		return true
	}
	for _, w := range questionEnds {
		if folded == w || strings.HasSuffix(folded, " "+w) {
			return true
		}
	}
	return false
}
