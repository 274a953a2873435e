package fakeapi

import (
	"fmt"
	"math"
	"net/http"
	"slices"
	"strconv"
	"time"
)

// Limits are rate limits the fake enforces the way Telegram does: a
// request over a limit is answered 429 with retry_after (and recorded as a
// Violation) instead of being carried out. Windows slide over the real
// receipt times of the requests the fake carried out (time.Now, whatever
// WithClock says). A zero count turns that limit off.
type Limits struct {
	Global       int           // requests per GlobalWindow over all chats
	GlobalWindow time.Duration // default 1 s
	Chat         int           // requests per ChatWindow to one chat
	ChatWindow   time.Duration // default 1 s
	Group        int           // requests per GroupWindow to one group chat (negative chat id)
	GroupWindow  time.Duration // default 1 min
}

// TelegramLimits are Telegram's documented broadcast limits.
var TelegramLimits = Limits{Global: 30, Chat: 1, Group: 20}

// Violation is one request that would have exceeded a limit.
type Violation struct {
	Limit string // "global", "chat" or "group"
	Chat  int64
	Time  time.Time
	Count int // requests already in the window
}

// String describes the violation.
func (v Violation) String() string {
	return fmt.Sprintf("%s limit: chat %d at %s with %d in the window", v.Limit, v.Chat, v.Time.Format("15:04:05.000"), v.Count)
}

// WithLimits makes the server enforce l on every method that sends to or
// edits in a chat.
func WithLimits(l Limits) Option {
	if l.GlobalWindow <= 0 {
		l.GlobalWindow = time.Second
	}
	if l.ChatWindow <= 0 {
		l.ChatWindow = time.Second
	}
	if l.GroupWindow <= 0 {
		l.GroupWindow = time.Minute
	}
	return func(s *Server) { s.limits = &limiter{l: l, chats: map[int64][]time.Time{}} }
}

// Violations returns every request refused for a limit, oldest first.
func (s *Server) Violations() []Violation {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.limits == nil {
		return nil
	}
	return append([]Violation(nil), s.limits.violations...)
}

// limited are the methods whose requests count against the limits.
var limited = map[string]bool{
	"sendMessage": true, "editMessageText": true, "editMessageReplyMarkup": true,
	"sendVenue": true, "sendLocation": true, "sendDocument": true,
}

// limiter keeps receipt times of the requests carried out.
type limiter struct {
	l          Limits
	global     []time.Time
	chats      map[int64][]time.Time
	violations []Violation
}

// check is one limit applied to the receipt times it covers.
type check struct {
	name   string
	most   int
	window time.Duration
	times  []time.Time
}

// admit checks a request to chat received at now against every limit and
// either counts it or records a violation and returns the wait. A window
// counts every request received after its start, so a request taking the
// lock late is judged with the few received just after it: strict, never
// lenient.
func (lm *limiter) admit(chat int64, now time.Time) (time.Duration, bool) {
	keep := max(lm.l.GlobalWindow, lm.l.ChatWindow, lm.l.GroupWindow)
	lm.global = prune(lm.global, now.Add(-lm.l.GlobalWindow))
	lm.chats[chat] = prune(lm.chats[chat], now.Add(-keep))
	checks := []check{
		{"global", lm.l.Global, lm.l.GlobalWindow, lm.global},
		{"chat", lm.l.Chat, lm.l.ChatWindow, lm.chats[chat]},
	}
	if chat < 0 {
		checks = append(checks, check{"group", lm.l.Group, lm.l.GroupWindow, lm.chats[chat]})
	}
	for _, c := range checks {
		in := prune(c.times, now.Add(-c.window))
		if c.most > 0 && len(in) >= c.most {
			lm.violations = append(lm.violations, Violation{Limit: c.name, Chat: chat, Time: now, Count: len(in)})
			return in[len(in)-c.most].Add(c.window).Sub(now), false
		}
	}
	lm.global = insert(lm.global, now)
	lm.chats[chat] = insert(lm.chats[chat], now)
	return 0, true
}

// insert adds t in order: concurrent requests may take the lock in another
// order than they were received.
func insert(ts []time.Time, t time.Time) []time.Time {
	i, _ := slices.BinarySearchFunc(ts, t, time.Time.Compare)
	return slices.Insert(ts, i, t)
}

// prune drops the times at or before cut from a sorted list.
func prune(ts []time.Time, cut time.Time) []time.Time {
	i := 0
	for i < len(ts) && !ts[i].After(cut) {
		i++
	}
	return ts[i:]
}

// admitCall applies the limits to c, received at the given time; false
// means it was answered 429.
func (s *Server) admitCall(w http.ResponseWriter, c Call, received time.Time) bool {
	if s.limits == nil || !limited[c.Method] {
		return true
	}
	chat, _ := strconv.ParseInt(c.Params["chat_id"], 10, 64)
	s.mu.Lock()
	wait, ok := s.limits.admit(chat, received)
	s.mu.Unlock()
	if ok {
		return true
	}
	s.fail(w, c, TooManyRequests(int(math.Ceil(wait.Seconds()))))
	return false
}
