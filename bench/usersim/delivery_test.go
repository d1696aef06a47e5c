package main

import (
	"testing"
	"time"
)

// TestTallyTellsDeliveriesApart builds one step's book by hand: a reader
// whose socket was subscribed before two messages were sent, then a new
// page whose catch-up brings a message sent while the reader was away, a
// reaction that sends an old message again, and messages that never came.
func TestTallyTellsDeliveriesApart(t *testing.T) {
	t0 := time.Date(2026, 12, 5, 14, 0, 0, 0, time.UTC)
	at := func(ms int) time.Time { return t0.Add(time.Duration(ms) * time.Millisecond) }
	b := newDeliveryBook()
	const reader, author = 1, 2

	// Messages sent in conv "g" by the author: the send's stamp, its
	// answer and the change that created it.
	b.sentOne("m1", &sentMsg{conv: "g", author: author, sent: at(1000), acked: at(1010), change: 21})
	b.sentOne("m2", &sentMsg{conv: "g", author: author, sent: at(2000), acked: at(2010), change: 22})
	b.sentOne("m3", &sentMsg{conv: "g", author: author, sent: at(5000), acked: at(5010), change: 23}) // while the reader was away
	b.sentOne("m4", &sentMsg{conv: "g", author: author, sent: at(9000), acked: at(9010), change: 25}) // live, never came
	b.sentOne("h1", &sentMsg{conv: "g", author: author, sent: at(9500), acked: at(9510), change: 26, held: true})
	b.sentOne("own", &sentMsg{conv: "g", author: reader, sent: at(9600), acked: at(9610), change: 27})

	// The first page's socket: subscribed from change 20, answered at 500 ms.
	s1 := b.socket(reader, "g")
	b.asked(s1, 20, at(400))
	b.subscribed(s1, at(500))
	b.see(s1, sighting{msg: "m1", change: 21, sent: at(1000), at: at(1005)})
	b.see(s1, sighting{msg: "m2", change: 22, sent: at(2000), at: at(2120)})
	b.see(s1, sighting{msg: "m2", change: 22, sent: at(2000), at: at(2130)}) // the same change again
	b.closedAt(s1, at(3000))

	// The next page: its catch-up (before the answer) brings m3; then a
	// reaction to m1 (change 24) sends m1 again, an update.
	s2 := b.socket(reader, "g")
	b.asked(s2, 22, at(7000))
	b.see(s2, sighting{msg: "m3", change: 23, sent: at(5000), at: at(7050)})
	b.subscribed(s2, at(7060))
	b.see(s2, sighting{msg: "m1", change: 24, sent: at(1000), at: at(8000)})

	// A third socket asks from change 20 after m1-m3 committed but its
	// catch-up brings only m1: m2 and m3 are lost from the catch-up.
	s3 := b.socket(3, "g")
	b.asked(s3, 20, at(6000))
	b.see(s3, sighting{msg: "m1", change: 21, sent: at(1000), at: at(6010)})
	b.subscribed(s3, at(6020))
	b.closedAt(s3, at(6100))

	st := b.tally(at(0), at(60000), at(30000))
	if len(st.live) != 2 || st.live[0] != 5*time.Millisecond || st.live[1] != 120*time.Millisecond {
		t.Errorf("live deliveries = %v, want m1 in 5 ms and m2 in 120 ms", st.live)
	}
	if len(st.caught) != 2 || st.caught[0] != 2050*time.Millisecond || st.caught[1] != 5010*time.Millisecond {
		t.Errorf("caught up = %v, want m3 after 2,050 ms (away) and m1 on the third socket after 5,010 ms", st.caught)
	}
	if st.updates != 1 {
		t.Errorf("updates = %d, want 1 (the reaction that sent m1 again)", st.updates)
	}
	if st.duplicates != 1 {
		t.Errorf("duplicates = %d, want 1 (m2's change twice on one socket)", st.duplicates)
	}
	// m4 was sent while the second socket was subscribed, answered, and
	// the socket stayed open past the grace: lost live. The held message
	// and the reader's own are not counted.
	if st.lostLive != 1 {
		t.Errorf("lost live = %d, want 1 (m4)", st.lostLive)
	}
	if st.lostCaug != 2 {
		t.Errorf("lost from catch-up = %d, want 2 (m2 and m3 on the third socket)", st.lostCaug)
	}
	if st.sends != 5 {
		t.Errorf("sends = %d, want 5 (the held message left out)", st.sends)
	}
	if len(st.afterAnswer) != 2 || st.afterAnswer[1] != 110*time.Millisecond {
		t.Errorf("after the sender's answer = %v, want 0 and 110 ms", st.afterAnswer)
	}
	if len(st.asBefore) != 5 {
		t.Errorf("as counted before = %d frames, want 5 (every frame of another's message but the duplicate)", len(st.asBefore))
	}
}
