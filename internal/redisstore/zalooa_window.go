package redisstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/redis/go-redis/v9"
)

var (
	zoOpenedScript  = plainScript("zalooa_opened.lua")
	zoReserveScript = plainScript("zalooa_reserve.lua")
	zoQuotaScript   = plainScript("zalooa_quota.lua")
)

// zoWindowKeep is how long a window record outlives the user's last
// message: any window is shorter (Zalo's is 48 h).
const zoWindowKeep = 7 * 24 * time.Hour

// zoQuotaKeep is how long a month's quota counter lives.
const zoQuotaKeep = 40 * 24 * time.Hour

// ZaloOAWindows tracks Zalo OA users' reply windows (the
// zalooa.WindowStore contract) and one OA's broadcast quota (the
// zalooa.QuotaStore contract). A window lives under the user's chat tag;
// the reservation is one script, so replicas sending to one user at once
// never take more than the window allows, and it waits for a replica
// (durability.go) so a failover cannot hand the same sends out again.
type ZaloOAWindows struct {
	st  *Store
	tag string // the OA's, for the quota
}

// ZaloOAWindows returns the window and quota store of the OA with id oa.
func (st *Store) ZaloOAWindows(oa string) (*ZaloOAWindows, error) {
	if err := checkOAID(oa); err != nil {
		return nil, err
	}
	return &ZaloOAWindows{st: st, tag: st.zoOA(oa)}, nil
}

// Opened records that the user of chat wrote at at in message msgID: a
// newer message opens a fresh window; one at the same time only fills in
// a missing id; an older one changes nothing.
func (w *ZaloOAWindows) Opened(ctx context.Context, chat bot.Chat, at time.Time, msgID string) error {
	err := zoOpenedScript.Run(ctx, w.st.batch, []string{w.st.zoWindowKey(chat)}, at.UnixMilli(), msgID, zoWindowKeep.Milliseconds()).Err()
	return unavailable("open the reply window of "+chat.Key(), err)
}

// Reserve takes up to n sends from the chat's window as of now: a window
// opened less than window before now allows limit sends in all. It
// returns how many it took and the id of the message that opened it.
func (w *ZaloOAWindows) Reserve(ctx context.Context, chat bot.Chat, n, limit int, window time.Duration, now time.Time) (int, string, error) {
	if n <= 0 {
		return 0, "", nil
	}
	res, err := zoReserveScript.Run(ctx, w.st.batch, []string{w.st.zoWindowKey(chat)}, n, limit, window.Milliseconds(), now.UnixMilli()).Slice()
	if err == nil && len(res) != 2 {
		err = fmt.Errorf("zalooa_reserve.lua replied %v", res)
	}
	if err != nil {
		return 0, "", unavailable("reserve replies to "+chat.Key(), err)
	}
	k, _ := res[0].(int64)
	msg, _ := res[1].(string)
	return int(k), msg, nil
}

// Left reports how many sends the chat's window has left as of now,
// without taking any: a window opened less than window before now allows
// limit sends in all. It reads what Reserve would take, for estimates (a
// campaign's preview); only Reserve decides.
func (w *ZaloOAWindows) Left(ctx context.Context, chat bot.Chat, limit int, window time.Duration, now time.Time) (int, error) {
	h, err := w.st.rdb.HMGet(ctx, w.st.zoWindowKey(chat), "t", "n").Result()
	if err != nil {
		return 0, unavailable("read the reply window of "+chat.Key(), err)
	}
	t, _ := h[0].(string)
	n, _ := h[1].(string)
	opened, err := strconv.ParseInt(t, 10, 64)
	if err != nil || now.UnixMilli()-opened >= window.Milliseconds() {
		return 0, nil
	}
	used, _ := strconv.Atoi(n)
	return max(0, limit-used), nil
}

// Erase deletes the chat's window record and held messages (for /forget).
func (w *ZaloOAWindows) Erase(ctx context.Context, chat bot.Chat) error {
	return unavailable("erase the reply window of "+chat.Key(), w.st.rdb.Del(ctx, w.st.zoWindowKey(chat), w.st.zoHoldKey(chat)).Err())
}

// Hold keeps the messages of a turn that the user's reply window did not
// allow, for the user's next message to show (it opens a fresh window).
// They are added after any held before (a reminder cut while the rest of
// a turn waits must not replace it), skipping a text already held (a
// retried turn holds the same rest again), and kept as long as a window
// record.
func (w *ZaloOAWindows) Hold(ctx context.Context, chat bot.Chat, texts []string) error {
	return w.changeHeld(ctx, chat, "hold messages for", func(held []string) []string {
		for _, t := range texts {
			if !slices.Contains(held, t) {
				held = append(held, t)
			}
		}
		return held
	})
}

// Held returns the messages held for chat; none when nothing is held. They
// stay held until DropHeld, so that a send that fails is tried again with
// them instead of losing them.
func (w *ZaloOAWindows) Held(ctx context.Context, chat bot.Chat) ([]string, error) {
	data, err := w.st.rdb.Get(ctx, w.st.zoHoldKey(chat)).Bytes()
	if errors.Is(err, redis.Nil) {
		return nil, nil
	}
	if err != nil {
		return nil, unavailable("take the messages held for "+chat.Key(), err)
	}
	return decodeHeld(chat, data)
}

// DropHeld forgets the messages held for chat that were sent (shown, as
// Held returned them): messages held since, by a reminder cut in the
// meantime, stay for the next message.
func (w *ZaloOAWindows) DropHeld(ctx context.Context, chat bot.Chat, shown []string) error {
	return w.changeHeld(ctx, chat, "drop the messages held for", func(held []string) []string {
		return slices.DeleteFunc(held, func(t string) bool { return slices.Contains(shown, t) })
	})
}

// changeHeld rewrites the messages held for chat with change, under WATCH
// so that a hold and a drop at once do not lose each other's messages;
// none left deletes the record.
func (w *ZaloOAWindows) changeHeld(ctx context.Context, chat bot.Chat, what string, change func([]string) []string) error {
	key := w.st.zoHoldKey(chat)
	var corrupt error // not Redis's failure: no retry mends it
	for range maxAttempts {
		err := w.st.rdb.Watch(ctx, func(tx *redis.Tx) error {
			data, err := tx.Get(ctx, key).Bytes()
			var held []string
			switch {
			case errors.Is(err, redis.Nil):
			case err != nil:
				return err
			default:
				if held, corrupt = decodeHeld(chat, data); corrupt != nil {
					return corrupt
				}
			}
			held = change(held)
			_, err = tx.TxPipelined(ctx, func(p redis.Pipeliner) error {
				if len(held) == 0 {
					p.Del(ctx, key)
					return nil
				}
				out, err := json.Marshal(held)
				p.Set(ctx, key, out, zoWindowKeep)
				return err
			})
			return err
		}, key)
		switch {
		case corrupt != nil:
			return corrupt
		case !errors.Is(err, redis.TxFailedErr):
			return unavailable(what+" "+chat.Key(), err)
		}
	}
	return unavailable(what+" "+chat.Key(), errContended)
}

// decodeHeld reads a record of held messages.
func decodeHeld(chat bot.Chat, data []byte) ([]string, error) {
	var texts []string
	if err := json.Unmarshal(data, &texts); err != nil {
		return nil, fmt.Errorf("redisstore: messages held for %s: %w", chat.Key(), err)
	}
	return texts, nil
}

// Take takes up to n of period's broadcast quota of limit and returns how
// many it took.
func (w *ZaloOAWindows) Take(ctx context.Context, period string, n, limit int) (int, error) {
	if checkOAID(period) != nil {
		return 0, errors.New("redisstore: a quota period holds letters, digits, '.', '_' and '-' only")
	}
	if n <= 0 || limit <= 0 {
		return 0, nil
	}
	k, err := zoQuotaScript.Run(ctx, w.st.batch, []string{w.tag + "quota:" + period}, n, limit, zoQuotaKeep.Milliseconds()).Int()
	return k, unavailable("take from the Zalo OA quota", err)
}
