package bot

import "github.com/eidbot/eidbot/flows"

// Commands are the slash commands the engine understands, in the order the
// channel's command menu lists them. Flows may jump to them with "/name".
var Commands = []string{"start", "menu", "help", "myappointment", "subscribe", "unsubscribe", "activated", "language", "cancel", "forget"}

// CommitteeCommands are the commands of committee members and super-admins.
// They are left out of the public command menu but work for those allowed.
var CommitteeCommands = []string{"broadcast", "campaigns", "stats", "register_group", "unregister_group", "grant", "revoke"}

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
	cmds := append(append([]string{}, Commands...), CommitteeCommands...)
	return flows.CheckOptions{Actions: names, Pickers: pick, Commands: cmds, Params: FlowParams}
}
