package zalobot

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/eidbot/eidbot/internal/zalojson"
)

// Me is the bot's own account, as getMe reports it [O].
type Me struct {
	ID            string
	AccountName   string
	AccountType   string // e.g. "BASIC"
	CanJoinGroups bool   // groups are beta [O]
}

// GetMe checks the token and reports the bot's account. Call it at
// start-up: a wrong token then fails loudly instead of at the first reply.
func (c *Client) GetMe(ctx context.Context) (Me, error) {
	result, err := c.call(ctx, "getMe", nil)
	if err != nil {
		return Me{}, err
	}
	var raw struct {
		ID            zalojson.String `json:"id"`
		AccountName   string          `json:"account_name"`
		AccountType   string          `json:"account_type"`
		CanJoinGroups bool            `json:"can_join_groups"`
	}
	if json.Unmarshal(result, &raw) != nil || raw.ID == "" {
		return Me{}, errors.New("zalobot: getMe: unexpected result")
	}
	return Me{ID: string(raw.ID), AccountName: raw.AccountName, AccountType: raw.AccountType, CanJoinGroups: raw.CanJoinGroups}, nil
}
