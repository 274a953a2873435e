package main

import (
	"context"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/internal/broadcast"
	"github.com/eidbot/eidbot/internal/redisstore"
	"github.com/eidbot/eidbot/internal/telegram"
)

// campaignWorker builds the worker that delivers committee campaigns on
// every channel configured, each paced by its own global window
// (redisstore.Limits' Channels). On Telegram it sends through its own Bot
// API client that hands 429s back instead of waiting them out, so the
// worker can pause every process's campaign sends through the shared
// limiter; other channels share the replies' senders.
//
// Every channel can receive campaigns, but only people who asked for
// messages get them, whatever their channel: subscribers of the area, or,
// for the people booked at a point on a day, those who agreed to
// reminders when they booked. A web chat visitor who only chatted is
// neither, so the web chat is no mailing list of everyone who opened it.
func (m *Main) campaignWorker(ctx context.Context, limiter *redisstore.Limiter, senders channels) (*broadcast.Worker, error) {
	if m.CampaignPoll < 0 {
		return nil, nil
	}
	routed := channels{}
	for name, s := range senders {
		routed[name] = s
	}
	if m.Config.Telegram() {
		tg, err := telegram.New(ctx, telegram.Config{Token: m.Config.Token, APIURL: m.Config.APIURL,
			HTTPClient: m.httpClient(), Timeout: botAPITimeout, Log: m.Log, FloodWaits: -1, Calls: m.calls()})
		if err != nil {
			return nil, err
		}
		m.workerTG, routed[bot.ChannelTelegram] = tg, tg
	}
	c := m.core
	return broadcast.New(broadcast.Config{
		Queue:    c.campaigns,
		Limiter:  limiter,
		Sender:   routed,
		Audience: &audience{subs: c.subs, appts: c.bookings, blocks: c.store},
		Render:   m.engine.committees.CampaignMessage,
		Report:   m.engine.committees.CampaignReport,
		Blocked: func(ctx context.Context, chat bot.Chat) error {
			if err := c.store.SetBlocked(ctx, chat, true); err != nil {
				return err
			}
			_, err := c.subs.Unsubscribe(ctx, chat)
			return err
		},
		Migrated: c.subs.Migrate,
		Poll:     m.CampaignPoll,
		Drain:    campaignDrain,
		Now:      m.Now,
		Log:      m.Log,
		Observer: m.campaignObserver(),
	})
}

// campaignDrain is how long a stopping campaign worker may take to finish
// and record the sends in flight, so that a restart causes no duplicates.
// It runs beside the server's drain, within stopBudget.
const campaignDrain = 10 * time.Second

// startWorker runs the campaign worker in the background until Close.
func (m *Main) startWorker(w *broadcast.Worker) {
	m.worked = make(chan struct{})
	ctx, stop := context.WithCancel(context.Background())
	prev := m.stop
	m.stop = func() { stop(); prev() }
	go func() {
		defer close(m.worked)
		if w == nil {
			return
		}
		for ctx.Err() == nil {
			if err := w.Run(ctx); err != nil && ctx.Err() == nil {
				m.Log.Error("campaign worker stopped; restarting", "err", err)
				select {
				case <-ctx.Done():
				case <-time.After(5 * time.Second):
				}
			}
		}
	}()
}
