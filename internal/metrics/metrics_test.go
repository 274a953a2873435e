package metrics

import (
	"testing"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/prometheus/client_golang/prometheus/testutil"
)

// TestLabelsStayBounded: a value outside the known sets is counted as
// "other", so a bug elsewhere (an id in a label) cannot grow the series.
func TestLabelsStayBounded(t *testing.T) {
	m := New()
	before := testutil.CollectAndCount(m.calls) + testutil.CollectAndCount(m.updates) + testutil.CollectAndCount(m.questions)
	m.ObserveCall("tg:12345", "sendMessage/../x", "Error 429: too many")
	m.ObserveCall(bot.ChannelTelegram, "sendMessage", "-1234567")
	m.ObserveUpdate("zz", "weird", time.Millisecond)
	m.ObserveQuestion("fr", bot.QuestionUnsure)
	m.ObserveRedisError("ERR something 123")
	m.ObserveBooking("booked:K7Q-4MX")
	m.ObserveVisit("visit:v1")
	for _, c := range []struct {
		got  float64
		name string
	}{
		{testutil.ToFloat64(m.calls.WithLabelValues("other", "other", "other")), "call with an id, a path and a message"},
		{testutil.ToFloat64(m.calls.WithLabelValues("tg", "sendMessage", "other")), "an error code of eight characters"},
		{testutil.ToFloat64(m.updates.WithLabelValues("other", "other")), "update of an unknown channel and result"},
		{testutil.ToFloat64(m.questions.WithLabelValues("other", "unsure")), "question in an unknown language"},
		{testutil.ToFloat64(m.redisErrors.WithLabelValues("other")), "unknown Redis error kind"},
		{testutil.ToFloat64(m.bookings.WithLabelValues("other")), "unknown booking change"},
		{testutil.ToFloat64(m.visits.WithLabelValues("other")), "unknown home-visit change"},
	} {
		if c.got != 1 {
			t.Errorf("%s: counted %v under other", c.name, c.got)
		}
	}
	after := testutil.CollectAndCount(m.calls) + testutil.CollectAndCount(m.updates) + testutil.CollectAndCount(m.questions)
	if after-before != 4 {
		t.Errorf("%d new series, want 4 (the \"other\" ones)", after-before)
	}
}

// TestKnownSeriesStartAtZero: the series of the known label values exist
// before anything happened, so a dashboard shows 0 and rate() sees the
// first event.
func TestKnownSeriesStartAtZero(t *testing.T) {
	m := New()
	if n := testutil.CollectAndCount(m.updates); n != len(channels)*len(results) {
		t.Errorf("%d update series at start, want %d", n, len(channels)*len(results))
	}
	if n := testutil.CollectAndCount(m.questions); n != len(langs)*len(kinds) {
		t.Errorf("%d question series at start", n)
	}
	m.ObserveQuestion(bot.Vietnamese, bot.QuestionSmallTalk)
	if v := testutil.ToFloat64(m.questions.WithLabelValues("vi", "smalltalk")); v != 1 {
		t.Errorf("small talk counted %v under smalltalk", v)
	}
	m.ObserveQuestion("", bot.QuestionOutside)
	if v := testutil.ToFloat64(m.questions.WithLabelValues("none", "unmatched")); v != 1 {
		t.Errorf("a question without letters counted %v under lang none", v)
	}
	m.ObserveUpdate("", bot.ResultSkipped, 0)
	if v := testutil.ToFloat64(m.updates.WithLabelValues("none", "skipped")); v != 1 {
		t.Errorf("a chatless update counted %v under channel none", v)
	}
}
