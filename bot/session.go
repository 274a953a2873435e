package bot

import (
	"slices"
	"time"
)

// SessionSchema is the version of the Session record layout. Stores refuse a
// record with a newer schema rather than silently dropping fields. Schema 2
// is the compact JSON form (short field names, no zero case file or
// times); schema 1 records, with the long names, still decode
// (session_json.go).
const SessionSchema = 2

// appliedWindow is how many recent update ids a session remembers, so that a
// retried update is never stepped twice even after its claim expired.
const appliedWindow = 64

// Session is everything the bot remembers about one chat: the short-lived
// dialogue (where the person is in a flow) and the long-lived case file (the
// eligibility result they were given). Stores keep it as one versioned record.
type Session struct {
	Schema  int   `json:"s"`
	Version int64 `json:"-"` // set by the store; Save is compare-and-set on it

	Chat    Chat `json:"c"`
	Lang    Lang `json:"l"`
	LangSet bool `json:"ls,omitempty"` // chosen explicitly, not guessed

	Dialog  Dialog `json:"d"`
	Case    Case   `json:"k,omitzero"`
	Blocked bool   `json:"b,omitempty"` // the user blocked the bot
	Shown   Shown  `json:"sh,omitzero"` // channels without buttons: see Shown
	// Area is the commune or ward the person said they live in (by
	// subscribing or telling the bot they activated their account) or
	// booked in; the funnel counts them there.
	Area string `json:"ar,omitempty"`
	// Remembered are the answers kept for the chat across flows
	// (rememberedKeys): whether the reader is a Vietnamese citizen or a
	// foreign national, however they said it.
	Remembered map[string]string `json:"r,omitempty"`

	// Applied holds the ids of the most recent updates already stepped. The
	// Journal commits it together with the replies they produced.
	Applied UpdateIDs `json:"a,omitempty"`

	Created time.Time `json:"cr"`
	Updated time.Time `json:"up"`
}

// Dialog is where a chat stands in a flow. It is short-lived: a person who
// comes back after a while is asked whether to continue.
type Dialog struct {
	Flow    string            `json:"f,omitempty"`
	Step    string            `json:"s,omitempty"`
	Answers map[string]string `json:"a,omitempty"`
	History []Position        `json:"h,omitempty"` // for the Back button
	Paused  *Position         `json:"p,omitempty"` // an unfinished check left for the menu
	Resume  bool              `json:"r,omitempty"` // the "continue?" question is open
	Touched time.Time         `json:"t,omitzero"`
	// Offer is the id of the update that asked the current question: the
	// writes that answer it (a booking, a cancellation) are keyed on it
	// (Turn.RequestID), so two presses of one confirmation make one write.
	Offer string `json:"of,omitempty"`
	// Pressed is the last press that answered a question, kept until the
	// next update: a second press of the same button replays it.
	Pressed *Pressed `json:"pr,omitempty"`
}

// Pressed is a button press that answered a question, with the dialogue
// as it was before the press (Before.Pressed is nil).
//
// The double-tap rule (issue 12): a second press of the same button that
// arrives when the dialogue has already moved on (the person tapped twice,
// the platform retried, or two processes raced and the other committed
// first) is not "from an earlier question": it is answered again from the
// dialogue as it was, so its writes, keyed on the person and the offer
// shown (Dialog.Offer), return the result the first press made, and the
// person sees the same confirmation. Any other update in between ends
// this: an old button pressed after that is stale as usual.
type Pressed struct {
	Data   string `json:"d"`
	Before Dialog `json:"b"`
}

// Position names one step of one flow.
type Position struct {
	Flow string `json:"f"`
	Step string `json:"s"`
}

// Case is the long-lived case file: the verdict a person received and the
// checklist that goes with it. It survives the dialogue so that booking and
// reminders can use it weeks later, and /forget deletes it.
type Case struct {
	Outcome   string            `json:"o,omitempty"`  // eligible, not_eligible, level1_only, fix_first, uncertain
	Verdict   string            `json:"v,omitempty"`  // "flow.step" that decided it
	Checklist string            `json:"cl,omitempty"` // checklist id, e.g. "C1"
	Days      int               `json:"d,omitempty"`  // working days to expect
	DaysMax   int               `json:"dm,omitempty"` // upper bound when it may take longer
	Answers   map[string]string `json:"a,omitempty"`  // the answers that led to it
	Decided   time.Time         `json:"t,omitzero"`
}

// NewSession returns the session of a chat the bot has not seen before, in
// the language the user's client hints at.
func NewSession(chat Chat, hint string, now time.Time) Session {
	return Session{
		Schema:  SessionSchema,
		Chat:    chat,
		Lang:    PickLang(hint),
		Created: now,
		Updated: now,
		Dialog:  Dialog{Touched: now},
	}
}

// IsNew reports whether the session has never been stored.
func (s *Session) IsNew() bool { return s.Version == 0 }

// HasApplied reports whether update id was already stepped in this session.
func (s *Session) HasApplied(id string) bool { return slices.Contains(s.Applied, id) }

// markApplied remembers id, forgetting the oldest beyond the window.
func (s *Session) markApplied(id string) {
	s.Applied = append(s.Applied, id)
	if n := len(s.Applied); n > appliedWindow {
		s.Applied = slices.Clone(s.Applied[n-appliedWindow:])
	}
}

// clone returns a deep copy, so a Step never mutates its caller's session.
func (s Session) clone() Session {
	c := s
	c.Dialog = s.Dialog.clone()
	c.Case.Answers = cloneMap(s.Case.Answers)
	c.Remembered = cloneMap(s.Remembered)
	c.Applied = slices.Clone(s.Applied)
	return c
}

// clone returns a deep copy of the dialogue.
func (d Dialog) clone() Dialog {
	c := d
	c.Answers = cloneMap(d.Answers)
	c.History = slices.Clone(d.History)
	if d.Paused != nil {
		p := *d.Paused
		c.Paused = &p
	}
	if d.Pressed != nil {
		p := Pressed{Data: d.Pressed.Data, Before: d.Pressed.Before.clone()}
		c.Pressed = &p
	}
	return c
}

func cloneMap(m map[string]string) map[string]string {
	if m == nil {
		return nil
	}
	c := make(map[string]string, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}
