package redisstore

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/eidbot/eidbot/bot"
)

// Funnel is the Redis implementation of bot.Funnel. Each person (a chat
// key) has a marker hash of the stages they were counted at; a mark sets
// the marker field and adds to the area's counter in one script, so a
// person counts once per stage however often, and however concurrently,
// they are marked. /forget deletes the marker and leaves the anonymous
// counters (see Store.Erase); a person marked again after /forget counts
// again.
type Funnel struct{ st *Store }

var _ bot.Funnel = (*Funnel)(nil)

// Funnel returns the funnel counters on st's Redis. Closing st closes it.
func (st *Store) Funnel() *Funnel { return &Funnel{st: st} }

// Mark counts person at stage in area and lang, once per person and stage
// (the first mark's area and language win). It reports whether this mark
// counted; a retry after a lost reply reports false. area may be "" when
// the person's area is unknown.
func (f *Funnel) Mark(ctx context.Context, person, area string, lang bot.Lang, stage string) (bool, error) {
	switch {
	case person == "":
		return false, fmt.Errorf("redisstore: mark: no person")
	case !slices.Contains(bot.Stages, stage):
		return false, fmt.Errorf("redisstore: mark: unknown stage %q", stage)
	case strings.ContainsAny(area, "|{}") || strings.Contains(string(lang), "|"):
		return false, fmt.Errorf("redisstore: mark: bad area %q or language %q", area, lang)
	}
	where := area + "|" + string(lang)
	keys := []string{f.st.funnelPersonKey(person), f.st.funnelCountsKey()}
	n, err := markScript.Run(ctx, f.st.rdb, keys, stage, where, where+"|"+stage).Int()
	if err != nil {
		return false, unavailable("mark "+person+" "+stage, err)
	}
	return n == 1, nil
}

// Counts returns every non-zero count, sorted by area, language and then
// stage in funnel order.
func (f *Funnel) Counts(ctx context.Context) ([]bot.FunnelCount, error) {
	fields, err := f.st.rdb.HGetAll(ctx, f.st.funnelCountsKey()).Result()
	if err != nil {
		return nil, unavailable("read funnel counts", err)
	}
	out := make([]bot.FunnelCount, 0, len(fields))
	for k, v := range fields {
		parts := strings.Split(k, "|")
		n, err := strconv.Atoi(v)
		if len(parts) != 3 || err != nil {
			return nil, fmt.Errorf("redisstore: bad funnel counter %q = %q", k, v)
		}
		if n > 0 {
			out = append(out, bot.FunnelCount{Area: parts[0], Lang: bot.Lang(parts[1]), Stage: parts[2], Count: n})
		}
	}
	slices.SortFunc(out, func(a, b bot.FunnelCount) int {
		return cmp.Or(cmp.Compare(a.Area, b.Area), cmp.Compare(a.Lang, b.Lang),
			cmp.Compare(slices.Index(bot.Stages, a.Stage), slices.Index(bot.Stages, b.Stage)))
	})
	return out, nil
}

// Stages returns the stages person was counted at, in funnel order, for
// tests and for showing a user what /forget will delete.
func (f *Funnel) Stages(ctx context.Context, person string) ([]string, error) {
	got, err := f.st.rdb.HKeys(ctx, f.st.funnelPersonKey(person)).Result()
	if err != nil {
		return nil, unavailable("read funnel marks of "+person, err)
	}
	slices.SortFunc(got, func(a, b string) int {
		return cmp.Compare(slices.Index(bot.Stages, a), slices.Index(bot.Stages, b))
	})
	return got, nil
}
