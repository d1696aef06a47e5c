//go:build !linux

package realtime

import "github.com/gorilla/websocket"

// segmentsIn is read on Linux only (segments_linux_test.go).
func segmentsIn(*websocket.Conn) int { return 0 }
