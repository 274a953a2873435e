package bottest

import (
	"cmp"
	"context"
	"slices"
	"sync"
	"time"

	"github.com/eidbot/eidbot/bot"
)

// Roles is an in-memory bot.Roles.
type Roles struct {
	mu    sync.Mutex
	areas map[bot.UserID][]string
}

var _ bot.Roles = (*Roles)(nil)

// NewRoles returns roles nobody holds.
func NewRoles() *Roles { return &Roles{areas: map[bot.UserID][]string{}} }

// CommitteeAreas returns the areas user serves, sorted.
func (r *Roles) CommitteeAreas(_ context.Context, user bot.UserID) ([]string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Sorted(slices.Values(r.areas[user])), nil
}

// Grant makes user a committee member of area.
func (r *Roles) Grant(_ context.Context, user bot.UserID, area string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !slices.Contains(r.areas[user], area) {
		r.areas[user] = append(r.areas[user], area)
	}
	return nil
}

// Revoke removes user from area's committee.
func (r *Roles) Revoke(_ context.Context, user bot.UserID, area string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.areas[user] = slices.DeleteFunc(r.areas[user], func(a string) bool { return a == area })
	return nil
}

// Members returns area's committee, sorted.
func (r *Roles) Members(_ context.Context, area string) ([]bot.UserID, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []bot.UserID
	for u, areas := range r.areas {
		if slices.Contains(areas, area) {
			out = append(out, u)
		}
	}
	slices.Sort(out)
	return out, nil
}

// Audit is an in-memory bot.AuditLog.
type Audit struct {
	mu      sync.Mutex
	now     func() time.Time
	entries []bot.AuditEntry
}

var _ bot.AuditLog = (*Audit)(nil)

// NewAudit returns an empty log that stamps entries without a time with now.
func NewAudit(now func() time.Time) *Audit { return &Audit{now: now} }

// Record appends e.
func (a *Audit) Record(_ context.Context, e bot.AuditEntry) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if e.Time.IsZero() {
		e.Time = a.now()
	}
	a.entries = append(a.entries, e)
	return nil
}

// Recent returns up to n entries, newest first.
func (a *Audit) Recent(_ context.Context, n int) ([]bot.AuditEntry, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	out := slices.Clone(a.entries)
	slices.Reverse(out)
	return out[:max(0, min(n, len(out)))], nil
}

// Entries returns every entry, oldest first, for a test to read.
func (a *Audit) Entries() []bot.AuditEntry {
	a.mu.Lock()
	defer a.mu.Unlock()
	return slices.Clone(a.entries)
}

// Funnel is an in-memory bot.Funnel.
type Funnel struct {
	mu     sync.Mutex
	marked map[string]bool // person|stage
	counts map[bot.FunnelCount]int
}

var _ bot.Funnel = (*Funnel)(nil)

// NewFunnel returns a funnel that counted nobody.
func NewFunnel() *Funnel {
	return &Funnel{marked: map[string]bool{}, counts: map[bot.FunnelCount]int{}}
}

// Mark counts person at stage once; the first mark's area and language win.
func (f *Funnel) Mark(_ context.Context, person, area string, lang bot.Lang, stage string) (bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.marked[person+"|"+stage] {
		return false, nil
	}
	f.marked[person+"|"+stage] = true
	f.counts[bot.FunnelCount{Area: area, Lang: lang, Stage: stage}]++
	return true, nil
}

// Counts returns every non-zero count by area, language and stage in
// funnel order.
func (f *Funnel) Counts(context.Context) ([]bot.FunnelCount, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []bot.FunnelCount
	for k, v := range f.counts {
		k.Count = v
		out = append(out, k)
	}
	slices.SortFunc(out, func(a, b bot.FunnelCount) int {
		return cmp.Or(cmp.Compare(a.Area, b.Area), cmp.Compare(a.Lang, b.Lang),
			cmp.Compare(slices.Index(bot.Stages, a.Stage), slices.Index(bot.Stages, b.Stage)))
	})
	return out, nil
}
