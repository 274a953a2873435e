package appointment

import (
	"context"
	"errors"
	"time"

	"github.com/eidbot/eidbot/bot"
)

// reminderBatch and reminderLease bound one poll of the reminder schedule:
// a leased reminder that is not done within the lease (the process died)
// goes to another worker.
const (
	reminderBatch = 50
	reminderLease = 2 * time.Minute
)

// RunReminders sends due reminders every interval until ctx ends. Several
// processes may run it at once: each reminder is leased to one of them.
func (f *Feature) RunReminders(ctx context.Context, every time.Duration) {
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		if _, err := f.SendDueReminders(ctx); err != nil && ctx.Err() == nil {
			f.engine.Log().Warn("reminders", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// SendDueReminders sends every reminder due now and reports how many went
// out. A reminder whose appointment was cancelled or moved, whose person
// declined reminders, or whose chat blocked the bot is dropped; one that
// fails to send for a temporary reason is retried after its lease; one to
// a person not reachable on their channel now (outside a Zalo OA's reply
// window) is logged as such, with its code and chat, and done.
func (f *Feature) SendDueReminders(ctx context.Context) (int, error) {
	sent := 0
	for {
		due, err := f.cfg.Reminders.ClaimDue(ctx, f.engine.Now(), reminderBatch, reminderLease)
		if err != nil || len(due) == 0 {
			return sent, err
		}
		for _, r := range due {
			ok, err := f.remind(ctx, r)
			if err != nil {
				return sent, err
			}
			if ok {
				sent++
			}
		}
		if len(due) < reminderBatch {
			return sent, nil
		}
	}
}

// remind sends one reminder and marks it done, unless sending failed for a
// reason that may pass.
func (f *Feature) remind(ctx context.Context, r bot.Reminder) (bool, error) {
	a, found, err := f.cfg.Appointments.Get(ctx, r.Code)
	if err != nil {
		return false, err
	}
	if !found || a.Status != bot.StatusBooked || a.Sequence != r.Seq || !a.Reminders || f.engine.Blocked(ctx, a.Chat) {
		return false, f.cfg.Reminders.Done(ctx, r)
	}
	err = f.engine.Notify(ctx, f.reminder(a, r.Kind))
	var u unreachable
	switch {
	case errors.As(err, &u) && u.Unreachable():
		// A Zalo OA may write only within the person's reply window (or
		// its quota): reported, never dropped silently.
		f.engine.Log().Warn("reminder not sent: the person is not reachable on their channel now (outside a Zalo OA's reply window)",
			"code", a.Code, "chat", a.Chat.Key(), "kind", r.Kind, "appointment", a.Start)
	case errors.Is(err, bot.ErrBlocked):
		// Notify put the chat on the block list; the reminder is done.
	case errors.Is(err, bot.ErrRejected):
		f.engine.Log().Warn("reminder rejected", "code", a.Code, "err", err)
	case err != nil:
		f.engine.Log().Warn("reminder not sent, will retry", "code", a.Code, "err", err)
		return false, nil
	}
	return err == nil, f.cfg.Reminders.Done(ctx, r)
}

// unreachable is a send the channel did not make because the person cannot
// be messaged there now (zalooa.WindowError).
type unreachable interface{ Unreachable() bool }

// reminder writes a reminder in the language the person booked in.
func (f *Feature) reminder(a bot.Appointment, kind string) bot.Reply {
	tr := f.engine.Translator()
	p, _ := f.cfg.Directory.Point(a.PointID)
	address := p.Address(a.Lang)
	if a.Place != "" {
		address = a.Place
	}
	text := tr.Text(a.Lang, "remind."+kind, map[string]any{
		"Point": p.Name(a.Lang), "Address": address, "Date": tr.Date(a.Lang, a.Start),
		"Time": tr.Time(a.Start), "Code": a.Code, "Person": bot.Escape(a.Name),
	})
	return bot.Reply{Kind: bot.ReplyText, Chat: a.Chat, Text: text}
}
