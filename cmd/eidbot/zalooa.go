package main

import (
	"context"
	"crypto/rand"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/bot/plaintext"
	"github.com/eidbot/eidbot/internal/httpserver"
	"github.com/eidbot/eidbot/internal/redisstore"
	"github.com/eidbot/eidbot/internal/zalooa"
)

// zaloOAPath is the route of the Zalo Official Account's webhook.
const zaloOAPath = "/zalo/oa/webhook"

// zaloOA is the Zalo Official Account channel of one process: the webhook
// records each verified event in the OA's journal and answers at once; the
// worker processes the journal (on whichever replica reads an event first)
// through the engine; the sender answers within each person's reply
// window; the tokens are kept fresh by whichever replica gets the lock.
type zaloOA struct {
	cfg     ZaloOAConfig
	client  *zalooa.Client
	tokens  *zalooa.Tokens
	sender  *zalooa.Sender
	windows *redisstore.ZaloOAWindows
	journal *redisstore.ZaloOAEvents
	inbox   *zalooa.Inbox
	worker  *zalooa.Worker // once the engine exists (startZaloOA)
	subs    bot.Subscriptions
	blocks  bot.BlockList
	engine  *chatbot
	stop    context.CancelFunc
	done    sync.WaitGroup
}

// oaStores opens the OA's state in the store: its journal, token pair and
// reply windows, keyed by the app id.
func oaStores(st *redisstore.Store, appID string) (*redisstore.ZaloOAEvents, *redisstore.ZaloOATokens, *redisstore.ZaloOAWindows, error) {
	journal, err := st.ZaloOAEvents(appID)
	if err != nil {
		return nil, nil, nil, err
	}
	tokens, err := st.ZaloOATokens(appID)
	if err != nil {
		return nil, nil, nil, err
	}
	windows, err := st.ZaloOAWindows(appID)
	return journal, tokens, windows, err
}

// oaClientConfig is the zalooa configuration of cfg.
func oaClientConfig(cfg ZaloOAConfig) zalooa.Config {
	return zalooa.Config{AppID: cfg.AppID, SecretKey: cfg.SecretKey, AppSecret: cfg.AppSecret, OAID: cfg.OAID,
		APIURL: cfg.APIURL, OAuthURL: cfg.OAuthURL, Buttons: cfg.Buttons, BroadcastQuota: cfg.BroadcastQuota}
}

// zaloOAChannel connects the Zalo OA channel: its client, tokens, sender
// and webhook. It calls nothing: the tokens are checked by the first
// refresh (and /readyz), since a process must start while Zalo is away.
func (m *Main) zaloOAChannel() (*zaloOA, httpserver.Hook, error) {
	cfg := m.Config.OA
	if cfg.Area != "" && !slices.ContainsFunc(m.core.areas, func(a bot.Area) bool { return a.ID == cfg.Area }) {
		return nil, httpserver.Hook{}, fmt.Errorf("ZALO_OA_AREA %q: not an area of EIDBOT_AREAS_FILE", cfg.Area)
	}
	zcfg := oaClientConfig(cfg)
	zcfg.HTTPClient, zcfg.Log, zcfg.Now, zcfg.Calls = m.httpClient(), m.Log, m.Now, m.calls()
	client, err := zalooa.New(zcfg)
	if err != nil {
		return nil, httpserver.Hook{}, err
	}
	journal, tokenStore, windows, err := oaStores(m.core.store, cfg.AppID)
	if err != nil {
		return nil, httpserver.Hook{}, err
	}
	hook, err := zalooa.NewWebhook(zcfg)
	if err != nil {
		return nil, httpserver.Hook{}, err
	}
	oa := &zaloOA{cfg: cfg, client: client, tokens: zalooa.NewTokens(client, tokenStore), windows: windows,
		journal: journal, inbox: zalooa.NewInbox(hook, journal, m.Log), subs: m.core.subs, blocks: m.core.store}
	cat := m.core.catalog
	oa.sender = zalooa.NewSender(zalooa.SenderConfig{
		Client: client, Tokens: oa.tokens, Windows: windows, Quota: windows,
		Options: func(_ bot.Chat, lang bot.Lang) plaintext.Options {
			return textOptions(cat, lang, zalooa.MessageLimit)
		},
		Link: m.fileLink,
		More: func(_ bot.Chat, lang bot.Lang) string {
			if _, ok := bot.ParseLang(string(lang)); !ok {
				lang = bot.Vietnamese
			}
			return cat.Text(lang, "zo.more", nil)
		},
		Cut:      oa.hold,
		Refusals: m.refusals(),
	})
	accept := func(ctx context.Context, signature string, body []byte) error {
		// Zalo wants its answer within WebhookDeadline; a slower store
		// is a 503 (the deadline's error), and Zalo's retry is recorded
		// once.
		ctx, cancel := context.WithTimeout(ctx, zalooa.WebhookDeadline)
		defer cancel()
		_, err := oa.inbox.Receive(ctx, signature, body)
		return err
	}
	return oa, httpserver.Hook{Path: zaloOAPath, Header: zalooa.SignatureHeader, Verify: hook.Verify, Accept: accept}, nil
}

// hold keeps what a person's reply window did not let a turn send, for
// their next message to show. Should that fail, the person misses the
// rest of one turn (logged); the engine's session still knows where the
// conversation is.
func (oa *zaloOA) hold(ctx context.Context, chat bot.Chat, unsent []string) {
	if err := oa.windows.Hold(ctx, chat, unsent); err != nil {
		oa.engine.Log().Warn("zalooa: keeping the rest of a cut turn failed", "chat", chat.Key(), "err", err)
	}
}

// oaPoll is how long one read of the OA's journal waits for an event by
// default; a stopping process waits for the read in progress.
const oaPoll = 2 * time.Second

// start builds the worker on engine and runs it and the token refresher
// until stop. poll < 0 leaves the worker off (tests drive Poll by hand);
// 0 means oaPoll.
func (oa *zaloOA) start(engine *chatbot, poll time.Duration) error {
	oa.engine = engine
	if poll == 0 {
		poll = oaPoll
	}
	w, err := zalooa.NewWorker(zalooa.WorkerConfig{Journal: oa.journal, Handler: oa.handle, Windows: oa.windows,
		Consumer: "eidbot-" + strings.ToLower(rand.Text()[:12]), Block: poll, Log: engine.Log(), Now: engine.Now})
	if err != nil {
		return err
	}
	oa.worker = w
	ctx, stop := context.WithCancel(context.Background())
	oa.stop = stop
	oa.done.Go(func() { oa.tokens.Run(ctx) })
	if poll >= 0 {
		oa.done.Go(func() { w.Run(ctx) })
	}
	return nil
}

// close stops the worker and the token refresher and drops the
// connections to Zalo.
func (oa *zaloOA) close() {
	if oa.stop != nil {
		oa.stop()
		oa.done.Wait()
	}
	oa.client.Close()
}

// handle processes one recorded event: a text or a follow through the
// engine (a follow is the welcome, then the offer of the OA's area's
// notices; following again after an unfollow lifts the block), a message the bot cannot read as the engine's "text only"
// notice, an unfollow by ending the person's subscription. A text that
// answers "reply with any word to see the rest" gets the rest of the turn
// the window cut, and nothing else.
func (oa *zaloOA) handle(ctx context.Context, ev zalooa.Event) error {
	u := ev.Update
	switch ev.Kind {
	case zalooa.KindFollow:
		if err := oa.blocks.SetBlocked(ctx, u.Chat, false); err != nil {
			return err
		}
		u.Payload = "notices"
		if oa.cfg.Area != "" {
			u.Payload += "_" + oa.cfg.Area
		}
	case zalooa.KindNonText:
		u.Kind = bot.UpdateUnsupported
	case zalooa.KindUnfollow:
		if err := oa.engine.Handle(ctx, u); err != nil {
			return err
		}
		_, err := oa.subs.Unsubscribe(ctx, u.Chat)
		return err
	case zalooa.KindMessage:
		held, err := oa.windows.Held(ctx, u.Chat)
		if err != nil {
			return err
		}
		if len(held) > 0 {
			// Forgotten only once sent: if the send fails, the worker's
			// retry shows them again rather than reading the person's
			// "any word" as an answer to the question they have not seen.
			if err := oa.showHeld(ctx, u.Chat, held); err != nil {
				return err
			}
			return oa.windows.DropHeld(ctx, u.Chat, held)
		}
	}
	return oa.engine.Handle(ctx, u)
}

// showHeld sends the rest of a cut turn. The texts are rendered already:
// escaped, they render back to themselves.
func (oa *zaloOA) showHeld(ctx context.Context, chat bot.Chat, held []string) error {
	replies := make([]bot.Reply, len(held))
	for i, text := range held {
		replies[i] = bot.Reply{Kind: bot.ReplyText, Chat: chat, Text: bot.Escape(text)}
	}
	s, _, err := oa.engine.Session(ctx, chat)
	if err != nil {
		return err
	}
	return oa.sender.SendTurn(ctx, chat, s.Lang, replies)
}

// ready reports the tokens' health: red while the OA has no usable access
// token or its last refresh failed.
func (oa *zaloOA) ready() error { return oa.tokens.Healthy() }

// reachable counts the area's subscribers on the OA whom a campaign could
// reach now: those whose reply window is open with a send left. (A
// broadcast quota may reach more; the count is a lower bound.)
func (oa *zaloOA) reachable(ctx context.Context, area string) (map[string]int, error) {
	now, n := oa.engine.Now(), 0
	err := oa.subs.Each(ctx, area, bot.AudienceSubscribers, func(s bot.Subscriber) error {
		if s.Chat.Channel != bot.ChannelZaloOA {
			return nil
		}
		left, err := oa.windows.Left(ctx, s.Chat, zalooa.RepliesPerWindow, zalooa.ReplyWindow-zalooa.WindowMargin, now)
		if left > 0 {
			n++
		}
		return err
	})
	return map[string]int{bot.ChannelZaloOA: n}, err
}
