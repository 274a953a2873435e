package understand

import "strings"

// stem strips the commonest English suffixes, so that "approved",
// "approval" and "approve" are one word. It leaves Vietnamese alone: no
// Vietnamese syllable ends in "s", "ed", "ing", "al" or "ion".
func stem(w string) string {
	if len(w) < 5 || !isASCIILetters(w) {
		return w
	}
	for _, s := range suffixes {
		if strings.HasSuffix(w, s.suffix) && len(w)-len(s.suffix) >= 3 {
			return undouble(w[:len(w)-len(s.suffix)], s.suffix) + s.to
		}
	}
	return w
}

// undouble drops the consonant a verb doubles before "ed" and "ing":
// "swapped" and "swapping" are "swap", "stopped" is "stop". A double l, s
// or z is the word's own ("called", "missed"), and so is a double letter
// in a word of three ("added" is "add").
func undouble(stem, suffix string) string {
	n := len(stem)
	if suffix != "ed" && suffix != "ing" || n < 4 || stem[n-1] != stem[n-2] {
		return stem
	}
	if strings.IndexByte("aeiouylsz", stem[n-1]) >= 0 {
		return stem
	}
	return stem[:n-1]
}

// suffixes are tried in order, longest first.
var suffixes = []struct{ suffix, to string }{
	{"ations", ""}, {"ation", ""}, {"ings", ""}, {"ing", ""}, {"ions", ""}, {"ion", ""}, {"als", ""}, {"al", ""},
	{"ies", "y"}, {"ied", "y"}, {"es", ""}, {"ed", ""}, {"s", ""}, {"e", ""},
}

func isASCIILetters(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] < 'a' || w[i] > 'z' {
			return false
		}
	}
	return true
}
