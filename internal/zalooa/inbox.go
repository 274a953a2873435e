package zalooa

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
)

// ErrBadSignature is returned by Inbox.Receive for an event whose
// signature does not verify: answer 401. Nothing was stored.
var ErrBadSignature = errors.New("zalooa: event signature mismatch")

// Receipt says what Inbox.Receive did with an event.
type Receipt struct {
	Event     Event
	Recorded  bool // new, and in the journal now
	Duplicate bool // recorded before: a retry of Zalo's
}

// Inbox is the webhook's side: authenticate, decode, record. It never
// processes an event itself, so the webhook answers within Zalo's ~2 s
// whatever the engine is doing.
type Inbox struct {
	hook    *Webhook
	journal EventJournal
	log     *slog.Logger
}

// NewInbox returns an Inbox that verifies with hook and records in
// journal. log (nil discards) gets a line per event dropped, with its
// name and never its content.
func NewInbox(hook *Webhook, journal EventJournal, log *slog.Logger) *Inbox {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Inbox{hook: hook, journal: journal, log: log}
}

// Receive handles one webhook request: signature is the SignatureHeader's
// value and body the raw body, which the caller has bounded in size and
// copied out of any reused buffer. A bad signature is ErrBadSignature
// (401) and touches nothing. A signed body that is not JSON, events the
// bot ignores (echoes, "seen", unknown names) and events older than
// MaxEventAge are acknowledged without being stored: Zalo would only send
// them again. Other events are
// recorded once under their key; an error then wraps the journal's (Redis
// down: bot.ErrUnavailable, answer 503 so that Zalo retries). A nil error
// means: answer 200.
func (in *Inbox) Receive(ctx context.Context, signature string, body []byte) (Receipt, error) {
	if !in.hook.Verify(signature, body) {
		return Receipt{}, ErrBadSignature
	}
	ev, err := Decode(body)
	if err != nil {
		in.log.Warn("zalooa: signed event is not JSON; dropped", "error", err)
		return Receipt{}, nil
	}
	if ev.Kind == KindIgnored {
		in.log.Debug("zalooa: event ignored", "event", ev.Name)
		return Receipt{Event: ev}, nil
	}
	if !ev.Time.IsZero() && in.hook.now().Sub(ev.Time) > MaxEventAge {
		in.log.Warn("zalooa: event too old; dropped (a replay?)", "event", ev.Name, "key", ev.Key, "time", ev.Time)
		return Receipt{Event: ev}, nil
	}
	added, err := in.journal.Record(ctx, ev.Key, body)
	if err != nil {
		return Receipt{Event: ev}, fmt.Errorf("zalooa: recording event %s: %w", ev.Name, err)
	}
	return Receipt{Event: ev, Recorded: added, Duplicate: !added}, nil
}
