package bot

import "time"

// Translator renders message IDs as text in a language. Implementations load
// their catalogue once and never change it, so calling one keeps Step pure.
type Translator interface {
	// Text renders message id in lang with data as template values. A "Count"
	// entry selects the plural form. Unknown ids render as the id itself.
	Text(lang Lang, id string, data map[string]any) string
	// Date formats a calendar day in lang, in Asia/Ho_Chi_Minh.
	Date(lang Lang, t time.Time) string
	// PlainDate formats a calendar day without its weekday ("22/11/2026",
	// "22 Nov 2026"), for a date that is not an appointment: when a fact
	// was checked.
	PlainDate(lang Lang, t time.Time) string
	// Day formats a calendar day briefly, for a button ("T2 23/11").
	Day(lang Lang, t time.Time) string
	// Time formats a clock time (24-hour HH:MM) in Asia/Ho_Chi_Minh.
	Time(t time.Time) string
}

// StaticTexter is an optional Translator shortcut: Static returns message id
// in lang when it has no template fields, so that rendering it needs no data
// (Step renders dozens of button labels per update).
type StaticTexter interface {
	Static(lang Lang, id string) (string, bool)
}
