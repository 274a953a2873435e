package redisstore

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/redis/go-redis/v9"
)

// Verify checks the invariants the subscription scripts keep: every
// chat record is in the audience under its member; every audience member
// has a record; each counter equals the number of records with its field.
// Like Bookings.Verify it reads with SCAN, not atomically, so under live
// traffic rerun it before acting on a mismatch; it is an operator's
// command and the tests' check.
func (s *Subscriptions) Verify(ctx context.Context) ([]Mismatch, error) {
	st := s.st
	records, err := s.records(ctx)
	if err != nil {
		return nil, err
	}
	var out []Mismatch
	tally := map[string]int{}
	members := map[string]bool{}
	for _, r := range records {
		tally[r[0]]++
		members[r[1]] = true
	}
	it := st.rdb.ZScan(ctx, st.audienceKey(), 0, "", 1000).Iterator()
	inAudience := map[string]bool{}
	for i := 0; it.Next(ctx); i++ {
		if i%2 == 0 { // ZSCAN yields member, score, member, score, ...
			inAudience[it.Val()] = true
		}
	}
	if err := it.Err(); err != nil {
		return nil, unavailable("scan audience", err)
	}
	for key, r := range records {
		if !inAudience[r[1]] {
			out = append(out, Mismatch{key, fmt.Sprintf("member %q is not in the audience", r[1])})
		}
	}
	for m := range inAudience {
		if !members[m] {
			out = append(out, Mismatch{st.audienceKey(), fmt.Sprintf("member %q has no record", m)})
		}
	}
	counts, err := st.rdb.HGetAll(ctx, st.subCountsKey()).Result()
	if err != nil {
		return nil, unavailable("read subscription counts", err)
	}
	for _, f := range slices.Sorted(maps.Keys(mergeKeys(counts, tally))) {
		if n, _ := strconv.Atoi(counts[f]); n != tally[f] {
			out = append(out, Mismatch{st.subCountsKey(), fmt.Sprintf("%s counts %d, %d records", f, n, tally[f])})
		}
	}
	slices.SortFunc(out, func(a, b Mismatch) int { return strings.Compare(a.String(), b.String()) })
	return out, nil
}

// records reads the counter field and audience member of every chat
// record, by key.
func (s *Subscriptions) records(ctx context.Context) (map[string][2]string, error) {
	st := s.st
	out := map[string][2]string{}
	keys, err := st.scanKeys(ctx, globEscape(st.subTag()+"chat:")+"*")
	if err != nil {
		return nil, unavailable("scan subscriptions", err)
	}
	for chunk := range slices.Chunk(keys, 1000) {
		cmds := make([]*redis.SliceCmd, len(chunk))
		_, err := st.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
			for i, k := range chunk {
				cmds[i] = p.HMGet(ctx, k, "s", "m")
			}
			return nil
		})
		if err != nil {
			return nil, unavailable("read subscriptions", err)
		}
		for i, c := range cmds {
			f, _ := c.Val()[0].(string)
			m, _ := c.Val()[1].(string)
			if f != "" { // gone since the scan
				out[chunk[i]] = [2]string{f, m}
			}
		}
	}
	return out, nil
}

// mergeKeys returns a set of the keys of a and b.
func mergeKeys(a map[string]string, b map[string]int) map[string]bool {
	out := map[string]bool{}
	for k := range a {
		out[k] = true
	}
	for k := range b {
		out[k] = true
	}
	return out
}
