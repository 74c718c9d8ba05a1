package sim

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
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
	token := s.jwt(len(s.st.Tokens) + 1)
	s.st.Tokens[token] = s.now().Add(tokenTTL)
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

// jwt returns the n-th token: a JWT (rule token-jwt) that depends only on
// the seed, the access key, n and the clock, so runs with a manual clock
// get the same tokens.
func (s *Server) jwt(n int) string {
	now := s.now()
	claims, err := json.Marshal(jwtClaims{
		Issuer: "sevenflow-sim", Subject: "access-key", ID: fmt.Sprintf("%d-%d", s.st.Seed, n),
		Issued: now.Unix(), Expires: now.Add(tokenTTL).Unix(),
	})
	if err != nil {
		panic(fmt.Sprintf("sim: marshal token claims: %v", err))
	}
	unsigned := jwtHeader + "." + base64.RawURLEncoding.EncodeToString(claims)
	key := sha256.Sum256(fmt.Appendf(nil, "sevenflow-sim/%d/%s", s.st.Seed, s.accessKey))
	mac := hmac.New(sha256.New, key[:])
	mac.Write([]byte(unsigned))
	return unsigned + "." + base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
}

// checkToken returns 401 unless rq carries a bearer token that is known
// and not expired; never 403.
func (s *Server) checkToken(rq *request) response {
	h := rq.Header.Get("Authorization")
	token, found := strings.CutPrefix(h, "Bearer ")
	if !found || token == "" {
		return broken(ruleTokenRequired, "", "missing bearer token; get one from POST /v2/token")
	}
	exp, known := s.st.Tokens[strings.TrimSpace(token)]
	if !known {
		return broken(ruleTokenRequired, "", "token is not valid; get one from POST /v2/token")
	}
	if !s.now().Before(exp) {
		return broken(ruleTokenExpiry, "", "token expired at %s; get a new one from POST /v2/token", exp.Format("2006-01-02T15:04:05Z07:00"))
	}
	return response{}
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
