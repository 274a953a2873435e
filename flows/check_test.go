package flows_test

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/eidbot/eidbot/flows"
)

// mapCatalog is a catalogue given as lang → id → placeholders.
type mapCatalog map[string]map[string][]string

func (m mapCatalog) Languages() []string { return []string{"vi", "en"} }

func (m mapCatalog) Placeholders(lang, id string) ([]string, bool) {
	p, ok := m[lang][id]
	return p, ok
}

// fullCatalog knows every id in both languages without placeholders.
type fullCatalog struct{}

func (fullCatalog) Languages() []string                       { return []string{"vi", "en"} }
func (fullCatalog) Placeholders(_, _ string) ([]string, bool) { return nil, true }

var opts = flows.CheckOptions{Actions: []string{"known"}, Commands: []string{"menu"}, Params: []string{"Name"}}

func check(t *testing.T, cat flows.Catalog, files map[string]string) []string {
	t.Helper()
	fsys := fstest.MapFS{}
	for name, body := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(body)}
	}
	set, probs := flows.Load(fsys)
	if len(probs) == 0 {
		probs = flows.Check(set, cat, opts)
	}
	out := make([]string, len(probs))
	for i, p := range probs {
		out[i] = p.String()
	}
	return out
}

const good = `flow: f
start: a
steps:
  a:
    ask: q.a
    save: x
    choices:
      - {id: one, label: l.one, next: b}
      - {id: two, label: l.two, next: "@f"}
  b:
    say: [s.b]
    next: /menu
`

func TestGoodFlowHasNoProblems(t *testing.T) {
	if p := check(t, fullCatalog{}, map[string]string{"f.yaml": good}); len(p) != 0 {
		t.Fatalf("problems: %v", p)
	}
}

func TestCheckFindsEachKindOfProblem(t *testing.T) {
	for _, tc := range []struct {
		name, yaml, want string
	}{
		{"unknown step", strings.Replace(good, "next: b", "next: nowhere", 1), `f.yaml:8: unknown step "nowhere"`},
		{"unknown flow", strings.Replace(good, `"@f"`, `"@g"`, 1), `f.yaml:9: unknown flow "@g"`},
		{"unknown command", strings.Replace(good, "/menu", "/launch", 1), `f.yaml:10: unknown command "/launch"`},
		{"unreachable", good + "  c:\n    say: [s.c]\n", `f.yaml:13: step "c" is unreachable`},
		{"unknown action", good + "  c:\n    action: nope\n", `unknown action "nope"`},
		{"bad start", strings.Replace(good, "start: a", "start: z", 1), `start step "z" does not exist`},
		{"unknown key", strings.Replace(good, "save: x", "sav: x", 1), `f.yaml:6: unknown key "sav"`},
		{"mixed step", strings.Replace(good, "save: x", "save: x\n    action: known", 1), `mixes ask, branch`},
		{"duplicate choice", strings.Replace(good, "id: two", "id: one", 1), `f.yaml:9: choice "one" appears twice`},
		{"bad id", strings.Replace(good, "id: two", "id: Two|x", 1), `choice id "Two|x" must match`},
		{"long callback", strings.Replace(good, "id: two", "id: "+strings.Repeat("x", 60), 1), `callback data is 66 bytes`},
		{"input without save", "flow: f\nstart: a\nsteps:\n  a:\n    ask: q\n    input: {kind: email, invalid: e}\n    next: a\n", `needs save:`},
		{"input kind", "flow: f\nstart: a\nsteps:\n  a:\n    ask: q\n    save: x\n    input: {kind: dob, invalid: e}\n    next: a\n", `input kind "dob"`},
		{"branch without fallback", "flow: f\nstart: a\nsteps:\n  a:\n    branch:\n      - if: {x: y}\n        next: b\n  b:\n    say: [s]\n", `branch has no fallback`},
		{"else not last", "flow: f\nstart: a\nsteps:\n  a:\n    branch:\n      - next: b\n      - if: {x: y}\n        next: b\n  b:\n    say: [s]\n", `must come last`},
		{"verdict incomplete", "flow: f\nstart: a\nsteps:\n  a:\n    verdict: {outcome: maybe, text: t, checked_on: 22/11/2026, source: http://x}\n", `outcome "maybe"`},
		{"long verdict step", "flow: f\nstart: " + strings.Repeat("v", 61) + "\nsteps:\n  " + strings.Repeat("v", 61) +
			":\n    verdict: {outcome: uncertain, text: t, legal_ref: l, checked_on: 2026-11-22, source: https://x}\n", `legal-basis button's data is 65 bytes`},
		{"yaml syntax", "flow: f\nsteps: [\n", `f.yaml`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			probs := check(t, fullCatalog{}, map[string]string{"f.yaml": tc.yaml})
			if !strings.Contains(strings.Join(probs, "\n"), tc.want) {
				t.Fatalf("want a problem containing %q, got:\n%s", tc.want, strings.Join(probs, "\n"))
			}
		})
	}
}

func TestVerdictRules(t *testing.T) {
	y := "flow: f\nstart: a\nsteps:\n  a:\n    verdict: {outcome: maybe, text: t, checked_on: 22/11/2026, source: http://x, days: 7, days_max: 3, checklist: C9}\n"
	got := strings.Join(check(t, fullCatalog{}, map[string]string{"f.yaml": y}), "\n")
	for _, want := range []string{`outcome "maybe"`, `verdict needs legal_ref`, `checked_on "22/11/2026"`, `must be an https:// URL`, `days 7 / days_max 3`, `unknown checklist "C9"`} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in:\n%s", want, got)
		}
	}
}

func TestMessagesAcrossLocales(t *testing.T) {
	cat := mapCatalog{
		"vi": {"q.a": {"Name"}, "l.one": nil, "l.two": {"Count"}, "s.b": {"Secret"}},
		"en": {"q.a": {"Day"}, "l.one": nil, "l.two": {"Count"}},
	}
	got := strings.Join(check(t, cat, map[string]string{"f.yaml": good}), "\n")
	for _, want := range []string{
		`message "q.a": placeholders [Day] in en differ from [Name] in vi`,
		`button label "l.two" must not use placeholder {{.Count}}`,
		`message "s.b" is missing in locale en`,
		`message "s.b" uses {{.Secret}}, which flows do not provide`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in:\n%s", want, got)
		}
	}
}

func TestPickAndOutcomes(t *testing.T) {
	opts := opts
	opts.Pickers = []string{"days"}
	y := `flow: f
start: a
steps:
  a:
    action: known
    on: {full: b, gone: nowhere}
    next: b
  b:
    ask: q
    pick: days
    save: day
    choices:
      - {id: other, label: l, next: a}
    next: c
  c:
    ask: q
    pick: hours
  d:
    say: [s]
    on: {x: a}
`
	fsys := fstest.MapFS{"f.yaml": {Data: []byte(y)}}
	set, probs := flows.Load(fsys)
	if len(probs) == 0 {
		probs = flows.Check(set, fullCatalog{}, opts)
	}
	var got []string
	for _, p := range probs {
		got = append(got, p.String())
	}
	all := strings.Join(got, "\n")
	for _, want := range []string{`unknown step "nowhere"`, `unknown picker "hours"`, `step "c": a pick needs save: and next:`,
		`step "d": on: maps the outcomes of an action`} {
		if !strings.Contains(all, want) {
			t.Errorf("missing %q in:\n%s", want, all)
		}
	}
	if strings.Contains(all, `step "b"`) {
		t.Errorf("step b is valid:\n%s", all)
	}
}

// langCatalog is a catalogue in four languages given as lang → id →
// placeholders; an id absent from a language is missing there.
type langCatalog map[string]map[string][]string

func (langCatalog) Languages() []string { return []string{"vi", "en", "zh", "ko"} }

func (m langCatalog) Placeholders(lang, id string) ([]string, bool) {
	p, ok := m[lang][id]
	return p, ok
}

// TestPlaceholderMismatch compares every language's placeholders of one
// message (s.b of the good flow) and expects the problem to name the
// language that differs from the others. A message without placeholders
// reports nil, as the real catalogue does.
func TestPlaceholderMismatch(t *testing.T) {
	ps := func(names ...string) []string { return names }
	var none []string
	missing := []string{"(missing)"}
	for _, tc := range []struct {
		name           string
		vi, en, zh, ko []string // none or missing, or the placeholders
		want           []string // problems about s.b, in order
	}{
		{name: "all equal", vi: ps("Name"), en: ps("Name"), zh: ps("Name"), ko: ps("Name")},
		{name: "all without", vi: none, en: none, zh: none, ko: none},
		{name: "first has none, one other has one", vi: none, en: ps("Name"), zh: none, ko: none,
			want: []string{`message "s.b": placeholders [Name] in en differ from [] in vi, zh, ko`}},
		{name: "first has none, all others have one", vi: none, en: ps("Name"), zh: ps("Name"), ko: ps("Name"),
			want: []string{`message "s.b": placeholders [] in vi differ from [Name] in en, zh, ko`}},
		{name: "first has none, last has one", vi: none, en: none, zh: none, ko: ps("Name"),
			want: []string{`message "s.b": placeholders [Name] in ko differ from [] in vi, en, zh`}},
		{name: "third differs", vi: ps("Name"), en: ps("Name"), zh: ps("Day"), ko: ps("Name"),
			want: []string{`message "s.b": placeholders [Day] in zh differ from [Name] in vi, en, ko`}},
		{name: "second differs", vi: ps("Name"), en: ps("Day"), zh: ps("Name"), ko: ps("Name"),
			want: []string{`message "s.b": placeholders [Day] in en differ from [Name] in vi, zh, ko`}},
		{name: "order does not matter", vi: ps("Name", "Day"), en: ps("Day", "Name"), zh: ps("Name", "Day"), ko: ps("Day", "Name")},
		{name: "an extra one", vi: ps("Name"), en: ps("Name"), zh: ps("Name"), ko: ps("Name", "Day"),
			want: []string{`message "s.b": placeholders [Day Name] in ko differ from [Name] in vi, en, zh`}},
		{name: "tie: the first language is the reference", vi: ps("Name"), en: none, zh: ps("Name"), ko: none,
			want: []string{
				`message "s.b": placeholders [] in en differ from [Name] in vi, zh`,
				`message "s.b": placeholders [] in ko differ from [Name] in vi, zh`,
			}},
		{name: "missing first language", vi: missing, en: none, zh: ps("Name"), ko: none,
			want: []string{
				`message "s.b" is missing in locale vi`,
				`message "s.b": placeholders [Name] in zh differ from [] in en, ko`,
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cat := langCatalog{}
			for lang, names := range map[string][]string{"vi": tc.vi, "en": tc.en, "zh": tc.zh, "ko": tc.ko} {
				cat[lang] = map[string][]string{"q.a": nil, "l.one": nil, "l.two": nil}
				if !slices.Equal(names, missing) {
					cat[lang]["s.b"] = names
				}
			}
			var got []string
			for _, p := range check(t, cat, map[string]string{"f.yaml": good}) {
				if _, msg, _ := strings.Cut(p, ": "); strings.Contains(msg, `"s.b"`) && !strings.Contains(msg, "which flows do not provide") {
					got = append(got, msg)
				}
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

// TestPlaceholderRulesSeeEveryLanguage: a placeholder only some languages
// use must still be checked against the flow params and button labels.
func TestPlaceholderRulesSeeEveryLanguage(t *testing.T) {
	cat := langCatalog{}
	for _, lang := range []string{"vi", "en", "zh", "ko"} {
		cat[lang] = map[string][]string{"q.a": nil, "l.one": nil, "l.two": nil, "s.b": nil}
	}
	cat["ko"]["l.one"] = []string{"Count"}
	cat["zh"]["s.b"] = []string{"Secret"}
	got := strings.Join(check(t, cat, map[string]string{"f.yaml": good}), "\n")
	for _, want := range []string{
		`button label "l.one" must not use placeholder {{.Count}}`,
		`message "s.b" uses {{.Secret}}, which flows do not provide`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in:\n%s", want, got)
		}
	}
}

// TestUncertainVerdictAndLatinName: a verdict may be "uncertain" (a rule
// that may have changed) and a name may be asked in Latin letters.
func TestUncertainVerdictAndLatinName(t *testing.T) {
	y := `flow: f
start: a
steps:
  a:
    ask: q
    save: name
    input: {kind: latin_name, max: 80, invalid: bad}
    next: b
  b:
    verdict: {outcome: uncertain, text: t, legal_ref: l, checked_on: "2026-11-22", source: "https://x"}
`
	if probs := check(t, fullCatalog{}, map[string]string{"f.yaml": y}); len(probs) > 0 {
		t.Fatalf("valid flow refused:\n%s", strings.Join(probs, "\n"))
	}
}
