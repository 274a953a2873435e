package plaintext

import "github.com/eidbot/eidbot/bot"

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
