package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/internal/httpserver"
	"github.com/eidbot/eidbot/internal/metrics"
	"github.com/eidbot/eidbot/internal/redisstore"
	"github.com/eidbot/eidbot/internal/telegram"
	"github.com/eidbot/eidbot/internal/webchat"
	"github.com/eidbot/eidbot/internal/zalobot"
	"github.com/eidbot/eidbot/internal/zalooa"
)

// Main is the running bot on every channel configured: Telegram, the Zalo
// Bot Platform, a Zalo Official Account, the web chat (on unless turned
// off), in any combination.
// The program's "serve" command and the end-to-end tests both run it: Run
// starts it, Close stops it gracefully.
type Main struct {
	Config     Config
	Log        *slog.Logger
	HTTPClient *http.Client     // for every channel's Bot API calls; nil means telegram.NewHTTPClient(botAPITimeout)
	Now        func() time.Time // the clock; nil means time.Now
	// ReminderEvery is how often due reminders are sent; 0 means every 30
	// seconds, negative turns the loop off (tests send them by hand).
	ReminderEvery time.Duration
	// CampaignPoll is how often the campaign worker looks for work when it
	// has none; 0 means every second, negative turns the worker off.
	CampaignPoll time.Duration
	// ZaloOAPoll is how long the Zalo OA's event worker waits for an
	// event in one read; 0 means 2 seconds, negative turns the worker off
	// (tests then process the journal by hand).
	ZaloOAPoll time.Duration

	core   *core
	engine *chatbot
	tg     *telegram.Client // nil without Telegram
	zb     *zalobot.Client  // nil without the Zalo Bot Platform
	oa     *zaloOA          // nil without a Zalo Official Account
	server *httpserver.Server
	ln     net.Listener
	served chan error
	stop   context.CancelFunc // stops the reminder loop and the campaign worker
	looped chan struct{}
	worked chan struct{}
	// workerTG is the campaign worker's own Bot API client.
	workerTG *telegram.Client
	closed   sync.Once
	err      error   // of the first Close
	web      webChat // the web chat (webchat.go)
	// meter is the metrics registry, nil unless Config.MetricsAddr is
	// set; metricsSrv serves it (metrics.go).
	meter      *metrics.Metrics
	metricsSrv *metricsServer
}

// errNoChannel is Run's error when no channel is configured.
var errNoChannel = errors.New(channelsHint)

// Run opens the store, connects every channel configured (checking that
// the APIs of Telegram and Zalo answer: getMe), and starts serving their
// webhooks and the web chat. It returns once the server listens.
func (m *Main) Run(ctx context.Context) (err error) {
	if len(m.Config.Channels()) == 0 {
		return errNoChannel
	}
	if m.Log == nil {
		m.Log = slog.New(slog.DiscardHandler)
	}
	redisstore.LogTo(m.Log)
	if m.Now == nil {
		m.Now = time.Now
	}
	m.startMetrics()
	if m.core, err = openCore(ctx, m.Config, m.Log, m.meter); err != nil {
		return err
	}
	defer func() {
		if err != nil {
			m.stopMetrics()
			m.closeClients()
			m.stopWebChat()
			m.core.Close()
		}
	}()
	// Telegram's campaign sends share Global; the other channels have
	// windows of their own.
	limiter := redisstore.NewLimiter(m.core.store, redisstore.Limits{Global: m.Config.BroadcastRate,
		Channels: map[string]int{bot.ChannelZaloBot: zalobot.BroadcastRate, bot.ChannelZaloOA: zalooa.BroadcastRate, bot.ChannelWeb: webchat.BroadcastRate}})
	on, err := m.channels(ctx, limiter)
	if err != nil {
		return err
	}
	if m.engine, err = m.core.engine(on.senders, on.caps, on.username, m.Log, m.Now); err != nil {
		return err
	}
	if m.oa != nil {
		if err := m.oa.start(m.engine, m.ZaloOAPoll); err != nil {
			return err
		}
	}
	worker, err := m.campaignWorker(ctx, limiter, on.senders)
	if err != nil {
		return err
	}
	if err = m.serveMetrics(); err != nil {
		return err
	}
	m.server = httpserver.New(m.serverConfig(on.hooks))
	if m.ln, err = net.Listen("tcp", m.Config.Addr); err != nil {
		return err
	}
	m.served = make(chan error, 1)
	go func() { m.served <- m.server.Serve(m.ln) }()
	m.startReminders()
	m.startWorker(worker)
	m.Log.Info("eidbot serving", "config", m.Config, "bot", on.username, "listen", m.ln.Addr().String())
	return nil
}

// connected is what the channels configured bring to the engine and the
// HTTP server.
type connected struct {
	senders channels            // the router's senders, by channel
	caps    map[string]bot.Caps // what each channel but Telegram can do
	hooks   []httpserver.Hook   // the webhooks besides Telegram's
	// username is Telegram's bot username, for deep links ("" without
	// Telegram).
	username string
}

// channels connects the channels configured (Config.Channels): Telegram
// and the Zalo Bot Platform after checking that their APIs answer, and
// the web chat, whose routes serverConfig adds.
func (m *Main) channels(ctx context.Context, limiter *redisstore.Limiter) (connected, error) {
	on := connected{senders: channels{}, caps: map[string]bot.Caps{}}
	if m.Config.Telegram() {
		tg, err := telegram.New(ctx, telegram.Config{Token: m.Config.Token, APIURL: m.Config.APIURL, HTTPClient: m.httpClient(),
			Timeout: botAPITimeout, Log: m.Log, OnFlood: m.onFlood(limiter), Calls: m.calls()})
		if err != nil {
			return connected{}, fmt.Errorf("telegram: %w", err)
		}
		m.tg, on.senders[bot.ChannelTelegram], on.username = tg, tg, tg.Username()
	}
	if m.Config.ZaloBot() {
		zb, hook, err := m.zaloChannel(ctx)
		if err != nil {
			return connected{}, err
		}
		on.senders[bot.ChannelZaloBot], on.caps[bot.ChannelZaloBot], on.hooks = zb, *zalobot.Caps(), append(on.hooks, hook)
	}
	if m.Config.ZaloOA() {
		oa, hook, err := m.zaloOAChannel()
		if err != nil {
			return connected{}, fmt.Errorf("zalo oa: %w", err)
		}
		m.oa = oa
		m.core.erasers = append(m.core.erasers, oa.windows)
		m.core.reachable = oa.reachable
		on.senders[bot.ChannelZaloOA], on.caps[bot.ChannelZaloOA], on.hooks = oa.sender, *zalooa.Caps(), append(on.hooks, hook)
	}
	if m.Config.Web() {
		m.startWebChat()
		on.senders[bot.ChannelWeb], on.caps[bot.ChannelWeb] = m.web.sender, *webchat.Caps()
	}
	return on, nil
}

// onFlood pauses campaign sends, in every process, when a reply meets a
// Telegram 429. It must not block the reply that met it, and a burst of
// 429s pauses once.
func (m *Main) onFlood(limiter *redisstore.Limiter) func(time.Duration) {
	var pausedUntil atomic.Int64 // unix ms
	return func(d time.Duration) {
		until := time.Now().Add(d).UnixMilli()
		if prev := pausedUntil.Load(); until <= prev || !pausedUntil.CompareAndSwap(prev, until) {
			return
		}
		go func() {
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			defer cancel()
			if err := limiter.Pause(ctx, d); err != nil {
				m.Log.Warn("pause campaign sends", "err", err)
			}
		}()
	}
}

// serverConfig is the HTTP server's configuration: the webhooks of the
// channels configured, the web chat's routes, the staff API, and the
// download links when the server has a public URL.
func (m *Main) serverConfig(hooks []httpserver.Hook) httpserver.Config {
	cfg := httpserver.Config{
		Hooks:        hooks,
		Handler:      m.engine,
		Ready:        m.ready,
		Log:          m.Log,
		AdminToken:   m.Config.AdminToken,
		Appointments: m.core.bookings,
		Visits:       m.core.bookings,
		Notifier:     m.engine.appointments,
		Directory:    m.core.dir,
		Now:          m.Now,

		Campaigns:     m.core.campaigns,
		Subscriptions: m.core.subs,
		Audit:         m.core.audit,
		Areas:         m.core.areas,
		Funnel:        m.core.funnel,

		WebChat:        m.webChatRoutes(),
		TrustedProxies: m.Config.WebChat.TrustedProxies,

		Requests: m.requests(),
	}
	if m.tg != nil {
		cfg.Secret, cfg.Decode = m.Config.WebhookSecret, m.tg.Decoder(m.Log).Decode
	}
	if m.Config.PublicURL != "" {
		cfg.Files = m.core.files
	}
	return cfg
}

// ready reports whether the server can do its work (GET /readyz): Redis
// answers, and a Zalo OA has a usable access token whose last refresh
// worked.
func (m *Main) ready(ctx context.Context) error {
	if err := m.core.store.Ping(ctx); err != nil {
		return err
	}
	if m.oa != nil {
		return m.oa.ready()
	}
	return nil
}

// closeClients drops the channels' connections and stops the Zalo OA's
// worker and token refresher.
func (m *Main) closeClients() {
	for _, c := range []*telegram.Client{m.tg, m.workerTG} {
		if c != nil {
			c.Close()
		}
	}
	if m.zb != nil {
		m.zb.Close()
	}
	if m.oa != nil {
		m.oa.close()
	}
}

// botAPITimeout bounds one attempt of a Bot API request.
const botAPITimeout = 15 * time.Second

// httpClient is the HTTP client of every Bot API call: the one injected
// (tests), else one tuned net/http client that replies and the campaign
// worker share, so that they share one keep-alive pool.
func (m *Main) httpClient() *http.Client {
	if m.HTTPClient == nil {
		m.HTTPClient = telegram.NewHTTPClient(botAPITimeout)
	}
	return m.HTTPClient
}

// startReminders runs the reminder loop in the background until Close.
func (m *Main) startReminders() {
	every := m.ReminderEvery
	if every == 0 {
		every = 30 * time.Second
	}
	var ctx context.Context
	ctx, m.stop = context.WithCancel(context.Background())
	m.looped = make(chan struct{})
	go func() {
		defer close(m.looped)
		if every > 0 {
			m.engine.RunReminders(ctx, every)
		}
	}()
}

// Addr is the address the server listens on, e.g. 127.0.0.1:43127.
func (m *Main) Addr() string { return m.ln.Addr().String() }

// stopBudget bounds a stop (SIGTERM, Close): the updates in flight have
// httpserver.DefaultHandleTimeout (15 s) and the campaign worker
// campaignDrain (10 s) to finish, side by side, so a stop is done in less
// than this, and within the 30 s compose.yaml (like most orchestrators)
// waits before SIGKILL.
const stopBudget = 20 * time.Second

// Close stops accepting updates, closes idle connections, lets in-flight
// updates and campaign sends finish (within stopBudget), then closes the
// store. It returns an error only if something failed or did not finish in
// time. Closing again returns the first result.
func (m *Main) Close() error {
	m.closed.Do(func() { m.err = m.close() })
	return m.err
}

func (m *Main) close() error {
	var errs []error
	background := make(chan struct{})
	go func() {
		defer close(background)
		if m.stop != nil {
			m.stop()
			<-m.looped
			<-m.worked
		}
	}()
	m.closeWebStreams()
	if m.server != nil {
		ctx, cancel := context.WithTimeout(context.Background(), stopBudget)
		errs = append(errs, m.server.Shutdown(ctx))
		cancel()
		<-m.served
	}
	<-background
	m.stopWebChat()
	m.closeClients()
	if m.core != nil {
		errs = append(errs, m.core.Close())
	}
	errs = append(errs, m.stopMetrics())
	return errors.Join(errs...)
}

// serveGOGC is the garbage collector's target for "eidbot serve" when the
// GOGC environment variable does not set one. Every update allocates a few
// tens of kilobytes that die at once, while the live heap is small (5-8 MB
// under eidload's load: the session cache, connection buffers). Measured
// with eidload -gogc 100,200,400,800 (docs/BENCHMARKS.md, "GOGC"): 400
// takes 15-30 µs (10-20 %) less of the server's CPU per update than Go's
// default of 100, for 76 MB peak resident memory against 45 MB; 800 saved
// up to ~10 µs more for 123 MB. GOGC=100 in the environment restores Go's
// default; GOMEMLIMIT bounds memory as usual.
const serveGOGC = 400

// tuneGC applies serveGOGC unless GOGC is set, once the server has
// started, after handing the start-up's garbage and free pages back to the
// system: building the typed-questions index alone allocates some 86 MB
// in all. Under Go's default during the start-up, and with this, the idle
// server holds 38 MB instead of 78 (docs/BENCHMARKS.md, "Unauthenticated
// flood").
func tuneGC(getenv func(string) string) {
	debug.FreeOSMemory()
	if getenv("GOGC") == "" {
		debug.SetGCPercent(serveGOGC)
	}
}

// serveCommand is "eidbot serve".
func serveCommand() *command {
	return &command{
		name:    "serve",
		summary: "run the server of every channel configured: the web chat, Telegram, Zalo (by environment)",
		about: "Serves the web chat unless EIDBOT_WEBCHAT=off; Telegram's webhook with TELEGRAM_TOKEN and\n" +
			"TELEGRAM_WEBHOOK_SECRET; the Zalo Bot Platform's with ZALO_BOT_TOKEN, ZALO_BOT_WEBHOOK_SECRET and\n" +
			"EIDBOT_PUBLIC_URL; a Zalo Official Account's (POST /zalo/oa/webhook) with ZALO_OA_APP_ID,\n" +
			"ZALO_OA_SECRET_KEY, ZALO_OA_APP_SECRET and EIDBOT_PUBLIC_URL. With nothing set it runs the web\n" +
			"chat alone on the embedded store and prints the demo page's address; with no channel at all (the\n" +
			"web chat off, no token or app id) it exits with status 2 saying what to set. REDIS_URL for a\n" +
			"durable store (the README lists every variable).\n" +
			"Runs until SIGINT or SIGTERM, then finishes the updates in flight.",
		flags: func(*flag.FlagSet) action {
			return func(ctx context.Context, e *proc, _ []string) error { return runServe(ctx, e.getenv, e.stderr) }
		},
	}
}

// runServe runs the server until SIGINT or SIGTERM.
func runServe(ctx context.Context, getenv func(string) string, stderr io.Writer) error {
	cfg, err := LoadConfig(getenv)
	if err != nil {
		return fmt.Errorf("configuration:\n%w", err)
	}
	if len(cfg.Channels()) == 0 {
		return usagef("serve: %v", errNoChannel)
	}
	log := slog.New(slog.NewJSONHandler(stderr, &slog.HandlerOptions{Level: cfg.LogLevel}))
	servePprof(cfg.PprofAddr, log)
	m := &Main{Config: cfg, Log: log}
	if err := m.Run(ctx); err != nil {
		return err
	}
	tuneGC(getenv)
	m.announceWebChat(stderr)
	select {
	case <-ctx.Done():
		log.Info("shutting down: finishing in-flight updates")
	case err := <-m.served:
		m.served <- err
		log.Error("server stopped", "err", err)
	}
	return m.Close()
}
