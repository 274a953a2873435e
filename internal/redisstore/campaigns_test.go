package redisstore_test

import (
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/internal/redisstore"
)

func newCampaign(area string, author int64) bot.Campaign {
	return bot.Campaign{Area: area, Audience: bot.Audience{Kind: bot.AudienceSubscribers}, Template: bot.TemplateNotice,
		Author: tgUser(author), AuthorChat: tgChat(author), AuthorLang: "vi"}
}

// running creates a campaign that needs no approval, starts it and queues
// rs; any error fails the test.
func running(t *testing.T, cs *redisstore.Campaigns, req string, rs ...bot.Recipient) bot.Campaign {
	t.Helper()
	ctx := testCtx(t)
	c, err := cs.Create(ctx, newCampaign("ward_1", 7), false, req)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := cs.Start(ctx, c.ID, time.Now()); err != nil {
		t.Fatal(err)
	}
	if _, err := cs.Expand(ctx, c.ID, rs); err != nil {
		t.Fatal(err)
	}
	return c
}

func TestCampaignCreateIsIdempotent(t *testing.T) {
	st, _ := open(t, redisstore.Options{})
	cs := redisstore.NewCampaigns(st)
	ctx := testCtx(t)
	var wg sync.WaitGroup
	ids := make([]string, 8)
	for i := range ids {
		wg.Go(func() {
			c, err := cs.Create(ctx, newCampaign("ward_1", 7), true, "req-1")
			if err != nil {
				t.Error(err)
			}
			ids[i] = c.ID
		})
	}
	wg.Wait()
	for _, id := range ids {
		if id != ids[0] || id == "" {
			t.Fatalf("ids = %v", ids)
		}
	}
	other, err := cs.Create(ctx, newCampaign("ward_1", 7), true, "req-2")
	if err != nil || other.ID == ids[0] || other.Status != bot.CampaignAwaiting {
		t.Fatalf("another request: %+v %v", other, err)
	}
	list, err := cs.List(ctx, "ward_1", 10)
	if err != nil || len(list) != 2 {
		t.Fatalf("List = %d campaigns, %v", len(list), err)
	}
	if all, err := cs.List(ctx, "", 10); err != nil || len(all) != 2 {
		t.Errorf("List all = %d, %v", len(all), err)
	}
	if none, err := cs.List(ctx, "ward_2", 10); err != nil || len(none) != 0 {
		t.Errorf("List of another area = %d, %v", len(none), err)
	}
}

func TestCampaignListNewestFirst(t *testing.T) {
	st, _ := open(t, redisstore.Options{})
	cs := redisstore.NewCampaigns(st)
	ctx := testCtx(t)
	t0 := time.Now()
	for i := range 3 {
		c := newCampaign("ward_1", 7)
		c.Created = t0.Add(time.Duration(i) * time.Minute)
		c.Params = map[string]string{"n": itoa(i)}
		if _, err := cs.Create(ctx, c, false, ""); err != nil {
			t.Fatal(err)
		}
	}
	list, err := cs.List(ctx, "ward_1", 2)
	if err != nil || len(list) != 2 || list[0].Params["n"] != "2" || list[1].Params["n"] != "1" {
		t.Fatalf("List = %+v, %v", list, err)
	}
}

func TestCampaignApproval(t *testing.T) {
	st, _ := open(t, redisstore.Options{})
	cs := redisstore.NewCampaigns(st)
	ctx := testCtx(t)
	c, err := cs.Create(ctx, newCampaign("ward_1", 7), true, "")
	if err != nil || c.Status != bot.CampaignAwaiting {
		t.Fatalf("Create = %+v, %v", c, err)
	}
	if due, err := cs.Due(ctx, time.Now(), 10); err != nil || len(due) != 0 {
		t.Errorf("an awaiting campaign is due: %v, %v", due, err)
	}
	if _, err := cs.Approve(ctx, c.ID, "tg:7"); !errors.Is(err, bot.ErrSelfApproval) {
		t.Errorf("self-approval: %v", err)
	}
	if _, err := cs.Approve(ctx, "nope", "tg:8"); !errors.Is(err, bot.ErrNoCampaign) {
		t.Errorf("unknown campaign: %v", err)
	}
	// Two approvers race: exactly one wins.
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i := range errs {
		wg.Go(func() { _, errs[i] = cs.Approve(ctx, c.ID, tgUser(int64(8+i))) })
	}
	wg.Wait()
	if (errs[0] == nil) == (errs[1] == nil) || !errors.Is(errors.Join(errs...), bot.ErrCampaignState) {
		t.Fatalf("racing approvals: %v", errs)
	}
	got, found, err := cs.Get(ctx, c.ID)
	if err != nil || !found {
		t.Fatalf("Get after approval: %v, %v", found, err)
	}
	if got.Status != bot.CampaignScheduled || (got.Approver != "tg:8" && got.Approver != "tg:9") {
		t.Fatalf("after approval: %+v", got)
	}
	if again, err := cs.Approve(ctx, c.ID, got.Approver); err != nil || again.Status != bot.CampaignScheduled {
		t.Errorf("the same approver again: %v", err)
	}
	if due, err := cs.Due(ctx, time.Now(), 10); err != nil || len(due) != 1 || due[0] != c.ID {
		t.Errorf("approved campaign not due: %v, %v", due, err)
	}
	cancelled, err := cs.Cancel(ctx, c.ID, "tg:9")
	if err != nil || cancelled.Status != bot.CampaignCancelled || cancelled.Finished.IsZero() || cancelled.Canceller != "tg:9" {
		t.Fatalf("Cancel = %+v, %v", cancelled, err)
	}
	if due, err := cs.Due(ctx, time.Now(), 10); err != nil || len(due) != 0 {
		t.Errorf("a cancelled campaign that never started is still due: %v, %v", due, err)
	}
	if _, err := cs.Approve(ctx, c.ID, "tg:10"); !errors.Is(err, bot.ErrCampaignState) {
		t.Errorf("approving a cancelled campaign: %v", err)
	}
	if _, err := cs.Cancel(ctx, c.ID, "tg:9"); err != nil {
		t.Errorf("cancelling again: %v", err)
	}

	// Once the worker starts sending, a second press of the approver's
	// button still shows their approval; nobody else's is accepted.
	c2, err := cs.Create(ctx, newCampaign("ward_1", 7), true, "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cs.Approve(ctx, c2.ID, "tg:8"); err != nil {
		t.Fatal(err)
	}
	if started, _, err := cs.Start(ctx, c2.ID, time.Now()); err != nil || started.Status != bot.CampaignRunning {
		t.Fatalf("Start = %+v, %v", started, err)
	}
	if again, err := cs.Approve(ctx, c2.ID, "tg:8"); err != nil || again.Status != bot.CampaignRunning || again.Approver != "tg:8" {
		t.Errorf("the same approver again while sending: %+v, %v", again, err)
	}
	if _, err := cs.Approve(ctx, c2.ID, "tg:10"); !errors.Is(err, bot.ErrCampaignState) {
		t.Errorf("another approver while sending: %v", err)
	}
}

// TestCampaignQueue walks one campaign through the queue: expansion run
// twice adds each chat once, a claimed recipient is busy for others, a
// retry comes back, and Finish reports true once.
func TestCampaignQueue(t *testing.T) {
	st, _ := open(t, redisstore.Options{})
	cs := redisstore.NewCampaigns(st)
	ctx := testCtx(t)
	c, err := cs.Create(ctx, newCampaign("ward_1", 7), false, "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cs.Expand(ctx, c.ID, []bot.Recipient{{Chat: tgChat(1)}}); !errors.Is(err, bot.ErrCampaignState) {
		t.Errorf("expanding a campaign that is not running: %v", err)
	}
	started, expanded, err := cs.Start(ctx, c.ID, time.Now())
	if err != nil || started.Status != bot.CampaignRunning || expanded || started.Started.IsZero() {
		t.Fatalf("Start = %+v %v %v", started, expanded, err)
	}
	rs := []bot.Recipient{{Chat: tgChat(1)}, {Chat: tgChat(2)}, {Chat: tgChat(1)}}
	for range 2 { // a crashed expansion runs again
		if _, err := cs.Expand(ctx, c.ID, rs); err != nil {
			t.Fatal(err)
		}
	}
	if err := cs.Expanded(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	type entry struct {
		id string
		r  bot.Recipient
	}
	var got []entry
	collect := func(id string, r bot.Recipient) { got = append(got, entry{id, r}) }
	if err := cs.Read(ctx, c.ID, "a", 10, collect); err != nil || len(got) != 2 {
		t.Fatalf("Read = %d entries, %v", len(got), err)
	}
	if res, err := cs.Claim(ctx, c.ID, got[0].id, "a", got[0].r, time.Minute); err != nil || res != redisstore.ClaimOK {
		t.Fatalf("Claim = %s, %v", res, err)
	}
	if res, err := cs.Claim(ctx, c.ID, got[0].id, "b", got[0].r, time.Minute); err != nil || res != redisstore.ClaimBusy {
		t.Errorf("Claim by another while leased = %s, %v", res, err)
	}
	if res, err := cs.Settle(ctx, c.ID, got[0].id, "b", got[0].r, redisstore.OutcomeSent, 3); err != nil || res != "lost" {
		t.Errorf("Settle by a consumer without the lease = %s, %v", res, err)
	}
	if res, err := cs.Settle(ctx, c.ID, got[0].id, "a", got[0].r, redisstore.OutcomeSent, 3); err != nil || res != "sent" {
		t.Errorf("Settle = %s, %v", res, err)
	}
	if res, err := cs.Claim(ctx, c.ID, got[0].id, "b", got[0].r, time.Minute); err != nil || res != redisstore.ClaimDone {
		t.Errorf("Claim after sent = %s, %v", res, err)
	}
	// The second recipient fails for a while, then for good.
	for attempt := 1; ; attempt++ {
		e := got[1]
		if res, err := cs.Claim(ctx, c.ID, e.id, "a", e.r, time.Minute); err != nil || res != redisstore.ClaimOK {
			t.Fatalf("attempt %d: Claim = %s, %v", attempt, res, err)
		}
		res, err := cs.Settle(ctx, c.ID, e.id, "a", e.r, redisstore.OutcomeRetry, 3)
		if err != nil {
			t.Fatalf("attempt %d: Settle: %v", attempt, err)
		}
		if attempt == 3 {
			if res != "failed" {
				t.Fatalf("third temporary failure: %s", res)
			}
			break
		}
		if _, won, err := cs.Finish(ctx, c.ID, time.Now()); err != nil || won {
			t.Fatalf("finished with a recipient queued: %v, %v", won, err)
		}
		got = got[:1]
		if err := cs.Read(ctx, c.ID, "a", 10, collect); err != nil || len(got) != 2 || res != "queued" {
			t.Fatalf("the retry was not queued again: %s, %d entries, %v", res, len(got), err)
		}
	}
	done, won, err := cs.Finish(ctx, c.ID, time.Now())
	if err != nil || !won || done.Status != bot.CampaignDone || done.Progress.Sent != 1 || done.Progress.Failed != 1 || done.Progress.Total != 2 {
		t.Fatalf("Finish = %+v %v %v", done, won, err)
	}
	if _, won, err := cs.Finish(ctx, c.ID, time.Now()); err != nil || won {
		t.Errorf("Finish won twice: %v, %v", won, err)
	}
	if _, err := cs.Cancel(ctx, c.ID, "tg:7"); !errors.Is(err, bot.ErrCampaignState) {
		t.Errorf("cancelling a done campaign: %v", err)
	}
}

// TestCampaignLeaseTakeover: a recipient leased by a consumer that died is
// reclaimed from the stream and leased again once its lease ran out.
func TestCampaignLeaseTakeover(t *testing.T) {
	st, _ := open(t, redisstore.Options{})
	cs := redisstore.NewCampaigns(st)
	ctx := testCtx(t)
	c := running(t, cs, "", bot.Recipient{Chat: tgChat(1)})
	var entry string
	var r bot.Recipient
	if err := cs.Read(ctx, c.ID, "dead", 1, func(e string, rr bot.Recipient) { entry, r = e, rr }); err != nil || entry == "" {
		t.Fatalf("Read = %q, %v", entry, err)
	}
	if res, err := cs.Claim(ctx, c.ID, entry, "dead", r, 50*time.Millisecond); err != nil || res != redisstore.ClaimOK {
		t.Fatalf("Claim = %s, %v", res, err)
	}
	// The lease running out on Redis' clock is what this test is about:
	// nothing happens meanwhile that a channel or a poll could wait for.
	time.Sleep(60 * time.Millisecond)
	n := 0
	next, err := cs.Reclaim(ctx, c.ID, "live", 50*time.Millisecond, "", 10, func(string, bot.Recipient) { n++ })
	if err != nil || n != 1 || next != "0-0" {
		t.Fatalf("Reclaim = %d entries, next %q, %v", n, next, err)
	}
	if res, err := cs.Claim(ctx, c.ID, entry, "live", r, time.Minute); err != nil || res != redisstore.ClaimAgain {
		t.Fatalf("Claim after the lease ran out = %s, %v", res, err)
	}
	if res, err := cs.Settle(ctx, c.ID, entry, "dead", r, redisstore.OutcomeSent, 3); err != nil || res != "lost" {
		t.Errorf("the dead consumer's late Settle = %s, %v", res, err)
	}
}

func TestLimiterWindows(t *testing.T) {
	st, _ := open(t, redisstore.Options{})
	ctx := testCtx(t)
	lim := redisstore.NewLimiter(st, redisstore.Limits{Global: 3, Chat: 1, Group: 2, GroupWindow: time.Hour, Margin: -1})
	group := bot.Chat{Channel: "tg", ID: "-5", Kind: bot.ChatGroup}
	reserve := func(chat bot.Chat) (time.Duration, bool) {
		t.Helper()
		d, booked, err := lim.Reserve(ctx, chat)
		if err != nil {
			t.Fatal(err)
		}
		return d, booked
	}
	if d, booked := reserve(tgChat(1)); d != 0 || !booked {
		t.Fatalf("first send: wait %v, booked %v", d, booked)
	}
	if d, booked := reserve(tgChat(1)); d <= 0 || d > time.Second || booked {
		t.Errorf("second send to one chat: wait %v, booked %v", d, booked)
	}
	if d, booked := reserve(group); d != 0 || !booked {
		t.Fatalf("group: wait %v, booked %v", d, booked)
	}
	if d, booked := reserve(tgChat(2)); d != 0 || !booked {
		t.Fatalf("third send: wait %v, booked %v", d, booked)
	}
	// The global window is full: the next free slot, under a second away,
	// is booked; the one after it lies beyond Ahead.
	if d, booked := reserve(tgChat(3)); d <= 0 || d > time.Second || !booked {
		t.Errorf("fourth send within a second: wait %v, booked %v", d, booked)
	}
	// The windows slide over Redis' own clock (limit.lua reads TIME), so
	// letting them pass is what these two sleeps test; there is nothing to
	// poll for without booking a send.
	time.Sleep(1100 * time.Millisecond)
	if d, booked := reserve(group); d != 0 || !booked {
		t.Fatalf("group's second send: wait %v, booked %v", d, booked)
	}
	time.Sleep(1100 * time.Millisecond)
	if d, booked := reserve(group); d < 50*time.Minute || booked {
		t.Errorf("group's third send within the hour: wait %v, booked %v", d, booked)
	}
	if err := lim.Pause(ctx, 5*time.Second); err != nil {
		t.Fatal(err)
	}
	if err := lim.Pause(ctx, time.Second); err != nil { // shorter: the longer pause stays
		t.Fatal(err)
	}
	if d, booked := reserve(tgChat(9)); d < 4*time.Second || booked {
		t.Errorf("during a pause: wait %v, booked %v", d, booked)
	}
}

// TestLimiterBooksAhead: with the global window full, concurrent callers
// get consecutive future slots, never more than the limit in a window.
func TestLimiterBooksAhead(t *testing.T) {
	st, _ := open(t, redisstore.Options{})
	ctx := testCtx(t)
	// An hour's window makes the pacing exact whatever the machine's load:
	// 15 reservations take far less than a minute, so the three windows'
	// worth of sends must be booked an hour apart, in groups of five.
	const window = time.Hour
	lim := redisstore.NewLimiter(st, redisstore.Limits{Global: 5, GlobalWindow: window, Margin: -1, Ahead: 3 * time.Hour})
	var mu sync.Mutex
	var at []time.Duration
	var wg sync.WaitGroup
	for i := range 15 {
		wg.Go(func() {
			d, booked, err := lim.Reserve(ctx, tgChat(int64(100+i)))
			if err != nil || !booked {
				t.Errorf("Reserve: %v %v", booked, err)
			}
			mu.Lock()
			at = append(at, d)
			mu.Unlock()
		})
	}
	wg.Wait()
	slices.Sort(at)
	for i, d := range at {
		// The i-th send is booked about i/5 windows ahead.
		lo, hi := time.Duration(i/5)*window-time.Minute, time.Duration(i/5)*window+time.Second
		if d < lo || d > hi {
			t.Errorf("send %d booked %v ahead, want within [%v, %v]", i, d, lo, hi)
		}
	}
}

// TestCampaignKeysShareSlots keeps every script on one slot: the keys a
// campaign script touches share {cp:<id>}, the limiter's share {cpl}.
func TestCampaignKeysShareSlots(t *testing.T) {
	st, srv := open(t, redisstore.Options{})
	cs := redisstore.NewCampaigns(st)
	ctx := testCtx(t)
	c := running(t, cs, "r", bot.Recipient{Chat: tgChat(1)})
	if _, booked, err := redisstore.NewLimiter(st, redisstore.Limits{}).Reserve(ctx, tgChat(1)); err != nil || !booked {
		t.Fatalf("Reserve: %v, %v", booked, err)
	}
	keys := keysMatching(t, srv.Client(), "*")
	for _, k := range keys {
		ok := false
		for _, tag := range []string{"{cp:" + c.ID + "}", "{cps}", "{cpl}"} {
			ok = ok || strings.HasPrefix(k, "eid:"+tag+":")
		}
		if !ok {
			t.Errorf("key %q has no campaign hash tag", k)
		}
	}
}

// TestForgetLeavesRunningCampaigns: /forget takes a queued recipient out of
// a running campaign (it is never sent, and counts as cancelled) and drops
// the ledger entry of one already sent, so the campaign still finishes.
func TestForgetLeavesRunningCampaigns(t *testing.T) {
	st, srv := open(t, redisstore.Options{})
	cs := redisstore.NewCampaigns(st)
	ctx := testCtx(t)
	rs := []bot.Recipient{{Chat: tgChat(1)}, {Chat: tgChat(2)}, {Chat: tgChat(3)}}
	c := running(t, cs, "", rs...)
	if err := cs.Expanded(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	entries := map[string]string{}
	if err := cs.Read(ctx, c.ID, "a", 10, func(id string, r bot.Recipient) { entries[r.Chat.ID] = id }); err != nil {
		t.Fatal(err)
	}
	// Chat 1 was sent before /forget, chat 2 is still queued.
	if res, err := cs.Claim(ctx, c.ID, entries["1"], "a", rs[0], time.Minute); err != nil || res != redisstore.ClaimOK {
		t.Fatal(res, err)
	}
	if res, err := cs.Settle(ctx, c.ID, entries["1"], "a", rs[0], redisstore.OutcomeSent, 3); err != nil || res != "sent" {
		t.Fatal(res, err)
	}
	for _, id := range []int64{1, 2} {
		if err := st.Erase(ctx, tgChat(id)); err != nil {
			t.Fatal(err)
		}
	}
	if res, err := cs.Claim(ctx, c.ID, entries["2"], "a", rs[1], time.Minute); err != nil || res != redisstore.ClaimDone {
		t.Fatalf("a forgotten recipient was leased: %s, %v", res, err)
	}
	for _, id := range []int64{1, 2} {
		if val(t, srv.Client().HExists(ctx, "eid:{cp:"+c.ID+"}:l", tgChat(id).Key())) {
			t.Errorf("ledger still names chat %d", id)
		}
	}
	if res, err := cs.Claim(ctx, c.ID, entries["3"], "a", rs[2], time.Minute); err != nil || res != redisstore.ClaimOK {
		t.Fatal(res, err)
	}
	if res, err := cs.Settle(ctx, c.ID, entries["3"], "a", rs[2], redisstore.OutcomeSent, 3); err != nil || res != "sent" {
		t.Fatal(res, err)
	}
	done, won, err := cs.Finish(ctx, c.ID, time.Now())
	if err != nil || !won || done.Progress.Sent != 2 || done.Progress.Cancelled != 1 || done.Progress.Remaining() != 0 {
		t.Fatalf("Finish = %+v %v %v", done.Progress, won, err)
	}
}

// A recipient not reachable on their channel now is counted skipped, not
// failed; every outcome is counted per channel too, and a campaign whose
// recipients were sent or skipped finishes.
func TestCampaignSkippedAndPerChannel(t *testing.T) {
	st, _ := open(t, redisstore.Options{})
	cs := redisstore.NewCampaigns(st)
	ctx := testCtx(t)
	zo := func(id string) bot.Chat { return bot.Chat{Channel: bot.ChannelZaloOA, ID: id, Kind: bot.ChatPrivate} }
	c := running(t, cs, "per-channel", bot.Recipient{Chat: tgChat(1)}, bot.Recipient{Chat: zo("84001")}, bot.Recipient{Chat: zo("84002")})
	if err := cs.Expanded(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	outcome := map[string]string{tgChat(1).Key(): redisstore.OutcomeSent, zo("84001").Key(): redisstore.OutcomeSent, zo("84002").Key(): redisstore.OutcomeSkipped}
	err := cs.Read(ctx, c.ID, "a", 10, func(id string, r bot.Recipient) {
		if res, err := cs.Claim(ctx, c.ID, id, "a", r, time.Minute); err != nil || res != redisstore.ClaimOK {
			t.Fatalf("Claim = %s, %v", res, err)
		}
		if res, err := cs.Settle(ctx, c.ID, id, "a", r, outcome[r.Chat.Key()], 3); err != nil || res != outcome[r.Chat.Key()] {
			t.Errorf("Settle %s = %s, %v", r.Chat.Key(), res, err)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	done, won, err := cs.Finish(ctx, c.ID, time.Now())
	if err != nil || !won || done.Status != bot.CampaignDone {
		t.Fatalf("Finish = %s %v %v", done.Status, won, err)
	}
	p := done.Progress
	want := map[string]bot.ChannelProgress{bot.ChannelTelegram: {Sent: 1}, bot.ChannelZaloOA: {Sent: 1, Skipped: 1}}
	if p.Sent != 2 || p.Skipped != 1 || p.Failed != 0 || p.Remaining() != 0 || len(p.Channels) != 2 ||
		p.Channels[bot.ChannelTelegram] != want[bot.ChannelTelegram] || p.Channels[bot.ChannelZaloOA] != want[bot.ChannelZaloOA] {
		t.Errorf("progress %+v", p)
	}
}
