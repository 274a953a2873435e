package redisstore

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/redis/go-redis/v9"
)

// Visit statuses.
const (
	visitPending  = "pending"
	visitAccepted = "accepted"
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
	req.Status, req.Date = visitPending, time.Time{}
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
	return decodeVisit(req.ID, stored)
}

// VisitsFor lists a point's visit requests, pending and accepted, oldest
// first (ties by id), until each expires.
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
		list = append(list, vr)
	}
	slices.SortStableFunc(list, func(x, y bot.VisitRequest) int {
		return cmp.Or(x.Created.Compare(y.Created), cmp.Compare(x.ID, y.ID))
	})
	return list, nil
}

// AcceptVisit marks a visit request "accepted" with the date staff will
// come; accepting again moves the date. An unknown or expired id returns
// ErrNoVisit.
func (b *Bookings) AcceptVisit(ctx context.Context, id string, date time.Time) (bot.VisitRequest, error) {
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
		vr.Status, vr.Date = visitAccepted, date
		data, err := json.Marshal(vr)
		if err != nil {
			return bot.VisitRequest{}, fmt.Errorf("redisstore: encoding visit %s: %w", id, err)
		}
		ok, err := acceptScript.Run(ctx, b.st.batch, []string{b.st.visitKey(id)}, old, data).Int()
		if err != nil {
			return bot.VisitRequest{}, unavailable("accept visit "+id, err)
		}
		if ok == 1 {
			return decodeVisit(id, string(data))
		}
	}
	return bot.VisitRequest{}, unavailable("accept visit "+id, errContended)
}

// decodeVisit reads a stored visit request.
func decodeVisit(id, data string) (bot.VisitRequest, error) {
	var vr bot.VisitRequest
	if err := json.Unmarshal([]byte(data), &vr); err != nil {
		return bot.VisitRequest{}, fmt.Errorf("redisstore: visit %s: %w", id, err)
	}
	return vr, nil
}
