package redisstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/redis/go-redis/v9"
)

// This file is the queue side of Campaigns, the methods the delivery
// worker (internal/broadcast) calls. Recipients flow through a Redis
// Stream read by one consumer group; the ledger hash, not the stream,
// says what happened to each recipient, so that a stream entry delivered
// twice (reclaimed from a consumer that looked dead) is sent at most once
// while its lease holds.

// expandBatch bounds the recipients one expansion script adds.
const expandBatch = 500

// Due returns up to n campaigns a worker must look at whose SendAt is at
// or before now: scheduled ones to start, running ones to deliver, and
// stopped ones to finish.
func (cs *Campaigns) Due(ctx context.Context, now time.Time, n int) ([]string, error) {
	ids, err := cs.st.rdb.ZRangeArgs(ctx, redis.ZRangeArgs{Key: cs.st.cpsKey("active"), ByScore: true,
		Start: "-inf", Stop: strconv.FormatInt(now.UnixMilli(), 10), Count: int64(n)}).Result()
	return ids, unavailable("due campaigns", err)
}

// Start moves a scheduled campaign to running (Started = now) and makes
// sure its stream and consumer group exist. It returns the campaign as it
// is now, in any status, and whether its audience was fully expanded.
func (cs *Campaigns) Start(ctx context.Context, id string, now time.Time) (bot.Campaign, bool, error) {
	keys := []string{cs.st.cpKey(id), cs.st.cpStream(id)}
	res, err := campaignStartScript.Run(ctx, cs.st.batch, keys, now.UnixMilli(), campaignGroup).Text()
	if err != nil {
		return bot.Campaign{}, false, unavailable("start campaign "+id, err)
	}
	if res == "none" {
		return bot.Campaign{}, false, bot.ErrNoCampaign
	}
	h, err := cs.st.rdb.HGetAll(ctx, cs.st.cpKey(id)).Result()
	if err != nil {
		return bot.Campaign{}, false, unavailable("start campaign "+id, err)
	}
	c, err := cs.decode(h)
	return c, h["exp"] == "1", err
}

// Expand adds recipients to a running campaign, each chat once however
// often it is called. It returns how many were new, and
// bot.ErrCampaignState when the campaign is not running.
func (cs *Campaigns) Expand(ctx context.Context, id string, rs []bot.Recipient) (int, error) {
	keys := cs.st.cpKeys(id)[:3]
	added := 0
	for len(rs) > 0 {
		batch := rs[:min(len(rs), expandBatch)]
		rs = rs[len(batch):]
		args := make([]any, 0, 2*len(batch))
		for _, r := range batch {
			data, err := json.Marshal(r)
			if err != nil {
				return added, fmt.Errorf("redisstore: encoding a recipient: %w", err)
			}
			args = append(args, r.Chat.Key(), data)
		}
		n, err := campaignExpandScript.Run(ctx, cs.st.batch, keys, args...).Int()
		if err != nil {
			return added, unavailable("expand campaign "+id, err)
		}
		if n < 0 {
			return added, bot.ErrCampaignState
		}
		added += n
	}
	return added, nil
}

// Expanded records that the campaign's whole audience was added, which
// lets it finish once every recipient was handled.
func (cs *Campaigns) Expanded(ctx context.Context, id string) error {
	cmds, err := cs.st.durably(ctx, func(p redis.Pipeliner) { p.HSet(ctx, cs.st.cpKey(id), "exp", 1) })
	return unavailable("expanded campaign "+id, firstErr(cmds, err))
}

// Read hands the consumer up to n recipients no consumer has read yet,
// calling fn with each stream entry id. The entries stay pending until
// Claim or Settle acknowledges them.
func (cs *Campaigns) Read(ctx context.Context, id, consumer string, n int, fn func(entry string, r bot.Recipient)) error {
	res, err := cs.st.rdb.XReadGroup(ctx, &redis.XReadGroupArgs{Group: campaignGroup, Consumer: consumer,
		Streams: []string{cs.st.cpStream(id), ">"}, Count: int64(n), Block: -1}).Result()
	if errors.Is(err, redis.Nil) {
		return nil
	}
	if err != nil {
		if isNoGroup(err) { // cancelled: the stream is gone
			return nil
		}
		return unavailable("read campaign "+id, err)
	}
	for _, s := range res {
		eachEntry(s.Messages, fn)
	}
	return nil
}

// Reclaim takes over up to n entries that have been pending longer than
// minIdle, whichever consumer read them (its own too), starting the scan
// at cursor ("" or "0-0" for the start). It returns the cursor for the
// next call, "0-0" after a full pass.
func (cs *Campaigns) Reclaim(ctx context.Context, id, consumer string, minIdle time.Duration, cursor string, n int, fn func(entry string, r bot.Recipient)) (string, error) {
	if cursor == "" {
		cursor = "0-0"
	}
	msgs, next, err := cs.st.rdb.XAutoClaim(ctx, &redis.XAutoClaimArgs{Stream: cs.st.cpStream(id), Group: campaignGroup,
		Consumer: consumer, MinIdle: minIdle, Start: cursor, Count: int64(n)}).Result()
	if err != nil {
		if isNoGroup(err) {
			return "0-0", nil
		}
		return cursor, unavailable("reclaim campaign "+id, err)
	}
	eachEntry(msgs, fn)
	return next, nil
}

// eachEntry decodes stream entries; one that does not decode is skipped
// (it stays pending and is never sent, which keeps the campaign from
// finishing rather than sending something wrong).
func eachEntry(msgs []redis.XMessage, fn func(string, bot.Recipient)) {
	for _, m := range msgs {
		raw, _ := m.Values["r"].(string)
		var r bot.Recipient
		if json.Unmarshal([]byte(raw), &r) != nil {
			continue
		}
		fn(m.ID, r)
	}
}

func isNoGroup(err error) bool { return strings.HasPrefix(err.Error(), "NOGROUP") }

// Claim results.
const (
	ClaimOK    = "ok"    // leased: send it
	ClaimAgain = "again" // leased after an earlier lease ran out: the earlier send may have gone out
	ClaimBusy  = "busy"  // another consumer holds a live lease: leave the entry
	ClaimDone  = "done"  // handled already, or the campaign stopped: skip (acknowledged)
)

// Claim leases recipient r (stream entry entry) to consumer for lease,
// measured on Redis' clock. It returns ClaimOK, ClaimAgain, ClaimBusy or
// ClaimDone.
func (cs *Campaigns) Claim(ctx context.Context, id, entry, consumer string, r bot.Recipient, lease time.Duration) (string, error) {
	if strings.Contains(consumer, "|") {
		return "", fmt.Errorf("redisstore: consumer name %q contains '|'", consumer)
	}
	res, err := campaignClaimScript.Run(ctx, cs.st.batch, cs.st.cpKeys(id)[:3],
		r.Chat.Key(), consumer, lease.Milliseconds(), entry, campaignGroup).Text()
	return res, unavailable("claim a recipient of campaign "+id, err)
}

// Settle outcomes.
const (
	OutcomeSent    = "sent"
	OutcomeBlocked = "blocked"
	OutcomeFailed  = "failed"
	OutcomeSkipped = "skipped" // not reachable on its channel now (a Zalo OA's reply window): reported, not retried
	OutcomeRetry   = "retry"   // a temporary failure: queue again, fail after maxAttempts
	OutcomeRequeue = "requeue" // not sent (e.g. a flood pause): queue again
)

// Settle records the outcome of a send of r that consumer had claimed, and
// acknowledges its stream entry. It returns the recipient's state now:
// "sent", "blocked", "failed", "skipped", "cancelled", "queued", or "lost" when the
// lease was no longer the consumer's (nothing was recorded).
func (cs *Campaigns) Settle(ctx context.Context, id, entry, consumer string, r bot.Recipient, outcome string, maxAttempts int) (string, error) {
	data, err := json.Marshal(r)
	if err != nil {
		return "", fmt.Errorf("redisstore: encoding a recipient: %w", err)
	}
	res, err := campaignSettleScript.Run(ctx, cs.st.batch, cs.st.cpKeys(id),
		r.Chat.Key(), consumer, outcome, entry, campaignGroup, maxAttempts, data).Text()
	return res, unavailable("settle a recipient of campaign "+id, err)
}

// Finish marks the campaign finished when every recipient was handled (a
// running one becomes done; a cancelled one stays cancelled). It reports
// true to exactly one caller over all processes, which sends the final
// report, and returns the campaign as it is now.
func (cs *Campaigns) Finish(ctx context.Context, id string, now time.Time) (bot.Campaign, bool, error) {
	n, err := campaignFinishScript.Run(ctx, cs.st.batch, cs.st.cpKeys(id), now.UnixMilli(), recipientKeep.Milliseconds()).Int()
	if err != nil {
		return bot.Campaign{}, false, unavailable("finish campaign "+id, err)
	}
	c, found, err := cs.Get(ctx, id)
	if err != nil || !found {
		return bot.Campaign{}, false, errors.Join(err, errNoRecord(found, id))
	}
	return c, n == 1, nil
}

// Retire removes a finished campaign from the worker's view.
func (cs *Campaigns) Retire(ctx context.Context, id string) error {
	return unavailable("retire campaign "+id, cs.st.rdb.ZRem(ctx, cs.st.cpsKey("active"), id).Err())
}

// ReportTurn gives one caller among all processes the turn to send the
// campaign's progress report, at most once per every. It returns the id
// of the progress message sent before (0: none yet, send a new one).
func (cs *Campaigns) ReportTurn(ctx context.Context, id string, every time.Duration) (int, bool, error) {
	ok, err := cs.st.rdb.SetNX(ctx, cs.st.cpReport(id), 1, every).Result()
	if err != nil || !ok {
		return 0, false, unavailable("report turn of campaign "+id, err)
	}
	rep, err := cs.st.rdb.HGet(ctx, cs.st.cpKey(id), "rep").Int()
	if err != nil && !errors.Is(err, redis.Nil) {
		return 0, false, unavailable("report turn of campaign "+id, err)
	}
	return rep, true, nil
}

// SetReport remembers the progress message, which later reports edit.
func (cs *Campaigns) SetReport(ctx context.Context, id string, messageID int) error {
	return unavailable("set report of campaign "+id, cs.st.rdb.HSet(ctx, cs.st.cpKey(id), "rep", messageID).Err())
}
