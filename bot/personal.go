package bot

import (
	"regexp"
	"strings"
	"unicode"
)

// minPersonalDigits is the shortest run of digits taken for a phone,
// ID-card or passport number: Vietnamese mobile numbers have 10 digits
// (9 without the leading 0), old ID cards 9, chip ID cards 12. Years,
// ages and fees have fewer.
const minPersonalDigits = 8

// email is an e-mail address as people type one.
var email = regexp.MustCompile(`[^\s@]+@[^\s@]+\.[\pL]{2,}`)

// passport is a Vietnamese passport number: one letter and seven digits.
var passport = regexp.MustCompile(`(?i)(^|[^\pL\d])\pL\d{7}($|[^\pL\d])`)

// nameIntros are how people introduce their name, folded (fold), in the
// four languages.
var nameIntros = []string{
	"ten la", "ten toi la", "ten em la", "ten minh la", "ten chau la", "toi ten", "em ten", "minh ten",
	"my name is", "my name s", "i am called",
	"我叫", "我的名字是", "我名字叫",
	"제 이름은", "내 이름은",
}

// PersonalDetails reports whether text holds what identifies a person: a
// phone, ID-card or passport number (a run of minPersonalDigits digits,
// spaces, dots and dashes between them allowed, or a passport number), an
// e-mail address, or a name introduced as one ("tên là", "my name is").
// The bot never answers such a message in a group by itself, so that it
// does not draw more eyes to it.
func PersonalDetails(text string) bool {
	if digitRun(text) >= minPersonalDigits || email.MatchString(text) || passport.MatchString(text) {
		return true
	}
	folded := " " + fold(text) + " "
	for _, intro := range nameIntros {
		if strings.Contains(folded, intro) && (!isLatin(intro) || strings.Contains(folded, " "+intro+" ")) {
			return true
		}
	}
	return false
}

// digitRun is the longest run of digits in text, where single spaces,
// dots and dashes between digits ("0912 345 678", "091.234.5678") do not
// end a run.
func digitRun(text string) int {
	longest, run := 0, 0
	gap := false
	for _, r := range text {
		switch {
		case unicode.IsDigit(r):
			run++
			gap = false
			longest = max(longest, run)
		case (r == ' ' || r == '.' || r == '-') && run > 0 && !gap:
			gap = true
		default:
			run, gap = 0, false
		}
	}
	return longest
}

// isLatin reports whether s is written in Latin letters, where a phrase
// must stand as whole words ("ten la", not "...ten lai...").
func isLatin(s string) bool {
	for _, r := range s {
		if r > unicode.MaxLatin1 {
			return false
		}
	}
	return true
}
