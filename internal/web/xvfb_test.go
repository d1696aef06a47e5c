package web_test

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"syscall"
	"testing"
	"time"

	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// virtualDisplay starts an X server of w x h pixels (Xvfb) for a test that
// needs Chromium's real windows, and stops it when the test ends; without
// Xvfb the test is skipped, unless KINSHIP_TEST_REQUIRE names xvfb.
func virtualDisplay(t *testing.T, w, h int) string {
	t.Helper()
	exe, err := exec.LookPath("Xvfb")
	if err != nil {
		testutil.Unavailable(t, "xvfb", "Xvfb is not installed (apt-get install xvfb x11-apps)")
	}
	for n := 90; n < 140; n++ {
		if _, err := os.Stat(fmt.Sprintf("/tmp/.X%d-lock", n)); err == nil {
			continue // another X server's, or one that ended without tidying up
		}
		display := fmt.Sprintf(":%d", n)
		cmd := exec.Command(exe, display, "-screen", "0", fmt.Sprintf("%dx%dx24", w, h), "-nolisten", "tcp")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Asked to end (not killed), Xvfb removes its socket and lock file,
		// which would otherwise keep the display number taken.
		t.Cleanup(func() { _ = cmd.Process.Signal(syscall.SIGTERM); _ = cmd.Wait() })
		for end := time.Now().Add(10 * time.Second); time.Now().Before(end); time.Sleep(50 * time.Millisecond) {
			if _, err := os.Stat(fmt.Sprintf("/tmp/.X11-unix/X%d", n)); err == nil {
				return display
			}
		}
		t.Fatalf("Xvfb did not start on %s", display)
	}
	t.Fatal("no free X display between :90 and :139")
	return ""
}

// displayShot is a PNG of the whole display, read with xwd.
func displayShot(t *testing.T, display string) []byte {
	t.Helper()
	out, err := exec.Command("xwd", "-root", "-silent", "-display", display).Output()
	if err != nil {
		t.Fatalf("xwd: %v", err)
	}
	img, err := decodeXWD(out)
	if err != nil {
		t.Fatalf("xwd's picture: %v", err)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// decodeXWD reads the X Window Dump a 24- or 32-bit TrueColor display gives
// (ZPixmap, 32 bits per pixel): a header of big-endian 32-bit fields, the
// window's name, the colour map, then the pixels.
func decodeXWD(b []byte) (image.Image, error) {
	if len(b) < 100 {
		return nil, fmt.Errorf("%d bytes, too short", len(b))
	}
	f := func(i int) int { return int(binary.BigEndian.Uint32(b[i*4:])) }
	header, format, w, h := f(0), f(2), f(4), f(5)
	byteOrder, bpp, line, ncolors := f(7), f(11), f(12), f(19)
	redMask, greenMask, blueMask := uint32(f(14)), uint32(f(15)), uint32(f(16))
	if format != 2 || bpp != 32 {
		return nil, fmt.Errorf("format %d with %d bits per pixel; only ZPixmap at 32 is read", format, bpp)
	}
	start := header + ncolors*12
	if start+line*h > len(b) {
		return nil, fmt.Errorf("%d bytes for %dx%d", len(b), w, h)
	}
	shift := func(m uint32) uint {
		n := uint(0)
		for m != 0 && m&1 == 0 {
			m >>= 1
			n++
		}
		return n
	}
	rs, gs, bs := shift(redMask), shift(greenMask), shift(blueMask)
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			p := b[start+y*line+x*4:]
			var v uint32
			if byteOrder == 0 {
				v = binary.LittleEndian.Uint32(p)
			} else {
				v = binary.BigEndian.Uint32(p)
			}
			img.SetRGBA(x, y, color.RGBA{uint8((v & redMask) >> rs), uint8((v & greenMask) >> gs), uint8((v & blueMask) >> bs), 255})
		}
	}
	return img, nil
}
