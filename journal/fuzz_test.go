package journal_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/sevenflow/sevenflow/journal"
)

// FuzzOpenTorn opens a journal whose file holds arbitrary bytes, as a
// file torn by a crash or overwritten might: Open either fails with an
// error or gives a journal that can record a run. It never panics.
func FuzzOpenTorn(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte("SQLite format 3\x00"))
	f.Add(append([]byte("SQLite format 3\x00"), make([]byte, 4096)...))
	f.Add([]byte("not a database"))
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), "day.db")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		j, err := journal.Open(path)
		if err != nil {
			return
		}
		defer j.Close()
		if _, err := j.StartRun(context.Background(), journal.RunInfo{}); err != nil {
			t.Logf("a journal that opened cannot start a run: %v", err)
		}
	})
}
