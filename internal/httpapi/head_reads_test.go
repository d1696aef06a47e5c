package httpapi_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// HEAD is answered wherever GET is, but shows nothing: a moderator's HEAD
// of the crisis queue, the report queue or the calls for support (the
// API's and the pages') recorded each item as read in the privacy log of
// the person it was about. Now a HEAD records no read; the GET that shows
// them records each, once.
func TestHeadOfAnAuditedListRecordsNoRead(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		c := newCrisisCast(t, db)
		e, fTok, aTok, modTok, gid := c.e, c.fTok, c.aTok, c.modTok, c.gid
		expectStatus(t, e.do("PUT", "/api/v1/me/on-duty", modTok, map[string]bool{"on": true}), http.StatusNoContent)
		// Ana's words of crisis go to the crisis queue; her call for
		// support (no partner) to those on duty; her report of Fran's
		// message to the report queue, where it is read as Fran's.
		expectStatus(t, e.do("POST", "/api/v1/groups/"+gid+"/messages", aTok, map[string]string{"client_id": "1", "body": "honestly everyone would be better off without me"}), http.StatusCreated)
		expectStatus(t, e.do("POST", "/api/v1/support/alerts", aTok, nil), http.StatusCreated)
		mid := e.do("POST", "/api/v1/groups/"+gid+"/messages", fTok, map[string]string{"client_id": "f1", "body": "Buy cheap pills at my shop"}).JSON(t)["id"].(string)
		expectStatus(t, e.do("POST", "/api/v1/reports", aTok, map[string]string{"target_type": "message", "target_id": mid, "reason": "spam"}), http.StatusCreated)

		reads := func(tok string) map[string]int {
			t.Helper()
			n := map[string]int{}
			for _, x := range e.do("GET", "/api/v1/me/audit", tok, nil).JSON(t)["items"].([]any) {
				if en := x.(map[string]any); en["reader_role"] == "subject" {
					n[en["action"].(string)]++
				}
			}
			return n
		}
		lists := []struct{ path, action, tok, shows string }{
			{"/api/v1/moderation/crisis", "crisis_queue_read", aTok, "better off without me"},
			{"/moderation/crisis", "crisis_queue_read", aTok, "better off without me"},
			{"/api/v1/support/alerts", "support_alert_viewed", aTok, "Ana"},
			{"/support/respond", "support_alert_viewed", aTok, "Ana"},
			{"/api/v1/moderation/queue", "reported_content_read", fTok, "Buy cheap pills"},
			{"/moderation/queue", "reported_content_read", fTok, "Buy cheap pills"},
		}
		before := map[string]map[string]int{aTok: reads(aTok), fTok: reads(fTok)}
		for _, l := range lists {
			r := e.do("HEAD", l.path, modTok, nil)
			if r.Status != http.StatusOK || len(r.Body) != 0 {
				t.Fatalf("HEAD %s: %d with %d bytes", l.path, r.Status, len(r.Body))
			}
		}
		for tok, was := range before {
			if now := reads(tok); now["crisis_queue_read"] != was["crisis_queue_read"] || now["support_alert_viewed"] != was["support_alert_viewed"] ||
				now["reported_content_read"] != was["reported_content_read"] {
				t.Errorf("after the moderator's HEADs the privacy log holds reads %v, was %v", now, was)
			}
		}
		for _, l := range lists {
			was := reads(l.tok)[l.action]
			r := e.do("GET", l.path, modTok, nil)
			if r.Status != http.StatusOK || !strings.Contains(r.String(), l.shows) {
				t.Fatalf("GET %s: %d\n%.300s", l.path, r.Status, r.Body)
			}
			if now := reads(l.tok)[l.action]; now != was+1 {
				t.Errorf("GET %s recorded %d %s, want 1", l.path, now-was, l.action)
			}
		}
	})
}
