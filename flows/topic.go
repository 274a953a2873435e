package flows

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

// The question files live in their own folder with their own embed, so that
// Load, which reads the top-level *.yaml flow files, never sees them.
//
//go:embed questions/*.yaml
var questions embed.FS

// EmbeddedQuestions returns the question files compiled into the binary, at
// the paths LoadTopics reads (questions/*.yaml).
func EmbeddedQuestions() fs.FS { return questions }

// OutOfScope is the pseudo-topic of questions the bot cannot answer; its
// examples teach the matcher what lies outside the bot's subject.
const OutOfScope = "out_of_scope"

// NoAnswer is the answer of the out_of_scope pseudo-topic.
const NoAnswer = "none"

// NeedWho is the narrowing question "who needs the account?". A topic whose
// answer depends on the audience lists it in its needs.
const NeedWho = "who"

// Audiences are the keys an audience-dependent answer may use: the answers
// to the narrowing question NeedWho.
var Audiences = []string{"citizen", "foreigner", "child"}

// topicsFile is the name of the file, inside questions/, that defines the
// topics; every other questions/*.yaml holds the examples of one language,
// named after it (vi.yaml, en.yaml, ...).
const topicsFile = "topics.yaml"

// Topic is one kind of typed question the bot can answer, and where.
type Topic struct {
	ID          string
	Description string
	Answer      Answer
	// Needs lists the narrowing questions the engine asks before answering
	// when it does not know their answer yet (NeedWho).
	Needs []string
	File  string
	Line  int
}

// Answer says where the bot's answer to a topic lives. Each target is a flow
// position "flow.step", "@flow" for a flow's start, "/command", or NoAnswer.
type Answer struct {
	// Target is the answer when it does not depend on who asks.
	Target string
	// ByAudience maps each audience (one of Audiences) to its target when
	// the answer depends on who asks; Target is then empty.
	ByAudience map[string]string
	Line       int
}

// For returns the target for audience, or the single Target when the answer
// does not depend on the audience. ok is false when the answer depends on
// the audience and audience is not one of its keys.
func (a Answer) For(audience string) (target string, ok bool) {
	if a.ByAudience == nil {
		return a.Target, true
	}
	target, ok = a.ByAudience[audience]
	return target, ok
}

// Targets returns every target of the answer, audiences in sorted order.
func (a Answer) Targets() []string {
	if a.ByAudience == nil {
		return []string{a.Target}
	}
	out := make([]string, 0, len(a.ByAudience))
	for _, k := range sortedKeys(a.ByAudience) {
		out = append(out, a.ByAudience[k])
	}
	return out
}

// Example is one way a person may type a question of a topic.
type Example struct {
	// ID is stable across edits ("bring.vi.03"), so that logs can cite the
	// example that matched without logging the user's text.
	ID    string
	Topic string
	Lang  string
	Text  string
	File  string
	Line  int
}

// Topics is every topic and every example, loaded once and read-only.
type Topics struct {
	Topics    map[string]*Topic
	Order     []string  // topic ids in file order
	Examples  []Example // by language (sorted), then file order
	Languages []string  // the languages that have an examples file, sorted
	// SmallTalk lists the messages that are not a question (smalltalk.go).
	SmallTalk SmallTalk
}

var (
	langPattern   = regexp.MustCompile(`^[a-z]{2,3}$`)
	targetPattern = regexp.MustCompile(`^(@[a-z0-9][a-z0-9_]*|/[a-z0-9_]+|[a-z0-9][a-z0-9_]*\.[a-z0-9][a-z0-9_]*)$`)
)

// LoadTopics reads questions/topics.yaml and the examples files
// questions/<lang>.yaml from fsys. It returns what it could build and the
// structural problems it met (unknown topics, topics without examples in a
// language, duplicate or misnamed example ids, empty texts, malformed
// answers); a caller must not use the set when problems are reported.
func LoadTopics(fsys fs.FS) (*Topics, []Problem) {
	names, err := fs.Glob(fsys, "questions/*.yaml")
	if err != nil {
		return nil, []Problem{{File: "questions", Msg: err.Error()}}
	}
	sort.Strings(names)
	t := &Topics{Topics: map[string]*Topic{}}
	l := &topicLoader{topics: t, ids: map[string]Example{}, counts: map[string]map[string]int{}}
	defs := path.Join("questions", topicsFile)
	if !slices.Contains(names, defs) {
		return nil, []Problem{{File: defs, Msg: "missing: it defines the topics"}}
	}
	l.read(fsys, defs, l.topicsDoc)
	if _, ok := t.Topics[OutOfScope]; !ok && len(l.probs) == 0 {
		l.add(defs, 0, "no %q topic: the matcher needs it to recognise questions it cannot answer", OutOfScope)
	}
	for _, name := range names {
		if name == defs {
			continue
		}
		lang := strings.TrimSuffix(path.Base(name), ".yaml")
		if !langPattern.MatchString(lang) {
			l.add(name, 0, "examples file must be named after a language (vi.yaml, en.yaml, ...)")
			continue
		}
		t.Languages = append(t.Languages, lang)
		l.counts[lang] = map[string]int{}
		l.read(fsys, name, func(root *yaml.Node) { l.examplesDoc(name, lang, root) })
	}
	l.missing()
	l.smallTalkLanguages(defs)
	return t, l.probs
}

// MustLoadEmbeddedTopics loads the embedded question files and panics on any
// problem. The embedded files are tested, so a failure is a build defect.
func MustLoadEmbeddedTopics() *Topics {
	t, probs := LoadTopics(EmbeddedQuestions())
	if len(probs) > 0 {
		panic(fmt.Sprintf("flows: embedded question files are broken: %v", probs))
	}
	return t
}

// topicLoader collects the topics, examples and problems of one LoadTopics.
type topicLoader struct {
	topics *Topics
	ids    map[string]Example
	counts map[string]map[string]int // lang → topic → examples
	probs  []Problem
}

func (l *topicLoader) add(file string, line int, format string, args ...any) {
	l.probs = append(l.probs, Problem{File: file, Line: line, Msg: fmt.Sprintf(format, args...)})
}

// read parses one file and hands its root mapping to fn.
func (l *topicLoader) read(fsys fs.FS, name string, fn func(root *yaml.Node)) {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		l.add(name, 0, "%v", err)
		return
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		l.add(name, 0, "%v", err)
		return
	}
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		l.add(name, 0, "expected a mapping")
		return
	}
	fn(doc.Content[0])
}

// pairs calls fn for each key and value of mapping n, reporting duplicate keys.
func (l *topicLoader) pairs(file string, n *yaml.Node, what string, fn func(k, v *yaml.Node)) {
	if n.Kind != yaml.MappingNode {
		l.add(file, n.Line, "%s: expected a mapping", what)
		return
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if seen[k.Value] {
			l.add(file, k.Line, "%s %q defined twice", what, k.Value)
			continue
		}
		seen[k.Value] = true
		fn(k, v)
	}
}

// topicsDoc reads topics.yaml: topics: {id: {description, answer, needs}},
// and smalltalk (smalltalk.go).
func (l *topicLoader) topicsDoc(root *yaml.Node) {
	file := path.Join("questions", topicsFile)
	l.pairs(file, root, "key", func(k, v *yaml.Node) {
		switch k.Value {
		case "topics":
			l.pairs(file, v, "topic", func(k, v *yaml.Node) { l.topic(file, k, v) })
		case "smalltalk":
			l.smallTalk(file, v)
		default:
			l.add(file, k.Line, "unknown key %q (allowed: [topics smalltalk])", k.Value)
		}
	})
}

func (l *topicLoader) topic(file string, k, v *yaml.Node) {
	tp := &Topic{ID: k.Value, File: file, Line: k.Line}
	if !idPattern.MatchString(tp.ID) {
		l.add(file, k.Line, "topic id %q must match %s", tp.ID, idPattern)
	}
	var answer *yaml.Node
	l.pairs(file, v, "key", func(key, val *yaml.Node) {
		switch key.Value {
		case "description":
			tp.Description = val.Value
		case "answer":
			answer = val
		case "needs":
			if err := val.Decode(&tp.Needs); err != nil {
				l.add(file, val.Line, "topic %q: needs: %v", tp.ID, err)
			}
		default:
			l.add(file, key.Line, "unknown key %q (allowed: [description answer needs])", key.Value)
		}
	})
	if strings.TrimSpace(tp.Description) == "" {
		l.add(file, k.Line, "topic %q has no description", tp.ID)
	}
	if answer == nil {
		l.add(file, k.Line, "topic %q has no answer", tp.ID)
	} else {
		tp.Answer = l.answer(file, tp, answer)
	}
	l.topics.Topics[tp.ID] = tp
	l.topics.Order = append(l.topics.Order, tp.ID)
}

// answer decodes a scalar target or an audience → target mapping and checks
// its form; CheckTopicTargets checks that the targets exist.
func (l *topicLoader) answer(file string, tp *Topic, n *yaml.Node) Answer {
	a := Answer{Line: n.Line}
	switch n.Kind {
	case yaml.ScalarNode:
		a.Target = n.Value
		l.target(file, n.Line, tp, n.Value)
	case yaml.MappingNode:
		a.ByAudience = map[string]string{}
		l.pairs(file, n, "audience", func(k, v *yaml.Node) {
			if !slices.Contains(Audiences, k.Value) {
				l.add(file, k.Line, "topic %q: unknown audience %q (known: %v)", tp.ID, k.Value, Audiences)
			}
			a.ByAudience[k.Value] = v.Value
			if v.Value == NoAnswer {
				l.add(file, v.Line, "topic %q: an audience's answer cannot be %q", tp.ID, NoAnswer)
				return
			}
			l.target(file, v.Line, tp, v.Value)
		})
	default:
		l.add(file, n.Line, "topic %q: answer must be a target or a mapping of audience to target", tp.ID)
	}
	l.needs(file, n.Line, tp, a)
	return a
}

func (l *topicLoader) target(file string, line int, tp *Topic, target string) {
	switch {
	case target == NoAnswer && tp.ID != OutOfScope:
		l.add(file, line, "topic %q: only %q may have the answer %q", tp.ID, OutOfScope, NoAnswer)
	case target == NoAnswer:
	case tp.ID == OutOfScope:
		l.add(file, line, "topic %q must have the answer %q", OutOfScope, NoAnswer)
	case !targetPattern.MatchString(target):
		l.add(file, line, "topic %q: malformed answer %q (want flow.step, @flow, /command or %s)", tp.ID, target, NoAnswer)
	}
}

// needs checks that an audience-dependent answer says which narrowing
// question decides it, and that nothing else does.
func (l *topicLoader) needs(file string, line int, tp *Topic, a Answer) {
	for _, n := range tp.Needs {
		if n != NeedWho {
			l.add(file, line, "topic %q: unknown narrowing question %q (known: [%s])", tp.ID, n, NeedWho)
		}
	}
	has := slices.Contains(tp.Needs, NeedWho)
	switch {
	case a.ByAudience != nil && !has:
		l.add(file, line, "topic %q: an answer by audience needs `needs: [%s]`", tp.ID, NeedWho)
	case a.ByAudience == nil && has:
		l.add(file, line, "topic %q: needs %q but its answer does not depend on the audience", tp.ID, NeedWho)
	}
}

// examplesDoc reads one language's file: {topic: {example id: text}}.
func (l *topicLoader) examplesDoc(file, lang string, root *yaml.Node) {
	l.pairs(file, root, "topic", func(k, v *yaml.Node) {
		if _, ok := l.topics.Topics[k.Value]; !ok {
			l.add(file, k.Line, "unknown topic %q", k.Value)
			return
		}
		l.pairs(file, v, "example", func(id, text *yaml.Node) { l.example(file, lang, k.Value, id, text) })
	})
}

func (l *topicLoader) example(file, lang, topic string, id, text *yaml.Node) {
	ex := Example{ID: id.Value, Topic: topic, Lang: lang, Text: text.Value, File: file, Line: id.Line}
	if prefix := topic + "." + lang + "."; !strings.HasPrefix(ex.ID, prefix) || len(ex.ID) == len(prefix) {
		l.add(file, id.Line, "example id %q must start with %q and go on with a number or name", ex.ID, prefix)
	}
	if prev, dup := l.ids[ex.ID]; dup {
		l.add(file, id.Line, "example id %q already used at %s:%d", ex.ID, prev.File, prev.Line)
		return
	}
	if text.Kind != yaml.ScalarNode || strings.TrimSpace(text.Value) == "" {
		l.add(file, id.Line, "example %q has no text", ex.ID)
		return
	}
	l.ids[ex.ID] = ex
	l.counts[lang][topic]++
	l.topics.Examples = append(l.topics.Examples, ex)
}

// missing reports each topic that has no example in some language.
func (l *topicLoader) missing() {
	for _, lang := range l.topics.Languages {
		for _, id := range l.topics.Order {
			if l.counts[lang][id] == 0 {
				tp := l.topics.Topics[id]
				l.add(tp.File, tp.Line, "topic %q has no examples in questions/%s.yaml", id, lang)
			}
		}
	}
}

// CheckTopicTargets reports each answer target that names a flow or a step
// that set does not have. Commands ("/name") are accepted as they are: the
// caller, who knows the commands, validates them.
func CheckTopicTargets(t *Topics, set *Set) []Problem {
	var probs []Problem
	for _, id := range t.Order {
		tp := t.Topics[id]
		for _, target := range tp.Answer.Targets() {
			if msg := targetProblem(set, target); msg != "" {
				probs = append(probs, Problem{File: tp.File, Line: tp.Answer.Line, Msg: fmt.Sprintf("topic %q: %s", id, msg)})
			}
		}
	}
	return probs
}

// targetProblem says what is wrong with one answer target, or "".
func targetProblem(set *Set, target string) string {
	switch {
	case target == NoAnswer, strings.HasPrefix(target, "/"):
		return ""
	case strings.HasPrefix(target, "@"):
		if _, ok := set.Flows[target[1:]]; !ok {
			return fmt.Sprintf("unknown flow %q", target)
		}
		return ""
	}
	flow, step, ok := strings.Cut(target, ".")
	f, known := set.Flows[flow]
	switch {
	case !ok:
		return fmt.Sprintf("malformed target %q", target)
	case !known:
		return fmt.Sprintf("unknown flow %q in %q", flow, target)
	case f.Steps[step] == nil:
		return fmt.Sprintf("unknown step %q in flow %q", step, flow)
	}
	return ""
}
