package main

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/eidbot/eidbot/bot"
)

// unprompted renders what the bot sends in lang without being written to:
// both reminders of an appointment at every reception point (for a
// foreign national at the immigration office, with a passport name), the
// date of a home visit, every campaign template in every area with the
// longest place a committee may type, and the reports on a campaign.
func (w *walker) unprompted(t testing.TB, lang bot.Lang) []message {
	t.Helper()
	b := w.world(t)
	var out []message
	for _, kind := range []string{bot.ApplicantCitizen, bot.ApplicantForeigner} {
		for _, p := range w.dir.Points(kind) {
			out = append(out, w.reminders(t, b, lang, p, kind)...)
		}
	}
	visit := bot.VisitRequest{Chat: walkUser.PrivateChat(), Lang: lang, PointID: "mobile_tan_dinh_elderly", Name: longName, Date: walkNow}
	if err := b.appts.VisitAccepted(context.Background(), visit); err != nil {
		t.Fatal(err)
	}
	out = append(out, sentSince(b, lang, "a home visit accepted", 0, false)...)
	for _, c := range w.campaigns() {
		r := bot.Recipient{Chat: walkUser.PrivateChat(), Lang: lang, Subscribed: true}
		m := b.committees.CampaignMessage(c, r)
		out = append(out, message{lang: lang, path: "campaign " + c.Template + " in " + c.Area, text: m.Text, foreign: true})
		c.AuthorLang = lang
		for _, final := range []bool{false, true} {
			out = append(out, message{lang: lang, path: "report on a campaign", text: b.committees.CampaignReport(c, final).Text})
		}
	}
	return out
}

// reminders books an appointment at point p for a person of kind and
// sends its two reminders.
func (w *walker) reminders(t testing.TB, b *world, lang bot.Lang, p bot.Point, kind string) []message {
	t.Helper()
	days := w.dir.Days(p.ID, walkNow, 1)
	if len(days) == 0 {
		return nil
	}
	s := w.dir.Slots(p.ID, days[0], walkNow)[0]
	name := longName
	if kind == bot.ApplicantForeigner {
		name = longLatinName
	}
	person := bot.Chat{Channel: "tg", ID: "r-" + p.ID, Kind: bot.ChatPrivate}
	a := bot.Appointment{Code: "K7Q-" + strconv.Itoa(100+len(b.sender.Replies())), Person: person.Key(), Chat: person, Lang: lang, PointID: p.ID, SlotID: s.ID,
		Start: s.Start, End: s.End, Name: name, Applicant: kind, Place: s.Place, Reminders: true, Status: bot.StatusBooked,
		Expires: s.End.Add(time.Hour)}
	before := len(b.sender.Replies())
	due := []bot.Reminder{{Code: a.Code, Kind: "eve", Due: walkNow.Add(-time.Hour)}, {Code: a.Code, Kind: "soon", Due: walkNow.Add(-time.Minute)}}
	if _, err := b.books.Book(context.Background(), bot.BookRequest{ID: p.ID, Seats: 100, Appointment: a, Reminders: due}); err != nil {
		t.Fatal(err)
	}
	if _, err := b.appts.SendDueReminders(context.Background()); err != nil {
		t.Fatal(err)
	}
	return sentSince(b, lang, "reminders at "+p.ID, before, kind == bot.ApplicantForeigner)
}

// sentSince is what b sent from reply number from on, as messages.
func sentSince(b *world, lang bot.Lang, what string, from int, foreign bool) []message {
	var out []message
	for _, r := range b.sender.Replies()[from:] {
		out = append(out, message{lang: lang, path: what, text: r.Text, foreign: foreign})
	}
	return out
}

// campaigns are one campaign of every template in every area, with the
// longest place and free text the broadcast flow accepts, and a progress
// report's largest numbers.
func (w *walker) campaigns() []bot.Campaign {
	place := w.set.Flows["broadcast"].Steps["place"].Input.Max
	text := w.set.Flows["broadcast"].Steps["text"].Input.Max
	var out []bot.Campaign
	for _, a := range w.areas {
		for _, tpl := range []string{bot.TemplateMobileTeam, bot.TemplateDeadline, bot.TemplateNotice, bot.TemplateFree} {
			out = append(out, bot.Campaign{ID: "123456", Area: a.ID, Template: tpl, AuthorChat: walkUser.PrivateChat(),
				Status: bot.CampaignRunning, Params: map[string]string{
					"place": repeatTo("Nhà văn hóa ấp Thiềng Liềng, ", place), "date": "2027-09-29", "hours": "07:30-11:30",
					"text": repeatTo("Bà con lưu ý: tổ công tác làm hồ sơ tại nhà văn hóa. ", text)},
				Progress: bot.CampaignProgress{Total: 999999, Sent: 555555, Blocked: 111111, Failed: 11111, Rate: 0.01}})
		}
	}
	return out
}
