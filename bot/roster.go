package bot

import (
	"cmp"
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
	"unicode"
)

// A roster is one reception point's appointments on one day, as the staff
// at the counter read it. The admin HTTP API and the "eidbot appointments"
// command both print it through this file, so JSON, CSV and the terminal
// table cannot drift apart.

// rosterColumns names the CSV and table columns, in order.
var rosterColumns = []string{"time", "code", "name", "phone", "status", "for_other", "applicant", "checklist"}

// RosterRow is an appointment as staff see it. It leaves out what only the
// bot needs (the chat, the language, consent and expiry times), so a
// roster that is exported or printed carries no more personal data than
// the counter needs.
type RosterRow struct {
	Start     time.Time `json:"start"` // in Asia/Ho_Chi_Minh
	End       time.Time `json:"end"`
	Code      string    `json:"code"`
	Point     string    `json:"point"`
	Name      string    `json:"name"`
	Phone     string    `json:"phone,omitempty"`
	Status    string    `json:"status"`
	ForOther  bool      `json:"for_other"` // booked by someone on the applicant's behalf
	Applicant string    `json:"applicant"`
	Checklist string    `json:"checklist,omitempty"`
	Place     string    `json:"place,omitempty"` // where a mobile team sits, when not the point's address
}

// NewRosterRow is a's roster row, with its times in Vietnam's zone.
func NewRosterRow(a Appointment) RosterRow {
	return RosterRow{
		Start: a.Start.In(Vietnam), End: a.End.In(Vietnam),
		Code: a.Code, Point: a.PointID, Name: a.Name, Phone: a.Phone, Status: a.Status,
		ForOther: a.ForOther, Applicant: a.Applicant, Checklist: a.Checklist, Place: a.Place,
	}
}

// Roster turns appointments into rows sorted by start time, then code,
// whatever order they came in. It never returns nil, so an empty day
// encodes as the JSON array [] rather than null.
func Roster(as []Appointment) []RosterRow {
	rows := make([]RosterRow, 0, len(as))
	for _, a := range as {
		rows = append(rows, NewRosterRow(a))
	}
	slices.SortStableFunc(rows, func(x, y RosterRow) int {
		return cmp.Or(x.Start.Compare(y.Start), cmp.Compare(x.Code, y.Code))
	})
	return rows
}

// cells are the row's values in rosterColumns order, as text.
func (r RosterRow) cells() []string {
	forOther := "no"
	if r.ForOther {
		forOther = "yes"
	}
	return []string{r.Start.In(Vietnam).Format("15:04"), r.Code, r.Name, r.Phone, r.Status,
		forOther, r.Applicant, r.Checklist}
}

// WriteRosterCSV writes the roster of as (sorted as Roster sorts) as
// RFC 4180 CSV with a header row.
//
// The output starts with a UTF-8 byte order mark: without it Excel reads
// a CSV file as the Windows code page and shows "Nguyá»…n" for "Nguyễn".
// Every cell is guarded against formula injection (see csvCell).
func WriteRosterCSV(w io.Writer, as []Appointment) error {
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true // RFC 4180, and what Excel on Windows writes itself
	if err := cw.Write(rosterColumns); err != nil {
		return err
	}
	for _, r := range Roster(as) {
		cells := r.cells()
		for i, c := range cells {
			cells[i] = csvCell(c)
		}
		if err := cw.Write(cells); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// csvCell defuses formula injection. Names and phone numbers are typed by
// the public, and a spreadsheet runs a cell starting with = + - or @ as a
// formula (some strip a leading tab or CR first), so "=HYPERLINK(…)" as a
// name would become a live link on a staff computer. A leading apostrophe
// makes Excel and LibreOffice show the text as typed; it also keeps a
// phone number such as +84912345678 text instead of a number.
func csvCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// WriteRosterTable writes the roster of as as aligned columns for a
// terminal, headed by the column names. Widths count Chinese and Korean
// characters as two columns, so foreigners' names do not skew the table.
func WriteRosterTable(w io.Writer, as []Appointment) error {
	table := [][]string{rosterHeadings()}
	for _, r := range Roster(as) {
		cells := r.cells()
		for i, c := range cells {
			cells[i] = terminalSafe(c)
		}
		table = append(table, cells)
	}
	widths := make([]int, len(rosterColumns))
	for _, row := range table {
		for i, c := range row {
			widths[i] = max(widths[i], displayWidth(c))
		}
	}
	for _, row := range table {
		var line strings.Builder
		for i, c := range row {
			line.WriteString(c)
			if i < len(row)-1 {
				line.WriteString(strings.Repeat(" ", widths[i]-displayWidth(c)+2))
			}
		}
		if _, err := fmt.Fprintln(w, strings.TrimRight(line.String(), " ")); err != nil {
			return err
		}
	}
	return nil
}

// rosterHeadings are the column names as a table heads them: "FOR OTHER".
func rosterHeadings() []string {
	hs := make([]string, len(rosterColumns))
	for i, c := range rosterColumns {
		hs[i] = strings.ToUpper(strings.ReplaceAll(c, "_", " "))
	}
	return hs
}

// terminalSafe replaces control and bidirectional-override characters: a
// name typed in a chat could otherwise carry escape sequences that drive
// the staff member's terminal, or reorder what the table shows.
func terminalSafe(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || (r >= 0x202A && r <= 0x202E) || (r >= 0x2066 && r <= 0x2069) {
			return '\uFFFD'
		}
		return r
	}, s)
}

// ParseRosterDay reads a day written YYYY-MM-DD, as staff give it, and
// returns its midnight in Asia/Ho_Chi_Minh.
func ParseRosterDay(s string) (time.Time, error) {
	day, err := time.ParseInLocation(time.DateOnly, s, Vietnam)
	if err != nil {
		return time.Time{}, fmt.Errorf("bot: day %.40q: want YYYY-MM-DD", s)
	}
	return day, nil
}

// bookingCodeSymbols is Crockford's base32, the alphabet booking codes are
// drawn from: no I, L, O or U, so a code read out over the phone or copied
// from paper is not misread.
const bookingCodeSymbols = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// NormalizeCode turns a booking code as someone typed or read it into the
// form codes are stored in, "K7Q-4MX": case, spaces and hyphens are
// ignored, and O, I and L are read as 0, 1 and 1, as Crockford's base32
// prescribes, because staff copy codes from paper and phone calls. ok is
// false unless exactly six symbols of the alphabet remain (the alphabet of
// internal/booking's NewCode).
func NormalizeCode(s string) (code string, ok bool) {
	var sym [6]byte
	n := 0
	for _, r := range strings.ToUpper(s) {
		switch r {
		case ' ', '-', '\t':
			continue
		case 'O':
			r = '0'
		case 'I', 'L':
			r = '1'
		}
		if n == len(sym) || r > unicode.MaxASCII || strings.IndexByte(bookingCodeSymbols, byte(r)) < 0 {
			return "", false
		}
		sym[n] = byte(r)
		n++
	}
	if n != len(sym) {
		return "", false
	}
	return string(sym[:3]) + "-" + string(sym[3:]), true
}
