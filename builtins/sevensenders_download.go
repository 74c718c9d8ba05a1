package builtins

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"mime"
	"net/http"
	"strings"

	"github.com/sevenflow/sevenflow/sevensenders"
)

// download gets the file at path and returns what a pipeline needs to know
// of it, not its bytes: {id, format, content_type, size, sha256}, where
// format is pdf or zpl (from the content type, "" when unknown).
func (b *apiCall) download(ctx context.Context, client *sevensenders.Client, path string, args map[string]any) (any, error) {
	var data []byte
	resp, err := client.Do(ctx, http.MethodGet, path, nil, &data)
	if err != nil {
		return nil, callError(fullName(b.op), err)
	}
	ct := resp.Header.Get("Content-Type")
	sum := sha256.Sum256(data)
	return map[string]any{
		"id":           args["id"],
		"format":       labelFormat(ct),
		"content_type": ct,
		"size":         len(data),
		"sha256":       hex.EncodeToString(sum[:]),
	}, nil
}

// labelFormat maps a label file's content type to its format.
func labelFormat(contentType string) string {
	mt, _, _ := mime.ParseMediaType(contentType)
	switch {
	case mt == "application/pdf":
		return "pdf"
	case strings.Contains(mt, "zpl"), mt == "text/plain":
		return "zpl"
	}
	return ""
}
