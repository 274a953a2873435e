package main

import (
	"context"
	"fmt"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/bot/plaintext"
	"github.com/eidbot/eidbot/internal/httpserver"
	"github.com/eidbot/eidbot/internal/zalobot"
)

// zaloPath is the route of the Zalo Bot Platform's webhook.
const zaloPath = "/zalo/bot/webhook"

// zaloChannel connects the Zalo Bot Platform channel: it checks the token
// with getMe, and returns the sender and the webhook.
func (m *Main) zaloChannel(ctx context.Context) (*zalobot.Sender, httpserver.Hook, error) {
	cfg := m.Config.Zalo
	c, err := zalobot.New(zalobot.Config{Token: cfg.Token, APIURL: cfg.APIURL, HTTPClient: m.httpClient(), Timeout: botAPITimeout, Log: m.Log, Calls: m.calls()})
	if err != nil {
		return nil, httpserver.Hook{}, err
	}
	m.zb = c
	me, err := c.GetMe(ctx)
	if err != nil {
		return nil, httpserver.Hook{}, fmt.Errorf("zalo bot: %w", err)
	}
	m.Log.Info("Zalo Bot connected", "account", me.AccountName, "type", me.AccountType, "can_join_groups", me.CanJoinGroups)
	hook, err := zalobot.NewWebhook(cfg.Secret, m.Log)
	if err != nil {
		return nil, httpserver.Hook{}, err
	}
	sender := zalobot.NewSender(zalobot.SenderConfig{
		Client: c,
		Options: func(_ bot.Chat, lang bot.Lang) plaintext.Options {
			return textOptions(m.core.catalog, lang, zalobot.MessageLimit)
		},
		Link: m.fileLink,
	})
	return sender, httpserver.Hook{Path: zaloPath, Header: zalobot.SecretHeader, Authenticate: hook.Authenticate, Decode: hook.Decode}, nil
}

// fileLink stores a document for chat and returns the public link that
// downloads it (GET /ics/<token>), for channels that send no files.
func (m *Main) fileLink(ctx context.Context, chat bot.Chat, d bot.Document) (string, error) {
	token, err := m.core.files.Put(ctx, chat, d)
	if err != nil {
		return "", err
	}
	return m.Config.PublicURL + "/ics/" + token, nil
}
