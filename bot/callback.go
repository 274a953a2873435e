package bot

import (
	"strings"

	"github.com/eidbot/eidbot/flows"
)

// Callback data layouts. Every inline button carries one of these, at most
// 64 bytes; flows.Check proves that flow choices fit.
//
//	a|flow|step|choice  answer a question
//	p|flow|step|value   pick a value a picker offered (a point, a day, a time)
//	k|flow|step         skip an optional typed input
//	b|flow|step         go back from a question
//	m                   main menu
//	l|lang              switch language
//	r|y, r|n            resume the paused check, or start it over
//	f|y, f|n            confirm or abort /forget
//	n                   a button that was already pressed
//	v|flow|step         show the legal basis of a verdict (flows.LegalData)
//
// Features register kinds of their own (Registry.Callback).
const (
	cbAnswer   = "a"
	cbPick     = "p"
	cbSkip     = "k"
	cbBack     = "b"
	cbMenu     = "m"
	cbLanguage = "l"
	cbResume   = "r"
	cbForget   = "f"
	cbNoop     = "n"
	cbLegal    = "v"
)

// callback is decoded button data.
type callback struct {
	kind string
	args []string
}

func parseCallback(data string) callback {
	parts := strings.Split(data, "|")
	return callback{kind: parts[0], args: parts[1:]}
}

// at reports whether a button's args ("flow", "step", …) belong to the
// given step; buttons from any other step are stale.
func at(args []string, p Position) bool {
	return len(args) >= 2 && args[0] == p.Flow && args[1] == p.Step
}

func answerData(flow, step, choice string) string { return flows.CallbackData(flow, step, choice) }

func stepData(kind string, p Position) string { return kind + "|" + p.Flow + "|" + p.Step }
