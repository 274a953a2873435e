package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/eidbot/eidbot/flows"
)

// Config wires an Engine. Flows, Translator, Sessions, Journal and Sender
// are required.
type Config struct {
	Flows      *flows.Set
	Translator Translator
	Sessions   SessionStore
	Journal    Journal
	Sender     Sender
	Erasers    []Eraser  // run on /forget, in order
	Blocks     BlockList // optional
	Log        *slog.Logger
	Now        func() time.Time
	// BotUsername is used for deep links from group chats; empty disables them.
	BotUsername string
	// ResumeAfter is the pause after which a returning person is asked
	// whether to continue. Default 30 minutes.
	ResumeAfter time.Duration
	// CacheSize is how many chats' sessions the engine keeps in memory to
	// save a round trip per update. Default 10,000; negative turns it off.
	CacheSize int
	// Features are the parts beyond the core dialogue (appointments,
	// committees), each built and checked from its own configuration. The
	// flows may use only what the core and these register.
	Features []Feature
	// Channels is what each channel can do, by channel name, for messages
	// the engine writes outside an update (Engine.Caps); updates bring
	// their own. A channel not listed can do everything, as Telegram.
	Channels map[string]Caps
	// Topics are the typed-question topics and where each is answered, and
	// Reader maps a typed message to one of them. Both or neither: without
	// them typed questions get the menu.
	Topics *flows.Topics
	Reader Reader
	// Unanswered keeps, redacted and without the chat, the typed questions the bot could not answer; optional.
	Unanswered Unanswered
	// Directory is the reception points, optional: "💬 Ask an officer"
	// gives the phone and hours of the person's chosen point from it.
	Directory Directory
	// AutoAnswers keeps which group chats want questions answered that
	// nobody addressed to the bot, and when each topic was last answered
	// there; optional (without it the bot answers only when addressed).
	AutoAnswers AutoAnswers
	// MaxDeliveries bounds how many updates deliver their replies at once
	// in this process (default DefaultMaxDeliveries); more wait for a turn.
	// It bounds what a crash of the process can make a platform's
	// redelivery send twice: at most one reply per update delivering.
	MaxDeliveries int
	// Observer is told of every update and typed question, for metrics;
	// nil tells nobody.
	Observer Observer
}

// DefaultMaxDeliveries is Config.MaxDeliveries' default: above the 40
// connections Telegram opens at most (set-webhook --max-connections), so
// that it bounds a crash's duplicates without slowing a busy process.
const DefaultMaxDeliveries = 64

// Engine runs updates of every channel through the path described in
// docs/ARCHITECTURE.md: claim the update and load the session, Step, commit the
// new session together with the replies, deliver them, mark the update
// done. It is safe for concurrent use by many goroutines and processes.
type Engine struct {
	flows       *flows.Set
	tr          Translator
	sessions    SessionStore
	journal     Journal
	sender      Sender
	erasers     []Eraser
	blocks      BlockList
	log         *slog.Logger
	now         func() time.Time
	botUsername string
	resumeAfter time.Duration
	cache       *sessionCache
	reg         *Registry
	channels    map[string]Caps
	topics      *flows.Topics
	reader      Reader
	unanswered  Unanswered
	directory   Directory
	autoAnswers AutoAnswers
	labels      map[string]bool // every button label, folded: never a name
	delivering  chan struct{}   // one token per update delivering (MaxDeliveries)
	observer    Observer
}

// NewEngine checks cfg, registers the core and cfg.Features, and returns
// an Engine.
func NewEngine(cfg Config) (*Engine, error) {
	if cfg.Flows == nil || cfg.Translator == nil || cfg.Sessions == nil || cfg.Journal == nil || cfg.Sender == nil {
		return nil, errors.New("bot: engine needs flows, a translator, a session store, a journal and a sender")
	}
	e := &Engine{
		flows: cfg.Flows, tr: cfg.Translator, sessions: cfg.Sessions, journal: cfg.Journal,
		sender: cfg.Sender, erasers: cfg.Erasers, blocks: cfg.Blocks, log: cfg.Log, now: cfg.Now,
		botUsername: cfg.BotUsername, resumeAfter: cfg.ResumeAfter, channels: cfg.Channels,
		topics: cfg.Topics, reader: cfg.Reader, unanswered: cfg.Unanswered, directory: cfg.Directory,
		autoAnswers: cfg.AutoAnswers, observer: cfg.Observer,
	}
	if e.observer == nil {
		e.observer = noObserver{}
	}
	if (cfg.Topics == nil) != (cfg.Reader == nil) {
		return nil, errors.New("bot: engine needs both topics and a reader, or neither")
	}
	if e.log == nil {
		e.log = slog.New(slog.DiscardHandler)
	}
	if e.now == nil {
		e.now = time.Now
	}
	if e.resumeAfter == 0 {
		e.resumeAfter = 30 * time.Minute
	}
	if cfg.CacheSize == 0 {
		cfg.CacheSize = 10000
	}
	if cfg.MaxDeliveries <= 0 {
		cfg.MaxDeliveries = DefaultMaxDeliveries
	}
	e.delivering = make(chan struct{}, cfg.MaxDeliveries)
	e.cache = newSessionCache(cfg.CacheSize)
	e.reg = newRegistry(e, cfg.Features)
	e.labels = buttonLabels(e.tr, e.flows)
	if err := e.checkFlows(); err != nil {
		return nil, err
	}
	return e, nil
}

// checkFlows makes sure every action, picker and "/command" the flows name
// is registered: a feature left out of Config.Features would otherwise
// fail a person half-way through a flow.
func (e *Engine) checkFlows() error {
	for _, id := range e.flows.FlowOrder {
		f := e.flows.Flows[id]
		for _, sid := range f.Order {
			if missing := e.unregistered(f.Steps[sid]); missing != "" {
				return fmt.Errorf("bot: flow %s step %s: %s is not registered", id, sid, missing)
			}
		}
	}
	return nil
}

// unregistered names what step st uses that nobody registered, or "".
func (e *Engine) unregistered(st *flows.Step) string {
	if _, ok := e.reg.actions[st.Action]; st.Action != "" && !ok {
		return "action " + st.Action
	}
	if _, ok := e.reg.pickers[st.Pick]; st.Pick != "" && !ok {
		return "picker " + st.Pick
	}
	targets := []string{st.Next}
	for _, ch := range st.Choices {
		targets = append(targets, ch.Next)
	}
	for _, next := range targets {
		if name, ok := strings.CutPrefix(next, "/"); ok && e.reg.commands[name].Private == nil {
			return "command " + next
		}
	}
	return ""
}

// maxConflicts bounds compare-and-set retries for one update. Conflicts
// only happen when updates of one chat race, so a few retries suffice.
const maxConflicts = 8

// Handle processes one update: it is stepped once, however often the
// channel delivers it, and its replies are sent at least once and, short of
// a crash, exactly once. A worker that dies (kill -9, power loss) after the
// platform took a reply and before recording it sends that reply again when
// the platform redelivers the update — at most one reply per update that
// was delivering, at most MaxDeliveries per process (see deliver); no
// platform offers a key that would make it exactly once. Handle returns nil
// when the update is done (or was done before), ErrBusy when another worker
// holds it, and otherwise an error after which the channel must retry:
// state-store failures wrap ErrUnavailable, replies the channel could not
// take ErrUndelivered.
func (e *Engine) Handle(ctx context.Context, u Update) error {
	start := time.Now() // the monotonic clock, whatever Config.Now says
	res, err := e.handle(ctx, u)
	if res == "" {
		res = resultOf(err)
	}
	e.observer.ObserveUpdate(u.Chat.Channel, res, time.Since(start))
	return err
}

// handle is Handle. It names the result when the error does not tell it
// (a duplicate, a skipped update), else it returns "".
func (e *Engine) handle(ctx context.Context, u Update) (UpdateResult, error) {
	if u.Time.IsZero() {
		u.Time = e.now()
	}
	if u.Chat.IsZero() {
		if u.Button == nil {
			return ResultSkipped, nil
		}
		return "", e.chatless(ctx, u)
	}
	if u.Kind == UpdateIgnored || u.Kind == UpdateUnsupported && u.Chat.Kind != ChatPrivate {
		return ResultSkipped, nil // a picture in a group is none of the bot's business
	}
	if u.Chat.Kind == ChatGroup && !u.Addressed && u.Kind != UpdateMigrate && u.Kind != UpdateButton {
		// a press on the bot's own button is always for the bot
		if err := e.overheard(ctx, u); err != nil {
			return "", err
		}
		return ResultOverheard, nil
	}
	if res, done, err := e.fast(ctx, u); done {
		return res, err
	}
	claim, s, found, err := e.journal.Begin(ctx, u.Chat, u.ID)
	if err != nil {
		return "", fmt.Errorf("begin update %s: %w", u.ID, err)
	}
	switch claim {
	case ClaimDone:
		return ResultDuplicate, nil
	case ClaimBusy:
		return "", ErrBusy
	}
	if err := e.process(ctx, u, s, found); err != nil {
		e.release(ctx, u)
		return "", err
	}
	return ResultDone, nil
}

// fast handles the update in two round trips (Try, Settle) when this
// process holds the chat's current session and the step has no side
// effects. It reports done=false when the update must take the normal
// path, and the result when the error does not tell it.
func (e *Engine) fast(ctx context.Context, u Update) (res UpdateResult, done bool, err error) {
	s, ok := e.cache.get(u.Chat)
	if !ok || s.HasApplied(u.ID) {
		return "", false, nil
	}
	out := e.Step(s, u)
	if len(out.Effects) > 0 || len(out.Queries) > 0 {
		return "", false, nil
	}
	next := out.Session
	next.Version = s.Version
	next.markApplied(u.ID)
	claim, err := e.journal.Try(ctx, &next, u.ID, out.Replies)
	switch {
	case errors.Is(err, ErrConflict):
		e.cache.drop(u.Chat)
		return "", false, nil
	case err != nil:
		return "", true, fmt.Errorf("commit update %s: %w", u.ID, err)
	case claim == ClaimDone:
		return ResultDuplicate, true, nil
	case claim == ClaimBusy:
		return "", true, ErrBusy
	}
	e.cache.put(next)
	e.logQuestions(ctx, u, next.Lang, out)
	e.observeQuestions(out.questions)
	if err := e.deliver(ctx, u.Chat, u.ID, out.Replies, 0, e.delivery(u, next.Lang)); err != nil {
		e.release(ctx, u)
		return "", true, err
	}
	return ResultDone, true, nil
}

// release gives the update back after a failure, so that the retry runs.
func (e *Engine) release(ctx context.Context, u Update) {
	if err := e.journal.Release(context.WithoutCancel(ctx), u.Chat, u.ID); err != nil {
		e.log.Warn("release update claim", "update", u.ID, "err", err)
	}
}

// chatless answers a button pressed on a message that belongs to no chat
// (an inline message): nothing is stored, but the press must be answered.
func (e *Engine) chatless(ctx context.Context, u Update) error {
	if u.Button == nil {
		return nil
	}
	_, err := e.sender.Send(ctx, Reply{Kind: ReplyAnswer, CallbackID: u.Button.CallbackID})
	if err != nil && !errors.Is(err, ErrRejected) {
		return err
	}
	return nil
}

// process steps the update unless the session shows it was stepped before
// (a retry after a failed delivery), then delivers what is pending.
func (e *Engine) process(ctx context.Context, u Update, s Session, found bool) error {
	if found && s.HasApplied(u.ID) {
		replies, delivered, err := e.journal.Pending(ctx, u.Chat, u.ID)
		if err != nil {
			return fmt.Errorf("pending replies of update %s: %w", u.ID, err)
		}
		return e.deliver(ctx, s.Chat, u.ID, replies, delivered, e.delivery(u, s.Lang))
	}
	for range maxConflicts {
		if !found {
			s = NewSession(u.Chat, u.From.LanguageCode, u.Time)
		}
		replies, lang, err := e.commit(ctx, s, u)
		if err == nil {
			return e.deliver(ctx, u.Chat, u.ID, replies, 0, e.delivery(u, lang))
		}
		if !errors.Is(err, ErrConflict) {
			return err
		}
		// Another update of this chat committed first: step on top of it.
		if s, found, err = e.sessions.Load(ctx, u.Chat); err != nil {
			return fmt.Errorf("reload session: %w", err)
		}
		if found && s.HasApplied(u.ID) {
			return e.process(ctx, u, s, found)
		}
	}
	return fmt.Errorf("update %s: %w after %d attempts", u.ID, ErrConflict, maxConflicts)
}

// commit runs Step, carries out its effects and stores the new session
// with its replies in one compare-and-set. It returns the replies and the
// language of the new session.
func (e *Engine) commit(ctx context.Context, s Session, u Update) ([]Reply, Lang, error) {
	out, err := e.stepWithFacts(ctx, s, u)
	if err != nil {
		return nil, "", err
	}
	next := out.Session
	next.Version = s.Version
	if err := e.apply(ctx, &next, out.Effects); err != nil {
		return nil, "", err
	}
	next.markApplied(u.ID)
	if err := e.journal.Commit(ctx, &next, u.ID, out.Replies); err != nil {
		if errors.Is(err, ErrConflict) {
			e.cache.drop(u.Chat)
		}
		return nil, "", err
	}
	e.cache.put(next)
	e.logQuestions(ctx, u, next.Lang, out)
	e.observeQuestions(out.questions)
	return out.Replies, next.Lang, nil
}
