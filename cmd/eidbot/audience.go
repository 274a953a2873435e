package main

import (
	"context"
	"time"

	"github.com/eidbot/eidbot/bot"
)

// audience finds a campaign's recipients: an area's subscribers or
// registered groups, or the people booked at one of its points on a day.
// It skips chats known to have blocked the bot.
type audience struct {
	subs  bot.Subscriptions
	appts interface {
		ForPoint(ctx context.Context, pointID, day string) ([]bot.Appointment, error)
	}
	blocks bot.BlockList
}

// Recipients calls fn for each recipient of c, in a stable order.
func (a *audience) Recipients(ctx context.Context, c bot.Campaign, fn func(bot.Recipient) error) error {
	if c.Audience.Kind == bot.AudienceAppointments {
		return a.booked(ctx, c, fn)
	}
	return a.subs.Each(ctx, c.Area, c.Audience.Kind, func(s bot.Subscriber) error {
		if blocked, err := a.blocks.IsBlocked(ctx, s.Chat); err != nil || blocked {
			return err
		}
		return fn(bot.Recipient{Chat: s.Chat, Lang: s.Lang, Subscribed: s.Chat.Kind == bot.ChatPrivate})
	})
}

// booked lists the people with a live appointment at the point that day.
// They get the message because they booked, not because they subscribed,
// so it carries no unsubscribe button; only those who agreed to reminders
// when they booked are messaged.
func (a *audience) booked(ctx context.Context, c bot.Campaign, fn func(bot.Recipient) error) error {
	day, err := time.Parse(time.DateOnly, c.Audience.Date)
	if err != nil {
		return err
	}
	list, err := a.appts.ForPoint(ctx, c.Audience.Point, day.Format("20060102"))
	if err != nil {
		return err
	}
	seen := map[string]bool{}
	for _, ap := range list {
		if ap.Status != bot.StatusBooked || !ap.Reminders || seen[ap.Chat.Key()] {
			continue
		}
		seen[ap.Chat.Key()] = true
		if blocked, err := a.blocks.IsBlocked(ctx, ap.Chat); err != nil {
			return err
		} else if blocked {
			continue
		}
		if err := fn(bot.Recipient{Chat: ap.Chat, Lang: ap.Lang}); err != nil {
			return err
		}
	}
	return nil
}
