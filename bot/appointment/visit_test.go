package appointment_test

import (
	"strings"
	"testing"
	"time"

	"github.com/eidbot/eidbot/bot"
)

// TestDeclinedVisitReachesThePersonInTheirLanguage: staff decline a home
// visit asked in Korean; the person is told in Korean, with the request's
// code, and /myappointment shows it declined and offers booking instead.
func TestDeclinedVisitReachesThePersonInTheirLanguage(t *testing.T) {
	r := newRig(t, func() time.Time { return early })
	c := r.chat(t, "ko")
	c.eligible()
	for _, ch := range []string{"book", "self", "visit"} {
		c.press(ch)
	}
	c.press("*") // the team
	c.press("agree")
	c.text("Lê Thị Hoa")
	c.text("0912 345 678")
	c.text("Ấp 3, xã Thạnh An")
	rs := c.press("yes")
	v, found, err := r.books.VisitOf(ctx, private.Key())
	if err != nil || !found || v.Status != bot.VisitPending || v.Code == "" || !strings.Contains(joined(rs), v.Code) {
		t.Fatalf("request %+v %v %v; sent:\n%s", v, found, err, joined(rs))
	}
	declined, err := r.books.DeclineVisit(ctx, v.ID)
	if err != nil {
		t.Fatal(err)
	}
	before := len(r.sender.Replies())
	if err := r.appts.VisitDeclined(ctx, declined); err != nil {
		t.Fatal(err)
	}
	notice := joined(r.sender.Replies()[before:])
	if !strings.Contains(notice, "방문이 어렵다고") || !strings.Contains(notice, v.Code) || !strings.Contains(notice, "Lê Thị Hoa") {
		t.Fatalf("notice:\n%s", notice)
	}
	rs = c.cmd("myappointment", "")
	if !strings.Contains(joined(rs), "접수팀이 이번 방문은 어렵다고") || strings.Contains(joined(rs), "요청 취소") {
		t.Fatalf("/myappointment after the decline:\n%s", joined(rs))
	}
	if _, err := r.books.CancelVisit(ctx, private.Key(), v.ID); err == nil {
		t.Fatal("a declined request was cancelled")
	}
}
