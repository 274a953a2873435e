package main

import (
	"net/url"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/flows"
	"github.com/eidbot/eidbot/internal/booking"
	"github.com/eidbot/eidbot/internal/i18n"
)

// maxMessage is the longest message the bot may send, in UTF-16 code
// units as Telegram counts them (issue 11): a phone shows it without
// scrolling a whole screen, and an elderly reader finishes it.
const maxMessage = 700

// units is the length of s as Telegram counts it: UTF-16 code units of the
// text as sent, markup and link addresses included (never less than what
// Telegram counts after parsing the HTML).
func units(s string) int { return len(utf16.Encode([]rune(s))) }

// Longest realistic values of what the bot puts into its messages: a
// person's name as long as people's names get (40 characters, written
// both as a Vietnamese name and in Latin capitals as in a passport), a
// place a committee may type (its input's limit), and a free notice text.
const (
	longName      = "Nguyễn Thị Hoàng Phương Thảo Ngọc Bích Y"
	longLatinName = "WOLFESCHLEGEL STEINHAUSEN BERGDORFF ANNA"
)

// longest holds, per language, the longest value of every placeholder a
// message of the catalogue can take.
type longest map[string]string

// longestValues finds the longest realistic placeholder values of lang:
// the longest point name and address of the points file, the longest area
// name, the longest date of 2026 and 2027, the longest legal basis and
// source of a verdict, and long counts, codes and names.
func longestValues(t testing.TB, cat *i18n.Catalog, set *flows.Set, lang bot.Lang) longest {
	t.Helper()
	v := longest{
		"Name": longName, "Person": longName, "By": longName, "Author": longName,
		"Code": "K7Q-4MX", "Time": "07:30", "Phone": "+84912345678", "Hours": "07:30-11:30, 13:30-16:30",
		"Place": repeatTo("Nhà văn hóa ấp Thiềng Liềng, ", 120), "KM": "123.4", "Command": strings.Repeat("x", 32),
		"ID": "123456", "User": "tg:1234567890", "Template": "mobile_team", "Status": "awaiting approval",
		"Progress": "123456/123456", "ByLang": "vi 123456, en 123456, zh 123456, ko 123456", "Share": "", "Skip": "",
		"Channel": "Telegram", // the longest name in committee.channelNames
	}
	for _, n := range []string{"Count", "Days", "DaysMax", "Total", "Sent", "Blocked", "Failed", "Remaining",
		"Cancelled", "Minutes", "Done", "Target", "Percent", "Skipped", "Reachable"} {
		v[n] = "123456"
	}
	v["Share"], v["Skip"] = cat.Text(lang, "input.share_phone", nil), cat.Text(lang, "book.btn.skip_phone", nil)
	dir := booking.NewReception(booking.DefaultPoints(), booking.DefaultCalendar())
	for _, kind := range []string{bot.ApplicantCitizen, bot.ApplicantForeigner} {
		for _, p := range dir.Points(kind) {
			v.keep("Point", p.Name(lang))
			v.keep("Address", p.Address(lang))
		}
	}
	for _, a := range booking.DefaultAreas() {
		v.keep("Area", a.Name(lang))
		v.keep("Areas", a.ID)
	}
	for d := time.Date(2026, 1, 1, 12, 0, 0, 0, bot.Vietnam); d.Year() < 2028; d = d.AddDate(0, 0, 1) {
		v.keep("Date", cat.Date(lang, d))
		v.keep("DateMax", cat.Date(lang, d))
		v.keep("CheckedOn", cat.PlainDate(lang, d))
		v.keep("Day", cat.Day(lang, d))
	}
	v["When"] = v["Date"] + " 07:30"
	for _, f := range set.Flows {
		for _, st := range f.Steps {
			if st.Verdict == nil {
				continue
			}
			v.keep("LegalRef", cat.Text(lang, st.Verdict.LegalRef, nil))
			v.keep("Source", st.Verdict.Source)
			if u, err := url.Parse(st.Verdict.Source); err == nil {
				v.keep("SourceName", u.Hostname())
			}
		}
	}
	return v
}

// repeatTo repeats s up to n characters.
func repeatTo(s string, n int) string {
	r := []rune(strings.Repeat(s, n/len([]rune(s))+1))
	return string(r[:n])
}

// keep records s as the value of name if it is the longest yet.
func (v longest) keep(name, s string) {
	if units(s) > units(v[name]) {
		v[name] = s
	}
}

// data is v as template data for a message with placeholders names; it
// fails t for a placeholder nobody measured, so a new one cannot slip by.
func (v longest) data(t testing.TB, lang bot.Lang, id string, names []string) map[string]any {
	t.Helper()
	data := map[string]any{}
	for _, n := range names {
		val, ok := v[n]
		if !ok {
			t.Errorf("%s %s: no longest value known for {{.%s}}: add one to longestValues", lang, id, n)
		}
		data[n] = val
	}
	return data
}

// longDates is the catalogue with every date written as the longest date
// of its language, so that a walk through the flows composes its messages
// with the longest dates whatever day the directory offers.
type longDates struct {
	*i18n.Catalog
	values map[bot.Lang]longest
}

// Date is the longest date of lang.
func (l longDates) Date(lang bot.Lang, _ time.Time) string { return l.values[lang]["Date"] }

// Day is the longest short day of lang.
func (l longDates) Day(lang bot.Lang, _ time.Time) string { return l.values[lang]["Day"] }

// PlainDate is the longest date without weekday of lang.
func (l longDates) PlainDate(lang bot.Lang, _ time.Time) string { return l.values[lang]["CheckedOn"] }
