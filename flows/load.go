package flows

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"sort"

	"gopkg.in/yaml.v3"
)

//go:embed *.yaml
var embedded embed.FS

// Embedded returns the flow files compiled into the binary.
func Embedded() fs.FS { return embedded }

// Load reads every *.yaml file at the top of fsys. It returns the set it could
// build and the syntax and structure problems it met; a caller must not use
// the set when problems are reported.
func Load(fsys fs.FS) (*Set, []Problem) {
	names, err := fs.Glob(fsys, "*.yaml")
	if err != nil {
		return nil, []Problem{{File: ".", Msg: err.Error()}}
	}
	sort.Strings(names)
	set := &Set{Flows: map[string]*Flow{}, Checklists: map[string]*Checklist{}}
	var probs []Problem
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			probs = append(probs, Problem{File: name, Msg: err.Error()})
			continue
		}
		probs = append(probs, loadFile(set, path.Base(name), data)...)
	}
	return set, probs
}

// MustLoadEmbedded loads and checks the structure of the embedded flows and
// panics on any problem. The embedded files are tested, so a failure here is
// a build defect, not bad input.
func MustLoadEmbedded() *Set {
	set, probs := Load(Embedded())
	if len(probs) > 0 {
		panic(fmt.Sprintf("flows: embedded files are broken: %v", probs))
	}
	return set
}

// file is the top-level shape of one flow file.
type file struct {
	Flow       string    `yaml:"flow"`
	Start      string    `yaml:"start"`
	Resumable  bool      `yaml:"resumable"`
	Steps      yaml.Node `yaml:"steps"`
	Checklists yaml.Node `yaml:"checklists"`
}

func loadFile(set *Set, name string, data []byte) []Problem {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return []Problem{{File: name, Msg: err.Error()}}
	}
	if len(doc.Content) == 0 {
		return []Problem{{File: name, Msg: "empty file"}}
	}
	root := doc.Content[0]
	p := &parser{file: name}
	p.keys(root, "flow", "start", "resumable", "steps", "checklists")
	var f file
	if err := root.Decode(&f); err != nil {
		return append(p.probs, Problem{File: name, Line: root.Line, Msg: err.Error()})
	}
	if f.Flow != "" {
		p.flow(set, root, &f)
	} else if f.Steps.Kind != 0 {
		p.add(root.Line, "steps without a flow: name")
	}
	if f.Checklists.Kind != 0 {
		p.checklists(set, &f.Checklists)
	}
	return p.probs
}

// parser collects problems for one file.
type parser struct {
	file  string
	probs []Problem
}

func (p *parser) add(line int, format string, args ...any) {
	p.probs = append(p.probs, Problem{File: p.file, Line: line, Msg: fmt.Sprintf(format, args...)})
}

// keys reports mapping keys of n that are not among allowed: a typo in a flow
// file must not be ignored silently.
func (p *parser) keys(n *yaml.Node, allowed ...string) {
	if n.Kind != yaml.MappingNode {
		p.add(n.Line, "expected a mapping")
		return
	}
	for i := 0; i < len(n.Content); i += 2 {
		if k := n.Content[i]; !slices.Contains(allowed, k.Value) {
			p.add(k.Line, "unknown key %q (allowed: %v)", k.Value, allowed)
		}
	}
}

func (p *parser) flow(set *Set, root *yaml.Node, f *file) {
	if _, dup := set.Flows[f.Flow]; dup {
		p.add(root.Line, "flow %q defined twice", f.Flow)
		return
	}
	fl := &Flow{ID: f.Flow, Start: f.Start, Resumable: f.Resumable, Steps: map[string]*Step{}, File: p.file, Line: root.Line}
	if f.Steps.Kind != yaml.MappingNode {
		p.add(root.Line, "flow %q needs a steps: mapping", f.Flow)
		return
	}
	for i := 0; i < len(f.Steps.Content); i += 2 {
		k, v := f.Steps.Content[i], f.Steps.Content[i+1]
		if _, dup := fl.Steps[k.Value]; dup {
			p.add(k.Line, "step %q defined twice", k.Value)
			continue
		}
		if st := p.step(k, v); st != nil {
			fl.Steps[st.ID] = st
			fl.Order = append(fl.Order, st.ID)
		}
	}
	set.Flows[fl.ID] = fl
	set.FlowOrder = append(set.FlowOrder, fl.ID)
}

func (p *parser) step(k, v *yaml.Node) *Step {
	p.keys(v, "say", "ask", "save", "choices", "input", "pick", "branch", "verdict", "checklist", "action", "on", "next")
	st := &Step{ID: k.Value, File: p.file, Line: k.Line}
	if err := v.Decode(st); err != nil {
		p.add(v.Line, "step %q: %v", k.Value, err)
		return nil
	}
	st.ID, st.File, st.Line = k.Value, p.file, k.Line
	p.lines(v, "choices", func(i int, n *yaml.Node) {
		p.keys(n, "id", "label", "next")
		st.Choices[i].Line = n.Line
	})
	p.lines(v, "branch", func(i int, n *yaml.Node) {
		p.keys(n, "if", "next")
		st.Branch[i].Line = n.Line
	})
	if in := child(v, "input"); in != nil {
		p.keys(in, "kind", "min", "max", "invalid", "skip")
	}
	if vd := child(v, "verdict"); vd != nil {
		p.keys(vd, "outcome", "text", "checklist", "days", "days_max", "legal_ref", "source", "checked_on")
	}
	return st
}

// lines calls fn with the node of each item of the sequence under key.
func (p *parser) lines(v *yaml.Node, key string, fn func(int, *yaml.Node)) {
	if seq := child(v, key); seq != nil && seq.Kind == yaml.SequenceNode {
		for i, n := range seq.Content {
			fn(i, n)
		}
	}
}

func (p *parser) checklists(set *Set, n *yaml.Node) {
	if n.Kind != yaml.MappingNode {
		p.add(n.Line, "checklists: expected a mapping")
		return
	}
	for i := 0; i < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		p.keys(v, "title", "items", "note")
		c := &Checklist{}
		if err := v.Decode(c); err != nil {
			p.add(v.Line, "checklist %q: %v", k.Value, err)
			continue
		}
		c.ID, c.File, c.Line = k.Value, p.file, k.Line
		if _, dup := set.Checklists[c.ID]; dup {
			p.add(k.Line, "checklist %q defined twice", c.ID)
			continue
		}
		set.Checklists[c.ID] = c
	}
}

// child returns the value under key of mapping n, or nil.
func child(n *yaml.Node, key string) *yaml.Node {
	if n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}
