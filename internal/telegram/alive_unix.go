//go:build unix

package telegram

import (
	"errors"
	"net"
	"syscall"
)

// alive reports whether an idle connection is still open: a peek that
// neither blocks nor consumes finds nothing to read. End of file means the
// server closed it; data on an idle HTTP/1.1 connection means it will.
func alive(c net.Conn) bool {
	sc, ok := c.(syscall.Conn)
	if !ok {
		return true
	}
	rc, err := sc.SyscallConn()
	if err != nil {
		return false
	}
	var buf [1]byte
	open := false
	err = rc.Read(func(fd uintptr) bool {
		_, _, err := syscall.Recvfrom(int(fd), buf[:], syscall.MSG_PEEK|syscall.MSG_DONTWAIT)
		open = errors.Is(err, syscall.EAGAIN) || errors.Is(err, syscall.EWOULDBLOCK)
		return true
	})
	return err == nil && open
}
