//go:build linux

package realtime

import (
	"encoding/binary"
	"net"
	"syscall"
	"unsafe"

	"github.com/gorilla/websocket"
)

// segmentsIn is how many TCP segments c's client has received so far
// (Linux's tcpi_segs_in), or 0 where it cannot be read: the close's
// segments are those from the browser's close frame to the connection's
// end (the server's answer, its FIN, any acknowledgement alone).
func segmentsIn(c *websocket.Conn) int {
	tc, ok := c.UnderlyingConn().(*net.TCPConn)
	if !ok {
		return 0
	}
	rc, err := tc.SyscallConn()
	if err != nil {
		return 0
	}
	var info [232]byte
	n := uint32(len(info))
	var e syscall.Errno
	_ = rc.Control(func(fd uintptr) {
		_, _, e = syscall.Syscall6(syscall.SYS_GETSOCKOPT, fd, syscall.IPPROTO_TCP, syscall.TCP_INFO, uintptr(unsafe.Pointer(&info[0])), uintptr(unsafe.Pointer(&n)), 0)
	})
	if e != 0 || n < 144 {
		return 0
	}
	return int(binary.NativeEndian.Uint32(info[140:])) // tcpi_segs_in
}
