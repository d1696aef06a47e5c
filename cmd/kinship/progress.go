package main

import (
	"fmt"
	"io"
	"os"
	"time"
)

// interactive reports whether w is a terminal a person is watching.
func interactive(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

// progressReader draws a progress bar on a terminal while a feed is read.
type progressReader struct {
	r     io.Reader
	out   io.Writer
	total int64 // 0 when unknown
	done  int64
	last  time.Time
}

func (p *progressReader) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	p.done += int64(n)
	if time.Since(p.last) > 100*time.Millisecond || err == io.EOF {
		p.last = time.Now()
		p.draw()
	}
	return n, err
}

func (p *progressReader) draw() {
	const width = 30
	if p.total > 0 {
		frac := float64(p.done) / float64(p.total)
		if frac > 1 {
			frac = 1
		}
		filled := int(frac * width)
		fmt.Fprintf(p.out, "\rreading [%s%s] %3.0f%%", bar(filled, '#'), bar(width-filled, '.'), frac*100)
		return
	}
	fmt.Fprintf(p.out, "\rreading %d KB", p.done>>10)
}

// finish clears the progress line.
func (p *progressReader) finish() { fmt.Fprint(p.out, "\r\033[K") }

func bar(n int, c byte) string {
	if n <= 0 {
		return ""
	}
	b := make([]byte, n)
	for i := range b {
		b[i] = c
	}
	return string(b)
}
