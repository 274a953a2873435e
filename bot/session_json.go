package bot

import (
	"bytes"
	"encoding/json"
)

// legacyField is what a field of a schema-1 session record is called
// now, and how the fields of its value (an object, or each object of a
// list) are renamed.
type legacyField struct {
	name  string
	inner legacyObject
}

// legacyObject maps the long names of schema 1 to the short ones.
type legacyObject map[string]legacyField

var (
	legacyPosition = legacyObject{"flow": {name: "f"}, "step": {name: "s"}}
	legacyDialog   = dialogNames()
	legacyCase     = legacyObject{
		"outcome": {name: "o"}, "verdict": {name: "v"}, "checklist": {name: "cl"}, "days": {name: "d"},
		"days_max": {name: "dm"}, "answers": {name: "a"}, "decided": {name: "t"},
	}
	legacySession = legacyObject{
		"schema": {name: "s"}, "chat": {name: "c"}, "lang": {name: "l"}, "lang_set": {name: "ls"},
		"dialog": {"d", legacyDialog}, "case": {"k", legacyCase}, "blocked": {name: "b"},
		"shown": {"sh", legacyObject{"choices": {name: "ch"}, "previous": {name: "pv"}, "at": {name: "at"}, "notice": {name: "n"}}},
		"area":  {name: "ar"}, "remembered": {name: "r"}, "applied": {name: "a"},
		"created": {name: "cr"}, "updated": {name: "up"},
	}
)

// dialogNames are a Dialog's renames, the dialogue before a press
// (Pressed.Before) included.
func dialogNames() legacyObject {
	d := legacyObject{
		"flow": {name: "f"}, "step": {name: "s"}, "answers": {name: "a"}, "history": {"h", legacyPosition},
		"paused": {"p", legacyPosition}, "resume": {name: "r"}, "touched": {name: "t"}, "offer": {name: "of"},
	}
	d["pressed"] = legacyField{"pr", legacyObject{"data": {name: "d"}, "before": {"b", d}}}
	return d
}

// UnmarshalJSON reads a session record in the compact form of schema 2
// and, written before it, in the long field names of schema 1, which it
// renames before decoding: stores keep records for months.
func (s *Session) UnmarshalJSON(b []byte) error {
	type plain Session // Session without this method
	var top map[string]json.RawMessage
	if err := json.Unmarshal(b, &top); err != nil {
		return err
	}
	if isLegacy(top) {
		renamed, err := legacySession.rename(top)
		if err != nil {
			return err
		}
		b = renamed
	}
	return json.Unmarshal(b, (*plain)(s))
}

// isLegacy reports a schema-1 record: it has a long name that schema 2
// never writes. Every schema-1 record has "chat" and "dialog".
func isLegacy(top map[string]json.RawMessage) bool {
	_, chat := top["chat"]
	_, dialog := top["dialog"]
	return chat || dialog
}

// rename renames the fields of an object (and of the objects inside it
// that o describes), keeping every value's bytes and every field it does
// not know.
func (o legacyObject) rename(fields map[string]json.RawMessage) (json.RawMessage, error) {
	out := make(map[string]json.RawMessage, len(fields))
	for k, v := range fields {
		f, known := o[k]
		if !known {
			out[k] = v
			continue
		}
		if f.inner != nil {
			var err error
			if v, err = f.inner.renameValue(v); err != nil {
				return nil, err
			}
		}
		out[f.name] = v
	}
	return json.Marshal(out)
}

// renameValue renames the fields of an object, or of each object in a
// list; null stays null.
func (o legacyObject) renameValue(v json.RawMessage) (json.RawMessage, error) {
	switch t := bytes.TrimSpace(v); {
	case len(t) > 0 && t[0] == '[':
		var list []map[string]json.RawMessage
		if err := json.Unmarshal(t, &list); err != nil {
			return nil, err
		}
		out := make([]json.RawMessage, len(list))
		for i, obj := range list {
			var err error
			if out[i], err = o.rename(obj); err != nil {
				return nil, err
			}
		}
		return json.Marshal(out)
	case len(t) > 0 && t[0] == '{':
		var obj map[string]json.RawMessage
		if err := json.Unmarshal(t, &obj); err != nil {
			return nil, err
		}
		return o.rename(obj)
	}
	return v, nil
}
