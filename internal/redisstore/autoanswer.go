package redisstore

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/eidbot/eidbot/bot"
)

// Auto-answer keys, under the group chat's own tag, so every script
// touches one slot:
//
//	<prefix>:{<chat>}:autoanswer        string  "1" while auto-answer is on in the group
//	<prefix>:{<chat>}:aa:<topic>        hash    until=unix ms upd=update q=question msg a=answer msg
//
// The setting lives until a committee member turns it off or the group's
// registration ends; a topic's claim lives for its window. Neither holds
// any text of the group's messages.

var (
	autoAnswerClaimScript    = plainScript("autoanswer_claim.lua")
	autoAnswerAnsweredScript = plainScript("autoanswer_answered.lua")
)

var _ bot.AutoAnswers = (*Store)(nil)

func (st *Store) autoAnswerKey(group bot.Chat) string { return st.owner(group) + ":autoanswer" }

func (st *Store) topicClaimKey(group bot.Chat, topic string) string {
	return st.owner(group) + ":aa:" + topic
}

// AutoAnswer reports whether auto-answer is on in group.
func (st *Store) AutoAnswer(ctx context.Context, group bot.Chat) (bool, error) {
	n, err := st.rdb.Exists(ctx, st.autoAnswerKey(group)).Result()
	if err != nil {
		return false, unavailable("read auto-answer of "+group.Key(), err)
	}
	return n > 0, nil
}

// SetAutoAnswer turns auto-answer in group on or off.
func (st *Store) SetAutoAnswer(ctx context.Context, group bot.Chat, on bool) error {
	key := st.autoAnswerKey(group)
	var err error
	if on {
		err = st.rdb.Set(ctx, key, "1", 0).Err()
	} else {
		err = st.rdb.Del(ctx, key).Err()
	}
	return unavailable("set auto-answer of "+group.Key(), err)
}

// ClaimTopic claims topic in group for update unless another update
// claimed it less than window before now, in one script.
func (st *Store) ClaimTopic(ctx context.Context, group bot.Chat, topic, update string, question int, now time.Time, window time.Duration) (bot.TopicClaim, error) {
	res, err := autoAnswerClaimScript.Run(ctx, st.batch, []string{st.topicClaimKey(group, topic)},
		now.UnixMilli(), now.Add(window).UnixMilli(), update, question, window.Milliseconds()).Int64Slice()
	if err != nil {
		return bot.TopicClaim{}, unavailable("claim topic "+topic+" in "+group.Key(), err)
	}
	if len(res) != 3 {
		return bot.TopicClaim{}, fmt.Errorf("redisstore: claim topic %s in %s: %d values in the reply", topic, group.Key(), len(res))
	}
	return bot.TopicClaim{Ours: res[0] == 1, Question: int(res[1]), Answer: int(res[2])}, nil
}

// AnsweredTopic records the bot's answer in update's claim of topic.
func (st *Store) AnsweredTopic(ctx context.Context, group bot.Chat, topic, update string, answer int) error {
	err := autoAnswerAnsweredScript.Run(ctx, st.batch, []string{st.topicClaimKey(group, topic)}, update, strconv.Itoa(answer)).Err()
	return unavailable("record the answer to topic "+topic+" in "+group.Key(), err)
}
