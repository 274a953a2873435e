package main

import (
	"context"
	"fmt"
	"io"
	"net"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/internal/httpserver"
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
// reader. Its sender joins the router (channels.go) with the others.
func (m *Main) startWebChat() {
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

// webChatRoutes is the HTTP server's web chat configuration, or nil.
func (m *Main) webChatRoutes() *httpserver.WebChatConfig {
	if m.web.svc == nil {
		return nil
	}
	return &httpserver.WebChatConfig{Chat: m.web.svc, Origins: m.Config.WebChat.Origins}
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
