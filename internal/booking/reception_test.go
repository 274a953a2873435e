package booking

import (
	"strings"
	"testing"

	"github.com/eidbot/eidbot/bot"
)

var _ bot.Directory = (*Reception)(nil)

func TestReceptionServesTheBot(t *testing.T) {
	r := NewReception(DefaultPoints(), DefaultCalendar())
	for _, p := range r.Points(bot.ApplicantForeigner) {
		if p.Kind != string(ImmigrationOffice) && p.Kind != string(CampaignPoint) {
			t.Errorf("foreigners are offered %s (%s)", p.ID, p.Kind)
		}
	}
	p, ok := r.Point("mobile_thanh_an")
	if !ok || p.Name(bot.English) != "Thanh An mobile team (example)" || !p.HomeVisits || !p.SIMRegistration || p.VisitAnswerDays != 5 {
		t.Fatalf("Point = %+v, %v", p, ok)
	}
	if near := r.Nearest(bot.ApplicantCitizen, p.Lat, p.Lon, 2); len(near) != 2 || near[0].Point.ID != p.ID || near[0].KM != 0 {
		t.Fatalf("Nearest = %+v", near)
	}
	now := clock(2026, 11, 20, 9, 0)
	days := r.Days(p.ID, now, 2)
	if len(days) != 2 || !days[0].Equal(day(2026, 12, 12)) {
		t.Fatalf("Days = %v", days)
	}
	slots := r.Slots(p.ID, days[0], now)
	if len(slots) == 0 || !strings.HasPrefix(slots[0].Place, "Nhà văn hóa ấp Thiềng Liềng, Ấp Thiềng Liềng") || slots[0].Seats != 2 {
		t.Fatalf("Slots = %+v", slots)
	}
	a := bot.Appointment{Code: "K7Q-4MX", Start: slots[0].Start, End: slots[0].End, Place: slots[0].Place}
	ics := string(r.Calendar(a, p, bot.English, "Appointment", "Code K7Q-4MX", now))
	for _, want := range []string{"UID:K7Q4MX@eidbot", "DTSTAMP:20261120T020000Z", "LOCATION:Nhà văn hóa ấp Thiềng Liềng"} {
		if !strings.Contains(ics, want) {
			t.Errorf("calendar lacks %q:\n%s", want, ics)
		}
	}
}
