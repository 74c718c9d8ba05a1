package sim

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"strings"
)

// createToken answers POST /v2/token {access_key} with {token}, valid for
// 60 minutes of the simulator's clock (003 "Authentication").
func (s *Server) createToken(rq *request) response {
	obj, res := rq.decode(schemaToken)
	if res.isErr() {
		return res
	}
	if str(obj, "access_key") != s.accessKey {
		return errorf(http.StatusUnauthorized, codeUnauthorized, "access_key is not valid")
	}
	sum := sha256.Sum256(fmt.Appendf(nil, "%d/%d/%s", s.st.Seed, len(s.st.Tokens)+1, s.accessKey))
	token := "sim." + hex.EncodeToString(sum[:16])
	s.st.Tokens[token] = s.now().Add(tokenTTL)
	return ok(map[string]any{"token": token})
}

// checkToken returns 401 unless rq carries a bearer token that is known
// and not expired.
func (s *Server) checkToken(rq *request) response {
	h := rq.Header.Get("Authorization")
	token, found := strings.CutPrefix(h, "Bearer ")
	if !found || token == "" {
		return errorf(http.StatusUnauthorized, codeUnauthorized, "missing bearer token; get one from POST /v2/token")
	}
	exp, known := s.st.Tokens[strings.TrimSpace(token)]
	if !known {
		return errorf(http.StatusUnauthorized, codeUnauthorized, "token is not valid")
	}
	if !s.now().Before(exp) {
		return errorf(http.StatusUnauthorized, codeUnauthorized, "token expired at %s", exp.Format("2006-01-02T15:04:05Z07:00"))
	}
	return response{}
}
