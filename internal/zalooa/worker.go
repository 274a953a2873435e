package zalooa

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/eidbot/eidbot/bot"
)

// Handler processes one event; see Worker. For the engine it is, in
// short: a follow or a text goes to Engine.Handle, an unfollow
// unsubscribes, a non-text message gets "I can read text only" at most
// once per NonTextNoticeInterval.
type Handler func(ctx context.Context, ev Event) error

// WorkerConfig configures a Worker.
type WorkerConfig struct {
	Journal EventJournal
	Handler Handler
	// Windows, when set, learns of every message (and follow) of a user
	// before the handler runs, so that the replies it sends find the window open.
	Windows WindowStore
	// Consumer names this process in the journal; unique per replica.
	Consumer string
	// Batch is how many events one read takes (default 16); Block how
	// long a read waits for one (default 5 s); MinIdle how long an event
	// stays with a consumer before another takes it over (default 2 min,
	// well above the time one event takes).
	Batch   int
	Block   time.Duration
	MinIdle time.Duration
	Log     *slog.Logger // nil discards
	Now     func() time.Time
}

// Worker processes recorded events: new ones, and those a dead consumer
// left pending. Delivery is at least once: an event taken over from a
// consumer that was only slow runs twice, which the engine's own
// idempotency on Update.ID absorbs.
type Worker struct {
	cfg WorkerConfig
}

// NewWorker returns a Worker.
func NewWorker(cfg WorkerConfig) (*Worker, error) {
	if cfg.Journal == nil || cfg.Handler == nil || cfg.Consumer == "" {
		return nil, errors.New("zalooa: a worker needs a journal, a handler and a consumer name")
	}
	setDefault(&cfg.Batch, 16)
	setDefault(&cfg.Block, 5*time.Second)
	setDefault(&cfg.MinIdle, 2*time.Minute)
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Worker{cfg: cfg}, nil
}

func setDefault[T int | time.Duration](v *T, def T) {
	if *v <= 0 {
		*v = def
	}
}

// Run processes events until ctx ends. A journal failure is logged and
// retried after a pause.
func (w *Worker) Run(ctx context.Context) {
	for ctx.Err() == nil {
		if _, err := w.Poll(ctx, w.cfg.Block); err != nil && ctx.Err() == nil {
			w.cfg.Log.Warn("zalooa: reading the event journal", "error", err)
			_ = sleepContext(ctx, time.Second)
		}
	}
}

// Poll takes over stale events, then reads new ones (waiting up to block),
// processes them and returns how many it acknowledged.
func (w *Worker) Poll(ctx context.Context, block time.Duration) (int, error) {
	var entries []entry
	collect := func(id string, body []byte) { entries = append(entries, entry{id, body}) }
	if err := w.cfg.Journal.Reclaim(ctx, w.cfg.Consumer, w.cfg.MinIdle, w.cfg.Batch, collect); err != nil {
		return 0, err
	}
	if len(entries) == 0 {
		if err := w.cfg.Journal.Read(ctx, w.cfg.Consumer, w.cfg.Batch, block, collect); err != nil {
			return 0, err
		}
	}
	done := 0
	for _, e := range entries {
		if w.process(ctx, e) {
			if err := w.cfg.Journal.Ack(ctx, e.id); err != nil {
				return done, err
			}
			done++
		}
	}
	return done, nil
}

type entry struct {
	id   string
	body []byte
}

// process runs one event and reports whether it is finished with: done,
// or failed for good (a body that no longer decodes, a refusal). A
// temporary failure leaves it pending, to be taken over after MinIdle.
func (w *Worker) process(ctx context.Context, e entry) bool {
	ev, err := Decode(e.body)
	if err != nil || ev.Kind == KindIgnored {
		w.cfg.Log.Warn("zalooa: journal entry does not decode to an event; dropped", "entry", e.id)
		return true
	}
	if ev.OpensWindow() && w.cfg.Windows != nil {
		at := ev.Time
		if now := w.cfg.Now(); at.IsZero() || at.After(now) {
			at = now
		}
		chat := ev.Update.Chat
		if err := w.cfg.Windows.Opened(ctx, chat, at, ev.MessageID); err != nil {
			w.cfg.Log.Warn("zalooa: recording the reply window; will retry", "chat", chat.Key(), "error", err)
			return false
		}
	}
	err = w.cfg.Handler(ctx, ev)
	switch {
	case err == nil:
		return true
	case errors.Is(err, bot.ErrRejected):
		w.cfg.Log.Warn("zalooa: event refused; dropped", "event", ev.Name, "key", ev.Key, "error", err)
		return true
	}
	w.cfg.Log.Warn("zalooa: event failed; will retry", "event", ev.Name, "key", ev.Key, "error", err)
	return false
}
