package broadcast

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/eidbot/eidbot/bot"
)

// Config configures a Worker. Queue, Limiter, Sender, Audience and Render
// are required.
type Config struct {
	Queue    Queue
	Limiter  Limiter
	Sender   bot.Sender // for Telegram: a client with FloodWaits < 0, so 429s come back here
	Audience Audience
	// Render writes the campaign's message for one recipient, in the
	// recipient's language. The Worker sets the reply's Chat (and Kind
	// ReplyText when empty).
	Render func(bot.Campaign, bot.Recipient) bot.Reply
	// Report writes the progress report (final=false) or the final report
	// to the author; nil sends none. The Worker addresses it to
	// c.AuthorChat, editing one progress message in place.
	Report func(c bot.Campaign, final bool) bot.Reply
	// Blocked is told of a recipient that blocked the bot (mark it blocked
	// and unsubscribe it); Migrated of a group that became a supergroup
	// (move its registration). Either may be nil.
	Blocked  func(ctx context.Context, chat bot.Chat) error
	Migrated func(ctx context.Context, from, to bot.Chat) error

	// Consumer names this Worker in the queue; it must be unique among
	// live Workers and must not contain '|'. Default: host-pid-random.
	Consumer string
	// InFlight is how many sends run at once (default 8). It bounds the
	// duplicates a crash can cause.
	InFlight int
	// Lease is how long a recipient stays leased to this Worker (default
	// 30 s). A send is abandoned at half of it; after it, a crashed
	// worker's recipients are taken over.
	Lease time.Duration
	// MaxAttempts bounds sends of one recipient that fail temporarily
	// (default 5); then it counts as failed.
	MaxAttempts int
	// ReportEvery is the least time between progress reports (default 30 s).
	ReportEvery time.Duration
	// Drain is how long a stopping Worker (Run's ctx ended) goes on with
	// the sends it had started, and records their outcome, so that a
	// planned restart causes no duplicates. Zero stops at once, as a crash
	// would: the tests use that to kill workers.
	Drain time.Duration
	// Poll is the pause when there is nothing to do (default 1 s).
	Poll time.Duration
	Now  func() time.Time // default time.Now: decides when a campaign is due
	Log  *slog.Logger     // nil discards; never gets message text
	// Observer is told of every send recorded and of the campaigns'
	// progress, for metrics; nil tells nobody.
	Observer Observer
}

// Observer is told, for an operator's metrics, what a Worker does
// (internal/metrics implements it). Its methods must be cheap, must not
// block, and must be safe for concurrent use.
type Observer interface {
	// ObserveCampaignSend is told of each send tried, by the
	// recipient's channel and outcome: "sent", "blocked", "failed"
	// (refused for good), "retry" (failed for now) or "requeue" (held
	// back by a rate limit or a flood pause before it was sent).
	ObserveCampaignSend(channel, outcome string)
	// ObserveCampaigns is told after each round over the due campaigns:
	// how many are running, and their recipients in all and handled so
	// far (sent, blocked, failed or cancelled). Every process's Worker
	// sees the same campaigns, so these are the same in every process.
	ObserveCampaigns(running, recipients, handled int)
}

// noObserver is the Observer of a Worker configured without one.
type noObserver struct{}

func (noObserver) ObserveCampaignSend(string, string) {}
func (noObserver) ObserveCampaigns(int, int, int)     {}

// tally sums the progress of the running campaigns of one round.
type tally struct{ running, recipients, handled int }

// add counts one running campaign.
func (t *tally) add(p bot.CampaignProgress) {
	t.running++
	t.recipients += p.Total
	t.handled += p.Total - p.Remaining()
}

// Worker delivers campaigns. Run one per process; several processes share
// the work.
type Worker struct {
	cfg Config

	reporting atomic.Bool // a progress report is on its way

	cursors map[string]string    // Reclaim cursor per campaign; Run's goroutine only
	swept   map[string]time.Time // last Reclaim per campaign; Run's goroutine only
}

// New checks cfg and fills in defaults.
func New(cfg Config) (*Worker, error) {
	if cfg.Queue == nil || cfg.Limiter == nil || cfg.Sender == nil || cfg.Audience == nil || cfg.Render == nil {
		return nil, errors.New("broadcast: Queue, Limiter, Sender, Audience and Render are required")
	}
	if cfg.Consumer == "" {
		host, _ := os.Hostname()
		cfg.Consumer = fmt.Sprintf("%s-%d-%s", host, os.Getpid(), strings.ToLower(rand.Text()[:6]))
	}
	if strings.Contains(cfg.Consumer, "|") {
		return nil, fmt.Errorf("broadcast: consumer name %q contains '|'", cfg.Consumer)
	}
	setDefault(&cfg.InFlight, 8)
	setDefault(&cfg.MaxAttempts, 5)
	setDefault(&cfg.Lease, 30*time.Second)
	setDefault(&cfg.ReportEvery, 30*time.Second)
	setDefault(&cfg.Poll, time.Second)
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.Observer == nil {
		cfg.Observer = noObserver{}
	}
	cfg.Log = cfg.Log.With("consumer", cfg.Consumer)
	return &Worker{cfg: cfg, cursors: map[string]string{}, swept: map[string]time.Time{}}, nil
}

func setDefault[T int | time.Duration](v *T, def T) {
	if *v <= 0 {
		*v = def
	}
}

// job is one recipient handed to a sender goroutine.
type job struct {
	c     bot.Campaign
	entry string
	r     bot.Recipient
}

// Run delivers campaigns until ctx ends, and returns nil then. Ending ctx
// hands out no more recipients; sends in flight finish and are recorded
// within Config.Drain, and past it (or with no Drain) are abandoned as in a
// crash: their recipients are taken over by a Worker after the lease (see
// the package comment for what that means for duplicates). Call it once per Worker; a
// second Worker (with its own Consumer) is how a process runs more.
func (w *Worker) Run(ctx context.Context) error {
	jobs := make(chan job)
	var wg sync.WaitGroup
	for range w.cfg.InFlight {
		wg.Go(func() {
			for j := range jobs {
				w.deliver(ctx, j)
			}
		})
	}
	defer func() {
		close(jobs)
		wg.Wait()
	}()
	for ctx.Err() == nil {
		if !w.round(ctx, jobs, &wg) {
			sleep(ctx, w.cfg.Poll)
		}
	}
	return nil
}

// round looks at every due campaign once and reports whether it handed
// out any recipient.
func (w *Worker) round(ctx context.Context, jobs chan<- job, bg *sync.WaitGroup) bool {
	ids, err := w.cfg.Queue.Due(ctx, w.cfg.Now(), 100)
	if err != nil {
		w.logErr(ctx, "listing due campaigns", err)
		return false
	}
	busy := false
	var t tally
	for _, id := range ids {
		n, err := w.tend(ctx, id, jobs, bg, &t)
		if err != nil {
			w.logErr(ctx, "campaign "+id, err)
		}
		busy = busy || n > 0
	}
	w.cfg.Observer.ObserveCampaigns(t.running, t.recipients, t.handled)
	return busy
}

// tend moves one campaign on: starts and expands it, hands out a batch of
// recipients, reports progress, and finishes it when all were handled. It
// returns how many recipients it handed out, and counts a running
// campaign in t. Progress reports run in bg.
func (w *Worker) tend(ctx context.Context, id string, jobs chan<- job, bg *sync.WaitGroup, t *tally) (int, error) {
	c, expanded, err := w.cfg.Queue.Start(ctx, id, w.cfg.Now())
	if errors.Is(err, bot.ErrNoCampaign) {
		return 0, w.cfg.Queue.Retire(ctx, id)
	}
	if err != nil {
		return 0, err
	}
	n := 0
	if c.Status == bot.CampaignRunning {
		t.add(c.Progress)
		if !expanded {
			if err := w.expand(ctx, c); err != nil {
				return 0, err
			}
		}
		if n, err = w.dispatch(ctx, c, jobs); err != nil {
			return n, err
		}
		w.progress(ctx, c, bg)
	}
	if n == 0 && c.Status != bot.CampaignScheduled && c.Status != bot.CampaignAwaiting {
		return 0, w.finish(ctx, id)
	}
	return n, nil
}

// expand adds the campaign's audience to its queue in batches.
func (w *Worker) expand(ctx context.Context, c bot.Campaign) error {
	var batch []bot.Recipient
	flush := func() error {
		_, err := w.cfg.Queue.Expand(ctx, c.ID, batch)
		batch = batch[:0]
		return err
	}
	err := w.cfg.Audience.Recipients(ctx, c, func(r bot.Recipient) error {
		if batch = append(batch, r); len(batch) == 500 {
			return flush()
		}
		return nil
	})
	if err == nil {
		err = flush()
	}
	if err != nil {
		return fmt.Errorf("expanding the audience: %w", err)
	}
	w.cfg.Log.InfoContext(ctx, "broadcast: audience expanded", "campaign", c.ID)
	return w.cfg.Queue.Expanded(ctx, c.ID)
}

// dispatch hands out entries of a running campaign: those pending too
// long (every quarter lease) and a batch of new ones.
func (w *Worker) dispatch(ctx context.Context, c bot.Campaign, jobs chan<- job) (int, error) {
	var batch []job
	add := func(entry string, r bot.Recipient) { batch = append(batch, job{c: c, entry: entry, r: r}) }
	if now := time.Now(); now.Sub(w.swept[c.ID]) >= w.cfg.Lease/4 {
		w.swept[c.ID] = now
		next, err := w.cfg.Queue.Reclaim(ctx, c.ID, w.cfg.Consumer, w.cfg.Lease, w.cursors[c.ID], 4*w.cfg.InFlight, add)
		if err != nil {
			return 0, err
		}
		w.cursors[c.ID] = next
	}
	if err := w.cfg.Queue.Read(ctx, c.ID, w.cfg.Consumer, w.cfg.InFlight, add); err != nil {
		return 0, err
	}
	for i, j := range batch {
		select {
		case jobs <- j:
		case <-ctx.Done():
			return i, nil
		}
	}
	return len(batch), nil
}

// finish finishes a campaign whose recipients were all handled, sends the
// final report when this Worker finished it, and retires it.
func (w *Worker) finish(ctx context.Context, id string) error {
	c, won, err := w.cfg.Queue.Finish(ctx, id, w.cfg.Now())
	if err != nil {
		return err
	}
	if won {
		w.cfg.Log.InfoContext(ctx, "broadcast: finished", "campaign", id, "status", c.Status,
			"sent", c.Progress.Sent, "blocked", c.Progress.Blocked, "failed", c.Progress.Failed, "skipped", c.Progress.Skipped, "cancelled", c.Progress.Cancelled)
		w.report(ctx, c, true, 0)
	}
	if c.Finished.IsZero() {
		return nil
	}
	delete(w.cursors, id)
	delete(w.swept, id)
	return w.cfg.Queue.Retire(ctx, id)
}

func (w *Worker) logErr(ctx context.Context, what string, err error) {
	if ctx.Err() == nil {
		w.cfg.Log.WarnContext(ctx, "broadcast: "+what, "error", err)
	}
}

// sleep waits d or until ctx ends.
func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}
