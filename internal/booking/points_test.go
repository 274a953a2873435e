package booking

import (
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

func ids(ps []Point) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.ID
	}
	return out
}

func TestForApplicant(t *testing.T) {
	dir := DefaultPoints()
	citizens := dir.ForApplicant(Citizen)
	foreigners := dir.ForApplicant(Foreigner)
	wantCitizens := []string{"phuong_sai_gon", "phuong_ben_thanh", "phuong_tan_dinh", "phuong_xuan_hoa",
		"phuong_tan_thuan", "mobile_thanh_an", "mobile_tan_dinh_elderly"}
	if got := ids(citizens); !slices.Equal(got, wantCitizens) {
		t.Errorf("citizens: %v, want %v", got, wantCitizens)
	}
	// SOURCES.md §4.2: foreigners do not apply at commune police; §4.3: the
	// HCMC Immigration Division takes applications at three addresses.
	if got, want := ids(foreigners), []string{"pa08_hcmc", "pa08_hcmc_thu_dau_mot", "pa08_hcmc_ba_ria"}; !slices.Equal(got, want) {
		t.Errorf("foreigners: %v, want %v", got, want)
	}
	if got := dir.ForApplicant(0); got != nil {
		t.Errorf("no applicant: %v", ids(got))
	}
}

func TestAccepts(t *testing.T) {
	tests := []struct {
		kind               Kind
		serves             Serves
		citizen, foreigner bool
	}{
		{CommunePolice, ServesCitizens, true, false},
		{ImmigrationOffice, ServesForeigners, false, true},
		{MobileTeam, ServesCitizens, true, false},
		{CampaignPoint, ServesCitizens, true, false},
		{CampaignPoint, ServesForeigners, false, true},
		{CampaignPoint, ServesBoth, true, true},
		// Data the loader rejects must still not misdirect anyone.
		{CommunePolice, ServesBoth, true, false},
		{CommunePolice, ServesForeigners, false, false},
		{ImmigrationOffice, ServesBoth, false, true},
		{MobileTeam, ServesForeigners, false, false},
	}
	for _, tt := range tests {
		p := Point{Kind: tt.kind, Serves: tt.serves}
		if p.Accepts(Citizen) != tt.citizen || p.Accepts(Foreigner) != tt.foreigner {
			t.Errorf("%s/%s: citizen %v foreigner %v, want %v %v", tt.kind, tt.serves,
				p.Accepts(Citizen), p.Accepts(Foreigner), tt.citizen, tt.foreigner)
		}
	}
}

func TestGet(t *testing.T) {
	dir := DefaultPoints()
	p, ok := dir.Get("pa08_hcmc")
	if !ok || p.Name.In("en") != "PA08 – Xuan Hoa (Xuân Hòa)" {
		t.Errorf("Get(pa08_hcmc) = %q, %v", p.Name.In("en"), ok)
	}
	if _, ok := dir.Get("nope"); ok {
		t.Error("Get(nope) found something")
	}
	all := dir.All()
	all[0].ID = "changed"
	if dir.All()[0].ID == "changed" {
		t.Error("All does not return a copy")
	}
}

func TestDeepLinksFit(t *testing.T) {
	// Telegram: start parameters are ≤ 64 of A-Za-z0-9_-; callback data ≤ 64 bytes.
	startParam := regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)
	for _, p := range DefaultPoints().All() {
		if link := "point_" + p.ID; !startParam.MatchString(link) {
			t.Errorf("%s: deep link %q does not fit", p.ID, link)
		}
	}
	longest := "a123456789b123456789c123456789d123456789"[:MaxIDLen]
	key := SlotKey(longest, clock(2026, 11, 24, 7, 30))
	if !startParam.MatchString(key) || len(key) > 54 {
		t.Errorf("SlotKey %q (%d bytes) does not leave 10 bytes of callback data", key, len(key))
	}
}

func TestText(t *testing.T) {
	tx := Text{"vi": "Công an phường Sài Gòn", "en": "Sai Gon Ward Police", "zh": ""}
	tests := map[string]string{"vi": "Công an phường Sài Gòn", "en": "Sai Gon Ward Police",
		"zh": "Công an phường Sài Gòn", "ko": "Công an phường Sài Gòn"}
	for lang, want := range tests {
		if got := tx.In(lang); got != want {
			t.Errorf("In(%s) = %q, want %q", lang, got, want)
		}
	}
}

func TestByArea(t *testing.T) {
	groups := ByArea(DefaultPoints().ForApplicant(Citizen), "en")
	var got []string
	for _, g := range groups {
		got = append(got, g.Name+":"+ids(g.Points)[0])
	}
	want := []string{
		"City centre (former District 1):phuong_sai_gon",
		"Former District 3:phuong_xuan_hoa",
		"Former District 7:phuong_tan_thuan",
		"Can Gio – Thanh An island:mobile_thanh_an",
	}
	if !slices.Equal(got, want) {
		t.Errorf("groups %v, want %v", got, want)
	}
	if n := len(groups[0].Points); n != 4 {
		t.Errorf("centre has %d points, want 4 (three wards and the elderly team)", n)
	}
	// A missing translation falls back to Vietnamese but does not split a group.
	ps := []Point{{ID: "a", Area: Text{"vi": "X", "en": "Ex"}}, {ID: "b", Area: Text{"vi": "X"}}}
	if g := ByArea(ps, "en"); len(g) != 1 || g[0].Name != "Ex" || len(g[0].Points) != 2 {
		t.Errorf("ByArea = %+v", g)
	}
}

func TestPlaceAt(t *testing.T) {
	dir := DefaultPoints()
	team, _ := dir.Get("mobile_thanh_an")
	pl := team.PlaceAt(clock(2026, 12, 12, 8, 0))
	if pl.Name.In("vi") != "Nhà văn hóa ấp Thiềng Liềng" || pl.Lat != 10.51 {
		t.Errorf("visit place = %+v", pl)
	}
	if pl := team.PlaceAt(clock(2026, 12, 12, 13, 0)); pl.Name.In("vi") != team.Name.In("vi") {
		t.Errorf("outside the visit's hours, place = %q, want the team's base", pl.Name.In("vi"))
	}
	camp := Point{ID: "camp", Kind: CampaignPoint, Lat: 10.75, Address: Text{"en": "Here"},
		Visits: []Visit{{Date: day(2026, 12, 8), Hours: []Range{{8 * 60, 11*60 + 30}}, Seats: 3}}}
	if pl := camp.PlaceAt(clock(2026, 12, 8, 8, 0)); pl.Lat != camp.Lat || pl.Address.In("en") != camp.Address.In("en") {
		t.Errorf("a visit without a place should use the point's: %+v", pl)
	}
}

// TestShippedExampleData: the shipped points are plainly examples and offer
// nothing in the past of the day they were checked (SOURCES.md §4.5; the
// brief of 6 Dec 2026): no invented campaign point, no past team visit, and
// every mobile team says it is an example in every language it names.
func TestShippedExampleData(t *testing.T) {
	checked := day(2026, 12, 6)
	for _, p := range DefaultPoints().All() {
		if p.Kind == CampaignPoint {
			t.Errorf("%s: an invented campaign point is shipped (SOURCES.md §4.7, §12.1)", p.ID)
		}
		for _, v := range p.Visits {
			if v.Date.Before(checked) {
				t.Errorf("%s: visit on %s is in the past", p.ID, v.Date.Format(time.DateOnly))
			}
		}
		if p.Kind == MobileTeam {
			for lang, mark := range map[string]string{"vi": "(ví dụ)", "en": "(example)", "zh": "（示例）", "ko": "(예시)"} {
				if !strings.Contains(p.Name.In(lang), mark) {
					t.Errorf("%s: name in %s %q does not say it is an example", p.ID, lang, p.Name.In(lang))
				}
			}
		}
		if p.Kind == ImmigrationOffice && !strings.HasPrefix(p.Address.In("en"), p.Address.In("vi")) {
			t.Errorf("%s: the English address must start with the Vietnamese one (for a taxi driver): %q", p.ID, p.Address.In("en"))
		}
	}
}
