package bot

// Action is logic a flow cannot express as data. It runs inside Step, so it
// must be pure: it reads and changes the turn's session and adds replies.
type Action func(t *turn)

// actions are the named actions flows may call with "action: name".
var actions = map[string]Action{
	"case_summary": (*turn).caseSummary,
}
