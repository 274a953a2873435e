package redisstore

import (
	"context"
	"errors"
	"strings"

	"github.com/eidbot/eidbot/bot"
	"github.com/redis/go-redis/v9"
)

// Erase deletes the booking data of the chat's person (person =
// chat.Key()), for /forget: it frees the seats their appointments hold
// (the booked one and any checked-in or no-show one, so counters keep
// matching records), drops their reminders, and deletes their appointment
// records, request results, visit requests, pointer and index. Other
// people's data is untouched. It is one script over everything the
// person's index lists, retried if the person's data changed while Go
// read it.
func (b *Bookings) Erase(ctx context.Context, chat bot.Chat) error {
	person := chat.Key()
	for range maxAttempts {
		p, err := b.planForget(ctx, person)
		if err != nil || (p.pointer == "" && p.indexed == 0) {
			return err
		}
		keys, args := p.script(b.st, person)
		res, err := forgetScript.Run(ctx, b.st.batch, keys, args...).Text()
		if err != nil {
			return unavailable("erase bookings of "+person, err)
		}
		if res == "ok" {
			return nil
		}
	}
	return unavailable("erase bookings of "+person, errContended)
}

// forgetPlan is what Erase read about one person.
type forgetPlan struct {
	pointer string   // code the person's pointer held, "" for none
	indexed int      // entries in the person's index
	appts   []record // the person's appointment records
	visits  []bot.VisitRequest
	reqs    []string // index entries of request results
}

// planForget reads the person's pointer and index and the records the
// index lists. Records that expired, or that now belong to somebody else
// (a code drawn again after the person's record expired), are left alone.
func (b *Bookings) planForget(ctx context.Context, person string) (*forgetPlan, error) {
	st := b.st
	var ptr *redis.StringCmd
	var owned *redis.StringSliceCmd
	_, err := st.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		ptr = p.Get(ctx, st.personKey(person))
		owned = p.HKeys(ctx, st.ownedKey(person))
		return nil
	})
	if err != nil && !errors.Is(err, redis.Nil) {
		return nil, unavailable("read bookings of "+person, err)
	}
	p := &forgetPlan{pointer: ptr.Val(), indexed: len(owned.Val())}
	for _, entry := range owned.Val() {
		if err := b.planEntry(ctx, p, person, entry); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// planEntry reads what one index entry ("appt:<code>", "visit:<id>" or
// "req:<op>:<id>") names into the plan.
func (b *Bookings) planEntry(ctx context.Context, p *forgetPlan, person, entry string) error {
	kind, id, _ := strings.Cut(entry, ":")
	switch kind {
	case "appt":
		rec, found, err := b.read(ctx, id)
		if err == nil && found && rec.a.Person == person {
			p.appts = append(p.appts, rec)
		}
		return err
	case "visit":
		data, err := b.st.rdb.Get(ctx, b.st.visitKey(id)).Result()
		if errors.Is(err, redis.Nil) {
			return nil
		}
		if err != nil {
			return unavailable("read visit "+id, err)
		}
		vr, err := decodeVisit(id, data)
		if err == nil && vr.Person == person {
			p.visits = append(p.visits, vr)
		}
		return err
	case "req":
		p.reqs = append(p.reqs, entry)
	}
	return nil
}

// script lays the plan out as forget.lua's KEYS and ARGV.
func (p *forgetPlan) script(st *Store, person string) ([]string, []any) {
	keys := []string{st.personKey(person), st.ownedKey(person), st.waitingKey(), st.leasedKey()}
	args := []any{p.pointer, p.indexed, len(p.appts), len(p.visits)}
	for _, rec := range p.appts {
		a, seat := rec.a, "0"
		if holdsSeat(a.Status) {
			seat = "1"
		}
		keys = append(keys, st.apptKey(a.Code), st.slotKey(a.PointID, a.SlotID), st.dayKey(a.PointID, bot.DayKey(a.Start)))
		args = append(args, a.Code, rec.v, seat, rec.rm)
	}
	for _, vr := range p.visits {
		keys = append(keys, st.visitKey(vr.ID), st.pointVisitsKey(vr.PointID))
		args = append(args, vr.ID)
	}
	for _, entry := range p.reqs {
		keys = append(keys, st.bookingTag()+entry)
	}
	return keys, args
}

// holdsSeat reports whether an appointment in this status counts in its
// slot's seat counter.
func holdsSeat(status string) bool {
	return status == bot.StatusBooked || status == bot.StatusCheckedIn || status == bot.StatusNoShow
}
