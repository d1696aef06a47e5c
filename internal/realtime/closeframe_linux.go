//go:build linux

package realtime

import (
	"net"
	"syscall"
	"unsafe"
)

// writeBeforeClose writes p, the last bytes a connection carries before
// it is closed (the answer to the browser's close frame), with MSG_MORE:
// the kernel keeps them until close(2), a moment later, which sends them
// with the FIN in one segment. Written plainly they went in a segment of
// their own, then the FIN in another: on every page's socket one more
// packet out, one more the browser's side acknowledges, and a wake-up of
// it, in the write(2) that was 3.3% of a node in the quiet profile of
// 437903c (the close(2) after it another 3.2%). ok is false when c is not
// a TCP connection of this process's (a test's wrapper; a TLS
// connection): the caller writes as before.
func writeBeforeClose(c net.Conn, p []byte) (n int, err error, ok bool) {
	tc, isTCP := c.(*net.TCPConn)
	if !isTCP || len(p) == 0 {
		return 0, nil, false
	}
	rc, err := tc.SyscallConn()
	if err != nil {
		return 0, nil, false
	}
	var werr error
	err = rc.Write(func(fd uintptr) bool {
		for n < len(p) {
			m, _, e := syscall.Syscall6(syscall.SYS_SENDTO, fd, uintptr(unsafe.Pointer(&p[n])), uintptr(len(p)-n), syscall.MSG_MORE|syscall.MSG_NOSIGNAL, 0, 0)
			switch e {
			case 0:
				n += int(m)
			case syscall.EINTR:
			case syscall.EAGAIN:
				return false // wait until the connection can take more
			default:
				werr = e
				return true
			}
		}
		return true
	})
	if werr != nil {
		err = werr
	}
	return n, err, true
}
