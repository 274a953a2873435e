package terminal

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/bot/plaintext"
)

// Sender prints replies to a terminal as bot/plaintext renders them for
// every channel without buttons: numbered choices, links as text. It is a
// bot.TurnSender: a turn's replies are printed together, numbered as the
// engine remembers them, so the number a person types presses the button
// it stands for. Documents are written into a directory and shown by their
// path.
type Sender struct {
	mu   sync.Mutex
	w    io.Writer
	dir  string
	hint func(lang bot.Lang) string
}

var _ bot.TurnSender = (*Sender)(nil)

// NewSender prints to w and writes documents (e.g. .ics files) into dir.
// hint gives the line under numbered choices in a language ("" outside a
// turn); nil shows none.
func NewSender(w io.Writer, dir string, hint func(lang bot.Lang) string) *Sender {
	return &Sender{w: w, dir: dir, hint: hint}
}

// SendTurn prints the replies of one turn.
func (s *Sender) SendTurn(_ context.Context, _ bot.Chat, lang bot.Lang, replies []bot.Reply) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	paths := map[string]string{}
	for _, r := range replies {
		if r.Kind == bot.ReplyDocument && r.Document != nil {
			path, err := s.save(r.Document)
			if err != nil {
				return err
			}
			paths[r.Document.Name] = path
		}
	}
	o := plaintext.Options{FileURL: func(d bot.Document) string { return paths[d.Name] }}
	if s.hint != nil {
		o.Hint = s.hint(lang)
	}
	for _, m := range plaintext.Render(replies, o).Messages {
		if _, err := fmt.Fprintf(s.w, "%s\n\n", m); err != nil {
			return err
		}
	}
	return nil
}

// Send prints one reply sent outside a turn (a reminder). Its buttons
// that send data are left out: a number typed now answers the last turn.
func (s *Sender) Send(ctx context.Context, r bot.Reply) (bot.Sent, error) {
	var links [][]bot.Button
	for _, row := range r.Buttons {
		for _, b := range row {
			if b.URL != "" {
				links = append(links, []bot.Button{b})
			}
		}
	}
	r.Buttons, r.Keyboard, r.AskContact = links, nil, ""
	return bot.Sent{}, s.SendTurn(ctx, r.Chat, "", []bot.Reply{r})
}

// save writes a document into the directory and returns its path.
func (s *Sender) save(d *bot.Document) (string, error) {
	path := filepath.Join(s.dir, filepath.Base(d.Name))
	if err := os.WriteFile(path, d.Data, 0o600); err != nil {
		return "", fmt.Errorf("save %s: %w", d.Name, err)
	}
	return path, nil
}
