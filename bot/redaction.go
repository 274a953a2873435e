package bot

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// What Redact puts in place of what it takes out. They carry no digit, no
// '@' and no marker word, so redacting a redacted text changes nothing.
const (
	redactedLink   = "<link>"
	redactedEmail  = "<email>"
	redactedUser   = "<user>"
	redactedName   = "<name>"
	redactedPhone  = "<phone>"
	redactedNumber = "<number>"
	redactedID     = "<id>"
)

// maxRedacted bounds a redacted text, in characters: a question is a
// line, and a long text says more about its writer than about the
// question.
const maxRedacted = 280

var (
	linkPattern  = regexp.MustCompile(`(?i)\b(?:https?://|www\.)\S+`)
	emailPattern = regexp.MustCompile(`[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+`)
	// A Telegram or Zalo user name, after e-mail addresses are gone.
	mentionPattern = regexp.MustCompile(`@[A-Za-z0-9_]{3,}`)
)

// Redact returns a typed question with what could identify its writer
// taken out, for keeping it (Unanswered): links, e-mail addresses and
// @user names; the name after "tên là", "tên tôi là", "tôi tên", "my name
// is", "我叫", "제 이름은" and the like (Vietnamese with or without
// diacritics, composed or not); every number of two digits or more, a
// phone number, a date or an ID number (a 12-digit citizen card number, a
// passport number such as C1234567). A single digit stays: it cannot
// identify anyone, and "mức 2" needs it. Control and invisible formatting
// characters become spaces (the text is printed in a terminal), runs of
// space one space, and the result is cut to 280 characters.
//
// Redact is pure and redacting twice changes nothing. It removes what
// looks personal, not everything that is: a name typed without a marker
// ("Lan hỏi làm ở đâu") stays. That is why questions are also kept only
// without any chat id, for 30 days, and shown only once several chats
// asked them (Unanswered).
func Redact(text string) string {
	s := cleanSpaces(text)
	s = linkPattern.ReplaceAllString(s, redactedLink)
	s = emailPattern.ReplaceAllString(s, redactedEmail)
	s = mentionPattern.ReplaceAllString(s, redactedUser)
	s = redactNames(s)
	s = redactNumbers(s)
	if utf8.RuneCountInString(s) > maxRedacted {
		s = string([]rune(s)[:maxRedacted-1]) + "…"
	}
	return s
}

// cleanSpaces turns control characters, invisible formatting characters
// (bidirectional overrides, zero-width joiners) and every kind of space
// into one plain space, and trims the ends.
func cleanSpaces(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) || unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == utf8.RuneError {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// nameMarkers are the words, folded (see fold), after which people give
// their name: "Tên tôi là Lan", "ten toi la lan", "my name is Lan", "제
// 이름은 김민준입니다". Only phrases that announce a name are here: "tôi
// là" or "저는" also start "tôi là người nước ngoài" or "저는 외국인인데".
var nameMarkers = [][]string{
	{"ten", "la"},
	{"ten", "toi", "la"}, {"ten", "em", "la"}, {"ten", "minh", "la"}, {"ten", "to", "la"},
	{"ten", "tui", "la"}, {"ten", "con", "la"}, {"ten", "chau", "la"}, {"ten", "cua", "toi", "la"},
	{"toi", "ten"}, {"em", "ten"}, {"minh", "ten"}, {"tui", "ten"}, {"chau", "ten"},
	{"toi", "ten", "la"}, {"em", "ten", "la"}, {"minh", "ten", "la"}, {"tui", "ten", "la"}, {"chau", "ten", "la"},
	{"my", "name", "is"}, {"my", "full", "name", "is"}, {"my", "name", "s"},
	{"제", "이름은"}, {"내", "이름은"}, {"저의", "이름은"}, {"제", "이름은요"},
}

// boundNameMarkers are markers written without a space before the name:
// Chinese, and Korean typed without spaces ("제이름은김민준").
var boundNameMarkers = []string{"我的名字是", "我的名字叫", "我名叫", "本人叫", "我叫", "我姓", "제이름은", "내이름은"}

// redactNames replaces the name after each name marker with <name>.
func redactNames(s string) string {
	fields := strings.Split(s, " ")
	folded := make([]string, len(fields))
	for i, f := range fields {
		folded[i] = fold(f)
	}
	out := make([]string, 0, len(fields))
	for i := 0; i < len(fields); i++ {
		if field, nameNext, ok := redactBound(fields[i]); ok {
			out = append(out, field)
			if nameNext {
				i = replaceName(&out, fields, i+1, nameLength(fields[i+1:]))
			}
			continue
		}
		m := markerAt(folded, i)
		if m == 0 {
			out = append(out, fields[i])
			continue
		}
		out = append(out, fields[i:i+m]...)
		i = replaceName(&out, fields, i+m, nameLength(fields[i+m:]))
	}
	return strings.Join(out, " ")
}

// replaceName appends <name> for the n fields from start (keeping the last
// one's closing punctuation) and returns the index of the last field used.
func replaceName(out *[]string, fields []string, start, n int) int {
	if n == 0 {
		return start - 1
	}
	last := fields[start+n-1]
	*out = append(*out, redactedName+trailingPunct(last))
	return start + n - 1
}

// markerAt returns the number of fields of the longest name marker that
// starts at fields i, or 0. A field may fold to two words ("name's" →
// "name s").
func markerAt(folded []string, i int) int {
	best := 0
	for k := 1; k <= maxMarker && i+k <= len(folded); k++ {
		words := strings.Fields(strings.Join(folded[i:i+k], " "))
		for _, m := range nameMarkers {
			if slices.Equal(words, m) {
				best = k
			}
		}
	}
	return best
}

// maxMarker is the most words a name marker has.
const maxMarker = 4

// nameLength is how many of fields, which follow a name marker, are the
// name: a capitalised run of up to five words ("Nguyễn Văn An muốn hỏi"
// → 3), else up to four words ("nguyen van an muon hoi" → 4, since
// nothing tells where a name typed in lower case ends and taking too much
// is the safe mistake), or one Korean or Chinese word (two when the first
// is a lone Hangul syllable, a family name typed apart). A word ending
// with punctuation ends the name; a placeholder or a word without letters
// comes after it.
func nameLength(fields []string) int {
	if len(fields) == 0 || !namePart(fields[0]) {
		return 0
	}
	first := []rune(fields[0])
	limit, capital := 4, unicode.IsUpper(first[0])
	switch {
	case unicode.Is(unicode.Hangul, first[0]) && len(first) == 1:
		limit = 2
	case unicode.Is(unicode.Hangul, first[0]) || unicode.Is(unicode.Han, first[0]):
		limit = 1
	case capital:
		limit = 5
	}
	n := 0
	for n < len(fields) && n < limit && namePart(fields[n]) {
		if capital && !unicode.IsUpper([]rune(fields[n])[0]) {
			break
		}
		n++
		if trailingPunct(fields[n-1]) != "" {
			break
		}
	}
	return n
}

// namePart reports whether a field may be (part of) a name: it has a
// letter and holds no placeholder Redact put in.
func namePart(f string) bool {
	return !strings.Contains(f, "<") && strings.IndexFunc(f, unicode.IsLetter) >= 0
}

// trailingPunct is the punctuation a field ends with ("An," → ","), kept
// after the <name> that replaces it.
func trailingPunct(f string) string {
	end := strings.LastIndexFunc(f, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) })
	if end < 0 {
		return ""
	}
	_, size := utf8.DecodeRuneInString(f[end:])
	return f[end+size:]
}

// redactBound replaces the name after a bound marker inside one field
// ("我叫王小明，想问" → "我叫<name>，想问"): up to three Han characters (a
// Chinese given name; one after 我姓, a family name), or the rest of the
// field's letters in another script ("제이름은김민준입니다" →
// "제이름은<name>"). ok reports whether the field has a bound marker;
// nameNext, whether it ends with one, so that the name is the next field
// ("我叫 王小明").
func redactBound(field string) (out string, nameNext, ok bool) {
	for _, m := range boundNameMarkers {
		at := strings.Index(field, m)
		if at < 0 {
			continue
		}
		head, rest := field[:at+len(m)], field[at+len(m):]
		if rest == "" {
			return field, true, true
		}
		limit := 3
		if m == "我姓" {
			limit = 1
		}
		n, han := 0, 0
		for i, r := range rest {
			if !unicode.IsLetter(r) && !unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Han, r) && han == limit {
				break
			}
			if unicode.Is(unicode.Han, r) {
				han++
			}
			n = i + utf8.RuneLen(r)
		}
		if n == 0 {
			return field, false, true
		}
		return head + redactedName + rest[n:], false, true
	}
	return field, false, false
}

// redactNumbers replaces every number of two digits or more with a
// placeholder: <phone> for what looks like a phone number, <id> for an ID
// with one or two Latin letters in front (C1234567, EA1234567), <number>
// for the rest. Digit groups joined by one or two of " .-/()" are one
// number: "0912 345 678", "12/05/1960". Digits in any script count (a
// full-width ０９１２).
func redactNumbers(s string) string {
	rs := []rune(s)
	var b strings.Builder
	last := 0 // rs[:last] is written
	for i := 0; i < len(rs); {
		start, end, digits := numberAt(rs, i)
		i = end
		if digits < 2 {
			continue
		}
		from, place := start, numberKind(rs[start:end], digits)
		letters := 0
		for from-letters > last && letters < 3 && isASCIILetter(rs[from-letters-1]) {
			letters++
		}
		if letters > 0 && letters <= 2 && (from-letters == 0 || !unicode.Is(unicode.Latin, rs[from-letters-1])) {
			from, place = from-letters, redactedID
			for i < len(rs) && (isASCIILetter(rs[i]) || unicode.IsDigit(rs[i])) {
				i++
			}
		}
		b.WriteString(string(rs[last:from]))
		b.WriteString(place)
		last = i
	}
	b.WriteString(string(rs[last:]))
	return b.String()
}

// numberAt finds the number that starts at rs[i], if any: it returns its
// bounds and its count of digits. When rs[i] does not start a number it
// returns i, i+1, 0.
func numberAt(rs []rune, i int) (start, end, digits int) {
	j := i
	if rs[j] == '+' || rs[j] == '(' {
		j++
	}
	if j >= len(rs) || !unicode.IsDigit(rs[j]) {
		return i, i + 1, 0
	}
	end = j
	for k := j; k < len(rs); {
		if unicode.IsDigit(rs[k]) {
			digits++
			k++
			end = k
			continue
		}
		seps := 0
		for k+seps < len(rs) && seps < 3 && strings.ContainsRune(" .-/()", rs[k+seps]) {
			seps++
		}
		if seps == 0 || seps > 2 || k+seps >= len(rs) || !unicode.IsDigit(rs[k+seps]) {
			break
		}
		k += seps
	}
	return i, end, digits
}

// numberKind says which placeholder a number of the given digits takes:
// <phone> for a Vietnamese number (0 and 9 or 10 more digits, or +84 and
// 9 or 10) or any number in international form, else <number>.
func numberKind(num []rune, digits int) string {
	s := strings.TrimLeft(strings.Map(halfWidth, string(num)), "(")
	switch {
	case strings.HasPrefix(s, "+") && digits >= 8:
		return redactedPhone
	case strings.HasPrefix(s, "84") && (digits == 11 || digits == 12):
		return redactedPhone
	case strings.HasPrefix(s, "0") && (digits == 10 || digits == 11):
		return redactedPhone
	}
	return redactedNumber
}

// halfWidth maps full-width digits and plus to ASCII, as Chinese and
// Japanese keyboards type them.
func halfWidth(r rune) rune {
	if r >= '！' && r <= '～' {
		return r - '！' + '!'
	}
	return r
}

func isASCIILetter(r rune) bool { return r < utf8.RuneSelf && unicode.IsLetter(r) }
