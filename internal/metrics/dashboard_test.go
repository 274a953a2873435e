package metrics

import (
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/eidbot/eidbot/bot"
	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/prometheus/promql/parser"
)

// dashboard is the part of a Grafana dashboard these tests read.
type dashboard struct {
	Title         string  `json:"title"`
	UID           string  `json:"uid"`
	SchemaVersion int     `json:"schemaVersion"`
	Panels        []panel `json:"panels"`
	Templating    struct {
		List []struct {
			Name string `json:"name"`
		} `json:"list"`
	} `json:"templating"`
}

type panel struct {
	Type    string  `json:"type"`
	Title   string  `json:"title"`
	Panels  []panel `json:"panels"` // a collapsed row's
	Targets []struct {
		RefID string `json:"refId"`
		Expr  string `json:"expr"`
	} `json:"targets"`
}

// exercised is a registry after every observer method ran once, so that
// each series (and each label) it can expose is there to be gathered.
func exercised(t *testing.T) map[string][]string {
	t.Helper()
	m := New()
	m.ObserveUpdate(bot.ChannelTelegram, bot.ResultDone, 3*time.Millisecond)
	m.ObserveQuestion(bot.Vietnamese, bot.QuestionAnswerable)
	m.ObserveCall(bot.ChannelZaloBot, "sendMessage", "429")
	m.ObserveRedisError("timeout")
	m.ObserveFailover()
	m.ObserveBooking("made")
	m.ObserveCampaignSend(bot.ChannelWeb, "sent")
	m.ObserveCampaigns(1, 10, 4)
	m.ObserveRefusal("window", 2)
	m.ObserveRequest("/telegram/webhook", 401)
	families, err := m.reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	return seriesOf(families)
}

// seriesOf lists the names a query may select, with the labels of each:
// a histogram's _bucket (with le), _sum and _count, a summary's
// quantiles, _sum and _count, every other family by its name.
func seriesOf(families []*dto.MetricFamily) map[string][]string {
	names := map[string][]string{}
	for _, f := range families {
		var labels []string
		for _, m := range f.GetMetric() {
			for _, l := range m.GetLabel() {
				if !slices.Contains(labels, l.GetName()) {
					labels = append(labels, l.GetName())
				}
			}
		}
		name := f.GetName()
		switch f.GetType() {
		case dto.MetricType_HISTOGRAM:
			names[name+"_bucket"] = append(slices.Clone(labels), "le")
			names[name+"_sum"], names[name+"_count"] = labels, labels
		case dto.MetricType_SUMMARY:
			names[name] = append(slices.Clone(labels), "quantile")
			names[name+"_sum"], names[name+"_count"] = labels, labels
		default:
			names[name] = labels
		}
	}
	return names
}

// grafanaVars stand in for the variables Grafana fills in before a query
// reaches Prometheus.
var grafanaVars = strings.NewReplacer("$__rate_interval", "5m", "$__range", "6h", "$__interval", "1m", "$job", ".*")

// targetLabels are added by Prometheus to every series it scrapes.
var targetLabels = []string{"job", "instance"}

// checkQuery parses a dashboard query as Prometheus would and returns
// what is wrong with it: a parse error, a metric the bot does not
// expose, a selector without a metric name, or a label the metric does
// not have.
func checkQuery(expr string, exposed map[string][]string) []string {
	ast, err := parser.NewParser(parser.Options{}).ParseExpr(grafanaVars.Replace(expr))
	if err != nil {
		return []string{fmt.Sprintf("does not parse: %v", err)}
	}
	var probs []string
	parser.Inspect(ast, func(n parser.Node, _ []parser.Node) error {
		vs, ok := n.(*parser.VectorSelector)
		if !ok {
			return nil
		}
		labels, known := exposed[vs.Name]
		switch {
		case vs.Name == "":
			probs = append(probs, fmt.Sprintf("selector %s names no metric", vs))
			return nil
		case !known:
			probs = append(probs, fmt.Sprintf("%s is not a series the bot exposes", vs.Name))
			return nil
		}
		for _, m := range vs.LabelMatchers {
			if m.Name != "__name__" && !slices.Contains(labels, m.Name) && !slices.Contains(targetLabels, m.Name) {
				probs = append(probs, fmt.Sprintf("%s has no label %q (it has %v)", vs.Name, m.Name, labels))
			}
		}
		return nil
	})
	return probs
}

// TestDashboardQueriesNameRealSeries parses every query of
// docs/grafana-dashboard.json with Prometheus's own PromQL parser and
// checks that each metric it selects is one the bot's registry exposes
// (gathered after every observer ran) and each label it matches on is
// one that metric has.
func TestDashboardQueriesNameRealSeries(t *testing.T) {
	data, err := os.ReadFile("../../docs/grafana-dashboard.json")
	if err != nil {
		t.Fatal(err)
	}
	var d dashboard
	if err := json.Unmarshal(data, &d); err != nil {
		t.Fatalf("the dashboard is not JSON: %v", err)
	}
	if d.Title == "" || d.UID == "" || d.SchemaVersion == 0 || len(d.Panels) == 0 {
		t.Fatalf("not an importable dashboard: title %q uid %q schemaVersion %d, %d panels", d.Title, d.UID, d.SchemaVersion, len(d.Panels))
	}
	exposed := exercised(t)
	used := map[string]bool{}
	queries := 0
	var walk func([]panel)
	walk = func(ps []panel) {
		for _, p := range ps {
			walk(p.Panels)
			if p.Type != "row" && len(p.Targets) == 0 {
				t.Errorf("panel %q has no query", p.Title)
			}
			for _, tg := range p.Targets {
				queries++
				for _, prob := range checkQuery(tg.Expr, exposed) {
					t.Errorf("panel %q, query %s: %s\n\t%s", p.Title, tg.RefID, prob, tg.Expr)
				}
				for name := range exposed {
					if strings.Contains(tg.Expr, name) {
						used[name] = true
					}
				}
			}
		}
	}
	walk(d.Panels)
	if queries < 10 {
		t.Fatalf("only %d queries", queries)
	}
	// Every series of the bot's own is on the dashboard.
	for name := range exposed {
		if strings.HasPrefix(name, "eidbot_") && !used[name] && !strings.HasSuffix(name, "_sum") && !strings.HasSuffix(name, "_count") {
			t.Errorf("the dashboard shows nothing of %s", name)
		}
	}
}

// TestCheckQueryRefuses proves the dashboard check can fail.
func TestCheckQueryRefuses(t *testing.T) {
	exposed := exercised(t)
	for _, expr := range []string{
		`rate(eidbot_updates_totl[5m])`,                                     // a typo
		`sum(rate(eidbot_updates_total{outcome="done"}[$__rate_interval]))`, // the label is "result"
		`histogram_quantile(0.9, rate(eidbot_update_duration_seconds[5m]))`, // a histogram has no such series
		`sum(rate(eidbot_updates_total[5m])`,                                // does not parse
		`{result="done"}`,                                                   // no metric name
	} {
		if probs := checkQuery(expr, exposed); len(probs) == 0 {
			t.Errorf("%s passed", expr)
		}
	}
	if probs := checkQuery(`sum by (result) (rate(eidbot_updates_total{job=~"$job", channel="tg"}[$__rate_interval]))`, exposed); len(probs) > 0 {
		t.Errorf("a good query refused: %v", probs)
	}
}
