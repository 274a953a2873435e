package terminal

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/eidbot/eidbot/bot"
)

// Sender prints replies to a terminal and remembers the last choices shown,
// so that a typed number can be turned back into a button press.
type Sender struct {
	mu      sync.Mutex
	w       io.Writer
	dir     string // where sent documents are written
	lastID  int
	choices []choice
}

type choice struct {
	button    bot.Button
	messageID int
}

// NewSender prints to w and writes documents (e.g. .ics files) into dir.
func NewSender(w io.Writer, dir string) *Sender { return &Sender{w: w, dir: dir} }

// Send prints one reply. Edits are not shown: the terminal already shows
// what was typed.
func (s *Sender) Send(_ context.Context, r bot.Reply) (bot.Sent, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch r.Kind {
	case bot.ReplyText:
		s.lastID++
		s.printText(r)
	case bot.ReplyAnswer:
		if r.Text != "" {
			fmt.Fprintf(s.w, "  » %s\n", Plain(r.Text))
		}
	case bot.ReplyVenue:
		s.lastID++
		v := r.Venue
		fmt.Fprintf(s.w, "📍 %s\n   %s\n   https://www.openstreetmap.org/?mlat=%.5f&mlon=%.5f\n\n", v.Title, v.Address, v.Lat, v.Lon)
	case bot.ReplyDocument:
		s.lastID++
		return bot.Sent{MessageID: s.lastID}, s.saveDocument(r.Document)
	}
	return bot.Sent{MessageID: s.lastID}, nil
}

func (s *Sender) printText(r bot.Reply) {
	fmt.Fprintf(s.w, "%s\n", Plain(r.Text))
	if r.AskContact != "" {
		fmt.Fprintf(s.w, "  (%s: type the number)\n", Plain(r.AskContact))
		for _, label := range r.Keyboard {
			fmt.Fprintf(s.w, "  (or type: %s)\n", Plain(label))
		}
	}
	if len(r.Buttons) > 0 {
		s.choices = s.choices[:0]
	}
	for _, row := range r.Buttons {
		for _, b := range row {
			s.choices = append(s.choices, choice{button: b, messageID: s.lastID})
			if b.URL != "" {
				fmt.Fprintf(s.w, "  [%d] %s → %s\n", len(s.choices), b.Label, b.URL)
				continue
			}
			fmt.Fprintf(s.w, "  [%d] %s\n", len(s.choices), b.Label)
		}
	}
	fmt.Fprintln(s.w)
}

func (s *Sender) saveDocument(d *bot.Document) error {
	path := filepath.Join(s.dir, filepath.Base(d.Name))
	if err := os.WriteFile(path, d.Data, 0o600); err != nil {
		return fmt.Errorf("save %s: %w", d.Name, err)
	}
	fmt.Fprintf(s.w, "📎 %s\n   %s\n\n", Plain(strings.TrimSpace(d.Caption)), path)
	return nil
}

// choice returns the n-th (1-based) button of the last message with buttons.
func (s *Sender) choice(n int) (choice, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if n < 1 || n > len(s.choices) {
		return choice{}, false
	}
	return s.choices[n-1], true
}
