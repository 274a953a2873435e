package main

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/flows"
	"github.com/eidbot/eidbot/internal/i18n"
	"github.com/eidbot/eidbot/internal/redisstore"
	"github.com/eidbot/eidbot/locales"
)

// core is what every way of running the bot shares: the state store, the
// flows and the message catalogue, all checked at start.
type core struct {
	store   *redisstore.Store
	flows   *flows.Set
	catalog *i18n.Catalog
}

// openCore opens Redis (or the embedded store when redisURL is empty) and
// loads and checks the flows and locales. A broken flow or locale stops the
// program here instead of confusing a user later.
func openCore(ctx context.Context, redisURL string, log *slog.Logger) (*core, error) {
	set, probs := flows.Load(flows.Embedded())
	if len(probs) > 0 {
		return nil, fmt.Errorf("flows: %v", probs)
	}
	cat, err := i18n.Load(locales.FS())
	if err != nil {
		return nil, err
	}
	if probs := flows.Check(set, cat, bot.CheckOptions()); len(probs) > 0 {
		return nil, fmt.Errorf("flows: %v (run: eidbot flows check)", probs)
	}
	c := &core{flows: set, catalog: cat}
	if redisURL == "" {
		c.store, err = redisstore.Embedded(redisstore.Options{})
		if err == nil {
			log.Warn("REDIS_URL is not set: using an embedded in-memory store. ALL DATA IS LOST WHEN THE PROCESS EXITS. Set REDIS_URL for real use.")
		}
	} else {
		c.store, err = redisstore.Open(ctx, redisURL, redisstore.Options{})
	}
	if err != nil {
		return nil, err
	}
	return c, nil
}

// engine builds an engine for one channel on the shared core.
func (c *core) engine(sender bot.Sender, botUsername string, log *slog.Logger) (*bot.Engine, error) {
	return bot.NewEngine(bot.Config{
		Flows:       c.flows,
		Translator:  c.catalog,
		Sessions:    c.store,
		Journal:     c.store,
		Sender:      sender,
		Erasers:     []bot.Eraser{c.store},
		Blocks:      c.store,
		Log:         log,
		BotUsername: botUsername,
	})
}

func (c *core) Close() error { return c.store.Close() }
