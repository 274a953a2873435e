package redisstore

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/redis/go-redis/v9"
)

// RequestVisit stores req with Status "pending" (and Created set to now
// when zero) until req.Expires, and lists it under its point. A retry with
// the same ID returns the request stored first.
func (b *Bookings) RequestVisit(ctx context.Context, req bot.VisitRequest) (bot.VisitRequest, error) {
	now := b.now()
	switch {
	case req.ID == "" || req.Person == "" || req.PointID == "":
		return bot.VisitRequest{}, errors.New("redisstore: visit request lacks its id, person or point")
	case !req.Expires.After(now):
		return bot.VisitRequest{}, fmt.Errorf("redisstore: visit %s: expiry %v is not in the future", req.ID, req.Expires)
	}
	req.Status, req.Date = bot.VisitPending, time.Time{}
	if req.Created.IsZero() {
		req.Created = now
	}
	data, err := json.Marshal(req)
	if err != nil {
		return bot.VisitRequest{}, fmt.Errorf("redisstore: encoding visit %s: %w", req.ID, err)
	}
	st := b.st
	keys := []string{st.visitKey(req.ID), st.pointVisitsKey(req.PointID), st.ownedKey(req.Person)}
	args := []any{data, unixMs(req.Expires), unixMs(req.Created), req.ID, "visit:" + req.ID}
	stored, err := visitScript.Run(ctx, st.batch, keys, args...).Text()
	if err != nil {
		return bot.VisitRequest{}, unavailable("request visit "+req.ID, err)
	}
	if fresh, written := strings.CutPrefix(stored, "ok:"); written {
		st.observeVisit(VisitRequested)
		return decodeVisit(req.ID, fresh)
	}
	return decodeVisit(req.ID, strings.TrimPrefix(stored, "re:"))
}

// VisitsFor lists a point's open visit requests (pending and accepted),
// oldest first (ties by id), until each expires.
func (b *Bookings) VisitsFor(ctx context.Context, pointID string) ([]bot.VisitRequest, error) {
	ids, err := b.st.rdb.ZRange(ctx, b.st.pointVisitsKey(pointID), 0, -1).Result()
	if err != nil {
		return nil, unavailable("list visits of "+pointID, err)
	}
	if len(ids) == 0 {
		return []bot.VisitRequest{}, nil
	}
	keys := make([]string, len(ids))
	for i, id := range ids {
		keys[i] = b.st.visitKey(id)
	}
	vals, err := b.st.rdb.MGet(ctx, keys...).Result()
	if err != nil {
		return nil, unavailable("read visits of "+pointID, err)
	}
	list := make([]bot.VisitRequest, 0, len(vals))
	for i, v := range vals {
		s, ok := v.(string)
		if !ok { // expired since the list was read
			continue
		}
		vr, err := decodeVisit(ids[i], s)
		if err != nil {
			return nil, err
		}
		if vr.Open() {
			list = append(list, vr)
		}
	}
	slices.SortStableFunc(list, func(x, y bot.VisitRequest) int {
		return cmp.Or(x.Created.Compare(y.Created), cmp.Compare(x.ID, y.ID))
	})
	return list, nil
}

// AcceptVisit marks a visit request "accepted" with the date staff will
// come; accepting again moves the date. An unknown, expired, declined or
// cancelled id returns ErrNoVisit.
func (b *Bookings) AcceptVisit(ctx context.Context, id string, date time.Time) (bot.VisitRequest, error) {
	return b.changeVisit(ctx, id, "accept visit", func(vr *bot.VisitRequest) error {
		if !vr.Open() {
			return ErrNoVisit
		}
		vr.Status, vr.Date = bot.VisitAccepted, date
		return nil
	})
}

// DeclineVisit marks a visit request "declined" and takes it off its
// point's list; declining again returns it unchanged. An unknown, expired
// or cancelled id returns ErrNoVisit.
func (b *Bookings) DeclineVisit(ctx context.Context, id string) (bot.VisitRequest, error) {
	return b.changeVisit(ctx, id, "decline visit", func(vr *bot.VisitRequest) error {
		if vr.Status == bot.VisitCancelled {
			return ErrNoVisit
		}
		vr.Status, vr.Date = bot.VisitDeclined, time.Time{}
		return nil
	})
}

// CancelVisit marks the person's visit request "cancelled" and takes it
// off its point's list; cancelling again returns it unchanged. A request
// that is gone, someone else's, or declined returns ErrNoVisit.
func (b *Bookings) CancelVisit(ctx context.Context, person, id string) (bot.VisitRequest, error) {
	return b.changeVisit(ctx, id, "cancel visit", func(vr *bot.VisitRequest) error {
		if vr.Person != person || vr.Status == bot.VisitDeclined {
			return ErrNoVisit
		}
		vr.Status = bot.VisitCancelled
		return nil
	})
}

// changeVisit applies change to visit request id optimistically: read,
// change in Go, write only if the record is still what was read. A
// request that is no longer open leaves its point's list.
func (b *Bookings) changeVisit(ctx context.Context, id, what string, change func(*bot.VisitRequest) error) (bot.VisitRequest, error) {
	for range maxAttempts {
		old, err := b.st.rdb.Get(ctx, b.st.visitKey(id)).Result()
		if errors.Is(err, redis.Nil) {
			return bot.VisitRequest{}, ErrNoVisit
		}
		if err != nil {
			return bot.VisitRequest{}, unavailable("read visit "+id, err)
		}
		vr, err := decodeVisit(id, old)
		if err != nil {
			return bot.VisitRequest{}, err
		}
		before := vr
		if err := change(&vr); err != nil {
			return bot.VisitRequest{}, err
		}
		if vr == before {
			return vr, nil
		}
		data, err := json.Marshal(vr)
		if err != nil {
			return bot.VisitRequest{}, fmt.Errorf("redisstore: encoding visit %s: %w", id, err)
		}
		unlist := "0"
		if !vr.Open() {
			unlist = "1"
		}
		keys := []string{b.st.visitKey(id), b.st.pointVisitsKey(vr.PointID)}
		ok, err := visitChangeScript.Run(ctx, b.st.batch, keys, old, data, id, unlist).Int()
		if err != nil {
			return bot.VisitRequest{}, unavailable(what+" "+id, err)
		}
		if ok == 1 {
			b.st.observeVisit(vr.Status)
			return vr, nil
		}
	}
	return bot.VisitRequest{}, unavailable(what+" "+id, errContended)
}

// VisitOf returns the person's latest visit request that is not
// cancelled, from the index /forget uses.
func (b *Bookings) VisitOf(ctx context.Context, person string) (bot.VisitRequest, bool, error) {
	entries, err := b.st.rdb.HKeys(ctx, b.st.ownedKey(person)).Result()
	if err != nil {
		return bot.VisitRequest{}, false, unavailable("list requests of "+person, err)
	}
	var keys, ids []string
	for _, e := range entries {
		if id, ok := strings.CutPrefix(e, "visit:"); ok {
			keys, ids = append(keys, b.st.visitKey(id)), append(ids, id)
		}
	}
	if len(keys) == 0 {
		return bot.VisitRequest{}, false, nil
	}
	vals, err := b.st.rdb.MGet(ctx, keys...).Result()
	if err != nil {
		return bot.VisitRequest{}, false, unavailable("read visits of "+person, err)
	}
	var latest bot.VisitRequest
	found := false
	for i, v := range vals {
		s, ok := v.(string)
		if !ok {
			continue
		}
		vr, err := decodeVisit(ids[i], s)
		if err != nil {
			return bot.VisitRequest{}, false, err
		}
		if vr.Person != person || vr.Status == bot.VisitCancelled {
			continue
		}
		if !found || cmp.Or(vr.Created.Compare(latest.Created), cmp.Compare(vr.ID, latest.ID)) > 0 {
			latest, found = vr, true
		}
	}
	return latest, found, nil
}

// decodeVisit reads a stored visit request.
func decodeVisit(id, data string) (bot.VisitRequest, error) {
	var vr bot.VisitRequest
	if err := json.Unmarshal([]byte(data), &vr); err != nil {
		return bot.VisitRequest{}, fmt.Errorf("redisstore: visit %s: %w", id, err)
	}
	return vr, nil
}
