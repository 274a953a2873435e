package httpserver

import (
	"bytes"
	"fmt"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/bot/roster"
	"github.com/gofiber/fiber/v2"
)

// listAppointments answers GET /admin/points/:id/appointments?date=YYYY-MM-DD:
// the point's roster that day, as JSON, or as CSV with format=csv or
// "Accept: text/csv".
func (s *Server) listAppointments(c *fiber.Ctx) error {
	p, err := s.point(c)
	if err != nil {
		return err
	}
	day, err := roster.ParseDay(c.Query("date"))
	if err != nil {
		return fmt.Errorf("%w: date %.40q: want YYYY-MM-DD", errBadInput, c.Query("date"))
	}
	csv, err := wantsCSV(c)
	if err != nil {
		return err
	}
	ctx, cancel := s.adminContext()
	defer cancel()
	as, err := s.cfg.Appointments.ForPoint(ctx, p.ID, bot.DayKey(day))
	if err != nil {
		return err
	}
	if csv {
		return sendCSV(c, p.ID, day, as)
	}
	return c.JSON(roster.Rows(as))
}

// wantsCSV reads the format the caller asked for: the format parameter
// wins over the Accept header, so a link pasted into a browser works.
func wantsCSV(c *fiber.Ctx) (bool, error) {
	switch f := c.Query("format"); f {
	case "csv":
		return true, nil
	case "json":
		return false, nil
	case "":
		return c.Get(fiber.HeaderAccept) != "" && c.Accepts(fiber.MIMEApplicationJSON, "text/csv") == "text/csv", nil
	default:
		return false, fmt.Errorf("%w: format %.20q: want csv or json", errBadInput, f)
	}
}

// sendCSV answers with the roster as a CSV download (roster.WriteCSV:
// UTF-8 with a byte order mark, so Excel shows Vietnamese names correctly).
func sendCSV(c *fiber.Ctx, pointID string, day time.Time, as []bot.Appointment) error {
	var buf bytes.Buffer
	if err := roster.WriteCSV(&buf, as); err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "text/csv; charset=utf-8")
	// Point ids are [a-z0-9_], safe in a quoted file name.
	c.Set(fiber.HeaderContentDisposition,
		fmt.Sprintf(`attachment; filename="%s-%s.csv"`, pointID, day.Format(time.DateOnly)))
	return c.Send(buf.Bytes())
}

// setStatus answers POST /admin/appointments/:code/check-in and
// /no-show. The code may be typed in any case, with or without its hyphen.
func (s *Server) setStatus(status string) fiber.Handler {
	return func(c *fiber.Ctx) error {
		code, ok := bot.NormalizeCode(c.Params("code"))
		if !ok {
			return fmt.Errorf("%w: %.20q is not a booking code like K7Q-4MX", errBadInput, c.Params("code"))
		}
		ctx, cancel := s.adminContext()
		defer cancel()
		a, err := s.cfg.Appointments.SetStatus(ctx, code, status)
		if err != nil {
			return err
		}
		if err := s.markAttended(ctx, a); err != nil {
			return err
		}
		return c.JSON(roster.NewRow(a))
	}
}
