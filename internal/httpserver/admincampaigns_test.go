package httpserver_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/bot/bottest"
)

var apiAreas = []bot.Area{
	{ID: "ben_thanh", Names: map[string]string{"vi": "Bến Thành"}, Points: []string{"p1"}, Target: 22000},
	{ID: "sai_gon", Names: map[string]string{"vi": "Sài Gòn"}, Approval: true},
}

// committeeConfig starts the staff API on in-memory committee stores, with
// three Korean subscribers in ben_thanh and some people counted.
func committeeConfig(t *testing.T) (*bottest.Campaigns, *bottest.Audit, *adminServer) {
	cfg := adminConfig(t)
	now := func() time.Time { return adminNow }
	camps, audit, funnel, subs := bottest.NewCampaigns(now), bottest.NewAudit(now), bottest.NewFunnel(), bottest.NewSubscriptions(now)
	for i, m := range []struct {
		area  string
		lang  bot.Lang
		stage string
		n     int
	}{{"ben_thanh", bot.Vietnamese, bot.StageChecked, 5}, {"ben_thanh", bot.Korean, bot.StageChecked, 2}, {"", bot.English, bot.StageActivated, 1}} {
		for j := range m.n {
			if _, err := funnel.Mark(context.Background(), fmt.Sprintf("tg:%d%d", i, j), m.area, m.lang, m.stage); err != nil {
				t.Fatal(err)
			}
		}
	}
	for i := range 3 {
		chat := bot.Chat{Channel: "tg", ID: fmt.Sprint(600 + i), Kind: bot.ChatPrivate}
		if err := subs.Subscribe(context.Background(), bot.Subscriber{Chat: chat, Area: "ben_thanh", Lang: bot.Korean}); err != nil {
			t.Fatal(err)
		}
	}
	cfg.Campaigns, cfg.Audit, cfg.Areas, cfg.Funnel, cfg.Subscriptions = camps, audit, apiAreas, funnel, subs
	return camps, audit, startAdmin(t, cfg)
}

// campaignCount is how many campaigns camps holds.
func campaignCount(t *testing.T, camps *bottest.Campaigns) int {
	t.Helper()
	list, err := camps.List(context.Background(), "", 100)
	if err != nil {
		t.Fatal(err)
	}
	return len(list)
}

func TestAdminCampaigns(t *testing.T) {
	camps, audit, a := committeeConfig(t)
	body := `{"request_id":"r1","area":"ben_thanh","audience":{"kind":"subscribers"},"template":"mobile_team",
		"params":{"place":"Nhà văn hóa","date":"2026-11-28","hours":"07:30-11:30"},"send_at":"2026-11-27T08:00:00+07:00"}`
	ans := a.staff(t, http.MethodPost, "/admin/campaigns", body, "Content-Type", "application/json")
	var c bot.Campaign
	if ans.status != http.StatusCreated || json.Unmarshal([]byte(ans.body), &c) != nil || c.Status != bot.CampaignScheduled || c.SendAt.IsZero() {
		t.Fatalf("create: %d %s", ans.status, ans.body)
	}
	// A retry with the same request id returns the same campaign.
	ans = a.staff(t, http.MethodPost, "/admin/campaigns", body, "Content-Type", "application/json")
	if ans.status != http.StatusCreated || !strings.Contains(ans.body, `"id":"`+c.ID+`"`) {
		t.Fatalf("retry: %d %s", ans.status, ans.body)
	}
	if n := campaignCount(t, camps); n != 1 {
		t.Fatalf("retry created %d campaigns", n)
	}
	// An area with approval keeps it waiting for a member in the chat.
	ans = a.staff(t, http.MethodPost, "/admin/campaigns", `{"request_id":"r2","area":"sai_gon","audience":{"kind":"groups"},"template":"notice"}`)
	if ans.status != http.StatusCreated || !strings.Contains(ans.body, `"status":"awaiting"`) {
		t.Fatalf("approval area: %d %s", ans.status, ans.body)
	}
	if ans := a.staff(t, http.MethodGet, "/admin/campaigns/"+c.ID, ""); ans.status != http.StatusOK || !strings.Contains(ans.body, `"progress"`) {
		t.Fatalf("get: %d %s", ans.status, ans.body)
	}
	if ans := a.staff(t, http.MethodGet, "/admin/campaigns?area=sai_gon", ""); !strings.Contains(ans.body, `"area":"sai_gon"`) || strings.Contains(ans.body, "ben_thanh") {
		t.Fatalf("list by area: %s", ans.body)
	}
	if ans := a.staff(t, http.MethodPost, "/admin/campaigns/"+c.ID+"/cancel", ""); ans.status != http.StatusOK || !strings.Contains(ans.body, `"status":"cancelled"`) {
		t.Fatalf("cancel: %d %s", ans.status, ans.body)
	}
	if ans := a.staff(t, http.MethodGet, "/admin/campaigns/nope", ""); ans.status != http.StatusNotFound {
		t.Fatalf("unknown campaign: %d", ans.status)
	}
	camps.Finish("1")
	if ans := a.staff(t, http.MethodPost, "/admin/campaigns/1/cancel", ""); ans.status != http.StatusConflict {
		t.Fatalf("cancel a finished campaign: %d %s", ans.status, ans.body)
	}
	// Every call is audited, the retried create too (it names the same
	// campaign); a cancel is audited before it is tried, the refused one too.
	if entries := audit.Entries(); len(entries) != 5 || entries[1].Target != entries[0].Target ||
		entries[3].Action != "campaign.cancel" || entries[4].Target != "1" {
		t.Fatalf("audit: %+v", entries)
	}
	ans = a.staff(t, http.MethodGet, "/admin/audit?n=2", "")
	var recent []bot.AuditEntry
	if json.Unmarshal([]byte(ans.body), &recent) != nil || len(recent) != 2 || recent[0].Action != "campaign.cancel" {
		t.Fatalf("GET /admin/audit: %d %s", ans.status, ans.body)
	}
	if ans := a.staff(t, http.MethodGet, "/admin/audit?n=0", ""); ans.status != http.StatusBadRequest {
		t.Fatalf("n=0: %d", ans.status)
	}
}

func TestAdminCampaignRejectsBadInput(t *testing.T) {
	camps, _, a := committeeConfig(t)
	for _, body := range []string{
		`not json`,
		`{"request_id":"x","area":"nowhere","audience":{"kind":"subscribers"},"template":"notice"}`,
		`{"area":"ben_thanh","audience":{"kind":"subscribers"},"template":"notice"}`,
		`{"request_id":"x","area":"ben_thanh","audience":{"kind":"everyone"},"template":"notice"}`,
		`{"request_id":"x","area":"ben_thanh","audience":{"kind":"subscribers"},"template":"mobile_team","params":{"place":"x"}}`,
		`{"request_id":"x","area":"ben_thanh","audience":{"kind":"appointments","point":"elsewhere","date":"2026-11-28"},"template":"notice"}`,
		`{"request_id":"x","area":"ben_thanh","audience":{"kind":"subscribers"},"template":"deadline","params":{"date":"28/11"}}`,
		`{"request_id":"x","area":"ben_thanh","audience":{"kind":"subscribers"},"template":"notice","send_at":"tomorrow"}`,
		`{"request_id":"x","area":"ben_thanh","audience":{"kind":"subscribers"},"template":"notice","extra":1}`,
	} {
		if ans := a.staff(t, http.MethodPost, "/admin/campaigns", body); ans.status != http.StatusBadRequest {
			t.Errorf("%s: %d %s", body, ans.status, ans.body)
		}
	}
	if campaignCount(t, camps) != 0 {
		t.Fatal("a bad request created a campaign")
	}
	if ans := a.do(t, http.MethodPost, "/admin/campaigns", "Bearer wrong-token", `{}`); ans.status != http.StatusUnauthorized {
		t.Fatalf("wrong token: %d", ans.status)
	}
}

func TestAdminAudiencesAndFunnel(t *testing.T) {
	_, _, a := committeeConfig(t)
	if ans := a.staff(t, http.MethodGet, "/admin/audiences", ""); !strings.Contains(ans.body, `"chats":3`) {
		t.Fatalf("audiences: %s", ans.body)
	}
	ans := a.staff(t, http.MethodGet, "/admin/funnel", "")
	var out []struct {
		Area   string
		Target int
		Total  map[string]int
		ByLang map[string]map[string]int `json:"by_lang"`
	}
	if err := json.Unmarshal([]byte(ans.body), &out); err != nil || len(out) != 3 {
		t.Fatalf("funnel: %s", ans.body)
	}
	if out[0].Area != "ben_thanh" || out[0].Target != 22000 || out[0].Total["checked"] != 7 || out[0].ByLang["ko"]["checked"] != 2 || out[2].Area != "" {
		t.Fatalf("funnel: %+v", out)
	}
}

func TestCheckInCountsAsAttended(t *testing.T) {
	cfg := adminConfig(t)
	funnel := bottest.NewFunnel()
	cfg.Funnel, cfg.Areas = funnel, apiAreas
	cfg.Appointments = &fakeAppointments{setStatus: func(_ context.Context, code, status string) (bot.Appointment, error) {
		return bot.Appointment{Code: code, Person: "tg:5", PointID: "p1", Lang: bot.Korean, Status: status}, nil
	}}
	a := startAdmin(t, cfg)
	if ans := a.staff(t, http.MethodPost, "/admin/appointments/K7Q-4MX/no-show", ""); ans.status != http.StatusOK {
		t.Fatalf("no-show: %d %s", ans.status, ans.body)
	}
	if counts := funnelCounts(t, funnel); len(counts) != 0 {
		t.Fatalf("a no-show was counted: %+v", counts)
	}
	if ans := a.staff(t, http.MethodPost, "/admin/appointments/K7Q-4MX/check-in", ""); ans.status != http.StatusOK {
		t.Fatalf("check-in: %d %s", ans.status, ans.body)
	}
	want := bot.FunnelCount{Area: "ben_thanh", Lang: bot.Korean, Stage: bot.StageAttended, Count: 1}
	if counts := funnelCounts(t, funnel); len(counts) != 1 || counts[0] != want {
		t.Fatalf("marks: %+v", counts)
	}
}

// funnelCounts reads the funnel's counts.
func funnelCounts(t *testing.T, f *bottest.Funnel) []bot.FunnelCount {
	t.Helper()
	counts, err := f.Counts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return counts
}
