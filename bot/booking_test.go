package bot_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/bot/appointment"
	"github.com/eidbot/eidbot/bot/committee"
	"github.com/eidbot/eidbot/internal/i18n"
	"github.com/eidbot/eidbot/locales"
)

// memDirectory has one commune police point with two slots a day, one seat
// each, every day; and one team that makes home visits.
type memDirectory struct{}

var (
	station = bot.Point{ID: "p1", Kind: "commune_police", Names: map[string]string{"vi": "Công an phường A", "en": "Ward A Police"},
		Addresses: map[string]string{"vi": "1 Lê Lợi"}, Areas: map[string]string{"vi": "Khu 1"}, Lat: 10.7, Lon: 106.7}
	team = bot.Point{ID: "t1", Kind: "mobile_team", Names: map[string]string{"vi": "Tổ lưu động"}, Addresses: map[string]string{"vi": "x"},
		Areas: map[string]string{"vi": "Khu 2"}, HomeVisits: true}
)

func (memDirectory) Points(applicant string) []bot.Point {
	if applicant != bot.ApplicantCitizen {
		return nil
	}
	return []bot.Point{station, team}
}

func (memDirectory) Point(id string) (bot.Point, bool) {
	switch id {
	case "p1":
		return station, true
	case "t1":
		return team, true
	}
	return bot.Point{}, false
}

func (d memDirectory) Nearest(applicant string, lat, lon float64, n int) []bot.Nearby {
	return []bot.Nearby{{Point: station, KM: 1.25}}
}

func (memDirectory) Days(id string, now time.Time, n int) []time.Time {
	d := now.Truncate(24 * time.Hour).Add(24 * time.Hour)
	return []time.Time{d, d.Add(24 * time.Hour)}[:min(n, 2)]
}

func (memDirectory) Slots(id string, day, now time.Time) []bot.Slot {
	var out []bot.Slot
	for _, h := range []int{1, 2} { // 08:00 and 09:00 in Vietnam
		start := day.Add(time.Duration(h) * time.Hour)
		out = append(out, bot.Slot{ID: start.Format("20060102-1504"), Start: start, End: start.Add(30 * time.Minute), Seats: 1})
	}
	return out
}

func (memDirectory) ReadyBy(at time.Time, days int) (time.Time, bool) {
	return at.AddDate(0, 0, days+2), false
}

func (memDirectory) Calendar(a bot.Appointment, p bot.Point, lang bot.Lang, summary, description string, _ time.Time) []byte {
	return []byte(fmt.Sprintf("BEGIN:VCALENDAR\nUID:%s\nSEQUENCE:%d\nSUMMARY:%s\nEND:VCALENDAR\n", a.Code, a.Sequence, summary))
}

// memBookings keeps appointments in maps, with the same capacity and
// one-per-person rules as the Redis store (which is tested against Redis).
type memBookings struct {
	mu       sync.Mutex
	taken    map[string]int // point|slot
	appts    map[string]bot.Appointment
	requests map[string]bot.Appointment
	visits   []bot.VisitRequest
	due      []bot.Reminder
}

func newMemBookings() *memBookings {
	return &memBookings{taken: map[string]int{}, appts: map[string]bot.Appointment{}, requests: map[string]bot.Appointment{}}
}

func (m *memBookings) active(person string) (bot.Appointment, bool) {
	for _, a := range m.appts {
		if a.Person == person && a.Status == bot.StatusBooked {
			return a, true
		}
	}
	return bot.Appointment{}, false
}

func (m *memBookings) Book(_ context.Context, req bot.BookRequest) (bot.Appointment, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if a, ok := m.requests[req.ID]; ok {
		return a, nil
	}
	a := req.Appointment
	if _, ok := m.active(a.Person); ok {
		return bot.Appointment{}, bot.ErrHasAppointment
	}
	if m.taken[a.PointID+"|"+a.SlotID] >= req.Seats {
		return bot.Appointment{}, bot.ErrSlotFull
	}
	m.taken[a.PointID+"|"+a.SlotID]++
	m.appts[a.Code], m.requests[req.ID] = a, a
	for _, r := range req.Reminders {
		r.Code = a.Code
		m.due = append(m.due, r)
	}
	return a, nil
}

func (m *memBookings) Reschedule(_ context.Context, person string, req bot.BookRequest) (bot.Appointment, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	old, ok := m.active(person)
	if !ok {
		return bot.Appointment{}, bot.ErrNoAppointment
	}
	a := req.Appointment
	if m.taken[a.PointID+"|"+a.SlotID] >= req.Seats {
		return bot.Appointment{}, bot.ErrSlotFull
	}
	m.taken[old.PointID+"|"+old.SlotID]--
	m.taken[a.PointID+"|"+a.SlotID]++
	m.appts[a.Code] = a
	return a, nil
}

func (m *memBookings) Cancel(_ context.Context, person, requestID string) (bot.Appointment, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	a, ok := m.active(person)
	if !ok {
		return bot.Appointment{}, bot.ErrNoAppointment
	}
	a.Status = bot.StatusCancelled
	m.appts[a.Code] = a
	m.taken[a.PointID+"|"+a.SlotID]--
	return a, nil
}

func (m *memBookings) Active(_ context.Context, person string) (bot.Appointment, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	a, ok := m.active(person)
	return a, ok, nil
}

func (m *memBookings) Get(_ context.Context, code string) (bot.Appointment, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	a, ok := m.appts[code]
	return a, ok, nil
}

func (m *memBookings) Taken(_ context.Context, point string, slots []string) ([]int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make([]int, len(slots))
	for i, s := range slots {
		out[i] = m.taken[point+"|"+s]
	}
	return out, nil
}

func (m *memBookings) ForPoint(context.Context, string, string) ([]bot.Appointment, error) {
	return nil, nil
}

func (m *memBookings) SetStatus(context.Context, string, string) (bot.Appointment, error) {
	return bot.Appointment{}, nil
}

func (m *memBookings) RequestVisit(_ context.Context, v bot.VisitRequest) (bot.VisitRequest, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.visits = append(m.visits, v)
	return v, nil
}

func (m *memBookings) VisitsFor(context.Context, string) ([]bot.VisitRequest, error) { return nil, nil }

func (m *memBookings) AcceptVisit(context.Context, string, time.Time) (bot.VisitRequest, error) {
	return bot.VisitRequest{}, nil
}

func (m *memBookings) ClaimDue(_ context.Context, now time.Time, n int, _ time.Duration) ([]bot.Reminder, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out, rest []bot.Reminder
	for _, r := range m.due {
		if !r.Due.After(now) && len(out) < n {
			out = append(out, r)
		} else {
			rest = append(rest, r)
		}
	}
	m.due = rest
	return out, nil
}

func (m *memBookings) Done(context.Context, bot.Reminder) error { return nil }

// testFeatures builds the appointments and committees features on
// in-memory stores, with the test directory and areas.
func testFeatures(t testing.TB, books *memBookings, com *memCommittee) []bot.Feature {
	t.Helper()
	n := 0
	appts, err := appointment.New(appointment.Config{Directory: memDirectory{}, Appointments: books, Visits: books,
		Reminders: books, NewCode: func() string { n++; return fmt.Sprintf("AB%d-XYZ", n) }})
	if err != nil {
		t.Fatal(err)
	}
	committees, err := committee.New(committee.Config{Admins: []bot.UserID{admin}, Areas: testAreas, Roles: com, Audit: com,
		Subscriptions: com, Campaigns: com, Funnel: memFunnel{com}, Directory: memDirectory{}})
	if err != nil {
		t.Fatal(err)
	}
	return []bot.Feature{appts, committees}
}

// bookingEngine is the real flows and locales with in-memory booking.
func bookingEngine(t *testing.T, now func() time.Time) (*bot.Engine, *appointment.Feature, *memBookings, *recSender) {
	t.Helper()
	_, set := realEngine(t)
	cat := catalogFor(t)
	sessions, books, sender := newMemSessions(), newMemBookings(), &recSender{}
	features := testFeatures(t, books, newMemCommittee())
	e, err := bot.NewEngine(bot.Config{Flows: set, Translator: cat, Sessions: sessions, Journal: newMemJournal(sessions),
		Sender: sender, Now: now, Features: features})
	if err != nil {
		t.Fatal(err)
	}
	return e, features[0].(*appointment.Feature), books, sender
}

// chat drives an engine through Handle, like a channel would.
type chat struct {
	t      *testing.T
	e      *bot.Engine
	sender *recSender
	lang   string
	caps   *bot.Caps // what the channel can do; nil: Telegram's all
}

func (c *chat) send(u bot.Update) []bot.Reply {
	c.t.Helper()
	u.From.LanguageCode, u.Caps = c.lang, c.caps
	before := len(c.sender.replies())
	if err := c.e.Handle(context.Background(), u); err != nil {
		c.t.Fatalf("Handle: %v", err)
	}
	return c.sender.replies()[before:]
}

// press presses the newest button whose data ends with "|"+choice, or the
// first picker button when choice is "*".
func (c *chat) press(choice string) []bot.Reply {
	c.t.Helper()
	rs := c.sender.replies()
	for i := len(rs) - 1; i >= 0; i-- {
		for _, row := range rs[i].Buttons {
			for _, b := range row {
				if strings.HasSuffix(b.Data, "|"+choice) || choice == "*" && strings.HasPrefix(b.Data, "p|") {
					return c.send(press(b.Data, i+1))
				}
			}
		}
		if rs[i].Kind == bot.ReplyText && len(rs[i].Buttons) > 0 {
			c.t.Fatalf("no button %q in %+v", choice, rs[i].Buttons)
		}
	}
	c.t.Fatalf("no buttons at all")
	return nil
}

func joined(rs []bot.Reply) string {
	var parts []string
	for _, r := range rs {
		parts = append(parts, string(r.Kind)+": "+r.Text)
	}
	return strings.Join(parts, "\n")
}

func catalogFor(t *testing.T) *i18n.Catalog {
	t.Helper()
	c, err := i18n.Load(locales.FS())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// toConsent books from a positive verdict for oneself at the station, on
// the first day at the first time, up to the consent question.
func (c *chat) toConsent() []bot.Reply {
	for _, ch := range []string{"book", "self", "point"} {
		c.press(ch)
	}
	c.press("*") // the station
	c.press("*") // the first day
	return c.press("*")
}

// eligible walks the chat to a positive verdict for a citizen.
func (c *chat) eligible() {
	c.send(cmd("start", "check"))
	for _, ch := range []string{"vn", "14_plus", "valid", "mine", "has"} {
		c.press(ch)
	}
}

func TestBookingFlowWithFakes(t *testing.T) {
	now := time.Date(2026, 11, 23, 2, 0, 0, 0, time.UTC)
	e, appts, books, sender := bookingEngine(t, func() time.Time { return now })
	c := &chat{t: t, e: e, sender: sender, lang: "en"}

	// No check yet: booking asks for one first.
	rs := c.send(cmd("start", "book"))
	if !strings.Contains(joined(rs), "eligibility check") {
		t.Fatalf("booking without a check:\n%s", joined(rs))
	}
	c.eligible()
	rs = c.toConsent()
	if !strings.Contains(joined(rs), "Do you agree?") {
		t.Fatalf("no consent screen before personal data:\n%s", joined(rs))
	}
	for _, r := range rs {
		if r.Kind != bot.ReplyText {
			continue
		}
		for _, row := range r.Buttons {
			for _, b := range row {
				if strings.HasPrefix(b.Label, "✓") {
					t.Fatal("consent must not be pre-selected")
				}
			}
		}
	}
	c.press("agree")
	c.press("yes") // reminders
	c.send(text("Lê Thị Hoa"))
	rs = c.send(bot.Update{ID: "9001", Kind: bot.UpdateContact, Chat: private, From: bot.User{ID: "tg:42"}, Contact: &bot.Contact{Phone: "84912345678", UserID: "tg:42"}, Time: now})
	if !strings.Contains(joined(rs), "+84912345678") || !strings.Contains(joined(rs), "Lê Thị Hoa") {
		t.Fatalf("summary:\n%s", joined(rs))
	}
	rs = c.press("yes")
	if kinds(rs) != "answer edit text venue document" || !strings.Contains(rs[2].Text, "AB1-XYZ") {
		t.Fatalf("confirmation %s:\n%s", kinds(rs), joined(rs))
	}
	a, found, _ := books.Active(context.Background(), private.Key())
	if !found || a.Name != "Lê Thị Hoa" || a.Phone != "+84912345678" || !a.Reminders || a.Checklist != "C1" || a.Consent.IsZero() {
		t.Fatalf("stored %+v", a)
	}
	if len(books.due) != 2 {
		t.Fatalf("reminders scheduled: %+v", books.due)
	}

	// A second booking is refused; the existing one is shown.
	rs = c.send(cmd("start", "book"))
	if !strings.Contains(joined(rs), "AB1-XYZ") {
		t.Fatalf("second booking:\n%s", joined(rs))
	}

	// The evening before, the reminder goes out, in English.
	now = books.due[0].Due // the evening before
	if n, err := appts.SendDueReminders(context.Background()); n != 1 || err != nil {
		t.Fatalf("reminders: %d %v (scheduled %+v, now %v, appointment %+v)", n, err, books.due, now, a)
	}
	if last := sender.replies()[len(sender.replies())-1]; !strings.Contains(last.Text, "Reminder") || !strings.Contains(last.Text, "AB1-XYZ") {
		t.Fatalf("reminder: %s", last.Text)
	}
}

func TestBookingSlotTakenMeanwhile(t *testing.T) {
	now := time.Date(2026, 11, 23, 2, 0, 0, 0, time.UTC)
	e, _, books, sender := bookingEngine(t, func() time.Time { return now })
	c := &chat{t: t, e: e, sender: sender, lang: "en"}
	c.eligible()
	c.toConsent()
	c.press("agree")
	c.press("no")
	c.send(text("Lê Thị Hoa"))
	c.send(text("Skip"))
	// Someone else takes the last seat of that time.
	books.mu.Lock()
	for _, day := range (memDirectory{}).Days("p1", t0, 2) {
		for _, s := range (memDirectory{}).Slots("p1", day, t0) {
			books.taken["p1|"+s.ID] = 1
		}
	}
	books.mu.Unlock()
	rs := c.press("yes")
	if !strings.Contains(joined(rs), "last place") {
		t.Fatalf("full slot:\n%s", joined(rs))
	}
	if _, found, _ := books.Active(context.Background(), private.Key()); found {
		t.Fatal("booked into a full slot")
	}
}

func TestDeclinedConsentStoresNothing(t *testing.T) {
	now := time.Date(2026, 11, 23, 2, 0, 0, 0, time.UTC)
	e, _, books, sender := bookingEngine(t, func() time.Time { return now })
	c := &chat{t: t, e: e, sender: sender, lang: "vi"}
	c.eligible()
	c.toConsent()
	rs := c.press("decline")
	if !strings.Contains(joined(rs), "chưa có thông tin nào được lưu") {
		t.Fatalf("decline:\n%s", joined(rs))
	}
	if len(books.appts) != 0 || len(books.requests) != 0 {
		t.Fatal("something was stored after declining")
	}
}

func TestDeepLinkToAPoint(t *testing.T) {
	now := time.Date(2026, 11, 23, 2, 0, 0, 0, time.UTC)
	e, _, _, sender := bookingEngine(t, func() time.Time { return now })
	c := &chat{t: t, e: e, sender: sender, lang: "en"}
	c.eligible()
	c.send(cmd("start", "point_p1"))
	rs := c.press("self")
	if !strings.Contains(joined(rs), "Choose a day") {
		t.Fatalf("a deep link to a point must skip choosing it:\n%s", joined(rs))
	}
}

func TestReminderTimes(t *testing.T) {
	ict := bot.Vietnam
	start := time.Date(2026, 11, 24, 8, 0, 0, 0, ict)
	for _, tc := range []struct {
		name string
		now  time.Time
		want []string
	}{
		{"two days ahead", start.AddDate(0, 0, -2), []string{"eve 2026-11-23 19:00", "soon 2026-11-24 06:00"}},
		{"after the evening one", time.Date(2026, 11, 23, 20, 0, 0, 0, ict), []string{"soon 2026-11-24 06:00"}},
		{"an hour before", start.Add(-time.Hour), nil},
	} {
		var got []string
		for _, r := range appointment.ReminderTimes(bot.Appointment{Start: start}, tc.now) {
			got = append(got, r.Kind+" "+r.Due.In(ict).Format("2006-01-02 15:04"))
		}
		if fmt.Sprint(got) != fmt.Sprint(tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestRemindersSkipBlockedChatsAndSortByLocation(t *testing.T) {
	now := time.Date(2026, 11, 23, 2, 0, 0, 0, time.UTC)
	_, set := realEngine(t)
	sessions, books, sender := newMemSessions(), newMemBookings(), &recSender{}
	blocks := &blockRecorder{got: map[string]bool{}}
	features := testFeatures(t, books, newMemCommittee())
	e, err := bot.NewEngine(bot.Config{Flows: set, Translator: catalogFor(t), Sessions: sessions, Journal: newMemJournal(sessions),
		Sender: sender, Blocks: blocks, Now: func() time.Time { return now }, Features: features})
	if err != nil {
		t.Fatal(err)
	}
	appts := features[0].(*appointment.Feature)
	c := &chat{t: t, e: e, sender: sender, lang: "en"}
	c.eligible()
	for _, ch := range []string{"book", "self", "point"} {
		c.press(ch)
	}
	// A shared location lists the nearest points first, with distances.
	rs := c.send(bot.Update{ID: "7001", Kind: bot.UpdateLocation, Chat: private, From: bot.User{ID: "tg:42"},
		Location: &bot.Location{Lat: 10.7, Lon: 106.7}, Time: t0})
	if len(rs) == 0 || rs[len(rs)-1].Buttons[0][0].Label != "Ward A Police · 1.2 km" {
		t.Fatalf("nearest first: %+v", rs)
	}
	c.press("*")
	c.press("*")
	c.press("*")
	c.press("agree")
	c.press("yes")
	c.send(text("Lê Thị Hoa"))
	c.send(text("Skip"))
	c.press("yes")
	_ = blocks.SetBlocked(context.Background(), private, true)
	now = books.due[len(books.due)-1].Due
	sent := len(sender.replies())
	if n, err := appts.SendDueReminders(context.Background()); n != 0 || err != nil || len(sender.replies()) != sent {
		t.Fatalf("a reminder went to a chat that blocked the bot: %d %v", n, err)
	}
}
