package bot_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/bot/bottest"
	"github.com/eidbot/eidbot/flows"
	"github.com/eidbot/eidbot/internal/i18n"
	"github.com/eidbot/eidbot/locales"
)

// observed is a bot.Observer that remembers what it was told.
type observed struct {
	mu        sync.Mutex
	updates   map[string]int // "channel result"
	questions map[string]int // "lang result"
}

func (o *observed) ObserveUpdate(channel string, r bot.UpdateResult, took time.Duration) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if took < 0 {
		panic("negative handling time")
	}
	o.updates[channel+" "+string(r)]++
}

func (o *observed) ObserveQuestion(lang bot.Lang, k bot.QuestionKind) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.questions[string(lang)+" "+bot.QuestionResult(k)]++
}

// holding is a journal whose Begin answers what the test says: another
// worker holds the update, or the store is down.
type holding struct {
	*bottest.Store
	claim bot.Claim
	err   error
}

func (h *holding) Begin(ctx context.Context, chat bot.Chat, id string) (bot.Claim, bot.Session, bool, error) {
	if h.err != nil || h.claim != bot.ClaimNew {
		return h.claim, bot.Session{}, false, h.err
	}
	return h.Store.Begin(ctx, chat, id)
}

func observedEngine(t *testing.T, j bot.Journal, store *bottest.Store) (*bot.Engine, *observed) {
	t.Helper()
	obs := &observed{updates: map[string]int{}, questions: map[string]int{}}
	e, err := bot.NewEngine(bot.Config{
		Flows: testFlows(t), Translator: bottest.Translator{}, Sessions: store, Journal: j,
		Sender: &bottest.Sender{}, Now: func() time.Time { return t0 }, CacheSize: -1, Observer: obs,
	})
	if err != nil {
		t.Fatal(err)
	}
	return e, obs
}

// TestObserverCountsUpdatesByResult: the Observer is told what became of
// each update: done, a duplicate, skipped, overheard in a group, held
// elsewhere, store down.
func TestObserverCountsUpdatesByResult(t *testing.T) {
	store := bottest.NewStore()
	j := &holding{Store: store}
	e, obs := observedEngine(t, j, store)
	u := cmd("start", "")
	handle(t, e, u, u)
	ignored := text("")
	ignored.Kind = bot.UpdateIgnored
	handle(t, e, ignored)
	heard := text("chào cả nhà")
	heard.Chat = bot.Chat{Channel: "tg", ID: "-100", Kind: bot.ChatGroup}
	handle(t, e, heard)
	j.claim = bot.ClaimBusy
	if err := e.Handle(ctx, cmd("menu", "")); err != bot.ErrBusy {
		t.Fatalf("held elsewhere: %v", err)
	}
	j.claim, j.err = bot.ClaimNew, bot.ErrUnavailable
	if err := e.Handle(ctx, cmd("menu", "")); err == nil {
		t.Fatal("store down: no error")
	}
	want := map[string]int{"tg done": 1, "tg duplicate": 1, "tg skipped": 1, "tg overheard": 1, "tg busy": 1, "tg unavailable": 1}
	if len(obs.updates) != len(want) {
		t.Fatalf("updates observed: %v", obs.updates)
	}
	for k, n := range want {
		if obs.updates[k] != n {
			t.Errorf("updates observed: %v, want %v", obs.updates, want)
		}
	}
}

// TestObserverCountsQuestionsOnce: typed questions are counted by
// language and result once per committed step: not again for a
// duplicate delivery, and not twice when a conflict makes the engine step
// the update again.
func TestObserverCountsQuestionsOnce(t *testing.T) {
	cat, err := i18n.Load(locales.FS())
	if err != nil {
		t.Fatal(err)
	}
	store, sender := bottest.NewStore(), &bottest.Sender{}
	obs := &observed{updates: map[string]int{}, questions: map[string]int{}}
	topics, reader := realTopics()
	e, err := bot.NewEngine(bot.Config{Flows: flows.MustLoadEmbedded(), Translator: cat, Sessions: store, Journal: store,
		Sender: sender, Now: func() time.Time { return t0 }, Features: testFeatures(t), CacheSize: -1,
		Topics: topics, Reader: reader, Observer: obs})
	if err != nil {
		t.Fatal(err)
	}
	handle(t, e, cmd("start", ""))
	once := true
	store.BeforeSave(func(*bot.Session) {
		if !once {
			return
		}
		once = false
		s, _ := load(t, store, private)
		if err := store.Save(ctx, &s); err != nil { // another worker commits first
			t.Errorf("the other worker's Save: %v", err)
		}
	})
	u := text("cần mang gì để làm định danh mức 2")
	handle(t, e, u, u)
	if once {
		t.Fatal("no conflict happened")
	}
	handle(t, e, text("how do I extend my tourist visa"))
	want := map[string]int{"vi matched": 1, "en unmatched": 1}
	if len(obs.questions) != len(want) || obs.questions["vi matched"] != 1 || obs.questions["en unmatched"] != 1 {
		t.Fatalf("questions observed: %v, want %v", obs.questions, want)
	}
}

// TestObserverCountsAutoAnsweredQuestions: a question auto-answered in a
// group counts once, however often it is delivered; group conversation the
// bot does not answer does not count.
func TestObserverCountsAutoAnsweredQuestions(t *testing.T) {
	obs := &observed{updates: map[string]int{}, questions: map[string]int{}}
	r := newObservedGroupRig(t, stubReader(), obs)
	r.turnAutoAnswerOn()
	q := bot.Update{ID: "q1", Kind: bot.UpdateText, Text: "scams?", MessageID: 900}
	r.send("tg:7", q)
	r.send("tg:7", q)
	r.ask("what a lovely day", false)
	obs.mu.Lock()
	defer obs.mu.Unlock()
	if n := obs.questions["vi "+bot.QuestionResult(bot.QuestionAnswerable)]; n != 1 {
		t.Fatalf("questions observed: %v", obs.questions)
	}
}
