package terminal

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/eidbot/eidbot/bot"
)

// handlerFunc is a Handler made of a function.
type handlerFunc func(ctx context.Context, u bot.Update) error

func (f handlerFunc) Handle(ctx context.Context, u bot.Update) error { return f(ctx, u) }

// runChat runs a chat on in and returns what it wrote and Run's result,
// failing the test if it does not end within 10 seconds. onPrompt, if not
// nil, is called each time the prompt is written.
func runChat(t *testing.T, ctx context.Context, h Handler, in io.Reader, onPrompt func()) (string, error) {
	t.Helper()
	out := &screen{onPrompt: onPrompt}
	c := &Chat{Handler: h, In: in, Out: out, ChatID: "1", Now: time.Now}
	done := make(chan error, 1)
	go func() { done <- c.Run(ctx) }()
	select {
	case err := <-done: // Run has written all it writes
		return out.String(), err
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not end")
		return "", nil
	}
}

// screen is the chat's output.
type screen struct {
	strings.Builder
	onPrompt func()
}

func (s *screen) Write(p []byte) (int, error) {
	if string(p) == "> " && s.onPrompt != nil {
		s.onPrompt()
	}
	return s.Builder.Write(p)
}

func TestRunEnds(t *testing.T) {
	var texts []string
	record := handlerFunc(func(_ context.Context, u bot.Update) error {
		texts = append(texts, u.Text)
		return nil
	})
	t.Run("quit", func(t *testing.T) {
		texts = nil
		_, err := runChat(t, context.Background(), record, strings.NewReader("hello\n\n/quit\nnot read\n"), nil)
		if err != nil || fmt.Sprint(texts) != "[/start hello]" {
			t.Fatalf("%v, updates %q", err, texts)
		}
	})
	t.Run("EOF", func(t *testing.T) {
		texts = nil
		out, err := runChat(t, context.Background(), record, strings.NewReader("hello"), nil)
		if err != nil || fmt.Sprint(texts) != "[/start hello]" || !strings.HasSuffix(out, "> \n") {
			t.Fatalf("%v, updates %q, output %q", err, texts, out)
		}
	})
	t.Run("read error", func(t *testing.T) {
		broken := errors.New("terminal gone")
		_, err := runChat(t, context.Background(), record, io.MultiReader(strings.NewReader("a\n"), errReader{broken}), nil)
		if !errors.Is(err, broken) {
			t.Fatalf("%v, want %v", err, broken)
		}
	})
	t.Run("interrupt while waiting for a line", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		in, w := io.Pipe() // a terminal nobody types into
		defer w.Close()
		out, err := runChat(t, ctx, record, in, cancel)
		if err != nil || !strings.HasSuffix(out, "> \n") {
			t.Fatalf("%v, output %q", err, out)
		}
	})
	t.Run("interrupt while an update runs", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		aborted := handlerFunc(func(ctx context.Context, u bot.Update) error {
			if u.Text == "/start" {
				return nil
			}
			cancel()
			return fmt.Errorf("store: %w", bot.ErrUnavailable)
		})
		if _, err := runChat(t, ctx, aborted, strings.NewReader("hello\n"), nil); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("store unavailable", func(t *testing.T) {
		down := handlerFunc(func(context.Context, bot.Update) error { return bot.ErrUnavailable })
		if _, err := runChat(t, context.Background(), down, strings.NewReader(""), nil); !errors.Is(err, bot.ErrUnavailable) {
			t.Fatalf("%v, want ErrUnavailable", err)
		}
	})
}

type errReader struct{ err error }

func (r errReader) Read([]byte) (int, error) { return 0, r.err }
