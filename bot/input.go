package bot

import (
	"net/mail"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/eidbot/eidbot/flows"
)

// text handles free text: an answer typed to the current question, a
// typed question (typed.go), or something the bot cannot place, which gets
// a clear re-prompt. An answer comes first: input the step accepts, a
// choice's label, number, or yes or no.
func (t *turn) text(text string) {
	f, st := t.current()
	if st == nil {
		if !t.typedQuestion(text) {
			t.reprompt()
		}
		return
	}
	if st.Input != nil {
		if !t.accepts(st.Input, text) && t.typedQuestion(text) {
			return
		}
		t.typed(f, st, text)
		return
	}
	if st.Pick != "" && t.pickByText(f, st, text) {
		return
	}
	if ch, ok := t.choiceByText(st, text); ok {
		t.choose(f, st, ch)
		return
	}
	if t.typedQuestion(text) {
		return
	}
	t.reprompt()
}

// accepts reports whether text answers a typed-input question: it passes
// the input's validation, or it is the label of its skip button. At a name
// step a button's label or a question is no answer (name.go): a question
// is then answered as a typed question, and the name asked again.
func (t *turn) accepts(in *flows.Input, text string) bool {
	if in.Skip != "" && equalFold(text, t.say(in.Skip, nil)) {
		return true
	}
	if (in.Kind == "name" || in.Kind == "latin_name") && t.notAName(text) != "" {
		return false // a button's label or a question: answer it, not save it
	}
	_, ok := validate(in, text, t.now)
	return ok
}

// reprompt asks the current question again, saying why.
func (t *turn) reprompt() {
	f, st := t.current()
	if st == nil {
		t.block(t.say("idle", nil))
		t.menu()
		return
	}
	if st.Input != nil {
		t.block(t.say(st.Input.Invalid, nil))
	} else if t.caps.Buttons {
		t.block(t.say("reprompt.buttons", nil))
	} else {
		t.block(t.say("reprompt.numbers", nil))
	}
	t.reask(f, st)
}

// typed validates typed input and stores it, normalised. Typing the label
// of the skip button (a reply-keyboard button sends its label) skips.
func (t *turn) typed(f *flows.Flow, st *flows.Step, text string) {
	if st.Input.Skip != "" && equalFold(text, t.say(st.Input.Skip, nil)) {
		t.skip(f, st)
		return
	}
	if st.Input.Kind == "name" || st.Input.Kind == "latin_name" {
		if why := t.notAName(text); why != "" {
			t.block(t.say(why, nil))
			t.reask(f, st)
			return
		}
	}
	v, ok := validate(st.Input, text, t.now)
	if !ok {
		t.reprompt()
		return
	}
	t.answerSet(st.Save, v)
	t.pushHistory()
	t.follow(f, st.Next)
}

// contact accepts a shared phone number for a phone question, but only the
// person's own: a contact card of somebody else is not their number.
func (t *turn) contact(c *Contact) {
	f, st := t.current()
	if st == nil || st.Input == nil || st.Input.Kind != "phone" || c.UserID != t.u.From.ID {
		t.reprompt()
		return
	}
	t.typed(f, st, c.Phone)
}

// validate checks text against an input's kind and bounds and returns it
// normalised. Dates and times are read in Vietnam's zone relative to now.
func validate(in *flows.Input, text string, now time.Time) (string, bool) {
	text = strings.TrimSpace(text)
	if text == "" || !utf8.ValidString(text) {
		return "", false
	}
	switch in.Kind {
	case "date":
		return validDate(text, now)
	case "hours":
		return validHours(text)
	case "datetime":
		return validDateTime(text, now)
	case "number":
		return validNumber(in, text)
	case "phone":
		return validPhone(text)
	case "email":
		return validEmail(text)
	case "name":
		if !validName(text) {
			return "", false
		}
	case "latin_name":
		if !validLatinName(text) || utf8.RuneCountInString(text) > maxLatinName {
			return "", false
		}
	}
	n := utf8.RuneCountInString(text)
	max := in.Max
	if max == 0 {
		max = 200
	}
	return text, n >= in.Min && n <= max
}

func validNumber(in *flows.Input, text string) (string, bool) {
	n, err := strconv.Atoi(text)
	if err != nil || n < in.Min || (in.Max != 0 && n > in.Max) {
		return "", false
	}
	return strconv.Itoa(n), true
}

var phoneSeparators = strings.NewReplacer(" ", "", ".", "", "-", "", "(", "", ")", "")

// vnMobile matches a Vietnamese mobile number after normalisation to +84.
var vnMobile = regexp.MustCompile(`^\+84[35789][0-9]{8}$`)

// validPhone accepts a Vietnamese mobile number written as 09x, 849x or
// +849x, with spaces, dots or dashes, and returns it as +849x.
func validPhone(text string) (string, bool) {
	p := phoneSeparators.Replace(text)
	switch {
	case strings.HasPrefix(p, "+84"):
	case strings.HasPrefix(p, "84") && len(p) == 11:
		p = "+" + p
	case strings.HasPrefix(p, "0") && len(p) == 10:
		p = "+84" + p[1:]
	}
	return p, vnMobile.MatchString(p)
}

func validEmail(text string) (string, bool) {
	a, err := mail.ParseAddress(text)
	if err != nil || a.Name != "" || a.Address != text || len(text) > 254 {
		return "", false
	}
	return strings.ToLower(text), true
}

// validName accepts names in any script, with spaces, apostrophes, dots and
// hyphens, but no digits or symbols: it is printed on an appointment.
func validName(text string) bool {
	letters := 0
	for _, r := range text {
		switch {
		case unicode.IsLetter(r) || unicode.Is(unicode.Mn, r):
			letters++
		case r == ' ' || r == '\'' || r == '.' || r == '-' || r == '’':
		default:
			return false
		}
	}
	return letters >= 2
}

// maxLatinName is the longest name in Latin letters accepted, whatever a
// flow allows: it is printed on the appointment as in the passport.
const maxLatinName = 80

// validLatinName accepts a name as a passport prints it: Latin letters,
// accented ones included (also written with combining marks), spaces,
// hyphens and apostrophes. Han, Hangul, other scripts, digits and symbols
// are refused, because the staff match the name against the passport.
func validLatinName(text string) bool {
	letters, afterLetter := 0, false
	for _, r := range text {
		switch {
		case unicode.Is(unicode.Latin, r):
			letters++
			afterLetter = true
		case unicode.Is(unicode.Mn, r) && afterLetter:
		case r == ' ' || r == '-' || r == '\'' || r == '’':
			afterLetter = false
		default:
			return false
		}
	}
	return letters >= 2
}

func itoa(n int) string { return strconv.Itoa(n) }

// equalFold compares a typed answer with a button label, ignoring case,
// surrounding space and any emoji the label starts with.
func equalFold(typed, label string) bool {
	trim := func(s string) string {
		return strings.TrimFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) })
	}
	a := trim(typed)
	return a != "" && strings.EqualFold(a, trim(label))
}
