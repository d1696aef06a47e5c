//go:build !unix

package datadir

import (
	"errors"
	"os"
)

var errHeld = errors.New("held")

// On systems without flock the lock is advisory only: Kinship's supported
// servers are Unix.
func lockFile(*os.File) error   { return nil }
func unlockFile(*os.File) error { return nil }
