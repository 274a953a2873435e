package main

import "github.com/eidbot/eidbot/bot"

// The channels serve runs are the ones configured, in one notion:
// Telegram with TELEGRAM_TOKEN, the Zalo Bot Platform with ZALO_BOT_TOKEN,
// a Zalo Official Account with ZALO_OA_APP_ID, and the web chat, which needs nothing and is on unless EIDBOT_WEBCHAT is
// off. With nothing set at all, serve therefore runs the web chat alone on
// the embedded store, which is the demo; with the web chat off and neither
// token, there is no channel, and serve exits 2 saying what to set.

// Telegram reports whether the Telegram channel is configured.
func (c Config) Telegram() bool { return c.Token != "" }

// ZaloBot reports whether the Zalo Bot Platform channel is configured.
func (c Config) ZaloBot() bool { return c.Zalo.Token != "" }

// Web reports whether the web chat is on.
func (c Config) Web() bool { return c.WebChat.On }

// Channels are the names (bot.Channel*) of the channels configured, in a
// fixed order; none means serve has nothing to serve.
func (c Config) Channels() []string {
	var names []string
	for _, ch := range []struct {
		name string
		on   bool
	}{{bot.ChannelTelegram, c.Telegram()}, {bot.ChannelZaloBot, c.ZaloBot()}, {bot.ChannelZaloOA, c.ZaloOA()}, {bot.ChannelWeb, c.Web()}} {
		if ch.on {
			names = append(names, ch.name)
		}
	}
	return names
}

// channelsHint says what to set, when no channel is configured.
const channelsHint = "no channel is configured (the web chat is off: EIDBOT_WEBCHAT=off). Set TELEGRAM_TOKEN and\n" +
	"TELEGRAM_WEBHOOK_SECRET for Telegram, and/or ZALO_BOT_TOKEN, ZALO_BOT_WEBHOOK_SECRET and EIDBOT_PUBLIC_URL\n" +
	"for the Zalo Bot Platform, and/or ZALO_OA_APP_ID, ZALO_OA_SECRET_KEY, ZALO_OA_APP_SECRET and EIDBOT_PUBLIC_URL\n" +
	"for a Zalo Official Account, or unset EIDBOT_WEBCHAT for the web chat (the README lists every variable;\n" +
	"for a local chat run: eidbot chat)"

// loadChannels reads every channel's variables besides Telegram's (which
// LoadConfig reads with the rest) and returns every problem.
func (c *Config) loadChannels(getenv func(string) string) []error {
	errs := c.loadZalo(getenv)
	errs = append(errs, c.loadZaloOA(getenv)...)
	var webErrs []error
	c.WebChat, webErrs = loadWebChat(getenv)
	return append(errs, webErrs...)
}
