package redisstore_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/internal/redisstore"
)

// questionsKey is the HMAC key the tests fix, so that the HyperLogLogs'
// registers, and so their counts, are the same on every run.
var questionsKey = []byte("0123456789abcdef0123456789abcdef")

// lowerNormalize stands in for bot/understand's Normalize, which
// redisstore may not import: case and a question mark do not make a
// question another one.
func lowerNormalize(s string) string { return strings.TrimRight(strings.ToLower(s), "?") }

// questionsAt returns the questions on st with the test's key and a clock
// stopped at now.
func questionsAt(st *redisstore.Store, now time.Time) *redisstore.Questions {
	return st.Questions(redisstore.QuestionsConfig{Normalize: lowerNormalize, Key: questionsKey, Now: func() time.Time { return now }})
}

// ask keeps text from chat, failing the test on error.
func ask(t *testing.T, q *redisstore.Questions, chat bot.Chat, lang bot.Lang, text string) {
	t.Helper()
	must(t, q.Keep(testCtx(t), chat, lang, text))
}

// report is Report, failing the test on error.
func report(t *testing.T, q *redisstore.Questions, minChats, days int) []redisstore.AskedQuestion {
	t.Helper()
	r, err := q.Report(testCtx(t), minChats, days)
	must(t, err)
	return r
}

func TestQuestionsNeedThreeChats(t *testing.T) {
	st, _ := open(t, redisstore.Options{})
	q := questionsAt(st, time.Now())
	passport := "Where do I renew my passport?"
	for range 4 { // one chat asking again and again is one chat
		ask(t, q, tgChat(101), bot.English, passport)
	}
	ask(t, q, bot.Chat{Channel: "zb", ID: "e4ea2cd5189d", Kind: bot.ChatPrivate}, bot.English, "where do i renew my passport")
	ask(t, q, tgChat(103), bot.Vietnamese, "làm hộ chiếu ở đâu")
	if r := report(t, q, 3, 30); len(r) != 0 {
		t.Fatalf("two chats asked, the report shows %+v", r)
	}
	ask(t, q, bot.Chat{Channel: "web", ID: "v-7f3a", Kind: bot.ChatPrivate}, bot.English, "WHERE DO I RENEW MY PASSPORT")
	ask(t, q, tgChat(104), bot.Vietnamese, "làm hộ chiếu ở đâu")
	ask(t, q, tgChat(105), bot.Vietnamese, "làm hộ chiếu ở đâu")
	ask(t, q, tgChat(106), bot.Vietnamese, "làm hộ chiếu ở đâu")
	want := []redisstore.AskedQuestion{
		{Lang: bot.Vietnamese, Text: "làm hộ chiếu ở đâu", Chats: 4, Asked: 4},
		{Lang: bot.English, Text: passport, Chats: 3, Asked: 6},
	}
	if r := report(t, q, 3, 30); !reflect.DeepEqual(r, want) {
		t.Fatalf("report:\n%+v\nwant\n%+v", r, want)
	}
	if r := report(t, q, 4, 30); !reflect.DeepEqual(r, want[:1]) {
		t.Fatalf("report of 4 chats or more:\n%+v", r)
	}
	for _, bad := range [][2]int{{2, 30}, {0, 30}, {3, 0}, {3, 31}} {
		if _, err := q.Report(testCtx(t), bad[0], bad[1]); err == nil {
			t.Errorf("Report(%d chats, %d days) did not refuse", bad[0], bad[1])
		}
	}
}

func TestQuestionsKeepOnlyTheRedactedText(t *testing.T) {
	st, _ := open(t, redisstore.Options{})
	q := questionsAt(st, time.Now())
	for i := range 3 {
		ask(t, q, tgChat(int64(201+i)), bot.Vietnamese, "Tên tôi là Trần Văn Bình, sđt 0912 345 678, làm thẻ ở đâu?")
	}
	want := []redisstore.AskedQuestion{{Lang: bot.Vietnamese, Text: "Tên tôi là <name>, sđt <phone>, làm thẻ ở đâu?", Chats: 3, Asked: 3}}
	if r := report(t, q, 3, 30); !reflect.DeepEqual(r, want) {
		t.Fatalf("report:\n%+v\nwant\n%+v", r, want)
	}
	// Nothing left once redacted and normalised: nothing kept.
	ask(t, q, tgChat(201), bot.Vietnamese, "0912 345 678 !!")
	if r := report(t, q, 3, 30); len(r) != 1 {
		t.Fatalf("report: %+v", r)
	}
}

// TestQuestionsStoreNoChat scans every key and value the questions left:
// no chat id, no user id, no HMAC of one, and nothing the person typed
// that redaction takes out.
func TestQuestionsStoreNoChat(t *testing.T) {
	st, srv := open(t, redisstore.Options{})
	q := questionsAt(st, time.Now())
	chats := []bot.Chat{
		tgChat(5512345678), groupChat(-1001234567890),
		{Channel: "zb", ID: "e4ea2cd5189d4b1f", Kind: bot.ChatPrivate},
		{Channel: "web", ID: "v9Qx2LmT4s", Kind: bot.ChatPrivate},
	}
	for _, chat := range chats {
		ask(t, q, chat, bot.English, "My name is Alice Nguyen, mail alice.nguyen@example.com, can I use +84 912 345 678?")
	}
	if r := report(t, q, 3, 1); len(r) != 1 || r[0].Chats != len(chats) {
		t.Fatalf("report: %+v", r)
	}
	space := keyspace(t, srv.Client())
	if len(space) != 2 { // the day, the question's chats (the HMAC key is the test's)
		t.Fatalf("keys: %v", space)
	}
	for _, chat := range chats {
		mac := hmac.New(sha256.New, questionsKey)
		mac.Write([]byte(chat.Key()))
		sum := mac.Sum(nil)
		for _, secret := range []string{chat.Key(), chat.ID, string(sum[:16]), hex.EncodeToString(sum[:16]), string(sum[:8])} {
			for key, content := range space {
				if strings.Contains(key, secret) || strings.Contains(content, secret) {
					t.Errorf("%s (%q) is in %s: %q", chat.Key(), secret, key, content)
				}
			}
		}
	}
	for key, content := range space {
		for _, typed := range []string{"Alice", "Nguyen", "alice.nguyen", "912", "345"} {
			if strings.Contains(content, typed) {
				t.Errorf("%q is in %s: %q", typed, key, content)
			}
		}
		if !strings.Contains(key, ":{uq}:") {
			t.Errorf("key %s is outside the {uq} hash tag", key)
		}
	}
}

func TestQuestionsExpire(t *testing.T) {
	st, srv := open(t, redisstore.Options{})
	ctx, c := testCtx(t), srv.Client()
	now := time.Now()
	q := questionsAt(st, now)
	for i := range 3 {
		ask(t, q, tgChat(int64(301+i)), bot.English, "how do I get a work permit")
	}
	for _, key := range allKeys(t, c) {
		if strings.HasSuffix(key, ":{uq}:key") {
			continue // not personal: it lives on, so counting stays consistent
		}
		ttl := val(t, c.TTL(ctx, key))
		if ttl <= 29*24*time.Hour-time.Minute || ttl > redisstore.QuestionsKeep {
			t.Errorf("%s expires in %v, want 29 to 30 days (30 days after its day began)", key, ttl)
		}
	}
	// Asked 5 days ago: in a week's report, not in three days'.
	old := questionsAt(st, now.AddDate(0, 0, -5))
	for i := range 3 {
		ask(t, old, tgChat(int64(401+i)), bot.English, "how do I extend my visa")
	}
	if r := report(t, q, 3, 3); len(r) != 1 || r[0].Text != "how do I get a work permit" {
		t.Fatalf("3 days: %+v", r)
	}
	if r := report(t, q, 3, 7); len(r) != 2 {
		t.Fatalf("7 days: %+v", r)
	}
	// Asked 30 days and an hour ago: gone the moment it is written.
	before := len(allKeys(t, c))
	gone := questionsAt(st, now.Add(-redisstore.QuestionsKeep-time.Hour))
	for i := range 3 {
		ask(t, gone, tgChat(int64(501+i)), bot.English, "how do I register a marriage")
	}
	if after := len(allKeys(t, c)); after != before {
		t.Fatalf("a question older than 30 days left %d keys", after-before)
	}
}

// TestQuestionsCountAcrossDaysAndProcesses: two processes share the HMAC
// key kept in Redis, so a chat asking on two days through two processes
// counts once.
func TestQuestionsCountAcrossDaysAndProcesses(t *testing.T) {
	st1, srv := open(t, redisstore.Options{})
	st2 := connect(t, srv, redisstore.Options{})
	must(t, srv.Client().Set(testCtx(t), "eid:{uq}:key", questionsKey, 0).Err())
	now := time.Now()
	yesterday := st1.Questions(redisstore.QuestionsConfig{Now: func() time.Time { return now.AddDate(0, 0, -1) }})
	today := st2.Questions(redisstore.QuestionsConfig{Now: func() time.Time { return now }})
	ask(t, yesterday, tgChat(601), bot.Chinese, "护照怎么办")
	ask(t, today, tgChat(601), bot.Chinese, "护照怎么办")
	ask(t, today, tgChat(602), bot.Chinese, "护照怎么办")
	if r := report(t, today, 3, 2); len(r) != 0 {
		t.Fatalf("two chats, the report shows %+v", r)
	}
	ask(t, yesterday, tgChat(603), bot.Chinese, "护照怎么办")
	want := []redisstore.AskedQuestion{{Lang: bot.Chinese, Text: "护照怎么办", Chats: 3, Asked: 4}}
	if r := report(t, today, 3, 2); !reflect.DeepEqual(r, want) {
		t.Fatalf("report: %+v, want %+v", r, want)
	}
	if r := report(t, today, 3, 1); len(r) != 0 {
		t.Fatalf("today alone: %+v", r)
	}
}

// TestQuestionsMakeOneKey: processes that find no key agree on the one
// the first of them made.
func TestQuestionsMakeOneKey(t *testing.T) {
	st1, srv := open(t, redisstore.Options{})
	st2 := connect(t, srv, redisstore.Options{})
	q1, q2 := st1.Questions(redisstore.QuestionsConfig{}), st2.Questions(redisstore.QuestionsConfig{})
	ask(t, q1, tgChat(701), bot.Korean, "여권 필요한가요")
	key := val(t, srv.Client().Get(testCtx(t), "eid:{uq}:key"))
	ask(t, q2, tgChat(702), bot.Korean, "여권 필요한가요")
	if again := val(t, srv.Client().Get(testCtx(t), "eid:{uq}:key")); len(key) != 32 || again != key {
		t.Fatalf("key %x, then %x", key, again)
	}
}

func TestQuestionsEmbedded(t *testing.T) {
	st, err := redisstore.Embedded(redisstore.Options{})
	must(t, err)
	defer st.Close()
	q := questionsAt(st, time.Now())
	for i := range 3 {
		ask(t, q, tgChat(int64(801+i)), bot.English, "where do I pay my electricity bill")
	}
	if r := report(t, q, 3, 30); len(r) != 1 || r[0].Chats != 3 {
		t.Fatalf("report: %+v", r)
	}
}
