package redisstore

import (
	"context"
	"errors"

	"github.com/redis/go-redis/v9"
)

// GetSet reads key and writes value to it: two round trips, the work the
// benchmark baseline does per update (see httpserver.Baseline).
func (st *Store) GetSet(ctx context.Context, key, value string) error {
	if err := st.rdb.Get(ctx, st.opts.Prefix+":"+key).Err(); err != nil && !errors.Is(err, redis.Nil) {
		return unavailable("baseline get", err)
	}
	if err := st.rdb.Set(ctx, st.opts.Prefix+":"+key, value, 0).Err(); err != nil {
		return unavailable("baseline set", err)
	}
	return nil
}
