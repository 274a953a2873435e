package plaintext

import (
	"strconv"
	"strings"

	"github.com/eidbot/eidbot/bot"
)

// Options says how to render for one channel and one person.
type Options struct {
	// Limit is the most UTF-16 code units in one message (Zalo: 2000);
	// 0 or less means no limit (the terminal). See Split.
	Limit int
	// Hint follows the numbered choices, in the user's language, e.g.
	// "Trả lời bằng số từ 1 đến {n}."; {n} becomes the highest number.
	// It may be Telegram HTML, as locale texts are. Empty: no hint.
	Hint string
	// ContactHint replaces a contact button (Reply.AskContact), which a
	// text-only channel cannot offer, e.g. "Nhập số điện thoại của bạn.".
	// Empty: the contact button is left out.
	ContactHint string
	// FileURL returns where a document can be downloaded, e.g. a tokenised
	// URL served by the bot. Nil, or "", shows the document's name only.
	FileURL func(bot.Document) string
}

// Rendering is one turn rendered as plain text.
type Rendering struct {
	Messages []string // in order; none is blank or over the limit
	Choices  []Choice // numbered choices in order: Choices[i].Number == i+1
}

// Choice is one numbered choice: an inline button that sends Data, or a
// keyboard button that sends its label as Text.
type Choice struct {
	Number int
	Label  string // as shown
	Data   string // an inline button's callback data
	Text   string // a keyboard button: the text pressing it would send
}

// Render renders the replies of one turn. Text, venues, documents and
// alert answers become messages; edits and other button answers render to
// nothing, since a text-only chat has no message to change and no spinner
// to stop; an alert that the turn also says in a message is shown once.
// Choices are numbered from 1 across the whole turn, in the order of
// bot.Choices, and the hint follows the last numbered list. Each reply
// starts a paragraph; consecutive replies share a message while they fit.
func Render(replies []bot.Reply, o Options) Rendering {
	var rd Rendering
	blocks := make([]string, 0, len(replies))
	hintAt := -1
	for _, r := range replies {
		body, lines, numbered := rd.reply(r, o)
		block := join("\n\n", body, strings.Join(lines, "\n"))
		if block == "" || r.Kind == bot.ReplyAnswer && said(replies, block) {
			continue
		}
		if numbered {
			hintAt = len(blocks)
		}
		blocks = append(blocks, block)
	}
	if hint := Text(strings.ReplaceAll(o.Hint, "{n}", strconv.Itoa(len(rd.Choices)))); hintAt >= 0 && hint != "" {
		blocks[hintAt] += "\n" + hint
	}
	rd.Messages = pack(blocks, o.Limit)
	return rd
}

// said reports whether a text reply among replies says text.
func said(replies []bot.Reply, text string) bool {
	for _, r := range replies {
		if r.Kind != bot.ReplyAnswer && strings.Contains(Text(r.Text), text) {
			return true
		}
	}
	return false
}

// reply renders one reply: its body, the lines of its choices, and whether
// any of them is numbered.
func (rd *Rendering) reply(r bot.Reply, o Options) (body string, lines []string, numbered bool) {
	switch r.Kind {
	case bot.ReplyText, "":
		body = Text(r.Text)
	case bot.ReplyAnswer:
		if r.Alert {
			return Text(r.Text), nil, false
		}
		return "", nil, false
	case bot.ReplyVenue:
		body = join("\n\n", Text(r.Text), venue(r.Venue))
	case bot.ReplyDocument:
		body = document(r, o.FileURL)
	default: // edits, and kinds this renderer does not know
		return "", nil, false
	}
	before := len(rd.Choices)
	lines = rd.choices(r, o)
	return body, lines, len(rd.Choices) > before
}

// pack merges blocks into as few messages as fit the limit. A block too
// long for any message is split, starting in the message before it.
func pack(blocks []string, limit int) []string {
	var out []string
	cur := ""
	for _, b := range blocks {
		switch {
		case cur == "":
			cur = b
		case limit <= 0 || Length(cur)+2+Length(b) <= max(limit, MinLimit):
			cur += "\n\n" + b
		case Length(b) > max(limit, MinLimit):
			cur += "\n\n" + b
		default:
			out = append(out, Split(cur, limit)...)
			cur = b
			continue
		}
		if parts := Split(cur, limit); len(parts) > 1 {
			out = append(out, parts[:len(parts)-1]...)
			cur = parts[len(parts)-1]
		}
	}
	return append(out, Split(cur, limit)...)
}

// join joins the non-empty parts with sep.
func join(sep string, parts ...string) string {
	kept := parts[:0:0]
	for _, p := range parts {
		if p != "" {
			kept = append(kept, p)
		}
	}
	return strings.Join(kept, sep)
}
