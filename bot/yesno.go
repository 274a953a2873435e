package bot

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// A typed "có", "khong", "yes", "네" or "没有" answers a yes/no question.
// The words are compared folded (see fold): without diacritics, in lower
// case. Only a whole short answer counts, so that a typed question that
// starts with "có" ("có cần mang hộ chiếu không?") is not taken for a yes.
var (
	yesWords = words("co", "co a", "co roi", "da co", "vang", "vang a", "da", "da vang", "u", "uh", "dung", "dung roi", "ok", "oke",
		"yes", "y", "yeah", "yep", "yup", "sure",
		"是", "是的", "有", "有的", "对", "对的", "好", "好的", "嗯", "确定", "需要",
		"네", "예", "응", "있어요", "있습니다", "있음", "맞아요", "맞습니다")
	noWords = words("khong", "khong a", "khong co", "ko", "k", "hong", "chua", "chua co", "chua a", "da khong", "da chua",
		"no", "n", "nope", "not yet", "no thanks",
		"不", "不是", "不用", "没有", "没", "还没有", "还没", "否", "不要",
		"아니요", "아니오", "아뇨", "아니", "없어요", "없습니다", "없음", "아직", "아직 없어요", "아직 없음")
)

// A label that starts with ✅ or ❌, or with one of these words, is the
// yes or the no of its question ("✅ Có, thẻ còn hạn", "➖ Chưa có",
// "🔕 No reminders", "否，保留"). "Chưa" alone is not a no: "🤔 Chưa chắc"
// is "not sure", and so is every label that starts with 🤔 ("🤔 Not sure",
// "🤔 不确定").
var (
	yesLabel = []string{"co", "da co", "dung", "yes", "네", "예", "있음", "是", "有", "已有", "确定", "需要"}
	noLabel  = []string{"khong", "chua co", "no", "not", "아니요", "아니오", "아직", "없음", "不", "没有", "否", "还没有"}
	// Korean puts the verb last: "📱 1단계 있음", "🔕 알림 받지 않기".
	yesLast = []string{"있음", "있습니다"}
	noLast  = []string{"없음", "없습니다", "않기", "않음"}
)

func words(list ...string) map[string]bool {
	m := make(map[string]bool, len(list))
	for _, w := range list {
		m[w] = true
	}
	return m
}

// typedYesNo reads a typed answer as yes (true) or no (false); ok is false
// when it is neither.
func typedYesNo(typed string) (yes, ok bool) {
	f := fold(typed)
	switch {
	case yesWords[f]:
		return true, true
	case noWords[f]:
		return false, true
	}
	return false, false
}

// labelYesNo reads a button's label as the yes (true) or the no (false)
// of a question; ok is false when it is neither.
func labelYesNo(label string) (yes, ok bool) {
	l := strings.TrimSpace(label)
	switch {
	case strings.HasPrefix(l, "🤔"): // "not sure", "不确定": neither, though it says "not"
		return false, false
	case strings.HasPrefix(l, "✅"):
		return true, true
	case strings.HasPrefix(l, "❌"):
		return false, true
	}
	f := fold(l)
	last := f[strings.LastIndexByte(f, ' ')+1:]
	switch {
	case startsWith(f, noLabel) || slices.Contains(noLast, last):
		return false, true
	case startsWith(f, yesLabel) || slices.Contains(yesLast, last):
		return true, true
	}
	return false, false
}

// startsWith reports whether the folded text f starts with one of the
// words: a whole word where words are separated by spaces, any prefix in
// Chinese, which separates none.
func startsWith(f string, words []string) bool {
	for _, w := range words {
		rest, ok := strings.CutPrefix(f, w)
		first, _ := utf8.DecodeRuneInString(w)
		if ok && (rest == "" || rest[0] == ' ' || unicode.Is(unicode.Han, first)) {
			return true
		}
	}
	return false
}

// yesNoChoice returns the choice a typed yes or no picks among choices:
// the one choice whose label says yes (or no), when the choices hold
// exactly one of each, which makes them a yes/no question.
func yesNoChoice[C any](typed string, choices []C, label func(C) string) (C, bool) {
	var zero C
	want, ok := typedYesNo(typed)
	if !ok {
		return zero, false
	}
	var yes, no []C
	for _, c := range choices {
		if y, ok := labelYesNo(label(c)); ok && y {
			yes = append(yes, c)
		} else if ok {
			no = append(no, c)
		}
	}
	if len(yes) != 1 || len(no) != 1 {
		return zero, false
	}
	if want {
		return yes[0], true
	}
	return no[0], true
}
