package main

import (
	"context"
	"fmt"
	"io"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/eidbot/eidbot/bot"
)

// console drives "eidbot chat" like a person at a keyboard: it reads until
// the prompt, finds the numbered choice by its label, and types the number.
type console struct {
	t    *testing.T
	in   *io.PipeWriter
	mu   sync.Mutex
	out  strings.Builder
	seen int
	done chan error
}

func (w *console) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.out.Write(p)
}

func startChat(t *testing.T, args []string, getenv func(string) string) *console {
	inR, inW := io.Pipe()
	term := &console{t: t, in: inW, done: make(chan error, 1)}
	go func() {
		term.done <- run(context.Background(), append([]string{"chat"}, args...), getenv, inR, term, io.Discard)
	}()
	return term
}

// screen waits for the next prompt and returns what was printed since the
// last one.
func (w *console) screen() string {
	w.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		w.mu.Lock()
		s := w.out.String()[w.seen:]
		w.mu.Unlock()
		if i := strings.LastIndex(s, "> "); i >= 0 && strings.HasSuffix(strings.TrimRight(s, " "), ">") {
			w.seen += len(s)
			return s
		}
		time.Sleep(5 * time.Millisecond)
	}
	w.t.Fatalf("no prompt; output so far:\n%s", w.out.String())
	return ""
}

// choose types the number of the choice whose label contains label.
func (w *console) choose(screen, label string) string {
	w.t.Helper()
	m := regexp.MustCompile(`(?m)^(\d+)\. ([^\n]*` + regexp.QuoteMeta(label) + `[^\n]*)`).FindStringSubmatch(screen)
	if m == nil {
		w.t.Fatalf("no choice %q on screen:\n%s", label, screen)
	}
	if _, err := fmt.Fprintln(w.in, m[1]); err != nil {
		w.t.Fatalf("typing %s: %v", m[1], err)
	}
	return w.screen()
}

func TestLocalChatInKorean(t *testing.T) {
	cat := catalog(t)
	ko := func(id string) string { return strings.TrimSpace(cat.Text(bot.Korean, id, nil)) }
	term := startChat(t, []string{"--lang", "ko"}, env(nil))
	s := term.screen()
	if !strings.Contains(s, "Local mode") || !strings.Contains(s, ko("menu.q")) {
		t.Fatalf("start screen:\n%s", s)
	}
	s = term.choose(s, ko("menu.btn.check"))
	s = term.choose(s, ko("elig.btn.foreigner"))
	s = term.choose(s, ko("elig.btn.trc_yes"))
	s = term.choose(s, ko("elig.btn.age_14"))
	s = term.choose(s, ko("elig.btn.phone_mine"))
	for _, want := range []string{ko("cl.f1.title"), "TK01", "PA08", ko("verdict.btn.legal")} {
		if !strings.Contains(s, want) {
			t.Fatalf("F1 verdict lacks %q:\n%s", want, s)
		}
	}
	if s = term.choose(s, ko("verdict.btn.legal")); !strings.Contains(s, "https://") || !strings.Contains(s, "apolatlegal.com") {
		t.Fatalf("legal basis lacks its source:\n%s", s)
	}
	if strings.Contains(s, "<b>") || strings.Contains(s, "&lt;") {
		t.Fatalf("HTML leaked into the terminal:\n%s", s)
	}
	if _, err := fmt.Fprintln(term.in, "/quit"); err != nil {
		t.Fatal(err)
	}
	if err := <-term.done; err != nil {
		t.Fatal(err)
	}
}
