package main

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/flows"
)

// The walk: every state a person can reach, in every language, found by
// pressing every button and typing an answer (and a wrong one) to every
// question, from every command and deep link. Each state is reached by
// replaying its path in a fresh bot on in-memory stores with the real
// flows, catalogue, reception points and areas, so what is measured is
// what people get. Dates are the longest of each language (longDates) and
// the person's names 40 characters long.

// message is a text the bot sent on the walk, with the path that led to
// it and whether a foreign national reads it there.
type message struct {
	lang    bot.Lang
	path    string
	text    string
	foreign bool
	other   bool // sent to someone else (a committee member asked to approve)
}

// node is a state of the walk: how to reach it, and whether that way is
// one a foreign national takes (never declaring or choosing citizens).
type node struct {
	path    []input
	foreign bool
}

// roots are where a walk starts: every command and deep link, and typed
// questions on a fresh chat (one whose answer depends on who asks, one
// outside the bot's subject).
var roots = []string{"/start", "/menu", "/help", "/myappointment", "/subscribe", "/unsubscribe", "/activated",
	"/language", "/cancel", "/forget", "/frobnicate", "/start check", "/start bring", "/start problems",
	"/start book", "/start subscribe", "/start notices", "/start notices_ben_thanh", "/start point_pa08_hcmc",
	"/start point_phuong_xuan_hoa", "/officer", "'can mang gi de lam dinh danh muc 2", "'làm hộ chiếu ở đâu"}

// committeeRoots are the committee's tools: what they show is read by
// committee members, not by the person a notice is for.
var committeeRoots = []string{"/broadcast", "/stats", "/campaigns", "/grant", "/revoke"}

// groupRoots are what the walker does in the group chat.
var groupRoots = []string{"/help", "'@eid_bot what do I bring?", "/subscribe", "/register_group", "/language", "/start"}

// walk visits every state reachable in lang and returns every message
// sent on the way. It fails t if a question of the flows was never asked:
// the walk would then miss what follows it.
func (w *walker) walk(t testing.TB, lang bot.Lang) []message {
	t.Helper()
	var out []message
	asked := map[string]bool{}
	defer func() { w.everyStepReached(t, lang, asked, out) }()
	seen := map[string]bool{}
	rep := map[string]string{} // applicant → the checklist whose booking tries every point
	held := map[string]bool{}  // appointments and subscriptions already managed
	var queue []node
	for _, r := range roots {
		queue = append(queue, node{path: []input{{text: r}}, foreign: true})
	}
	for _, r := range committeeRoots {
		queue = append(queue, node{path: []input{{text: r}}})
	}
	for _, r := range groupRoots {
		queue = append(queue, node{path: []input{{text: r, group: true}}, foreign: true})
	}
	for len(queue) > 0 {
		n := queue[0]
		queue = queue[1:]
		b := w.world(t)
		var last []bot.Reply
		for _, in := range n.path {
			last = b.do(t, lang, in)
		}
		s, _, err := b.store.Load(context.Background(), walkUser.PrivateChat())
		if err != nil {
			t.Fatal(err)
		}
		n.foreign = n.foreign && s.Remembered["nationality"] != "vn"
		asked[s.Dialog.Flow+"."+s.Dialog.Step] = true
		out = append(out, messages(lang, n, last)...)
		key := b.key(s, n, last)
		// The main menu leads everywhere the roots lead: it is walked from
		// /start and /menu, not again from every place that shows it.
		if seen[key] || n.path[len(n.path)-1].group || s.Dialog.Flow == "menu" && len(n.path) > 2 {
			continue
		}
		seen[key] = true
		next, leaves := w.next(s, last, rep)
		if a := b.appointment(); s.Dialog.Flow == "" && a != "" && !held[a] {
			// With an appointment (once for each point, kind of person
			// and of booking): see it, move or cancel it, or try to book
			// another.
			held[a] = true
			next = append(next, input{text: "/myappointment"}, input{text: "/start book"})
		}
		if v := b.visit(); s.Dialog.Flow == "" && v != "" && !held[v] {
			held[v] = true // a home-visit request: its status, and cancelling it
			next = append(next, input{text: "/myappointment"})
		}
		if sub := b.subscription(); s.Dialog.Flow == "" && sub != "" && !held["sub "+sub] {
			held["sub "+sub] = true // subscribed: what /subscribe offers then
			next = append(next, input{text: "/subscribe"})
		}
		for _, seq := range leaves {
			var rs []bot.Reply
			for _, in := range seq {
				rs = b.do(t, lang, in)
			}
			out = append(out, messages(lang, node{path: append(slices.Clone(n.path), seq...), foreign: n.foreign}, rs)...)
		}
		for _, in := range next {
			queue = append(queue, node{path: append(slices.Clone(n.path), in), foreign: n.foreign && !citizenChoice(in.text)})
		}
	}
	return out
}

// unwalked are steps the walk cannot reach, and why.
var unwalked = map[string]string{
	"broadcast.denied": "only for someone without a committee role; the walker is a super-admin",
	"subscribe.off":    "subscription_show never reports off; subscribe says sub.off itself when the store refuses",
}

// everyStepReached fails t for each question of the flows the walk never
// asked, and each message a step says that it never sent.
func (w *walker) everyStepReached(t testing.TB, lang bot.Lang, asked map[string]bool, out []message) {
	var all strings.Builder
	for _, m := range out {
		all.WriteString(m.text + "\n")
	}
	for _, id := range w.set.FlowOrder {
		f := w.set.Flows[id]
		for _, sid := range f.Order {
			st := f.Steps[sid]
			if _, ok := unwalked[id+"."+sid]; ok {
				continue
			}
			if st.Ask != "" && !asked[id+"."+sid] {
				t.Errorf("%s: the walk never asked %s.%s", lang, id, sid)
			}
			for _, say := range st.Say {
				if !strings.Contains(all.String(), w.tr.Text(lang, say, map[string]any{"Name": longName})) {
					t.Errorf("%s: the walk never said %s of %s.%s", lang, say, id, sid)
				}
			}
		}
	}
}

// messages are the texts of rs, as reached by n.
func messages(lang bot.Lang, n node, rs []bot.Reply) []message {
	var path []string
	for _, in := range n.path {
		path = append(path, in.text)
	}
	var out []message
	for _, r := range rs {
		text := r.Text
		if r.Kind == bot.ReplyDocument {
			text = r.Document.Caption
		}
		if text != "" && r.Kind != bot.ReplyAnswer {
			out = append(out, message{lang: lang, path: strings.Join(path, " › "), text: text, foreign: n.foreign,
				other: r.Chat != walkUser.PrivateChat() && r.Chat != walkGroup})
		}
	}
	return out
}

// citizenChoice reports a press that declares or shows the citizens' case.
func citizenChoice(in string) bool {
	return strings.HasPrefix(in, "=a|") && (strings.HasSuffix(in, "|vn") || strings.HasSuffix(in, "|citizen"))
}

// keyAnswers are the answers that change what the bot says later: whom a
// booking is for and by which office, the point (its name and address),
// a campaign's template and audience. Days, times and typed values are the
// same length on every path.
var keyAnswers = []string{"for", "applicant", "preset", "point", "template", "audience"}

// caseFlows are the flows whose messages depend on the case file and the
// appointment held: booking uses the result's checklist and office.
var caseFlows = []string{"booking", "appointment", "reschedule", "visit"}

// key identifies the state b is in after the path of n, as far as what
// the bot says from there depends on it: the step and the answers that
// matter, a paused flow (the menu offers to continue), whether a foreign
// national got there; in the booking flows the kind of result in the case
// file (not which path decided it) and the appointment held, elsewhere
// who the reader said they are, and the area and subscription where they
// matter. Outside a flow, the buttons last offered.
func (b *world) key(s bot.Session, n node, last []bot.Reply) string {
	k := []any{s.Lang, s.Dialog.Flow, s.Dialog.Step, s.Dialog.Paused != nil, n.foreign}
	if s.Dialog.Flow == "" {
		k = append(k, buttonsOf(last), b.booked())
	}
	answers := map[string]string{"phone": strconv.FormatBool(s.Dialog.Answers["phone"] != "")}
	for _, a := range keyAnswers {
		answers[a] = s.Dialog.Answers[a]
	}
	k = append(k, answers)
	switch {
	case slices.Contains(caseFlows, s.Dialog.Flow):
		c := s.Case
		k = append(k, c.Outcome, c.Checklist, c.Days, c.DaysMax, c.Answers["nationality"], b.booked())
	case s.Dialog.Flow == "subscribe" || s.Dialog.Flow == "activated":
		sub, _, _ := b.subs.Subscription(context.Background(), walkUser.PrivateChat())
		k = append(k, sub.Area, s.Area, s.Remembered["nationality"])
	default:
		k = append(k, s.Remembered["nationality"])
	}
	j, _ := json.Marshal(k)
	return string(j)
}

// buttonsOf is the data of the buttons of rs, in order.
func buttonsOf(rs []bot.Reply) []string {
	var data []string
	for _, r := range rs {
		for _, row := range r.Buttons {
			for _, b := range row {
				data = append(data, b.Data)
			}
		}
	}
	return data
}

// next lists what to do in state s, whose last replies were last: the
// inputs that lead on, and leaves, done right away in the same bot because
// what follows them is measured elsewhere (a wrong answer, a legal-basis
// button, "my last result" right after a verdict).
func (w *walker) next(s bot.Session, last []bot.Reply, rep map[string]string) (next []input, leaves [][]input) {
	f := w.set.Flows[s.Dialog.Flow]
	var st *flows.Step
	if f != nil {
		st = f.Steps[s.Dialog.Step]
	}
	if st != nil && st.Input != nil {
		next = append(next, input{text: "'" + w.typed(st.Input)})
		leaves = append(leaves, []input{{text: "'" + wrong(st.Input)}})
	} else if st != nil {
		leaves = append(leaves, []input{{text: "'zzz"}})
	}
	if s.Dialog.Flow == "next_steps" || s.Dialog.Flow == "next_check" {
		leaves = append(leaves, []input{{text: "/menu"}, {text: "=a|menu|main|more"}, {text: "=a|menu|more|last"}})
	}
	for _, r := range last {
		if r.Chat != walkUser.PrivateChat() {
			continue
		}
		if r.AskContact != "" {
			next = append(next, input{text: "#contact"})
		}
		for _, k := range r.Keyboard {
			next = append(next, input{text: "'" + k})
		}
		picked := map[string]int{}
		// Every point is pressed for one result per kind of applicant
		// (the first the walk meets): what depends on the point (its
		// name and address) is the same whatever the checklist.
		applicant := s.Case.Answers["nationality"]
		if rep[applicant] == "" {
			rep[applicant] = s.Case.Checklist
		}
		allPoints := rep[applicant] == s.Case.Checklist
		for _, row := range r.Buttons {
			for _, btn := range row {
				if in, leaf, ok := w.press(btn, picked, allPoints); ok && leaf {
					leaves = append(leaves, []input{in})
				} else if ok {
					next = append(next, in)
				}
			}
		}
	}
	return next, leaves
}

// press decides whether to press btn: not the menu, Back, language or
// done buttons (they lead where roots lead); every committee area, and
// every reception point when allPoints, a picker offers, but only the
// first of other pickers (days, times, areas to find points by).
func (w *walker) press(btn bot.Button, picked map[string]int, allPoints bool) (in input, leaf, ok bool) {
	d := btn.Data
	switch {
	case d == "" || d == "m" || d == "n" || strings.HasPrefix(d, "b|") || strings.HasPrefix(d, "l|"):
		return input{}, false, false
	case strings.HasPrefix(d, "v|"):
		return input{text: "=" + d}, true, true
	case strings.HasPrefix(d, "p|"):
		parts := strings.Split(d, "|")
		step := w.set.Flows[parts[1]].Steps[parts[2]]
		picked[parts[2]]++
		all := step.Pick == "my_areas" || allPoints && (step.Pick == "points" || step.Pick == "visit_points")
		if !all && picked[parts[2]] > 1 {
			return input{}, false, false
		}
	}
	return input{text: "=" + d}, false, true
}

// typed is a valid, long answer to a typed question.
func (w *walker) typed(in *flows.Input) string {
	switch in.Kind {
	case "name":
		return longName
	case "latin_name":
		return longLatinName
	case "phone":
		return "0912 345 678"
	case "date":
		return "28/12"
	case "hours":
		return "07:30-11:30"
	case "datetime":
		return "28/12 08:00"
	case "number":
		return strconv.Itoa(max(in.Max, 1))
	case "email":
		return "nguyen.thi.hoang.phuong.thao@example.com.vn"
	}
	n := in.Max
	if n == 0 {
		n = 200
	}
	return repeatTo("Nhà văn hóa ấp Thiềng Liềng, xã Thạnh An ", max(n, in.Min))
}

// wrong is an answer a typed question refuses: too long for free text,
// digits and symbols for the rest.
func wrong(in *flows.Input) string {
	if in.Kind == "text" {
		return repeatTo("x", max(in.Max, 200)+1)
	}
	return "12345 ###"
}

// describe shows a message for a failure.
func (m message) describe() string {
	return fmt.Sprintf("%s, after %s (%d characters):\n%s", m.lang, m.path, units(m.text), m.text)
}
