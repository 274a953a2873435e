package plaintext

import (
	"context"
	"fmt"

	"github.com/eidbot/eidbot/bot"
)

// Links keeps the buttons of rows that open a URL: what a message sent
// outside a turn (a reminder, a notice) can still offer on a text channel,
// where a numbered data button would answer the person's last question
// instead.
func Links(rows [][]bot.Button) [][]bot.Button {
	var out [][]bot.Button
	for _, row := range rows {
		var kept []bot.Button
		for _, b := range row {
			if b.URL != "" {
				kept = append(kept, b)
			}
		}
		if kept != nil {
			out = append(out, kept)
		}
	}
	return out
}

// DocumentLinks stores, with link, the documents replies carry (a
// booking's .ics) and returns their URLs by document name, for
// Options.FileURL. Without link, it stores nothing and returns no URL.
func DocumentLinks(ctx context.Context, chat bot.Chat, replies []bot.Reply,
	link func(ctx context.Context, chat bot.Chat, d bot.Document) (string, error)) (map[string]string, error) {
	links := map[string]string{}
	for _, r := range replies {
		if r.Kind != bot.ReplyDocument || r.Document == nil || link == nil {
			continue
		}
		u, err := link(ctx, chat, *r.Document)
		if err != nil {
			return nil, fmt.Errorf("a link to %s: %w", r.Document.Name, err)
		}
		links[r.Document.Name] = u
	}
	return links, nil
}
