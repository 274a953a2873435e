package understand

import (
	"math"
	"slices"
)

// bestShare is the share of a topic's score that comes from its best
// example; the rest comes from the topic's centroid. The best example
// rewards a close paraphrase and names the example a log can cite; the
// centroid rewards the words a topic's examples share, which makes the
// matcher less brittle than nearest-neighbour alone. 0.4 did as well as
// 0.3 and 0.5 on the leave-one-out check and the dev set; 0 and 1 did
// worse.
const bestShare = 0.4

// Match maps a typed question to the bot's topics and decides what to do.
func (ix *Index) Match(text string) Result {
	return ix.match(ix.parse(text), -1)
}

// parse is parse, with the slips in words the examples do not have
// corrected (typos).
func (ix *Index) parse(text string) question { return parseWith(text, ix.typos.fix) }

// match scores q against every example but skip (-1: none), ranks the
// topics and decides.
func (ix *Index) match(q question, skip int) Result {
	buf := ix.scratch.Get().(*[]float64)
	defer ix.scratch.Put(buf)
	scores, st := ix.score(q, skip, *buf)
	ranked := ix.rank(scores, skip, st.otherSubject())
	r := Result{Candidates: ranked, Coverage: st.coverage, OnSubject: st.onSubject}
	r.Language = detect(q, func() (string, float64) { return ix.latinHint(scores) })
	r.Decision, r.Offer = ix.decide(ranked, st)
	return r
}

// questionStats is what scoring learns about a question besides scores.
type questionStats struct {
	coverage  float64 // share of its squared weight some example has
	onSubject bool    // it names the bot's subject (onSubject)
	offTopic  bool    // it has a feature that names another subject (Index.offTopic)
	neighbour bool    // it asks for a neighbouring service (neighbourService)
}

// otherSubject reports whether the question names another subject and not
// the bot's ("làm giấy phép lao động mất bao lâu", "driving test fee"), or
// asks for a neighbouring service ("làm căn cước lần đầu", "哪里买电话卡").
func (st questionStats) otherSubject() bool { return st.offTopic && !st.onSubject || st.neighbour }

// score fills scores (one per example) with the cosine similarity of q to
// every example, leaving example skip out of the coverage.
func (ix *Index) score(q question, skip int, scores []float64) ([]float64, questionStats) {
	clear(scores)
	v := features(q, detect(q, nil).Code)
	var norm, known float64
	// A question for a neighbouring service names the card, which names
	// the subject too; it is not about the account.
	st := questionStats{onSubject: onSubject(q), neighbour: neighbourService(q)}
	st.onSubject = st.onSubject && !st.neighbour
	for _, f := range sortedFeatures(v) {
		p, ok := ix.postings[f]
		weight := ix.unknownWeight
		if ok {
			weight = p.weight
		}
		st.offTopic = st.offTopic || ix.offTopic[f]
		w := v[f] * weight
		norm += w * w
		if ok && (len(p.list) > 1 || int(p.list[0].ex) != skip) {
			known += w * w
		}
		for _, e := range p.list {
			scores[e.ex] += w * float64(e.w)
		}
	}
	if norm == 0 {
		return scores, st
	}
	for i := range scores {
		scores[i] /= math.Sqrt(norm)
	}
	st.coverage = known / norm
	return scores, st
}

// rank turns example scores into topic candidates, best first, leaving
// example skip out (-1: none). A topic's score is bestShare of its best
// example's cosine plus the rest of its centroid's.
//
// With otherSubject, out_of_scope scores at least its best example's
// cosine. Its examples are not one topic but many unrelated subjects
// (passports, work permits, driving tests, bills), so its centroid is far
// from each of them: a question about work permits that shares "how long"
// with the duration topic would lose to that topic's centroid however close
// it is to "how long does a work permit take". The words that only
// out-of-scope examples use say which subject it is, and there the best
// example is the measure. Without such a word the centroid rule stands:
// scoring out_of_scope by its best example always took right answers away
// from the real topics.
func (ix *Index) rank(scores []float64, skip int, otherSubject bool) []Candidate {
	best := make([]Candidate, len(ix.topics))
	sums := make([]float64, len(ix.topics))
	for i, s := range scores {
		t := ix.examples[i].topic
		if i == skip {
			continue
		}
		sums[t] += s
		if s > best[t].Score {
			best[t].Score, best[t].Example = s, ix.examples[i].id
		}
	}
	ranked := make([]Candidate, 0, len(ix.topics))
	for t, c := range best {
		if c.Score <= 0 {
			continue
		}
		c.Topic = ix.topics[t]
		nearest := c.Score
		c.Score = bestShare*nearest + (1-bestShare)*sums[t]/ix.norm(t, skip)
		if t == ix.oos && otherSubject {
			c.Score = math.Max(c.Score, nearest)
		}
		ranked = append(ranked, c)
	}
	slices.SortStableFunc(ranked, func(a, b Candidate) int {
		switch {
		case a.Score > b.Score:
			return -1
		case a.Score < b.Score:
			return 1
		}
		return 0
	})
	return ranked[:min(len(ranked), MaxCandidates)]
}

// norm is the length of topic t's centroid, without example skip when it
// belongs to t: |c - u|² = |c|² - 2 c·u + 1 for a unit vector u.
func (ix *Index) norm(t, skip int) float64 {
	n := ix.centroidNorm[t]
	if skip >= 0 && ix.examples[skip].topic == t {
		n = math.Sqrt(math.Max(n*n-2*ix.selfDot[skip]+1, 1e-12))
	}
	return n
}

// latinHint compares the best Vietnamese and the best English example
// scores, for plain Latin text whose marker words do not decide.
func (ix *Index) latinHint(scores []float64) (string, float64) {
	var vi, en float64
	for i, s := range scores {
		switch ix.examples[i].lang {
		case "vi":
			vi = math.Max(vi, s)
		case "en":
			en = math.Max(en, s)
		}
	}
	switch {
	case vi+en == 0:
		return "vi", 0.5
	case en > vi:
		return "en", en / (vi + en)
	}
	return "vi", vi / (vi + en)
}
