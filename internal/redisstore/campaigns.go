package redisstore

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/redis/go-redis/v9"
)

// Campaign keys. A campaign's own keys share the hash tag {cp:<id>}, so
// every script that moves one recipient touches one slot; the indexes that
// span campaigns share {cps}. An index entry is written after the record
// and every writer repeats it idempotently, so the two never need one
// script.
//
//	<prefix>:{cp:<id>}:c        hash    d=JSON of the fixed part, st=status, au=author, ap=approver,
//	                                    cn=canceller, sa/fi=started/finished (unix ms), total, sent,
//	                                    blocked, failed, skipped, cancelled, and per channel
//	                                    <outcome>@<channel> (sent@zo …), exp=1 once expanded,
//	                                    rep=progress message id, fin=1 once finished and reported
//	<prefix>:{cp:<id>}:q        stream  recipients to send (k=chat key, r=JSON of bot.Recipient), group "w"
//	<prefix>:{cp:<id>}:l        hash    ledger: chat key → q (queued), i|<consumer>|<lease ms> (sending),
//	                                    s (sent), b (blocked), f (failed), k (skipped), x (cancelled)
//	<prefix>:{cp:<id>}:t        hash    temporary failures per chat key
//	<prefix>:{cp:<id>}:rl       string  held while one worker sends a progress report
//	<prefix>:{cps}:active       zset    campaigns a worker must look at (scheduled, running, or
//	                                    stopped but not yet finished), by SendAt (unix ms)
//	<prefix>:{cps}:all          zset    every campaign by creation (unix ms)
//	<prefix>:{cps}:area:<area>  zset    the area's campaigns by creation (unix ms)
//	<prefix>:{cps}:req:<id>     string  the campaign a Create request made
//
// The stream, ledger and attempts expire recipientKeep after the campaign
// finished; the record and the indexes stay.

// campaignGroup is the consumer group every worker reads a stream in.
const campaignGroup = "w"

// campaignKeep is how long a Create request is remembered.
const campaignKeep = 30 * 24 * time.Hour

// recipientKeep is how long a finished campaign's per-recipient keys (who
// got it, in which language) stay: long enough for a late worker to find
// its recipients handled, short because they are personal data the
// campaign no longer needs. The counts stay in the campaign record.
const recipientKeep = time.Hour

func (st *Store) cpTag(id string) string    { return st.opts.Prefix + ":{cp:" + id + "}:" }
func (st *Store) cpKey(id string) string    { return st.cpTag(id) + "c" }
func (st *Store) cpStream(id string) string { return st.cpTag(id) + "q" }
func (st *Store) cpLedger(id string) string { return st.cpTag(id) + "l" }
func (st *Store) cpTries(id string) string  { return st.cpTag(id) + "t" }
func (st *Store) cpReport(id string) string { return st.cpTag(id) + "rl" }
func (st *Store) cpsKey(name string) string { return st.opts.Prefix + ":{cps}:" + name }

// cpKeys are the four keys of a campaign most scripts take, in the order
// hash, ledger, stream, attempts.
func (st *Store) cpKeys(id string) []string {
	return []string{st.cpKey(id), st.cpLedger(id), st.cpStream(id), st.cpTries(id)}
}

// Campaigns is the Redis implementation of bot.Campaigns and of the queue
// the delivery worker (internal/broadcast) reads. Make one with
// NewCampaigns; it is safe for concurrent use, and any number of processes
// may share one Redis.
type Campaigns struct {
	st  *Store
	now func() time.Time
}

var _ bot.Campaigns = (*Campaigns)(nil)

// NewCampaigns returns the campaign store on st's Redis and key prefix.
func NewCampaigns(st *Store) *Campaigns { return &Campaigns{st: st, now: time.Now} }

// Create stores c under a new id. With a requestID, creating again returns
// the campaign the first call made, even when that call failed halfway.
func (cs *Campaigns) Create(ctx context.Context, c bot.Campaign, needsApproval bool, requestID string) (bot.Campaign, error) {
	if strings.ContainsAny(c.Area, "{}") {
		return bot.Campaign{}, fmt.Errorf("redisstore: campaign area %q contains a brace", c.Area)
	}
	id := "c" + strings.ToLower(rand.Text()[:12])
	if requestID != "" {
		key := cs.st.cpsKey("req:" + requestID)
		cmds, err := cs.st.durably(ctx, func(p redis.Pipeliner) {
			p.SetArgs(ctx, key, id, redis.SetArgs{Mode: "NX", Get: true, TTL: campaignKeep})
		})
		var got string
		if err == nil {
			got, err = cmds[0].(*redis.StatusCmd).Result()
		}
		switch {
		case errors.Is(err, redis.Nil): // ours
		case err != nil:
			return bot.Campaign{}, unavailable("create campaign", err)
		default:
			id = got // a retry: finish what the first call began
		}
	}
	c.ID, c.Progress = id, bot.CampaignProgress{}
	c.Status = bot.CampaignScheduled
	if needsApproval {
		c.Status = bot.CampaignAwaiting
	}
	if c.Created.IsZero() {
		c.Created = cs.now()
	}
	c.Approver, c.Canceller, c.Started, c.Finished = "", "", time.Time{}, time.Time{}
	data, err := json.Marshal(c)
	if err != nil {
		return bot.Campaign{}, fmt.Errorf("redisstore: encoding campaign: %w", err)
	}
	err = campaignCreateScript.Run(ctx, cs.st.batch, []string{cs.st.cpKey(id)}, data, c.Status, string(c.Author)).Err()
	if err != nil {
		return bot.Campaign{}, unavailable("create campaign "+id, err)
	}
	stored, found, err := cs.Get(ctx, id)
	if err != nil || !found {
		return bot.Campaign{}, errors.Join(err, unavailable("create campaign "+id, errors.New("record vanished")))
	}
	return stored, cs.index(ctx, stored)
}

// index writes a campaign's index entries; repeating it changes nothing.
func (cs *Campaigns) index(ctx context.Context, c bot.Campaign) error {
	created := float64(c.Created.UnixMilli())
	cmds, err := cs.st.durably(ctx, func(p redis.Pipeliner) {
		p.ZAdd(ctx, cs.st.cpsKey("all"), redis.Z{Score: created, Member: c.ID})
		p.ZAdd(ctx, cs.st.cpsKey("area:"+c.Area), redis.Z{Score: created, Member: c.ID})
		if c.Status == bot.CampaignScheduled {
			p.ZAdd(ctx, cs.st.cpsKey("active"), redis.Z{Score: float64(c.SendAt.UnixMilli()), Member: c.ID})
		}
	})
	return unavailable("index campaign "+c.ID, firstErr(cmds, err))
}

// Get returns a campaign with its progress. Rate is the average since the
// campaign started, in handled recipients per second.
func (cs *Campaigns) Get(ctx context.Context, id string) (bot.Campaign, bool, error) {
	h, err := cs.st.rdb.HGetAll(ctx, cs.st.cpKey(id)).Result()
	if err != nil {
		return bot.Campaign{}, false, unavailable("get campaign "+id, err)
	}
	if len(h) == 0 {
		return bot.Campaign{}, false, nil
	}
	c, err := cs.decode(h)
	return c, err == nil, err
}

// decode assembles a campaign from its hash.
func (cs *Campaigns) decode(h map[string]string) (bot.Campaign, error) {
	var c bot.Campaign
	if err := json.Unmarshal([]byte(h["d"]), &c); err != nil {
		return bot.Campaign{}, fmt.Errorf("redisstore: decoding campaign: %w", err)
	}
	num := func(f string) int64 { n, _ := strconv.ParseInt(h[f], 10, 64); return n }
	at := func(f string) time.Time {
		if h[f] == "" {
			return time.Time{}
		}
		return time.UnixMilli(num(f))
	}
	c.Status, c.Approver, c.Canceller = h["st"], legacyUser(h["ap"]), legacyUser(h["cn"])
	c.Started, c.Finished = at("sa"), at("fi")
	p := bot.CampaignProgress{Total: int(num("total")), Sent: int(num("sent")), Blocked: int(num("blocked")),
		Failed: int(num("failed")), Cancelled: int(num("cancelled")), Skipped: int(num("skipped")),
		Channels: channelProgress(h)}
	if !c.Started.IsZero() {
		end := c.Finished
		if end.IsZero() {
			end = cs.now()
		}
		if secs := end.Sub(c.Started).Seconds(); secs > 0 {
			p.Rate = float64(p.Sent+p.Blocked+p.Failed+p.Skipped) / secs
		}
	}
	c.Progress = p
	return c, nil
}

// channelProgress reads the per-channel counts of a campaign's hash, the
// fields <outcome>@<channel> that campaign_settle.lua counts; nil when
// there are none.
func channelProgress(h map[string]string) map[string]bot.ChannelProgress {
	var out map[string]bot.ChannelProgress
	for f, v := range h {
		outcome, ch, ok := strings.Cut(f, "@")
		if !ok {
			continue
		}
		n, _ := strconv.Atoi(v)
		if out == nil {
			out = map[string]bot.ChannelProgress{}
		}
		p := out[ch]
		switch outcome {
		case OutcomeSent:
			p.Sent = n
		case OutcomeBlocked:
			p.Blocked = n
		case OutcomeFailed:
			p.Failed = n
		case OutcomeSkipped:
			p.Skipped = n
		}
		out[ch] = p
	}
	return out
}

// Approve moves an awaiting campaign to scheduled. Approving again by the
// same approver returns the campaign, also once it is sending or sent, so
// a retried request or a second press of the button shows the approval
// (the double-tap rule, bot.Pressed).
func (cs *Campaigns) Approve(ctx context.Context, id string, by bot.UserID) (bot.Campaign, error) {
	res, err := campaignApproveScript.Run(ctx, cs.st.batch, []string{cs.st.cpKey(id)}, string(by)).Text()
	if err != nil {
		return bot.Campaign{}, unavailable("approve campaign "+id, err)
	}
	switch res {
	case "none":
		return bot.Campaign{}, bot.ErrNoCampaign
	case "self":
		return bot.Campaign{}, bot.ErrSelfApproval
	case "state":
		return bot.Campaign{}, bot.ErrCampaignState
	}
	c, found, err := cs.Get(ctx, id)
	if err != nil || !found {
		return bot.Campaign{}, errors.Join(err, errNoRecord(found, id))
	}
	return c, cs.index(ctx, c)
}

// Cancel stops a campaign that is not done. Recipients still queued count
// as cancelled at once; sends in flight end as they do, and the worker
// then finishes the campaign and sends the final report.
func (cs *Campaigns) Cancel(ctx context.Context, id string, by bot.UserID) (bot.Campaign, error) {
	keys := []string{cs.st.cpKey(id), cs.st.cpLedger(id), cs.st.cpStream(id)}
	res, err := campaignCancelScript.Run(ctx, cs.st.batch, keys, string(by), cs.now().UnixMilli()).Text()
	if err != nil {
		return bot.Campaign{}, unavailable("cancel campaign "+id, err)
	}
	switch res {
	case "none":
		return bot.Campaign{}, bot.ErrNoCampaign
	case "state":
		return bot.Campaign{}, bot.ErrCampaignState
	case "idle": // never started: no worker will look at it again
		if err := cs.Retire(ctx, id); err != nil {
			return bot.Campaign{}, err
		}
	}
	c, found, err := cs.Get(ctx, id)
	if err != nil || !found {
		return bot.Campaign{}, errors.Join(err, errNoRecord(found, id))
	}
	return c, nil
}

// List returns up to n of the area's campaigns ("" for every area), newest
// first.
func (cs *Campaigns) List(ctx context.Context, area string, n int) ([]bot.Campaign, error) {
	if n <= 0 {
		return nil, nil
	}
	index := cs.st.cpsKey("all")
	if area != "" {
		index = cs.st.cpsKey("area:" + area)
	}
	ids, err := cs.st.rdb.ZRevRange(ctx, index, 0, int64(n-1)).Result()
	if err != nil {
		return nil, unavailable("list campaigns", err)
	}
	pipe := cs.st.rdb.Pipeline()
	cmds := make([]*redis.MapStringStringCmd, len(ids))
	for i, id := range ids {
		cmds[i] = pipe.HGetAll(ctx, cs.st.cpKey(id))
	}
	if _, err := pipe.Exec(ctx); err != nil && len(ids) > 0 {
		return nil, unavailable("list campaigns", err)
	}
	out := make([]bot.Campaign, 0, len(ids))
	for _, cmd := range cmds {
		if len(cmd.Val()) == 0 {
			continue // indexed by a Create that failed before its record
		}
		c, err := cs.decode(cmd.Val())
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// errNoRecord reports a record that vanished between a script and the read
// after it; nil when it was found.
func errNoRecord(found bool, id string) error {
	if found {
		return nil
	}
	return fmt.Errorf("redisstore: campaign %s: %w", id, bot.ErrNoCampaign)
}

// legacyUser reads a user id stored in a campaign's hash. Records written
// before ids were qualified hold a bare Telegram id; "0" and "" are nobody.
func legacyUser(s string) bot.UserID {
	if s == "" || s == "0" {
		return ""
	}
	if id, ok := bot.ParseUserID(s); ok {
		return id
	}
	return bot.UserID(s)
}
