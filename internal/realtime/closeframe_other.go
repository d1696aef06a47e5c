//go:build !linux

package realtime

import "net"

// writeBeforeClose writes with MSG_MORE on Linux only (closeframe_linux.go);
// elsewhere the caller writes as before.
func writeBeforeClose(net.Conn, []byte) (int, error, bool) { return 0, nil, false }
