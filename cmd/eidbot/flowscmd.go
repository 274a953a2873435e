package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/flows"
	"github.com/eidbot/eidbot/internal/booking"
	"github.com/eidbot/eidbot/internal/i18n"
	"github.com/eidbot/eidbot/locales"
)

// errProblems is returned when a check found problems it already printed.
var errProblems = errors.New("problems found")

// runFlows implements "eidbot flows check" and "eidbot flows graph FLOW".
func runFlows(args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return fmt.Errorf("usage: eidbot flows check | eidbot flows graph FLOW")
	}
	switch args[0] {
	case "check":
		return checkFlows(args[1:], getenv, stdout, stderr)
	case "graph":
		return graphFlow(args[1:], stdout)
	default:
		return fmt.Errorf("unknown flows subcommand %q", args[0])
	}
}

// checkFlows validates the flow files (embedded, or a directory given with
// -dir) against the locale files and the Go side, and the reception points
// and calendar files (EIDBOT_POINTS_FILE, EIDBOT_CALENDAR_FILE, or the
// shipped ones), printing file:line errors.
func checkFlows(args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("flows check", flag.ContinueOnError)
	dir := fs.String("dir", "", "check flow files in this directory instead of the embedded ones")
	if err := fs.Parse(args); err != nil {
		return err
	}
	src := flows.Embedded()
	if *dir != "" {
		src = os.DirFS(*dir)
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
		probs = flows.Check(set, cat, declared().CheckOptions())
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

// graphFlow prints a flow as a Mermaid diagram.
func graphFlow(args []string, stdout io.Writer) error {
	set, probs := flows.Load(flows.Embedded())
	if len(probs) > 0 {
		return fmt.Errorf("flows do not load: %v", probs[0])
	}
	if len(args) != 1 {
		return fmt.Errorf("usage: eidbot flows graph FLOW (one of %v)", set.FlowOrder)
	}
	f, ok := set.Flows[args[0]]
	if !ok {
		return fmt.Errorf("no flow %q (have %v)", args[0], set.FlowOrder)
	}
	return flows.Graph(stdout, f)
}
