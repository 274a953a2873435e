package redisstore

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/redis/go-redis/v9"
)

// A reminder is stored as a sorted-set member "<code>|<seq>|<kind>|<due
// unix ms>": self-describing, so a leased reminder (scored by its lease
// deadline) still knows when it was due, and unique per appointment
// version, so a reminder of an old time never matches a new one.

// member encodes r. Due is kept to the millisecond.
func member(r bot.Reminder) string {
	return r.Code + "|" + strconv.Itoa(r.Seq) + "|" + r.Kind + "|" + unixMs(r.Due)
}

// parseMember decodes a member; ok is false for anything member did not
// produce.
func parseMember(m string) (bot.Reminder, bool) {
	f := strings.Split(m, "|")
	if len(f) != 4 || f[0] == "" || f[2] == "" {
		return bot.Reminder{}, false
	}
	seq, err1 := strconv.Atoi(f[1])
	due, err2 := strconv.ParseInt(f[3], 10, 64)
	if err1 != nil || err2 != nil {
		return bot.Reminder{}, false
	}
	return bot.Reminder{Code: f[0], Seq: seq, Kind: f[2], Due: time.UnixMilli(due)}, true
}

// reminders are the members a write schedules, in the order given.
type reminders []bot.Reminder

// newReminders stamps rs with a's code and sequence, which the store owns,
// and checks that each can be encoded.
func newReminders(a bot.Appointment, rs []bot.Reminder) (reminders, error) {
	out := make(reminders, len(rs))
	for i, r := range rs {
		if r.Kind == "" || strings.ContainsAny(r.Kind, "|\n") || r.Due.IsZero() {
			return nil, fmt.Errorf("bad reminder %q due %v", r.Kind, r.Due)
		}
		r.Code, r.Seq, r.Due = a.Code, a.Sequence, time.UnixMilli(r.Due.UnixMilli())
		out[i] = r
	}
	return out, nil
}

// joined is what the appointment record keeps, so that cancelling or
// rescheduling can drop exactly these members.
func (rs reminders) joined() string {
	ms := make([]string, len(rs))
	for i, r := range rs {
		ms[i] = member(r)
	}
	return strings.Join(ms, "\n")
}

// pairs are the script arguments that schedule rs: due ms, member.
func (rs reminders) pairs() []any {
	out := make([]any, 0, 2*len(rs))
	for _, r := range rs {
		out = append(out, unixMs(r.Due), member(r))
	}
	return out
}

// ClaimDue leases up to n reminders due at or before now, for lease: until
// now+lease no other caller, in this or another process, gets them. A
// reminder whose lease ran out without Done (its worker died) is due
// again. Reminders whose appointment is gone, no longer booked or was
// rescheduled since are dropped, never returned.
//
// Candidates are read first and then leased by a script that checks each
// again, so two callers racing for the same reminders split them; the
// loser may get fewer than n this round even though more are due.
func (b *Bookings) ClaimDue(ctx context.Context, now time.Time, n int, lease time.Duration) ([]bot.Reminder, error) {
	if n <= 0 {
		return nil, nil
	}
	if lease < time.Millisecond {
		return nil, fmt.Errorf("redisstore: lease %v is shorter than 1ms", lease)
	}
	cands, err := b.candidates(ctx, now, n)
	if err != nil || len(cands) == 0 {
		return nil, err
	}
	keys := []string{b.st.waitingKey(), b.st.leasedKey()}
	args := []any{unixMs(now), unixMs(now.Add(lease)), n}
	for _, r := range cands {
		keys = append(keys, b.st.apptKey(r.Code))
		args = append(args, member(r), r.Seq)
	}
	got, err := leaseScript.Run(ctx, b.st.rdb, keys, args...).StringSlice()
	if err != nil {
		return nil, unavailable("claim reminders", err)
	}
	out := make([]bot.Reminder, 0, len(got))
	for _, m := range got {
		if r, ok := parseMember(m); ok {
			out = append(out, r)
		}
	}
	return out, nil
}

// candidates reads up to n due waiting reminders and up to n expired
// leases in one round trip. Members that do not parse are garbage and
// removed on the spot.
func (b *Bookings) candidates(ctx context.Context, now time.Time, n int) ([]bot.Reminder, error) {
	by := &redis.ZRangeBy{Min: "-inf", Max: unixMs(now), Count: int64(n)}
	var waiting, leased *redis.StringSliceCmd
	_, err := b.st.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		waiting = p.ZRangeByScore(ctx, b.st.waitingKey(), by)
		leased = p.ZRangeByScore(ctx, b.st.leasedKey(), by)
		return nil
	})
	if err != nil {
		return nil, unavailable("read due reminders", err)
	}
	var out []bot.Reminder
	var bad []any
	for _, m := range append(waiting.Val(), leased.Val()...) {
		if r, ok := parseMember(m); ok {
			out = append(out, r)
		} else {
			bad = append(bad, m)
		}
	}
	if len(bad) > 0 {
		if err := b.forgetMembers(ctx, bad...); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Done removes a reminder for good, leased or not, after it was sent or
// skipped. Removing one that is already gone is not an error.
func (b *Bookings) Done(ctx context.Context, r bot.Reminder) error {
	return b.forgetMembers(ctx, member(r))
}

// forgetMembers removes reminder members from both sets in one MULTI, so
// no caller sees a member in neither or both halfway.
func (b *Bookings) forgetMembers(ctx context.Context, ms ...any) error {
	_, err := b.st.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.ZRem(ctx, b.st.waitingKey(), ms...)
		p.ZRem(ctx, b.st.leasedKey(), ms...)
		return nil
	})
	if err != nil && !errors.Is(err, redis.Nil) {
		return unavailable("remove reminders", err)
	}
	return nil
}
