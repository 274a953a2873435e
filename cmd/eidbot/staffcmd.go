package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/bot/roster"
	"github.com/eidbot/eidbot/internal/booking"
	"github.com/eidbot/eidbot/internal/redisstore"
)

// Staff commands read the bookings of a running deployment: a reception
// point's roster for a day, and a consistency check of the booking keys.
// The roster is printed by bot's roster functions, the same as the
// /admin HTTP API, so the two never disagree about a column.

// errNoRedis explains why staff commands refuse the embedded store.
var errNoRedis = errors.New("REDIS_URL is not set: this command reads the bookings of a running deployment, " +
	"and without REDIS_URL there is only an embedded in-memory store, which starts empty. " +
	"Set REDIS_URL to the Redis that eidbot serve uses")

// staffConfig reads the environment as "eidbot serve" does, so a staff
// command sees the same Redis and the same reception points.
func staffConfig(getenv func(string) string) (Config, error) {
	cfg, err := LoadConfig(getenv)
	if err != nil {
		return cfg, fmt.Errorf("configuration:\n%w", err)
	}
	return cfg, nil
}

// withStaffStore runs fn on the deployment's Redis and closes it after.
// It refuses to run without REDIS_URL rather than read an empty embedded
// store.
func withStaffStore(ctx context.Context, cfg Config, fn func(*redisstore.Store) error) error {
	if cfg.RedisURL == "" {
		return errNoRedis
	}
	st, err := redisstore.Open(ctx, cfg.RedisURL, cfg.storeOptions())
	if err != nil {
		return err
	}
	defer st.Close()
	return fn(st)
}

// rosterQuery is what "eidbot appointments" was asked for.
type rosterQuery struct {
	point  booking.Point
	day    time.Time // midnight in Vietnam
	format string    // table, csv or json
}

// appointmentsCommand is
// "eidbot appointments --point ID --date YYYY-MM-DD [--format table|csv|json]".
func appointmentsCommand() *command {
	return &command{
		name:    "appointments",
		args:    "--point ID --date YYYY-MM-DD [--format table|csv|json]",
		summary: "print a reception point's appointments on a day (needs REDIS_URL)",
		about:   "Reads the deployment's Redis (REDIS_URL) and its reception points (EIDBOT_POINTS_FILE).",
		flags: func(fs *flag.FlagSet) action {
			point := fs.String("point", "", "reception point id, e.g. phuong_ben_thanh")
			date := fs.String("date", "", "the day, YYYY-MM-DD, in Vietnam")
			format := fs.String("format", "table", "table (for a terminal), csv (for a spreadsheet) or json")
			return func(ctx context.Context, e *proc, _ []string) error {
				return runAppointments(ctx, e.getenv, *point, *date, *format, e.stdout)
			}
		},
	}
}

// runAppointments prints the roster of point on date.
func runAppointments(ctx context.Context, getenv func(string) string, point, date, format string, stdout io.Writer) error {
	if point == "" || date == "" {
		return usagef("appointments: --point and --date are required")
	}
	day, err := roster.ParseDay(date)
	if err != nil {
		return usagef("appointments: --date %q: want YYYY-MM-DD, e.g. 2026-11-24", date)
	}
	if format != "table" && format != "csv" && format != "json" {
		return usagef("appointments: --format %q: want table, csv or json", format)
	}
	cfg, err := staffConfig(getenv)
	if err != nil {
		return err
	}
	p, err := staffPoint(cfg, point)
	if err != nil {
		return err
	}
	q := rosterQuery{point: p, day: day, format: format}
	return withStaffStore(ctx, cfg, func(st *redisstore.Store) error {
		as, err := st.Bookings().ForPoint(ctx, q.point.ID, bot.DayKey(q.day))
		if err != nil {
			return err
		}
		return printRoster(stdout, q, as)
	})
}

// staffPoint finds a reception point by id in the deployment's directory.
func staffPoint(cfg Config, id string) (booking.Point, error) {
	dir := booking.DefaultPoints()
	if cfg.PointsFile != "" {
		var err error
		if dir, err = booking.LoadPointsFile(cfg.PointsFile); err != nil {
			return booking.Point{}, fmt.Errorf("EIDBOT_POINTS_FILE: %w", err)
		}
	}
	p, ok := dir.Get(id)
	if !ok {
		return booking.Point{}, fmt.Errorf("unknown point %q; the points are: %s", id, pointIDs(dir))
	}
	return p, nil
}

// pointIDs lists a directory's ids for an error message.
func pointIDs(dir booking.Directory) string {
	var ids []string
	for _, p := range dir.All() {
		ids = append(ids, p.ID)
	}
	return strings.Join(ids, ", ")
}

// printRoster writes the roster in the format asked for. Only the table
// gets a title and a count: csv and json are meant for other programs.
func printRoster(w io.Writer, q rosterQuery, as []bot.Appointment) error {
	switch q.format {
	case "csv":
		return roster.WriteCSV(w, as)
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(roster.Rows(as))
	}
	fmt.Fprintf(w, "%s (%s), %s\n", q.point.Name.In("vi"), q.point.ID, q.day.Format(time.DateOnly))
	if len(as) == 0 {
		_, err := fmt.Fprintln(w, "no appointments")
		return err
	}
	if err := roster.WriteTable(w, as); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "%d appointment(s)\n", len(as))
	return err
}

// bookingsVerifyCommand is "eidbot bookings verify".
func bookingsVerifyCommand() *command {
	return &command{
		name:    "bookings verify",
		summary: "check seat counters and pointers against the bookings (needs REDIS_URL)",
		about:   "Exits 1 on mismatches. A booking in flight can show up once: rerun before repairing anything.",
		flags: func(*flag.FlagSet) action {
			return func(ctx context.Context, e *proc, _ []string) error {
				return runBookingsVerify(ctx, e.getenv, e.stdout)
			}
		},
	}
}

// runBookingsVerify exits 1 when the booking keys disagree with the
// records.
func runBookingsVerify(ctx context.Context, getenv func(string) string, stdout io.Writer) error {
	cfg, err := staffConfig(getenv)
	if err != nil {
		return err
	}
	return withStaffStore(ctx, cfg, func(st *redisstore.Store) error {
		r, err := st.Bookings().Verify(ctx)
		if err != nil {
			return err
		}
		return printVerify(stdout, r)
	})
}

// printVerify writes Verify's report and returns errProblems when it found
// mismatches, so that main exits 1 without repeating them.
func printVerify(w io.Writer, r redisstore.VerifyReport) error {
	fmt.Fprintf(w, "checked %d slots, %d appointments, %d person pointers\n", r.Slots, r.Appointments, r.Pointers)
	if r.OK() {
		_, err := fmt.Fprintln(w, "ok: no mismatches")
		return err
	}
	// Verify reads with SCAN while bookings go on; a write in flight can
	// look like a mismatch once.
	fmt.Fprintf(w, "%d mismatch(es); rerun before repairing anything, a booking in flight can show up once:\n",
		len(r.Mismatches))
	for _, m := range r.Mismatches {
		fmt.Fprintln(w, "  "+m.String())
	}
	return errProblems
}
