package appointment_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/bot/appointment"
	"github.com/eidbot/eidbot/bot/bottest"
	"github.com/eidbot/eidbot/bot/committee"
	"github.com/eidbot/eidbot/flows"
	"github.com/eidbot/eidbot/internal/booking"
	"github.com/eidbot/eidbot/internal/i18n"
	"github.com/eidbot/eidbot/locales"
)

// The check up to a positive verdict, as a citizen with a chip card and a
// foreign national with a residence card.
var (
	citizenChecked   = []string{"/start check", "vn", "14_plus", "valid", "mine", "has"}
	foreignerChecked = []string{"/start check", "foreign", "trc", "14_plus", "mine"}
	// A grandmother with a chip card but no number in her own name.
	noOwnNumber = []string{"/start check", "vn", "14_plus", "valid", "not_mine"}
)

// bookingTranscripts are the booking paths, replayed in every language on
// the shipped reception points and calendar, on Monday 23 November 2026 at
// 09:00 (24 November is a holiday). Inputs as bottest.Script reads them.
var bookingTranscripts = []struct {
	name      string
	firstName string
	inputs    []string
	after     func(t *testing.T, g *goldenRig, s *bottest.Script) // what staff (and the person) do afterwards
}{
	// Book at the first point, move to another time, cancel.
	{"book-move-cancel", "Lan", join(citizenChecked, "book", "self", "point", "*", "*", "*", "agree", "yes",
		"'Lê Thị Hoa", "'0912 345 678", "yes", "/myappointment", "move", "*", "*2", "yes",
		"/myappointment", "cancel", "yes"), nil},
	// For a parent: the questions speak of them, no phone number given.
	{"book-for-someone-else", "Lan", join(citizenChecked, "book", "other", "point", "*", "*", "*", "agree", "yes", "no",
		"'Nguyễn Văn Bình", "k:1", "yes"), nil},
	// Issue 12: a grandson asks for a home visit for his grandmother, who
	// has no number of her own and cannot travel. He confirms she agreed;
	// a button's label and a question are not taken as her name; the
	// request gets a code and a status in /myappointment; staff accept
	// it; he cancels it.
	{"grandson-home-visit", "Huy", join(noOwnNumber, "book", "other", "visit", "*", "agree", "yes",
		"'Bỏ qua", "'Skip", "'làm ở đâu?", "'Nguyễn Thị Lành", "k:1",
		"'Số 5 ấp Thiềng Liềng, xã Thạnh An; bà không đi lại được", "yes", "/myappointment"), acceptThenCancel},
	// Issue 12: a relative books at a point that registers SIMs on the
	// spot; the summary says what to bring for it.
	{"relative-sim-point", "Huy", join(noOwnNumber, "book", "other", "point", "*", "*", "*", "agree", "yes", "no",
		"'Nguyễn Thị Lành", "k:1", "yes"), nil},
	// Someone who cannot travel asks for a home visit; staff accept it.
	{"home-visit", "Lan", join(citizenChecked, "book", "self", "visit", "*", "agree", "'Trần Văn Cường",
		"#contact", "'Số 12 hẻm 34 Hai Bà Trưng, phường Tân Định; ông nằm liệt giường", "yes"), acceptVisit},
	// A Korean resident: a name in Hangul is refused, the passport's
	// Latin spelling taken; the office is the immigration office.
	{"korean-passport-name", "Minjun", join(foreignerChecked, "book", "self", "*", "*", "*", "agree", "yes",
		"'김민준", "'KIM MINJUN", "'0912 345 678", "yes"), nil},
}

func join(a []string, b ...string) []string { return append(append([]string(nil), a...), b...) }

// TestGoldenBookings replays each booking path in each language and
// compares the conversation with testdata/golden/<name>.<lang>.txt;
// go test ./bot/... -update rewrites them.
func TestGoldenBookings(t *testing.T) {
	g := bottest.NewGolden("testdata/golden")
	for _, tr := range bookingTranscripts {
		for _, lang := range bot.Languages {
			g.Run(t, tr.name+"."+string(lang), func(t *testing.T) string {
				r := newGoldenRig(t)
				s := bottest.NewScript(t, r.e, r.sender, bottest.Person("", "tg:42", tr.firstName, string(lang)))
				s.Do(tr.inputs...)
				if tr.after != nil {
					tr.after(t, r, s)
				}
				return s.String()
			})
		}
	}
	g.Stale(t)
}

// acceptVisit is staff accepting the only visit request of the rig.
func acceptVisit(t *testing.T, r *goldenRig, s *bottest.Script) {
	s.Event("staff accept the visit for Saturday 28 November", func() { acceptOnly(t, r) })
}

// acceptThenCancel: staff accept the request, the person sees its new
// status in /myappointment and cancels it; staff no longer list it.
func acceptThenCancel(t *testing.T, r *goldenRig, s *bottest.Script) {
	acceptVisit(t, r, s)
	s.Do("/myappointment", "cancel", "yes", "/myappointment")
	for _, p := range r.dir.Points(bot.ApplicantCitizen) {
		if vs, err := r.books.VisitsFor(context.Background(), p.ID); err != nil || len(vs) != 0 {
			t.Fatalf("staff of %s still list %+v, %v", p.ID, vs, err)
		}
	}
}

// acceptOnly accepts the only open visit request and tells the person.
func acceptOnly(t *testing.T, r *goldenRig) {
	for _, p := range r.dir.Points(bot.ApplicantCitizen) {
		vs, err := r.books.VisitsFor(context.Background(), p.ID)
		if err != nil || len(vs) == 0 {
			continue
		}
		v, err := r.books.AcceptVisit(context.Background(), vs[0].ID, time.Date(2026, 11, 28, 0, 0, 0, 0, bot.Vietnam))
		if err != nil {
			t.Fatal(err)
		}
		if err := r.appts.VisitAccepted(context.Background(), v); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Fatal("no visit request")
}

// goldenRig is an engine on the real flows, catalogue, reception points
// and calendar, with in-memory stores.
type goldenRig struct {
	e        *bot.Engine
	appts    *appointment.Feature
	books    *bottest.Bookings
	consents *bottest.Consents
	dir      *booking.Reception
	sender   *bottest.Sender
}

func newGoldenRig(t *testing.T) *goldenRig {
	t.Helper()
	now := func() time.Time { return early }
	cat, err := i18n.Load(locales.FS())
	if err != nil {
		t.Fatal(err)
	}
	r := &goldenRig{books: bottest.NewBookings(now), consents: bottest.NewConsents(now), sender: &bottest.Sender{},
		dir: booking.NewReception(booking.DefaultPoints(), booking.DefaultCalendar())}
	n := 0
	r.appts, err = appointment.New(appointment.Config{Directory: r.dir, Appointments: r.books, Visits: r.books,
		Reminders: r.books, Consents: r.consents, NewCode: func() string { n++; return fmt.Sprintf("K7Q-4M%d", n) }})
	if err != nil {
		t.Fatal(err)
	}
	committees, err := committee.New(committee.Config{Areas: booking.DefaultAreas(), Roles: bottest.NewRoles(),
		Audit: bottest.NewAudit(now), Subscriptions: bottest.NewSubscriptions(now), Campaigns: bottest.NewCampaigns(now)})
	if err != nil {
		t.Fatal(err)
	}
	store := bottest.NewStore()
	r.e, err = bot.NewEngine(bot.Config{Flows: flows.MustLoadEmbedded(), Translator: cat, Sessions: store, Journal: store,
		Sender: r.sender, Erasers: []bot.Eraser{r.books, r.consents, store}, Blocks: store, Now: now, BotUsername: "eid_bot",
		Features: []bot.Feature{r.appts, committees}})
	if err != nil {
		t.Fatal(err)
	}
	return r
}
