package understand

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
	"golang.org/x/text/width"
)

// question is a typed question cut into the pieces the matcher compares.
type question struct {
	// words are the Latin-script words: lower case, Vietnamese diacritics
	// folded, chat spellings mapped to their full form, fillers dropped.
	words []string
	// said are the same words with the fillers, for language detection.
	said []string
	// typed are the words as typed, only folded: before chat spellings,
	// stemming and joined terms (typos learns them from the examples).
	typed []string
	// runs are the Han or Hangul stretches of the text, fillers cut out;
	// spaces between Hangul words are removed, since people often omit them.
	runs []string
	// script counts the text's characters and words per writing system,
	// for language detection.
	script script
}

// script counts a text's Han and Hangul characters and its Latin words.
type script struct {
	han, hangul, latin int
	// viWords counts the words with a letter only Vietnamese uses among
	// the bot's languages: đ, ă, â, ê, ô, ơ, ư or a vowel with a tone mark.
	viWords int
}

// Normalize returns the canonical form of a typed text, as the matcher sees
// it: Latin words lower-cased, diacritics folded and chat spellings mapped
// ("Sđt ko chính chủ ạ?" → "so dien thoai khong chinh chu"), then the Han
// and Hangul runs. Two texts with the same canonical form match alike.
func Normalize(text string) string {
	q := parse(text)
	return strings.Join(append(q.words, q.runs...), " ")
}

// parse normalises text and cuts it into words and runs.
func parse(text string) question { return parseWith(text, nil) }

// parseWith is parse, with fix (when not nil) correcting each folded word
// before it is spelled out and stemmed (typos.fix).
func parseWith(text string, fix func(string) string) question {
	s := strings.ToLower(norm.NFC.String(width.Fold.String(text)))
	_, _, sc := segment(s) // count the script before fillers are cut out
	raw, runs, _ := segment(cjkFillers.Replace(s))
	for i, run := range runs {
		// 没有 (have not) is 无 (without), so that 有居留卡 (has a
		// residence card) is not a part of 没有居留卡 (has none).
		runs[i] = strings.ReplaceAll(aNotA(run), "没有", "无")
	}
	for _, w := range raw {
		if hasVietnamese(w) {
			sc.viWords++
		}
	}
	typed := make([]string, len(raw))
	for i, w := range raw {
		typed[i] = fold(w)
	}
	said := canonicalWords(raw, fix)
	kept := make([]string, 0, len(said))
	for _, w := range said {
		if !fillers[w] {
			kept = append(kept, w)
		}
	}
	return question{words: kept, said: said, typed: typed, runs: runs, script: sc}
}

// hasVietnamese reports whether w has a Latin letter that, among the bot's
// languages, only Vietnamese writes: đ, a letter with a breve, circumflex
// or horn, or a vowel with a tone mark.
func hasVietnamese(w string) bool {
	for _, r := range w {
		if r >= utf8.RuneSelf && unicode.Is(unicode.Latin, r) {
			return true
		}
	}
	return false
}

// fold removes Vietnamese diacritics: "điện" → "dien". ASCII is returned
// as it is without allocating.
func fold(w string) string {
	ascii := true
	for i := 0; i < len(w); i++ {
		if w[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return w
	}
	var b strings.Builder
	b.Grow(len(w))
	for _, r := range norm.NFD.String(w) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r == 'đ':
			b.WriteByte('d')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// canonicalWords turns raw words into the matcher's words: trailing
// Vietnamese particles dropped, diacritics folded, chat spellings spelled
// out, multi-word terms joined, each folded word first corrected by fix
// when it is not nil. Fillers are kept: parse drops them.
func canonicalWords(raw []string, fix func(string) string) []string {
	for len(raw) > 1 && trailingParticles[raw[len(raw)-1]] && !homeAfter(raw) {
		raw = raw[:len(raw)-1]
	}
	plain := !slices.ContainsFunc(raw, hasVietnamese)
	out := make([]string, 0, len(raw)+4)
	for i := 0; i < len(raw); i++ {
		w := raw[i]
		if full, ok := rawSpellings[w]; ok {
			out = append(out, full...)
			continue
		}
		if plain && w == "con" && still(raw, i) {
			out = append(out, "van")
			continue
		}
		f := fold(w)
		if fix != nil {
			f = fix(f)
		}
		if n := amount(f, raw[i+1:]); n > 0 {
			out = append(out, moneyWord)
			i += n - 1
			continue
		}
		if ws := withUnit(f); ws != nil {
			out = append(out, ws...)
			continue
		}
		if full, ok := spellings[f]; ok {
			for _, x := range full {
				out = append(out, stem(x)) // "license" → "licence" → "licenc", as typed
			}
			continue
		}
		out = append(out, stem(f))
	}
	return joinTerms(out)
}

// still reports whether raw[i], "con" in a question typed without
// diacritics, is "còn" (still) and not "con" (child): before a verb of
// still working or still being done ("con dung dc ko", "con nop ho so giay
// duoc nua ko", "con han"), or after "van" (vẫn còn). With diacritics,
// "con" is a child: "còn" is spelled out (rawSpellings).
func still(raw []string, i int) bool {
	if i > 0 && fold(raw[i-1]) == "van" {
		return true
	}
	return i+1 < len(raw) && stillVerbs[fold(raw[i+1])]
}

var stillVerbs = set("dung", "xai", "han", "hieu", "nop", "nua", "hoat", "giu", "cmnd", "cmt")

// moneyWord is every amount of money: "300k", "500 nghìn", "2 triệu", "1
// million dong", "50 usd". Who asks whether paying 300k is a scam asks what
// someone who was told to pay 200k asks; the figure says nothing more.
const moneyWord = "sotien"

// amount returns how many raw words, f (the first, folded) and then those
// of rest, spell an amount of money (0: none): digits with a unit joined
// ("300k", "2tr", "50usd") or as the next word ("500 nghìn", "1 million"),
// then maybe a currency ("đồng", "vnd", "đ"). A lone "k" or "đồng" after
// digits is not a unit: "mức 2 k" is "mức 2 không", "2 đóng" is "2, pay".
func amount(f string, rest []string) int {
	n := 0
	switch digits := leadingDigits(f); {
	case digits == 0:
		return 0
	case digits < len(f) && attachedUnits[strings.TrimRight(f[digits:], "0123456789")]:
		n = 1 // "300k", "2tr", and "1tr2" (1.2 million)
	case digits == len(f) && len(rest) > 0 && moneyUnits[fold(rest[0])]:
		n = 2
	default:
		return 0
	}
	if len(rest) >= n && currencies[fold(rest[n-1])] {
		n++
	}
	return n
}

// withUnit spells out a number typed with its unit attached, as people
// type ages and hours in a chat: "10t", "16tuoi" (years old, tuổi), "4yo"
// (years old), "8h", "9h30" (o'clock, giờ). It returns nil for anything
// else.
func withUnit(f string) []string {
	d := leadingDigits(f)
	if d == 0 || d > 3 || d == len(f) {
		return nil
	}
	num, unit := f[:d], f[d:]
	switch {
	case unit == "t" || unit == "tuoi":
		return []string{num, "tuoi"}
	case unit == "yo" || unit == "yrs" || unit == "yr":
		return []string{num, "year", "old"}
	case unit == "h" || unit[0] == 'h' && leadingDigits(unit[1:]) == len(unit)-1 && len(unit) <= 3:
		return []string{num, "gio"}
	}
	return nil
}

var (
	attachedUnits = set("k", "tr", "trieu", "nghin", "ngan", "d", "vnd", "usd")
	moneyUnits    = set("nghin", "ngan", "trieu", "tr", "million", "millions", "thousand", "usd", "vnd", "dollar", "dollars")
	currencies    = set("dong", "vnd", "d")
)

func leadingDigits(s string) int {
	n := 0
	for n < len(s) && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	return n
}

// homeAfter reports whether raw ends in "nha" after a word of place
// ("tại nha", "đến nha"): there it is "nhà" (home) typed without
// diacritics, not the particle.
func homeAfter(raw []string) bool {
	n := len(raw)
	return raw[n-1] == "nha" && n > 1 && placeWords[fold(raw[n-2])]
}

var placeWords = set("tai", "o", "den", "tan", "ve", "trong", "toi")

// joinTerms replaces each multi-word term of terms by its one-word form
// (or, when the form has spaces, its words), longest first, left to right.
func joinTerms(ws []string) []string {
	out := ws[:0:0]
	for i := 0; i < len(ws); {
		n, to := 0, ""
		for _, t := range terms {
			if len(t.from) > n && hasPrefix(ws[i:], t.from) {
				n, to = len(t.from), t.to
			}
		}
		if n == 0 {
			out = append(out, ws[i])
			i++
			continue
		}
		out = append(out, strings.Fields(to)...)
		i += n
	}
	return out
}

func hasPrefix(ws, prefix []string) bool {
	if len(ws) < len(prefix) {
		return false
	}
	for i, p := range prefix {
		if ws[i] != p {
			return false
		}
	}
	return true
}

// aNotA folds the Chinese A-not-A question to its verb: "能不能办" is
// "能办", "收不收钱" "收钱", "可不可以" "可以", "有没有" "有". The question
// is already a question; the repetition only doubles the verb's weight and
// makes pairs ("能不", "不能") no plain sentence has.
func aNotA(run string) string {
	rs := []rune(run)
	if len(rs) < 3 {
		return run
	}
	out := rs[:0:0]
	for i := 0; i < len(rs); i++ {
		if i+2 < len(rs) && rs[i] == rs[i+2] && (rs[i+1] == '不' || rs[i+1] == '没') && unicode.Is(unicode.Han, rs[i]) {
			out = append(out, rs[i])
			i += 2
			continue
		}
		out = append(out, rs[i])
	}
	return string(out)
}
