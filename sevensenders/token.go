package sevensenders

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"time"
)

// Token lifetime (003 "Authentication": valid for 60 minutes) and how
// early a cached token is replaced.
const (
	tokenTTL     = 60 * time.Minute
	tokenRefresh = 5 * time.Minute
	pathToken    = "/token"
)

// getToken returns the cached token, or fetches one with POST /token
// when there is none or fewer than five of its minutes are left. The
// issue time comes from the client's clock, not from the token.
//
// Seven Senders API docs: 002 "API Key Authorization", 003 "Step 1: Authentication".
func (c *Client) getToken(ctx context.Context) (Secret, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.token.IsZero() && c.now().Sub(c.issued) < tokenTTL-tokenRefresh {
		return c.token, nil
	}
	issued := c.now()
	req := struct {
		AccessKey string `json:"access_key"`
	}{c.accessKey.Reveal()}
	body, err := json.Marshal(req)
	if err != nil {
		return Secret{}, fmt.Errorf("encode token request: %w", err)
	}
	var out struct {
		Token string `json:"token"`
	}
	cl := &call{method: http.MethodPost, path: pathToken, body: body, secret: true}
	if _, err := c.run(ctx, cl, &out); err != nil {
		return Secret{}, err
	}
	if out.Token == "" {
		return Secret{}, fmt.Errorf("%s %s: the answer has no token", cl.method, c.urlPath(pathToken))
	}
	c.secrets.add(out.Token)
	c.token, c.issued = NewSecret(out.Token), issued
	return c.token, nil
}

// dropToken forgets the cached token if it is still used, after the API
// rejected it with 401.
func (c *Client) dropToken(used Secret) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.token == used {
		c.token = Secret{}
	}
}
