package webchat

import (
	"fmt"

	"github.com/eidbot/eidbot/bot"
)

// event is one thing the browser shows, as it goes down the stream (the
// store adds "id" and "msg"). Text fields named html hold the bot's
// formatting (Telegram's subset: b, i, u, s, code, pre, a href), with
// everything a person typed already escaped by the engine; the browser
// still rebuilds it from an allow-list rather than trusting it. The other
// text fields are plain text.
type event struct {
	Type    string     `json:"type"` // message, edit, venue, file, notice, clear
	Lang    string     `json:"lang,omitempty"`
	HTML    string     `json:"html,omitempty"`
	Buttons [][]button `json:"buttons,omitempty"`
	Keys    []string   `json:"keys,omitempty"` // answers to offer that send their own label as text
	Edit    int        `json:"edit,omitempty"` // edit: the message changed
	Alert   bool       `json:"alert,omitempty"`
	Venue   *venue     `json:"venue,omitempty"`
	File    *file      `json:"file,omitempty"`
}

// button is an answer button (Data goes back to the bot), a link (URL), or
// an answer already chosen (Done), shown but not pressable.
type button struct {
	Label string `json:"label"`
	Data  string `json:"data,omitempty"`
	URL   string `json:"url,omitempty"`
	Done  bool   `json:"done,omitempty"`
}

// venue is a place, shown with a link to a map.
type venue struct {
	Title   string  `json:"title"`
	Address string  `json:"address"`
	Lat     float64 `json:"lat"`
	Lon     float64 `json:"lon"`
	Map     string  `json:"map"`
}

// file is a small document offered as a download (an .ics). It travels in
// the event itself, so it needs no link that anybody holding it could
// open, and it is deleted with the history.
type file struct {
	Name    string `json:"name"`
	MIME    string `json:"mime"`
	Data    []byte `json:"data"` // base64 in JSON
	Caption string `json:"caption,omitempty"`
}

// maxFile bounds a document carried in an event; an .ics is about 1 KB.
const maxFile = 64 << 10

// noopData is the callback data of a button already pressed: the engine
// replaces a question's buttons with one such "✓ answer" button (see the
// layouts in bot/callback.go). The browser shows it as a chosen answer.
const noopData = "n"

// render turns a reply into the event the browser shows. ok is false for
// replies with nothing to show (a silent answer to a button press);
// numbered says the event is a message that later edits may name.
func render(r bot.Reply) (ev event, numbered, ok bool) {
	switch r.Kind {
	case bot.ReplyText:
		return event{Type: "message", HTML: r.Text, Buttons: buttons(r.Buttons), Keys: r.Keyboard}, true, true
	case bot.ReplyEdit:
		return event{Type: "edit", Edit: r.EditID, HTML: r.Text, Buttons: buttons(r.Buttons)}, false, r.EditID > 0
	case bot.ReplyAnswer:
		return event{Type: "notice", HTML: r.Text, Alert: r.Alert}, false, r.Text != ""
	case bot.ReplyVenue:
		if r.Venue == nil {
			return event{}, false, false
		}
		v := r.Venue
		return event{Type: "venue", Venue: &venue{Title: v.Title, Address: v.Address, Lat: v.Lat, Lon: v.Lon, Map: mapURL(v.Lat, v.Lon)}}, true, true
	case bot.ReplyDocument:
		d := r.Document
		if d == nil || len(d.Data) > maxFile {
			return event{}, false, false
		}
		return event{Type: "file", File: &file{Name: d.Name, MIME: d.MIME, Data: d.Data, Caption: d.Caption}}, true, true
	}
	return event{}, false, false
}

func buttons(rows [][]bot.Button) [][]button {
	if len(rows) == 0 {
		return nil
	}
	out := make([][]button, len(rows))
	for i, row := range rows {
		out[i] = make([]button, len(row))
		for j, b := range row {
			out[i][j] = button{Label: b.Label, Data: b.Data, URL: b.URL, Done: b.Data == noopData}
			if out[i][j].Done {
				out[i][j].Data = ""
			}
		}
	}
	return out
}

// mapURL is an OpenStreetMap link centred on the place, as the terminal
// chat shows it: no account, no tracking, and phones open it in a map app.
func mapURL(lat, lon float64) string {
	return fmt.Sprintf("https://www.openstreetmap.org/?mlat=%.5f&mlon=%.5f#map=17/%.5f/%.5f", lat, lon, lat, lon)
}
