package redisstore

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"

	"github.com/eidbot/eidbot/bot"
	"github.com/redis/go-redis/v9"
)

// record is an appointment as stored, with what the scripts need besides
// the JSON: the version that guards read-then-write, and the members of
// the reminders scheduled for it.
type record struct {
	a  bot.Appointment
	v  string // bumped by every script that writes the record
	rm string // reminder members joined by newlines
}

// encodeAppointment returns a's JSON and a as it reads back from it, so
// that a fresh result equals what a later Get returns (no monotonic clock
// reading, same time zones).
func encodeAppointment(a bot.Appointment) (string, bot.Appointment, error) {
	data, err := json.Marshal(a)
	if err != nil {
		return "", a, fmt.Errorf("redisstore: encoding appointment %s: %w", a.Code, err)
	}
	var back bot.Appointment
	if err := json.Unmarshal(data, &back); err != nil {
		return "", a, fmt.Errorf("redisstore: decoding appointment %s: %w", a.Code, err)
	}
	return string(data), back, nil
}

// decodeRecord reads an appointment hash. An empty hash is "not found".
func decodeRecord(code string, h map[string]string) (record, bool, error) {
	if len(h) == 0 {
		return record{}, false, nil
	}
	rec := record{v: h["v"], rm: h["rm"]}
	if err := json.Unmarshal([]byte(h["d"]), &rec.a); err != nil {
		return record{}, false, fmt.Errorf("redisstore: appointment %s: %w", code, err)
	}
	return rec, true, nil
}

// read loads one appointment record.
func (b *Bookings) read(ctx context.Context, code string) (record, bool, error) {
	h, err := b.st.rdb.HGetAll(ctx, b.st.apptKey(code)).Result()
	if err != nil {
		return record{}, false, unavailable("read appointment "+code, err)
	}
	return decodeRecord(code, h)
}

// current reads what a person's write request starts from: the result
// stored for the request if it ran before (stored != ""), else the
// person's booked appointment, if any.
func (b *Bookings) current(ctx context.Context, person, op, reqID string) (rec record, found bool, stored string, err error) {
	vals, err := b.st.rdb.MGet(ctx, b.st.reqKey(op, reqID), b.st.personKey(person)).Result()
	if err != nil {
		return record{}, false, "", unavailable("read bookings of "+person, err)
	}
	if s, ok := vals[0].(string); ok {
		return record{}, false, s, nil
	}
	code, ok := vals[1].(string)
	if !ok {
		return record{}, false, "", nil
	}
	rec, found, err = b.read(ctx, code)
	if err != nil {
		return record{}, false, "", err
	}
	if !found || rec.a.Status != bot.StatusBooked {
		// The appointment left "booked" between the two reads. The script
		// that moved it stored its request's result in the same step, so
		// if that request was this one (a second press racing the first),
		// its result is there now.
		s, err := b.st.rdb.Get(ctx, b.st.reqKey(op, reqID)).Result()
		if err != nil && !errors.Is(err, redis.Nil) {
			return record{}, false, "", unavailable("read bookings of "+person, err)
		}
		return record{}, false, s, nil
	}
	return rec, true, "", nil
}

// Active returns the person's booked appointment.
func (b *Bookings) Active(ctx context.Context, person string) (bot.Appointment, bool, error) {
	code, err := b.st.rdb.Get(ctx, b.st.personKey(person)).Result()
	if errors.Is(err, redis.Nil) {
		return bot.Appointment{}, false, nil
	}
	if err != nil {
		return bot.Appointment{}, false, unavailable("read pointer of "+person, err)
	}
	rec, found, err := b.read(ctx, code)
	if err != nil || !found || rec.a.Status != bot.StatusBooked {
		return bot.Appointment{}, false, err
	}
	return rec.a, true, nil
}

// Get returns an appointment by code, in any status, until it expires.
func (b *Bookings) Get(ctx context.Context, code string) (bot.Appointment, bool, error) {
	rec, found, err := b.read(ctx, code)
	return rec.a, found, err
}

// Taken returns the seats taken in each of the point's slots, in the order
// of slotIDs, in one MGET. A slot nobody booked (or whose counter expired
// after it ended) counts 0.
func (b *Bookings) Taken(ctx context.Context, pointID string, slotIDs []string) ([]int, error) {
	if len(slotIDs) == 0 {
		return []int{}, nil
	}
	keys := make([]string, len(slotIDs))
	for i, id := range slotIDs {
		keys[i] = b.st.slotKey(pointID, id)
	}
	vals, err := b.st.rdb.MGet(ctx, keys...).Result()
	if err != nil {
		return nil, unavailable("read seats of "+pointID, err)
	}
	taken := make([]int, len(vals))
	for i, v := range vals {
		s, _ := v.(string)
		if s == "" {
			continue
		}
		if taken[i], err = strconv.Atoi(s); err != nil {
			return nil, fmt.Errorf("redisstore: seat counter of %s %s: %q", pointID, slotIDs[i], s)
		}
	}
	return taken, nil
}

// ForPoint lists a point's appointments on a day (YYYYMMDD, in Vietnam), by
// start time and then code. Booked, checked-in and no-show appointments
// are listed; cancelled ones leave the list (Get still finds them).
func (b *Bookings) ForPoint(ctx context.Context, pointID, day string) ([]bot.Appointment, error) {
	codes, err := b.st.rdb.ZRange(ctx, b.st.dayKey(pointID, day), 0, -1).Result()
	if err != nil {
		return nil, unavailable("list day "+day+" of "+pointID, err)
	}
	list, err := b.readAll(ctx, codes)
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(list, func(x, y bot.Appointment) int {
		return cmp.Or(x.Start.Compare(y.Start), cmp.Compare(x.Code, y.Code))
	})
	return list, nil
}

// readAll loads many appointments in one pipeline, skipping those that
// expired meanwhile.
func (b *Bookings) readAll(ctx context.Context, codes []string) ([]bot.Appointment, error) {
	cmds := make([]*redis.StringCmd, len(codes))
	_, err := b.st.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i, code := range codes {
			cmds[i] = p.HGet(ctx, b.st.apptKey(code), "d")
		}
		return nil
	})
	if err != nil && !errors.Is(err, redis.Nil) {
		return nil, unavailable("read appointments", err)
	}
	list := make([]bot.Appointment, 0, len(codes))
	for i, c := range cmds {
		if errors.Is(c.Err(), redis.Nil) { // expired since the list was read
			continue
		}
		if c.Err() != nil {
			return nil, unavailable("read appointment "+codes[i], c.Err())
		}
		var a bot.Appointment
		if err := json.Unmarshal([]byte(c.Val()), &a); err != nil {
			return nil, fmt.Errorf("redisstore: appointment %s: %w", codes[i], err)
		}
		list = append(list, a)
	}
	return list, nil
}
