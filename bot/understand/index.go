package understand

import (
	"math"
	"slices"
	"sync"

	"github.com/eidbot/eidbot/flows"
)

// Index holds every example of every topic as a weighted feature vector,
// with an inverted list per feature. It is built once by New and never
// changed, so one Index may serve any number of goroutines.
type Index struct {
	topics   []string // topic ids, in the order of flows.Topics.Order
	oos      int      // position of flows.OutOfScope in topics, or -1
	examples []example
	postings map[string]postingList
	// centroidNorm is the length of each topic's centroid, the sum of its
	// examples' unit vectors; selfDot is each example's dot product with
	// its topic's centroid. Together they give the cosine to a centroid
	// with one example left out, for Check.
	centroidNorm []float64
	selfDot      []float64
	// unknownWeight weighs a question's feature that no example has, as if
	// one example in one topic had it: words the bot has never seen make a
	// question less like every example, which is how an off-subject
	// question scores low.
	unknownWeight float64
	// offTopic holds the features that name another subject: those that
	// at least offTopicMin out-of-scope examples have and no example of a
	// real topic has ("giấy phép lao động", "work permit", "考驾照",
	// "노동허가"). See Index.rank and Index.decide.
	offTopic map[string]bool
	// typos corrects the slips in words the examples do not have.
	typos *typos
	// talk recognises the messages that are small talk, not a question.
	talk *smallTalk
	// scratch holds per-example score buffers for Match to reuse, so that a
	// question does not allocate one score per example.
	scratch sync.Pool
}

// offTopicMin is how many out-of-scope examples must share a feature, and
// no real topic's example have it, for it to name another subject. One or
// two such examples are as often a chance pair of words ("lại ở", "cấp
// hộ") as a subject; from 3 on the features are the subjects' own words.
// 2 turned one more right answer of the independently written sets into an
// offer; 4 left three out-of-scope examples on a real topic in the
// leave-one-out check.
const offTopicMin = 3

// example is one example as the index knows it.
type example struct {
	id    string
	topic int // position in Index.topics
	lang  string
}

// postingList is the examples that have a feature, with the feature's
// weight.
type postingList struct {
	weight float64
	list   []posting
}

// posting is one example's normalised weight for a feature.
type posting struct {
	ex int32
	w  float32
}

// New builds the index of every example in t. t must have passed
// flows.LoadTopics without problems, so that every example's topic exists.
func New(t *flows.Topics) *Index {
	ix := &Index{topics: slices.Clone(t.Order), oos: -1, postings: map[string]postingList{}, offTopic: map[string]bool{}}
	pos := map[string]int{}
	for i, id := range ix.topics {
		pos[id] = i
		if id == flows.OutOfScope {
			ix.oos = i
		}
	}
	vecs := make([]map[string]float64, len(t.Examples))
	texts := make([]string, len(t.Examples))
	for i, e := range t.Examples {
		texts[i] = e.Text
		ix.examples = append(ix.examples, example{id: e.ID, topic: pos[e.Topic], lang: e.Lang})
		vecs[i] = features(parse(e.Text), e.Lang)
	}
	ix.weigh(vecs)
	ix.otherSubjects(vecs)
	for i, v := range vecs {
		ix.add(int32(i), v)
	}
	ix.centroids(vecs)
	ix.typos = newTypos(texts)
	ix.talk = newSmallTalk(t.SmallTalk)
	n := len(ix.examples)
	ix.scratch.New = func() any { s := make([]float64, n); return &s }
	return ix
}

// weigh sets each feature's weight from the examples that have it, and
// unknownWeight.
func (ix *Index) weigh(vecs []map[string]float64) {
	size := make([]float64, len(ix.topics))
	perTopic := map[string][]float64{}
	for i, v := range vecs {
		t := ix.examples[i].topic
		size[t]++
		for f := range v {
			if perTopic[f] == nil {
				perTopic[f] = make([]float64, len(ix.topics))
			}
			perTopic[f][t]++
		}
	}
	n := float64(len(vecs))
	for f, counts := range perTopic {
		ix.postings[f] = postingList{weight: featureSpread(counts, size, n)}
	}
	one := make([]float64, len(ix.topics))
	one[0] = 1
	ix.unknownWeight = featureSpread(one, size, n)
}

// otherSubjects fills offTopic: the features that at least offTopicMin
// out-of-scope examples have and no real topic's example has.
func (ix *Index) otherSubjects(vecs []map[string]float64) {
	if ix.oos < 0 {
		return
	}
	out, real := map[string]int{}, map[string]bool{}
	for i, v := range vecs {
		for f := range v {
			if ix.examples[i].topic == ix.oos {
				out[f]++
			} else {
				real[f] = true
			}
		}
	}
	for f, n := range out {
		if n >= offTopicMin && !real[f] {
			ix.offTopic[f] = true
		}
	}
}

// add appends example ex's normalised weighted vector to the postings,
// leaving the weighted (not yet normalised) vector in v.
func (ix *Index) add(ex int32, v map[string]float64) {
	var norm float64
	for f, w := range v {
		w *= ix.postings[f].weight
		v[f] = w
		norm += w * w
	}
	norm = math.Sqrt(norm)
	if norm == 0 {
		return
	}
	for _, f := range sortedFeatures(v) {
		p := ix.postings[f]
		p.list = append(p.list, posting{ex: ex, w: float32(v[f] / norm)})
		ix.postings[f] = p
	}
}

// centroids computes centroidNorm and selfDot from the weighted vectors.
func (ix *Index) centroids(vecs []map[string]float64) {
	sums := make([]map[string]float64, len(ix.topics))
	for i := range sums {
		sums[i] = map[string]float64{}
	}
	unit := make([]map[string]float64, len(vecs))
	for i, v := range vecs {
		unit[i] = normalised(v)
		for f, w := range unit[i] {
			sums[ix.examples[i].topic][f] += w
		}
	}
	ix.centroidNorm = make([]float64, len(ix.topics))
	for t, c := range sums {
		ix.centroidNorm[t] = math.Sqrt(dot(c, c))
	}
	ix.selfDot = make([]float64, len(vecs))
	for i, u := range unit {
		ix.selfDot[i] = dot(u, sums[ix.examples[i].topic])
	}
}

// normalised returns v scaled to length 1 (empty if v is zero).
func normalised(v map[string]float64) map[string]float64 {
	n := math.Sqrt(dot(v, v))
	u := make(map[string]float64, len(v))
	if n == 0 {
		return u
	}
	for f, w := range v {
		u[f] = w / n
	}
	return u
}

// dot is the dot product of a and b, summed in key order so that it is
// the same on every run.
func dot(a, b map[string]float64) float64 {
	var s float64
	for _, f := range sortedFeatures(a) {
		s += a[f] * b[f]
	}
	return s
}

// sortedFeatures returns the keys of v in order.
func sortedFeatures(v map[string]float64) []string {
	ks := make([]string, 0, len(v))
	for k := range v {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}
