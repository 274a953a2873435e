package understand

// Language is the language a question was written in, as far as the
// matcher can tell.
type Language struct {
	// Code is "vi", "en", "zh" or "ko"; "" when the text has no letters.
	Code string
	// Confidence is between 0 and 1: the share of the evidence that points
	// to Code.
	Confidence float64
	// Clear is set when the evidence is strong enough for the engine to
	// answer in Code and offer to switch to it; a short or mixed question
	// ("cccd?", "ok") is not clear.
	Clear bool
}

// clearConfidence is the confidence from which a language is clear: Han
// or Hangul characters must make up 60% of the text, each character
// counting as much as a Latin word ("VNeID 2단계 신청" is clearly Korean).
// Latin text needs two marker words more for one language than the other
// (see latinLanguage).
const clearConfidence = 0.6

// viMarkers and enMarkers are folded words that, written without
// diacritics, point to Vietnamese or English. Words both languages write
// alike once folded ("can" = cần, "the" = thẻ, "to" = tờ, "an" = công an)
// are in neither list.
var (
	viMarkers = set("khong", "duoc", "lam", "o", "dau", "gi", "mang", "co", "cho", "em", "toi", "minh", "bao",
		"lau", "nhieu", "tien", "nao", "sao", "vay", "nhe", "oi", "di", "den", "roi", "chua", "bi", "mat", "nguoi",
		"nuoc", "ngoai", "tre", "con", "xa", "phuong", "cong", "dinh", "danh", "tai", "khoan", "giay", "ho", "chieu",
		"so", "dien", "thoai", "muon", "hen", "lich", "thu", "tuc", "phi", "mien", "bat", "buoc", "hoi", "chinh",
		"chu", "cua", "va", "voi", "hay", "la", "thi", "phai", "ong", "ba", "cu", "duyet", "kich", "hoat", "ad",
		"ky", "dang", "moi", "cap", "lai", "ten", "sai", "ngay", "sinh", "nha", "tham", "gia", "han", "tam", "tru")
	enMarkers = stemmed("what", "where", "when", "how", "long", "need", "do", "does", "i", "my", "is", "of", "for",
		"get", "have", "you", "with", "it", "and", "in", "apply", "account", "phone", "number", "bring", "card",
		"much", "cost", "level", "please", "appointment", "book", "not", "name", "lost", "new", "my", "am", "are",
		"which", "who", "should", "take", "there", "this", "that", "from", "any", "fee", "free", "register",
		"office", "police", "visa", "passport", "child", "kid", "old", "people", "someone", "else", "help",
		"language", "delete", "data", "talk", "person", "human", "be", "will", "would", "could", "at", "or", "if",
		"required", "mandatory", "fine", "scam", "activate", "stuck", "pending", "wait", "days", "about", "id")
)

// Detect tells the language of text from its script: Hangul is Korean, Han
// is Chinese, Vietnamese letters are Vietnamese. Plain Latin text is
// Vietnamese or English by its marker words; when those do not decide,
// Index.Match also weighs which language's examples match better.
func Detect(text string) Language {
	return detect(parse(text), nil)
}

// detect decides the language of q. latinHint, when not nil, breaks the
// tie for plain Latin text: it returns "vi" or "en" and a confidence.
func detect(q question, latinHint func() (string, float64)) Language {
	sc := q.script
	units := sc.han + sc.hangul + sc.latin
	if units == 0 {
		return Language{}
	}
	share := func(n int) float64 { return float64(n) / float64(units) }
	switch {
	case sc.hangul > 0 && sc.hangul >= sc.han:
		return scriptLanguage("ko", share(sc.hangul))
	case sc.han > 0:
		return scriptLanguage("zh", share(sc.han))
	}
	return latinLanguage(q.said, sc.viWords, latinHint)
}

func scriptLanguage(code string, share float64) Language {
	return Language{Code: code, Confidence: share, Clear: share >= clearConfidence}
}

// latinLanguage decides between Vietnamese and English by marker words, a
// word with Vietnamese letters counting as two; a difference of two or more
// is clear. A tie is broken by hint (which language's examples match
// better), and is never clear.
func latinLanguage(ws []string, accented int, hint func() (string, float64)) Language {
	vi, en := 2*accented, 0
	for _, w := range ws {
		if viMarkers[w] {
			vi++
		}
		if enMarkers[w] {
			en++
		}
	}
	switch {
	case vi >= en+2:
		return Language{Code: "vi", Confidence: float64(vi) / float64(vi+en), Clear: true}
	case en >= vi+2:
		return Language{Code: "en", Confidence: float64(en) / float64(vi+en), Clear: true}
	case vi > en:
		return Language{Code: "vi", Confidence: float64(vi) / float64(vi+en)}
	case en > vi:
		return Language{Code: "en", Confidence: float64(en) / float64(vi+en)}
	case hint != nil:
		code, c := hint()
		return Language{Code: code, Confidence: c}
	}
	return Language{Code: "vi", Confidence: 0.5}
}

// stemmed is the set of the stems of ws: the matcher's words are stemmed.
func stemmed(ws ...string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[stem(w)] = true
	}
	return m
}
