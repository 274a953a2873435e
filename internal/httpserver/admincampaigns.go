package httpserver

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/gofiber/fiber/v2"
)

// The committee API: campaigns, audience counts and the funnel, for a
// committee's own tools. It exists when Config.Campaigns is set, behind the
// same bearer token as the staff API. Campaigns created here have no
// author in Telegram (Author 0) and no progress reports; in an area whose
// campaigns need approval they wait for a committee member to approve them
// in the chat (/campaigns).

// campaignRequest is the body of POST /admin/campaigns.
type campaignRequest struct {
	Area      string            `json:"area"`
	Audience  bot.Audience      `json:"audience"`
	Template  string            `json:"template"`
	Params    map[string]string `json:"params"`
	SendAt    string            `json:"send_at"` // RFC 3339; empty: now
	RequestID string            `json:"request_id"`
}

// mountCommittee adds the committee routes under the admin group.
func (s *Server) mountCommittee(admin fiber.Router) {
	if s.cfg.Subscriptions == nil || s.cfg.Audit == nil || len(s.cfg.Areas) == 0 {
		panic("httpserver: Campaigns is set but Subscriptions, Audit or Areas is missing")
	}
	admin.Post("/campaigns", s.createCampaign)
	admin.Get("/campaigns", s.listCampaigns)
	admin.Get("/campaigns/:id", s.getCampaign)
	admin.Post("/campaigns/:id/cancel", s.cancelCampaign)
	admin.Get("/audiences", s.audiences)
	admin.Get("/funnel", s.funnel)
	admin.Get("/audit", s.auditLog)
}

// area is the area with id, if the data file lists it.
func (s *Server) area(id string) (bot.Area, bool) {
	i := slices.IndexFunc(s.cfg.Areas, func(a bot.Area) bool { return a.ID == id })
	if i < 0 {
		return bot.Area{}, false
	}
	return s.cfg.Areas[i], true
}

// createCampaign answers POST /admin/campaigns with the stored campaign
// (201). The same request_id returns the same campaign. The audit entry
// names the new campaign, so it is written after it; if that write fails
// the caller gets an error, and repeating the request (same request_id)
// writes it.
func (s *Server) createCampaign(c *fiber.Ctx) error {
	var req campaignRequest
	dec := json.NewDecoder(bytes.NewReader(c.Body()))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		return fmt.Errorf("%w: body must be a campaign object: %v", errBadInput, err)
	}
	area, ok := s.area(req.Area)
	if !ok {
		return fmt.Errorf("%w: unknown area %.40q", errBadInput, req.Area)
	}
	if strings.TrimSpace(req.RequestID) == "" || len(req.RequestID) > 100 {
		return fmt.Errorf("%w: request_id (1-100 characters) makes retries safe and is required", errBadInput)
	}
	camp := bot.Campaign{Area: area.ID, Audience: req.Audience, Template: req.Template, Params: req.Params,
		AuthorLang: bot.Vietnamese, Created: s.cfg.Now()}
	if req.SendAt != "" {
		at, err := time.Parse(time.RFC3339, req.SendAt)
		if err != nil {
			return fmt.Errorf("%w: send_at %.40q: want RFC 3339, e.g. 2026-11-28T08:00:00+07:00", errBadInput, req.SendAt)
		}
		camp.SendAt = at
	}
	if err := camp.Check(area); err != nil {
		return fmt.Errorf("%w: %v", errBadInput, strings.TrimPrefix(err.Error(), bot.ErrBadCampaign.Error()+": "))
	}
	ctx, cancel := s.adminContext()
	defer cancel()
	created, err := s.cfg.Campaigns.Create(ctx, camp, area.Approval, "api:"+req.RequestID)
	if err != nil {
		return err
	}
	if err := s.cfg.Audit.Record(ctx, bot.AuditEntry{Time: s.cfg.Now(), Action: "campaign.create", Area: area.ID,
		Target: created.ID, Detail: "admin api request " + req.RequestID + ": " + camp.Template + " → " + camp.Audience.Kind}); err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(created)
}

// listCampaigns answers GET /admin/campaigns[?area=id], newest first.
func (s *Server) listCampaigns(c *fiber.Ctx) error {
	area := c.Query("area")
	if _, ok := s.area(area); area != "" && !ok {
		return fmt.Errorf("%w: unknown area %.40q", errBadInput, area)
	}
	ctx, cancel := s.adminContext()
	defer cancel()
	list, err := s.cfg.Campaigns.List(ctx, area, 100)
	if err != nil {
		return err
	}
	if list == nil {
		list = []bot.Campaign{}
	}
	return c.JSON(list)
}

// getCampaign answers GET /admin/campaigns/:id with its progress.
func (s *Server) getCampaign(c *fiber.Ctx) error {
	ctx, cancel := s.adminContext()
	defer cancel()
	camp, found, err := s.cfg.Campaigns.Get(ctx, campaignID(c))
	if err != nil {
		return err
	}
	if !found {
		return bot.ErrNoCampaign
	}
	return c.JSON(camp)
}

// cancelCampaign answers POST /admin/campaigns/:id/cancel. Cancelling a
// cancelled campaign returns it; a finished one is a conflict (409).
func (s *Server) cancelCampaign(c *fiber.Ctx) error {
	ctx, cancel := s.adminContext()
	defer cancel()
	id := campaignID(c)
	old, found, err := s.cfg.Campaigns.Get(ctx, id)
	if err != nil {
		return err
	}
	if !found {
		return bot.ErrNoCampaign
	}
	// Audited first: an action that cannot be audited is not carried out.
	if err := s.cfg.Audit.Record(ctx, bot.AuditEntry{Time: s.cfg.Now(), Action: "campaign.cancel", Area: old.Area,
		Target: id, Detail: "admin api"}); err != nil {
		return err
	}
	camp, err := s.cfg.Campaigns.Cancel(ctx, id, "")
	if err != nil {
		return err
	}
	return c.JSON(camp)
}

// campaignID is the :id parameter, copied: Fiber's parameters point into
// a buffer that is reused after the request, and the id outlives it in
// the audit log.
func campaignID(c *fiber.Ctx) string { return strings.Clone(c.Params("id")) }

// audiences answers GET /admin/audiences: subscribers and registered
// groups by area and language.
func (s *Server) audiences(c *fiber.Ctx) error {
	ctx, cancel := s.adminContext()
	defer cancel()
	counts, err := s.cfg.Subscriptions.Counts(ctx)
	if err != nil {
		return err
	}
	if counts == nil {
		counts = []bot.AudienceCount{}
	}
	return c.JSON(counts)
}

// funnelArea is one area's funnel in GET /admin/funnel.
type funnelArea struct {
	Area       string                      `json:"area"` // "" for people whose area is not known
	Target     int                         `json:"target,omitempty"`
	TargetDate string                      `json:"target_date,omitempty"`
	Total      map[string]int              `json:"total"`
	ByLang     map[bot.Lang]map[string]int `json:"by_lang"`
}

// funnel answers GET /admin/funnel: per area, the people at each stage
// (checked, eligible, booked, attended, activated), in all and by
// language, with the area's target.
func (s *Server) funnel(c *fiber.Ctx) error {
	if s.cfg.Funnel == nil {
		return fiber.ErrNotFound
	}
	ctx, cancel := s.adminContext()
	defer cancel()
	counts, err := s.cfg.Funnel.Counts(ctx)
	if err != nil {
		return err
	}
	byArea := map[string]*funnelArea{}
	out := []*funnelArea{}
	add := func(id string) *funnelArea {
		if f := byArea[id]; f != nil {
			return f
		}
		f := &funnelArea{Area: id, Total: map[string]int{}, ByLang: map[bot.Lang]map[string]int{}}
		if a, ok := s.area(id); ok && a.Target > 0 {
			f.Target, f.TargetDate = a.Target, a.TargetDate.Format(time.DateOnly)
		}
		byArea[id] = f
		out = append(out, f)
		return f
	}
	for _, a := range s.cfg.Areas {
		add(a.ID)
	}
	for _, n := range counts {
		f := add(n.Area)
		f.Total[n.Stage] += n.Count
		if f.ByLang[n.Lang] == nil {
			f.ByLang[n.Lang] = map[string]int{}
		}
		f.ByLang[n.Lang][n.Stage] += n.Count
	}
	return c.JSON(out)
}

// auditLog answers GET /admin/audit[?n=100]: the most recent admin actions,
// refused ones included, newest first (at most 1,000).
func (s *Server) auditLog(c *fiber.Ctx) error {
	n := c.QueryInt("n", 100)
	if n < 1 || n > 1000 {
		return fmt.Errorf("%w: n must be 1 to 1000", errBadInput)
	}
	ctx, cancel := s.adminContext()
	defer cancel()
	entries, err := s.cfg.Audit.Recent(ctx, n)
	if err != nil {
		return err
	}
	if entries == nil {
		entries = []bot.AuditEntry{}
	}
	return c.JSON(entries)
}

// markAttended counts a checked-in person as attended in the funnel, in
// the area of the point they came to. Marking again is harmless, so a
// repeated check-in does no harm either.
func (s *Server) markAttended(ctx context.Context, a bot.Appointment) error {
	if s.cfg.Funnel == nil || a.Status != bot.StatusCheckedIn {
		return nil
	}
	_, err := s.cfg.Funnel.Mark(ctx, a.Person, bot.AreaOf(s.cfg.Areas, a.PointID), a.Lang, bot.StageAttended)
	return err
}
