package redisstore

import (
	"cmp"
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/redis/go-redis/v9"
)

// Unanswered questions: what residents typed that the bot could not
// answer, kept for "eidbot questions report" (docs/ARCHITECTURE.md,
// "Typed questions"). Everything is under one hash tag, {uq}, so that the
// report can count a question's chats over many days in one PFCOUNT,
// which Redis Cluster runs only on keys of one slot:
//
//	<prefix>:{uq}:key                    string  the key of the chats' keyed hash: 32 random bytes, made on first use
//	<prefix>:{uq}:day:<YYYYMMDD>         hash    q:<id> = "<lang>|<redacted text>", n:<id> = times asked that day
//	<prefix>:{uq}:chats:<YYYYMMDD>:<id>  HLL     the keyed hashes of the chats that asked question <id> that day
//
// <YYYYMMDD> is the day in Vietnam; <id> is the first 16 hex digits of the
// SHA-256 of the question's normalised text, so a question typed with or
// without diacritics is one question. Both day keys expire 30 days after
// their day began. No key or value holds a chat id, a user id or a text
// as typed.
//
// Why a HyperLogLog of a keyed hash: the report must count how many
// different chats asked a question without keeping anything that names a
// chat. A set of hashed chat ids would count exactly but would keep one
// pseudonym per chat, and a chat id is no secret (a Telegram id is in
// every group the person is in): whoever reads the set can hash a known
// id and list the questions that person asked. A HyperLogLog keeps no
// member at all, only 16,384 small registers, so neither an id nor a hash
// of one is stored; at the few chats the rule needs, Redis counts it
// exactly unless two chats fall into one register (about 2 in 10,000 for
// three chats), which can only delay a question's report. The element
// added is an HMAC of the chat under a random key, so the registers cannot
// be matched against hashes computed elsewhere. The key lives in Redis
// beside the registers, shared by every process: someone who can read the
// whole Redis could still test whether a chat they already know probably
// asked a question kept here, for at most 30 days — but that person can
// read the chat's session too. If the key is lost (a failover before it
// reached a replica), a new one is made and a chat asking before and after
// counts twice.

// QuestionsKeep is how long an unanswered question is kept after the day
// it was asked.
const QuestionsKeep = 30 * 24 * time.Hour

// QuestionsMinChats is the fewest different chats that must have asked a
// question before a report shows it: a question only one or two people
// would ask may say who asked it.
const QuestionsMinChats = 3

// questionsPerDay bounds the distinct questions one day keeps, so that a
// flood of different texts cannot grow the store without bound; asking a
// question the day already holds always counts.
const questionsPerDay = 10000

// QuestionsConfig tunes Store.Questions. The zero value is valid.
type QuestionsConfig struct {
	// Normalize maps a redacted question to the form under which two
	// questions are one: cmd/eidbot passes bot/understand's Normalize, so
	// "Làm hộ chiếu ở đâu?" and "lam ho chieu o dau" count together. Nil
	// compares the redacted texts as they are.
	Normalize func(string) string
	// Now is the clock (default time.Now).
	Now func() time.Time
	// Key keys the hash of the chats. Empty, the default: a random key
	// kept in Redis, made by the first process that needs it. Tests set it
	// so that the HyperLogLogs' registers are the same on every run.
	Key []byte
}

// Questions keeps unanswered questions, redacted and without the chat
// (bot.Unanswered), and reports those asked by enough different chats.
// It is safe for concurrent use.
type Questions struct {
	st        *Store
	normalize func(string) string
	now       func() time.Time

	mu  sync.Mutex
	key []byte // nil until loaded from Redis
}

var _ bot.Unanswered = (*Questions)(nil)

// Questions returns the unanswered questions on st's Redis. Closing st
// closes it.
func (st *Store) Questions(cfg QuestionsConfig) *Questions {
	q := &Questions{st: st, normalize: cfg.Normalize, now: cfg.Now, key: cfg.Key}
	if q.normalize == nil {
		q.normalize = func(s string) string { return s }
	}
	if q.now == nil {
		q.now = time.Now
	}
	return q
}

// questionTag starts every key of the unanswered questions.
func (q *Questions) questionTag() string { return q.st.opts.Prefix + ":{uq}:" }

// questionsDayKey holds one day's questions and counts.
func (q *Questions) questionsDayKey(day string) string { return q.questionTag() + "day:" + day }

// questionChatsKey counts the chats that asked question id on day.
func (q *Questions) questionChatsKey(day, id string) string {
	return q.questionTag() + "chats:" + day + ":" + id
}

// Keep counts one asking of text in lang by chat on today's date. It keeps
// bot.Redact(text), whatever it is given, and of chat only an HMAC folded
// into a HyperLogLog. A text with nothing left to group by once redacted
// and normalised (only digits, emoji or punctuation) is not kept.
func (q *Questions) Keep(ctx context.Context, chat bot.Chat, lang bot.Lang, text string) error {
	redacted := bot.Redact(text)
	norm := strings.TrimSpace(q.normalize(redacted))
	if norm == "" || chat.IsZero() || strings.Contains(string(lang), "|") {
		return nil
	}
	key, err := q.hashKey(ctx)
	if err != nil {
		return err
	}
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(chat.Key()))
	id := questionID(norm)
	now := q.now().In(bot.Vietnam)
	y, m, d := now.Date()
	dayStart := time.Date(y, m, d, 0, 0, 0, 0, bot.Vietnam)
	day := dayStart.Format("20060102")
	keys := []string{q.questionsDayKey(day), q.questionChatsKey(day, id)}
	err = questionKeepScript.Run(ctx, q.st.rdb, keys, "q:"+id, "n:"+id, string(lang)+"|"+redacted,
		mac.Sum(nil)[:16], dayStart.Add(QuestionsKeep).Unix(), questionsPerDay).Err()
	return unavailable("keep a question", err)
}

// questionID names a normalised question in keys and fields.
func questionID(norm string) string {
	sum := sha256.Sum256([]byte(norm))
	return hex.EncodeToString(sum[:8])
}

// hashKey returns the key of the chats' HMAC, reading it from Redis, or
// making it there, on first use. Two processes that make one at once
// agree: only the first SET NX wins, and both read back the winner.
func (q *Questions) hashKey(ctx context.Context) ([]byte, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.key != nil {
		return q.key, nil
	}
	fresh := make([]byte, 32)
	rand.Read(fresh)
	k := q.questionTag() + "key"
	if err := q.st.rdb.SetNX(ctx, k, fresh, 0).Err(); err != nil {
		return nil, unavailable("make the questions' key", err)
	}
	key, err := q.st.rdb.Get(ctx, k).Bytes()
	if err != nil {
		return nil, unavailable("read the questions' key", err)
	}
	q.key = key
	return key, nil
}

// AskedQuestion is one line of the report: a question as kept (redacted),
// how many different chats asked it and how often it was asked.
type AskedQuestion struct {
	Lang bot.Lang
	Text string
	// Chats counts the different chats that asked it (a HyperLogLog's
	// count: exact at small numbers but for a rare undercount).
	Chats int
	// Asked counts every asking, a chat's repeats included.
	Asked int
}

// Report returns the questions asked by at least minChats different chats
// over the last days days (today included, at most 30), most asked first:
// by chats, then by times asked. minChats below QuestionsMinChats is an
// error: no report shows a question fewer chats asked. A question
// reworded on a later day shows the latest day's first wording.
func (q *Questions) Report(ctx context.Context, minChats, days int) ([]AskedQuestion, error) {
	switch {
	case minChats < QuestionsMinChats:
		return nil, fmt.Errorf("redisstore: a report shows only questions at least %d chats asked, not %d", QuestionsMinChats, minChats)
	case days < 1 || days > int(QuestionsKeep/(24*time.Hour)):
		return nil, fmt.Errorf("redisstore: a report covers 1 to %d days, not %d", int(QuestionsKeep/(24*time.Hour)), days)
	}
	y, m, d := q.now().In(bot.Vietnam).Date()
	dayNames := make([]string, days) // newest first
	for i := range dayNames {
		dayNames[i] = time.Date(y, m, d-i, 0, 0, 0, 0, bot.Vietnam).Format("20060102")
	}
	seen, err := q.readDays(ctx, dayNames)
	if err != nil {
		return nil, err
	}
	pipe := q.st.rdb.Pipeline()
	counts := make(map[string]*redis.IntCmd, len(seen))
	for id, s := range seen {
		if len(s.days) == 0 { // a count without its text: nothing to show
			delete(seen, id)
			continue
		}
		keys := make([]string, len(s.days))
		for i, day := range s.days {
			keys[i] = q.questionChatsKey(day, id)
		}
		counts[id] = pipe.PFCount(ctx, keys...)
	}
	if _, err := pipe.Exec(ctx); err != nil && !errors.Is(err, redis.Nil) {
		return nil, unavailable("count the questions' chats", err)
	}
	var out []AskedQuestion
	for id, s := range seen {
		s.Chats = int(counts[id].Val())
		if s.Chats >= minChats {
			out = append(out, s.AskedQuestion)
		}
	}
	slices.SortFunc(out, func(a, b AskedQuestion) int {
		return cmp.Or(-cmp.Compare(a.Chats, b.Chats), -cmp.Compare(a.Asked, b.Asked),
			cmp.Compare(a.Lang, b.Lang), cmp.Compare(a.Text, b.Text))
	})
	return out, nil
}

// seenQuestion is a question found in the days read, with the days it was
// asked on.
type seenQuestion struct {
	AskedQuestion
	days []string
}

// readDays reads the days' questions (newest first) into one entry per
// question id.
func (q *Questions) readDays(ctx context.Context, dayNames []string) (map[string]*seenQuestion, error) {
	pipe := q.st.rdb.Pipeline()
	reads := make([]*redis.MapStringStringCmd, len(dayNames))
	for i, day := range dayNames {
		reads[i] = pipe.HGetAll(ctx, q.questionsDayKey(day))
	}
	if _, err := pipe.Exec(ctx); err != nil {
		return nil, unavailable("read the questions", err)
	}
	seen := map[string]*seenQuestion{}
	for i, r := range reads {
		for field, v := range r.Val() {
			kind, id, ok := strings.Cut(field, ":")
			if !ok {
				return nil, fmt.Errorf("redisstore: bad question field %q", field)
			}
			s := seen[id]
			if s == nil {
				s = &seenQuestion{}
				seen[id] = s
			}
			switch kind {
			case "q":
				lang, text, _ := strings.Cut(v, "|")
				if s.Text == "" { // the newest day's wording
					s.Lang, s.Text = bot.Lang(lang), text
				}
				s.days = append(s.days, dayNames[i])
			case "n":
				n, err := strconv.Atoi(v)
				if err != nil {
					return nil, fmt.Errorf("redisstore: bad question count %q = %q", field, v)
				}
				s.Asked += n
			}
		}
	}
	return seen, nil
}
