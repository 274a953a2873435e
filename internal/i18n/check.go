package i18n

import (
	"fmt"
	"slices"
	"sort"
	"text/template/parse"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/flows"
	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
)

// pluralForms are the CLDR plural categories each language uses, as
// go-i18n v2.7 applies them: Vietnamese has "one" for 1 and "other".
var pluralForms = map[bot.Lang][]string{
	bot.Vietnamese: {"one", "other"},
	bot.English:    {"one", "other"},
	bot.Chinese:    {"other"},
	bot.Korean:     {"other"},
}

// layouts are messages that arrange the same data differently per language
// (a date is "thứ Ba, ngày 24/11/2026" but "2026년 11월 24일(화)"), so their
// placeholder sets may differ. Tests check their rendering instead.
var layouts = map[string]bool{"date.format": true, "date.short": true, "date.plain": true}

// problem is a defect of message id in a locale file. go-i18n does not
// say on which line a message is, so the problem names the message.
func problem(file, id, msg string) flows.Problem {
	return flows.Problem{File: file, Msg: id + ": " + msg}
}

// Check compares the languages with each other: every language must have the
// same keys, each message the same placeholders in every language and in
// every plural form, and plural messages exactly the forms the language uses.
func (c *Catalog) Check() []flows.Problem {
	var probs []flows.Problem
	ref := bot.Languages[0]
	all := map[string]bool{}
	for _, lang := range bot.Languages {
		for id := range c.messages[lang] {
			all[id] = true
		}
	}
	ids := make([]string, 0, len(all))
	for id := range all {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		var refNames []string
		for _, lang := range bot.Languages {
			m, ok := c.messages[lang][id]
			if !ok {
				probs = append(probs, problem(c.files[lang], id, "missing (present in another language)"))
				continue
			}
			probs = append(probs, c.checkPlural(lang, m)...)
			names, err := placeholders(m)
			if err != nil {
				probs = append(probs, problem(c.files[lang], id, err.Error()))
				continue
			}
			if layouts[id] {
				continue // a layout: each language picks the fields it writes
			}
			if lang == ref || refNames == nil {
				refNames = names
			} else if !slices.Equal(names, refNames) {
				probs = append(probs, problem(c.files[lang], id, fmt.Sprintf("placeholders %v differ from %v in %s", names, refNames, ref)))
			}
		}
	}
	return probs
}

// checkPlural requires a plural message (one using {{.Count}}) to carry
// exactly the forms its language uses: go-i18n fails on a missing form.
func (c *Catalog) checkPlural(lang bot.Lang, m *goi18n.Message) []flows.Problem {
	forms := presentForms(m)
	if len(forms) == 1 && forms[0] == "other" && !isPlural(m) {
		return nil
	}
	want := pluralForms[lang]
	if !slices.Equal(forms, want) {
		return []flows.Problem{problem(c.files[lang], m.ID, fmt.Sprintf("plural forms %v; %s needs exactly %v", forms, lang, want))}
	}
	return nil
}

// isPlural reports whether m is rendered with a count: it has plural forms
// or uses {{.Count}}. go-i18n then needs the language's every form.
func isPlural(m *goi18n.Message) bool {
	if len(presentForms(m)) > 1 {
		return true
	}
	names, _ := placeholders(m)
	return slices.Contains(names, "Count")
}

// presentForms lists the plural categories m defines, in CLDR order.
func presentForms(m *goi18n.Message) []string {
	var forms []string
	for _, f := range []struct {
		name, text string
	}{{"zero", m.Zero}, {"one", m.One}, {"two", m.Two}, {"few", m.Few}, {"many", m.Many}, {"other", m.Other}} {
		if f.text != "" {
			forms = append(forms, f.name)
		}
	}
	return forms
}

// placeholders parses every form of m and returns the sorted, distinct
// template fields it uses. All forms must use the same fields, except that a
// plural form may leave out .Count (e.g. "one" says "a day").
func placeholders(m *goi18n.Message) ([]string, error) {
	var union []string
	for _, text := range []string{m.Zero, m.One, m.Two, m.Few, m.Many, m.Other} {
		if text == "" {
			continue
		}
		names, err := fields(text)
		if err != nil {
			return nil, fmt.Errorf("template: %v", err)
		}
		for _, n := range names {
			if !slices.Contains(union, n) {
				union = append(union, n)
			}
		}
	}
	sort.Strings(union)
	return union, nil
}

// fields returns the top-level field names ({{.Name}}) of a template.
func fields(text string) ([]string, error) {
	trees, err := parse.Parse("m", text, "", "", map[string]any{})
	if err != nil {
		return nil, err
	}
	var names []string
	var walk func(parse.Node)
	walk = func(n parse.Node) {
		switch n := n.(type) {
		case *parse.ListNode:
			if n != nil {
				for _, c := range n.Nodes {
					walk(c)
				}
			}
		case *parse.ActionNode:
			walk(n.Pipe)
		case *parse.PipeNode:
			for _, c := range n.Cmds {
				walk(c)
			}
		case *parse.CommandNode:
			for _, a := range n.Args {
				walk(a)
			}
		case *parse.FieldNode:
			names = append(names, n.Ident[0])
		case *parse.IfNode:
			walk(n.Pipe)
			walk(n.List)
			walk(n.ElseList)
		}
	}
	for _, t := range trees {
		walk(t.Root)
	}
	return names, nil
}
