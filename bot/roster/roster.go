// Package roster is the appointments of one reception point on one day as
// the staff at the counter read them. The admin HTTP API and the "eidbot
// appointments" command both print them through this package, so JSON, CSV
// and the terminal table cannot drift apart.
package roster

import (
	"cmp"
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/eidbot/eidbot/bot"
)

// columns names the CSV and table columns, in order.
var columns = []string{"time", "code", "name", "phone", "status", "for_other", "applicant", "checklist"}

// Row is an appointment as staff see it. It leaves out what only the
// bot needs (the chat, the language, consent and expiry times), so a
// roster that is exported or printed carries no more personal data than
// the counter needs.
type Row struct {
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

// NewRow is a's row, with its times in Vietnam's zone.
func NewRow(a bot.Appointment) Row {
	return Row{
		Start: a.Start.In(bot.Vietnam), End: a.End.In(bot.Vietnam),
		Code: a.Code, Point: a.PointID, Name: a.Name, Phone: a.Phone, Status: a.Status,
		ForOther: a.ForOther, Applicant: a.Applicant, Checklist: a.Checklist, Place: a.Place,
	}
}

// Rows turns appointments into rows sorted by start time, then code,
// whatever order they came in. It never returns nil, so an empty day
// encodes as the JSON array [] rather than null.
func Rows(as []bot.Appointment) []Row {
	rows := make([]Row, 0, len(as))
	for _, a := range as {
		rows = append(rows, NewRow(a))
	}
	slices.SortStableFunc(rows, func(x, y Row) int {
		return cmp.Or(x.Start.Compare(y.Start), cmp.Compare(x.Code, y.Code))
	})
	return rows
}

// cells are the row's values in columns order, as text.
func (r Row) cells() []string {
	forOther := "no"
	if r.ForOther {
		forOther = "yes"
	}
	return []string{r.Start.In(bot.Vietnam).Format("15:04"), r.Code, r.Name, r.Phone, r.Status,
		forOther, r.Applicant, r.Checklist}
}

// WriteCSV writes the roster of as (sorted as Rows sorts) as
// RFC 4180 CSV with a header row.
//
// The output starts with a UTF-8 byte order mark: without it Excel reads
// a CSV file as the Windows code page and shows "Nguyá»…n" for "Nguyễn".
// Every cell is guarded against formula injection (see csvCell).
func WriteCSV(w io.Writer, as []bot.Appointment) error {
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true // RFC 4180, and what Excel on Windows writes itself
	if err := cw.Write(columns); err != nil {
		return err
	}
	for _, r := range Rows(as) {
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

// WriteTable writes the roster of as as aligned columns for a
// terminal, headed by the column names. Widths count Chinese and Korean
// characters as two columns, so foreigners' names do not skew the table.
func WriteTable(w io.Writer, as []bot.Appointment) error {
	table := [][]string{headings()}
	for _, r := range Rows(as) {
		cells := r.cells()
		for i, c := range cells {
			cells[i] = terminalSafe(c)
		}
		table = append(table, cells)
	}
	widths := make([]int, len(columns))
	for _, row := range table {
		for i, c := range row {
			widths[i] = max(widths[i], bot.DisplayWidth(c))
		}
	}
	for _, row := range table {
		var line strings.Builder
		for i, c := range row {
			line.WriteString(c)
			if i < len(row)-1 {
				line.WriteString(strings.Repeat(" ", widths[i]-bot.DisplayWidth(c)+2))
			}
		}
		if _, err := fmt.Fprintln(w, strings.TrimRight(line.String(), " ")); err != nil {
			return err
		}
	}
	return nil
}

// headings are the column names as a table heads them: "FOR OTHER".
func headings() []string {
	hs := make([]string, len(columns))
	for i, c := range columns {
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

// ParseDay reads a day written YYYY-MM-DD, as staff give it, and
// returns its midnight in Asia/Ho_Chi_Minh.
func ParseDay(s string) (time.Time, error) {
	day, err := time.ParseInLocation(time.DateOnly, s, bot.Vietnam)
	if err != nil {
		return time.Time{}, fmt.Errorf("roster: day %.40q: want YYYY-MM-DD", s)
	}
	return day, nil
}
