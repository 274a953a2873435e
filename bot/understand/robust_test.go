package understand

import (
	"fmt"
	"hash/fnv"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/eidbot/eidbot/flows"
)

// The dev sets flatter the matcher: the examples were tuned on them. The
// tests below measure how it does on phrasings nobody tuned for, made from
// text it already knows by the slips people make on phones: the dev sets'
// questions and the examples themselves (each matched without itself),
// typed without diacritics or with one typo. The typos are deterministic
// (chosen by a hash of the text), so every run measures the same questions.

// devSets are the independently written sets that became dev sets.
var devSets = []string{"testdata/residents.yaml", "testdata/residents2.yaml", "testdata/residents3.yaml", "testdata/residents4.yaml",
	"testdata/residents5.yaml", "testdata/residents6.yaml", "testdata/residents7.yaml"}

// minRobust is the share of the slipped questions of a language that must
// still be answered with the right facts (top-1 and answered).
const minRobust = 0.85

// TestDevSetsWithSlips matches every in-scope question of the dev sets with
// its diacritics dropped (Vietnamese) and with one typo in one of its
// longer words (Vietnamese and English), and fails when a language's top-1
// or answered share falls below minRobust or more than maxConfidentOffSub
// out-of-subject questions a set become confident. go test -v lists the
// numbers per set.
func TestDevSetsWithSlips(t *testing.T) {
	ix := embeddedIndex(t)
	for _, slip := range []struct {
		name string
		do   func(string) string
	}{{"no diacritics", stripMarks}, {"one typo", typo}} {
		for _, path := range devSets {
			total, top1, ans := map[string]int{}, map[string]int{}, map[string]int{}
			confidentOff := 0
			for _, c := range loadBlind(t, path) {
				if c.Lang != "vi" && c.Lang != "en" {
					continue
				}
				text := slip.do(c.Text)
				if text == c.Text {
					continue
				}
				r := ix.Match(text)
				if c.Topic == flows.OutOfScope {
					if r.Decision == Confident {
						confidentOff++
					}
					continue
				}
				total[c.Lang]++
				if len(r.Candidates) > 0 && r.Candidates[0].Topic == c.Topic {
					top1[c.Lang]++
				}
				if answered(r, c.Topic) {
					ans[c.Lang]++
				}
			}
			line := fmt.Sprintf("%s, %s:", path, slip.name)
			for _, l := range []string{"vi", "en"} {
				if total[l] == 0 {
					continue
				}
				t1, a := ratio(top1[l], total[l]), ratio(ans[l], total[l])
				line += fmt.Sprintf(" %s %d top-1 %.1f %% answered %.1f %%;", l, total[l], 100*t1, 100*a)
				if t1 < minRobust || a < minRobust {
					t.Errorf("%s %s %s: top-1 %.1f %%, answered %.1f %%, want %.0f %%", path, slip.name, l, 100*t1, 100*a, 100*minRobust)
				}
			}
			t.Logf("%s out of subject confident %d", line, confidentOff)
			if confidentOff > maxConfidentOffSub {
				t.Errorf("%s %s: %d out-of-subject questions confident", path, slip.name, confidentOff)
			}
		}
	}
}

// TestExamplesWithSlips is the leave-one-out check with a slip: every
// example, matched against all the others with one typo (or, in
// Vietnamese, without its diacritics), must still come out on its own topic
// for minRobust of each language. go test -v prints, per language, how
// many come out on their own topic and how many of those confidently.
func TestExamplesWithSlips(t *testing.T) {
	tp := flows.MustLoadEmbeddedTopics()
	ix := embeddedIndex(t)
	type count struct{ n, own, confident, plain, plainConfident int }
	counts := map[string]*count{}
	for i, e := range tp.Examples {
		if e.Topic == flows.OutOfScope {
			continue
		}
		c := counts[e.Lang]
		if c == nil {
			c = &count{}
			counts[e.Lang] = c
		}
		c.n++
		r := ix.match(parse(e.Text), i)
		if len(r.Candidates) > 0 && r.Candidates[0].Topic == e.Topic {
			c.plain++
			if r.Decision == Confident {
				c.plainConfident++
			}
		}
		text := typo(e.Text)
		if e.Lang == "vi" && stripMarks(e.Text) != e.Text {
			text = stripMarks(e.Text)
		}
		own := map[string]bool{}
		for _, w := range parse(e.Text).typed {
			own[w] = true
		}
		r = ix.match(parseWith(text, func(w string) string { return ix.typos.fixWithout(w, own) }), i)
		if len(r.Candidates) > 0 && r.Candidates[0].Topic == e.Topic {
			c.own++
			if r.Decision == Confident {
				c.confident++
			}
		}
	}
	for _, l := range []string{"vi", "en", "zh", "ko"} {
		c := counts[l]
		if c == nil {
			continue
		}
		t.Logf("%s: %d examples; without themselves: own topic %.1f %%, confident %.1f %%; with a slip: own topic %.1f %%, confident %.1f %%",
			l, c.n, 100*ratio(c.plain, c.n), 100*ratio(c.plainConfident, c.n), 100*ratio(c.own, c.n), 100*ratio(c.confident, c.n))
		if ratio(c.own, c.n) < minRobust {
			t.Errorf("%s: %.1f %% of the slipped examples on their own topic, want %.0f %%", l, 100*ratio(c.own, c.n), 100*minRobust)
		}
	}
}

// stripMarks drops every diacritic, as people type Vietnamese on a phone
// without a Vietnamese keyboard ("cần mang gì" → "can mang gi").
func stripMarks(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r == 'đ':
			b.WriteByte('d')
		case r == 'Đ':
			b.WriteByte('D')
		default:
			b.WriteRune(r)
		}
	}
	return norm.NFC.String(b.String())
}

// typo makes one slip of the thumb in one Latin word of at least five
// letters, chosen by a hash of s: a letter dropped, two swapped, one
// doubled, or one replaced by its neighbour on the keyboard. s is returned
// as it is when it has no such word.
func typo(s string) string {
	ws := strings.Fields(s)
	var long []int
	for i, w := range ws {
		if len(w) >= 5 && isASCIILetters(strings.ToLower(w)) {
			long = append(long, i)
		}
	}
	if len(long) == 0 {
		return s
	}
	h := fnv.New32a()
	h.Write([]byte(s))
	x := h.Sum32()
	i := long[int(x)%len(long)]
	w := []byte(ws[i])
	p := 1 + int(x>>8)%(len(w)-2) // never the first letter: people see that one
	switch x >> 16 % 4 {
	case 0:
		w = append(w[:p], w[p+1:]...)
	case 1:
		w[p], w[p+1] = w[p+1], w[p]
	case 2:
		w = append(w[:p+1], w[p:]...)
	default:
		if n, ok := keyNeighbour[w[p]]; ok {
			w[p] = n
		} else {
			w = append(w[:p], w[p+1:]...)
		}
	}
	ws[i] = string(w)
	return strings.Join(ws, " ")
}

// keyNeighbour is a letter's right-hand neighbour on a QWERTY keyboard.
var keyNeighbour = map[byte]byte{
	'q': 'w', 'w': 'e', 'e': 'r', 'r': 't', 't': 'y', 'y': 'u', 'u': 'i', 'i': 'o', 'o': 'p',
	'a': 's', 's': 'd', 'd': 'f', 'f': 'g', 'g': 'h', 'h': 'j', 'j': 'k', 'k': 'l',
	'z': 'x', 'x': 'c', 'c': 'v', 'v': 'b', 'b': 'n', 'n': 'm',
}
