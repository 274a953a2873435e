package plaintext

import (
	"math"
	"strconv"
	"strings"

	"github.com/eidbot/eidbot/bot"
)

// MapURL is the map link of a venue; %s is "lat,lon". Google Maps' search
// URL opens the place in the app on phones and in a browser elsewhere.
const MapURL = "https://www.google.com/maps/search/?api=1&query=%s"

// venue renders a place: its name, its address and a map link. Title and
// Address are plain text (Telegram sends them without parse mode).
func venue(v *bot.Venue) string {
	if v == nil {
		return ""
	}
	lines := []string{}
	if t := oneLine(v.Title); t != "" {
		lines = append(lines, "📍 "+t)
	}
	if a := oneLine(v.Address); a != "" {
		lines = append(lines, a)
	}
	if q, ok := coordinates(v.Lat, v.Lon); ok {
		lines = append(lines, strings.Replace(MapURL, "%s", q, 1))
	}
	return strings.Join(lines, "\n")
}

// coordinates formats "lat,lon" with at most 6 decimals (about 10 cm),
// and refuses numbers that are not a place on Earth.
func coordinates(lat, lon float64) (string, bool) {
	ok := func(x, limit float64) bool { return !math.IsNaN(x) && math.Abs(x) <= limit }
	if !ok(lat, 90) || !ok(lon, 180) {
		return "", false
	}
	f := func(x float64) string {
		s := strconv.FormatFloat(x, 'f', 6, 64)
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
		if s == "-0" {
			s = "0"
		}
		return s
	}
	return f(lat) + "," + f(lon), true
}

// document renders a file as its caption (Document.Caption, else the
// reply's text, both HTML) and "📎 name: link", the link coming from
// fileURL.
func document(r bot.Reply, fileURL func(bot.Document) string) string {
	d := r.Document
	if d == nil {
		return Text(r.Text)
	}
	caption := d.Caption
	if caption == "" {
		caption = r.Text
	}
	line := join(" ", "📎", oneLine(d.Name))
	if fileURL != nil {
		if u := oneLine(fileURL(*d)); u != "" {
			line = join(": ", line, u)
		}
	}
	return join("\n", Text(caption), line)
}
