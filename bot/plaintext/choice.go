package plaintext

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/eidbot/eidbot/bot"
)

// choices renders a reply's buttons: those that open a URL as links, the
// contact button as the caller's hint, then every choice numbered, in the
// order bot.Choices defines, which the engine remembers too.
func (rd *Rendering) choices(r bot.Reply, o Options) []string {
	var lines []string
	for _, row := range r.Buttons {
		for _, b := range row {
			if b.URL != "" {
				lines = append(lines, "🔗 "+join(": ", oneLine(b.Label), oneLine(b.URL)))
			}
		}
	}
	if r.AskContact != "" {
		if h := Text(o.ContactHint); h != "" {
			lines = append(lines, h)
		}
	}
	for _, c := range r.Choices() {
		lines = append(lines, rd.add(Choice{Label: oneLine(c.Label), Data: c.Data, Text: c.Text}))
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

// Choose returns the choice a typed answer picks by its number, read as
// bot.ChoiceNumber reads it. Anything else, or a number not shown, picks
// none.
func (rd Rendering) Choose(typed string) (Choice, bool) {
	n, ok := bot.ChoiceNumber(typed)
	if !ok || n > len(rd.Choices) {
		return Choice{}, false
	}
	return rd.Choices[n-1], true
}
