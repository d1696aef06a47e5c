package safety

import (
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// cpuTime is the CPU time this process has used, user and system. The
// benchmarks report messages per CPU second beside messages per second:
// on a shared machine the wall clock counts the time other processes had
// the core.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// benchMessages runs f over every corpus line per iteration and reports
// messages per second and per CPU second.
func benchMessages(b *testing.B, f func(text, lang string) Result) {
	lines := loadCorpus(b)
	bytes := 0
	for _, l := range lines {
		bytes += len(l.Text)
	}
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := cpuTime()
	for b.Loop() {
		for _, l := range lines {
			f(l.Text, l.Lang)
		}
	}
	n := float64(b.N * len(lines))
	b.ReportMetric(n/b.Elapsed().Seconds(), "msgs/s")
	if cpu := cpuTime() - cpu0; cpu > 0 {
		b.ReportMetric(n/cpu.Seconds(), "msgs/cpu-s")
	}
	b.ReportMetric(float64(bytes)/float64(len(lines)), "bytes/msg")
}

// BenchmarkClassify: the rules alone, every corpus line once per iteration.
func BenchmarkClassify(b *testing.B) { benchMessages(b, Classify) }

// BenchmarkCheck: the rules and the model, every corpus line once per iteration.
func BenchmarkCheck(b *testing.B) { benchMessages(b, Check) }

// BenchmarkClassifyLong classifies one 64 KB message of ordinary chat with
// a crisis sentence at the end.
func BenchmarkClassifyLong(b *testing.B) {
	chunk := "Went to a meeting today, it helped. My sponsor says hi! See you all Thursday 😀\n"
	text := strings.Repeat(chunk, 64<<10/len(chunk)) + "Honestly I don't want to be here anymore."
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		if Classify(text, "en").Level != Crisis {
			b.Fatal("missed the crisis at the end")
		}
	}
}

// BenchmarkCheckLength checks messages of 64 bytes to 1 MB of mixed chat;
// MB/s stays level when the work is linear in the length.
func BenchmarkCheckLength(b *testing.B) {
	chunk := "hoy fui a la junta y me siento mejor, gracias a todos. I'm grateful for this group ❤️ "
	for _, size := range []int{64, 1 << 10, 16 << 10, 1 << 20} {
		text := strings.Repeat(chunk, size/len(chunk)+1)[:size]
		b.Run(byteSize(size), func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			b.ReportAllocs()
			for b.Loop() {
				Check(text, "")
			}
		})
	}
}

func byteSize(n int) string {
	switch {
	case n >= 1<<20:
		return strconv.Itoa(n>>20) + "MB"
	case n >= 1<<10:
		return strconv.Itoa(n>>10) + "KB"
	}
	return strconv.Itoa(n) + "B"
}

// BenchmarkClassify1MB classifies one megabyte of mixed-language chat.
func BenchmarkClassify1MB(b *testing.B) {
	chunk := "hoy fui a la junta y me siento mejor, gracias a todos. I'm grateful for this group ❤️ "
	text := strings.Repeat(chunk, 1<<20/len(chunk))
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		Classify(text, "")
	}
}
