package httpserver_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/eidbot/eidbot/bot"
)

// memCampaigns keeps campaigns in memory with the store's contract for
// Create (idempotent by request id), Get, Cancel and List.
type memCampaigns struct {
	bot.Campaigns
	mu       sync.Mutex
	byID     map[string]bot.Campaign
	requests map[string]string
}

func (m *memCampaigns) Create(_ context.Context, c bot.Campaign, approval bool, req string) (bot.Campaign, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if id, ok := m.requests[req]; ok {
		return m.byID[id], nil
	}
	c.ID, c.Status = fmt.Sprint(len(m.byID)+1), bot.CampaignScheduled
	if approval {
		c.Status = bot.CampaignAwaiting
	}
	m.byID[c.ID], m.requests[req] = c, c.ID
	return c, nil
}

func (m *memCampaigns) Get(_ context.Context, id string) (bot.Campaign, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	c, ok := m.byID[id]
	return c, ok, nil
}

func (m *memCampaigns) Cancel(_ context.Context, id string, by bot.UserID) (bot.Campaign, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	c, ok := m.byID[id]
	switch {
	case !ok:
		return c, bot.ErrNoCampaign
	case c.Status == bot.CampaignDone:
		return c, bot.ErrCampaignState
	}
	c.Status, c.Canceller = bot.CampaignCancelled, by
	m.byID[id] = c
	return c, nil
}

func (m *memCampaigns) List(_ context.Context, area string, n int) ([]bot.Campaign, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []bot.Campaign
	for _, c := range m.byID {
		if area == "" || c.Area == area {
			out = append(out, c)
		}
	}
	return out, nil
}

type memAudit struct {
	mu      sync.Mutex
	entries []bot.AuditEntry
}

func (m *memAudit) Record(_ context.Context, e bot.AuditEntry) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.entries = append(m.entries, e)
	return nil
}

func (m *memAudit) Recent(_ context.Context, n int) ([]bot.AuditEntry, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []bot.AuditEntry
	for i := len(m.entries) - 1; i >= 0 && len(out) < n; i-- {
		out = append(out, m.entries[i])
	}
	return out, nil
}

type countsOnly struct {
	bot.Subscriptions
	counts []bot.AudienceCount
}

func (c countsOnly) Counts(context.Context) ([]bot.AudienceCount, error) { return c.counts, nil }

type funnelFake struct {
	mu     sync.Mutex
	marks  []bot.FunnelCount
	counts []bot.FunnelCount
}

func (f *funnelFake) Mark(_ context.Context, person, area string, lang bot.Lang, stage string) (bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.marks = append(f.marks, bot.FunnelCount{Area: area, Lang: lang, Stage: stage})
	return true, nil
}

func (f *funnelFake) Counts(context.Context) ([]bot.FunnelCount, error) { return f.counts, nil }

var apiAreas = []bot.Area{
	{ID: "ben_thanh", Names: map[string]string{"vi": "Bến Thành"}, Points: []string{"p1"}, Target: 22000},
	{ID: "sai_gon", Names: map[string]string{"vi": "Sài Gòn"}, Approval: true},
}

func committeeConfig(t *testing.T) (*memCampaigns, *memAudit, *funnelFake, *adminServer) {
	cfg := adminConfig(t)
	camps := &memCampaigns{byID: map[string]bot.Campaign{}, requests: map[string]string{}}
	audit, funnel := &memAudit{}, &funnelFake{counts: []bot.FunnelCount{
		{Area: "ben_thanh", Lang: bot.Vietnamese, Stage: bot.StageChecked, Count: 5},
		{Area: "ben_thanh", Lang: bot.Korean, Stage: bot.StageChecked, Count: 2},
		{Area: "", Lang: bot.English, Stage: bot.StageActivated, Count: 1},
	}}
	cfg.Campaigns, cfg.Audit, cfg.Areas, cfg.Funnel = camps, audit, apiAreas, funnel
	cfg.Subscriptions = countsOnly{counts: []bot.AudienceCount{{Area: "ben_thanh", Lang: bot.Korean, Kind: bot.AudienceSubscribers, Chats: 3}}}
	return camps, audit, funnel, startAdmin(t, cfg)
}

func TestAdminCampaigns(t *testing.T) {
	camps, audit, _, a := committeeConfig(t)
	body := `{"request_id":"r1","area":"ben_thanh","audience":{"kind":"subscribers"},"template":"mobile_team",
		"params":{"place":"Nhà văn hóa","date":"2026-11-28","hours":"07:30-11:30"},"send_at":"2026-11-27T08:00:00+07:00"}`
	ans := a.staff(t, http.MethodPost, "/admin/campaigns", body, "Content-Type", "application/json")
	var c bot.Campaign
	if ans.status != http.StatusCreated || json.Unmarshal([]byte(ans.body), &c) != nil || c.Status != bot.CampaignScheduled || c.SendAt.IsZero() {
		t.Fatalf("create: %d %s", ans.status, ans.body)
	}
	// A retry with the same request id returns the same campaign.
	a.staff(t, http.MethodPost, "/admin/campaigns", body, "Content-Type", "application/json")
	if len(camps.byID) != 1 {
		t.Fatalf("retry created %d campaigns", len(camps.byID))
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
	camps.mu.Lock()
	camps.byID["1"] = bot.Campaign{ID: "1", Status: bot.CampaignDone}
	camps.mu.Unlock()
	if ans := a.staff(t, http.MethodPost, "/admin/campaigns/1/cancel", ""); ans.status != http.StatusConflict {
		t.Fatalf("cancel a finished campaign: %d %s", ans.status, ans.body)
	}
	// Every call is audited, the retried create too (it names the same
	// campaign); a cancel is audited before it is tried, the refused one too.
	if len(audit.entries) != 5 || audit.entries[1].Target != audit.entries[0].Target ||
		audit.entries[3].Action != "campaign.cancel" || audit.entries[4].Target != "1" {
		t.Fatalf("audit: %+v", audit.entries)
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
	camps, _, _, a := committeeConfig(t)
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
	if len(camps.byID) != 0 {
		t.Fatal("a bad request created a campaign")
	}
	if ans := a.do(t, http.MethodPost, "/admin/campaigns", "Bearer wrong-token", `{}`); ans.status != http.StatusUnauthorized {
		t.Fatalf("wrong token: %d", ans.status)
	}
}

func TestAdminAudiencesAndFunnel(t *testing.T) {
	_, _, _, a := committeeConfig(t)
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
	funnel := &funnelFake{}
	cfg.Funnel, cfg.Areas = funnel, apiAreas
	cfg.Appointments = &fakeAppointments{setStatus: func(_ context.Context, code, status string) (bot.Appointment, error) {
		return bot.Appointment{Code: code, Person: "tg:5", PointID: "p1", Lang: bot.Korean, Status: status}, nil
	}}
	a := startAdmin(t, cfg)
	a.staff(t, http.MethodPost, "/admin/appointments/K7Q-4MX/no-show", "")
	if len(funnel.marks) != 0 {
		t.Fatalf("a no-show was counted: %+v", funnel.marks)
	}
	if ans := a.staff(t, http.MethodPost, "/admin/appointments/K7Q-4MX/check-in", ""); ans.status != http.StatusOK {
		t.Fatalf("check-in: %d %s", ans.status, ans.body)
	}
	want := bot.FunnelCount{Area: "ben_thanh", Lang: bot.Korean, Stage: bot.StageAttended}
	if len(funnel.marks) != 1 || funnel.marks[0] != want {
		t.Fatalf("marks: %+v", funnel.marks)
	}
}
