package redisstore_test

import (
	"errors"
	"testing"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/internal/redisstore"
)

func visitReq(id string, n int, point string, created time.Time) bot.VisitRequest {
	return bot.VisitRequest{ID: id, Person: person(n), Chat: tgChat(int64(n)), Lang: bot.Vietnamese,
		PointID: point, Name: "Trần Văn Bình", Place: "xóm 3, gần chợ", Status: "accepted",
		Created: created, Expires: created.Add(retention)}
}

func TestVisits(t *testing.T) {
	b, srv := openBookings(t)
	ctx := testCtx(t)
	now := time.Now().Truncate(time.Second)
	first, err := b.RequestVisit(ctx, visitReq("v2", 1, "P1", now))
	if err != nil || first.Status != "pending" || !first.Date.IsZero() {
		t.Fatalf("RequestVisit = %+v, %v; want pending without a date", first, err)
	}
	changed := visitReq("v2", 1, "P1", now)
	changed.Place = "somewhere else"
	if again, err := b.RequestVisit(ctx, changed); err != nil || mustJSON(t, again) != mustJSON(t, first) {
		t.Fatalf("retried RequestVisit = %+v, %v; want the stored one", again, err)
	}
	if _, err := b.RequestVisit(ctx, visitReq("v1", 2, "P1", now.Add(-time.Hour))); err != nil {
		t.Fatal(err)
	}
	if _, err := b.RequestVisit(ctx, visitReq("v3", 3, "P2", now)); err != nil {
		t.Fatal(err)
	}
	list, err := b.VisitsFor(ctx, "P1")
	if err != nil || len(list) != 2 || list[0].ID != "v1" || list[1].ID != "v2" {
		t.Fatalf("VisitsFor = %+v, %v; want v1 then v2", list, err)
	}

	date := now.Add(72 * time.Hour)
	acc, err := b.AcceptVisit(ctx, "v2", date)
	if err != nil || acc.Status != "accepted" || !acc.Date.Equal(date) || acc.Place != first.Place {
		t.Fatalf("AcceptVisit = %+v, %v", acc, err)
	}
	if _, err := b.AcceptVisit(ctx, "nope", date); !errors.Is(err, redisstore.ErrNoVisit) {
		t.Fatalf("AcceptVisit of an unknown id: %v, want ErrNoVisit", err)
	}
	c := srv.Client()
	assertExpiry(t, "visit", val(t, c.PTTL(ctx, "eid:{bk}:visit:v2")), time.Until(first.Expires))
	if list, err := b.VisitsFor(ctx, "P1"); err != nil || len(list) != 2 || list[1].Status != "accepted" {
		t.Fatalf("VisitsFor after accept = %+v, %v", list, err)
	}
}
