package bot

import (
	"errors"
	"time"
)

// Observer is told what the engine does, for an operator's metrics
// (internal/metrics implements it; cmd/eidbot wires it into Config).
// Its methods run on the path of every update: they must be cheap, must
// not block, and must be safe for concurrent use. Every argument comes
// from a small fixed set (a channel name, a result, a language), never an
// id or a person's text, so that the series an implementation keeps stay
// few.
type Observer interface {
	// ObserveUpdate is told once per update Handle was given: its
	// channel (ChannelTelegram, …; "" for a press on an inline message,
	// which belongs to no chat), what became of it, and how long Handle
	// took.
	ObserveUpdate(channel string, result UpdateResult, took time.Duration)
	// ObserveQuestion is told of each typed question the Reader read in
	// an update whose step was committed (Outcome.questions, so a step
	// re-run after a conflict or a query counts once): the language it
	// was written in ("" without letters) and what the Reader made of it.
	ObserveQuestion(lang Lang, kind QuestionKind)
}

// UpdateResult is what became of one update, as Observer.ObserveUpdate
// is told.
type UpdateResult string

// The results of Handle.
const (
	ResultDone        UpdateResult = "done"        // stepped and its replies delivered now
	ResultDuplicate   UpdateResult = "duplicate"   // done before: acknowledged, nothing sent again
	ResultBusy        UpdateResult = "busy"        // held by another worker: the channel retries (ErrBusy)
	ResultSkipped     UpdateResult = "skipped"     // none of the bot's business (ignored, or no chat and no button)
	ResultOverheard   UpdateResult = "overheard"   // a group message not addressed to the bot: answered only as a group's auto-answer
	ResultUnavailable UpdateResult = "unavailable" // the state store failed: the channel retries (ErrUnavailable)
	ResultFailed      UpdateResult = "failed"      // any other error, e.g. the platform refused a reply
)

// resultOf classifies Handle's error.
func resultOf(err error) UpdateResult {
	switch {
	case err == nil:
		return ResultDone
	case errors.Is(err, ErrBusy):
		return ResultBusy
	case errors.Is(err, ErrUnavailable):
		return ResultUnavailable
	}
	return ResultFailed
}

// QuestionResult names a QuestionKind in metrics: "matched" (one topic is
// clearly meant), "unsure" (two or three are close), "unmatched"
// (outside the bot's subject, or nothing matched well) or "smalltalk" (a
// greeting, thanks or an "ok", no question).
func QuestionResult(k QuestionKind) string {
	switch k {
	case QuestionAnswerable:
		return "matched"
	case QuestionUnsure:
		return "unsure"
	case QuestionSmallTalk:
		return "smalltalk"
	}
	return "unmatched"
}

// noObserver is the Observer of an engine configured without one.
type noObserver struct{}

func (noObserver) ObserveUpdate(string, UpdateResult, time.Duration) {}
func (noObserver) ObserveQuestion(Lang, QuestionKind)                {}

// observeQuestions tells the Observer of the questions a committed step
// read.
func (e *Engine) observeQuestions(qs []Question) {
	for _, q := range qs {
		e.observer.ObserveQuestion(q.Lang, q.Kind)
	}
}

// CallObserver is told of every attempt at a platform API call, for
// metrics: the channel packages (internal/telegram, internal/zalobot,
// internal/zalooa) call it, internal/metrics implements it. method is the
// API's own method name ("sendMessage", "message"); result is "ok", the
// HTTP status or the platform's error code of a refusal ("429", "403",
// Zalo's "-216"), "network" when no answer came, or "bad_response" for
// an answer that could not be read. The rules of Observer apply.
type CallObserver interface {
	ObserveCall(channel, method, result string)
}

// NoCalls is the CallObserver of a channel configured without one.
type NoCalls struct{}

// ObserveCall does nothing.
func (NoCalls) ObserveCall(string, string, string) {}
