package main

import (
	"context"
	"strings"
	"testing"

	"github.com/eidbot/eidbot/bot"
)

// TestZaloTypedQuestions: on the Zalo Bot Platform (plain text, numbered
// choices, real Redis), a fresh chat types a question without diacritics,
// answers the narrowing question with its number and gets the citizen's
// checklist, remembered in the stored session; at the menu, a question
// outside the bot's subject gets the honest answer, the menu and "Ask an
// officer", which a typed number opens.
func TestZaloTypedQuestions(t *testing.T) {
	h := newZaloHarness(t, 1)
	cat := catalog(t)
	line := func(id string) string {
		first, _, _ := strings.Cut(strings.TrimSpace(cat.Text(bot.Vietnamese, id, nil)), "\n")
		return first
	}
	z := h.zaloUser(1, "Hoa")

	who := z.say("can mang gi de lam dinh danh muc 2")
	if !strings.Contains(who, line("ask.who.q")) || !strings.Contains(who, "\n1. "+line("elig.btn.citizen")+"\n") {
		t.Fatalf("no narrowing question:\n%s", who)
	}
	answer := z.press("tw|citizen|bring|vi")
	if !strings.Contains(answer, line("cl.c1.title")) || strings.Contains(answer, "<b>") {
		t.Fatalf("the answer is not the citizen's checklist:\n%s", answer)
	}
	s, _, err := h.mains[0].core.store.Load(context.Background(), z.chat())
	if err != nil {
		t.Fatal(err)
	}
	if s.Remembered["who"] != "citizen" || s.Remembered["nationality"] != "vn" {
		t.Fatalf("stored session remembers %v", s.Remembered)
	}

	z.say("/menu")
	out := z.say("làm hộ chiếu ở đâu")
	if !strings.Contains(out, line("ask.outside")) || !strings.Contains(out, "\n1. "+line("menu.btn.check")+"\n") ||
		strings.Contains(out, line("docs.basis.c1")) {
		t.Fatalf("a passport question got:\n%s", out)
	}
	officer := z.press("to|vi")
	if !strings.Contains(officer, line("ask.officer.find")) {
		t.Fatalf("Ask an officer answered:\n%s", officer)
	}
}
