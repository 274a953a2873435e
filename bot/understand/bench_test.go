package understand

import (
	"os"
	"runtime"
	"slices"
	"testing"
	"time"

	"github.com/eidbot/eidbot/flows"
	"gopkg.in/yaml.v3"
)

// benchQuestions is a mixed set of real questions: the developer's dev set
// and the four independently written sets (four languages, in and out of
// scope, one word to a rambling paragraph, with and without diacritics).
func benchQuestions(b *testing.B) []string {
	data, err := os.ReadFile("testdata/dev.yaml")
	if err != nil {
		b.Fatal(err)
	}
	var cases []devCase
	if err := yaml.Unmarshal(data, &cases); err != nil {
		b.Fatal(err)
	}
	qs := make([]string, 0, len(cases))
	for _, c := range cases {
		qs = append(qs, c.Text)
	}
	for _, path := range devSets {
		for _, c := range loadBlind(b, path) {
			qs = append(qs, c.Text)
		}
	}
	return qs
}

// BenchmarkMatch matches the mixed set round-robin; besides ns/op it
// reports the median and 99th-percentile time of one Match.
func BenchmarkMatch(b *testing.B) {
	ix := embeddedIndex(b)
	qs := benchQuestions(b)
	took := make([]time.Duration, 0, b.N)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		start := time.Now()
		ix.Match(qs[i%len(qs)])
		took = append(took, time.Since(start))
	}
	b.StopTimer()
	slices.Sort(took)
	b.ReportMetric(float64(took[len(took)/2].Nanoseconds()), "p50-ns")
	b.ReportMetric(float64(took[len(took)*99/100].Nanoseconds()), "p99-ns")
}

// BenchmarkNew builds the index of the embedded examples and reports the
// heap the index keeps (live bytes after a GC, before and after building).
func BenchmarkNew(b *testing.B) {
	t := flows.MustLoadEmbeddedTopics()
	for b.Loop() {
		New(t)
	}
	b.StopTimer()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	ix := New(t)
	runtime.GC()
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc), "index-bytes")
	b.ReportMetric(float64(len(ix.examples)), "examples")
	b.ReportMetric(float64(len(ix.postings)), "features")
	runtime.KeepAlive(ix)
}

// BenchmarkSmallTalk reads the mixed set and a few greetings as Read does
// first: what recognising small talk adds to every typed question.
func BenchmarkSmallTalk(b *testing.B) {
	ix := embeddedIndex(b)
	qs := append(benchQuestions(b), "xin chào", "dạ em cảm ơn ad nhiều ạ 🙏", "thank you so much!", "好的，谢谢你！", "정말 감사합니다")
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		ix.talk.read(qs[i%len(qs)])
	}
}
