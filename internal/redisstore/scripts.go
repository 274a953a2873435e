package redisstore

import (
	"embed"

	"github.com/redis/go-redis/v9"
)

// The booking scripts live in lua/, one file each, with their KEYS and ARGV
// documented at the top. Each is compiled with lib.lua in front, so the
// helpers are shared without a second round trip or a server-side library.
//
//go:embed lua/*.lua
var luaFiles embed.FS

var (
	bookScript       = bookingScript("book.lua")
	rescheduleScript = bookingScript("reschedule.lua")
	cancelScript     = bookingScript("cancel.lua")
	statusScript     = bookingScript("status.lua")
	leaseScript      = bookingScript("lease.lua")
	forgetScript     = bookingScript("forget.lua")
	visitScript      = bookingScript("visit.lua")
	acceptScript     = bookingScript("accept.lua")

	// The scripts that read a campaign's ledger share ledger.lua; the
	// others, and the limiter's, stand alone.
	campaignCreateScript  = plainScript("campaign_create.lua")
	campaignApproveScript = plainScript("campaign_approve.lua")
	campaignCancelScript  = plainScript("campaign_cancel.lua")
	campaignStartScript   = plainScript("campaign_start.lua")
	campaignExpandScript  = plainScript("campaign_expand.lua")
	campaignClaimScript   = ledgerScript("campaign_claim.lua")
	campaignSettleScript  = ledgerScript("campaign_settle.lua")
	campaignFinishScript  = ledgerScript("campaign_finish.lua")
	campaignForgetScript  = ledgerScript("campaign_forget.lua")
	limitScript           = plainScript("limit.lua")
	pauseScript           = plainScript("pause.lua")
	questionKeepScript    = plainScript("question_keep.lua")
)

// ledgerScript builds a campaign script that reads the ledger from
// ledger.lua and the named file.
func ledgerScript(name string) *redis.Script { return luaScript("ledger.lua", name) }

// bookingScript builds a script from lib.lua and the named file.
func bookingScript(name string) *redis.Script { return luaScript("lib.lua", name) }

var (
	subscribeScript   = committeeScript("subscribe.lua")
	unsubscribeScript = committeeScript("unsubscribe.lua")
	migrateScript     = committeeScript("migrate.lua")
	markScript        = committeeScript("mark.lua")
)

// committeeScript builds a subscription or funnel script from counts.lua
// and the named file.
func committeeScript(name string) *redis.Script { return luaScript("counts.lua", name) }

// plainScript builds a script from the named file alone.
func plainScript(name string) *redis.Script { return luaScript("", name) }

// luaScript builds a script from the library file lib (none when empty) and
// the named file, so helpers are shared without a second round trip or a
// server-side library. A missing file is a build mistake, so it panics at
// start-up.
func luaScript(lib, name string) *redis.Script {
	var src []byte
	for _, f := range []string{lib, name} {
		if f == "" {
			continue
		}
		b, err := luaFiles.ReadFile("lua/" + f)
		if err != nil {
			panic("redisstore: " + err.Error())
		}
		src = append(src, b...)
	}
	return redis.NewScript(string(src))
}
