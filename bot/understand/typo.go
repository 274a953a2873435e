package understand

// typos corrects a slip of the thumb in a Latin word the examples do not
// have: a letter dropped, added, replaced or two letters swapped
// ("documnets", "pasport", "apointment", "nguoii"). Such a word would
// otherwise count as unknown and pull the question away from every topic,
// while the word it was meant to be is what makes the question's topic.
// It is built once from the examples and only read afterwards.
type typos struct {
	// known counts the examples that have each folded word, as typed
	// (before chat spellings, stemming and joined terms).
	known map[string]int
	// stems are the matcher's words of the examples (after stemming):
	// a word whose stem is one of them is not a typo ("applies").
	stems map[string]bool
	// deletes maps each known word of minTypoLen letters or more, and
	// each of its forms with one letter deleted, to the known words it
	// comes from: two words one slip apart share a form.
	deletes map[string][]string
}

// minTypoLen is the shortest word corrected. Shorter words are Vietnamese
// syllables and chat spellings, where one letter less or more is another
// word ("mat", "mang", "man"), and short English words ("form", "from").
const minTypoLen = 5

// newTypos learns the words of the examples' texts.
func newTypos(texts []string) *typos {
	ty := &typos{known: map[string]int{}, stems: map[string]bool{}, deletes: map[string][]string{}}
	for _, text := range texts {
		seen := map[string]bool{}
		q := parseWith(text, nil)
		for _, w := range q.said {
			ty.stems[w] = true
		}
		for _, w := range q.typed {
			if !seen[w] {
				seen[w] = true
				ty.known[w]++
			}
		}
	}
	for w := range ty.known {
		if len(w) < minTypoLen || !isASCIILetters(w) {
			continue
		}
		for _, d := range deletions(w) {
			ty.deletes[d] = append(ty.deletes[d], w)
		}
	}
	return ty
}

// fix returns the known word w was meant to be, or w itself when it is
// known, short, not plain letters, or no known word is one slip away. Of
// several, the one most examples have wins, then the first in
// alphabetical order.
func (ty *typos) fix(w string) string { return ty.fixWithout(w, nil) }

// fixWithout is fix as if the example whose typed words are own were not
// among the examples (nil: none), for the leave-one-out measure: a word
// only that example has is not known, and cannot be a correction. With
// own, a word is not kept for its stem alone, which may be the example's.
func (ty *typos) fixWithout(w string, own map[string]bool) string {
	if ty == nil || len(w) < minTypoLen || !isASCIILetters(w) {
		return w
	}
	count := func(k string) int {
		if own[k] {
			return ty.known[k] - 1
		}
		return ty.known[k]
	}
	if _, ok := spellings[w]; ok || count(w) > 0 || own == nil && ty.stems[stem(w)] {
		return w
	}
	best, most := w, 0
	for _, d := range deletions(w) {
		for _, k := range ty.deletes[d] {
			n := count(k)
			if n > 0 && (n > most || n == most && k < best) {
				if oneSlip(w, k) {
					best, most = k, n
				}
			}
		}
	}
	return best
}

// deletions returns w and every form of w with one letter deleted.
func deletions(w string) []string {
	out := make([]string, 0, len(w)+1)
	out = append(out, w)
	for i := range len(w) {
		out = append(out, w[:i]+w[i+1:])
	}
	return out
}

// oneSlip reports whether a and b (ASCII) differ by one letter dropped,
// added or replaced, or two neighbours swapped.
func oneSlip(a, b string) bool {
	if a == b {
		return false
	}
	if len(a) > len(b) {
		a, b = b, a
	}
	if len(b)-len(a) > 1 {
		return false
	}
	i := 0
	for i < len(a) && a[i] == b[i] {
		i++
	}
	if len(a) < len(b) {
		return a[i:] == b[i+1:]
	}
	if a[i+1:] == b[i+1:] {
		return true
	}
	return i+1 < len(a) && a[i] == b[i+1] && a[i+1] == b[i] && a[i+2:] == b[i+2:]
}
