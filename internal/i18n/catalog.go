// Package i18n is eidbot's Translator over the locale files, and the only
// importer of nicksnyder/go-i18n. It loads every file once at startup and
// never changes the bundle afterwards, so it is safe for concurrent use.
package i18n

import (
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"time"

	"github.com/eidbot/eidbot/bot"
	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
	"gopkg.in/yaml.v3"
)

// Catalog holds every message of every language. It implements
// bot.Translator and flows.Catalog.
type Catalog struct {
	bundle     *goi18n.Bundle
	localizers map[bot.Lang]*goi18n.Localizer
	messages   map[bot.Lang]map[string]*goi18n.Message
	files      map[bot.Lang]string
	plural     map[bot.Lang]map[string]bool   // messages rendered with a count
	static     map[bot.Lang]map[string]string // messages without template actions
}

// Load reads one <lang>.yaml file per supported language from fsys.
func Load(fsys fs.FS) (*Catalog, error) {
	c := &Catalog{
		bundle:     goi18n.NewBundle(language.Vietnamese),
		localizers: map[bot.Lang]*goi18n.Localizer{},
		messages:   map[bot.Lang]map[string]*goi18n.Message{},
		files:      map[bot.Lang]string{},
		plural:     map[bot.Lang]map[string]bool{},
		static:     map[bot.Lang]map[string]string{},
	}
	c.bundle.RegisterUnmarshalFunc("yaml", yaml.Unmarshal)
	for _, lang := range bot.Languages {
		name := string(lang) + ".yaml"
		f, err := c.bundle.LoadMessageFileFS(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("i18n: %s: %w", name, err)
		}
		msgs := make(map[string]*goi18n.Message, len(f.Messages))
		c.plural[lang], c.static[lang] = map[string]bool{}, map[string]string{}
		for _, m := range f.Messages {
			msgs[m.ID] = m
			c.plural[lang][m.ID] = isPlural(m)
			if presentForms(m)[0] == "other" && !strings.Contains(m.Other, "{{") {
				// Most messages are plain text: serve them without running
				// a template, which is most of the cost of rendering a menu.
				c.static[lang][m.ID] = m.Other
			}
		}
		c.messages[lang] = msgs
		c.files[lang] = path.Base(name)
		// Only the language itself: a missing key must show, not fall back.
		c.localizers[lang] = goi18n.NewLocalizer(c.bundle, string(lang))
	}
	return c, nil
}

// Text renders message id in lang. A "Count" entry in data selects the
// plural form. A missing id renders as the id, which the locale tests forbid.
func (c *Catalog) Text(lang bot.Lang, id string, data map[string]any) string {
	if text, ok := c.static[lang][id]; ok {
		return text
	}
	return c.Render(lang, id, data)
}

// Static returns message id in lang when it has no template fields, as
// Text would render it (bot.StaticTexter).
func (c *Catalog) Static(lang bot.Lang, id string) (string, bool) {
	text, ok := c.static[lang][id]
	return text, ok
}

// Render always renders through go-i18n, without the shortcut Text takes
// for plain messages.
func (c *Catalog) Render(lang bot.Lang, id string, data map[string]any) string {
	loc, ok := c.localizers[lang]
	if !ok {
		loc = c.localizers[bot.Vietnamese]
	}
	cfg := &goi18n.LocalizeConfig{MessageID: id, TemplateData: data}
	if n, ok := data["Count"]; ok && c.plural[lang][id] {
		cfg.PluralCount = n
	}
	s, err := loc.Localize(cfg)
	if err != nil || s == "" {
		return id
	}
	return s
}

// Has reports whether lang has message id.
func (c *Catalog) Has(lang bot.Lang, id string) bool {
	_, ok := c.messages[lang][id]
	return ok
}

// Languages lists the loaded languages, for flows.Catalog.
func (c *Catalog) Languages() []string {
	out := make([]string, 0, len(bot.Languages))
	for _, l := range bot.Languages {
		out = append(out, string(l))
	}
	return out
}

// Placeholders reports the template fields message id uses in lang, for
// flows.Catalog.
func (c *Catalog) Placeholders(lang, id string) ([]string, bool) {
	m, ok := c.messages[bot.Lang(lang)][id]
	if !ok {
		return nil, false
	}
	names, _ := placeholders(m)
	return names, true
}

// IDs returns every message id of lang, sorted.
func (c *Catalog) IDs(lang bot.Lang) []string {
	ids := make([]string, 0, len(c.messages[lang]))
	for id := range c.messages[lang] {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// Date formats day as the language writes a date, e.g. "thứ Hai, ngày
// 23/11/2026" or "2026년 11월 23일(월)", in Asia/Ho_Chi_Minh. The layout and the names
// of weekdays and months come from the locale files (date.*).
func (c *Catalog) Date(lang bot.Lang, t time.Time) string { return c.date(lang, "date.format", t) }

// PlainDate formats day without its weekday, e.g. "22/11/2026" or
// "2026년 11월 22일" (date.plain), for the date a fact was checked.
func (c *Catalog) PlainDate(lang bot.Lang, t time.Time) string { return c.date(lang, "date.plain", t) }

// Day formats day briefly for a button, e.g. "T2 23/11" or "Mon 23 Nov".
func (c *Catalog) Day(lang bot.Lang, t time.Time) string { return c.date(lang, "date.short", t) }

func (c *Catalog) date(lang bot.Lang, layout string, t time.Time) string {
	t = t.In(bot.Vietnam)
	wd := int(t.Weekday())
	data := map[string]any{
		"Weekday":      c.Text(lang, fmt.Sprintf("date.weekday.%d", wd), nil),
		"WeekdayShort": c.Text(lang, fmt.Sprintf("date.weekday_short.%d", wd), nil),
		"MonthName":    c.Text(lang, fmt.Sprintf("date.month.%d", int(t.Month())), nil),
		"Day":          t.Day(),
		"Month":        int(t.Month()),
		"Year":         t.Year(),
		"DD":           fmt.Sprintf("%02d", t.Day()),
		"MM":           fmt.Sprintf("%02d", int(t.Month())),
	}
	return strings.TrimSpace(c.Text(lang, layout, data))
}

// Time formats a clock time (e.g. "07:30") in Asia/Ho_Chi_Minh. Every
// supported language writes times as 24-hour HH:MM in this service.
func (c *Catalog) Time(t time.Time) string { return t.In(bot.Vietnam).Format("15:04") }
