package understand

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/eidbot/eidbot/flows"
)

// TestCheckEmbedded is the leave-one-out check on the real question files:
// every example must come out on its own topic.
func TestCheckEmbedded(t *testing.T) {
	for _, p := range Check(flows.MustLoadEmbeddedTopics()) {
		t.Error(p)
	}
}

func TestCheckReports(t *testing.T) {
	topics := `topics:
  fees:
    description: Fees.
    answer: documents.c1
  where:
    description: Where.
    answer: documents.c1_basis
  out_of_scope:
    description: Not ours.
    answer: none
`
	examples := `fees:
  fees.en.01: "how much does it cost"
  fees.en.02: "is it free"
  fees.en.03: "where do I pay the fee"
where:
  where.en.01: "where do I apply"
  where.en.02: "where is the office"
  where.en.03: "Where is the office?"
out_of_scope:
  out_of_scope.en.01: "weather today"
  out_of_scope.en.02: "!!!"
`
	fsys := fstest.MapFS{
		"questions/topics.yaml": {Data: []byte(topics)},
		"questions/en.yaml":     {Data: []byte(examples)},
	}
	tp, probs := flows.LoadTopics(fsys)
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	var got []string
	for _, p := range Check(tp) {
		got = append(got, p.String())
	}
	want := []string{
		"questions/en.yaml:4: example fees.en.03 matches topic where",
		"questions/en.yaml:8: example where.en.03 reads the same as where.en.02 (questions/en.yaml:7) once normalised",
		"questions/en.yaml:11: example out_of_scope.en.02 has no words the matcher can use",
	}
	for _, w := range want {
		found := false
		for _, g := range got {
			found = found || strings.HasPrefix(g, w)
		}
		if !found {
			t.Errorf("want a problem starting %q, got %q", w, got)
		}
	}
}
