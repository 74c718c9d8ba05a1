package sim

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// createToken answers POST /v2/token {access_key} with {token}, a JWT
// valid for 60 minutes of the simulator's clock (002 "API Key
// Authorization", 003 "Authentication"). The route needs no token, so an
// Authorization header sent along (even an expired token) is ignored,
// and a wrong key may be tried again at once: there is no rate limit.
func (s *Server) createToken(rq *request) response {
	obj, res := rq.decode(schemaToken)
	if res.isErr() {
		return res
	}
	if str(obj, "access_key") != s.accessKey {
		return broken(ruleTokenAccessKey, "", "access_key is not valid")
	}
	token := s.jwt()
	digest, exp := tokenDigest(token), s.now().Add(tokenTTL)
	s.st.TokenDigests[digest] = exp
	s.changes.token(digest, exp)
	return ok(map[string]any{"token": token})
}

// jwtHeader is the fixed header of every token.
var jwtHeader = base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"HS256","typ":"JWT"}`))

// jwtClaims is the payload of a token, in a fixed field order.
type jwtClaims struct {
	Issuer  string `json:"iss"`
	Subject string `json:"sub"`
	ID      string `json:"jti"`
	Issued  int64  `json:"iat"`
	Expires int64  `json:"exp"`
}

// jwt returns a new token: a JWT (rule token-jwt) with a random jti,
// signed with the server's random key, so that nobody can guess a token
// from the seed or the clock.
func (s *Server) jwt() string {
	now := s.now()
	claims, err := json.Marshal(jwtClaims{
		Issuer: "sevenflow-sim", Subject: "access-key", ID: rand.Text(),
		Issued: now.Unix(), Expires: now.Add(tokenTTL).Unix(),
	})
	if err != nil {
		panic(fmt.Sprintf("sim: marshal token claims: %v", err))
	}
	unsigned := jwtHeader + "." + base64.RawURLEncoding.EncodeToString(claims)
	mac := hmac.New(sha256.New, s.signKey[:])
	mac.Write([]byte(unsigned))
	return unsigned + "." + base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
}

// tokenDigest is what the simulator keeps of a token: its SHA-256, in
// hex. The state (GET /sim/state, the state file) never holds a token.
func tokenDigest(token string) string {
	d := sha256.Sum256([]byte(token))
	return hex.EncodeToString(d[:])
}

// checkToken returns 401 unless rq carries a bearer token that is known
// and not expired (never 403), and how old the token is.
func (s *Server) checkToken(rq *request) (time.Duration, response) {
	h := rq.Header.Get("Authorization")
	token, found := strings.CutPrefix(h, "Bearer ")
	if !found || token == "" {
		return 0, broken(ruleTokenRequired, "", "missing bearer token; get one from POST /v2/token")
	}
	exp, known := s.st.TokenDigests[tokenDigest(strings.TrimSpace(token))]
	if !known {
		return 0, broken(ruleTokenRequired, "", "token is not valid; get one from POST /v2/token")
	}
	now := s.now()
	if !now.Before(exp) {
		return 0, broken(ruleTokenExpiry, "", "token expired at %s; get a new one from POST /v2/token", exp.Format("2006-01-02T15:04:05Z07:00"))
	}
	return now.Sub(exp.Add(-tokenTTL)), response{}
}

// checkAdminKey returns 401 unless rq carries the admin key, when one is
// set (WithAdminKey).
func (s *Server) checkAdminKey(rq *request) response {
	if s.adminKey == "" {
		return response{}
	}
	got := rq.Header.Get(AdminKeyHeader)
	if subtle.ConstantTimeCompare([]byte(got), []byte(s.adminKey)) == 1 {
		return response{}
	}
	what := "no admin key"
	if got != "" {
		what = "a wrong admin key"
	}
	return errorf(http.StatusUnauthorized, codeUnauthorized, "%s: the admin API needs the admin key in the %s header (sevenflow sim --admin-key)", what, AdminKeyHeader)
}
