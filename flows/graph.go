package flows

import (
	"fmt"
	"io"
	"strings"
)

// Graph writes flow f as a Mermaid flowchart, so that police officers and
// committee members can review the logic without reading YAML. Nodes show
// step ids and message ids; edges carry the choice or condition taken.
func Graph(w io.Writer, f *Flow) error {
	var b strings.Builder
	fmt.Fprintf(&b, "flowchart TD\n  %%%% flow %s (%s)\n", f.ID, f.File)
	fmt.Fprintf(&b, "  start((start)) --> %s\n", node(f.ID, f.Start))
	for _, id := range f.Order {
		s := f.Steps[id]
		fmt.Fprintf(&b, "  %s%s\n", node(f.ID, id), shape(s))
		edges(&b, f, s)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func node(flow, step string) string { return flow + "_" + step }

// shape picks a Mermaid node shape per kind of step.
func shape(s *Step) string {
	label := func(kind, detail string) string {
		return fmt.Sprintf("%s: %s<br/>%s", s.ID, kind, strings.ReplaceAll(detail, `"`, "'"))
	}
	switch {
	case s.Pick != "":
		return fmt.Sprintf(`["%s"]`, label("pick "+s.Pick, s.Ask))
	case s.Ask != "":
		return fmt.Sprintf(`["%s"]`, label("ask", s.Ask))
	case len(s.Branch) > 0:
		return fmt.Sprintf(`{"%s"}`, label("branch", ""))
	case s.Verdict != nil:
		v := s.Verdict
		return fmt.Sprintf(`[["%s"]]`, label("verdict "+v.Outcome, fmt.Sprintf("%s %s<br/>%s", v.Checklist, days(v), v.LegalRef)))
	case s.Checklist != "":
		return fmt.Sprintf(`[/"%s"/]`, label("checklist", s.Checklist))
	case s.Action != "":
		return fmt.Sprintf(`[["%s"]]`, label("action", s.Action))
	default:
		return fmt.Sprintf(`("%s")`, label("say", strings.Join(s.Say, ", ")))
	}
}

func days(v *Verdict) string {
	switch {
	case v.Days == 0:
		return ""
	case v.DaysMax > v.Days:
		return fmt.Sprintf("%d-%d WD", v.Days, v.DaysMax)
	default:
		return fmt.Sprintf("%d WD", v.Days)
	}
}

func edges(b *strings.Builder, f *Flow, s *Step) {
	from := node(f.ID, s.ID)
	for _, ch := range s.Choices {
		to := ch.Next
		if to == "" {
			to = s.Next
		}
		fmt.Fprintf(b, "  %s -->|%s| %s\n", from, ch.ID, target(f, to))
	}
	for _, arm := range s.Branch {
		fmt.Fprintf(b, "  %s -->|%s| %s\n", from, condition(arm.If), target(f, arm.Next))
	}
	for _, outcome := range sortedKeys(s.On) {
		fmt.Fprintf(b, "  %s -->|%s| %s\n", from, outcome, target(f, s.On[outcome]))
	}
	if s.Next != "" && len(s.Choices) == 0 {
		fmt.Fprintf(b, "  %s --> %s\n", from, target(f, s.Next))
	}
}

func condition(m map[string]string) string {
	if len(m) == 0 {
		return "else"
	}
	parts := make([]string, 0, len(m))
	for _, k := range sortedKeys(m) {
		parts = append(parts, k+"="+m[k])
	}
	return strings.Join(parts, " and ")
}

// target names the node a next: value leads to; other flows and commands get
// their own rounded nodes.
func target(f *Flow, t string) string {
	switch {
	case strings.HasPrefix(t, "@"):
		return fmt.Sprintf(`flow_%s(["flow %s"])`, t[1:], t[1:])
	case strings.HasPrefix(t, "/"):
		return fmt.Sprintf(`cmd_%s(["%s"])`, t[1:], t)
	default:
		return node(f.ID, t)
	}
}
