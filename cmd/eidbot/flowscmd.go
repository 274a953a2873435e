package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"slices"
	"strings"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/flows"
	"github.com/eidbot/eidbot/internal/booking"
	"github.com/eidbot/eidbot/internal/i18n"
	"github.com/eidbot/eidbot/locales"
)

// errProblems is returned when a check found problems it already printed.
var errProblems = errors.New("problems found")

// flowsCheckCommand is "eidbot flows check".
func flowsCheckCommand() *command {
	return &command{
		name:    "flows check",
		args:    "[--dir DIR]",
		summary: "validate flows, locales, reception points, calendar and areas",
		about: "Prints file:line problems and exits 1 if there are any. Checks the typed-question topics\n" +
			"(questions/ in DIR when it has one), EIDBOT_POINTS_FILE,\n" +
			"EIDBOT_CALENDAR_FILE and EIDBOT_AREAS_FILE when set, else the shipped files.",
		flags: func(fs *flag.FlagSet) action {
			dir := fs.String("dir", "", "check flow files in this directory instead of the embedded ones")
			return func(_ context.Context, e *proc, _ []string) error {
				return checkFlows(*dir, e.getenv, e.stdout, e.stderr)
			}
		},
	}
}

// flowsGraphCommand is "eidbot flows graph FLOW [--lang LANG]".
func flowsGraphCommand() *command {
	return &command{
		name:    "flows graph",
		args:    "FLOW [--lang " + strings.ReplaceAll(langList(), ", ", "|") + "]",
		params:  []string{"FLOW"},
		summary: "print a flow as a Mermaid diagram, worded in one language",
		about:   "For police and committees to review the logic; paste it into any Mermaid viewer.",
		flags: func(fs *flag.FlagSet) action {
			lang := fs.String("lang", string(bot.Vietnamese), "language of the texts: "+langList())
			return func(_ context.Context, e *proc, args []string) error { return graphFlow(args[0], *lang, e.stdout) }
		},
	}
}

// checkFlows validates the flow files (embedded, or those in dir) against
// the locale files and the Go side, and the reception points and calendar
// files (EIDBOT_POINTS_FILE, EIDBOT_CALENDAR_FILE, or the shipped ones),
// printing file:line errors.
func checkFlows(dir string, getenv func(string) string, stdout, stderr io.Writer) error {
	src, questions := flows.Embedded(), flows.EmbeddedQuestions()
	if dir != "" {
		src = os.DirFS(dir)
		if _, err := fs.Stat(src, "questions"); err == nil {
			questions = src
		}
	}
	problems := 0
	set, probs := flows.Load(src)
	cat, err := i18n.Load(locales.FS())
	if err != nil {
		return err
	}
	for _, p := range cat.Check() {
		fmt.Fprintf(stderr, "locales/%s\n", p)
		problems++
	}
	if len(probs) == 0 {
		opts := declared().CheckOptions()
		probs = append(flows.Check(set, cat, opts), checkTopics(questions, set, cat, opts.Commands)...)
	}
	for _, p := range probs {
		fmt.Fprintf(stderr, "flows/%s\n", p)
		problems++
	}
	for _, p := range booking.Check(nil, getenv("EIDBOT_CALENDAR_FILE"), getenv("EIDBOT_POINTS_FILE")) {
		fmt.Fprintln(stderr, p)
		problems++
	}
	for _, p := range booking.CheckAreas(nil, getenv("EIDBOT_AREAS_FILE"), getenv("EIDBOT_POINTS_FILE")) {
		fmt.Fprintln(stderr, p)
		problems++
	}
	if problems > 0 {
		fmt.Fprintf(stderr, "%d problem(s)\n", problems)
		return errProblems
	}
	fmt.Fprintf(stdout, "ok: %d flows, %d checklists, %d messages in %d languages; reception points, calendar and areas\n",
		len(set.Flows), len(set.Checklists), len(cat.IDs(bot.Vietnamese)), len(bot.Languages))
	return nil
}

// graphFlow prints a flow as a Mermaid diagram worded in one language
// (--lang, Vietnamese by default), for police and committees to review.
func graphFlow(name, lang string, stdout io.Writer) error {
	if !slices.Contains(bot.Languages, bot.Lang(lang)) {
		return usagef("flows graph: unknown language %q for --lang (have %s)", lang, langList())
	}
	set, probs := flows.Load(flows.Embedded())
	if len(probs) > 0 {
		return fmt.Errorf("flows do not load: %v", probs[0])
	}
	if _, ok := set.Flows[name]; !ok {
		return usagef("flows graph: no flow %q (have %v)", name, set.FlowOrder)
	}
	cat, err := i18n.Load(locales.FS())
	if err != nil {
		return err
	}
	return flows.Graph(stdout, set, name, flows.GraphOptions{Lang: lang, Text: graphText(cat)})
}

// graphText renders a message for the graph, its placeholders shown by
// name (‹Name›) since no user fills them in.
func graphText(cat *i18n.Catalog) func(lang, id string) string {
	return func(lang, id string) string {
		l := bot.Lang(lang)
		if text, ok := cat.Static(l, id); ok {
			return text
		}
		names, _ := cat.Placeholders(lang, id)
		data := make(map[string]any, len(names))
		for _, n := range names {
			data[n] = "‹" + n + "›"
		}
		return cat.Render(l, id, data)
	}
}

func langList() string {
	names := make([]string, len(bot.Languages))
	for i, l := range bot.Languages {
		names[i] = string(l)
	}
	return strings.Join(names, ", ")
}
