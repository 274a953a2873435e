package bot

import (
	"context"
	"errors"
	"fmt"
	"time"
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
func (e *Engine) RunReminders(ctx context.Context, every time.Duration) {
	if e.reminders == nil {
		return
	}
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		if _, err := e.SendDueReminders(ctx); err != nil && ctx.Err() == nil {
			e.log.Warn("reminders", "err", err)
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
// fails to send for a temporary reason is retried after its lease.
func (e *Engine) SendDueReminders(ctx context.Context) (int, error) {
	sent := 0
	for {
		due, err := e.reminders.ClaimDue(ctx, e.now(), reminderBatch, reminderLease)
		if err != nil || len(due) == 0 {
			return sent, err
		}
		for _, r := range due {
			ok, err := e.remind(ctx, r)
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
func (e *Engine) remind(ctx context.Context, r Reminder) (bool, error) {
	a, found, err := e.appts.Get(ctx, r.Code)
	if err != nil {
		return false, err
	}
	if !found || a.Status != StatusBooked || a.Sequence != r.Seq || !a.Reminders || e.isBlocked(ctx, a.Chat) {
		return false, e.reminders.Done(ctx, r)
	}
	_, err = e.sender.Send(ctx, e.reminderReply(a, r.Kind))
	switch {
	case errors.Is(err, ErrBlocked):
		e.setBlocked(ctx, a.Chat, true)
	case errors.Is(err, ErrRejected):
		e.log.Warn("reminder rejected", "code", a.Code, "err", err)
	case err != nil:
		e.log.Warn("reminder not sent, will retry", "code", a.Code, "err", err)
		return false, nil
	}
	return err == nil, e.reminders.Done(ctx, r)
}

func (e *Engine) isBlocked(ctx context.Context, chat Chat) bool {
	if e.blocks == nil {
		return false
	}
	blocked, err := e.blocks.IsBlocked(ctx, chat)
	return err == nil && blocked
}

// reminderReply writes a reminder in the language the person booked in.
func (e *Engine) reminderReply(a Appointment, kind string) Reply {
	p, _ := e.dir.Point(a.PointID)
	address := p.Address(a.Lang)
	if a.Place != "" {
		address = a.Place
	}
	text := e.tr.Text(a.Lang, "remind."+kind, map[string]any{
		"Point": p.Name(a.Lang), "Address": address, "Date": e.tr.Date(a.Lang, a.Start),
		"Time": e.tr.Time(a.Start), "Code": a.Code, "Person": Escape(a.Name),
	})
	return Reply{Kind: ReplyText, Chat: a.Chat, Text: text}
}

// VisitAccepted tells the person who asked for a home visit the date staff
// will come. It implements Notifier for the staff API.
func (e *Engine) VisitAccepted(ctx context.Context, v VisitRequest) error {
	p, _ := e.dir.Point(v.PointID)
	text := e.tr.Text(v.Lang, "visit.accepted", map[string]any{
		"Point": p.Name(v.Lang), "Date": e.tr.Date(v.Lang, v.Date), "Person": Escape(v.Name),
	})
	if _, err := e.sender.Send(ctx, Reply{Kind: ReplyText, Chat: v.Chat, Text: text}); err != nil {
		return fmt.Errorf("tell %s about the visit: %w", v.Chat.Key(), err)
	}
	return nil
}
