package redisstore

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/eidbot/eidbot/bot"
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

// Erase deletes the chat's window record (for /forget).
func (w *ZaloOAWindows) Erase(ctx context.Context, chat bot.Chat) error {
	return unavailable("erase the reply window of "+chat.Key(), w.st.rdb.Del(ctx, w.st.zoWindowKey(chat)).Err())
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
