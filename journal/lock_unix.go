//go:build unix

package journal

import (
	"errors"
	"fmt"
	"os"
	"syscall"
)

// lockFile takes the writer's lock of the journal at path: an flock of
// the file, which SQLite's own (POSIX record) locks do not touch. It
// fails at once when another process or Journal holds it.
func lockFile(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("journal %s: %w", path, err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		_ = f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("journal %s: %w", path, ErrInUse)
		}
		return nil, fmt.Errorf("journal %s: lock: %w", path, err)
	}
	return f, nil
}
