package flows

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"
)

// Catalog is what the checker needs to know about the locale files.
type Catalog interface {
	// Languages lists the language tags every message must exist in.
	Languages() []string
	// Placeholders reports whether message id exists in lang and which
	// template placeholders ({{.Name}}) it uses.
	Placeholders(lang, id string) (names []string, ok bool)
}

// CheckOptions says what the Go side of the bot provides.
type CheckOptions struct {
	Actions  []string // names of the registered actions
	Pickers  []string // names of the registered pickers
	Commands []string // commands a "/name" target may run
	// Params are the placeholders the engine fills in for any flow message;
	// a flow message using another placeholder would render it empty.
	Params []string
}

// MaxCallbackData is Telegram's limit on callback data, in bytes.
const MaxCallbackData = 64

// CallbackData is the button data of choice c of step s in flow f. The engine
// decodes the same layout; the checker makes sure it fits in 64 bytes.
func CallbackData(flow, step, choice string) string {
	return "a|" + flow + "|" + step + "|" + choice
}

var idPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9_]*$`)

// Check validates a loaded set against the catalogue and the Go side: unknown
// targets, unreachable steps, unknown actions, malformed steps, and message
// IDs missing in a language or with placeholders that differ between
// languages. It returns every problem found, sorted by file and line.
func Check(set *Set, cat Catalog, opts CheckOptions) []Problem {
	c := &checker{set: set, cat: cat, opts: opts, used: map[string]msgUse{}}
	for _, id := range set.FlowOrder {
		c.flow(set.Flows[id])
	}
	for _, id := range sortedKeys(set.Checklists) {
		c.checklist(set.Checklists[id])
	}
	c.messages()
	SortProblems(c.probs)
	return c.probs
}

type msgUse struct {
	file  string
	line  int
	label bool // a button label: must be short and take no placeholders
}

type checker struct {
	set   *Set
	cat   Catalog
	opts  CheckOptions
	used  map[string]msgUse
	probs []Problem
}

func (c *checker) add(file string, line int, format string, args ...any) {
	c.probs = append(c.probs, Problem{File: file, Line: line, Msg: fmt.Sprintf(format, args...)})
}

// msg records a reference to a message id, checked once all are collected.
func (c *checker) msg(file string, line int, id string, label bool) {
	if id == "" {
		return
	}
	if u, seen := c.used[id]; seen {
		label = label || u.label
		file, line = u.file, u.line
	}
	c.used[id] = msgUse{file: file, line: line, label: label}
}

func (c *checker) flow(f *Flow) {
	if !idPattern.MatchString(f.ID) {
		c.add(f.File, f.Line, "flow id %q must match %s", f.ID, idPattern)
	}
	if _, ok := f.Steps[f.Start]; !ok {
		c.add(f.File, f.Line, "flow %q: start step %q does not exist", f.ID, f.Start)
	}
	for _, id := range f.Order {
		c.step(f, f.Steps[id])
	}
	reached := c.reachable(f)
	for _, id := range f.Order {
		if !reached[id] {
			c.add(f.File, f.Steps[id].Line, "step %q is unreachable from start %q", id, f.Start)
		}
	}
}

func (c *checker) step(f *Flow, s *Step) {
	if !idPattern.MatchString(s.ID) {
		c.add(s.File, s.Line, "step id %q must match %s", s.ID, idPattern)
	}
	parts := 0
	for _, set := range []bool{s.Ask != "", len(s.Branch) > 0, s.Verdict != nil, s.Checklist != "", s.Action != ""} {
		if set {
			parts++
		}
	}
	if parts > 1 {
		c.add(s.File, s.Line, "step %q mixes ask, branch, verdict, checklist and action; use one per step", s.ID)
	}
	if parts == 0 && len(s.Say) == 0 {
		c.add(s.File, s.Line, "step %q does nothing", s.ID)
	}
	for _, m := range s.Say {
		c.msg(s.File, s.Line, m, false)
	}
	c.target(f, s.File, s.Line, s.Next)
	switch {
	case s.Ask != "":
		c.ask(f, s)
	case len(s.Branch) > 0:
		c.branch(f, s)
	case s.Verdict != nil:
		c.verdict(f, s)
	case s.Checklist != "":
		c.checklistRef(s.File, s.Line, s.Checklist)
	case s.Action != "":
		if !slices.Contains(c.opts.Actions, s.Action) {
			c.add(s.File, s.Line, "step %q: unknown action %q (known: %v)", s.ID, s.Action, c.opts.Actions)
		}
	}
	if s.Ask == "" && (len(s.Choices) > 0 || s.Input != nil || s.Save != "" || s.Pick != "") {
		c.add(s.File, s.Line, "step %q: choices, input, pick and save belong to an ask step", s.ID)
	}
	if len(s.On) > 0 && s.Action == "" {
		c.add(s.File, s.Line, "step %q: on: maps the outcomes of an action; the step has none", s.ID)
	}
	for _, outcome := range sortedKeys(s.On) {
		c.target(f, s.File, s.Line, s.On[outcome])
	}
}

func (c *checker) ask(f *Flow, s *Step) {
	c.msg(s.File, s.Line, s.Ask, false)
	if s.Pick != "" {
		c.pick(f, s)
	} else if (len(s.Choices) > 0) == (s.Input != nil) {
		c.add(s.File, s.Line, "step %q: an ask needs choices, input or a pick", s.ID)
		return
	}
	if s.Input != nil {
		c.input(s)
		return
	}
	seen := map[string]bool{}
	for _, ch := range s.Choices {
		if !idPattern.MatchString(ch.ID) {
			c.add(s.File, ch.Line, "choice id %q must match %s", ch.ID, idPattern)
		}
		if seen[ch.ID] {
			c.add(s.File, ch.Line, "choice %q appears twice", ch.ID)
		}
		seen[ch.ID] = true
		if ch.Label == "" {
			c.add(s.File, ch.Line, "choice %q has no label", ch.ID)
		}
		c.msg(s.File, ch.Line, ch.Label, true)
		if ch.Next == "" && s.Next == "" {
			c.add(s.File, ch.Line, "choice %q leads nowhere: give it or its step a next", ch.ID)
		}
		c.target(f, s.File, ch.Line, ch.Next)
		if n := len(CallbackData(f.ID, s.ID, ch.ID)); n > MaxCallbackData {
			c.add(s.File, ch.Line, "choice %q: callback data is %d bytes, over Telegram's %d", ch.ID, n, MaxCallbackData)
		}
	}
}

// pick checks a step whose buttons a Go picker computes.
func (c *checker) pick(f *Flow, s *Step) {
	if !slices.Contains(c.opts.Pickers, s.Pick) {
		c.add(s.File, s.Line, "step %q: unknown picker %q (known: %v)", s.ID, s.Pick, c.opts.Pickers)
	}
	if s.Input != nil {
		c.add(s.File, s.Line, "step %q: a pick takes no typed input", s.ID)
	}
	if s.Save == "" || s.Next == "" {
		c.add(s.File, s.Line, "step %q: a pick needs save: and next:", s.ID)
	}
	if n := len(PickData(f.ID, s.ID, "")); n+MaxPickValue > MaxCallbackData {
		c.add(s.File, s.Line, "step %q: ids too long: picked values get only %d of %d bytes of callback data", s.ID, MaxCallbackData-n, MaxPickValue)
	}
}

// LegalData is the button data of the "📜 Legal basis" button under the
// verdict of step s in flow f. It names the verdict, so that the button
// still shows that verdict's basis after the person has moved on.
func LegalData(flow, step string) string { return "v|" + flow + "|" + step }

// MaxPickValue is the longest value a picker may put in callback data, e.g.
// a reception point id.
const MaxPickValue = 40

// PickData is the button data of value picked at step s of flow f.
func PickData(flow, step, value string) string { return "p|" + flow + "|" + step + "|" + value }

func (c *checker) input(s *Step) {
	in := s.Input
	if !slices.Contains(InputKinds, in.Kind) {
		c.add(s.File, s.Line, "step %q: input kind %q is not one of %v", s.ID, in.Kind, InputKinds)
	}
	if s.Save == "" {
		c.add(s.File, s.Line, "step %q: typed input needs save: to keep the answer", s.ID)
	}
	if in.Invalid == "" {
		c.add(s.File, s.Line, "step %q: typed input needs an invalid: re-prompt message", s.ID)
	}
	if in.Max > 0 && in.Min > in.Max {
		c.add(s.File, s.Line, "step %q: input min %d is above max %d", s.ID, in.Min, in.Max)
	}
	if s.Next == "" {
		c.add(s.File, s.Line, "step %q: typed input needs a next step", s.ID)
	}
	c.msg(s.File, s.Line, in.Invalid, false)
	c.msg(s.File, s.Line, in.Skip, true)
}

func (c *checker) branch(f *Flow, s *Step) {
	for i, b := range s.Branch {
		if len(b.If) == 0 && i != len(s.Branch)-1 {
			c.add(s.File, b.Line, "step %q: an arm without if: must come last; the arms after it never run", s.ID)
		}
		if b.Next == "" {
			c.add(s.File, b.Line, "step %q: branch arm has no next", s.ID)
		}
		c.target(f, s.File, b.Line, b.Next)
	}
	if last := s.Branch[len(s.Branch)-1]; len(last.If) != 0 && s.Next == "" {
		c.add(s.File, last.Line, "step %q: branch has no fallback: add an arm without if, or a next", s.ID)
	}
}

func (c *checker) verdict(f *Flow, s *Step) {
	v := s.Verdict
	if n := len(LegalData(f.ID, s.ID)); n > MaxCallbackData {
		c.add(s.File, s.Line, "step %q: its legal-basis button's data is %d bytes, over Telegram's %d", s.ID, n, MaxCallbackData)
	}
	if !slices.Contains(Outcomes, v.Outcome) {
		c.add(s.File, s.Line, "step %q: outcome %q is not one of %v", s.ID, v.Outcome, Outcomes)
	}
	for name, val := range map[string]string{"text": v.Text, "legal_ref": v.LegalRef, "source": v.Source, "checked_on": v.CheckedOn} {
		if val == "" {
			c.add(s.File, s.Line, "step %q: verdict needs %s", s.ID, name)
		}
	}
	if v.CheckedOn != "" {
		if _, err := time.Parse(time.DateOnly, v.CheckedOn); err != nil {
			c.add(s.File, s.Line, "step %q: checked_on %q is not YYYY-MM-DD", s.ID, v.CheckedOn)
		}
	}
	if v.Source != "" && !strings.HasPrefix(v.Source, "https://") {
		c.add(s.File, s.Line, "step %q: source %q must be an https:// URL", s.ID, v.Source)
	}
	if v.Days < 0 || (v.DaysMax != 0 && v.DaysMax < v.Days) {
		c.add(s.File, s.Line, "step %q: days %d / days_max %d are inconsistent", s.ID, v.Days, v.DaysMax)
	}
	c.msg(s.File, s.Line, v.Text, false)
	c.msg(s.File, s.Line, v.LegalRef, false)
	if v.Checklist != "" {
		c.checklistRef(s.File, s.Line, v.Checklist)
	}
}

func (c *checker) checklistRef(file string, line int, id string) {
	if _, ok := c.set.Checklists[id]; !ok {
		c.add(file, line, "unknown checklist %q", id)
	}
}

func (c *checker) checklist(cl *Checklist) {
	if cl.Title == "" || len(cl.Items) == 0 {
		c.add(cl.File, cl.Line, "checklist %q needs a title and items", cl.ID)
	}
	c.msg(cl.File, cl.Line, cl.Title, false)
	c.msg(cl.File, cl.Line, cl.Note, false)
	for _, it := range cl.Items {
		c.msg(cl.File, cl.Line, it, false)
	}
}

// target checks that a next: value names something that exists.
func (c *checker) target(f *Flow, file string, line int, t string) {
	switch {
	case t == "":
	case strings.HasPrefix(t, "@"):
		if _, ok := c.set.Flows[t[1:]]; !ok {
			c.add(file, line, "unknown flow %q", t)
		}
	case strings.HasPrefix(t, "/"):
		if !slices.Contains(c.opts.Commands, t[1:]) {
			c.add(file, line, "unknown command %q (known: %v)", t, c.opts.Commands)
		}
	default:
		if _, ok := f.Steps[t]; !ok {
			c.add(file, line, "unknown step %q in flow %q", t, f.ID)
		}
	}
}

// reachable walks the flow from its start along every in-flow target.
func (c *checker) reachable(f *Flow) map[string]bool {
	seen := map[string]bool{}
	var walk func(string)
	walk = func(id string) {
		s, ok := f.Steps[id]
		if !ok || seen[id] {
			return
		}
		seen[id] = true
		for _, t := range Targets(s) {
			walk(t)
		}
	}
	walk(f.Start)
	return seen
}

// Targets lists every next: value of a step: its own, its choices', its
// branch arms' and its action outcomes'.
func Targets(s *Step) []string {
	var ts []string
	add := func(t string) {
		if t != "" && !slices.Contains(ts, t) {
			ts = append(ts, t)
		}
	}
	for _, ch := range s.Choices {
		add(ch.Next)
	}
	for _, b := range s.Branch {
		add(b.Next)
	}
	for _, outcome := range sortedKeys(s.On) {
		add(s.On[outcome])
	}
	add(s.Next)
	return ts
}

// messages checks every message the flows use: it must exist in every
// language, and every language must use the same placeholders. When they
// differ, the placeholders most languages share are the reference (on a tie,
// those of the earliest language in the catalogue's order), and each
// language that departs from them is named. The button-label and flow-param
// rules apply to the placeholders of every language, not only the first.
func (c *checker) messages() {
	langs := c.cat.Languages()
	for _, id := range sortedKeys(c.used) {
		u := c.used[id]
		var present []string // languages that have the message, in order
		var sets [][]string  // their placeholders, sorted
		var union []string
		for _, lang := range langs {
			names, ok := c.cat.Placeholders(lang, id)
			if !ok {
				c.add(u.file, u.line, "message %q is missing in locale %s", id, lang)
				continue
			}
			names = slices.Clone(names)
			sort.Strings(names)
			present = append(present, lang)
			sets = append(sets, names)
			for _, n := range names {
				if !slices.Contains(union, n) {
					union = append(union, n)
				}
			}
		}
		c.samePlaceholders(u, id, present, sets)
		sort.Strings(union)
		for _, n := range union {
			if u.label {
				c.add(u.file, u.line, "button label %q must not use placeholder {{.%s}}", id, n)
			} else if !slices.Contains(c.opts.Params, n) {
				c.add(u.file, u.line, "message %q uses {{.%s}}, which flows do not provide (%v)", id, n, c.opts.Params)
			}
		}
	}
}

// samePlaceholders reports each language whose placeholders (sets[i], of
// langs[i]) differ from the reference: the set most languages share, the
// earliest language's on a tie.
func (c *checker) samePlaceholders(u msgUse, id string, langs []string, sets [][]string) {
	ref, refCount := -1, 0
	for i := range sets {
		n := 0
		for j := range sets {
			if slices.Equal(sets[i], sets[j]) {
				n++
			}
		}
		if n > refCount {
			ref, refCount = i, n
		}
	}
	if refCount == len(sets) {
		return // all agree, or none has the message
	}
	var agree []string
	for i := range sets {
		if slices.Equal(sets[i], sets[ref]) {
			agree = append(agree, langs[i])
		}
	}
	for i := range sets {
		if !slices.Equal(sets[i], sets[ref]) {
			c.add(u.file, u.line, "message %q: placeholders %v in %s differ from %v in %s",
				id, sets[i], langs[i], sets[ref], strings.Join(agree, ", "))
		}
	}
}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}
