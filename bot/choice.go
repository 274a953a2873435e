package bot

import "strings"

// Choice is something a person can pick by typing its number on a channel
// without buttons: an inline button that sends Data, or a keyboard button
// that sends its label as Text. Label is as the button shows it.
type Choice struct {
	Label string `json:"l"`
	Data  string `json:"d,omitempty"`
	Text  string `json:"t,omitempty"`
}

// Choices lists the choices of a turn's replies in the order channels
// without buttons number them from 1. It is the one definition of that
// order: bot/plaintext numbers its lines with it, and the engine remembers
// it in the session to map a typed number back to its button. The order is
// reply by reply; in each reply the inline buttons that send data, row by
// row, then the keyboard's plain buttons (a URL button is a link, not a
// choice; the contact button cannot be offered as text). Replies that show
// nothing on such a channel (edits, answers to a press) offer nothing.
func Choices(replies []Reply) []Choice {
	var out []Choice
	for _, r := range replies {
		out = append(out, r.Choices()...)
	}
	return out
}

// Choices lists the reply's own choices, in the order of Choices.
func (r Reply) Choices() []Choice {
	switch r.Kind {
	case ReplyText, ReplyVenue, ReplyDocument, "":
	default:
		return nil
	}
	var out []Choice
	for _, row := range r.Buttons {
		for _, b := range row {
			if b.URL == "" {
				out = append(out, Choice{Label: b.Label, Data: b.Data})
			}
		}
	}
	for _, k := range r.Keyboard {
		out = append(out, Choice{Label: k, Text: k})
	}
	return out
}

// ChoiceNumber reads a typed choice number: "2", " 2.", "#2", "2)", or
// with fullwidth digits ("２", as Chinese and Japanese keyboards type
// them). It reports false for anything else, and for numbers below 1 or
// with more than 4 digits.
func ChoiceNumber(typed string) (int, bool) {
	s := strings.TrimSpace(typed)
	s = strings.TrimPrefix(s, "#")
	s = strings.TrimRight(s, ".)．） ")
	n, digits := 0, 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			n = 10*n + int(r-'0')
		case r >= '０' && r <= '９':
			n = 10*n + int(r-'０')
		default:
			return 0, false
		}
		if digits++; digits > 4 {
			return 0, false
		}
	}
	return n, n >= 1
}
