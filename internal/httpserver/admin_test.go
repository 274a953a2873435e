package httpserver_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/netip"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/internal/httpserver"
)

const adminToken = "staff-token-0123456789abcdef"

var hcm = bot.Vietnam

// adminNow is the fixed clock of the staff API tests: Friday 20 Nov 2026,
// 10:00 in Vietnam.
var adminNow = time.Date(2026, 11, 20, 10, 0, 0, 0, hcm)

// fakeAppointments fakes the two methods the staff API calls; any other
// call hits the nil embedded interface and panics, which the server turns
// into a 500 the test notices.
type fakeAppointments struct {
	bot.Appointments
	forPoint  func(ctx context.Context, pointID, day string) ([]bot.Appointment, error)
	setStatus func(ctx context.Context, code, status string) (bot.Appointment, error)
}

func (f *fakeAppointments) ForPoint(ctx context.Context, pointID, day string) ([]bot.Appointment, error) {
	return f.forPoint(ctx, pointID, day)
}

func (f *fakeAppointments) SetStatus(ctx context.Context, code, status string) (bot.Appointment, error) {
	return f.setStatus(ctx, code, status)
}

// fakeVisits fakes the visit methods the staff API calls.
type fakeVisits struct {
	bot.Visits
	visitsFor   func(ctx context.Context, pointID string) ([]bot.VisitRequest, error)
	acceptVisit func(ctx context.Context, id string, date time.Time) (bot.VisitRequest, error)
	declined    []string
}

func (f *fakeVisits) VisitsFor(ctx context.Context, pointID string) ([]bot.VisitRequest, error) {
	return f.visitsFor(ctx, pointID)
}

func (f *fakeVisits) AcceptVisit(ctx context.Context, id string, date time.Time) (bot.VisitRequest, error) {
	return f.acceptVisit(ctx, id, date)
}

// DeclineVisit declines v1 only, recording it.
func (f *fakeVisits) DeclineVisit(_ context.Context, id string) (bot.VisitRequest, error) {
	if id != "v1" {
		return bot.VisitRequest{}, bot.ErrNoVisit
	}
	f.declined = append(f.declined, id)
	return bot.VisitRequest{ID: id, Code: "K7Q-4MX", Person: "tg:9", PointID: "ben_thanh", Name: "Mai",
		Status: bot.VisitDeclined, Created: adminNow}, nil
}

// notifierFunc adapts a function to bot.Notifier: both answers call it.
type notifierFunc func(context.Context, bot.VisitRequest) error

func (f notifierFunc) VisitAccepted(ctx context.Context, v bot.VisitRequest) error { return f(ctx, v) }
func (f notifierFunc) VisitDeclined(ctx context.Context, v bot.VisitRequest) error { return f(ctx, v) }

// fakeDirectory holds a fixed list of points; immigration offices serve
// foreigners, every other point citizens.
type fakeDirectory struct {
	bot.Directory
	points []bot.Point
}

func (d fakeDirectory) Points(applicant string) []bot.Point {
	var out []bot.Point
	for _, p := range d.points {
		if (p.Kind == "immigration_office") == (applicant == bot.ApplicantForeigner) {
			out = append(out, p)
		}
	}
	return out
}

func (d fakeDirectory) Point(id string) (bot.Point, bool) {
	for _, p := range d.points {
		if p.ID == id {
			return p, true
		}
	}
	return bot.Point{}, false
}

var testDirectory = fakeDirectory{points: []bot.Point{
	{ID: "pa08_hcm", Kind: "immigration_office", Names: map[string]string{"vi": "Phòng Quản lý xuất nhập cảnh", "en": "Immigration Division"},
		Addresses: map[string]string{"vi": "333 Nguyễn Trãi, Quận 1"}},
	{ID: "ben_thanh", Kind: "commune_police", Names: map[string]string{"vi": "Công an phường Bến Thành"},
		Addresses: map[string]string{"vi": "30 Lê Thánh Tôn"}, HomeVisits: true},
}}

// syncBuffer collects log lines written by the server's goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// adminServer serves cfg, completed with the test directory, clock and a
// log buffer, on a loopback port.
type adminServer struct {
	url string
	log *syncBuffer
}

func startAdmin(t *testing.T, cfg httpserver.Config) *adminServer {
	t.Helper()
	a := &adminServer{log: &syncBuffer{}}
	if cfg.Directory == nil {
		cfg.Directory = testDirectory
	}
	cfg.Now = func() time.Time { return adminNow }
	cfg.Log = slog.New(slog.NewTextHandler(a.log, &slog.HandlerOptions{Level: slog.LevelDebug}))
	a.url = listen(t, httpserver.New(cfg))
	return a
}

// adminConfig is a staff API config whose fakes fail the test when used.
func adminConfig(t *testing.T) httpserver.Config {
	used := func(what string) { t.Errorf("unexpected call to %s", what) }
	return httpserver.Config{
		AdminToken: adminToken,
		Appointments: &fakeAppointments{
			forPoint: func(context.Context, string, string) ([]bot.Appointment, error) {
				used("ForPoint")
				return nil, nil
			},
			setStatus: func(context.Context, string, string) (bot.Appointment, error) {
				used("SetStatus")
				return bot.Appointment{}, nil
			},
		},
		Visits: &fakeVisits{
			visitsFor: func(context.Context, string) ([]bot.VisitRequest, error) {
				used("VisitsFor")
				return nil, nil
			},
			acceptVisit: func(context.Context, string, time.Time) (bot.VisitRequest, error) {
				used("AcceptVisit")
				return bot.VisitRequest{}, nil
			},
		},
		Notifier: notifierFunc(func(context.Context, bot.VisitRequest) error { used("VisitAccepted"); return nil }),
	}
}

type answer struct {
	status int
	header http.Header
	body   string
}

// do sends a request with the given Authorization header value (none when
// empty) and optional extra header pairs.
func (a *adminServer) do(t *testing.T, method, path, auth, body string, header ...string) answer {
	t.Helper()
	req, err := http.NewRequest(method, a.url+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("reading the answer to %s %s: %v", method, path, err)
	}
	return answer{resp.StatusCode, resp.Header, string(b)}
}

// staff sends a request with the right token.
func (a *adminServer) staff(t *testing.T, method, path, body string, header ...string) answer {
	t.Helper()
	return a.do(t, method, path, "Bearer "+adminToken, body, header...)
}

func TestAdminDisabledWithoutToken(t *testing.T) {
	cfg := adminConfig(t)
	cfg.AdminToken = ""
	a := startAdmin(t, cfg)
	for _, path := range []string{"/admin/points", "/admin/points/ben_thanh/appointments?date=2026-11-24"} {
		if got := a.do(t, "GET", path, "Bearer ", ""); got.status != 404 {
			t.Errorf("%s without an admin token configured: %d, want 404", path, got.status)
		}
	}
	if got := a.do(t, "POST", "/admin/appointments/AAA-111/check-in", "Bearer "+adminToken, ""); got.status != 404 {
		t.Errorf("check-in without an admin token configured: %d, want 404", got.status)
	}
}

func TestAdminAuth(t *testing.T) {
	cfg := adminConfig(t) // every store call fails the test
	// Each case comes from its own address (through a trusted proxy), so
	// that the throttling of wrong tokens (tokenguard_test.go) stays out.
	cfg.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}
	a := startAdmin(t, cfg)
	for i, tc := range []struct{ name, method, path, auth string }{
		{"missing", "GET", "/admin/points", ""},
		{"wrong", "GET", "/admin/points", "Bearer nope"},
		{"prefix of the token", "GET", "/admin/points", "Bearer " + adminToken[:10]},
		{"token plus a byte", "GET", "/admin/points", "Bearer " + adminToken + "x"},
		{"no scheme", "GET", "/admin/points", adminToken},
		{"basic scheme", "GET", "/admin/points", "Basic " + adminToken},
		{"roster", "GET", "/admin/points/ben_thanh/appointments?date=2026-11-24", "Bearer x"},
		{"check-in", "POST", "/admin/appointments/AAA-111/check-in", ""},
		{"no-show", "POST", "/admin/appointments/AAA-111/no-show", "Bearer x"},
		{"visits", "GET", "/admin/points/ben_thanh/visits", ""},
		{"accept", "POST", "/admin/visits/v1/accept", "Bearer x"},
		{"no such route", "GET", "/admin/secret-route", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := a.do(t, tc.method, tc.path, tc.auth, `{"date":"2026-11-24"}`, "X-Forwarded-For", fmt.Sprintf("192.0.2.%d", i+1))
			if got.status != 401 {
				t.Fatalf("status %d, want 401", got.status)
			}
			if h := got.header.Get("WWW-Authenticate"); h != "Bearer" {
				t.Fatalf("WWW-Authenticate %q, want Bearer", h)
			}
			if got.body != `{"error":"unauthorized"}` {
				t.Fatalf("body %s", got.body)
			}
		})
	}
	for _, auth := range []string{"Bearer " + adminToken, "bearer " + adminToken, "BEARER  " + adminToken + " "} {
		if got := a.do(t, "GET", "/admin/points", auth, ""); got.status != 200 {
			t.Errorf("%q: status %d, want 200", auth, got.status)
		}
	}
	if got := a.staff(t, "GET", "/admin/secret-route", ""); got.status != 404 || got.body != `{"error":"not found"}` {
		t.Errorf("unknown route with the token: %d %s", got.status, got.body)
	}
}

func TestAdminPoints(t *testing.T) {
	a := startAdmin(t, adminConfig(t))
	got := a.staff(t, "GET", "/admin/points", "")
	want := `[{"id":"ben_thanh","kind":"commune_police","name":"Công an phường Bến Thành","address":"30 Lê Thánh Tôn","home_visits":true},` +
		`{"id":"pa08_hcm","kind":"immigration_office","name":"Phòng Quản lý xuất nhập cảnh","address":"333 Nguyễn Trãi, Quận 1","home_visits":false}]`
	if got.status != 200 || got.body != want {
		t.Fatalf("%d %s\nwant %s", got.status, got.body, want)
	}
	if cc := got.header.Get("Cache-Control"); cc != "no-store" {
		t.Fatalf("Cache-Control %q, want no-store", cc)
	}
}

// roster is a day at ben_thanh, in the store's order, not by time. The
// first name is a spreadsheet formula, as a malicious booker might type.
func roster() []bot.Appointment {
	at := func(hh, mm int) time.Time { return time.Date(2026, 11, 24, hh, mm, 0, 0, hcm).UTC() }
	return []bot.Appointment{
		{Code: "BBB-222", Person: "tg:2", PointID: "ben_thanh", Start: at(8, 10), End: at(8, 30),
			Name: "Trần Văn Bình", ForOther: true, Applicant: "citizen", Checklist: "C1", Status: bot.StatusBooked},
		{Code: "AAA-111", Person: "tg:1", PointID: "ben_thanh", Start: at(7, 30), End: at(7, 50),
			Name: "=cmd|' /C calc'!A0", Phone: "+84912345678", Applicant: "citizen", Checklist: "C2", Status: bot.StatusCheckedIn},
	}
}

// rosterConfig serves roster() for ben_thanh on 24 Nov 2026.
func rosterConfig(t *testing.T) httpserver.Config {
	cfg := adminConfig(t)
	cfg.Appointments.(*fakeAppointments).forPoint = func(_ context.Context, point, day string) ([]bot.Appointment, error) {
		if point != "ben_thanh" || day != "20261124" {
			t.Errorf("ForPoint(%q, %q)", point, day)
		}
		return roster(), nil
	}
	return cfg
}

func TestAdminAppointmentsJSON(t *testing.T) {
	a := startAdmin(t, rosterConfig(t))
	want := `[{"start":"2026-11-24T07:30:00+07:00","end":"2026-11-24T07:50:00+07:00","code":"AAA-111","point":"ben_thanh",` +
		`"name":"=cmd|' /C calc'!A0","phone":"+84912345678","status":"checked_in","for_other":false,"applicant":"citizen","checklist":"C2"},` +
		`{"start":"2026-11-24T08:10:00+07:00","end":"2026-11-24T08:30:00+07:00","code":"BBB-222","point":"ben_thanh",` +
		`"name":"Trần Văn Bình","status":"booked","for_other":true,"applicant":"citizen","checklist":"C1"}]`
	for _, header := range [][]string{nil, {"Accept", "application/json"}, {"Accept", "*/*"}} {
		got := a.staff(t, "GET", "/admin/points/ben_thanh/appointments?date=2026-11-24", "", header...)
		if got.status != 200 || got.body != want {
			t.Fatalf("Accept %v: %d %s\nwant %s", header, got.status, got.body, want)
		}
		if ct := got.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
			t.Fatalf("Content-Type %q", ct)
		}
	}
}

func TestAdminAppointmentsCSV(t *testing.T) {
	a := startAdmin(t, rosterConfig(t))
	// The BOM makes Excel read UTF-8; the apostrophes defuse the formula
	// and keep the phone number text.
	want := "\xEF\xBB\xBFtime,code,name,phone,status,for_other,applicant,checklist\r\n" +
		"07:30,AAA-111,'=cmd|' /C calc'!A0,'+84912345678,checked_in,no,citizen,C2\r\n" +
		"08:10,BBB-222,Trần Văn Bình,,booked,yes,citizen,C1\r\n"
	for _, tc := range []struct {
		query  string
		header []string
	}{
		{"&format=csv", nil},
		{"&format=csv", []string{"Accept", "application/json"}}, // the parameter wins
		{"", []string{"Accept", "text/csv"}},
	} {
		got := a.staff(t, "GET", "/admin/points/ben_thanh/appointments?date=2026-11-24"+tc.query, "", tc.header...)
		if got.status != 200 || got.body != want {
			t.Fatalf("%q %v: %d\n%q\nwant\n%q", tc.query, tc.header, got.status, got.body, want)
		}
		if ct := got.header.Get("Content-Type"); ct != "text/csv; charset=utf-8" {
			t.Fatalf("Content-Type %q", ct)
		}
		if cd := got.header.Get("Content-Disposition"); cd != `attachment; filename="ben_thanh-2026-11-24.csv"` {
			t.Fatalf("Content-Disposition %q", cd)
		}
	}
}

func TestAdminAppointmentsErrors(t *testing.T) {
	cfg := adminConfig(t)
	var down atomic.Bool
	cfg.Appointments.(*fakeAppointments).forPoint = func(context.Context, string, string) ([]bot.Appointment, error) {
		if down.Load() {
			return nil, fmt.Errorf("list day: %w", bot.ErrUnavailable)
		}
		return nil, nil
	}
	a := startAdmin(t, cfg)
	base := "/admin/points/ben_thanh/appointments"
	for _, tc := range []struct {
		path   string
		status int
		body   string
	}{
		{"/admin/points/nowhere/appointments?date=2026-11-24", 404, `{"error":"no reception point with that id"}`},
		{base, 400, `{"error":"bad request: date \"\": want YYYY-MM-DD"}`},
		{base + "?date=24/11/2026", 400, `{"error":"bad request: date \"24/11/2026\": want YYYY-MM-DD"}`},
		{base + "?date=2026-02-30", 400, `{"error":"bad request: date \"2026-02-30\": want YYYY-MM-DD"}`},
		{base + "?date=2026-11-24&format=xlsx", 400, `{"error":"bad request: format \"xlsx\": want csv or json"}`},
		{base + "?date=2026-11-24", 200, `[]`},
	} {
		if got := a.staff(t, "GET", tc.path, ""); got.status != tc.status || got.body != tc.body {
			t.Errorf("%s: %d %s, want %d %s", tc.path, got.status, got.body, tc.status, tc.body)
		}
	}
	down.Store(true)
	got := a.staff(t, "GET", base+"?date=2026-11-24", "")
	if got.status != 503 || got.header.Get("Retry-After") == "" {
		t.Fatalf("store down: %d, Retry-After %q", got.status, got.header.Get("Retry-After"))
	}
}

func TestAdminStatusChanges(t *testing.T) {
	cfg := adminConfig(t)
	type call struct{ code, status string }
	calls := make(chan call, 10)
	cfg.Appointments.(*fakeAppointments).setStatus = func(_ context.Context, code, status string) (bot.Appointment, error) {
		calls <- call{code, status}
		switch code {
		case "K7Q-4MX":
			a := roster()[1]
			a.Code, a.Status = code, status
			return a, nil
		case "NNN-000":
			return bot.Appointment{}, bot.ErrNoAppointment
		case "CCC-000":
			return bot.Appointment{}, fmt.Errorf("%w: CCC-000 is cancelled", bot.ErrStatusChange)
		}
		return bot.Appointment{}, fmt.Errorf("set status: %w", bot.ErrUnavailable)
	}
	a := startAdmin(t, cfg)
	for _, tc := range []struct {
		path     string
		status   int
		body     string
		called   call
		noCalled bool
	}{
		{"/admin/appointments/K7Q-4MX/check-in", 200, `"code":"K7Q-4MX",`, call{"K7Q-4MX", "checked_in"}, false},
		{"/admin/appointments/k7q4mx/check-in", 200, `"status":"checked_in"`, call{"K7Q-4MX", "checked_in"}, false},
		{"/admin/appointments/k7q-4mx/no-show", 200, `"status":"no_show"`, call{"K7Q-4MX", "no_show"}, false},
		{"/admin/appointments/nnn000/check-in", 404, `{"error":"no appointment with that code"}`, call{"NNN-000", "checked_in"}, false},
		{"/admin/appointments/CCC-000/no-show", 409, `{"error":"that status change is not allowed: the appointment may be cancelled"}`, call{"CCC-000", "no_show"}, false},
		{"/admin/appointments/RRR-000/check-in", 503, `{"error":"temporarily unavailable, retry later"}`, call{"RRR-000", "checked_in"}, false},
		{"/admin/appointments/K7Q-4M/check-in", 400, `{"error":"bad request: \"K7Q-4M\" is not a booking code like K7Q-4MX"}`, call{}, true},
	} {
		got := a.staff(t, "POST", tc.path, "")
		if got.status != tc.status || !strings.Contains(got.body, tc.body) {
			t.Errorf("%s: %d %s, want %d with %s", tc.path, got.status, got.body, tc.status, tc.body)
		}
		select {
		case c := <-calls:
			if tc.noCalled || c != tc.called {
				t.Errorf("%s: SetStatus%v, want %v", tc.path, c, tc.called)
			}
		default:
			if !tc.noCalled {
				t.Errorf("%s: SetStatus not called", tc.path)
			}
		}
	}
	if got := a.staff(t, "GET", "/admin/appointments/K7Q-4MX/check-in", ""); got.status != 405 && got.status != 404 {
		t.Errorf("GET on a POST route: %d", got.status)
	}
}

func TestAdminVisits(t *testing.T) {
	cfg := adminConfig(t)
	cfg.Visits.(*fakeVisits).visitsFor = func(_ context.Context, point string) ([]bot.VisitRequest, error) {
		if point != "ben_thanh" {
			t.Errorf("VisitsFor(%q)", point)
		}
		return []bot.VisitRequest{
			{ID: "v1", Person: "tg:9", Chat: bot.Chat{Channel: "tg", ID: "9"}, Lang: bot.Vietnamese, PointID: "ben_thanh",
				Name: "Bà Lê Thị Mai", Phone: "0912345678", Place: "Hẻm 12, nhà số 4", Status: "pending",
				Created: time.Date(2026, 11, 19, 2, 0, 0, 0, time.UTC)},
			{ID: "v2", Person: "tg:8", Lang: bot.English, PointID: "ben_thanh", Name: "John", Place: "Hotel",
				Status: "accepted", Date: time.Date(2026, 11, 23, 8, 0, 0, 0, hcm), Created: time.Date(2026, 11, 19, 3, 0, 0, 0, time.UTC)},
		}, nil
	}
	a := startAdmin(t, cfg)
	got := a.staff(t, "GET", "/admin/points/ben_thanh/visits", "")
	want := `[{"id":"v1","point":"ben_thanh","name":"Bà Lê Thị Mai","phone":"0912345678","place":"Hẻm 12, nhà số 4","lang":"vi","status":"pending","created":"2026-11-19T09:00:00+07:00"},` +
		`{"id":"v2","point":"ben_thanh","name":"John","place":"Hotel","lang":"en","status":"accepted","date":"2026-11-23","created":"2026-11-19T10:00:00+07:00"}]`
	if got.status != 200 || got.body != want {
		t.Fatalf("%d %s\nwant %s", got.status, got.body, want)
	}
	if got := a.staff(t, "GET", "/admin/points/nowhere/visits", ""); got.status != 404 {
		t.Fatalf("unknown point: %d", got.status)
	}
}

// visitFixture records AcceptVisit and VisitAccepted calls; notifyErr, when
// set, makes the notification fail.
type visitFixture struct {
	mu        sync.Mutex
	accepted  []time.Time
	notified  []bot.VisitRequest
	notifyErr error
}

func (f *visitFixture) config(t *testing.T) httpserver.Config {
	cfg := adminConfig(t)
	cfg.Visits.(*fakeVisits).acceptVisit = func(_ context.Context, id string, date time.Time) (bot.VisitRequest, error) {
		if id != "v1" {
			return bot.VisitRequest{}, bot.ErrNoVisit
		}
		f.mu.Lock()
		defer f.mu.Unlock()
		f.accepted = append(f.accepted, date)
		return bot.VisitRequest{ID: id, Person: "tg:9", PointID: "ben_thanh", Name: "Mai", Status: "accepted", Date: date,
			Created: adminNow}, nil
	}
	cfg.Notifier = notifierFunc(func(_ context.Context, v bot.VisitRequest) error {
		f.mu.Lock()
		defer f.mu.Unlock()
		f.notified = append(f.notified, v)
		return f.notifyErr
	})
	return cfg
}

func (f *visitFixture) counts() (accepted, notified int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.accepted), len(f.notified)
}

func TestAdminAcceptVisit(t *testing.T) {
	f := &visitFixture{}
	a := startAdmin(t, f.config(t))
	got := a.staff(t, "POST", "/admin/visits/v1/accept", `{"date":"2026-11-24"}`, "Content-Type", "application/json")
	want := `{"id":"v1","point":"ben_thanh","name":"Mai","place":"","lang":"","status":"accepted","date":"2026-11-24","created":"2026-11-20T10:00:00+07:00"}`
	if got.status != 200 || got.body != want {
		t.Fatalf("%d %s\nwant %s", got.status, got.body, want)
	}
	f.mu.Lock()
	accepted, notified := f.accepted, f.notified
	f.mu.Unlock()
	if !accepted[0].Equal(time.Date(2026, 11, 24, 8, 0, 0, 0, hcm)) {
		t.Fatalf("AcceptVisit date %v, want 08:00 in Vietnam", accepted[0])
	}
	if len(notified) != 1 || notified[0].ID != "v1" || !notified[0].Date.Equal(accepted[0]) {
		t.Fatalf("notified %+v", notified)
	}
	// Today is not the past.
	if got := a.staff(t, "POST", "/admin/visits/v1/accept", `{"date":"2026-11-20"}`); got.status != 200 {
		t.Fatalf("today: %d %s", got.status, got.body)
	}
}

// TestAdminDeclineVisit: staff decline a request; the person is told
// (the notifier gets the declined request) and staff see its code.
func TestAdminDeclineVisit(t *testing.T) {
	f := &visitFixture{}
	cfg := f.config(t)
	a := startAdmin(t, cfg)
	got := a.staff(t, "POST", "/admin/visits/v1/decline", ``)
	want := `{"id":"v1","code":"K7Q-4MX","point":"ben_thanh","name":"Mai","place":"","lang":"","status":"declined","created":"2026-11-20T10:00:00+07:00"}`
	if got.status != 200 || got.body != want {
		t.Fatalf("%d %s\nwant %s", got.status, got.body, want)
	}
	f.mu.Lock()
	notified := f.notified
	f.mu.Unlock()
	if len(notified) != 1 || notified[0].Status != bot.VisitDeclined || notified[0].Code != "K7Q-4MX" {
		t.Fatalf("notified %+v", notified)
	}
	if got := a.staff(t, "POST", "/admin/visits/nope/decline", ``); got.status != 404 {
		t.Fatalf("unknown visit: %d %s", got.status, got.body)
	}
	if d := cfg.Visits.(*fakeVisits).declined; len(d) != 1 {
		t.Fatalf("declined %v", d)
	}
}

func TestAdminAcceptVisitRejects(t *testing.T) {
	f := &visitFixture{}
	a := startAdmin(t, f.config(t))
	for _, tc := range []struct {
		path, body string
		status     int
		msg        string
	}{
		{"/admin/visits/v1/accept", `{"date":"2026-11-19"}`, 400, `{"error":"bad request: date 2026-11-19 is in the past"}`},
		{"/admin/visits/v1/accept", `{"date":"19/11/2026"}`, 400, `{"error":"bad request: date \"19/11/2026\": want YYYY-MM-DD"}`},
		{"/admin/visits/v1/accept", `{}`, 400, `{"error":"bad request: date \"\": want YYYY-MM-DD"}`},
		{"/admin/visits/v1/accept", ``, 400, `{"error":"bad request: want a JSON body {\"date\":\"YYYY-MM-DD\"}"}`},
		{"/admin/visits/v1/accept", `{"day":"2026-11-24"}`, 400, `{"error":"bad request: want a JSON body {\"date\":\"YYYY-MM-DD\"}"}`},
	} {
		if got := a.staff(t, "POST", tc.path, tc.body); got.status != tc.status || got.body != tc.msg {
			t.Errorf("%s %s: %d %s, want %d %s", tc.path, tc.body, got.status, got.body, tc.status, tc.msg)
		}
	}
	if n, _ := f.counts(); n != 0 {
		t.Fatalf("AcceptVisit called %d times for bad requests", n)
	}
	got := a.staff(t, "POST", "/admin/visits/nope/accept", `{"date":"2026-11-24"}`)
	if got.status != 404 || got.body != `{"error":"no visit request with that id (it may have expired)"}` {
		t.Fatalf("unknown visit: %d %s", got.status, got.body)
	}
	if _, n := f.counts(); n != 0 {
		t.Fatal("an unknown visit was notified")
	}
}

func TestAdminAcceptVisitNotifyFails(t *testing.T) {
	f := &visitFixture{notifyErr: errors.New("telegram: Forbidden: bot was blocked")}
	a := startAdmin(t, f.config(t))
	got := a.staff(t, "POST", "/admin/visits/v1/accept", `{"date":"2026-11-24"}`)
	want := `{"error":"the answer to the visit is stored, but telling the person failed: repeat the same call to retry the notification"}`
	if got.status != 502 || got.body != want || got.header.Get("Retry-After") != "" {
		t.Fatalf("%d %s (Retry-After %q)", got.status, got.body, got.header.Get("Retry-After"))
	}
	// Even a notifier failing because its own store is down is a 502:
	// the acceptance is stored either way.
	f.mu.Lock()
	f.notifyErr = fmt.Errorf("send: %w", bot.ErrUnavailable)
	f.mu.Unlock()
	if got := a.staff(t, "POST", "/admin/visits/v1/accept", `{"date":"2026-11-24"}`); got.status != 502 {
		t.Fatalf("notifier unavailable: %d", got.status)
	}
	f.mu.Lock()
	f.notifyErr = nil
	f.mu.Unlock()
	if got := a.staff(t, "POST", "/admin/visits/v1/accept", `{"date":"2026-11-24"}`); got.status != 200 {
		t.Fatalf("repeat: %d %s", got.status, got.body)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.accepted) != 3 || len(f.notified) != 3 || !f.accepted[0].Equal(f.accepted[2]) {
		t.Fatalf("accepted %v, notified %d times", f.accepted, len(f.notified))
	}
	if !strings.Contains(a.log.String(), "bot was blocked") {
		t.Fatalf("the notifier's error is not in the log:\n%s", a.log)
	}
}

func TestAdminLogsNoPersonalData(t *testing.T) {
	f := &visitFixture{notifyErr: errors.New("network down")}
	cfg := f.config(t)
	cfg.Appointments = rosterConfig(t).Appointments
	a := startAdmin(t, cfg)
	a.staff(t, "GET", "/admin/points/ben_thanh/appointments?date=2026-11-24", "")
	a.staff(t, "GET", "/admin/points/ben_thanh/appointments?date=2026-11-24&format=csv", "")
	a.staff(t, "POST", "/admin/visits/v1/accept", `{"date":"2026-11-24"}`)
	a.do(t, "GET", "/admin/points", "Bearer "+adminToken+"-wrong", "")
	log := a.log.String()
	if strings.Count(log, "route=/admin") != 4 {
		t.Fatalf("want one log line per request:\n%s", log)
	}
	for _, secret := range []string{adminToken, "Trần", "calc", "+84912345678", "Mai"} {
		if strings.Contains(log, secret) {
			t.Errorf("the log shows %q:\n%s", secret, log)
		}
	}
}
