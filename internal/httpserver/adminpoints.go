package httpserver

import (
	"github.com/eidbot/eidbot/bot"
	"github.com/gofiber/fiber/v2"
)

// pointView is a reception point as GET /admin/points lists it, in
// Vietnamese, the language of the staff and of the signs.
type pointView struct {
	ID         string `json:"id"`
	Kind       string `json:"kind"`
	Name       string `json:"name"`
	Address    string `json:"address"`
	HomeVisits bool   `json:"home_visits"`
}

// listPoints answers GET /admin/points.
func (s *Server) listPoints(c *fiber.Ctx) error {
	points := allPoints(s.cfg.Directory)
	views := make([]pointView, 0, len(points))
	for _, p := range points {
		views = append(views, pointView{ID: p.ID, Kind: p.Kind, Name: p.Name(bot.Vietnamese),
			Address: p.Address(bot.Vietnamese), HomeVisits: p.HomeVisits})
	}
	return c.JSON(views)
}

// allPoints lists the points serving citizens, then those serving only
// foreigners, each once. bot.Directory has no "all points" method; every
// point serves one of the two applicant kinds.
func allPoints(d bot.Directory) []bot.Point {
	var out []bot.Point
	seen := map[string]bool{}
	for _, kind := range []string{bot.ApplicantCitizen, bot.ApplicantForeigner} {
		for _, p := range d.Points(kind) {
			if !seen[p.ID] {
				seen[p.ID] = true
				out = append(out, p)
			}
		}
	}
	return out
}
