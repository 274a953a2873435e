package bottest

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/eidbot/eidbot/bot"
)

// Translator renders a message as "lang:id" followed by its data, sorted
// (the user's Name left out), so that a test sees exactly which message
// was chosen with which values. Dates read "lang:2006-01-02", days
// "lang:01-02" and times "15:04Z".
type Translator struct{}

var _ bot.Translator = Translator{}

// Text renders message id.
func (Translator) Text(lang bot.Lang, id string, data map[string]any) string {
	keys := make([]string, 0, len(data))
	for k := range data {
		if k != "Name" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	var b strings.Builder
	b.WriteString(string(lang) + ":" + id)
	for _, k := range keys {
		fmt.Fprintf(&b, " %s=%v", k, data[k])
	}
	return b.String()
}

// Time renders t as UTC HH:MM with a Z.
func (Translator) Time(t time.Time) string { return t.UTC().Format("15:04Z") }

// Day renders t's month and day.
func (Translator) Day(lang bot.Lang, t time.Time) string {
	return string(lang) + ":" + t.Format("01-02")
}

// PlainDate renders t's date as Date does.
func (Translator) PlainDate(lang bot.Lang, t time.Time) string {
	return string(lang) + ":" + t.Format(time.DateOnly)
}

// Date renders t's date.
func (Translator) Date(lang bot.Lang, t time.Time) string {
	return string(lang) + ":" + t.Format(time.DateOnly)
}
