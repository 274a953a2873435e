// Package flows holds eidbot's conversations as YAML data (embedded in the
// binary) and the Go code that loads, validates and draws them. A flow is a
// set of named steps; each step says something, asks something, branches on
// earlier answers, gives a verdict or a checklist, or calls a named action.
// Steps refer to message IDs of the locale files, never to text.
package flows

// Set is every flow and checklist of the bot, loaded and indexed.
type Set struct {
	Flows      map[string]*Flow
	Checklists map[string]*Checklist
	FlowOrder  []string // flow ids in file order
}

// Flow is one conversation: a start step and the steps it can reach.
type Flow struct {
	ID        string
	Start     string
	Resumable bool // an unfinished run is offered to be continued
	Steps     map[string]*Step
	Order     []string // step ids in file order
	File      string
	Line      int
}

// Step is one node of a flow. Exactly one of Ask, Branch, Verdict, Checklist
// or Action is its main part; Say messages are shown before it. An Ask is
// answered with Choices, typed Input, or a Pick.
type Step struct {
	ID   string
	File string
	Line int

	Say []string `yaml:"say"`

	Ask     string   `yaml:"ask"`  // question message id
	Save    string   `yaml:"save"` // answer key the reply is stored under
	Choices []Choice `yaml:"choices"`
	Input   *Input   `yaml:"input"`
	// Pick names a Go picker that offers buttons computed at run time (the
	// reception points, the free days, the free times); Choices then add
	// fixed buttons below them.
	Pick string `yaml:"pick"`

	Branch    []Case   `yaml:"branch"`
	Verdict   *Verdict `yaml:"verdict"`
	Checklist string   `yaml:"checklist"` // checklist id to show
	Action    string   `yaml:"action"`    // named Go action to run
	// On maps the outcomes an action reports to where they lead; an action
	// that reports no outcome continues to Next.
	On map[string]string `yaml:"on"`

	// Next is where to go after this step: a step id of the same flow,
	// "@flow" for another flow's start, or "/command". Empty ends the flow.
	Next string `yaml:"next"`
}

// Choice is one button of an Ask step.
type Choice struct {
	ID    string `yaml:"id"`    // stored as the answer; part of the callback data
	Label string `yaml:"label"` // message id of the button text
	Next  string `yaml:"next"`  // overrides the step's Next
	Line  int    `yaml:"-"`
}

// Input is typed input expected by an Ask step instead of buttons.
type Input struct {
	Kind    string `yaml:"kind"`    // one of InputKinds
	Min     int    `yaml:"min"`     // bounds: length for text, value for number
	Max     int    `yaml:"max"`     //
	Invalid string `yaml:"invalid"` // message id of the re-prompt
	Skip    string `yaml:"skip"`    // optional: label id of a "skip" button
}

// InputKinds are the typed inputs the engine knows how to validate. A
// "name" is a person's name in any script; a "latin_name" is a name as a
// passport prints it, in Latin letters only (SOURCES.md §4.8).
var InputKinds = []string{"text", "name", "latin_name", "number", "phone", "email", "date", "hours", "datetime"}

// Case is one arm of a Branch: when every key in If equals its value in the
// answers, go to Next. An empty If always matches and must come last.
type Case struct {
	If   map[string]string `yaml:"if"`
	Next string            `yaml:"next"`
	Line int               `yaml:"-"`
}

// Verdict is an eligibility decision shown to the user with its legal basis.
type Verdict struct {
	Outcome   string `yaml:"outcome"`    // one of Outcomes
	Text      string `yaml:"text"`       // message id
	Checklist string `yaml:"checklist"`  // optional checklist id
	Days      int    `yaml:"days"`       // working days, 0 if not applicable
	DaysMax   int    `yaml:"days_max"`   // upper bound when it may take longer
	LegalRef  string `yaml:"legal_ref"`  // message id naming the legal basis
	Source    string `yaml:"source"`     // URL of the source the fact was checked in
	CheckedOn string `yaml:"checked_on"` // YYYY-MM-DD
}

// Outcomes are the verdict outcomes the engine records in a case file.
// "uncertain" is for a rule that may have changed: the reader is sent to
// the office to ask, never told a flat no.
var Outcomes = []string{"eligible", "not_eligible", "level1_only", "fix_first", "uncertain"}

// Checklist is a list of things to bring, with a title.
type Checklist struct {
	ID    string
	Title string   `yaml:"title"` // message id
	Items []string `yaml:"items"` // message ids, one per line
	Note  string   `yaml:"note"`  // optional message id shown below the items
	File  string
	Line  int
}
