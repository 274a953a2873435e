package main

import (
	"regexp"
	"strings"
	"testing"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/internal/i18n"
	"github.com/eidbot/eidbot/locales"
)

// TestEveryCatalogueMessageFits renders every message of the catalogue in
// every language with the longest realistic value of each placeholder and
// fails for any over 700 characters.
func TestEveryCatalogueMessageFits(t *testing.T) {
	w := newWalker(t)
	cat, err := i18n.Load(locales.FS())
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range bot.Languages {
		for _, id := range cat.IDs(lang) {
			if strings.HasPrefix(id, "date.") {
				continue // layouts of a date, measured as Date
			}
			names, _ := cat.Placeholders(string(lang), id)
			text := cat.Text(lang, id, w.values[lang].data(t, lang, id, names))
			if n := units(text); n > maxMessage {
				t.Errorf("%s %s is %d characters, over %d:\n%s", lang, id, n, maxMessage, text)
			}
		}
	}
}

// TestWalkThroughEveryFlow walks every state a person can reach in every
// language (walk_test.go) and checks every message the bot sent on the way
// and sends on its own (reminders, a visit's date, campaigns, reports).
func TestWalkThroughEveryFlow(t *testing.T) {
	w := newWalker(t)
	for _, lang := range bot.Languages {
		t.Run(string(lang), func(t *testing.T) {
			t.Parallel()
			msgs := append(w.walk(t, lang), w.unprompted(t, lang)...)
			t.Run("at most 700 characters", func(t *testing.T) { composedFit(t, lang, msgs) })
			t.Run("foreigners go to immigration", func(t *testing.T) { foreignersToImmigration(t, lang, msgs) })
		})
	}
}

// composedFit: every message as the engine composed it (a verdict with its
// processing time, a checklist with the next question, a booking summary
// and confirmation, an appointment, a question after a wrong answer, a
// campaign with its header), with 40-character names, the longest dates
// and every reception point, is at most 700 characters.
func composedFit(t *testing.T, lang bot.Lang, msgs []message) {
	longestOf := message{}
	for _, m := range msgs {
		if units(m.text) > maxMessage {
			t.Errorf("over %d characters: %s", maxMessage, m.describe())
		}
		if !m.other && units(m.text) > units(longestOf.text) {
			longestOf = m
		}
	}
	t.Logf("%d messages; the longest in %s is %s", len(msgs), lang, longestOf.describe())
}

// TestMainMenuIsShort: the main menu offers at most six buttons and
// "More", as a person sees it after /start.
func TestMainMenuIsShort(t *testing.T) {
	w := newWalker(t)
	for _, lang := range bot.Languages {
		rs := w.world(t).do(t, lang, input{text: "/start"})
		last := rs[len(rs)-1]
		var choices []string
		for _, row := range last.Buttons {
			for _, b := range row {
				choices = append(choices, b.Data)
			}
		}
		if len(choices) == 0 || len(choices) > 7 || choices[len(choices)-1] != "a|menu|main|more" {
			t.Errorf("%s: the main menu has %d buttons %v, want at most 6 and More last", lang, len(choices), choices)
		}
	}
	menu := newWalker(t).set.Flows["menu"].Steps["main"]
	if n := len(menu.Choices); n > 7 || menu.Choices[n-1].ID != "more" {
		t.Errorf("flows/menu.yaml: main has %d choices, want at most 6 and more", n)
	}
}

// communePolice finds a mention of commune police in any language: the
// Vietnamese name (also in brackets in other languages), and its
// renderings in docs/CONTENT.md §4.
var communePolice = regexp.MustCompile(`(?i)công an (xã|phường|cấp xã|đặc khu)|commune police|ward police|乡/坊公安|坊公安|乡公安|派出所|동·사 공안|동 공안|사 공안`)

// foreignersToImmigration: of every answer a foreign national can reach
// (never saying or choosing "citizen"): the check, what to bring, at the
// office, common problems, booking and its fallbacks, the committee's
// notices and reminders, none may name commune police without the
// immigration office (PA08) in the same message.
func foreignersToImmigration(t *testing.T, lang bot.Lang, msgs []message) {
	checked := 0
	for _, m := range msgs {
		if !m.foreign {
			continue
		}
		checked++
		if communePolice.MatchString(m.text) && !strings.Contains(m.text, "PA08") {
			t.Errorf("names commune police without PA08: %s", m.describe())
		}
	}
	if checked < 500 {
		t.Errorf("only %d messages a foreign national reads were checked", checked)
	}
	t.Logf("%d messages a foreign national reads", checked)
}
