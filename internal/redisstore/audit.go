package redisstore

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/redis/go-redis/v9"
)

// DefaultAuditCap is how many audit entries are kept by default: years of
// a province's committee work, in a few tens of megabytes.
const DefaultAuditCap = 100_000

// Audit is the Redis implementation of bot.AuditLog: a stream of JSON
// entries, trimmed to about its cap (MAXLEN ~, which trims whole
// radix-tree nodes and so may keep a few hundred entries more).
//
// Entries record what staff did, by their user id, and are kept by
// /forget: the accountability of committee actions outweighs erasing a
// staff member's id, and bot.AuditEntry says Detail holds no recipient's
// personal data. A Record retried by go-redis after a lost reply may store
// its entry twice; for an audit log a duplicate beats a gap.
type Audit struct {
	st  *Store
	cap int64
	now func() time.Time
}

var _ bot.AuditLog = (*Audit)(nil)

// Audit returns the audit log on st's Redis, capped at DefaultAuditCap.
func (st *Store) Audit() *Audit { return &Audit{st: st, cap: DefaultAuditCap, now: time.Now} }

// WithCap returns the audit log keeping about n entries (n ≥ 1).
func (a *Audit) WithCap(n int) *Audit {
	c := *a
	c.cap = int64(max(1, n))
	return &c
}

// WithClock returns the audit log stamping entries without a Time from now.
func (a *Audit) WithClock(now func() time.Time) *Audit {
	c := *a
	c.now = now
	return &c
}

// Record appends e, stamping it with the current time when e.Time is zero.
func (a *Audit) Record(ctx context.Context, e bot.AuditEntry) error {
	if e.Time.IsZero() {
		e.Time = a.now()
	}
	data, err := json.Marshal(e)
	if err != nil {
		return fmt.Errorf("redisstore: encode audit entry: %w", err)
	}
	cmds, err := a.st.durably(ctx, func(p redis.Pipeliner) {
		p.XAdd(ctx, &redis.XAddArgs{Stream: a.st.auditKey(), MaxLen: a.cap, Approx: true, Values: []any{"d", data}})
	})
	return unavailable("record "+e.Action, firstErr(cmds, err))
}

// Recent returns up to n entries, newest first.
func (a *Audit) Recent(ctx context.Context, n int) ([]bot.AuditEntry, error) {
	if n <= 0 {
		return nil, nil
	}
	msgs, err := a.st.rdb.XRevRangeN(ctx, a.st.auditKey(), "+", "-", int64(n)).Result()
	if err != nil {
		return nil, unavailable("read audit log", err)
	}
	out := make([]bot.AuditEntry, 0, len(msgs))
	for _, m := range msgs {
		var e bot.AuditEntry
		s, _ := m.Values["d"].(string)
		if err := json.Unmarshal([]byte(s), &e); err != nil {
			return nil, fmt.Errorf("redisstore: audit entry %s: %w", m.ID, err)
		}
		out = append(out, e)
	}
	return out, nil
}
