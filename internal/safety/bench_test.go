package safety

import (
	"strings"
	"testing"
)

// BenchmarkClassify classifies every corpus line once per iteration and
// reports messages per second.
func BenchmarkClassify(b *testing.B) {
	lines := loadCorpus(b)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for _, l := range lines {
			Classify(l.Text, l.Lang)
		}
	}
	b.ReportMetric(float64(b.N*len(lines))/b.Elapsed().Seconds(), "msgs/s")
}

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
