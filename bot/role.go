package bot

import (
	"context"
	"errors"
	"fmt"
	"slices"
)

// committee is the engine's wiring for local committees: the areas, who
// may act in them, and where campaigns and subscriptions are kept.
type committee struct {
	admins []UserID
	areas  []Area
	byID   map[string]Area
	roles  Roles
	audit  AuditLog
	subs   Subscriptions
	camps  Campaigns
}

// newCommittee checks the committee part of cfg; nil means committees are
// not configured.
func newCommittee(cfg Config) (*committee, error) {
	set := 0
	for _, x := range []any{cfg.Roles, cfg.Audit, cfg.Subscriptions, cfg.Campaigns} {
		if x != nil {
			set++
		}
	}
	switch {
	case set == 0:
		return nil, nil
	case set < 4:
		return nil, errors.New("bot: committees need roles, an audit log, subscriptions and campaigns together")
	case len(cfg.Areas) == 0:
		return nil, errors.New("bot: committees need at least one area")
	}
	c := &committee{admins: slices.Clone(cfg.Admins), areas: cfg.Areas, byID: map[string]Area{},
		roles: cfg.Roles, audit: cfg.Audit, subs: cfg.Subscriptions, camps: cfg.Campaigns}
	for _, a := range cfg.Areas {
		if _, dup := c.byID[a.ID]; dup {
			return nil, fmt.Errorf("bot: area %q is listed twice", a.ID)
		}
		c.byID[a.ID] = a
	}
	return c, nil
}

// isAdmin reports whether user is a super-admin. Only the id
// counts: names and group admin rights can be faked or changed.
func (c *committee) isAdmin(user UserID) bool {
	return user != "" && slices.Contains(c.admins, user)
}

// areaIDs lists every area id in file order.
func (c *committee) areaIDs() []string {
	ids := make([]string, len(c.areas))
	for i, a := range c.areas {
		ids[i] = a.ID
	}
	return ids
}

// areasOf returns the areas user may act in: all for a super-admin, else
// their committee areas as stored now.
func (c *committee) areasOf(ctx context.Context, user UserID) ([]string, error) {
	if c.isAdmin(user) {
		return c.areaIDs(), nil
	}
	if user == "" {
		return nil, nil
	}
	return c.roles.CommitteeAreas(ctx, user)
}

// may reports whether user may act in area, reading the roles afresh.
func (c *committee) may(ctx context.Context, user UserID, area string) (bool, error) {
	if _, ok := c.byID[area]; !ok {
		return false, nil
	}
	areas, err := c.areasOf(ctx, user)
	return slices.Contains(areas, area), err
}

// record writes an audit entry. A failure fails the action: an admin
// action that cannot be audited is not carried out.
func (c *committee) record(ctx context.Context, e AuditEntry) error {
	if err := c.audit.Record(ctx, e); err != nil {
		return fmt.Errorf("audit %s: %w", e.Action, err)
	}
	return nil
}

// deny audits a refused action and returns the fact that says so.
func (c *committee) deny(ctx context.Context, e AuditEntry) (Fact, error) {
	e.Denied = true
	return Fact{Err: ErrNoRole}, c.record(ctx, e)
}

// check reads afresh whether e.Actor may act in e.Area. A refusal is
// audited and comes back as the fact to return (ok=false); so does a
// failure to read the roles, as the error.
func (c *committee) check(ctx context.Context, e AuditEntry) (f Fact, ok bool, err error) {
	ok, err = c.may(ctx, e.Actor, e.Area)
	switch {
	case err != nil:
		return Fact{}, false, err
	case !ok:
		f, err = c.deny(ctx, e)
		return f, false, err
	}
	return Fact{}, true, nil
}
