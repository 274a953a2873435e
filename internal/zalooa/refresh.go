package zalooa

import (
	"context"
	"encoding/json"
	"errors"
	"net/url"
	"time"

	"github.com/eidbot/eidbot/internal/zalojson"
)

// Grant is a token pair the token endpoint handed out.
type Grant struct {
	AccessToken  string
	RefreshToken string        // single-use; replaces the one spent
	ExpiresIn    time.Duration // of the access token
}

// Refresh spends refreshToken, which is single-use, on a new pair [T]:
// POST {OAuthURL}/v4/oa/access_token with the form app_id, grant_type and
// refresh_token, and the app secret in the secret_key header. expires_in
// may come as a number or a string; when it is missing,
// DefaultAccessTokenLifetime is assumed. The request is tried again only
// when it never reached Zalo (a failed dial): a repeat after a lost
// answer would spend the token twice, which Zalo refuses, revoking the
// pair. Errors never contain a token or the secret.
func (c *Client) Refresh(ctx context.Context, refreshToken string) (Grant, error) {
	if refreshToken == "" {
		return Grant{}, ErrNoTokens
	}
	form := url.Values{"app_id": {c.cfg.AppID}, "grant_type": {"refresh_token"}, "refresh_token": {refreshToken}}
	data, err := c.do(ctx, request{
		op: "refresh", url: c.cfg.OAuthURL + RefreshPath, contentType: "application/x-www-form-urlencoded",
		body: []byte(form.Encode()), header: map[string]string{SecretKeyHeader: c.cfg.AppSecret},
		secrets: []string{refreshToken, c.cfg.AppSecret}, once: true,
	})
	if err != nil {
		return Grant{}, err
	}
	var a struct {
		AccessToken  string          `json:"access_token"`
		RefreshToken string          `json:"refresh_token"`
		ExpiresIn    json.RawMessage `json:"expires_in"`
	}
	if json.Unmarshal(data, &a) != nil || a.AccessToken == "" || a.RefreshToken == "" {
		return Grant{}, errors.New("zalooa: refresh: the answer holds no token pair")
	}
	g := Grant{AccessToken: a.AccessToken, RefreshToken: a.RefreshToken, ExpiresIn: DefaultAccessTokenLifetime}
	var secs zalojson.Int
	if len(a.ExpiresIn) > 0 && json.Unmarshal(a.ExpiresIn, &secs) == nil && secs > 0 {
		g.ExpiresIn = time.Duration(secs) * time.Second
	}
	return g, nil
}
