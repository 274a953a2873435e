package committee

import (
	"strings"

	"github.com/eidbot/eidbot/bot"
)

// grantCommand gives (or with revoke takes back) a committee role:
// "/grant <user id> <area id>". Only super-admins may; the query checks
// again and audits every attempt, refused ones included.
func (f *Feature) grantCommand(revoke bool) func(bot.Turn, string) {
	return func(t bot.Turn, payload string) {
		t.Pause()
		fields := strings.Fields(payload)
		var user bot.UserID
		valid := false
		if len(fields) == 2 {
			user, valid = bot.ParseUserID(fields[0])
		}
		if !valid || f.byID[strings.ToLower(fields[1])].ID == "" {
			f.grantUsage(t)
			return
		}
		area := strings.ToLower(fields[1])
		done, ok := bot.Ask(t, f.q.grant, grantQ{user: t.User().ID, target: user, area: area, revoke: revoke})
		if !ok {
			return
		}
		msg := "grant.done"
		switch {
		case !done:
			msg = "committee.admin_only"
		case revoke:
			msg = "grant.revoked"
		}
		t.Say(msg, map[string]any{"User": bot.Escape(string(user)), "Area": f.areaName(t, area)})
		t.Flush([][]bot.Button{{t.MenuButton()}})
	}
}

// grantUsage explains /grant to a super-admin, and to anybody else that it
// is for administrators.
func (f *Feature) grantUsage(t bot.Turn) {
	if f.isAdmin(t.User().ID) {
		t.Say("grant.usage", map[string]any{"Areas": strings.Join(f.areaIDs(), ", ")})
	} else {
		t.Say("committee.admin_only", nil)
	}
	t.Flush([][]bot.Button{{t.MenuButton()}})
}
