package i18n_test

import (
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/internal/i18n"
	"github.com/eidbot/eidbot/locales"
)

func load(t *testing.T, files map[string]string) *i18n.Catalog {
	t.Helper()
	fsys := fstest.MapFS{}
	for name, body := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(body)}
	}
	c, err := i18n.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestCheckFindsDefects(t *testing.T) {
	c := load(t, map[string]string{
		"vi.yaml": "a: \"A {{.Name}}\"\nb: B\nd:\n  one: \"{{.Count}} ngày\"\n  other: \"{{.Count}} ngày\"\ne:\n  other: \"{{.Count}} ngày\"\n",
		"en.yaml": "a: \"A {{.Nom}}\"\nb: B\nd:\n  one: a day\n  other: \"{{.Count}} days\"\ne:\n  one: a day\n  other: \"{{.Count}} days\"\n",
		"zh.yaml": "a: \"A {{.Name}}\"\nd: \"{{.Count}} 天\"\ne: \"{{.Count}} 天\"\n",
		"ko.yaml": "a: \"A {{.Name}}\"\nb: B\nd:\n  few: \"{{.Count}}\"\n  other: \"{{.Count}}일\"\ne: \"{{.Count}}일\"\n",
	})
	var got []string
	for _, p := range c.Check() {
		got = append(got, p.String())
	}
	all := strings.Join(got, "\n")
	for _, want := range []string{
		"en.yaml: a: placeholders [Nom] differ from [Name] in vi",
		"zh.yaml: b: missing",
		"ko.yaml: d: plural forms [few other]; ko needs exactly [other]",
		"vi.yaml: e: plural forms",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("missing %q in:\n%s", want, all)
		}
	}
	if strings.Contains(all, "en.yaml: d:") {
		t.Errorf("a plural form may leave out {{.Count}}:\n%s", all)
	}
}

func TestEmbeddedLocales(t *testing.T) {
	c, err := i18n.Load(locales.FS())
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range c.Check() {
		t.Error(p)
	}
	for _, lang := range bot.Languages {
		for _, id := range c.IDs(lang) {
			if id == "date.format" || id == "date.short" || id == "date.plain" {
				continue // a layout, rendered by TestDates
			}
			names, ok := c.Placeholders(string(lang), id)
			if !ok {
				t.Errorf("%s %s is listed by IDs but has no placeholders entry", lang, id)
				continue
			}
			for _, n := range []int{0, 1, 2, 7} {
				data := map[string]any{"Count": n}
				for _, name := range names {
					if name != "Count" {
						data[name] = "x"
					}
				}
				if got := c.Text(lang, id, data); got == id || strings.Contains(got, "<no value>") {
					t.Errorf("%s %s (count %d) renders as %q", lang, id, n, got)
				}
			}
		}
	}
}

func TestDates(t *testing.T) {
	c, err := i18n.Load(locales.FS())
	if err != nil {
		t.Fatal(err)
	}
	// 17:30 UTC on Sunday 22 Nov is already Monday 23 Nov in Vietnam.
	day := time.Date(2026, 11, 22, 17, 30, 0, 0, time.UTC)
	for lang, want := range map[bot.Lang]string{
		bot.Vietnamese: "thứ Hai, ngày 23/11/2026",
		bot.English:    "Monday 23 Nov 2026",
		bot.Chinese:    "2026年11月23日（星期一）",
		bot.Korean:     "2026년 11월 23일(월)",
	} {
		if got := c.Date(lang, day); got != want {
			t.Errorf("%s: %q, want %q", lang, got, want)
		}
	}
	for lang, want := range map[bot.Lang]string{
		bot.Vietnamese: "T2 23/11",
		bot.English:    "Mon 23 Nov",
		bot.Chinese:    "11月23日 周一",
		bot.Korean:     "11월 23일(월)",
	} {
		if got := c.Day(lang, day); got != want {
			t.Errorf("short %s: %q, want %q", lang, got, want)
		}
	}
	if got := c.Date(bot.Vietnamese, time.Date(2026, 1, 4, 3, 0, 0, 0, time.UTC)); got != "Chủ nhật, ngày 04/01/2026" {
		t.Errorf("vi zero padding: %q", got)
	}
}

// TestPlainDates: the date a fact was checked has no weekday, and is read
// in Vietnam (17:00 UTC on 21 Nov is 22 Nov there).
func TestPlainDates(t *testing.T) {
	c, err := i18n.Load(locales.FS())
	if err != nil {
		t.Fatal(err)
	}
	day := time.Date(2026, 11, 21, 17, 0, 0, 0, time.UTC)
	for lang, want := range map[bot.Lang]string{
		bot.Vietnamese: "22/11/2026",
		bot.English:    "22 Nov 2026",
		bot.Chinese:    "2026年11月22日",
		bot.Korean:     "2026년 11월 22일",
	} {
		if got := c.PlainDate(lang, day); got != want {
			t.Errorf("%s: %q, want %q", lang, got, want)
		}
	}
	if got := c.PlainDate(bot.Vietnamese, time.Date(2027, 1, 4, 3, 0, 0, 0, time.UTC)); got != "04/01/2027" {
		t.Errorf("vi zero padding: %q", got)
	}
}

// TestStaticMessagesRenderAsGoI18n: the shortcut for plain messages gives
// exactly what go-i18n renders.
func TestStaticMessagesRenderAsGoI18n(t *testing.T) {
	c, err := i18n.Load(locales.FS())
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range bot.Languages {
		for _, id := range c.IDs(lang) {
			if got, want := c.Text(lang, id, nil), c.Render(lang, id, nil); got != want {
				t.Errorf("%s %s: %q, go-i18n renders %q", lang, id, got, want)
			}
		}
	}
}
