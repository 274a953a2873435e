package plaintext

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/eidbot/eidbot/bot"
)

// buttons numbers the inline buttons that send data and shows those that
// open a URL as links, row by row.
func (rd *Rendering) buttons(rows [][]bot.Button) []string {
	var lines []string
	for _, row := range rows {
		for _, b := range row {
			label := oneLine(b.Label)
			if b.URL != "" {
				lines = append(lines, "🔗 "+join(": ", label, oneLine(b.URL)))
				continue
			}
			lines = append(lines, rd.add(Choice{Label: label, Data: b.Data}))
		}
	}
	return lines
}

// keyboard shows a reply keyboard: the contact button as the caller's
// hint, the plain buttons as numbered choices that stand for their label.
func (rd *Rendering) keyboard(r bot.Reply, o Options) []string {
	var lines []string
	if r.AskContact != "" {
		if h := Text(o.ContactHint); h != "" {
			lines = append(lines, h)
		}
	}
	for _, k := range r.Keyboard {
		label := oneLine(k)
		lines = append(lines, rd.add(Choice{Label: label, Text: k}))
	}
	return lines
}

// add numbers a choice and returns its line.
func (rd *Rendering) add(c Choice) string {
	c.Number = len(rd.Choices) + 1
	rd.Choices = append(rd.Choices, c)
	return strconv.Itoa(c.Number) + ". " + c.Label
}

// oneLine makes a label or address safe to show on one line. Labels are
// plain text (Telegram does not parse button labels), so no HTML is decoded.
func oneLine(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			return ' '
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// Choose returns the choice a typed answer picks by its number: "2", " 2.",
// "#2", "2)" or with fullwidth digits ("２", as Chinese and Japanese
// keyboards type them). Anything else, or a number not shown, picks none.
func (rd Rendering) Choose(typed string) (Choice, bool) {
	s := strings.TrimSpace(typed)
	s = strings.TrimPrefix(s, "#")
	s = strings.TrimRight(s, ".)．） ")
	if s == "" || len(s) > 12 {
		return Choice{}, false
	}
	n := 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			n = 10*n + int(r-'0')
		case r >= '０' && r <= '９':
			n = 10*n + int(r-'０')
		default:
			return Choice{}, false
		}
		if n > len(rd.Choices) {
			return Choice{}, false
		}
	}
	if n < 1 {
		return Choice{}, false
	}
	return rd.Choices[n-1], true
}
