package terminal

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/eidbot/eidbot/bot"
)

// Handler processes one update; *bot.Engine is one.
type Handler interface {
	Handle(ctx context.Context, u bot.Update) error
}

// Chat is one terminal conversation. Its engine sends the replies through
// a Sender on the same terminal.
type Chat struct {
	Handler Handler
	In      io.Reader
	Out     io.Writer
	ChatID  string // the local chat id; sessions are stored under cli:<id>
	Lang    string // language hint, like Telegram's language_code
	Name    string // the first name the bot greets
	Now     func() time.Time
}

// Run greets the person with /start and then turns every typed line into an
// update until "/quit" is typed, the input ends (Ctrl-D) or ctx ends (Ctrl-C
// in the program). All three are a normal end and return nil; an error is
// one the chat cannot go on from, such as the store being unreachable.
func (c *Chat) Run(ctx context.Context) error {
	if err := c.handle(ctx, c.line("/start")); err != nil || ctx.Err() != nil {
		return quit(ctx, err)
	}
	done := make(chan struct{})
	defer close(done)
	lines := readLines(c.In, done)
	for {
		fmt.Fprint(c.Out, "> ")
		var in input
		select {
		case <-ctx.Done():
			fmt.Fprintln(c.Out)
			return nil
		case in = <-lines:
		}
		if in.end {
			fmt.Fprintln(c.Out)
			return in.err
		}
		text := strings.TrimSpace(in.text)
		switch {
		case text == "":
			continue
		case text == "/quit" || text == "/exit":
			return nil
		}
		if err := c.handle(ctx, c.line(text)); err != nil || ctx.Err() != nil {
			return quit(ctx, err)
		}
	}
}

// quit is Run's result when an update failed or ctx ended while it ran:
// an interrupted chat ends normally, whatever the update returned.
func quit(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return nil
	}
	return err
}

// input is one line typed, or the end of the input (with the read error,
// nil at EOF).
type input struct {
	text string
	end  bool
	err  error
}

// readLines reads r line by line on its own goroutine, so that Run can stop
// on ctx while a read blocks. The goroutine ends at the end of r or, after
// done is closed, with the read in progress: a terminal's read ends only
// with a line, but the program exits after Run anyway.
func readLines(r io.Reader, done <-chan struct{}) <-chan input {
	lines := make(chan input)
	go func() {
		sc := bufio.NewScanner(r)
		for {
			in := input{}
			if sc.Scan() {
				in.text = sc.Text()
			} else {
				in.end, in.err = true, sc.Err()
			}
			select {
			case lines <- in:
			case <-done:
				return
			}
			if in.end {
				return
			}
		}
	}()
	return lines
}

// handle runs an update; a failed update is reported and not fatal, the way
// a webhook retry would be.
func (c *Chat) handle(ctx context.Context, u bot.Update) error {
	err := c.Handler.Handle(ctx, u)
	if errors.Is(err, bot.ErrUnavailable) {
		return err
	}
	if err != nil {
		fmt.Fprintf(c.Out, "  (error: %v)\n", err)
	}
	return nil
}

// line turns typed text into an update: a slash starts a command,
// anything else is text, which the engine reads as the number or the label
// of a choice shown, or as a typed answer.
func (c *Chat) line(text string) bot.Update {
	now := c.Now()
	u := bot.Update{
		ID:   strconv.FormatInt(now.UnixNano(), 10), // unique across runs that share a Redis
		Kind: bot.UpdateText,
		Chat: bot.Chat{Channel: bot.ChannelTerminal, ID: c.ChatID, Kind: bot.ChatPrivate},
		From: bot.User{ID: bot.NewUserID(bot.ChannelTerminal, c.ChatID), FirstName: c.Name, LanguageCode: c.Lang},
		Time: now,
		Text: text,
		Caps: caps(),
	}
	if cmd, ok := strings.CutPrefix(text, "/"); ok {
		name, payload, _ := strings.Cut(cmd, " ")
		u.Kind, u.Command, u.Payload, u.Addressed = bot.UpdateCommand, strings.ToLower(name), strings.TrimSpace(payload), true
	}
	return u
}

// caps is what the terminal can do: plain text without a length limit;
// no buttons, no contact or location to share, no links into a chat app;
// it handles /quit itself, and reads a line only after the replies to
// the last one are printed (InTurn).
func caps() *bot.Caps { return &bot.Caps{InTurn: true, Commands: []string{"quit"}} }
