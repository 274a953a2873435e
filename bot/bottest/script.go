package bottest

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/eidbot/eidbot/bot"
)

// Actor is someone who writes to the bot in a Script: a person in their
// private chat, or a person in a group chat.
type Actor struct {
	Name string // shown before their inputs when a script has several actors
	User bot.User
	Chat bot.Chat
	Caps *bot.Caps // what their channel can do; nil: everything
}

// Person is an actor writing from their own private chat.
func Person(name string, user bot.UserID, firstName, lang string) Actor {
	return Actor{Name: name, User: bot.User{ID: user, FirstName: firstName, LanguageCode: lang}, Chat: user.PrivateChat()}
}

// Script drives an engine through Handle, as a channel would, and writes
// the conversation down for a golden file: each input ("» /start", "»
// [button]", "» typed text"), then every message the bot sent, numbered
// in order ("« #3"), with its buttons. A message to a chat other than the
// actor's names the chat's actor ("« #4 → approver"). Presses and edits
// refer to the numbers.
type Script struct {
	t       *testing.T
	e       *bot.Engine
	sender  *Sender
	actor   Actor
	actors  []Actor
	b       strings.Builder
	msgs    int
	buttons map[int]sentButtons // message number → its buttons
	seen    int                 // replies of the sender already written down
	id      int
}

type sentButtons struct {
	chat bot.Chat
	rows [][]bot.Button
}

// NewScript starts a script on engine e, whose replies go to sender,
// with the actors who take part; the first one acts first.
func NewScript(t *testing.T, e *bot.Engine, sender *Sender, actors ...Actor) *Script {
	s := &Script{t: t, e: e, sender: sender, actors: actors, buttons: map[int]sentButtons{}, seen: len(sender.Replies())}
	s.actor = actors[0]
	return s
}

// As makes a the actor of the inputs that follow.
func (s *Script) As(a Actor) *Script {
	s.actor = a
	return s
}

// Do sends inputs as the current actor: "/name payload" is a command,
// "'text" typed text (in a group, addressed to the bot only when it
// contains "@"), "*" and "*2" press the first and second button a picker
// offered, "k:1" types the first key of a reply keyboard (a Skip),
// "#contact" shares the actor's own number, and anything else presses the
// newest button of the actor's chat whose data is it or ends with "|" and
// it.
func (s *Script) Do(inputs ...string) *Script {
	s.t.Helper()
	for _, in := range inputs {
		var u bot.Update
		switch {
		case strings.HasPrefix(in, "/"):
			name, payload, _ := strings.Cut(in[1:], " ")
			u = bot.Update{Kind: bot.UpdateCommand, Command: name, Payload: payload, Addressed: true}
			s.input(in)
		case strings.HasPrefix(in, "'"):
			// In a group, text reaches the bot addressed only when it
			// names the bot (privacy mode); in private it always does.
			addressed := s.actor.Chat.Kind == bot.ChatPrivate || strings.Contains(in, "@")
			u = bot.Update{Kind: bot.UpdateText, Text: in[1:], Addressed: addressed}
			s.input(in[1:])
		case strings.HasPrefix(in, "k:"):
			key := s.key(in[2:])
			u = bot.Update{Kind: bot.UpdateText, Text: key, Addressed: true}
			s.input("{" + key + "}")
		case in == "#contact":
			u = bot.Update{Kind: bot.UpdateContact, Contact: &bot.Contact{Phone: "+84912345678", UserID: s.actor.User.ID}}
			s.input("(shares the contact +84912345678)")
		default:
			msg, b := s.find(in)
			u = bot.Update{Kind: bot.UpdateButton, Button: &bot.Press{Data: b.Data, CallbackID: "cb" + strconv.Itoa(s.id+1), MessageID: msg}}
			s.input("[" + b.Label + "]")
		}
		s.handle(u)
	}
	return s
}

// Event writes down what the bot sends on its own when fn runs (reminders
// falling due, a campaign going out), under "» (what)".
func (s *Script) Event(what string, fn func()) *Script {
	s.t.Helper()
	fn()
	fmt.Fprintf(&s.b, "» (%s)\n", what)
	s.record()
	return s
}

// String is the transcript so far.
func (s *Script) String() string { return s.b.String() }

// input writes an input line, with its actor's name when several act.
func (s *Script) input(what string) {
	if len(s.actors) > 1 {
		fmt.Fprintf(&s.b, "» %s: %s\n", s.actor.Name, what)
		return
	}
	fmt.Fprintf(&s.b, "» %s\n", what)
}

// handle runs u from the current actor and writes the replies down.
func (s *Script) handle(u bot.Update) {
	s.t.Helper()
	s.id++
	u.ID, u.Chat, u.From, u.Caps = "s"+strconv.Itoa(s.id), s.actor.Chat, s.actor.User, s.actor.Caps
	if err := s.e.Handle(context.Background(), u); err != nil {
		s.t.Fatalf("Handle: %v", err)
	}
	s.record()
}

// record writes down every reply sent since the last call.
func (s *Script) record() {
	rs := s.sender.Replies()
	for _, r := range rs[s.seen:] {
		s.reply(r)
	}
	if n := len(rs); n > s.seen && (rs[n-1].Kind == bot.ReplyVenue || rs[n-1].Kind == bot.ReplyDocument) {
		s.b.WriteString("\n")
	}
	s.seen = len(rs)
}

func (s *Script) reply(r bot.Reply) {
	switch r.Kind {
	case bot.ReplyAnswer:
		if r.Text != "" {
			kind := "notice"
			if r.Alert {
				kind = "alert"
			}
			fmt.Fprintf(&s.b, "  (%s: %s)\n", kind, r.Text)
		}
	case bot.ReplyEdit:
		fmt.Fprintf(&s.b, "  (message %d now shows %s)\n", r.EditID, Labels(r.Buttons))
	case bot.ReplyText:
		s.msgs++
		fmt.Fprintf(&s.b, "\n« #%d%s\n%s\n", s.msgs, s.to(r.Chat), r.Text)
		if len(r.Buttons) > 0 {
			s.buttons[s.msgs] = sentButtons{chat: r.Chat, rows: r.Buttons}
		}
		for _, row := range r.Buttons {
			fmt.Fprintf(&s.b, "  %s\n", Labels([][]bot.Button{row}))
		}
		if r.AskContact != "" || len(r.Keyboard) > 0 {
			fmt.Fprintf(&s.b, "  keyboard: %s\n", keyboard(r))
		}
		s.b.WriteString("\n")
	case bot.ReplyVenue:
		fmt.Fprintf(&s.b, "  (venue%s: %s, %s)\n", s.to(r.Chat), r.Venue.Title, r.Venue.Address)
	case bot.ReplyDocument:
		fmt.Fprintf(&s.b, "  (document%s: %s, %q)\n", s.to(r.Chat), r.Document.Name, r.Document.Caption)
	default:
		fmt.Fprintf(&s.b, "  (%s)\n", r.Kind)
	}
}

// to names the recipient of a reply that does not go to the actor's chat.
func (s *Script) to(chat bot.Chat) string {
	if chat == s.actor.Chat || chat.IsZero() {
		return ""
	}
	for _, a := range s.actors {
		if a.Chat == chat {
			return " → " + a.Name
		}
	}
	return " → " + chat.Key()
}

// find returns the newest message of the actor's chat with a button for
// choice, and the button.
func (s *Script) find(choice string) (int, bot.Button) {
	s.t.Helper()
	nth := 0 // of a picker's buttons, for "*" (1) and "*2"
	if rest, ok := strings.CutPrefix(choice, "*"); ok {
		nth = 1
		if rest != "" {
			nth, _ = strconv.Atoi(rest)
		}
	}
	for n := s.msgs; n > 0; n-- {
		sent, ok := s.buttons[n]
		if !ok || sent.chat != s.actor.Chat {
			continue
		}
		picks := 0
		for _, row := range sent.rows {
			for _, b := range row {
				if nth > 0 && strings.HasPrefix(b.Data, "p|") {
					if picks++; picks == nth {
						return n, b
					}
				}
				if nth == 0 && b.Data != "" && (b.Data == choice || strings.HasSuffix(b.Data, "|"+choice)) {
					return n, b
				}
			}
		}
	}
	s.t.Fatalf("no button %q for %s in:\n%s", choice, s.actor.Chat.Key(), s.b.String())
	return 0, bot.Button{}
}

// key is the label of key n (from 1) of the newest reply keyboard sent to
// the actor.
func (s *Script) key(n string) string {
	s.t.Helper()
	i, _ := strconv.Atoi(n)
	rs := s.sender.Replies()
	for j := len(rs) - 1; j >= 0; j-- {
		if rs[j].Chat == s.actor.Chat && len(rs[j].Keyboard) >= i && i > 0 {
			return rs[j].Keyboard[i-1]
		}
	}
	s.t.Fatalf("no reply keyboard with key %s for %s", n, s.actor.Chat.Key())
	return ""
}

// Labels shows buttons as "[label]", a link button with its address.
func Labels(rows [][]bot.Button) string {
	var parts []string
	for _, row := range rows {
		for _, b := range row {
			if b.URL != "" {
				parts = append(parts, "["+b.Label+" → "+b.URL+"]")
				continue
			}
			parts = append(parts, "["+b.Label+"]")
		}
	}
	return strings.Join(parts, " ")
}

// keyboard shows a reply keyboard: the contact button and plain buttons.
func keyboard(r bot.Reply) string {
	var keys []string
	if r.AskContact != "" {
		keys = append(keys, "{"+r.AskContact+"}")
	}
	for _, k := range r.Keyboard {
		keys = append(keys, "{"+k+"}")
	}
	return strings.Join(keys, " ")
}
