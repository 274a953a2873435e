package committee

import (
	"strings"

	"github.com/eidbot/eidbot/bot"
)

// noticesLink is the /start payload that offers an area's notices after
// the welcome: "notices", or "notices_<area id>" for one area. A ward's
// Zalo Official Account greets each new follower with it (bound to the
// ward's area when the operator says so), and a poster's QR code can
// carry it on any channel with deep links.
const noticesLink = "notices"

// offerNotices starts the notices flow for the area the payload names, if
// it is one ("" or "_" alone offer the choice of area).
func (f *Feature) offerNotices(t bot.Turn, rest string) {
	area := strings.TrimPrefix(rest, "_")
	if _, ok := f.byID[area]; !ok {
		area = ""
	}
	t.SetAnswer("sub_area", area)
	t.StartFlow(noticesFlow)
}

// noticesOffer says what the area's notices are and that only the chat,
// area and language are kept. Outcome area: the link named an area, so
// the offer is that area's; else the person chooses the area later.
func (f *Feature) noticesOffer(t bot.Turn) string {
	area := t.Answer("sub_area")
	if _, ok := f.byID[area]; !ok {
		return ""
	}
	t.Say("notices.intro", map[string]any{"Area": f.areaName(t, area)})
	return "area"
}
