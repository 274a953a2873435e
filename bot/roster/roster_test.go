package roster_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/bot/roster"
)

var rosterICT = bot.Vietnam

// rosterAppt is an appointment at 24 Nov 2026 hh:mm in Vietnam. Its start
// is given in UTC, so the tests see the conversion.
func rosterAppt(code string, hh, mm int, name, phone string) bot.Appointment {
	start := time.Date(2026, 11, 24, hh, mm, 0, 0, rosterICT).UTC()
	return bot.Appointment{
		Code: code, Person: "tg:1", Chat: bot.Chat{ID: "1"}, PointID: "p1", SlotID: "20261124-0730",
		Start: start, End: start.Add(20 * time.Minute), Name: name, Phone: phone,
		Applicant: bot.ApplicantCitizen, Checklist: "C1", Status: bot.StatusBooked,
	}
}

func TestRosterCSV(t *testing.T) {
	later := rosterAppt("BBB-222", 8, 10, `Trần "Bé", Ba`, "")
	later.ForOther, later.Status = true, bot.StatusCheckedIn
	var buf bytes.Buffer
	err := roster.WriteCSV(&buf, []bot.Appointment{
		later,
		rosterAppt("AAA-111", 7, 30, "Nguyễn Thị Hồng Nhung", "+84912345678"),
		rosterAppt("CCC-333", 7, 30, "=HYPERLINK(\"http://x\")", "-1"),
		rosterAppt("DDD-444", 9, 0, "@SUM(A1)", "\t0912"),
		rosterAppt("EEE-555", 9, 0, "\rx", "0912 345 678"),
	})
	if err != nil {
		t.Fatal(err)
	}
	want := "\xEF\xBB\xBFtime,code,name,phone,status,for_other,applicant,checklist\r\n" +
		"07:30,AAA-111,Nguyễn Thị Hồng Nhung,'+84912345678,booked,no,citizen,C1\r\n" +
		"07:30,CCC-333,\"'=HYPERLINK(\"\"http://x\"\")\",'-1,booked,no,citizen,C1\r\n" +
		"08:10,BBB-222,\"Trần \"\"Bé\"\", Ba\",,checked_in,yes,citizen,C1\r\n" +
		"09:00,DDD-444,'@SUM(A1),'\t0912,booked,no,citizen,C1\r\n" +
		"09:00,EEE-555,\"'x\",0912 345 678,booked,no,citizen,C1\r\n" // encoding/csv drops a lone CR in CRLF mode
	if got := buf.String(); got != want {
		t.Fatalf("CSV:\n%q\nwant\n%q", got, want)
	}
}

func TestRosterCSVEmpty(t *testing.T) {
	var buf bytes.Buffer
	if err := roster.WriteCSV(&buf, nil); err != nil {
		t.Fatal(err)
	}
	if want := "\uFEFFtime,code,name,phone,status,for_other,applicant,checklist\r\n"; buf.String() != want {
		t.Fatalf("empty roster: %q", buf.String())
	}
}

func TestRosterTable(t *testing.T) {
	foreign := rosterAppt("BBB-222", 8, 0, "王小明", "")
	foreign.Applicant, foreign.Checklist = bot.ApplicantForeigner, ""
	var buf bytes.Buffer
	err := roster.WriteTable(&buf, []bot.Appointment{
		foreign,
		rosterAppt("AAA-111", 7, 30, "Nguyễn Thị Hồng Nhung", "+84912345678"),
		rosterAppt("CCC-333", 8, 20, "Evil\x1b[2J\u202Eman", "0912"),
	})
	if err != nil {
		t.Fatal(err)
	}
	want := "" +
		"TIME   CODE     NAME                   PHONE         STATUS  FOR OTHER  APPLICANT  CHECKLIST\n" +
		"07:30  AAA-111  Nguyễn Thị Hồng Nhung  +84912345678  booked  no         citizen    C1\n" +
		"08:00  BBB-222  王小明                               booked  no         foreigner\n" +
		"08:20  CCC-333  Evil\uFFFD[2J\uFFFDman           0912          booked  no         citizen    C1\n"
	if got := buf.String(); got != want {
		t.Fatalf("table:\n%s\nwant\n%s", got, want)
	}
}

func TestRosterJSON(t *testing.T) {
	a := rosterAppt("AAA-111", 7, 30, "Nguyễn Văn A", "")
	a.Place = "Nhà văn hóa ấp 3"
	got, err := json.Marshal(roster.Rows([]bot.Appointment{a}))
	if err != nil {
		t.Fatal(err)
	}
	want := `[{"start":"2026-11-24T07:30:00+07:00","end":"2026-11-24T07:50:00+07:00","code":"AAA-111",` +
		`"point":"p1","name":"Nguyễn Văn A","status":"booked","for_other":false,"applicant":"citizen",` +
		`"checklist":"C1","place":"Nhà văn hóa ấp 3"}]`
	if string(got) != want {
		t.Fatalf("JSON:\n%s\nwant\n%s", got, want)
	}
	if empty, _ := json.Marshal(roster.Rows(nil)); string(empty) != "[]" {
		t.Fatalf("empty roster encodes as %s, want []", empty)
	}
}

func TestRosterParseDay(t *testing.T) {
	day, err := roster.ParseDay("2026-11-24")
	if err != nil || !day.Equal(time.Date(2026, 11, 24, 0, 0, 0, 0, rosterICT)) {
		t.Fatalf("ParseRosterDay = %v, %v", day, err)
	}
	if k := bot.DayKey(day); k != "20261124" {
		t.Fatalf("RosterDayKey = %q", k)
	}
	// 23:30 UTC on the 23rd is already the 24th in Vietnam.
	if k := bot.DayKey(time.Date(2026, 11, 23, 23, 30, 0, 0, time.UTC)); k != "20261124" {
		t.Fatalf("RosterDayKey of a UTC evening = %q", k)
	}
	for _, bad := range []string{"", "20261124", "2026-13-01", "2026-02-30", "24/11/2026", "2026-11-24T00:00"} {
		if _, err := roster.ParseDay(bad); err == nil || !strings.Contains(err.Error(), "YYYY-MM-DD") {
			t.Errorf("ParseDay(%q): err %v", bad, err)
		}
	}
}
