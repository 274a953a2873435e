package flows_test

import (
	"fmt"
	"html"
	"io/fs"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/eidbot/eidbot/flows"
	"github.com/eidbot/eidbot/locales"
	"gopkg.in/yaml.v3"
)

// localeTexts reads the real message files as lang → id → text (the
// "other" form of plural messages), so that graphs are checked with the
// texts they will show, without the catalogue package of the bot.
func localeTexts(t *testing.T) func(lang, id string) string {
	t.Helper()
	texts := map[string]map[string]string{}
	for _, lang := range flows.GraphLanguages() {
		data, err := fs.ReadFile(locales.FS(), lang+".yaml")
		if err != nil {
			t.Fatal(err)
		}
		var raw map[string]any
		if err := yaml.Unmarshal(data, &raw); err != nil {
			t.Fatalf("%s.yaml: %v", lang, err)
		}
		texts[lang] = map[string]string{}
		for id, v := range raw {
			switch v := v.(type) {
			case string:
				texts[lang][id] = v
			case map[string]any:
				other, ok := v["other"].(string)
				if !ok {
					t.Fatalf("%s.yaml: %s has no text for other", lang, id)
				}
				texts[lang][id] = other
			}
		}
	}
	return func(lang, id string) string {
		text, ok := texts[lang][id]
		if !ok {
			t.Errorf("message %q missing in %s", id, lang)
		}
		return text
	}
}

// hostileText is a catalogue whose every message holds each character a
// Mermaid label must not hold as such, HTML and a newline.
func hostileText(lang, id string) string {
	return `<b>"` + lang + `"</b> [a] (b) {c} <i>x|y</i> #1; a&amp;b ` + "`t`; 100% \\ / < > 'q'\n-->|z| ;;" + id
}

func graph(t *testing.T, set *flows.Set, id, lang string, text func(lang, id string) string) string {
	t.Helper()
	var b strings.Builder
	if err := flows.Graph(&b, set, id, flows.GraphOptions{Lang: lang, Text: text}); err != nil {
		t.Fatalf("graph %s %s: %v", id, lang, err)
	}
	return b.String()
}

// The Mermaid flowchart lines Graph may write. A label is one quoted
// string; the checks on its characters are in checkLabel.
var (
	nodeLine = regexp.MustCompile(`^  ([a-z][a-z0-9_]*)(\(\(\(|\(\(|\(\[|\[\[|\[/|\[|\{\{|\{|\()"([^"]*)"(\)\)\)|\)\)|\]\)|\]\]|/\]|\]|\}\}|\}|\)):::([a-z0-9_]+)$`)
	edgeLine = regexp.MustCompile(`^  ([a-z][a-z0-9_]*) (-->|-\.->)(?:\|"([^"]*)"\|)? ([a-z][a-z0-9_]*)$`)
	otherOK  = regexp.MustCompile(`^(flowchart TD|  %% .*|  classDef [a-z0-9_]+ [a-z0-9:#,-]+|  linkStyle [0-9,]+ [a-z0-9:#,-]+)$`)
	entity   = regexp.MustCompile(`#([0-9]+|quot|lt|gt);`)
	shapes   = map[string]string{"(((": ")))", "((": "))", "([": "])", "[[": "]]", "[/": "/]", "[": "]", "{{": "}}", "{": "}", "(": ")"}
)

// mermaidEdge is one drawn edge; label is decoded to plain text.
type mermaidEdge struct{ from, to, label string }

type parsed struct {
	nodes   map[string]string // id → label (decoded)
	classes map[string]string // id → class
	edges   []mermaidEdge
	dotted  []int // indices of -.-> edges
	styled  []int // indices linkStyle colours
}

// parseGraph checks every line of a graph against the Mermaid flowchart
// syntax Graph writes, and every label against the characters Mermaid
// rejects or reads as syntax inside a quoted label.
func parseGraph(t *testing.T, out string) parsed {
	t.Helper()
	p := parsed{nodes: map[string]string{}, classes: map[string]string{}}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if lines[0] != "flowchart TD" {
		t.Fatalf("first line %q, want flowchart TD", lines[0])
	}
	for i, l := range lines {
		if m := nodeLine.FindStringSubmatch(l); m != nil {
			if shapes[m[2]] != m[4] {
				t.Errorf("line %d: shape opens %s but closes %s: %s", i+1, m[2], m[4], l)
			}
			if _, dup := p.nodes[m[1]]; dup {
				t.Errorf("line %d: node %s defined twice", i+1, m[1])
			}
			p.nodes[m[1]], p.classes[m[1]] = checkLabel(t, i+1, m[3]), m[5]
			if !strings.Contains(out, "  classDef "+m[5]+" ") {
				t.Errorf("line %d: class %s has no classDef", i+1, m[5])
			}
			continue
		}
		if m := edgeLine.FindStringSubmatch(l); m != nil {
			if m[2] == "-.->" {
				p.dotted = append(p.dotted, len(p.edges))
			}
			p.edges = append(p.edges, mermaidEdge{m[1], m[4], checkLabel(t, i+1, m[3])})
			continue
		}
		if !otherOK.MatchString(l) {
			t.Errorf("line %d is not Mermaid as Graph writes it: %q", i+1, l)
			continue
		}
		if rest, ok := strings.CutPrefix(l, "  linkStyle "); ok {
			for _, n := range strings.Split(strings.Fields(rest)[0], ",") {
				edge, err := strconv.Atoi(n)
				if err != nil {
					t.Errorf("line %d: linkStyle of edge %q", i+1, n)
				}
				p.styled = append(p.styled, edge)
			}
		}
	}
	for _, e := range p.edges {
		for _, id := range []string{e.from, e.to} {
			if _, ok := p.nodes[id]; !ok {
				t.Errorf("edge %s --> %s: node %s is not defined", e.from, e.to, id)
			}
		}
	}
	return p
}

// checkLabel fails on characters a quoted Mermaid label must not hold and
// returns the label as Mermaid shows it, line breaks as newlines.
func checkLabel(t *testing.T, line int, label string) string {
	t.Helper()
	plain := strings.ReplaceAll(label, "<br/>", "")
	if i := strings.IndexAny(plain, "\"<>[](){}|`\n\r\t"); i >= 0 {
		t.Errorf("line %d: label holds %q unescaped: %s", line, plain[i], label)
	}
	if strings.Count(plain, "#") != len(entity.FindAllString(plain, -1)) {
		t.Errorf("line %d: label holds a # that does not start an entity code: %s", line, label)
	}
	if strings.TrimSpace(plain) == "" && label != "" {
		t.Errorf("line %d: blank label", line)
	}
	decoded := entity.ReplaceAllStringFunc(label, func(e string) string {
		switch code := e[1 : len(e)-1]; code {
		case "quot":
			return `"`
		case "lt":
			return "<"
		case "gt":
			return ">"
		default:
			n, err := strconv.Atoi(code)
			if err != nil {
				t.Errorf("line %d: entity %s is neither named nor a number", line, e)
			}
			return string(rune(n))
		}
	})
	return strings.ReplaceAll(decoded, "<br/>", "\n")
}

// stepNode is the node id Graph gives a step, and target the node a next:
// value leads to; the test needs them to compare edges.
func stepNode(id string) string { return "s_" + id }

func targetNode(t string) string {
	switch {
	case t == "":
		return "done"
	case strings.HasPrefix(t, "@"):
		return "flow_" + t[1:]
	case strings.HasPrefix(t, "/"):
		return "cmd_" + t[1:]
	default:
		return stepNode(t)
	}
}

// endsFlow reports whether the engine can end the flow after step s: a
// step that is not a question ends it when it has no next (a branch only
// when its last arm has a condition), a button with no next and a step
// with none end it too.
func endsFlow(s *flows.Step) bool {
	switch {
	case s.Ask != "":
		for _, ch := range s.Choices {
			if ch.Next == "" && s.Next == "" {
				return true
			}
		}
		return false
	case len(s.Branch) > 0:
		return len(s.Branch[len(s.Branch)-1].If) > 0 && s.Next == ""
	default:
		return s.Next == ""
	}
}

type pair struct{ from, to string }

// expectedEdges derives every edge of flow f from its structure: the start,
// every next: value of every step (flows.Targets: choices, branch arms,
// action outcomes and the step's own next), and the end where a step can
// end the flow.
func expectedEdges(f *flows.Flow) map[pair]bool {
	want := map[pair]bool{{"start", stepNode(f.Start)}: true}
	for _, id := range f.Order {
		s := f.Steps[id]
		for _, t := range flows.Targets(s) {
			want[pair{stepNode(id), targetNode(t)}] = true
		}
		if endsFlow(s) {
			want[pair{stepNode(id), "done"}] = true
		}
	}
	return want
}

// plainText is a message as a graph may show it: tags gone, entities
// decoded, one space between words.
func plainText(text string) string {
	text = regexp.MustCompile(`<[^>]*>`).ReplaceAllString(text, "")
	return strings.Join(strings.Fields(html.UnescapeString(text)), " ")
}

// shownFrom reports whether label is message text, possibly shortened: its
// words, without a final "…", begin the text (or, when Graph joined a
// heading and a question with " … ", begin and end it).
func shownFrom(label, text string) bool {
	text = plainText(text)
	head, tail, joined := strings.Cut(strings.TrimSuffix(label, "…"), " … ")
	head = strings.TrimSuffix(head, "…")
	return label != "" && strings.HasPrefix(text, head) && (!joined || strings.HasSuffix(text, tail))
}

func TestGraphDrawsEveryEdgeOfEveryFlow(t *testing.T) {
	set := flows.MustLoadEmbedded()
	text := localeTexts(t)
	for _, id := range set.FlowOrder {
		f := set.Flows[id]
		for _, lang := range flows.GraphLanguages() {
			t.Run(id+"/"+lang, func(t *testing.T) {
				p := parseGraph(t, graph(t, set, id, lang, text))
				got := map[pair]bool{}
				for _, e := range p.edges {
					got[pair{e.from, e.to}] = true
				}
				want := expectedEdges(f)
				for e := range want {
					if !got[e] {
						t.Errorf("edge %s --> %s is missing", e.from, e.to)
					}
				}
				for e := range got {
					if !want[e] {
						t.Errorf("edge %s --> %s is not in the flow", e.from, e.to)
					}
				}
				checkChoiceEdges(t, f, p, lang, text)
			})
		}
	}
}

// checkChoiceEdges wants one edge per button, labelled with the button's
// text, leading where the button leads.
func checkChoiceEdges(t *testing.T, f *flows.Flow, p parsed, lang string, text func(lang, id string) string) {
	t.Helper()
	for _, id := range f.Order {
		s := f.Steps[id]
		for _, ch := range s.Choices {
			to := ch.Next
			if to == "" {
				to = s.Next
			}
			if !slices.ContainsFunc(p.edges, func(e mermaidEdge) bool {
				return e.from == stepNode(id) && e.to == targetNode(to) && shownFrom(e.label, text(lang, ch.Label))
			}) {
				t.Errorf("no edge %s --> %s labelled with the text of %s (%q)", stepNode(id), targetNode(to), ch.Label, plainText(text(lang, ch.Label)))
			}
		}
	}
}

// The four edges an earlier graph dropped: the normal next of the pickers
// that also offer buttons, and the end after the booking action.
func TestGraphBookingKeepsPickerAndActionNexts(t *testing.T) {
	set := flows.MustLoadEmbedded()
	p := parseGraph(t, graph(t, set, "booking", "vi", localeTexts(t)))
	for _, want := range []pair{{"s_point", "s_day"}, {"s_day", "s_time"}, {"s_time", "s_consent"}, {"s_book", "done"}} {
		if !slices.ContainsFunc(p.edges, func(e mermaidEdge) bool { return e.from == want.from && e.to == want.to }) {
			t.Errorf("edge %s --> %s is missing", want.from, want.to)
		}
	}
}

// messageIDs lists every message id flow f shows.
func messageIDs(set *flows.Set, f *flows.Flow) []string {
	var ids []string
	for _, id := range f.Order {
		s := f.Steps[id]
		ids = append(ids, s.Say...)
		ids = append(ids, s.Ask)
		for _, ch := range s.Choices {
			ids = append(ids, ch.Label)
		}
		if s.Input != nil {
			ids = append(ids, s.Input.Invalid, s.Input.Skip)
		}
		if v := s.Verdict; v != nil {
			ids = append(ids, v.Text, v.LegalRef)
			if cl, ok := set.Checklists[v.Checklist]; ok {
				ids = append(ids, cl.Title)
			}
		}
		if cl, ok := set.Checklists[s.Checklist]; ok {
			ids = append(ids, cl.Title)
		}
	}
	return slices.DeleteFunc(ids, func(id string) bool { return id == "" })
}

func TestGraphLabelsAreTextNotIDs(t *testing.T) {
	set := flows.MustLoadEmbedded()
	text := localeTexts(t)
	for _, id := range set.FlowOrder {
		f := set.Flows[id]
		for _, lang := range flows.GraphLanguages() {
			p := parseGraph(t, graph(t, set, id, lang, text))
			var labels []string
			for _, l := range p.nodes {
				labels = append(labels, l)
			}
			for _, e := range p.edges {
				labels = append(labels, e.label)
			}
			all := strings.Join(labels, "\n")
			for _, mid := range messageIDs(set, f) {
				if strings.Contains(all, mid) {
					t.Errorf("%s/%s: a label shows the message id %q", id, lang, mid)
				}
			}
			for _, sid := range f.Order {
				s := f.Steps[sid]
				if s.Ask == "" {
					continue
				}
				lines := strings.Split(p.nodes[stepNode(sid)], "\n")
				if q := lines[len(lines)-1]; !shownFrom(q, text(lang, s.Ask)) {
					t.Errorf("%s/%s: node %s shows %q, not the question %q", id, lang, sid, q, plainText(text(lang, s.Ask)))
				}
			}
		}
	}
}

// TestGraphEscapesEveryLabel draws every real flow with messages made of
// the characters Mermaid reads as syntax, HTML and newlines.
func TestGraphEscapesEveryLabel(t *testing.T) {
	set := flows.MustLoadEmbedded()
	for _, id := range set.FlowOrder {
		out := graph(t, set, id, "en", hostileText)
		parseGraph(t, out)
		if strings.Contains(out, "<b>") || strings.Contains(out, "&amp;") {
			t.Errorf("%s: HTML left in the graph:\n%s", id, out)
		}
	}
}

const graphFlow = `flow: g
start: begin
steps:
  begin:
    action: known
    on: {full: ask, gone: check}
    next: ask
  ask:
    say: [s.hello]
    ask: q.who
    save: who
    choices:
      - {id: self, label: l.self}
      - {id: other, label: l.other, next: "@h"}
    next: check
  check:
    branch:
      - {if: {who: self, preset: "yes"}, next: yes}
      - {if: {who: self}, next: pick}
    next: name
  pick:
    ask: q.day
    pick: days
    save: day
    choices:
      - {id: back, label: l.back, next: ask}
    next: name
  name:
    ask: q.name
    save: name
    input: {kind: name, invalid: e.name, skip: l.skip}
    next: list
  list:
    checklist: C1
    next: /menu
  yes:
    verdict: {outcome: not_eligible, text: v.no, legal_ref: legal.x, days: 3, days_max: 7, checklist: C1, source: "https://x", checked_on: "2026-01-01"}
checklists:
  C1:
    title: cl.title
    items: [cl.item]
`

const otherFlow = `flow: h
start: a
steps:
  a:
    say: [s.h]
`

// words is a catalogue that shows each id as capitalised words: q.who
// becomes "Q WHO".
func words(lang, id string) string {
	return lang + ": " + strings.ToUpper(strings.NewReplacer(".", " ", "_", " ").Replace(id))
}

func TestGraphShowsTheFlowInWords(t *testing.T) {
	set, probs := flows.Load(fstest.MapFS{"g.yaml": {Data: []byte(graphFlow)}, "h.yaml": {Data: []byte(otherFlow)}})
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	out := graph(t, set, "g", "en", words)
	p := parseGraph(t, out)
	for _, want := range []mermaidEdge{
		{"start", "s_begin", ""},
		{"s_begin", "s_ask", "⚠ full"},
		{"s_begin", "s_check", "⚠ gone"},
		{"s_begin", "s_ask", "Otherwise"},
		{"s_ask", "s_check", "en: L SELF"},
		{"s_ask", "flow_h", "en: L OTHER"},
		{"s_check", "s_yes", "en: L SELF and preset = yes"},
		{"s_check", "s_pick", "en: L SELF"},
		{"s_check", "s_name", "Otherwise"},
		{"s_pick", "s_ask", "en: L BACK"},
		{"s_pick", "s_name", "👆 Picked from the list"},
		{"s_name", "s_list", "✍ Typed answer"},
		{"s_name", "s_list", "en: L SKIP"},
		{"s_list", "cmd_menu", ""},
		{"s_yes", "done", ""},
	} {
		if !slices.Contains(p.edges, want) {
			t.Errorf("no edge %+v in:\n%s", want, out)
		}
	}
	if len(p.edges) != 15 {
		t.Errorf("%d edges, want 15:\n%s", len(p.edges), out)
	}
	for node, want := range map[string]string{
		"s_begin":  "⚙ The bot acts: known",
		"s_ask":    "en: S HELLO\nen: Q WHO",
		"s_check":  "Look at the answers:\nen: Q WHO",
		"s_yes":    "⛔ Not eligible\nen: V NO\n⏱ 3–7 working days\n📋 en: CL TITLE\n📜 en: LEGAL X",
		"s_list":   "📋 en: CL TITLE",
		"flow_h":   "↪ Go to: en: L OTHER",
		"cmd_menu": "⌨ Command /menu",
		"start":    "Start",
		"done":     "End",
	} {
		if got := p.nodes[node]; got != want {
			t.Errorf("node %s shows %q, want %q", node, got, want)
		}
	}
	for node, class := range map[string]string{"s_begin": "action", "s_ask": "ask", "s_check": "branch", "s_pick": "pick",
		"s_name": "ask", "s_list": "checklist", "s_yes": "not_eligible", "flow_h": "flow", "cmd_menu": "command", "done": "terminal"} {
		if p.classes[node] != class {
			t.Errorf("node %s has class %q, want %q", node, p.classes[node], class)
		}
	}
	if !slices.Equal(p.dotted, []int{1, 2}) || !slices.Equal(p.styled, p.dotted) {
		t.Errorf("outcome edges are %v, coloured %v; want [1 2] both:\n%s", p.dotted, p.styled, out)
	}
}

func TestGraphShortensText(t *testing.T) {
	set, probs := flows.Load(fstest.MapFS{"h.yaml": {Data: []byte(otherFlow)}})
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	for _, tc := range []struct{ text, want string }{
		{"<b>Hello</b>   world", "Hello world"},
		{"Tom &amp; Jerry &lt;3", "Tom & Jerry <3"},
		{"<b>Heading</b>\n<i>a note</i>\nDo you agree?", "Heading … Do you agree?"},
		{"Is it so?\nMore words.", "Is it so?"},
		{strings.Repeat("word ", 40), strings.TrimSpace(strings.Repeat("word ", 17)) + "…"},
		{strings.Repeat("字", 100), strings.Repeat("字", 89) + "…"},
	} {
		p := parseGraph(t, graph(t, set, "h", "vi", func(_, _ string) string { return tc.text }))
		if got := p.nodes["s_a"]; got != tc.want {
			t.Errorf("%q shows as %q, want %q", tc.text, got, tc.want)
		}
	}
}

func TestGraphErrors(t *testing.T) {
	set := flows.MustLoadEmbedded()
	for _, tc := range []struct {
		flow string
		o    flows.GraphOptions
		want string
	}{
		{"booking", flows.GraphOptions{Lang: "fr", Text: words}, `unknown language "fr" (have vi, en, zh, ko)`},
		{"booking", flows.GraphOptions{Lang: "", Text: words}, `unknown language ""`},
		{"booking", flows.GraphOptions{Lang: "vi"}, `no message catalogue`},
		{"nope", flows.GraphOptions{Lang: "vi", Text: words}, `no flow "nope"`},
	} {
		var b strings.Builder
		err := flows.Graph(&b, set, tc.flow, tc.o)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s %+v: error %v, want %q", tc.flow, tc.o.Lang, err, tc.want)
		}
		if b.Len() > 0 {
			t.Errorf("%s: wrote %q before failing", tc.flow, b.String())
		}
	}
}

func ExampleGraph() {
	set, err := flows.Load(fstest.MapFS{"h.yaml": {Data: []byte(otherFlow)}})
	if err != nil {
		fmt.Println(err)
		return
	}
	var b strings.Builder
	if err := flows.Graph(&b, set, "h", flows.GraphOptions{Lang: "en", Text: func(_, _ string) string { return `Say "hi" (<b>now</b>)` }}); err != nil {
		fmt.Println(err)
		return
	}
	for _, l := range strings.Split(b.String(), "\n") {
		if !strings.Contains(l, "classDef") {
			fmt.Println(l)
		}
	}
	// Output:
	// flowchart TD
	//   %% flow h (h.yaml), language en
	//   start(("Start")):::terminal
	//   s_a("Say #quot;hi#quot; #40;now#41;"):::say
	//   done((("End"))):::terminal
	//   start --> s_a
	//   s_a --> done
}
