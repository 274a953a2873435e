package understand

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"sort"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// The independently written sets in testdata were written by people who
// never saw the examples in flows/questions, briefed to type as residents
// and foreigners really do. They are kept apart from the examples and must
// never be copied into them (nor a light edit of one of their questions).
//
//   - residents.yaml, the first such set, has been read for error
//     analysis: the misses showed which phrasings and words the examples
//     lacked. It is a dev set now, and its numbers flatter the matcher.
//   - blind.yaml, written last by someone else, has never been read while
//     working on the matcher: it is the honest measure (measured once after
//     the eighth round: top-1 vi 92.4 %, en 96.9 %, zh 93.8 %, ko 93.8 %;
//     0 of 45 out-of-subject questions confident). Each held-out set before
//     it missed 90 % in one language by one to four questions (sets 5–7:
//     zh 89.4 and ko 83.3; vi 89.3; ko 88.2), which is why each was read
//     and a new one written; with 65–70 questions a language, one question
//     is 1.5 points.
//   - residents2.yaml, the second such set, was measured held-out once
//     (en 95.4 %, vi 91.5 %, ko 89.2 %, zh 83.1 % top-1), then read for
//     error analysis like the first: a dev set too.
//   - residents3.yaml, the third such set, was measured held-out once
//     after the second tuning round (top-1 vi 89.3 %, ko 89.2 %, en 94.4 %,
//     zh 93.9 %; answered 94.4–97.9 %; 4 of 46 out-of-subject questions
//     confident), then read for error analysis: a dev set too.
//   - residents4.yaml, the fourth such set (once blind.yaml), was measured
//     held-out once after the third tuning round (top-1 vi 89.2 %, en
//     90.9 %, zh 95.5 %, ko 95.5 %; answered 93.9–98.5 %; 3 of 47
//     out-of-subject questions confident), then read for error analysis: a
//     dev set too.
//   - residents5.yaml, the fifth such set (written as "set 6": a set 5
//     was written and measured in an earlier round but not kept), was
//     measured held-out twice: on the matcher of the fourth round (top-1
//     en 97.0 %, vi 93.2 %, zh 90.9 %, ko 81.8 %) and after the fifth
//     round (en 98.5 %, vi 93.2 %, zh 89.4 %, ko 83.3 %; answered
//     90.9–100 %; 0 of 45 out-of-subject questions confident), then read
//     for error analysis: Korean and Chinese lacked words residents use
//     (전자신원, 대상, 현금, 레벨1; 儿子, 商务签, 约, 洗坏). A dev set too.
//   - residents6.yaml, the sixth such set, was measured held-out once
//     after the sixth round (top-1 en 95.7 %, vi 89.3 %, zh 92.9 %, ko
//     92.9 %; answered 91.4–100 %; 0 of 46 out-of-subject questions
//     confident), then read for error analysis: Vietnamese lacked people
//     renting away from home (ở trọ, về quê), SIMs in a parent's name, a
//     new phone asking to verify again, faded fingerprints, double
//     bookings; Chinese a new number to rebind and an app still at level 1.
//     A dev set too.
//   - residents7.yaml, the seventh such set, was measured held-out once
//     after the seventh round (top-1 vi 97.2 %, en 95.6 %, zh 94.0 %, ko
//     88.2 %; answered 94.1–99.3 %; 2 of 48 out-of-subject questions
//     confident), then read for error analysis: Korean lacked 애 (a child),
//     where an iPhone reads the card, a work visa while the residence card
//     is pending, the old 9-digit ID card; registering temporary residence
//     (报暂住) is out of subject. A dev set too.
//   - In the round after the fourth set (typo correction, English synonyms
//     and contractions, passports and birth registration as neighbouring
//     services, new examples), the examples were written from the author's
//     own probes and the leave-one-out check, not from these sets; the sets
//     were measured after each change. Their results decided twice: a
//     newborn's birth registration (fourth set) kept "baby" and "newborn"
//     out of the child synonyms, and one example was dropped for making an
//     out-of-subject question of the third set confident. robust_test.go
//     measures the phrasings nobody tuned for: the sets' and the examples'
//     questions with a typo or without diacritics.

// blindCase is one labelled question.
type blindCase struct {
	Lang  string `yaml:"lang"`
	Topic string `yaml:"topic"`
	Who   string `yaml:"who"`
	Age   string `yaml:"age"`
	Text  string `yaml:"text"`
}

// blindScore counts one language's results.
type blindScore struct {
	questions, top1 int
	misses          []string // not answered with the right facts
	wrongTop        []string // answered, but the best candidate is another topic
}

// Minimums an independently written set must reach, per language.
const (
	minAccuracy        = 0.90 // top-1 topic, and answered with the right topic
	maxConfidentOffSub = 2    // out-of-subject questions answered confidently
	minBlindQuestions  = 300  // a set smaller than this measures too little
)

// TestResidentsSet measures the matcher on the first independently written
// set (a dev set since its misses were analysed).
func TestResidentsSet(t *testing.T) {
	measure(t, "testdata/residents.yaml")
}

// TestResidents2Set measures the matcher on the second independently
// written set (residents2.yaml, 370 questions), measured held-out once and
// a dev set since its misses were analysed.
func TestResidents2Set(t *testing.T) {
	measure(t, "testdata/residents2.yaml")
}

// TestResidents3Set measures the matcher on the third independently
// written set (residents3.yaml, 388 questions), measured held-out once and
// a dev set since its misses were analysed.
func TestResidents3Set(t *testing.T) {
	measure(t, "testdata/residents3.yaml")
}

// TestResidents4Set measures the matcher on the fourth independently
// written set (residents4.yaml, 375 questions), measured held-out once and
// a dev set since its misses were analysed.
func TestResidents4Set(t *testing.T) {
	measure(t, "testdata/residents4.yaml")
}

// TestResidents5Set measures the matcher on the fifth independently
// written set (residents5.yaml, 375 questions), measured held-out once and
// a dev set since its misses were analysed.
func TestResidents5Set(t *testing.T) {
	measure(t, "testdata/residents5.yaml")
}

// TestResidents6Set measures the matcher on the sixth independently
// written set (residents6.yaml, 396 questions), measured held-out once and
// a dev set since its misses were analysed.
func TestResidents6Set(t *testing.T) {
	measure(t, "testdata/residents6.yaml")
}

// TestResidents7Set measures the matcher on the seventh independently
// written set (residents7.yaml, 392 questions), measured held-out once and
// a dev set since its misses were analysed.
func TestResidents7Set(t *testing.T) {
	measure(t, "testdata/residents7.yaml")
}

// TestBlindSet measures the matcher on the held-out set, which nobody
// working on the matcher has read.
func TestBlindSet(t *testing.T) {
	measure(t, "testdata/blind.yaml")
}

// measure reports, per language, the share of the in-scope questions of
// the set at path whose best candidate is the right topic (top-1) and the
// share answered with the right facts: a confident answer on the right
// topic, or the right topic among the "Did you mean…?" offers (one
// narrowing question). It fails below minAccuracy in any language, or when
// more than maxConfidentOffSub out-of-subject questions get a confident
// answer. A question with a topic that small talk would take (Read
// answers it as a greeting) is a miss. go test -v lists every miss. It skips when the file does not
// exist.
func measure(t *testing.T, path string) {
	t.Helper()
	cases := loadBlind(t, path)
	ix := embeddedIndex(t)
	scores := map[string]*blindScore{}
	var offSubject, confidentOff int
	for _, c := range cases {
		r := ix.Match(c.Text)
		if c.Topic == "out_of_scope" {
			offSubject++
			if r.Decision == Confident {
				confidentOff++
				t.Logf("out of subject answered as %s: %q", r.Topic(), c.Text)
			}
			continue
		}
		s := scores[c.Lang]
		if s == nil {
			s = &blindScore{}
			scores[c.Lang] = s
		}
		s.questions++
		if kind, _, talk := ix.talk.read(c.Text); talk { // Read would not match it
			s.misses = append(s.misses, fmt.Sprintf("read as small talk (%s), want %s: %q", kind, c.Topic, c.Text))
			continue
		}
		top1 := len(r.Candidates) > 0 && r.Candidates[0].Topic == c.Topic
		if top1 {
			s.top1++
		}
		miss := fmt.Sprintf("%s %v want %s: %q", r.Decision, topics(r), c.Topic, c.Text)
		switch {
		case !answered(r, c.Topic):
			s.misses = append(s.misses, miss)
		case !top1:
			s.wrongTop = append(s.wrongTop, miss)
		}
	}
	langs := make([]string, 0, len(scores))
	for l := range scores {
		langs = append(langs, l)
	}
	sort.Strings(langs)
	for _, l := range langs {
		s := scores[l]
		top1, ans := ratio(s.top1, s.questions), ratio(s.answered(), s.questions)
		t.Logf("%s: %d questions, top-1 %.1f %%, answered %.1f %%", l, s.questions, 100*top1, 100*ans)
		if testing.Verbose() && len(s.wrongTop) > 0 {
			t.Logf("%s answered, but another topic first:\n  %s", l, strings.Join(s.wrongTop, "\n  "))
		}
		switch {
		case top1 < minAccuracy || ans < minAccuracy:
			t.Errorf("%s below %.0f %%; not answered:\n  %s", l, 100*minAccuracy, strings.Join(s.misses, "\n  "))
		case testing.Verbose() && len(s.misses) > 0:
			t.Logf("%s not answered:\n  %s", l, strings.Join(s.misses, "\n  "))
		}
	}
	t.Logf("out of subject: %d questions, %d answered confidently", offSubject, confidentOff)
	if confidentOff > maxConfidentOffSub {
		t.Errorf("%d out-of-subject questions got a confident answer, at most %d allowed", confidentOff, maxConfidentOffSub)
	}
}

// answered is the number of questions answered with the right facts.
func (s *blindScore) answered() int { return s.questions - len(s.misses) }

// answered reports whether the person gets the facts of topic: at once, or
// after choosing it among the offers.
func answered(r Result, topic string) bool {
	switch r.Decision {
	case Confident:
		return r.Topic() == topic
	case Ambiguous:
		return slices.ContainsFunc(r.Offer, func(c Candidate) bool { return c.Topic == topic })
	}
	return false
}

func topics(r Result) []string {
	var out []string
	for _, c := range r.Candidates {
		out = append(out, c.Topic)
	}
	return out
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// loadBlind reads the set at path; it skips the test when the file does
// not exist yet.
func loadBlind(t testing.TB, path string) []blindCase {
	t.Helper()
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		t.Skipf("%s does not exist yet: add the independently written set there to measure the matcher on it", path)
	}
	if err != nil {
		t.Fatal(err)
	}
	var cases []blindCase
	if err := yaml.Unmarshal(data, &cases); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if len(cases) < minBlindQuestions {
		t.Fatalf("%s has %d questions, want at least %d", path, len(cases), minBlindQuestions)
	}
	return cases
}
