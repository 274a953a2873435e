package bot

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/eidbot/eidbot/flows"
)

// Feature is a part of the bot beyond the core dialogue: appointments,
// committees. The program builds each feature from its own configuration
// and hands it to NewEngine (Config.Features), which calls Register once.
type Feature interface {
	// Register adds the feature's commands, callbacks, deep links,
	// actions, pickers, queries and effects to r. It only declares them:
	// it must not call what it registers.
	Register(r *Registry)
}

// Registry is the table of what an engine can do: the core's commands,
// callbacks, actions and effects, and those each feature registered. It is
// filled while the engine is built and only read afterwards. Registering a
// name twice is a programming error and panics, as http.ServeMux does.
type Registry struct {
	engine    *Engine
	commands  map[string]Command
	callbacks map[string]Callback
	actions   map[string]Action
	pickers   map[string]Picker
	queries   map[string]bool
	effects   map[EffectKind][]EffectFunc
	links     map[string]string
	prefixes  map[string]func(t Turn, rest string)
	guards    map[string]func(t Turn) bool
	reached   []func(t Turn, stage, point string)
}

// NewRegistry returns the core's table together with the features', for
// what needs the names only: checking flow files (CheckOptions) and setting
// a channel's command menu (Menu). It builds no engine, so Engine is nil
// and nothing registered may run.
func NewRegistry(features ...Feature) *Registry { return newRegistry(nil, features) }

func newRegistry(e *Engine, features []Feature) *Registry {
	r := &Registry{
		engine: e, commands: map[string]Command{}, callbacks: map[string]Callback{},
		actions: map[string]Action{}, pickers: map[string]Picker{}, queries: map[string]bool{},
		effects: map[EffectKind][]EffectFunc{}, links: map[string]string{},
		prefixes: map[string]func(Turn, string){}, guards: map[string]func(Turn) bool{},
	}
	registerCore(r)
	for _, f := range features {
		f.Register(r)
	}
	return r
}

// Engine is the engine the table is built for, which a feature keeps for
// its work outside a turn (sending reminders, rendering notices); nil for a
// registry made by NewRegistry.
func (r *Registry) Engine() *Engine { return r.engine }

// Command is how a slash command is handled.
type Command struct {
	// Private runs the command in a private chat; nil makes it unknown
	// there. payload is what follows the command, trimmed.
	Private func(t Turn, payload string)
	// Group runs it in a group chat, when addressed to the bot; nil
	// answers with the general guidance and a link to a private chat.
	Group func(t Turn, payload string)
	// Menu places the command in the channel's command menu, by ascending
	// Menu; 0 leaves it out (committee tools work for those allowed, but
	// are not advertised).
	Menu int
}

// Callback is how a button whose callback data starts with a kind ("ca"
// in "ca|17") is handled. args are the fields after the kind.
type Callback struct {
	// Private handles a press in a private chat; nil treats the button
	// as stale.
	Private func(t Turn, args []string)
	// Group handles a press in a group chat; nil answers that the button
	// works in a private chat only.
	Group func(t Turn, args []string)
}

// Action is logic a flow cannot express as data ("action: name"). It runs
// inside Step, so it must be pure: it reads and changes the session through
// t, says things, and asks for outside state with Ask. It returns an
// outcome: "" to go on to the step's next, a name the step maps with on:,
// or Stop when it has said all there is (or waits for a fact).
type Action func(t Turn) string

// Stop is the outcome of an action after which the turn ends where it is.
const Stop = "stop"

// Option is one button a picker offers.
type Option struct {
	ID    string // saved as the answer and carried in the callback data
	Label string
}

// Picker computes the buttons of a "pick: name" step at run time (the
// reception points, the free days), from data loaded at start and facts.
type Picker struct {
	// Options returns the buttons; ok=false means it asked for a fact and
	// Step runs again with it.
	Options func(t Turn) (opts []Option, ok bool)
	// Location, if set, takes a location shared while the step is asked:
	// it records what Options needs, and the step is asked again.
	Location func(t Turn, l Location)
	// LocationHint is a message said under the question on channels that
	// let people share a location (Caps.ShareLocation).
	LocationHint string
}

// EffectFunc carries out an effect on the session about to be committed.
type EffectFunc func(ctx context.Context, s *Session, ef Effect) error

// claim panics when name is taken in a table: two handlers for one name
// would make the first one silently dead.
func claim[V any](table map[string]V, what, name string) {
	if _, dup := table[name]; dup || name == "" {
		panic(fmt.Sprintf("bot: %s %q registered twice (or empty)", what, name))
	}
}

// Command registers a slash command.
func (r *Registry) Command(name string, c Command) {
	claim(r.commands, "command", name)
	r.commands[name] = c
}

// Callback registers the buttons whose callback data starts with kind.
func (r *Registry) Callback(kind string, c Callback) {
	claim(r.callbacks, "callback", kind)
	r.callbacks[kind] = c
}

// Action registers an action flows call with "action: name".
func (r *Registry) Action(name string, a Action) {
	claim(r.actions, "action", name)
	r.actions[name] = a
}

// Picker registers a picker flows use with "pick: name".
func (r *Registry) Picker(name string, p Picker) {
	claim(r.pickers, "picker", name)
	r.pickers[name] = p
}

// Link starts flow when a private chat opens with /start payload, as a
// link t.me/<bot>?start=payload does.
func (r *Registry) Link(payload, flow string) {
	claim(r.links, "deep link", payload)
	r.links[payload] = flow
}

// LinkPrefix runs h for a /start payload that begins with prefix, with the
// rest of it: a QR code on a poster opens "point_<id>".
func (r *Registry) LinkPrefix(prefix string, h func(t Turn, rest string)) {
	claim(r.prefixes, "deep link prefix", prefix)
	r.prefixes[prefix] = h
}

// Guard runs g before every answer, button press or text in a private chat
// that rests in flow (commands leave a flow and are not guarded); when g
// returns false, the update ends there. A flow whose every step needs a
// right that may be withdrawn meanwhile (a committee role) guards itself.
func (r *Registry) Guard(flow string, g func(t Turn) bool) {
	claim(r.guards, "guard", flow)
	r.guards[flow] = g
}

// Effect registers fn for effects of kind. Several features may act on one
// kind (a group's migration moves its session and its registration); they
// run in the order registered, the core's first.
func (r *Registry) Effect(kind EffectKind, fn EffectFunc) {
	r.effects[kind] = append(r.effects[kind], fn)
}

// Reached registers fn to hear of every person who reaches a stage on the
// way to an activated account (Turn.Reached), e.g. to count them.
func (r *Registry) Reached(fn func(t Turn, stage, point string)) {
	r.reached = append(r.reached, fn)
}

// query registers a query name; see NewQuery.
func (r *Registry) query(name string) {
	claim(r.queries, "query", name)
	r.queries[name] = true
}

// CheckOptions tells the flows checker what the Go side provides: the
// registered actions, pickers and commands, and the placeholders the
// engine fills in for every flow message.
func (r *Registry) CheckOptions() flows.CheckOptions {
	return flows.CheckOptions{
		Actions:  slices.Sorted(maps.Keys(r.actions)),
		Pickers:  slices.Sorted(maps.Keys(r.pickers)),
		Commands: slices.Sorted(maps.Keys(r.commands)),
		Params:   []string{"Name"},
	}
}

// Menu lists the commands of the channel's command menu, in menu order.
func (r *Registry) Menu() []string {
	var names []string
	for name, c := range r.commands {
		if c.Menu > 0 {
			names = append(names, name)
		}
	}
	slices.SortFunc(names, func(a, b string) int { return cmp.Compare(r.commands[a].Menu, r.commands[b].Menu) })
	return names
}
