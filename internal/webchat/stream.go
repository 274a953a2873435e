package webchat

import (
	"context"
	"time"

	"github.com/eidbot/eidbot/bot"
)

// Lines a stream sends besides events: the end of the history (what
// follows is new), a keep-alive, and the end of a stream, after which the
// browser opens the next one.
var (
	liveLine = []byte(`{"type":"live"}`)
	pingLine = []byte(`{"type":"ping"}`)
	endLine  = []byte(`{"type":"end"}`)
)

// storeTimeout bounds each store call a stream makes.
const storeTimeout = 5 * time.Second

// Events opens an event stream for the visitor whose token is given. It
// checks everything before anything is written (so a refusal is a plain
// HTTP status) and returns the function that then writes the stream, one
// JSON line per write call: the events after event id after (or the
// recent history when after is ""), then each new one as it comes, with
// keep-alives, until the stream's lifetime ends, Close is called, or a
// write fails (the browser went away).
func (s *Service) Events(ctx context.Context, token, addr, after string) (func(write func([]byte) error) error, error) {
	if err := s.admit(addr); err != nil {
		return nil, err
	}
	if after != "" && !eventID.MatchString(after) {
		return nil, errBadInput
	}
	v, err := s.check(ctx, token, false)
	if err != nil {
		return nil, err
	}
	// Joining before the first read: news arriving between the read and
	// the wait is not missed.
	w, ok := s.hub.join(v.chat.ID, s.lim.Streams)
	if !ok {
		select {
		case <-s.hub.closed:
			return nil, errClosing
		default:
			return nil, tooMany(s.cfg.Lifetime, "open streams for this visitor")
		}
	}
	st := &stream{s: s, chat: v.chat, after: after, w: w}
	return st.run, nil
}

// stream is one open event stream.
type stream struct {
	s     *Service
	chat  bot.Chat
	after string
	w     *waiter
}

func (st *stream) run(write func([]byte) error) error {
	defer st.s.hub.leave(st.chat.ID, st.w)
	end := time.NewTimer(st.s.cfg.Lifetime)
	defer end.Stop()
	ping := time.NewTicker(st.s.cfg.Ping)
	defer ping.Stop()
	if err := st.catchUp(write); err != nil {
		return err
	}
	if err := write(liveLine); err != nil {
		return err
	}
	for {
		select {
		case <-st.w.wake:
		case <-ping.C:
			// Also reads again: a notice lost while Run was retrying
			// delays an event by one ping at most.
			if err := write(pingLine); err != nil {
				return err
			}
		case <-end.C:
			return write(endLine)
		case <-st.s.hub.closed:
			return write(endLine)
		}
		if err := st.catchUp(write); err != nil {
			return err
		}
	}
}

// catchUp writes every event after st.after.
func (st *stream) catchUp(write func([]byte) error) error {
	for {
		ctx, cancel := context.WithTimeout(context.Background(), storeTimeout)
		limit := readBatch
		if st.after == "" {
			limit = historyEvents
		}
		ids, lines, err := st.s.cfg.Store.Events(ctx, st.chat, st.after, limit)
		cancel()
		if err != nil {
			return err
		}
		for _, l := range lines {
			if err := write(l); err != nil {
				return err
			}
		}
		switch {
		case len(ids) > 0:
			st.after = ids[len(ids)-1]
		case st.after == "":
			st.after = "0-0" // no history: everything from now on is new
		}
		if len(ids) < limit || limit == historyEvents {
			return nil
		}
	}
}
