package redisstore

import (
	"context"

	"github.com/eidbot/eidbot/bot"
	"github.com/redis/go-redis/v9"
)

// Erase deletes the chat's session, block marker, auto-answer setting,
// subscription (or group registration, with its share of the audience
// counters) and funnel marks, and takes it out of the campaigns not yet finished (it gets no
// further broadcast): everything this package keeps about the chat that
// holds personal data or outlives a day. Booking data has its own eraser,
// Bookings.Erase.
//
// Kept on purpose:
//   - Update markers (the done set <prefix>:{<chat>}:done of update ids,
//     and <prefix>:{<chat>}:upd:<id> claims of updates in progress) expire
//     within DoneTTL: they are what keeps a delivery of an update from
//     before /forget, retried by Telegram, from being processed again and
//     creating a fresh session from old input. They hold ids, no personal
//     data.
//   - The funnel and audience counters are anonymous aggregates.
//   - A campaign's stream entries (chat id and language of each recipient)
//     and the ledger entry of a send in flight go with the campaign's
//     per-recipient keys, an hour after it finishes (recipientKeep).
//   - Committee roles and the audit log are staff data about what a
//     committee member did, keyed by user id, not the chat's personal data;
//     a super-admin revokes roles.
//
// The steps are separate writes, one per hash tag, so that each works on a
// cluster; each is idempotent, so a failed Erase is finished by running it
// again.
func (st *Store) Erase(ctx context.Context, chat bot.Chat) error {
	_, err := st.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		p.Del(ctx, st.sessionKey(chat), st.blockedKey(chat), st.autoAnswerKey(chat))
		p.Del(ctx, st.funnelPersonKey(chat.Key()))
		return nil
	})
	if err != nil {
		return unavailable("erase "+chat.Key(), err)
	}
	if _, err = st.Subscriptions().Unsubscribe(ctx, chat); err != nil {
		return err
	}
	return st.forgetInCampaigns(ctx, chat)
}

// forgetInCampaigns takes the chat out of every campaign a worker still
// looks at, one script per campaign (each has its own hash tag).
func (st *Store) forgetInCampaigns(ctx context.Context, chat bot.Chat) error {
	ids, err := st.rdb.ZRange(ctx, st.cpsKey("active"), 0, -1).Result()
	if err != nil {
		return unavailable("erase "+chat.Key()+" from campaigns", err)
	}
	for _, id := range ids {
		keys := []string{st.cpKey(id), st.cpLedger(id), st.cpTries(id)}
		if err := campaignForgetScript.Run(ctx, st.batch, keys, chat.Key()).Err(); err != nil {
			return unavailable("erase "+chat.Key()+" from campaign "+id, err)
		}
	}
	return nil
}
