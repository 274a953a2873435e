package bot

import "strings"

// grant gives (or with revoke=true takes back) a committee role:
// "/grant <user id> <area id>". Only super-admins may; the engine checks
// again and audits every attempt, refused ones included.
func (t *turn) grant(payload string, revoke bool) {
	c := t.e.committee
	fields := strings.Fields(payload)
	var user UserID
	valid := false
	if len(fields) == 2 {
		user, valid = ParseUserID(fields[0])
	}
	if c == nil || !valid || c.byID[strings.ToLower(fieldAt(fields, 1))].ID == "" {
		if c != nil && c.isAdmin(t.u.From.ID) {
			t.block(t.say("grant.usage", map[string]any{"Areas": strings.Join(c.areaIDs(), ", ")}))
		} else {
			t.block(t.say("committee.admin_only", nil))
		}
		t.flush([][]Button{{t.menuButton()}})
		return
	}
	area := strings.ToLower(fields[1])
	kind := QueryGrant
	if revoke {
		kind = QueryRevoke
	}
	f, ok := t.fact(Query{Kind: kind, User: t.u.From.ID, Target: user, Area: area})
	if !ok {
		return
	}
	msg := "grant.done"
	switch {
	case f.Err != nil:
		msg = "committee.admin_only"
	case revoke:
		msg = "grant.revoked"
	}
	t.block(t.say(msg, map[string]any{"User": Escape(string(user)), "Area": t.areaName(area)}))
	t.flush([][]Button{{t.menuButton()}})
}

// fieldAt is fields[i], or "" past the end.
func fieldAt(fields []string, i int) string {
	if i < len(fields) {
		return fields[i]
	}
	return ""
}
