package main

import (
	"context"
	"fmt"
	"io"
	"net"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/internal/httpserver"
	"github.com/eidbot/eidbot/internal/telegram"
	"github.com/eidbot/eidbot/internal/webchat"
)

// webChat is the web chat's part of a running Main: the service behind
// the routes, its sender, and the one notice reader of this process.
type webChat struct {
	svc    *webchat.Service
	sender bot.Sender
	stop   context.CancelFunc
	done   chan struct{}
	// wrap, when set (tests), wraps the sender, e.g. to hold a reply back.
	wrap func(bot.Sender) bot.Sender
}

// startWebChat builds the web chat on the core and starts its notice
// reader, unless the configuration turns it off.
func (m *Main) startWebChat() {
	if !m.Config.WebChat.On {
		return
	}
	store := m.core.store.WebChat()
	m.web.sender = webchat.NewSender(store)
	if m.web.wrap != nil {
		m.web.sender = m.web.wrap(m.web.sender)
	}
	var ctx context.Context
	ctx, m.web.stop = context.WithCancel(context.Background())
	m.web.done = make(chan struct{})
	m.web.svc = webchat.New(webchat.Config{Store: store, Handler: engineLater{m}, Log: m.Log, Now: m.Now})
	go func() {
		defer close(m.web.done)
		m.web.svc.Run(ctx)
	}()
}

// engineLater hands web chat messages to the engine, which is built after
// the web chat because the engine needs the web chat's sender.
type engineLater struct{ m *Main }

func (e engineLater) Handle(ctx context.Context, u bot.Update) error {
	return e.m.engine.Handle(ctx, u)
}

// channels sends each reply through the channel its chat is on: Telegram
// (tg may be nil when it is not configured) and the web chat.
func (m *Main) channels(tg *telegram.Client) bot.Sender {
	cs := channels{}
	if tg != nil {
		cs[bot.ChannelTelegram] = tg
	}
	if m.web.sender != nil {
		cs[bot.ChannelWeb] = m.web.sender
	}
	return cs
}

// channels maps a channel name to its sender.
type channels map[string]bot.Sender

// Send delivers r through its chat's channel. A reply with no chat
// answers a button on a Telegram inline message. A channel that is not
// configured refuses the reply for good (bot.ErrRejected).
func (cs channels) Send(ctx context.Context, r bot.Reply) (bot.Sent, error) {
	ch := r.Chat.Channel
	if ch == "" {
		ch = bot.ChannelTelegram
	}
	s, ok := cs[ch]
	if !ok {
		return bot.Sent{}, fmt.Errorf("channel %q is not configured: %w", ch, bot.ErrRejected)
	}
	return s.Send(ctx, r)
}

// webChatRoutes is the HTTP server's web chat configuration, or nil.
func (m *Main) webChatRoutes() *httpserver.WebChatConfig {
	if m.web.svc == nil {
		return nil
	}
	return &httpserver.WebChatConfig{Chat: m.web.svc, Origins: m.Config.WebChat.Origins, TrustedProxies: m.Config.WebChat.TrustedProxies}
}

// closeWebStreams ends the open event streams before the HTTP server
// shuts down (which waits for open responses); browsers reconnect, to
// another replica or to this one when it is back.
func (m *Main) closeWebStreams() {
	if m.web.svc != nil {
		m.web.svc.Close()
	}
}

// stopWebChat stops the notice reader.
func (m *Main) stopWebChat() {
	if m.web.stop != nil {
		m.web.stop()
		<-m.web.done
	}
}

// announceWebChat tells a person starting the server where to try it.
func (m *Main) announceWebChat(w io.Writer) {
	if m.web.svc == nil {
		return
	}
	host, port, _ := net.SplitHostPort(m.Addr())
	if ip := net.ParseIP(host); host == "" || ip.IsUnspecified() {
		host = "localhost"
	}
	base := "http://" + net.JoinHostPort(host, port)
	m.Log.Info("web chat", "demo", base+"/webchat/demo", "chat", base+"/webchat/")
	fmt.Fprintf(w, "Web chat: try the demo page at %s/webchat/demo (the full-page chat is %s/webchat/)\n", base, base)
}
