package main

import (
	"fmt"
	"io/fs"
	"slices"
	"strings"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/bot/understand"
	"github.com/eidbot/eidbot/flows"
	"github.com/eidbot/eidbot/internal/i18n"
)

// checkTopics validates the typed-question files of fsys (questions/*.yaml)
// as the engine uses them: their structure (flows.LoadTopics: unknown
// topics and audiences, missing examples), that every answer target
// exists (a flow step, a flow, a registered command), that every topic has
// its button label (ask.topic.<id>) in every language, and that every
// example matches its own topic best (understand.Check).
func checkTopics(fsys fs.FS, set *flows.Set, cat *i18n.Catalog, commands []string) []flows.Problem {
	topics, probs := flows.LoadTopics(fsys)
	if len(probs) > 0 {
		return probs
	}
	probs = flows.CheckTopicTargets(topics, set)
	for _, id := range topics.Order {
		tp := topics.Topics[id]
		for _, target := range tp.Answer.Targets() {
			if name, ok := strings.CutPrefix(target, "/"); ok && !slices.Contains(commands, name) {
				probs = append(probs, flows.Problem{File: tp.File, Line: tp.Answer.Line,
					Msg: fmt.Sprintf("topic %q: unknown command %q", id, target)})
			}
		}
		if id == flows.OutOfScope {
			continue
		}
		for _, lang := range bot.Languages {
			if label := "ask.topic." + id; !cat.Has(lang, label) {
				probs = append(probs, flows.Problem{File: tp.File, Line: tp.Line,
					Msg: fmt.Sprintf("topic %q has no button label %s in locales/%s.yaml", id, label, lang)})
			}
		}
	}
	return append(probs, understand.Check(topics)...)
}
