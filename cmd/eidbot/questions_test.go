package main

import (
	"errors"
	"strings"
	"testing"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/bot/understand"
	"github.com/eidbot/eidbot/internal/redisstore"
	"github.com/eidbot/eidbot/internal/redistest"
)

// seedQuestions starts a redis-server and keeps the questions as the bot
// would: through redisstore.Questions with bot/understand's Normalize
// (and a fixed HMAC key, so that the counts are the same on every run).
func seedQuestions(t *testing.T, asked []struct {
	chat int64
	lang bot.Lang
	text string
}) *redistest.Server {
	t.Helper()
	srv := redistest.Start(t)
	st, err := redisstore.Open(t.Context(), srv.URL(), redisstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	q := st.Questions(redisstore.QuestionsConfig{Normalize: understand.Normalize, Key: []byte("questions report test key")})
	for _, a := range asked {
		chat := bot.Chat{Channel: "tg", ID: uid(a.chat), Kind: bot.ChatPrivate}
		if err := q.Keep(t.Context(), chat, a.lang, a.text); err != nil {
			t.Fatal(err)
		}
	}
	return srv
}

func TestQuestionsReport(t *testing.T) {
	srv := seedQuestions(t, []struct {
		chat int64
		lang bot.Lang
		text string
	}{
		// With and without diacritics, one question: four chats.
		{1, bot.Vietnamese, "Làm hộ chiếu ở đâu?"},
		{2, bot.Vietnamese, "lam ho chieu o dau"},
		{3, bot.Vietnamese, "làm hộ chiếu ở đâu ạ"},
		{3, bot.Vietnamese, "Làm hộ chiếu ở đâu?"},
		{4, bot.Vietnamese, "LAM HO CHIEU O DAU"},
		// Three chats, each with their own number: one question.
		{5, bot.English, "How do I extend my visa? My number is +84 912 345 678"},
		{6, bot.English, "how do i extend my visa, my number is 0987654321"},
		{7, bot.English, "HOW DO I EXTEND MY VISA?? my number is 0912 000 111"},
		// Two chats only: never printed.
		{8, bot.Korean, "운전면허 시험 어디서 봐요?"},
		{9, bot.Korean, "운전면허 시험 어디서 봐요?"},
	})
	out, err := runStaff(t, srv.URL(), "questions", "report")
	if err != nil {
		t.Fatal(err)
	}
	want := "unanswered questions asked by at least 3 chats in the last 30 days, most asked first\n" +
		"CHATS  ASKED  LANG  QUESTION\n" +
		"    4      5  vi    Làm hộ chiếu ở đâu?\n" +
		"    3      3  en    How do I extend my visa? My number is <phone>\n" +
		"2 question(s)\n"
	if out != want {
		t.Fatalf("report:\n%s\nwant\n%s", out, want)
	}
	out, err = runStaff(t, srv.URL(), "questions", "report", "--min-chats", "4", "--days", "1")
	if err != nil || !strings.Contains(out, "Làm hộ chiếu") || strings.Contains(out, "visa") {
		t.Fatalf("--min-chats 4: %v\n%s", err, out)
	}
	out, err = runStaff(t, srv.URL(), "questions", "report", "--min-chats", "5")
	if want := "unanswered questions asked by at least 5 chats in the last 30 days, most asked first\nnone\n"; err != nil || out != want {
		t.Fatalf("--min-chats 5: %v\n%s", err, out)
	}
}

func TestQuestionsReportRejects(t *testing.T) {
	if _, err := runStaff(t, "", "questions", "report"); !errors.Is(err, errNoRedis) {
		t.Fatalf("no REDIS_URL: %v", err)
	}
	_, err := runStaff(t, "redis://127.0.0.1:1", "questions", "report")
	if !errors.Is(err, bot.ErrUnavailable) || report(err, new(strings.Builder)) != exitFailure {
		t.Fatalf("Redis down: %v", err)
	}
}
