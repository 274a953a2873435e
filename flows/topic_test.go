package flows_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/eidbot/eidbot/flows"
)

const goodTopics = `topics:
  bring:
    description: What to bring.
    answer: {citizen: f.a, foreigner: f.b}
    needs: [who]
  help:
    description: Help.
    answer: /help
  out_of_scope:
    description: Not ours.
    answer: none
`

const goodExamples = `bring:
  bring.en.01: "what do I bring"
help:
  help.en.01: "help me"
out_of_scope:
  out_of_scope.en.01: "weather"
`

// loadTopics loads question files given as name → body under questions/.
func loadTopics(files map[string]string) (*flows.Topics, []string) {
	fsys := fstest.MapFS{}
	for name, body := range files {
		fsys["questions/"+name] = &fstest.MapFile{Data: []byte(body)}
	}
	t, probs := flows.LoadTopics(fsys)
	out := make([]string, len(probs))
	for i, p := range probs {
		out[i] = p.String()
	}
	return t, out
}

func TestLoadTopicsGood(t *testing.T) {
	tp, probs := loadTopics(map[string]string{"topics.yaml": goodTopics, "en.yaml": goodExamples})
	if len(probs) > 0 {
		t.Fatalf("problems: %v", probs)
	}
	if got := strings.Join(tp.Order, ","); got != "bring,help,out_of_scope" {
		t.Errorf("order = %s", got)
	}
	if len(tp.Examples) != 3 || tp.Examples[0].ID != "bring.en.01" || tp.Examples[0].Line != 2 || tp.Examples[0].Lang != "en" {
		t.Errorf("examples = %+v", tp.Examples)
	}
	a := tp.Topics["bring"].Answer
	if got, ok := a.For("foreigner"); !ok || got != "f.b" {
		t.Errorf("bring for foreigner = %q, %v", got, ok)
	}
	if _, ok := a.For("child"); ok {
		t.Error("bring has no answer for a child, For said it has")
	}
	if got, ok := tp.Topics["help"].Answer.For("anyone"); !ok || got != "/help" {
		t.Errorf("help for anyone = %q, %v", got, ok)
	}
}

// TestLoadTopicsProblems checks each structural problem is reported at its
// file and line.
func TestLoadTopicsProblems(t *testing.T) {
	tests := []struct {
		name     string
		topics   string
		examples string
		want     string
	}{
		{"unknown topic", goodTopics, goodExamples + "nope:\n  nope.en.01: x\n", "questions/en.yaml:7: unknown topic \"nope\""},
		{"duplicate id", goodTopics, goodExamples + "  out_of_scope.en.01: again\n", "questions/en.yaml:7: example \"out_of_scope.en.01\" defined twice"},
		{"misnamed id", goodTopics, strings.Replace(goodExamples, "help.en.01", "bring.en.02", 1), "questions/en.yaml:4: example id \"bring.en.02\" must start with \"help.en.\""},
		{"empty text", goodTopics, strings.Replace(goodExamples, `"help me"`, `""`, 1), "questions/en.yaml:4: example \"help.en.01\" has no text"},
		{"no examples", goodTopics, strings.Replace(goodExamples, "help:\n  help.en.01: \"help me\"\n", "", 1), "questions/topics.yaml:6: topic \"help\" has no examples in questions/en.yaml"},
		{"malformed answer", strings.Replace(goodTopics, "/help", "help me", 1), goodExamples, "questions/topics.yaml:8: topic \"help\": malformed answer \"help me\""},
		{"unknown audience", strings.Replace(goodTopics, "foreigner:", "tourist:", 1), goodExamples, "questions/topics.yaml:4: topic \"bring\": unknown audience \"tourist\""},
		{"audience without needs", strings.Replace(goodTopics, "    needs: [who]\n", "", 1), goodExamples, "topic \"bring\": an answer by audience needs `needs: [who]`"},
		{"none for a real topic", strings.Replace(goodTopics, "/help", "none", 1), goodExamples, "topic \"help\": only \"out_of_scope\" may have the answer \"none\""},
		{"no out_of_scope", strings.Replace(goodTopics, "  out_of_scope:\n    description: Not ours.\n    answer: none\n", "", 1), strings.Replace(goodExamples, "out_of_scope:\n  out_of_scope.en.01: \"weather\"\n", "", 1), "no \"out_of_scope\" topic"},
		{"no answer", strings.Replace(goodTopics, "    answer: /help\n", "", 1), goodExamples, "questions/topics.yaml:6: topic \"help\" has no answer"},
		{"unknown key", strings.Replace(goodTopics, "description: Help.", "descripton: Help.", 1), goodExamples, "unknown key \"descripton\""},
		{"unknown small-talk kind", goodTopics + "smalltalk:\n  weather:\n    en: [nice day]\n", goodExamples, "questions/topics.yaml:13: unknown small-talk kind \"weather\""},
		{"small talk in a language without examples", goodTopics + "smalltalk:\n  greeting:\n    fr: [bonjour]\n", goodExamples, "questions/topics.yaml:14: small-talk phrase \"bonjour\": language \"fr\" has no examples file"},
		{"small-talk phrase twice", goodTopics + "smalltalk:\n  greeting:\n    any: [hi]\n  ok:\n    en: [Hi]\n", goodExamples, "questions/topics.yaml:16: small-talk phrase \"Hi\" is already listed (greeting, any)"},
		{"small talk without phrases", goodTopics + "smalltalk:\n  fillers: [so]\n", goodExamples, "questions/topics.yaml:13: smalltalk lists no phrase"},
		{"examples file not a language", goodTopics, goodExamples, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{"topics.yaml": tt.topics, "en.yaml": tt.examples}
			if tt.want == "" {
				files["English.yaml"] = goodExamples
				tt.want = "questions/English.yaml: examples file must be named after a language"
			}
			_, probs := loadTopics(files)
			for _, p := range probs {
				if strings.Contains(p, tt.want) {
					return
				}
			}
			t.Errorf("want a problem containing %q, got %v", tt.want, probs)
		})
	}
}

func TestLoadTopicsSmallTalk(t *testing.T) {
	tp, probs := loadTopics(map[string]string{"en.yaml": goodExamples,
		"topics.yaml": goodTopics + "smalltalk:\n  thanks:\n    en: [thank you]\n    any: [thx]\n  fillers: [so, much]\n"})
	if len(probs) > 0 {
		t.Fatalf("problems: %v", probs)
	}
	want := []flows.Phrase{{Kind: "thanks", Lang: "en", Text: "thank you", Line: 14}, {Kind: "thanks", Lang: "any", Text: "thx", Line: 15}}
	if got := tp.SmallTalk.Phrases; len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("phrases = %+v, want %+v", got, want)
	}
	if got := strings.Join(tp.SmallTalk.Fillers, ","); got != "so,much" {
		t.Errorf("fillers = %s", got)
	}
}

func TestLoadTopicsWithoutTopicsFile(t *testing.T) {
	_, probs := loadTopics(map[string]string{"en.yaml": goodExamples})
	if len(probs) != 1 || !strings.Contains(probs[0], "questions/topics.yaml: missing") {
		t.Errorf("problems = %v", probs)
	}
}

func TestCheckTopicTargets(t *testing.T) {
	set, probs := flows.Load(fstest.MapFS{"f.yaml": &fstest.MapFile{Data: []byte(good)}})
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	topics := strings.NewReplacer("f.b", "f.nope", "/help", `"@g"`).Replace(goodTopics)
	tp, msgs := loadTopics(map[string]string{"topics.yaml": topics, "en.yaml": goodExamples})
	if len(msgs) > 0 {
		t.Fatal(msgs)
	}
	got := flows.CheckTopicTargets(tp, set)
	want := []string{
		`questions/topics.yaml:4: topic "bring": unknown step "nope" in flow "f"`,
		`questions/topics.yaml:8: topic "help": unknown flow "@g"`,
	}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i := range want {
		if got[i].String() != want[i] {
			t.Errorf("problem %d = %q, want %q", i, got[i], want[i])
		}
	}
}

// TestEmbeddedTopics loads the real question files: no structural problem,
// every answer target exists, every topic has examples in the four
// languages, and the flows loader does not read them as flows.
func TestEmbeddedTopics(t *testing.T) {
	tp, probs := flows.LoadTopics(flows.EmbeddedQuestions())
	for _, p := range probs {
		t.Error(p)
	}
	set, probs := flows.Load(flows.Embedded())
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	for _, p := range flows.CheckTopicTargets(tp, set) {
		t.Error(p)
	}
	if got := strings.Join(tp.Languages, ","); got != "en,ko,vi,zh" {
		t.Errorf("languages = %s, want en,ko,vi,zh", got)
	}
	for _, p := range flows.Check(set, fullCatalog{}, flows.CheckOptions{}) {
		if strings.HasPrefix(p.File, "questions") {
			t.Errorf("flows.Check saw a question file: %v", p)
		}
	}
}

// TestEmbeddedExampleCounts keeps the examples plentiful enough to match
// typed questions: at least 15 per topic in Vietnamese, 8 in the other
// languages, and 30 out-of-scope ones in all.
func TestEmbeddedExampleCounts(t *testing.T) {
	tp := flows.MustLoadEmbeddedTopics()
	count := map[string]map[string]int{}
	for _, e := range tp.Examples {
		if count[e.Lang] == nil {
			count[e.Lang] = map[string]int{}
		}
		count[e.Lang][e.Topic]++
	}
	oos := 0
	for _, lang := range tp.Languages {
		min := 8
		if lang == "vi" {
			min = 15
		}
		for _, id := range tp.Order {
			if n := count[lang][id]; n < min {
				t.Errorf("%s: topic %s has %d examples, want at least %d", lang, id, n, min)
			}
		}
		oos += count[lang][flows.OutOfScope]
	}
	if oos < 30 {
		t.Errorf("%d out-of-scope examples, want at least 30", oos)
	}
}
