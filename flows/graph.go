package flows

import (
	"fmt"
	"html"
	"io"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"
)

// GraphOptions says in which language Graph words a flow and where it finds
// the texts. The caller passes its message catalogue as a function, so this
// package needs no locale code.
type GraphOptions struct {
	// Lang is the language of every text in the graph: one of
	// GraphLanguages.
	Lang string
	// Text returns message id in lang as a user reads it. Telegram HTML is
	// fine: Graph strips the tags.
	Text func(lang, id string) string
}

// Graph writes flow id of set as a Mermaid flowchart, so that police
// officers and committee members can review the logic without reading
// YAML. Nodes show what the bot says and asks, in the chosen language;
// edges carry the button pressed, the condition met or the outcome an
// action reports. Every way out of every step is drawn: each choice, the
// value a picker offers, typed input and its skip button, each branch arm
// and fallback, each action outcome (on:) and each normal next, including
// the end of the flow. Verdicts are coloured by outcome, and action
// outcomes by a dotted coloured edge.
func Graph(w io.Writer, set *Set, id string, o GraphOptions) error {
	f, ok := set.Flows[id]
	if !ok {
		return fmt.Errorf("no flow %q (have %v)", id, set.FlowOrder)
	}
	wd, ok := vocabulary[o.Lang]
	if !ok {
		return fmt.Errorf("unknown language %q (have %s)", o.Lang, strings.Join(GraphLanguages(), ", "))
	}
	if o.Text == nil {
		return fmt.Errorf("graph: no message catalogue")
	}
	g := &graph{set: set, f: f, lang: o.Lang, text: o.Text, w: wd, external: map[string]string{}}
	return g.write(w)
}

// GraphLanguages lists the languages Graph can word a flow in.
func GraphLanguages() []string { return []string{"vi", "en", "zh", "ko"} }

// words are the few words of the graph itself that no message holds.
type words struct {
	start, end, otherwise, and string
	picked, typed              string // how a picker's and an input's answers are given
	check, system              string // what a branch and an action do
	flow, command              string // where a next: of another flow or a command leads
	workdays                   string // format with the number of working days
	outcomes                   map[string]string
}

var vocabulary = map[string]words{
	"vi": {
		start: "Bắt đầu", end: "Kết thúc", otherwise: "Trường hợp khác", and: "và",
		picked: "👆 Chọn trong danh sách", typed: "✍ Nhập câu trả lời", check: "Xét các câu trả lời",
		system: "Hệ thống xử lý", flow: "Sang mục", command: "Lệnh", workdays: "%s ngày làm việc",
		outcomes: map[string]string{"eligible": "✅ Đủ điều kiện", "not_eligible": "⛔ Không đủ điều kiện",
			"level1_only": "🟡 Chỉ làm được mức độ 1", "fix_first": "🛠 Cần khắc phục trước", "uncertain": "❓ Chưa chắc, cần hỏi cơ quan"},
	},
	"en": {
		start: "Start", end: "End", otherwise: "Otherwise", and: "and",
		picked: "👆 Picked from the list", typed: "✍ Typed answer", check: "Look at the answers",
		system: "The bot acts", flow: "Go to", command: "Command", workdays: "%s working days",
		outcomes: map[string]string{"eligible": "✅ Eligible", "not_eligible": "⛔ Not eligible",
			"level1_only": "🟡 Level 1 only", "fix_first": "🛠 Fix this first", "uncertain": "❓ Not sure: ask the office"},
	},
	"zh": {
		start: "开始", end: "结束", otherwise: "其他情况", and: "且",
		picked: "👆 从列表中选择", typed: "✍ 输入回答", check: "根据回答判断",
		system: "系统处理", flow: "转到", command: "命令", workdays: "%s个工作日",
		outcomes: map[string]string{"eligible": "✅ 符合条件", "not_eligible": "⛔ 不符合条件",
			"level1_only": "🟡 仅限一级", "fix_first": "🛠 需先解决问题", "uncertain": "❓ 尚不确定，请咨询"},
	},
	"ko": {
		start: "시작", end: "종료", otherwise: "그 외", and: "그리고",
		picked: "👆 목록에서 선택", typed: "✍ 답 입력", check: "답변에 따라 판단",
		system: "시스템 처리", flow: "이동", command: "명령", workdays: "근무일 %s일",
		outcomes: map[string]string{"eligible": "✅ 자격 있음", "not_eligible": "⛔ 자격 없음",
			"level1_only": "🟡 1단계만 가능", "fix_first": "🛠 먼저 해결 필요", "uncertain": "❓ 불확실, 문의 필요"},
	},
}

// classDefs colour the nodes by kind, and verdicts by outcome.
const classDefs = `  classDef ask fill:#eef4ff,stroke:#3b6fb6,color:#111
  classDef pick fill:#e3fafc,stroke:#1098ad,color:#111
  classDef branch fill:#fff9db,stroke:#b08900,color:#111
  classDef say fill:#f8f9fa,stroke:#868e96,color:#111
  classDef action fill:#f3e8ff,stroke:#7e3fbf,color:#111
  classDef checklist fill:#e7f5ff,stroke:#1971c2,color:#111
  classDef eligible fill:#d3f9d8,stroke:#2b8a3e,stroke-width:2px,color:#111
  classDef not_eligible fill:#ffe3e3,stroke:#c92a2a,stroke-width:2px,color:#111
  classDef level1_only fill:#fff3bf,stroke:#e67700,stroke-width:2px,color:#111
  classDef fix_first fill:#ffe8cc,stroke:#d9480f,stroke-width:2px,color:#111
  classDef uncertain fill:#e5dbff,stroke:#5f3dc4,stroke-width:2px,color:#111
  classDef flow fill:#e6fcf5,stroke:#0b7285,color:#111
  classDef command fill:#f1f3f5,stroke:#495057,color:#111
  classDef terminal fill:#343a40,stroke:#343a40,color:#fff
`

// outcomeStyle colours the edges of action outcomes (on:).
const outcomeStyle = "stroke:#d9480f,stroke-width:2px,color:#d9480f"

// Node ids: steps are s_<step>; other flows, commands, the start and the end
// have ids no step id can take.
const (
	startNode = "start"
	endNode   = "done"
)

func stepNode(step string) string { return "s_" + step }

type graph struct {
	set      *Set
	f        *Flow
	lang     string
	text     func(lang, id string) string
	w        words
	external map[string]string // node id → definition, of other flows and commands
	extOrder []string
	ends     bool // some edge ends the flow
}

// edge is one way out of a step. An empty to ends the flow.
type edge struct {
	to, label string
	outcome   bool // an action outcome (on:)
}

func (g *graph) write(w io.Writer) error {
	var nodes, links strings.Builder
	var outcomes []string
	n := 0
	link := func(from string, e edge) {
		arrow := "-->"
		if e.outcome {
			arrow = "-.->"
			outcomes = append(outcomes, fmt.Sprint(n))
		}
		if e.label != "" {
			arrow += `|"` + e.label + `"|`
		}
		fmt.Fprintf(&links, "  %s %s %s\n", from, arrow, g.target(e.to))
		n++
	}
	link(startNode, edge{to: g.f.Start})
	for _, id := range g.f.Order {
		s := g.f.Steps[id]
		fmt.Fprintf(&nodes, "  %s%s\n", stepNode(id), g.shape(s))
		for _, e := range g.edges(s) {
			link(stepNode(id), e)
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "flowchart TD\n  %%%% flow %s (%s), language %s\n", g.f.ID, g.f.File, g.lang)
	b.WriteString(classDefs)
	fmt.Fprintf(&b, "  %s((\"%s\")):::terminal\n", startNode, mermaid(g.w.start))
	b.WriteString(nodes.String())
	for _, id := range g.extOrder {
		fmt.Fprintf(&b, "  %s%s\n", id, g.external[id])
	}
	if g.ends {
		fmt.Fprintf(&b, "  %s(((\"%s\"))):::terminal\n", endNode, mermaid(g.w.end))
	}
	b.WriteString(links.String())
	if len(outcomes) > 0 {
		fmt.Fprintf(&b, "  linkStyle %s %s\n", strings.Join(outcomes, ","), outcomeStyle)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// edges lists every way out of step s, as the engine takes them.
func (g *graph) edges(s *Step) []edge {
	var es []edge
	switch {
	case s.Ask != "":
		for _, ch := range s.Choices {
			to := ch.Next
			if to == "" {
				to = s.Next
			}
			es = append(es, edge{to: to, label: g.short(ch.Label, labelRunes)})
		}
		if s.Pick != "" {
			es = append(es, edge{to: s.Next, label: mermaid(g.w.picked)})
		}
		if s.Input != nil {
			es = append(es, edge{to: s.Next, label: mermaid(g.w.typed)})
			if s.Input.Skip != "" {
				es = append(es, edge{to: s.Next, label: g.short(s.Input.Skip, labelRunes)})
			}
		}
	case len(s.Branch) > 0:
		for _, arm := range s.Branch {
			es = append(es, edge{to: arm.Next, label: g.condition(arm.If)})
		}
		if len(s.Branch[len(s.Branch)-1].If) > 0 {
			es = append(es, edge{to: s.Next, label: mermaid(g.w.otherwise)})
		}
	default: // say, verdict, checklist, action
		for _, outcome := range sortedKeys(s.On) {
			es = append(es, edge{to: s.On[outcome], label: mermaid("⚠ " + humanize(outcome)), outcome: true})
		}
		e := edge{to: s.Next}
		if len(s.On) > 0 {
			e.label = mermaid(g.w.otherwise)
		}
		es = append(es, e)
	}
	// A next: no button, input or arm takes is still drawn: the graph shows
	// the file as written.
	if s.Next != "" && !slices.ContainsFunc(es, func(e edge) bool { return e.to == s.Next }) {
		es = append(es, edge{to: s.Next})
	}
	return es
}

// shape is the Mermaid node of step s: its kind picks the shape and the
// class, its texts the label.
func (g *graph) shape(s *Step) string {
	var lines []string
	for _, id := range s.Say {
		lines = append(lines, g.short(id, nodeRunes))
	}
	switch {
	case s.Ask != "":
		lines = append(lines, g.short(s.Ask, nodeRunes))
		class := "ask"
		if s.Pick != "" {
			class = "pick"
		}
		return fmt.Sprintf(`["%s"]:::%s`, strings.Join(lines, "<br/>"), class)
	case len(s.Branch) > 0:
		lines = append(lines, mermaid(g.w.check)+g.questions(s.Branch))
		return fmt.Sprintf(`{"%s"}:::branch`, strings.Join(lines, "<br/>"))
	case s.Verdict != nil:
		v := s.Verdict
		outcome := v.Outcome
		if wd, ok := g.w.outcomes[outcome]; ok {
			lines = append(lines, mermaid(wd))
		} else {
			outcome = "say"
		}
		lines = append(lines, g.short(v.Text, nodeRunes))
		if d := g.days(v); d != "" {
			lines = append(lines, mermaid("⏱ "+d))
		}
		if cl, ok := g.set.Checklists[v.Checklist]; ok {
			lines = append(lines, "📋 "+g.short(cl.Title, nodeRunes))
		}
		if v.LegalRef != "" {
			lines = append(lines, "📜 "+g.short(v.LegalRef, nodeRunes))
		}
		return fmt.Sprintf(`{{"%s"}}:::%s`, strings.Join(lines, "<br/>"), outcome)
	case s.Checklist != "":
		title := mermaid(s.Checklist)
		if cl, ok := g.set.Checklists[s.Checklist]; ok {
			title = g.short(cl.Title, nodeRunes)
		}
		lines = append(lines, "📋 "+title)
		return fmt.Sprintf(`[/"%s"/]:::checklist`, strings.Join(lines, "<br/>"))
	case s.Action != "":
		lines = append(lines, mermaid("⚙ "+g.w.system+": "+humanize(s.Action)))
		return fmt.Sprintf(`[["%s"]]:::action`, strings.Join(lines, "<br/>"))
	default:
		return fmt.Sprintf(`("%s"):::say`, strings.Join(lines, "<br/>"))
	}
}

func (g *graph) days(v *Verdict) string {
	switch {
	case v.Days == 0:
		return ""
	case v.DaysMax > v.Days:
		return fmt.Sprintf(g.w.workdays, fmt.Sprintf("%d–%d", v.Days, v.DaysMax))
	default:
		return fmt.Sprintf(g.w.workdays, fmt.Sprint(v.Days))
	}
}

// condition words a branch arm: each answer it needs is shown as the label
// of the button that gives it, in the order the flow asks; an answer no
// button gives (one an action sets) stays key = value.
func (g *graph) condition(m map[string]string) string {
	if len(m) == 0 {
		return mermaid(g.w.otherwise)
	}
	keys := sortedKeys(m)
	slices.SortStableFunc(keys, func(a, b string) int { return g.askedAt(a) - g.askedAt(b) })
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		if label := g.answerLabel(k, m[k]); label != "" {
			parts = append(parts, g.short(label, labelRunes))
		} else {
			parts = append(parts, mermaid(k+" = "+m[k]))
		}
	}
	return strings.Join(parts, " "+mermaid(g.w.and)+" ")
}

// questions words what a branch looks at: ": " and the questions whose
// answers its arms test, or nothing when no question gives them.
func (g *graph) questions(arms []Case) string {
	var keys, qs []string
	for _, arm := range arms {
		for _, k := range sortedKeys(arm.If) {
			if !slices.Contains(keys, k) {
				keys = append(keys, k)
			}
		}
	}
	slices.SortStableFunc(keys, func(a, b string) int { return g.askedAt(a) - g.askedAt(b) })
	for _, k := range keys {
		if s := g.asking(k); s != nil {
			qs = append(qs, g.short(s.Ask, labelRunes))
		}
	}
	if len(qs) == 0 {
		return ""
	}
	return ":<br/>" + strings.Join(qs, "<br/>")
}

// askedAt is the position in the flow of the first step saving answer key,
// or after every step.
func (g *graph) askedAt(key string) int {
	for i, id := range g.f.Order {
		if g.f.Steps[id].Save == key {
			return i
		}
	}
	return len(g.f.Order)
}

// answerLabel is the message id of the button that saves value under key,
// or "" when no button does.
func (g *graph) answerLabel(key, value string) string {
	var label string
	g.savers(key, func(s *Step) bool {
		for _, ch := range s.Choices {
			if ch.ID == value {
				label = ch.Label
				return true
			}
		}
		return false
	})
	return label
}

// asking is the first step with buttons that saves answer key, or nil.
func (g *graph) asking(key string) *Step {
	var found *Step
	g.savers(key, func(s *Step) bool {
		if s.Ask != "" && len(s.Choices) > 0 {
			found = s
		}
		return found != nil
	})
	return found
}

// savers calls fn with each step that saves answer key, in this flow first,
// then in the others (an answer may come from another flow, as the
// nationality does for the counter flow), until fn returns true.
func (g *graph) savers(key string, fn func(*Step) bool) {
	for _, fid := range append([]string{g.f.ID}, g.set.FlowOrder...) {
		f := g.set.Flows[fid]
		for _, sid := range f.Order {
			if s := f.Steps[sid]; s.Save == key && fn(s) {
				return
			}
		}
	}
}

// target names the node a next: value leads to, defining the nodes of other
// flows, commands and the end on first use.
func (g *graph) target(t string) string {
	switch {
	case t == "":
		g.ends = true
		return endNode
	case strings.HasPrefix(t, "@"):
		id := "flow_" + nodeID(t[1:])
		g.define(id, fmt.Sprintf(`(["%s"]):::flow`, mermaid("↪ "+g.w.flow+": ")+g.flowTitle(t[1:])))
		return id
	case strings.HasPrefix(t, "/"):
		id := "cmd_" + nodeID(t[1:])
		g.define(id, fmt.Sprintf(`(["%s"]):::command`, mermaid("⌨ "+g.w.command+" "+t)))
		return id
	default:
		return stepNode(t)
	}
}

func (g *graph) define(id, def string) {
	if _, ok := g.external[id]; !ok {
		g.external[id] = def
		g.extOrder = append(g.extOrder, id)
	}
}

// flowTitle words another flow: the label of a button of some other flow
// that leads to it (the menu's, usually), else the first thing it says or
// asks, else its id.
func (g *graph) flowTitle(id string) string {
	for _, fid := range g.set.FlowOrder {
		if fid == id {
			continue
		}
		f := g.set.Flows[fid]
		for _, sid := range f.Order {
			for _, ch := range f.Steps[sid].Choices {
				if ch.Next == "@"+id {
					return g.short(ch.Label, labelRunes)
				}
			}
		}
	}
	if f, ok := g.set.Flows[id]; ok {
		if s, ok := f.Steps[f.Start]; ok {
			if s.Ask != "" {
				return g.short(s.Ask, labelRunes)
			}
			if len(s.Say) > 0 {
				return g.short(s.Say[0], labelRunes)
			}
		}
	}
	return mermaid(humanize(id))
}

// How long texts may grow: node texts a line or two, button labels less.
const (
	nodeRunes  = 90
	labelRunes = 48
)

// short renders message id as one short line, ready for a Mermaid label.
func (g *graph) short(id string, max int) string {
	return mermaid(shorten(g.text(g.lang, id), max))
}

var tag = regexp.MustCompile(`<[^>]*>`)

// shorten makes message text fit a diagram: HTML tags go, entities are
// decoded, and the first line is kept, with the last one too when that is
// the question (a long question often opens with a heading and ends with
// the actual question). The result is cut to at most max characters, at a
// space when there is one in the last third, ending in "…".
func shorten(text string, max int) string {
	var lines []string
	for _, l := range strings.Split(text, "\n") {
		if l = strings.Join(strings.Fields(html.UnescapeString(tag.ReplaceAllString(l, ""))), " "); l != "" {
			lines = append(lines, l)
		}
	}
	if len(lines) == 0 {
		return ""
	}
	s := lines[0]
	if last := lines[len(lines)-1]; len(lines) > 1 && isQuestion(last) && !isQuestion(s) {
		s = cut(s, max/2) + " … " + last
	}
	return cut(s, max)
}

func isQuestion(s string) bool {
	return strings.HasSuffix(s, "?") || strings.HasSuffix(s, "？")
}

func cut(s string, max int) string {
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	r := []rune(s)[:max-1]
	if i := lastSpace(r); i > len(r)*2/3 {
		r = r[:i]
	}
	return strings.TrimRight(string(r), " ,;:—-") + "…"
}

func lastSpace(r []rune) int {
	for i := len(r) - 1; i >= 0; i-- {
		if r[i] == ' ' {
			return i
		}
	}
	return -1
}

// mermaidEscapes are the characters a quoted Mermaid label must not hold
// as such: the quote ends it; brackets, braces, parentheses, pipes and
// angle brackets are node and edge syntax or HTML; # starts an entity code;
// a backtick starts a markdown string. Each becomes an entity code, which
// Mermaid shows as the character. Newlines become spaces.
var mermaidEscapes = strings.NewReplacer(
	`#`, "#35;", `"`, "#quot;", `<`, "#lt;", `>`, "#gt;", `|`, "#124;", "`", "#96;",
	`[`, "#91;", `]`, "#93;", `(`, "#40;", `)`, "#41;", `{`, "#123;", `}`, "#125;",
	"\n", " ", "\r", " ", "\t", " ",
)

// mermaid escapes plain text for a quoted Mermaid label.
func mermaid(s string) string { return mermaidEscapes.Replace(s) }

// humanize turns an id such as no_check into words: "no check".
func humanize(id string) string { return strings.ReplaceAll(id, "_", " ") }

// nodeID keeps only what a Mermaid node id may hold.
func nodeID(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_' {
			return r
		}
		return '_'
	}, strings.ToLower(s))
}
