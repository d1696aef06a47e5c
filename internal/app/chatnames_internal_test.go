package app

import (
	"testing"
	"time"
)

// A chat's kept names answer only while the name cache has forgotten
// nothing since they were looked up and until the oldest of them would
// have left it; never for someone they do not hold.
func TestChatNamesAnswerOnlyWhileTheNameCacheWould(t *testing.T) {
	var c nameCache
	now := time.Now()
	n := &chatNames{gen: c.moved.Load(), until: now.Add(time.Second), byUser: map[string]string{"bo": "Bo"}}
	if got, ok := n.name(&c, "bo", now); !ok || got != "Bo" {
		t.Fatalf("kept names give %q, %v", got, ok)
	}
	if _, ok := n.name(&c, "cy", now); ok {
		t.Fatal("kept names answered for someone they do not hold")
	}
	if _, ok := n.name(&c, "bo", now.Add(time.Second)); ok {
		t.Fatal("kept names answered once the oldest would have left the name cache")
	}
	c.forget("someone else")
	if _, ok := n.name(&c, "bo", now); ok {
		t.Fatal("kept names answered after the name cache forgot a name")
	}
	n.gen = c.moved.Load()
	c.clear()
	if _, ok := n.name(&c, "bo", now); ok {
		t.Fatal("kept names answered after the name cache was cleared")
	}
	if _, ok := (*chatNames)(nil).name(&c, "bo", now); ok {
		t.Fatal("no kept names answered")
	}
}
