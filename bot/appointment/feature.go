// Package appointment is the chat feature that books an appointment at a
// reception point (or asks for a home visit) for a person whose
// eligibility check says they can apply, shows it, moves it, cancels it,
// and sends the reminders the person asked for. Its stores and the
// directory of points are bot interfaces, which internal packages
// implement; cmd/eidbot builds the feature and hands it to the engine.
package appointment

import (
	"errors"
	"time"

	"github.com/eidbot/eidbot/bot"
)

// Flows of the feature.
const (
	bookingFlow     = "booking"     // book an appointment
	appointmentFlow = "appointment" // see, move or cancel it (/myappointment)
)

// Config is the appointments part of the bot's configuration.
type Config struct {
	Directory    bot.Directory     // the reception points and their calendar
	Appointments bot.Appointments  // the bookings
	Visits       bot.Visits        // home-visit requests
	Reminders    bot.ReminderQueue // the reminder schedule
	Consents     bot.ConsentLog    // a record of each consent given (SOURCES.md §11.4)
	// NewCode draws a booking code (bot.NewCode over crypto/rand).
	NewCode func() string
	// Retention is how long personal data of an appointment is kept after
	// it. The consent text states it. Default 30 days.
	Retention time.Duration
}

// Feature is the appointments feature of one engine.
type Feature struct {
	cfg    Config
	engine *bot.Engine // for reminders and notices outside a turn

	taken       *bot.Query[takenQ, []int]
	active      *bot.Query[string, activeFact]
	book        *bot.Query[bot.BookRequest, booked]
	reschedule  *bot.Query[moveQ, booked]
	cancel      *bot.Query[cancelQ, booked]
	visit       *bot.Query[bot.VisitRequest, bot.VisitRequest]
	visitOf     *bot.Query[string, visitFact]
	visitCancel *bot.Query[visitCancelQ, visitFact]
}

// New checks cfg and returns the feature, for Config.Features of an engine.
func New(cfg Config) (*Feature, error) {
	if cfg.Directory == nil || cfg.Appointments == nil || cfg.Visits == nil || cfg.Reminders == nil || cfg.Consents == nil || cfg.NewCode == nil {
		return nil, errors.New("appointment: needs a directory, appointments, visits, reminders, consents and a code generator")
	}
	if cfg.Retention == 0 {
		cfg.Retention = 30 * 24 * time.Hour
	}
	return &Feature{cfg: cfg}, nil
}

// Register adds the feature's command, deep links, actions, pickers and
// queries to r. It remembers r's engine, so a Feature serves one engine.
// It reads nothing from the configuration, so the zero Feature declares
// the same names (for checking flow files without stores).
func (f *Feature) Register(r *bot.Registry) {
	f.engine = r.Engine()
	r.Command("myappointment", bot.Command{Private: f.myAppointment, Menu: 40})
	r.Link("book", bookingFlow)
	r.LinkPrefix("point_", f.bookAt)
	for name, a := range map[string]bot.Action{
		"booking_start": f.start, "booking_summary": f.summarize, "book": f.bookSlot,
		"appointment_show": f.show, "appointment_files": f.files, "reschedule_start": f.rescheduleStart,
		"reschedule": f.move, "cancel": f.cancelAppointment, "visit_request": f.requestVisit, "visit_summary": f.summarizeVisit,
		"visit_cancel": f.cancelVisit,
	} {
		r.Action(name, a)
	}
	r.Picker("areas", bot.Picker{Options: f.pickAreas})
	r.Picker("points", bot.Picker{Options: f.pickPoints, Location: located, LocationHint: "book.hint.location"})
	r.Picker("visit_points", bot.Picker{Options: f.pickVisitPoints})
	r.Picker("sim_points", bot.Picker{Options: f.pickSIMPoints, Location: located, LocationHint: "book.hint.location"})
	r.Picker("sim_visit_points", bot.Picker{Options: f.pickSIMVisitPoints})
	r.Picker("days", bot.Picker{Options: f.pickDays})
	r.Picker("times", bot.Picker{Options: f.pickTimes})
	f.registerQueries(r)
}

// myAppointment shows the person's appointment (/myappointment).
func (f *Feature) myAppointment(t bot.Turn, _ string) {
	t.Pause()
	t.StartFlow(appointmentFlow)
}

// bookAt starts booking at a point named by a deep link (a QR code on a
// poster at the commune police station).
func (f *Feature) bookAt(t bot.Turn, pointID string) {
	t.SetAnswer(bot.AnswerPresetPoint, pointID)
	t.StartFlow(bookingFlow)
}
