package redisstore

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/eidbot/eidbot/bot"
	"github.com/redis/go-redis/v9"
)

// Roles is the Redis implementation of bot.Roles: which people
// serve on which area's committee. Both directions are kept (a set of
// areas per user, a set of members per area) and written together in one
// MULTI, so they always agree. Roles are staff data, not a chat's
// personal data: /forget leaves them (see Store.Erase).
type Roles struct{ st *Store }

var _ bot.Roles = (*Roles)(nil)

// Roles returns the committee roles on st's Redis. Closing st closes it.
func (st *Store) Roles() *Roles { return &Roles{st: st} }

// CommitteeAreas returns the ids of the areas user serves, sorted.
func (r *Roles) CommitteeAreas(ctx context.Context, user bot.UserID) ([]string, error) {
	areas, err := r.st.rdb.SMembers(ctx, r.st.roleUserKey(user)).Result()
	if err != nil {
		return nil, unavailable(fmt.Sprintf("read areas of user %s", user), err)
	}
	slices.Sort(areas)
	return areas, nil
}

// Grant makes user a committee member of area; granting twice is harmless.
func (r *Roles) Grant(ctx context.Context, user bot.UserID, area string) error {
	if err := checkArea(area); err != nil {
		return fmt.Errorf("redisstore: grant: %w", err)
	}
	_, err := r.st.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.SAdd(ctx, r.st.roleUserKey(user), area)
		p.SAdd(ctx, r.st.roleAreaKey(area), string(user))
		return nil
	})
	return unavailable(fmt.Sprintf("grant %s to user %s", area, user), err)
}

// Revoke removes user from area's committee; revoking twice is harmless.
func (r *Roles) Revoke(ctx context.Context, user bot.UserID, area string) error {
	_, err := r.st.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.SRem(ctx, r.st.roleUserKey(user), area)
		p.SRem(ctx, r.st.roleAreaKey(area), string(user))
		return nil
	})
	return unavailable(fmt.Sprintf("revoke %s from user %s", area, user), err)
}

// Members returns the user ids of area's committee, sorted.
func (r *Roles) Members(ctx context.Context, area string) ([]bot.UserID, error) {
	ids, err := r.st.rdb.SMembers(ctx, r.st.roleAreaKey(area)).Result()
	if err != nil {
		return nil, unavailable("read members of "+area, err)
	}
	users := make([]bot.UserID, 0, len(ids))
	for _, s := range ids {
		id, ok := bot.ParseUserID(s)
		if !ok {
			return nil, fmt.Errorf("redisstore: member %q of %s is not a user id", s, area)
		}
		users = append(users, id)
	}
	slices.Sort(users)
	return users, nil
}

// checkArea rejects an area id that would break the key layout: empty, or
// holding the '|' that separates counter fields. The areas file allows
// only [a-z0-9_], so this guards against callers' mistakes, not users.
func checkArea(area string) error {
	if area == "" || strings.ContainsAny(area, "|{}") {
		return fmt.Errorf("bad area id %q", area)
	}
	return nil
}

// MigrateIDs rewrites the roles of areas from the bare Telegram user ids
// stored before ids were qualified by channel ("12345") to qualified ids
// ("tg:12345"). Each member moves in one MULTI, so an interrupted run
// leaves every member either old or new, and running it again finishes
// the job: it is idempotent and resumable. It reports how many members it
// moved. Campaigns, subscriptions, sessions and the audit log need no
// migration: their records decode old ids as Telegram ids.
func (r *Roles) MigrateIDs(ctx context.Context, areas []string) (int, error) {
	moved := 0
	for _, area := range areas {
		members, err := r.st.rdb.SMembers(ctx, r.st.roleAreaKey(area)).Result()
		if err != nil {
			return moved, unavailable("read members of "+area, err)
		}
		for _, m := range members {
			if _, err := strconv.ParseInt(m, 10, 64); err != nil {
				continue // already qualified
			}
			if err := r.migrateMember(ctx, area, m); err != nil {
				return moved, err
			}
			moved++
		}
	}
	return moved, nil
}

// migrateMember moves one bare member of area, and the user's own set of
// areas, to the qualified id.
func (r *Roles) migrateMember(ctx context.Context, area, bare string) error {
	id := bot.NewUserID(bot.ChannelTelegram, bare)
	legacy := r.st.opts.Prefix + ":{role}:user:" + bare
	_, err := r.st.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.SAdd(ctx, r.st.roleAreaKey(area), string(id))
		p.SRem(ctx, r.st.roleAreaKey(area), bare)
		p.SUnionStore(ctx, r.st.roleUserKey(id), r.st.roleUserKey(id), legacy)
		p.Del(ctx, legacy)
		return nil
	})
	return unavailable("migrate role of "+string(id), err)
}
