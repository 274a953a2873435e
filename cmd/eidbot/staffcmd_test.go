package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/internal/redisstore"
	"github.com/eidbot/eidbot/internal/redistest"
)

var staffICT = bot.Vietnam

// staffDay is the day the staff tests book: three days from today, so
// the slots are in the future whenever the tests run.
func staffDay() time.Time {
	y, m, d := time.Now().In(staffICT).Date()
	return time.Date(y, m, d+3, 0, 0, 0, 0, staffICT)
}

// staffBooking is one seeded appointment: person n at point, hh:mm on
// staffDay plus days.
type staffBooking struct {
	code, point   string
	person, days  int
	hh, mm        int
	name, phone   string
	forOther      bool
	applicant, cl string
	checkedIn     bool
}

// seedStaff starts a redis-server and books the appointments through the
// real store, as the bot would.
func seedStaff(t *testing.T, bookings []staffBooking) *redistest.Server {
	t.Helper()
	srv := redistest.Start(t)
	st, err := redisstore.Open(t.Context(), srv.URL(), redisstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	b := st.Bookings()
	for _, s := range bookings {
		start := staffDay().AddDate(0, 0, s.days).Add(time.Duration(s.hh)*time.Hour + time.Duration(s.mm)*time.Minute)
		chat := bot.Chat{Channel: "tg", ID: uid(int64(s.person)), Kind: bot.ChatPrivate}
		_, err := b.Book(t.Context(), bot.BookRequest{ID: "req-" + s.code, Seats: 3, Appointment: bot.Appointment{
			Code: s.code, Person: chat.Key(), Chat: chat, Lang: bot.Vietnamese, PointID: s.point,
			SlotID: start.Format("20060102-1504"), Start: start, End: start.Add(20 * time.Minute),
			Name: s.name, Phone: s.phone, ForOther: s.forOther, Applicant: s.applicant, Checklist: s.cl,
			Consent: time.Now(), Expires: start.Add(30 * 24 * time.Hour),
		}})
		if err != nil {
			t.Fatalf("book %s: %v", s.code, err)
		}
		if s.checkedIn {
			if _, err := b.SetStatus(t.Context(), s.code, bot.StatusCheckedIn); err != nil {
				t.Fatal(err)
			}
		}
	}
	return srv
}

// staffBookings is a day at phuong_ben_thanh, plus bookings at another
// point and on another day that the roster must leave out.
var staffBookings = []staffBooking{
	{code: "M2P-8RT", point: "phuong_ben_thanh", person: 2, hh: 7, mm: 30, name: "=1+1", forOther: true, applicant: "citizen", cl: "C1"},
	{code: "A3B-C4D", point: "phuong_ben_thanh", person: 3, hh: 8, mm: 10, name: "王小明", applicant: "foreigner", cl: "F1", checkedIn: true},
	{code: "K7Q-4MX", point: "phuong_ben_thanh", person: 1, hh: 7, mm: 30, name: "Nguyễn Thị Hồng Nhung", phone: "+84912345678", applicant: "citizen", cl: "C1"},
	{code: "ZZZ-001", point: "phuong_sai_gon", person: 4, hh: 7, mm: 30, name: "Other point", applicant: "citizen"},
	{code: "ZZZ-002", point: "phuong_ben_thanh", person: 5, days: 1, hh: 7, mm: 30, name: "Other day", applicant: "citizen"},
}

// runStaff runs the program with REDIS_URL set to url (unset when empty).
func runStaff(t *testing.T, url string, args ...string) (string, error) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	getenv := func(k string) string {
		if k == "REDIS_URL" {
			return url
		}
		return ""
	}
	err := run(t.Context(), args, getenv, strings.NewReader(""), &stdout, &stderr)
	return stdout.String(), err
}

func TestStaffAppointmentsTable(t *testing.T) {
	srv := seedStaff(t, staffBookings)
	day := staffDay().Format(time.DateOnly)
	out, err := runStaff(t, srv.URL(), "appointments", "--point", "phuong_ben_thanh", "--date", day)
	if err != nil {
		t.Fatal(err)
	}
	want := "Công an phường Bến Thành (phuong_ben_thanh), " + day + "\n" +
		"TIME   CODE     NAME                   PHONE         STATUS      FOR OTHER  APPLICANT  CHECKLIST\n" +
		"07:30  K7Q-4MX  Nguyễn Thị Hồng Nhung  +84912345678  booked      no         citizen    C1\n" +
		"07:30  M2P-8RT  =1+1                                 booked      yes        citizen    C1\n" +
		"08:10  A3B-C4D  王小明                               checked_in  no         foreigner  F1\n" +
		"3 appointment(s)\n"
	if out != want {
		t.Fatalf("table:\n%s\nwant\n%s", out, want)
	}
	empty := staffDay().AddDate(0, 0, 2).Format(time.DateOnly)
	out, err = runStaff(t, srv.URL(), "appointments", "--point", "phuong_ben_thanh", "--date", empty)
	if want := "Công an phường Bến Thành (phuong_ben_thanh), " + empty + "\nno appointments\n"; err != nil || out != want {
		t.Fatalf("empty day: %v\n%s", err, out)
	}
}

func TestStaffAppointmentsCSV(t *testing.T) {
	srv := seedStaff(t, staffBookings)
	out, err := runStaff(t, srv.URL(), "appointments", "--point", "phuong_ben_thanh", "--date", staffDay().Format(time.DateOnly), "--format", "csv")
	if err != nil {
		t.Fatal(err)
	}
	want := "\uFEFFtime,code,name,phone,status,for_other,applicant,checklist\r\n" +
		"07:30,K7Q-4MX,Nguyễn Thị Hồng Nhung,'+84912345678,booked,no,citizen,C1\r\n" +
		"07:30,M2P-8RT,'=1+1,,booked,yes,citizen,C1\r\n" +
		"08:10,A3B-C4D,王小明,,checked_in,no,foreigner,F1\r\n"
	if out != want {
		t.Fatalf("CSV:\n%q\nwant\n%q", out, want)
	}
}

func TestStaffAppointmentsJSON(t *testing.T) {
	srv := seedStaff(t, staffBookings[:2])
	day := staffDay()
	out, err := runStaff(t, srv.URL(), "appointments", "--point", "phuong_ben_thanh", "--date", day.Format(time.DateOnly), "--format", "json")
	if err != nil {
		t.Fatal(err)
	}
	at := func(hh, mm int) string {
		return day.Add(time.Duration(hh)*time.Hour + time.Duration(mm)*time.Minute).Format(time.RFC3339)
	}
	want := fmt.Sprintf(`[
  {
    "start": %q,
    "end": %q,
    "code": "M2P-8RT",
    "point": "phuong_ben_thanh",
    "name": "=1+1",
    "status": "booked",
    "for_other": true,
    "applicant": "citizen",
    "checklist": "C1"
  },
  {
    "start": %q,
    "end": %q,
    "code": "A3B-C4D",
    "point": "phuong_ben_thanh",
    "name": "王小明",
    "status": "checked_in",
    "for_other": false,
    "applicant": "foreigner",
    "checklist": "F1"
  }
]
`, at(7, 30), at(7, 50), at(8, 10), at(8, 30))
	if out != want {
		t.Fatalf("JSON:\n%s\nwant\n%s", out, want)
	}
}

func TestStaffAppointmentsRejects(t *testing.T) {
	day := staffDay().Format(time.DateOnly)
	for _, tc := range []struct {
		args []string
		url  string
		want string
	}{
		{[]string{"--point", "phuong_ben_thanh", "--date", day}, "", "REDIS_URL is not set"},
		{[]string{"--point", "phuong_ben_thanh", "--date", day}, "http://localhost", "REDIS_URL: want redis://"},
		{[]string{"--point", "nowhere", "--date", day}, "redis://127.0.0.1:1", `unknown point "nowhere"; the points are: pa08_hcmc, `},
		{[]string{"--point", "phuong_ben_thanh", "--date", "24/11/2026"}, "redis://127.0.0.1:1", `--date "24/11/2026": want YYYY-MM-DD`},
		{[]string{"--point", "phuong_ben_thanh", "--date", day, "--format", "xlsx"}, "redis://127.0.0.1:1", `--format "xlsx"`},
		{[]string{"--point", "phuong_ben_thanh"}, "redis://127.0.0.1:1", "usage: eidbot appointments"},
	} {
		_, err := runStaff(t, tc.url, append([]string{"appointments"}, tc.args...)...)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: error %v, want %q", tc.args, err, tc.want)
		}
	}
}

func TestStaffVerifyClean(t *testing.T) {
	srv := seedStaff(t, staffBookings)
	out, err := runStaff(t, srv.URL(), "bookings", "verify")
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	// Five appointments in four slots; A3B-C4D's person has no pointer
	// since the check-in.
	if want := "checked 4 slots, 5 appointments, 4 person pointers\nok: no mismatches\n"; out != want {
		t.Fatalf("verify:\n%s\nwant\n%s", out, want)
	}
}

func TestStaffVerifyMismatch(t *testing.T) {
	srv := seedStaff(t, staffBookings)
	slot := staffDay().Add(7*time.Hour + 30*time.Minute).Format("20060102-1504")
	key := "eid:{bk}:slot:phuong_ben_thanh:" + slot
	if err := srv.Client().Incr(t.Context(), key).Err(); err != nil { // a seat nobody holds
		t.Fatal(err)
	}
	out, err := runStaff(t, srv.URL(), "bookings", "verify")
	if !errors.Is(err, errProblems) {
		t.Fatalf("verify with a corrupt counter: error %v, want errProblems (exit status 1)\n%s", err, out)
	}
	want := "checked 4 slots, 5 appointments, 4 person pointers\n" +
		"1 mismatch(es); rerun before repairing anything, a booking in flight can show up once:\n" +
		"  " + key + ": counter says 3 seats taken, 2 appointments hold one\n"
	if out != want {
		t.Fatalf("verify:\n%s\nwant\n%s", out, want)
	}
}

func TestStaffVerifyRejects(t *testing.T) {
	if _, err := runStaff(t, "", "bookings", "verify"); !errors.Is(err, errNoRedis) {
		t.Fatalf("no REDIS_URL: %v", err)
	}
	if _, err := runStaff(t, "redis://127.0.0.1:1", "bookings", "check"); err == nil || !strings.Contains(err.Error(), "usage: eidbot bookings verify") {
		t.Fatalf("unknown subcommand: %v", err)
	}
}

func TestStaffAppointmentsPointsFile(t *testing.T) {
	getenv := func(k string) string {
		return map[string]string{"REDIS_URL": "redis://127.0.0.1:1", "EIDBOT_POINTS_FILE": t.TempDir() + "/missing.yaml"}[k]
	}
	err := run(t.Context(), []string{"appointments", "--point", "phuong_ben_thanh", "--date", "2026-11-24"},
		getenv, strings.NewReader(""), io.Discard, io.Discard)
	if err == nil || !strings.HasPrefix(err.Error(), "EIDBOT_POINTS_FILE: ") {
		t.Fatalf("a points file that cannot be read: %v", err)
	}
}
