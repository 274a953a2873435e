package httpserver

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/bot/roster"
	"github.com/gofiber/fiber/v2"
)

// visitView is a home-visit request as staff see it: who, where, how to
// reach them and in which language, but not their chat.
type visitView struct {
	ID      string    `json:"id"`
	Code    string    `json:"code,omitempty"` // the reference code the person was given
	Point   string    `json:"point"`
	Name    string    `json:"name"`
	Phone   string    `json:"phone,omitempty"`
	Place   string    `json:"place"`
	SIM     bool      `json:"sim,omitempty"` // register a SIM in the person's name on the visit
	Lang    bot.Lang  `json:"lang"`
	Status  string    `json:"status"`
	Date    string    `json:"date,omitempty"` // YYYY-MM-DD, once accepted
	Created time.Time `json:"created"`
}

func newVisitView(v bot.VisitRequest) visitView {
	view := visitView{ID: v.ID, Code: v.Code, Point: v.PointID, Name: v.Name, Phone: v.Phone, Place: v.Place, SIM: v.SIM,
		Lang: v.Lang, Status: v.Status, Created: v.Created.In(bot.Vietnam)}
	if !v.Date.IsZero() {
		view.Date = v.Date.In(bot.Vietnam).Format(time.DateOnly)
	}
	return view
}

// listVisits answers GET /admin/points/:id/visits, oldest request first.
func (s *Server) listVisits(c *fiber.Ctx) error {
	p, err := s.point(c)
	if err != nil {
		return err
	}
	ctx, cancel := s.adminContext()
	defer cancel()
	vs, err := s.cfg.Visits.VisitsFor(ctx, p.ID)
	if err != nil {
		return err
	}
	views := make([]visitView, 0, len(vs))
	for _, v := range vs {
		views = append(views, newVisitView(v))
	}
	return c.JSON(views)
}

// visitStart is when staff are expected on an accepted visit's day.
const visitStart = 8 * time.Hour

// acceptVisit answers POST /admin/visits/:id/accept {"date":"YYYY-MM-DD"}:
// it stores the date, then tells the person. The store comes first, so a
// failed notification leaves a visit staff have committed to; the caller
// repeats the call (the same date stores the same record again) to retry.
func (s *Server) acceptVisit(c *fiber.Ctx) error {
	day, err := s.visitDay(c.Body())
	if err != nil {
		return err
	}
	id := strings.Clone(c.Params("id")) // Fiber reuses the buffer; errors may outlive it
	ctx, cancel := s.adminContext()
	defer cancel()
	v, err := s.cfg.Visits.AcceptVisit(ctx, id, day.Add(visitStart))
	if err != nil {
		return err
	}
	if err := s.cfg.Notifier.VisitAccepted(ctx, v); err != nil {
		return fmt.Errorf("visit %s: %w: %w", id, errNotNotified, err)
	}
	return c.JSON(newVisitView(v))
}

// declineVisit answers POST /admin/visits/:id/decline: staff cannot come.
// It stores the answer, then tells the person in their language where to
// turn instead; as with accepting, repeating the call retries the notice.
func (s *Server) declineVisit(c *fiber.Ctx) error {
	id := strings.Clone(c.Params("id"))
	ctx, cancel := s.adminContext()
	defer cancel()
	v, err := s.cfg.Visits.DeclineVisit(ctx, id)
	if err != nil {
		return err
	}
	if err := s.cfg.Notifier.VisitDeclined(ctx, v); err != nil {
		return fmt.Errorf("visit %s: %w: %w", id, errNotNotified, err)
	}
	return c.JSON(newVisitView(v))
}

// visitDay reads the body of an accept call: a day that is today or later
// in Vietnam.
func (s *Server) visitDay(body []byte) (time.Time, error) {
	var req struct {
		Date string `json:"date"`
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		return time.Time{}, fmt.Errorf(`%w: want a JSON body {"date":"YYYY-MM-DD"}`, errBadInput)
	}
	day, err := roster.ParseDay(req.Date)
	if err != nil {
		return time.Time{}, fmt.Errorf("%w: date %.40q: want YYYY-MM-DD", errBadInput, req.Date)
	}
	y, m, d := s.cfg.Now().In(bot.Vietnam).Date()
	if day.Before(time.Date(y, m, d, 0, 0, 0, 0, bot.Vietnam)) {
		return time.Time{}, fmt.Errorf("%w: date %s is in the past", errBadInput, req.Date)
	}
	return day, nil
}
