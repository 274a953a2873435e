package bot

import (
	"context"
	"fmt"
)

// Query is a kind of read or write of outside state (a store) that a Step
// needs, answered with a fact of type F for a question of type Q. Step does
// no I/O: a handler asks with Ask; the first time the fact is missing, Ask
// records the question and the handler stops; the Engine answers every
// question asked and steps the update again with the facts, until nothing
// new is asked. An update may thus be stepped several times, so a write
// must be idempotent per update (Turn.RequestID names it).
type Query[Q, F any] struct {
	name string
	key  func(Q) string
	run  func(context.Context, Q) (F, error)
}

// NewQuery registers a query named name with r. key identifies a question
// among the facts of one update: two questions with the same key get the
// same fact. run answers a question. An error from run fails the update,
// which the channel retries, so a refusal that is an answer (a full slot)
// belongs in the fact, not in the error.
func NewQuery[Q, F any](r *Registry, name string, key func(Q) string, run func(context.Context, Q) (F, error)) *Query[Q, F] {
	r.query(name)
	return &Query[Q, F]{name: name, key: key, run: run}
}

// Ask returns the fact that answers q, or records q for the Engine and
// reports false: the handler then stops, and runs again with the fact.
func Ask[Q, F any](t Turn, query *Query[Q, F], q Q) (F, bool) {
	v, ok := t.fact(asked[Q, F]{query: query, q: q})
	f, _ := v.(F) // a nil fact (no error, say) is F's zero value
	return f, ok
}

// PendingQuery is a question a Step asked and could not answer itself.
type PendingQuery interface {
	// Name is the query's registered name, for logs and errors.
	Name() string
	// Key identifies the question among the facts of one update.
	Key() string
	run(ctx context.Context) (any, error)
}

// asked is question q of query, waiting for its fact.
type asked[Q, F any] struct {
	query *Query[Q, F]
	q     Q
}

// Name is the query's name.
func (a asked[Q, F]) Name() string { return a.query.name }

// Key is the query's name and the question's key.
func (a asked[Q, F]) Key() string { return a.query.name + "|" + a.query.key(a.q) }

func (a asked[Q, F]) run(ctx context.Context) (any, error) { return a.query.run(ctx, a.q) }

// maxPasses bounds how often one update may be stepped while its queries
// are answered: a booking needs at most two (seats, then the write).
const maxPasses = 4

// stepWithFacts steps the update, answering the queries Step asks and
// stepping again with the facts, until it asks for nothing new.
func (e *Engine) stepWithFacts(ctx context.Context, s Session, u Update) (Outcome, error) {
	facts := map[string]any{}
	for range maxPasses {
		out := e.step(s, u, facts)
		if len(out.Queries) == 0 {
			return out, nil
		}
		for _, q := range out.Queries {
			f, err := q.run(ctx)
			if err != nil {
				return Outcome{}, fmt.Errorf("%s for update %s: %w", q.Name(), u.ID, err)
			}
			facts[q.Key()] = f
		}
	}
	return Outcome{}, fmt.Errorf("bot: update %s still asks for data after %d passes", u.ID, maxPasses)
}
