package bot

import (
	"strings"
	"time"
)

// UpdateUnsupported is a message the channel cannot pass on: a picture, a
// sticker, a voice message. In a private chat the engine answers it with
// "I can read text only", at most once per NoticeEvery.
const UpdateUnsupported UpdateKind = "unsupported"

// NoticeEvery is how seldom a chat is told that the bot reads text only.
const NoticeEvery = 24 * time.Hour

// Shown is what the engine remembers of a private chat on a channel
// without buttons (Caps.Buttons false), where replies are plain text with
// numbered choices.
type Shown struct {
	// Choices are the numbered choices of the last turn that showed
	// something, in the order of Choices: a typed "2" presses Choices[1].
	// It is replaced whole and never changed in place, so a cloned
	// session may share it.
	Choices []Choice `json:"ch,omitempty"`
	// Previous are the choices shown before Choices, and At the time of
	// the update whose turn showed Choices: see ShownGrace.
	Previous []Choice  `json:"pv,omitempty"`
	At       time.Time `json:"at,omitzero"`
	// Notice is when the person was last told the bot reads text only.
	Notice time.Time `json:"n,omitzero"`
}

// typedPress turns text typed in a private chat on a channel without
// buttons into what it answers: the number or the label of a choice the
// person was shown, or a yes or no to a yes/no question, becomes the press
// of that button (or, for a keyboard button, its label). Text a typed
// question accepts stays text: "2" is an answer to "how many?".
func (t *turn) typedPress() {
	if t.caps.Buttons || t.u.Kind != UpdateText || t.u.Chat.Kind != ChatPrivate {
		return
	}
	text := strings.TrimSpace(t.u.Text)
	if _, st := t.current(); st != nil && st.Input != nil {
		if _, ok := validate(st.Input, text, t.now); ok {
			return
		}
	}
	c, ok := t.shownChoice(text)
	switch {
	case !ok:
	case c.Data == "":
		t.u.Text = c.Text
	default:
		t.s.Blocked = false // writing to the bot again means it was unblocked
		t.u.Kind, t.u.Button = UpdateButton, &Press{Data: c.Data}
	}
}

// ShownGrace is the "1 typed within a second" rule (issue 12). A number
// or label typed less than ShownGrace after the person's previous message
// answers the choices shown before that message's reply, not the reply's:
// nobody reads a new question and answers it within a second, so the
// person is answering the question they saw. The rule uses the time of
// the previous question rather than the message replied to because the
// channels where people type numbers (Zalo Bot Platform, Zalo OA, the
// terminal) pass no reply-to reference with a text message, while every
// update carries the platform's time (Zalo's in milliseconds).
const ShownGrace = time.Second

// shownChoice finds the choice shown last that text names: by its
// number, by its label, or as the yes or the no of a yes/no question.
// Within ShownGrace of the previous message it reads the choices shown
// before, unless the channel takes messages in turn (Caps.InTurn).
func (t *turn) shownChoice(text string) (Choice, bool) {
	shown := t.s.Shown.Choices
	if t.s.Shown.Previous != nil && !t.caps.InTurn && t.now.Sub(t.s.Shown.At) < ShownGrace {
		shown = t.s.Shown.Previous
	}
	if n, ok := ChoiceNumber(text); ok {
		if n <= len(shown) {
			return shown[n-1], true
		}
		return Choice{}, false
	}
	var named []Choice
	for _, c := range shown {
		if sameAnswer(text, c.Label) {
			named = append(named, c)
		}
	}
	if len(named) == 1 {
		return named[0], true
	}
	return yesNoChoice(text, shown, func(c Choice) string { return c.Label })
}

// textTurn prepares a turn's replies for a channel without buttons, which
// sends a turn's replies to the chat together (TurnSender): those to the
// chat come first, those to other chats (an approver) after them, and the
// session remembers the choices shown, numbered as Choices numbers them.
// A turn that shows nothing (an ignored group message, the text-only
// notice) leaves the remembered choices as they were.
func (t *turn) textTurn(replies []Reply) []Reply {
	if t.caps.Buttons {
		return replies
	}
	own := make([]Reply, 0, len(replies))
	var others []Reply
	shows := false
	for _, r := range replies {
		if r.Chat.Key() != t.u.Chat.Key() {
			others = append(others, r)
			continue
		}
		own = append(own, r)
		shows = shows || r.Kind != ReplyEdit && (r.Kind != ReplyAnswer || r.Alert)
	}
	if shows && t.u.Kind != UpdateUnsupported && t.u.Chat.Kind == ChatPrivate {
		t.s.Shown.Previous, t.s.Shown.Choices, t.s.Shown.At = t.s.Shown.Choices, Choices(own), t.now
	}
	return append(own, others...)
}

// unsupported answers a message the channel could not pass on, in a
// private chat and at most once per NoticeEvery: group members share
// pictures all day.
func (t *turn) unsupported() {
	if t.u.Chat.Kind != ChatPrivate || t.now.Sub(t.s.Shown.Notice) < NoticeEvery {
		return
	}
	t.s.Shown.Notice = t.now
	t.block(t.say("text_only", nil))
}
