package redisstore

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/redis/go-redis/v9"
)

// VerifyReport is what Verify found, for `eidbot bookings verify`.
type VerifyReport struct {
	Slots        int        // seat counters and slots with records checked
	Appointments int        // appointment records read
	Pointers     int        // person pointers read
	Mismatches   []Mismatch // broken invariants, by key
}

// OK reports whether Verify found nothing wrong.
func (r VerifyReport) OK() bool { return len(r.Mismatches) == 0 }

// Mismatch is one broken invariant, shown at the key where it is visible.
type Mismatch struct {
	Key     string
	Problem string
}

// String formats the mismatch for a terminal.
func (m Mismatch) String() string { return m.Key + ": " + m.Problem }

// Verify scans every booking key and checks the invariants the scripts
// keep: each slot's seat counter equals the number of its booked,
// checked-in and no-show appointments; each person pointer points to a
// booked appointment of that person; each booked appointment is its
// person's pointer's; nobody holds two booked appointments.
//
// Slots that are over are skipped: after a slot ends its counter and its
// records expire independently (the counter slotGrace after the slot, the
// records at their Expires), and a counter no longer guards anything.
// Verify reads with SCAN, not atomically: under live traffic it may report
// a write in flight, so rerun it before acting on a mismatch. It is an
// operator's command; SCAN walks the whole keyspace.
func (b *Bookings) Verify(ctx context.Context) (VerifyReport, error) {
	var sv survey
	if err := b.scan(ctx, &sv); err != nil {
		return VerifyReport{}, err
	}
	if err := b.survey(ctx, &sv); err != nil {
		return VerifyReport{}, err
	}
	r := VerifyReport{Appointments: len(sv.appts), Pointers: len(sv.pointers)}
	r.Slots = sv.checkSlots(b, &r, b.now())
	sv.checkPeople(b, &r)
	slices.SortFunc(r.Mismatches, func(x, y Mismatch) int {
		return cmp.Or(cmp.Compare(x.Key, y.Key), cmp.Compare(x.Problem, y.Problem))
	})
	return r, nil
}

// survey is what Verify read.
type survey struct {
	codes, slotKeys, persons []string
	appts                    map[string]bot.Appointment // by code
	counters                 map[string]counter         // by slot key
	pointers                 map[string]string          // code by person
}

// counter is one seat counter and the end of its slot, derived from its
// expiry.
type counter struct {
	n   int
	end time.Time
}

// scan lists the booking keys Verify reads, by kind.
func (b *Bookings) scan(ctx context.Context, sv *survey) error {
	tag := b.st.bookingTag()
	keys, err := b.st.scanKeys(ctx, globEscape(tag)+"*")
	for _, key := range keys {
		kind, id, _ := strings.Cut(strings.TrimPrefix(key, tag), ":")
		switch kind {
		case "appt":
			sv.codes = append(sv.codes, id)
		case "slot":
			sv.slotKeys = append(sv.slotKeys, key)
		case "person":
			sv.persons = append(sv.persons, id)
		}
	}
	return unavailable("scan booking keys", err)
}

// globEscape quotes the characters SCAN's MATCH treats as patterns.
func globEscape(s string) string {
	var sb strings.Builder
	for _, r := range s {
		if strings.ContainsRune(`*?[]\`, r) {
			sb.WriteByte('\\')
		}
		sb.WriteRune(r)
	}
	return sb.String()
}

// survey reads the records, counters and pointers scan found, in one
// pipeline.
func (b *Bookings) survey(ctx context.Context, sv *survey) error {
	st := b.st
	appts := make([]*redis.StringCmd, len(sv.codes))
	counts := make([]*redis.StringCmd, len(sv.slotKeys))
	ends := make([]*redis.Cmd, len(sv.slotKeys))
	ptrs := make([]*redis.StringCmd, len(sv.persons))
	_, err := st.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i, code := range sv.codes {
			appts[i] = p.HGet(ctx, st.apptKey(code), "d")
		}
		for i, key := range sv.slotKeys {
			counts[i], ends[i] = p.Get(ctx, key), p.Do(ctx, "PEXPIRETIME", key)
		}
		for i, person := range sv.persons {
			ptrs[i] = p.Get(ctx, st.personKey(person))
		}
		return nil
	})
	if err != nil && !errors.Is(err, redis.Nil) {
		return unavailable("read booking keys", err)
	}
	return sv.collect(appts, counts, ends, ptrs)
}

// collect decodes the pipeline's replies. Keys that expired between SCAN
// and the reads are skipped.
func (sv *survey) collect(appts, counts []*redis.StringCmd, ends []*redis.Cmd, ptrs []*redis.StringCmd) error {
	sv.appts, sv.counters, sv.pointers = map[string]bot.Appointment{}, map[string]counter{}, map[string]string{}
	for i, c := range appts {
		if c.Err() == nil {
			var a bot.Appointment
			if err := json.Unmarshal([]byte(c.Val()), &a); err != nil {
				return fmt.Errorf("redisstore: appointment %s: %w", sv.codes[i], err)
			}
			sv.appts[sv.codes[i]] = a
		}
	}
	for i, c := range counts {
		n, err1 := strconv.Atoi(c.Val())
		at, err2 := ends[i].Int64()
		if c.Err() == nil && err1 == nil && err2 == nil && at > 0 {
			sv.counters[sv.slotKeys[i]] = counter{n: n, end: time.UnixMilli(at).Add(-slotGrace)}
		}
	}
	for i, c := range ptrs {
		if c.Err() == nil {
			sv.pointers[sv.persons[i]] = c.Val()
		}
	}
	return nil
}

// checkSlots compares each slot's counter with its records and returns
// how many slots it compared.
func (sv *survey) checkSlots(b *Bookings, r *VerifyReport, now time.Time) int {
	held := map[string]int{}
	ends := map[string]time.Time{}
	for _, a := range sv.appts {
		key := b.st.slotKey(a.PointID, a.SlotID)
		if holdsSeat(a.Status) {
			held[key]++
		}
		if a.End.After(ends[key]) {
			ends[key] = a.End
		}
	}
	for key, c := range sv.counters {
		if c.end.After(ends[key]) {
			ends[key] = c.end
		}
	}
	checked := 0
	for key, end := range ends {
		if !end.After(now) {
			continue
		}
		checked++
		if n := sv.counters[key].n; n != held[key] {
			r.add(key, fmt.Sprintf("counter says %d seats taken, %d appointments hold one", n, held[key]))
		}
	}
	return checked
}

// checkPeople checks pointers against booked appointments.
func (sv *survey) checkPeople(b *Bookings, r *VerifyReport) {
	for person, code := range sv.pointers {
		a, ok := sv.appts[code]
		switch {
		case !ok:
			r.add(b.st.personKey(person), "points to missing appointment "+code)
		case a.Person != person:
			r.add(b.st.personKey(person), fmt.Sprintf("points to %s of %s", code, a.Person))
		case a.Status != bot.StatusBooked:
			r.add(b.st.personKey(person), fmt.Sprintf("points to %s, which is %s", code, a.Status))
		}
	}
	booked := map[string][]string{}
	for code, a := range sv.appts {
		if a.Status == bot.StatusBooked {
			booked[a.Person] = append(booked[a.Person], code)
			if sv.pointers[a.Person] != code {
				r.add(b.st.apptKey(code), "booked, but not the active appointment of "+a.Person)
			}
		}
	}
	for person, codes := range booked {
		if len(codes) > 1 {
			slices.Sort(codes)
			r.add(b.st.personKey(person), "holds booked appointments "+strings.Join(codes, ", "))
		}
	}
}

func (r *VerifyReport) add(key, problem string) {
	r.Mismatches = append(r.Mismatches, Mismatch{Key: key, Problem: problem})
}
