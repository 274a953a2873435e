package bot

import "github.com/eidbot/eidbot/flows"

// Commands are the slash commands the engine understands, in the order the
// channel's command menu lists them. Flows may jump to them with "/name".
var Commands = []string{"start", "menu", "help", "myappointment", "language", "cancel", "forget"}

// FlowParams are the placeholders the engine fills in for every message a
// flow refers to.
var FlowParams = []string{"Name"}

// CheckOptions tells the flows checker what the Go side provides: the
// registered actions, the commands and the placeholders.
func CheckOptions() flows.CheckOptions {
	names := make([]string, 0, len(actions))
	for name := range actions {
		names = append(names, name)
	}
	pick := make([]string, 0, len(pickers))
	for name := range pickers {
		pick = append(pick, name)
	}
	return flows.CheckOptions{Actions: names, Pickers: pick, Commands: Commands, Params: FlowParams}
}
