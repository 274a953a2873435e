package broadcast

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/eidbot/eidbot/bot"
)

// deliver sends the campaign to one recipient: lease it, reserve a slot
// under the limits, send at once, record the outcome. The slot is reserved
// last so that as little as possible happens between the reservation and
// Telegram receiving the message (see redisstore.Limits.Margin). When ctx
// ends midway the send goes on for Config.Drain; past that nothing more is
// written, as after a crash.
func (w *Worker) deliver(ctx context.Context, j job) {
	log := w.cfg.Log.With("campaign", j.c.ID)
	leased := time.Now() // before the lease starts on Redis' clock, so ours ends first
	res, err := w.cfg.Queue.Claim(ctx, j.c.ID, j.entry, w.cfg.Consumer, j.r, w.cfg.Lease)
	if err != nil {
		w.logErr(ctx, "claiming a recipient", err) // the entry stays pending; Reclaim retries it
		return
	}
	if res != claimOK && res != claimAgain {
		return
	}
	if res == claimAgain {
		log.InfoContext(ctx, "broadcast: took over a recipient whose lease ran out", "chat", j.r.Chat.Key())
	}
	ctx, done := w.draining(ctx)
	defer done()
	outcome := w.send(ctx, leased, j)
	if ctx.Err() != nil {
		return // stopped: the lease runs out and another Worker takes over
	}
	w.cfg.Observer.ObserveCampaignSend(j.r.Chat.Channel, outcome)
	state, err := w.cfg.Queue.Settle(ctx, j.c.ID, j.entry, w.cfg.Consumer, j.r, outcome, w.cfg.MaxAttempts)
	if err != nil {
		w.logErr(ctx, "recording a send", err)
		return
	}
	if state == "lost" {
		log.WarnContext(ctx, "broadcast: lease lost before the outcome was recorded", "chat", j.r.Chat.Key(), "outcome", outcome)
	}
}

// draining returns the context of one leased recipient's send and record:
// ctx itself without a drain period, else a context that outlives ctx's end
// by Config.Drain, so that a stopping Worker finishes what it started.
func (w *Worker) draining(ctx context.Context) (context.Context, context.CancelFunc) {
	if w.cfg.Drain <= 0 {
		return ctx, func() {}
	}
	dctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	var timer *time.Timer
	var mu sync.Mutex
	stop := context.AfterFunc(ctx, func() {
		mu.Lock()
		defer mu.Unlock()
		timer = time.AfterFunc(w.cfg.Drain, cancel)
	})
	return dctx, func() {
		stop()
		mu.Lock()
		if timer != nil {
			timer.Stop()
		}
		mu.Unlock()
		cancel()
	}
}

// send reserves a slot, renders and sends the message, follows a group's
// migration once, runs the hooks, and returns the outcome to record. The
// slot must come within a quarter of the lease (else the recipient goes
// back to the queue unsent), so that the send has at least another
// quarter before it is abandoned at half the lease.
func (w *Worker) send(ctx context.Context, leased time.Time, j job) string {
	rctx, cancelR := context.WithDeadline(ctx, leased.Add(w.cfg.Lease/4))
	defer cancelR()
	sctx, cancel := context.WithDeadline(ctx, leased.Add(w.cfg.Lease/2))
	defer cancel()
	if err := w.reserve(rctx, j.r.Chat); err != nil {
		if ctx.Err() == nil && !errors.Is(err, context.DeadlineExceeded) {
			w.logErr(ctx, "reserving a send", err)
		}
		return outcomeRequeue
	}
	reply := w.cfg.Render(j.c, j.r)
	if reply.Kind == "" {
		reply.Kind = bot.ReplyText
	}
	reply.Chat = j.r.Chat
	_, err := w.cfg.Sender.Send(sctx, reply)
	if to := migratedTo(err); to != "" {
		next := bot.Chat{Channel: reply.Chat.Channel, ID: to, Kind: bot.ChatGroup}
		if w.cfg.Migrated != nil {
			if herr := w.cfg.Migrated(sctx, reply.Chat, next); herr != nil {
				w.logErr(ctx, "moving a migrated group", herr)
			}
		}
		reply.Chat = next
		if err = w.reserve(sctx, next); err == nil {
			_, err = w.cfg.Sender.Send(sctx, reply)
		}
	}
	return w.outcome(ctx, reply.Chat, err)
}

// outcome classifies a send's error.
func (w *Worker) outcome(ctx context.Context, chat bot.Chat, err error) string {
	var flood floodError
	switch {
	case err == nil:
		return outcomeSent
	case errors.As(err, &flood) && flood.FloodWait() > 0:
		if perr := w.cfg.Limiter.Pause(ctx, flood.FloodWait()); perr != nil {
			w.logErr(ctx, "pausing sends", perr)
		}
		w.cfg.Log.WarnContext(ctx, "broadcast: flood limit, pausing all sends", "retry_after", flood.FloodWait())
		return outcomeRequeue
	case isUnreachable(err):
		w.cfg.Log.InfoContext(ctx, "broadcast: recipient not reachable on its channel now; skipped", "chat", chat.Key())
		return outcomeSkipped
	case errors.Is(err, bot.ErrBlocked):
		if w.cfg.Blocked != nil {
			if herr := w.cfg.Blocked(ctx, chat); herr != nil {
				w.logErr(ctx, "unsubscribing a blocked chat", herr)
			}
		}
		return outcomeBlocked
	case errors.Is(err, bot.ErrRejected):
		w.cfg.Log.WarnContext(ctx, "broadcast: send refused", "chat", chat.Key(), "error", err)
		return outcomeFailed
	}
	if errors.Is(err, context.DeadlineExceeded) {
		w.logErr(ctx, "send got no answer in time, will retry (Telegram may have delivered it)", err)
	} else {
		w.logErr(ctx, "send failed, will retry", err)
	}
	return outcomeRetry
}

// isUnreachable reports a send the channel refused because the person
// cannot be messaged there now; they are counted skipped, not failed.
func isUnreachable(err error) bool {
	var u unreachableError
	return errors.As(err, &u) && u.Unreachable()
}

// migratedTo is the supergroup a send's error points to, or "".
func migratedTo(err error) string {
	var m migrateError
	if errors.As(err, &m) {
		return m.MigratedTo()
	}
	return ""
}

// reserve waits until the Limiter grants a send to chat. A slot booked
// in the future is slept to; every goroutine holding one holds a lease, so
// at most InFlight slots are booked ahead.
func (w *Worker) reserve(ctx context.Context, chat bot.Chat) error {
	for {
		wait, booked, err := w.cfg.Limiter.Reserve(ctx, chat)
		if err != nil {
			return err
		}
		if wait > 0 {
			sleep(ctx, wait)
		}
		if err := ctx.Err(); err != nil || booked {
			return err
		}
	}
}
