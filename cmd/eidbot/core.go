package main

import (
	"context"
	"crypto/rand"
	"fmt"
	"log/slog"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/bot/appointment"
	"github.com/eidbot/eidbot/bot/committee"
	"github.com/eidbot/eidbot/bot/understand"
	"github.com/eidbot/eidbot/flows"
	"github.com/eidbot/eidbot/internal/booking"
	"github.com/eidbot/eidbot/internal/i18n"
	"github.com/eidbot/eidbot/internal/metrics"
	"github.com/eidbot/eidbot/internal/redisstore"
	"github.com/eidbot/eidbot/locales"
)

// core is what every way of running the bot shares: the state store, the
// flows and the message catalogue, all checked at start.
type core struct {
	store    *redisstore.Store
	bookings *redisstore.Bookings
	dir      *booking.Reception
	flows    *flows.Set
	topics   *flows.Topics     // typed-question topics, read by reader
	reader   *understand.Index // reads typed questions (bot.Reader)
	catalog  *i18n.Catalog

	admins    []bot.UserID
	areas     []bot.Area
	subs      *redisstore.Subscriptions
	campaigns *redisstore.Campaigns
	funnel    *redisstore.Funnel
	audit     *redisstore.Audit
	files     *redisstore.Files // documents shown as links by channels without files
	consents  *redisstore.Consents

	// Set by the channels before the engine is built: what /forget erases
	// besides the core's records (a Zalo OA's reply window), and how many
	// of an area's subscribers a campaign could reach now on channels
	// that cannot write at any time.
	erasers   []bot.Eraser
	reachable func(ctx context.Context, area string) (map[string]int, error)
	meter     *metrics.Metrics // nil without metrics
}

// openCore opens Redis (or the embedded store when redisURL is empty) and
// loads and checks the flows and locales. A broken flow or locale stops the
// program here instead of confusing a user later. meter, when not nil, is
// told what the store and the engine do.
func openCore(ctx context.Context, cfg Config, log *slog.Logger, meter *metrics.Metrics) (*core, error) {
	dir, err := loadDirectory(cfg.PointsFile, cfg.CalendarFile)
	if err != nil {
		return nil, err
	}
	set, probs := flows.Load(flows.Embedded())
	if len(probs) > 0 {
		return nil, fmt.Errorf("flows: %v", probs)
	}
	cat, err := i18n.Load(locales.FS())
	if err != nil {
		return nil, err
	}
	if probs := flows.Check(set, cat, declared().CheckOptions()); len(probs) > 0 {
		return nil, fmt.Errorf("flows: %v (run: eidbot flows check)", probs)
	}
	areas, err := loadAreas(cfg.AreasFile, cfg.PointsFile, dir)
	if err != nil {
		return nil, err
	}
	topics := flows.MustLoadEmbeddedTopics()
	c := &core{flows: set, topics: topics, reader: understand.New(topics), catalog: cat, dir: dir, admins: cfg.AdminIDs, areas: areas, meter: meter}
	opts := cfg.storeOptions()
	if meter != nil {
		opts.Observer = meter
	}
	if cfg.RedisURL == "" {
		c.store, err = redisstore.Embedded(redisstore.Options{Observer: opts.Observer})
		if err == nil {
			log.Warn("REDIS_URL is not set: using an embedded in-memory store. ALL DATA IS LOST WHEN THE PROCESS EXITS. Set REDIS_URL for real use.")
		}
	} else {
		c.store, err = redisstore.Open(ctx, cfg.RedisURL, opts)
		if err == nil {
			log.Info("Redis connected", "mode", c.store.Mode())
		}
	}
	if err != nil {
		return nil, err
	}
	c.bookings = c.store.Bookings()
	c.consents = c.store.Consents()
	c.subs, c.funnel, c.audit = c.store.Subscriptions(), c.store.Funnel(), c.store.Audit()
	c.campaigns = redisstore.NewCampaigns(c.store)
	c.files = c.store.Files(redisstore.DefaultFileTTL)
	return c, nil
}

// declared is what the core and the features register, without stores:
// the names flows may use and the command menu. A feature's Register reads
// nothing from its configuration, so zero features declare the same names
// as those core.features builds.
func declared() *bot.Registry {
	return bot.NewRegistry(new(appointment.Feature), new(committee.Feature))
}

// chatbot is one channel's engine with the features serve and chat use
// outside updates: reminders, notices, campaign messages.
type chatbot struct {
	*bot.Engine
	appointments *appointment.Feature
	committees   *committee.Feature
}

// RunReminders sends due reminders every interval until ctx ends.
func (b *chatbot) RunReminders(ctx context.Context, every time.Duration) {
	b.appointments.RunReminders(ctx, every)
}

// features builds the appointments and committees features of one
// engine on the shared core.
func (c *core) features() (*appointment.Feature, *committee.Feature, error) {
	appts, err := appointment.New(appointment.Config{
		Directory:    c.dir,
		Appointments: c.bookings,
		Visits:       c.bookings,
		Reminders:    c.bookings,
		Consents:     c.consents,
		NewCode:      func() string { return bot.NewCode(rand.Reader) },
	})
	if err != nil {
		return nil, nil, err
	}
	committees, err := committee.New(committee.Config{
		Admins:        c.admins,
		Areas:         c.areas,
		Roles:         c.store.Roles(),
		Audit:         c.audit,
		Subscriptions: c.subs,
		Campaigns:     c.campaigns,
		Funnel:        c.funnel,
		Directory:     c.dir,
		AutoAnswers:   c.store,
		Reachable:     c.reachable,
	})
	return appts, committees, err
}

// engine builds the engine on the shared core, with the appointments and
// committees features. sender delivers to every channel the engine serves;
// caps says what those channels can do that are not Telegram.
func (c *core) engine(sender bot.Sender, caps map[string]bot.Caps, botUsername string, log *slog.Logger, now func() time.Time) (*chatbot, error) {
	appts, committees, err := c.features()
	if err != nil {
		return nil, err
	}
	var obs bot.Observer
	if c.meter != nil {
		obs = c.meter
	}
	e, err := bot.NewEngine(bot.Config{
		Flows:      c.flows,
		Translator: c.catalog,
		Sessions:   c.store,
		Journal:    c.store,
		Sender:     sender,
		// The seat, the links, the session, a web chat's history, what the
		// channels add (a Zalo OA's reply window); the consent log deletes
		// nothing but records the deletion.
		Erasers:     append([]bot.Eraser{c.bookings, c.files, c.store, c.store.WebChat(), c.consents}, c.erasers...),
		Blocks:      c.store,
		Log:         log,
		Now:         now,
		BotUsername: botUsername,
		Features:    []bot.Feature{appts, committees},
		Channels:    caps,
		Topics:      c.topics,
		Reader:      c.reader,
		Unanswered:  unansweredQuestions(c.store),
		Directory:   c.dir,
		AutoAnswers: c.store,
		Observer:    obs,
	})
	if err != nil {
		return nil, err
	}
	return &chatbot{Engine: e, appointments: appts, committees: committees}, nil
}

// Close closes the state store.
func (c *core) Close() error { return c.store.Close() }
