package understand

import "math"

// Feature weights: what one occurrence of each kind of feature counts, before
// the feature's own weight (Index.postings) multiplies it. A Vietnamese word
// is one syllable, so a pair of them is often the word ("hộ chiếu",
// "điện thoại"): bigrams count as much as words. English bigrams say less
// ("apply for", "my phone"): they count 0.7, which the leave-one-out check
// preferred to 0.5 and 1. A single Han or Hangul character says little, a
// pair much more, a triple a little less than a pair (it is rarer, and
// already weighs through its two pairs). Weighing English function words
// ("the", "can", "we", "to", "for", "have", "need", and pairs of them) a half
// or a third of other words was measured and dropped: it gave fourteen
// examples to other topics in the leave-one-out check and cost one or two
// right first topics on three of the four dev sets.
const (
	wordWeight     = 1.0
	bigramWeight   = 1.0
	enBigramWeight = 0.7
	charWeight     = 0.4
	charBiWeight   = 1.0
	charTriWeight  = 0.5
)

// Feature keys start with their kind, so that kinds never collide.
const (
	kindWord   = 'w'
	kindBigram = 'b'
	kindChars  = 'h'
)

// features returns the weighted features of q written in lang: Latin word
// unigrams and bigrams, and the character unigrams, bigrams and trigrams of
// every Han or Hangul run. A feature that occurs n times counts
// weight × (1 + ln n).
func features(q question, lang string) map[string]float64 {
	count := map[string]int{}
	for i, w := range q.words {
		count[string(kindWord)+w]++
		if i > 0 {
			count[string(kindBigram)+q.words[i-1]+" "+w]++
		}
	}
	for _, run := range q.runs {
		rs := []rune(run)
		for i := range rs {
			for n := 1; n <= 3 && i+n <= len(rs); n++ {
				count[string(kindChars)+string(rs[i:i+n])]++
			}
		}
	}
	v := make(map[string]float64, len(count))
	for f, n := range count {
		v[f] = featureWeight(f, lang) * (1 + math.Log(float64(n)))
	}
	return v
}

// featureWeight is the weight of one occurrence of feature f in lang.
func featureWeight(f, lang string) float64 {
	switch f[0] {
	case kindWord:
		return wordWeight
	case kindBigram:
		if lang == "en" {
			return enBigramWeight
		}
		return bigramWeight
	}
	switch len([]rune(f)) - 1 {
	case 1:
		return charWeight
	case 2:
		return charBiWeight
	}
	return charTriWeight
}
