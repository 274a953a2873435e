package redisstore

import (
	"context"
	"crypto/rand"
	"fmt"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/eidbot/eidbot/bot"
)

// Limiter keys share the hash tag {cpl}: a reservation checks the global
// window and the chat's windows in one script.
//
//	<prefix>:{cpl}:pause       string  exists while every send waits (a 429's retry_after)
//	<prefix>:{cpl}:g           zset    reservations of every process, scored by Redis time (µs)
//	<prefix>:{cpl}:g:<channel> zset    the same for a channel with a rate of its own (Limits.Channels)
//	<prefix>:{cpl}:c:<chat>    zset    reservations for one chat
//	<prefix>:{cpl}:m:<chat>    zset    reservations for one group chat (the longer window)
//
// Each set lives one window (plus a second) past its last reservation.

// Telegram's broadcast limits, the defaults of Limits.
const (
	DefaultGlobalRate   = 25 // per second, below Telegram's ~30 to leave room for replies to users
	DefaultChatRate     = 1  // per second and chat
	DefaultGroupRate    = 20 // per minute and group chat
	DefaultLimitsMargin = 40 * time.Millisecond
)

// Limits are the send rates a Limiter allows, summed over every process
// that shares the Redis. The zero value means the defaults.
type Limits struct {
	Global       int           // sends per GlobalWindow over all chats (default 25)
	GlobalWindow time.Duration // default 1 s
	Chat         int           // sends per ChatWindow to one chat (default 1)
	ChatWindow   time.Duration // default 1 s
	Group        int           // sends per GroupWindow to one group chat (default 20)
	GroupWindow  time.Duration // default 1 min
	// Margin lengthens every window. A send is timed when it is reserved
	// but reaches Telegram a little later, and by varying delays; two sends
	// a window apart at reservation can arrive less than a window apart.
	// The margin absorbs that jitter at the cost of a rate of
	// Global/(GlobalWindow+Margin): 96 % of the limit with the default 40 ms.
	// Negative: none.
	Margin time.Duration
	// Ahead is how far in the future Reserve may book a send when the
	// global window is full (default 1 s). The Worker's goroutines then
	// sleep until their slots instead of polling for them.
	Ahead time.Duration
	// Channels gives a channel (bot.Chat.Channel) a global window of its
	// own with this many sends per GlobalWindow, e.g. the Zalo Bot
	// Platform's, whose limits are not Telegram's; the chats of channels
	// not listed share Global.
	Channels map[string]int
}

func (l Limits) withDefaults() Limits {
	def := func(n *int, d *time.Duration, nd int, dd time.Duration) {
		if *n <= 0 {
			*n = nd
		}
		if *d <= 0 {
			*d = dd
		}
	}
	def(&l.Global, &l.GlobalWindow, DefaultGlobalRate, time.Second)
	def(&l.Chat, &l.ChatWindow, DefaultChatRate, time.Second)
	def(&l.Group, &l.GroupWindow, DefaultGroupRate, time.Minute)
	if l.Ahead <= 0 {
		l.Ahead = time.Second
	}
	if l.Margin < 0 {
		l.Margin = 0
	} else if l.Margin == 0 {
		l.Margin = DefaultLimitsMargin
	}
	return l
}

// Limiter is a rate limiter shared by every process on one Redis: sliding
// windows over Redis' own clock, so process clocks need not agree.
type Limiter struct {
	st     *Store
	limits Limits
	name   string // unique per Limiter, for reservation members
	seq    atomic.Uint64
}

// NewLimiter returns a limiter enforcing limits (zero fields: defaults).
func NewLimiter(st *Store, limits Limits) *Limiter {
	return &Limiter{st: st, limits: limits.withDefaults(), name: strings.ToLower(rand.Text()[:10])}
}

// Limits returns the limits in force, defaults filled in.
func (l *Limiter) Limits() Limits { return l.limits }

func (l *Limiter) key(name string) string { return l.st.opts.Prefix + ":{cpl}:" + name }

// Reserve books one send to chat under every limit: the global window of
// chat's channel (Limits.Channels), the chat's own windows. When booked is true
// the send is the caller's, to be made after wait (0: now; more when the
// global window is full and the next free slot, at most Limits.Ahead away,
// was booked). When booked is false nothing was booked: ask again after
// wait, which ends a pause or frees a slot of the chat's own windows or,
// beyond Ahead, of the global window.
func (l *Limiter) Reserve(ctx context.Context, chat bot.Chat) (wait time.Duration, booked bool, err error) {
	lim := l.limits
	us := func(d time.Duration) int64 { return (d + lim.Margin).Microseconds() }
	global, rate := "g", lim.Global
	if n, ok := lim.Channels[chat.Channel]; ok && n > 0 {
		global, rate = "g:"+chat.Channel, n
	}
	keys := []string{l.key("pause"), l.key(global), l.key("c:" + chat.Key())}
	args := []any{l.name + ":" + strconv.FormatUint(l.seq.Add(1), 36), lim.Ahead.Microseconds(),
		rate, us(lim.GlobalWindow), lim.Chat, us(lim.ChatWindow)}
	if chat.Kind == bot.ChatGroup || (chat.Kind == "" && strings.HasPrefix(chat.ID, "-")) {
		keys = append(keys, l.key("m:"+chat.Key()))
		args = append(args, lim.Group, us(lim.GroupWindow))
	}
	res, err := limitScript.Run(ctx, l.st.rdb, keys, args...).Int64Slice()
	if err == nil && len(res) != 2 {
		err = fmt.Errorf("limit.lua replied %v", res)
	}
	if err != nil {
		return 0, false, unavailable("reserve a send", err)
	}
	return time.Duration(res[0]) * time.Microsecond, res[1] == 0, nil
}

// Pause stops every process's reservations for d (a 429's retry_after).
// A pause already longer is kept.
func (l *Limiter) Pause(ctx context.Context, d time.Duration) error {
	ms := max(d.Milliseconds(), 1)
	return unavailable("pause sends", pauseScript.Run(ctx, l.st.rdb, []string{l.key("pause")}, ms).Err())
}
