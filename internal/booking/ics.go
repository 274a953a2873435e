package booking

import (
	"bytes"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/eidbot/eidbot/bot"
)

// Event is an appointment as a calendar entry.
type Event struct {
	// UID must be stable for the life of the booking (e.g. derived from its
	// code), so a rescheduled file replaces the entry instead of adding one.
	UID string
	// Sequence counts revisions: 0 when booked, +1 on each reschedule.
	Sequence   int
	Start, End time.Time
	Summary    string
	Location   string
	// Description may contain newlines; they are escaped.
	Description string
	// Lat, Lon give the GEO property; both zero means unknown and omits it.
	Lat, Lon float64
	// Stamp is when the file was made (DTSTAMP), i.e. the caller's now.
	Stamp time.Time
}

// icsLine is the longest content line RFC 5545 §3.1 allows, in octets,
// excluding the CRLF.
const icsLine = 75

// ICS renders ev as an RFC 5545 calendar file with METHOD:PUBLISH: CRLF line
// endings, lines folded at 75 octets without splitting a UTF-8 sequence,
// TEXT values escaped, times in Asia/Ho_Chi_Minh with a VTIMEZONE so that
// clients without a zone database show local time, and DTSTAMP in UTC.
func ICS(ev Event) []byte {
	var w icsWriter
	w.prop("BEGIN", "VCALENDAR")
	w.prop("VERSION", "2.0")
	w.prop("PRODID", "-//eidbot//eidbot booking//EN")
	w.prop("CALSCALE", "GREGORIAN")
	w.prop("METHOD", "PUBLISH")
	w.timezone()
	w.prop("BEGIN", "VEVENT")
	w.prop("UID", escapeText(ev.UID))
	w.prop("SEQUENCE", strconv.Itoa(max(ev.Sequence, 0)))
	w.prop("DTSTAMP", ev.Stamp.UTC().Format("20060102T150405Z"))
	w.prop("DTSTART;TZID="+bot.Vietnam.String(), ev.Start.In(bot.Vietnam).Format("20060102T150405"))
	w.prop("DTEND;TZID="+bot.Vietnam.String(), ev.End.In(bot.Vietnam).Format("20060102T150405"))
	w.text("SUMMARY", ev.Summary)
	w.text("LOCATION", ev.Location)
	w.text("DESCRIPTION", ev.Description)
	if ev.Lat != 0 || ev.Lon != 0 {
		w.prop("GEO", strconv.FormatFloat(ev.Lat, 'f', 6, 64)+";"+strconv.FormatFloat(ev.Lon, 'f', 6, 64))
	}
	w.prop("STATUS", "CONFIRMED")
	w.prop("END", "VEVENT")
	w.prop("END", "VCALENDAR")
	return w.b.Bytes()
}

type icsWriter struct{ b bytes.Buffer }

// timezone writes a fixed UTC+7 zone: Vietnam has had no daylight saving
// since 1975, so one STANDARD component covers every date we book.
func (w *icsWriter) timezone() {
	w.prop("BEGIN", "VTIMEZONE")
	w.prop("TZID", bot.Vietnam.String())
	w.prop("BEGIN", "STANDARD")
	w.prop("DTSTART", "19700101T000000")
	w.prop("TZOFFSETFROM", "+0700")
	w.prop("TZOFFSETTO", "+0700")
	w.prop("TZNAME", "+07")
	w.prop("END", "STANDARD")
	w.prop("END", "VTIMEZONE")
}

// text writes a TEXT property, omitting it when empty.
func (w *icsWriter) text(name, value string) {
	if value != "" {
		w.prop(name, escapeText(value))
	}
}

// prop writes one content line, folded: after 75 octets a CRLF and a space
// start a continuation line, whose space counts towards its 75. Folds fall
// between UTF-8 sequences and never inside a backslash escape, which some
// clients mis-unfold.
func (w *icsWriter) prop(name, value string) {
	line := name + ":" + value
	n := 0
	for i := 0; i < len(line); {
		size := unitLen(line[i:])
		if n+size > icsLine {
			w.b.WriteString("\r\n ")
			n = 1
		}
		w.b.WriteString(line[i : i+size])
		n += size
		i += size
	}
	w.b.WriteString("\r\n")
}

// unitLen is the length of the unbreakable unit at the start of s: an
// escape pair or one UTF-8 sequence.
func unitLen(s string) int {
	if s[0] == '\\' && len(s) > 1 {
		return 2 // escapes are \\ \; \, \n: all ASCII
	}
	_, size := utf8.DecodeRuneInString(s)
	return size
}

// escapeText applies RFC 5545 §3.3.11: backslash, semicolon and comma are
// escaped, any line break becomes \n, and other control characters, which
// TEXT may not contain, are dropped.
func escapeText(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\\' || r == ';' || r == ',':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n' || r == '\r':
			b.WriteString(`\n`)
		case r == '\t' || (r >= 0x20 && r != 0x7f):
			b.WriteRune(r)
		}
	}
	return b.String()
}
