package appointment

import (
	"context"
	"fmt"
	"time"

	"github.com/eidbot/eidbot/bot"
)

// A home visit is a request the person can follow (issue 12): on sending
// it they see its reference code, a summary and when the point says it
// answers (Point.VisitAnswerDays, never a promise the points file does
// not make); /myappointment shows its status and cancels it; staff accept
// or decline it through the staff API, and the person is told in their
// language.

// visitExtra is how much longer than Config.Retention a visit request is
// kept after it is made: 30 + 60 = 90 days, as visit.q.consent says.
const visitExtra = 60 * 24 * time.Hour

// visitFact is a person's latest visit request, if any.
type visitFact struct {
	v     bot.VisitRequest
	found bool
}

// requestVisit asks a point's staff to come to someone who cannot travel.
func (f *Feature) requestVisit(t bot.Turn) string {
	p, ok := f.cfg.Directory.Point(t.Answer("point"))
	if !ok {
		t.Say("book.unavailable", nil)
		return bot.Stop
	}
	now := t.Now()
	v := bot.VisitRequest{
		ID: t.RequestID("visit"), Person: person(t), Chat: t.Chat(), Lang: t.Lang(), PointID: p.ID,
		Name: t.Answer("name"), Phone: t.Answer("phone"), Place: t.Answer("place"),
		SIM: t.Answer("sim") == simNeeded, ForOther: t.Answer("for") == "other", Status: bot.VisitPending, Created: now,
		Expires: now.Add(f.cfg.Retention + visitExtra),
	}
	fact, ok := bot.Ask(t, f.visit, v)
	if !ok {
		return bot.Stop
	}
	// The code and when to expect an answer first; the summary, whose
	// place may be 300 characters, as a message of its own.
	t.Say("visit.sent", map[string]any{"Code": fact.Code})
	if p.VisitAnswerDays > 0 {
		t.Say("visit.answer_days", map[string]any{"Count": p.VisitAnswerDays})
	} else {
		t.Say("visit.answer_unknown", nil)
	}
	t.Flush(nil)
	t.Queue(visitSummary(t, fact, p))
	return ""
}

// summarizeVisit shows what a visit request will send, for confirmation.
func (f *Feature) summarizeVisit(t bot.Turn) string {
	p, ok := f.cfg.Directory.Point(t.Answer("point"))
	if !ok {
		t.Say("book.unavailable", nil)
		return bot.Stop
	}
	t.Queue(visitSummary(t, bot.VisitRequest{Name: t.Answer("name"), Phone: t.Answer("phone"),
		Place: t.Answer("place"), SIM: t.Answer("sim") == simNeeded}, p))
	return ""
}

// visitSummary renders a visit request's team, person, place, phone and
// SIM note. What the person typed is escaped.
func visitSummary(t bot.Turn, v bot.VisitRequest, p bot.Point) string {
	text := t.Text("visit.summary", map[string]any{
		"Point": p.Name(t.Lang()), "Person": bot.Escape(v.Name), "Place": bot.Escape(v.Place),
	})
	if v.Phone != "" {
		text += "\n" + t.Text("book.summary.phone", map[string]any{"Phone": bot.Escape(v.Phone)})
	}
	if v.SIM {
		text += "\n" + t.Text("visit.sim", nil)
	}
	return text
}

// showVisit shows the person's latest visit request and its status.
// Outcomes: visit for an open request (it can be cancelled), none for a
// declined one or none at all.
func (f *Feature) showVisit(t bot.Turn) string {
	fact, ok := bot.Ask(t, f.visitOf, person(t))
	if !ok {
		return bot.Stop
	}
	p, known := f.cfg.Directory.Point(fact.v.PointID)
	if !fact.found || !known {
		t.Say("appt.none", nil)
		return "none"
	}
	v := fact.v
	t.Say("appt.visit_title", map[string]any{"Code": v.Code})
	t.Queue(visitSummary(t, v, p))
	t.Flush(nil) // the status goes with the question: the summary may be long
	switch v.Status {
	case bot.VisitAccepted:
		t.Say("visit.status.accepted", map[string]any{"Date": t.Date(v.Date)})
	case bot.VisitDeclined:
		t.Say("visit.status.declined", nil)
		return "none"
	default:
		t.Say("visit.status.pending", nil)
	}
	t.SetAnswer("visit", v.ID)
	return "visit"
}

// cancelVisit cancels the request /myappointment showed. Outcome none: it
// is gone, or was declined meanwhile.
func (f *Feature) cancelVisit(t bot.Turn) string {
	fact, ok := bot.Ask(t, f.visitCancel, visitCancelQ{person: person(t), id: t.Answer("visit")})
	if !ok {
		return bot.Stop
	}
	if !fact.found {
		t.Say("appt.none", nil)
		return "none"
	}
	t.Say("visit.cancelled", map[string]any{"Code": fact.v.Code})
	return ""
}

// visitCancelQ cancels a person's visit request.
type visitCancelQ struct{ person, id string }

// VisitAccepted tells the person who asked for a home visit the date staff
// will come. It implements bot.Notifier for the staff API.
func (f *Feature) VisitAccepted(ctx context.Context, v bot.VisitRequest) error {
	tr := f.engine.Translator()
	p, _ := f.cfg.Directory.Point(v.PointID)
	text := tr.Text(v.Lang, "visit.accepted", map[string]any{
		"Point": p.Name(v.Lang), "Date": tr.Date(v.Lang, v.Date), "Person": bot.Escape(v.Name),
	})
	return f.notifyVisit(ctx, v, text)
}

// VisitDeclined tells the person who asked for a home visit that staff
// cannot come, and where to turn instead. It implements bot.Notifier.
func (f *Feature) VisitDeclined(ctx context.Context, v bot.VisitRequest) error {
	tr := f.engine.Translator()
	p, _ := f.cfg.Directory.Point(v.PointID)
	text := tr.Text(v.Lang, "visit.refused", map[string]any{
		"Point": p.Name(v.Lang), "Person": bot.Escape(v.Name), "Code": v.Code,
	})
	return f.notifyVisit(ctx, v, text)
}

// notifyVisit sends text to the chat that asked for visit v.
func (f *Feature) notifyVisit(ctx context.Context, v bot.VisitRequest, text string) error {
	if err := f.engine.Notify(ctx, bot.Reply{Kind: bot.ReplyText, Chat: v.Chat, Text: text}); err != nil {
		return fmt.Errorf("tell %s about visit %s: %w", v.Chat.Key(), v.ID, err)
	}
	return nil
}
