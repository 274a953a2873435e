// Package metrics is eidbot's Prometheus instrumentation and the only
// importer of prometheus/client_golang: one registry with the series an
// operator watches (updates, handling latency, platform API calls, Redis
// errors and failovers, campaigns, bookings, typed questions, the Zalo
// OA's refusals, HTTP requests by route and status), served as text on
// /metrics by Handler.
//
// The rest of the program does not know Prometheus: bot, the channels,
// redisstore and broadcast each declare a small observer interface, and
// *Metrics implements all of them (cmd/eidbot wires it). Label values
// come from small fixed sets, never ids or text; the few that callers
// pass as strings are checked against the known values here, so that a
// bug elsewhere cannot grow the number of series.
package metrics

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics holds the registry and every series eidbot exposes. It is safe
// for concurrent use. Several processes each expose their own; sum or
// take the max over instances in queries (docs/grafana-dashboard.json).
type Metrics struct {
	reg *prometheus.Registry

	updates   *prometheus.CounterVec
	handling  *prometheus.HistogramVec
	calls     *prometheus.CounterVec
	questions *prometheus.CounterVec

	redisErrors *prometheus.CounterVec
	failovers   prometheus.Counter
	bookings    *prometheus.CounterVec
	visits      *prometheus.CounterVec

	campaignSends      *prometheus.CounterVec
	campaignsRunning   prometheus.Gauge
	campaignRecipients prometheus.Gauge
	campaignHandled    prometheus.Gauge

	oaRefused *prometheus.CounterVec
	requests  *prometheus.CounterVec
}

// Label values known in advance: every combination of these is created
// at zero, so that a dashboard shows 0 rather than "no data" and rate()
// sees the first event.
var (
	channels     = []string{bot.ChannelTelegram, bot.ChannelZaloBot, bot.ChannelZaloOA, bot.ChannelWeb, bot.ChannelTerminal}
	results      = []bot.UpdateResult{bot.ResultDone, bot.ResultDuplicate, bot.ResultBusy, bot.ResultSkipped, bot.ResultOverheard, bot.ResultUnavailable, bot.ResultFailed}
	langs        = bot.Languages
	kinds        = []bot.QuestionKind{bot.QuestionAnswerable, bot.QuestionUnsure, bot.QuestionOutside, bot.QuestionSmallTalk}
	redisKinds   = []string{"timeout", "connection", "readonly", "loading", "oom", "cluster", "other"}
	changes      = []string{"made", "moved", "cancelled"}
	visitChanges = []string{"requested", bot.VisitAccepted, bot.VisitDeclined, bot.VisitCancelled}
	campaignOut  = []string{"sent", "blocked", "failed", "retry", "requeue"}
	refusals     = []string{"window", "quota"}
)

// latencyBuckets spans one update's handling: about a millisecond on the
// fast path with a local Redis, tens of milliseconds with a Bot API call,
// up to the 25-second budget.
var latencyBuckets = []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 25}

// New builds the registry with every series, plus the Go runtime's and
// the process's own (memory, goroutines, CPU, open files).
func New() *Metrics {
	m := &Metrics{reg: prometheus.NewRegistry()}
	counter := func(name, help string, labels ...string) *prometheus.CounterVec {
		c := prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: "eidbot", Name: name, Help: help}, labels)
		m.reg.MustRegister(c)
		return c
	}
	gauge := func(name, help string) prometheus.Gauge {
		g := prometheus.NewGauge(prometheus.GaugeOpts{Namespace: "eidbot", Name: name, Help: help})
		m.reg.MustRegister(g)
		return g
	}
	m.updates = counter("updates_total", "Updates handled, by channel and result (done, duplicate, busy, skipped, overheard, unavailable, failed).", "channel", "result")
	m.handling = prometheus.NewHistogramVec(prometheus.HistogramOpts{Namespace: "eidbot", Name: "update_duration_seconds",
		Help: "Time to handle one update (claim, step, commit, deliver, settle), by channel.", Buckets: latencyBuckets}, []string{"channel"})
	m.reg.MustRegister(m.handling)
	m.calls = counter("platform_api_calls_total", "Tries of platform API calls, by channel, method and result (ok, an HTTP status or Zalo error code, network, bad_response, unsent).", "channel", "method", "result")
	m.questions = counter("typed_questions_total", "Typed questions read in committed steps, by language and result (matched, unsure, unmatched, smalltalk).", "lang", "result")
	m.redisErrors = counter("redis_errors_total", "Redis commands or pipelines that failed, by kind.", "kind")
	m.failovers = prometheus.NewCounter(prometheus.CounterOpts{Namespace: "eidbot", Name: "redis_failovers_seen_total",
		Help: "Times a new connection found the Redis master at another address than before (single and Sentinel modes)."})
	m.reg.MustRegister(m.failovers)
	m.bookings = counter("bookings_total", "Booking changes written (replays of a request excluded), by change (made, moved, cancelled).", "change")
	m.visits = counter("home_visits_total", "Home-visit request changes written (replays of a request excluded), by change (requested, accepted, declined, cancelled).", "change")
	m.campaignSends = counter("campaign_sends_total", "Campaign sends tried, by channel and outcome (sent, blocked, failed, retry, requeue).", "channel", "outcome")
	m.campaignsRunning = gauge("campaigns_running", "Campaigns running at the campaign worker's last round.")
	m.campaignRecipients = gauge("campaign_recipients", "Recipients of the running campaigns, in all.")
	m.campaignHandled = gauge("campaign_recipients_handled", "Recipients of the running campaigns handled so far (sent, blocked, failed or cancelled).")
	m.oaRefused = counter("zalo_oa_refused_messages_total", "Zalo OA messages not sent because the reply window (window) or the broadcast quota (quota) did not allow them.", "reason")
	m.requests = counter("http_requests_total", "HTTP requests answered on the public listener, by route pattern (\"/\" for a path no route serves) and status code.", "route", "code")
	m.reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	m.zero()
	return m
}

// zero creates the known series at 0.
func (m *Metrics) zero() {
	for _, ch := range channels {
		for _, r := range results {
			m.updates.WithLabelValues(ch, string(r))
		}
		m.handling.WithLabelValues(ch)
		for _, o := range campaignOut {
			m.campaignSends.WithLabelValues(ch, o)
		}
	}
	for _, l := range langs {
		for _, k := range kinds {
			m.questions.WithLabelValues(string(l), bot.QuestionResult(k))
		}
	}
	for _, k := range redisKinds {
		m.redisErrors.WithLabelValues(k)
	}
	for _, c := range changes {
		m.bookings.WithLabelValues(c)
	}
	for _, c := range visitChanges {
		m.visits.WithLabelValues(c)
	}
	for _, r := range refusals {
		m.oaRefused.WithLabelValues(r)
	}
}

// Handler serves the registry in Prometheus's text format (or
// OpenMetrics, when the scraper asks for it).
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg, EnableOpenMetrics: true})
}

// ObserveUpdate counts an update and its handling time (bot.Observer).
func (m *Metrics) ObserveUpdate(channel string, result bot.UpdateResult, took time.Duration) {
	ch := channelLabel(channel)
	m.updates.WithLabelValues(ch, oneOf(string(result), results...)).Inc()
	m.handling.WithLabelValues(ch).Observe(took.Seconds())
}

// ObserveQuestion counts a typed question (bot.Observer).
func (m *Metrics) ObserveQuestion(lang bot.Lang, kind bot.QuestionKind) {
	l := "none"
	if lang != "" {
		l = oneOf(string(lang), langs...)
	}
	m.questions.WithLabelValues(l, bot.QuestionResult(kind)).Inc()
}

// ObserveCall counts a try of a platform API call (bot.CallObserver).
// Method names are the code's own constants; results are checked to be a
// word or a number of a few digits.
func (m *Metrics) ObserveCall(channel, method, result string) {
	m.calls.WithLabelValues(channelLabel(channel), short(method), callResult(result)).Inc()
}

// ObserveRedisError counts a failed Redis command (redisstore.Observer).
func (m *Metrics) ObserveRedisError(kind string) {
	m.redisErrors.WithLabelValues(oneOf(kind, redisKinds...)).Inc()
}

// ObserveFailover counts a master found at a new address
// (redisstore.Observer).
func (m *Metrics) ObserveFailover() { m.failovers.Inc() }

// ObserveBooking counts a booking change (redisstore.Observer).
func (m *Metrics) ObserveBooking(change string) {
	m.bookings.WithLabelValues(oneOf(change, changes...)).Inc()
}

// ObserveVisit counts a home-visit request change (redisstore.Observer).
func (m *Metrics) ObserveVisit(change string) {
	m.visits.WithLabelValues(oneOf(change, visitChanges...)).Inc()
}

// ObserveCampaignSend counts a campaign send (broadcast.Observer).
func (m *Metrics) ObserveCampaignSend(channel, outcome string) {
	m.campaignSends.WithLabelValues(channelLabel(channel), oneOf(outcome, campaignOut...)).Inc()
}

// ObserveCampaigns records the running campaigns' progress
// (broadcast.Observer).
func (m *Metrics) ObserveCampaigns(running, recipients, handled int) {
	m.campaignsRunning.Set(float64(running))
	m.campaignRecipients.Set(float64(recipients))
	m.campaignHandled.Set(float64(handled))
}

// ObserveRefusal counts Zalo OA messages the reply window or the
// broadcast quota kept back (zalooa.RefusalObserver).
func (m *Metrics) ObserveRefusal(reason string, messages int) {
	m.oaRefused.WithLabelValues(oneOf(reason, refusals...)).Add(float64(messages))
}

// ObserveRequest counts a request the HTTP server answered
// (httpserver.RequestObserver). Routes are the server's own patterns;
// anything that does not look like one is "other".
func (m *Metrics) ObserveRequest(route string, status int) {
	m.requests.WithLabelValues(routeLabel(route), strconv.Itoa(status)).Inc()
}

// routeLabel passes a route pattern of at most 64 characters of letters,
// digits and "/:_.-*", starting with "/", and makes anything else "other".
func routeLabel(r string) string {
	if len(r) == 0 || len(r) > 64 || r[0] != '/' {
		return "other"
	}
	for _, c := range r {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.ContainsRune("/:_.-*", c)) {
			return "other"
		}
	}
	return r
}

// channelLabel is a channel's label: its name, "none" for an update that
// belongs to no chat, "other" for a name not known here.
func channelLabel(ch string) string {
	if ch == "" {
		return "none"
	}
	return oneOf(ch, channels...)
}

// oneOf returns v when it is one of known, else "other".
func oneOf[S ~string](v string, known ...S) string {
	for _, k := range known {
		if string(k) == v {
			return v
		}
	}
	return "other"
}

// callResult keeps an API result label bounded: a word of letters and
// underscores or a number (an HTTP status or a Zalo error code) of at
// most six characters; anything else is "other".
func callResult(r string) string {
	if _, err := strconv.Atoi(r); err == nil && len(r) <= 6 {
		return r
	}
	return short(r)
}

// short passes a name of at most 40 letters, digits and underscores, and
// makes anything else "other".
func short(s string) string {
	if s == "" || len(s) > 40 {
		return "other"
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_') {
			return "other"
		}
	}
	return s
}
