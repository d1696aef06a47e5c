package httpapi_test

import (
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/kinshiprecovery/kinship/internal/store"
	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// namesOf returns one key of each item, in order.
func namesOf(items []map[string]any, key string) string {
	var out []string
	for _, it := range items {
		out = append(out, fmt.Sprint(it[key]))
	}
	return strings.Join(out, " ")
}

// TestPersonListsArePaged: the direct-message inbox, support alerts and
// mentorships come a page at a time like every list, each item once, in
// their documented order, narrowed by state or role; the alerts of others
// a responder is given are audited as read, each once, page by page.
func TestPersonListsArePaged(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		e := newEnv(t, db)
		ctx := t.Context()
		e.signupLogin("admin@example.org", goodPassword, "Admin")
		aID, aTok := e.signupLogin("ana@example.org", goodPassword, "Ana")

		// Five members write to Ana, a second apart: five requests.
		names := []string{"Bo", "Cy", "Di", "Ed", "Flo"}
		threads := map[string]string{}
		toks := map[string]string{}
		ids := map[string]string{}
		for _, n := range names {
			id, tok := e.signupLogin(strings.ToLower(n)+"@example.org", goodPassword, n)
			if err := e.store.SetTrustOverride(ctx, id, 1, "test", e.clock.Now()); err != nil {
				t.Fatal(err)
			}
			r := e.do("POST", "/api/v1/dms", tok, map[string]string{"user_id": aID, "client_id": "hi-" + n, "body": "Hello Ana, it's " + n})
			expectStatus(t, r, http.StatusCreated)
			threads[n] = r.JSON(t)["thread"].(map[string]any)["id"].(string)
			toks[n], ids[n] = tok, id
			e.clock.Advance(time.Second)
		}
		// Ana accepts Bo's and Di's; then Bo writes again, so his thread is
		// the most recently active.
		for _, n := range []string{"Bo", "Di"} {
			expectStatus(t, e.do("POST", "/api/v1/dms/"+threads[n]+"/answer", aTok, map[string]string{"answer": "accept"}), http.StatusNoContent)
		}
		expectStatus(t, e.do("POST", "/api/v1/dms/"+threads["Bo"]+"/messages", toks["Bo"], map[string]string{"client_id": "again", "body": "Are you free Sunday?"}), http.StatusCreated)
		e.clock.Advance(time.Second)

		all := readPages(t, e, aTok, "/api/v1/dms", 2)
		if got := namesOf(all, "other_display_name"); got != "Bo Flo Ed Di Cy" {
			t.Fatalf("inbox by 2s, most recent activity first: %s", got)
		}
		if got := namesOf(all, "state"); got != "active request request active request" {
			t.Fatalf("inbox states: %s", got)
		}
		if got := namesOf(readPages(t, e, aTok, "/api/v1/dms?state=request", 1), "other_display_name"); got != "Flo Ed Cy" {
			t.Fatalf("requests one at a time: %s", got)
		}
		if got := namesOf(readPages(t, e, aTok, "/api/v1/dms?state=active", 1), "other_display_name"); got != "Bo Di" {
			t.Fatalf("conversations one at a time: %s", got)
		}
		r := e.do("GET", "/api/v1/dms?state=ignored", aTok, nil)
		expectStatus(t, r, http.StatusBadRequest)
		if p := problemOf(t, r); p["detail"] != "state is active or request; leave it out for both" || fieldOf(p) != "state" {
			t.Fatalf("an unknown state: %s", r.Body)
		}

		// Mentorships: Ana mentors Bo, Cy and Di, and Ed mentors her.
		for i, pair := range [][2]string{{aID, ids["Bo"]}, {ids["Ed"], aID}, {aID, ids["Cy"]}, {aID, ids["Di"]}} {
			at := e.clock.Now().Add(time.Duration(i-10) * time.Minute)
			if err := e.store.CreateMentorship(ctx, &store.Mentorship{ID: fmt.Sprintf("M%d", i), MentorID: pair[0], MenteeID: pair[1], Status: "active", Share: "{}", CreatedAt: at, UpdatedAt: at}); err != nil {
				t.Fatal(err)
			}
		}
		ms := readPages(t, e, aTok, "/api/v1/mentorships", 3)
		if got := namesOf(ms, "other_display_name") + " / " + namesOf(ms, "role"); got != "Di Cy Ed Bo / mentor mentor mentee mentor" {
			t.Fatalf("mentorships by 3s, newest first: %s", got)
		}
		if got := namesOf(readPages(t, e, aTok, "/api/v1/mentorships?role=mentor", 2), "other_display_name"); got != "Di Cy Bo" {
			t.Fatalf("as mentor: %s", got)
		}
		if got := namesOf(readPages(t, e, aTok, "/api/v1/mentorships?role=mentee", 2), "other_display_name"); got != "Ed" {
			t.Fatalf("as mentee: %s", got)
		}
		r = e.do("GET", "/api/v1/mentorships?role=sponsor", aTok, nil)
		expectStatus(t, r, http.StatusBadRequest)
		if p := problemOf(t, r); p["detail"] != "role is mentor or mentee; leave it out for both" || fieldOf(p) != "role" {
			t.Fatalf("an unknown role: %s", r.Body)
		}

		// Support alerts: Bo, Cy, Di and Ed each have an open alert gone to
		// the on-duty roster, a minute apart, and Ana two of her own, the
		// older resolved.
		modID, modTok := e.moderator("mod@example.org", "Mod")
		base := e.clock.Now().Add(-time.Hour)
		add := func(id, user, status string, at time.Time) {
			t.Helper()
			if err := e.store.CreateSupportAlert(ctx, &store.SupportAlert{ID: id, UserID: user, Status: status, Stage: "on_duty", EscalateAt: at, CreatedAt: at}); err != nil {
				t.Fatal(err)
			}
		}
		for i, n := range []string{"Bo", "Cy", "Di", "Ed"} {
			add("S"+n, ids[n], "open", base.Add(time.Duration(i)*time.Minute))
		}
		add("SAna1", aID, "resolved", base.Add(-time.Hour))
		add("SAna2", aID, "open", base.Add(90*time.Second))
		mine := readPages(t, e, aTok, "/api/v1/support/alerts?role=member", 1)
		if got := namesOf(mine, "id"); got != "SAna2 SAna1" {
			t.Fatalf("Ana's alerts one at a time: %s", got)
		}
		if mine[0]["reached"] == nil {
			t.Fatalf("Ana's own alert says whom it reached: %v", mine[0])
		}
		before := auditCount(t, e, modID, "support_alert_viewed")
		seen := readPages(t, e, modTok, "/api/v1/support/alerts?role=responder", 2)
		if got := namesOf(seen, "member_display_name"); got != "Ed Di Ana Cy Bo" {
			t.Fatalf("alerts to respond to by 2s, newest first: %s", got)
		}
		if seen[0]["reached"] != nil {
			t.Fatalf("a responder is not told whom someone else's alert reached: %v", seen[0])
		}
		if n := auditCount(t, e, modID, "support_alert_viewed") - before; n != 5 {
			t.Fatalf("paging through 5 alerts of others wrote %d audit entries", n)
		}
		page := e.do("GET", "/api/v1/support/alerts?limit=2", modTok, nil).JSON(t)
		if page["may_be_on_duty"] != true || page["on_duty"] != false {
			t.Fatalf("the moderator's duty beside the page: %v", page)
		}
		if n := auditCount(t, e, modID, "support_alert_viewed") - before; n != 7 {
			t.Fatalf("a page of 2 alerts of others audited %d more", n-5)
		}
		// Ana sees her own and those of the members she mentors (Bo, Cy
		// and Di), not Ed's: he is her mentor, and she is not on duty.
		if got := namesOf(readPages(t, e, aTok, "/api/v1/support/alerts", 2), "id"); got != "SDi SAna2 SCy SBo SAna1" {
			t.Fatalf("Ana's whole list: %s", got)
		}
	})
}

// fieldOf is the name of a problem's one field error, or "".
func fieldOf(p map[string]any) string {
	errs, _ := p["errors"].([]any)
	if len(errs) != 1 {
		return ""
	}
	return fmt.Sprint(errs[0].(map[string]any)["name"])
}

// auditCount counts the audit entries of an action written by actor.
func auditCount(t *testing.T, e *env, actor, action string) int {
	t.Helper()
	es, err := e.store.ListAudit(t.Context(), actor, store.Keyset{}, 100000)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, a := range es {
		if a.ActorID == actor && a.Action == action {
			n++
		}
	}
	return n
}

// TestModerationQueuesArePaged: the report queue and the crisis queue,
// 205 items each, come 200 at a time (the most a page holds) and then the
// last 5, most severe first, then oldest, then by id, each once, so none
// is out of reach; every item given is audited as read, page by page, and
// an item handled between pages does not move the rest.
func TestModerationQueuesArePaged(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		e := newEnv(t, db)
		ctx := t.Context()
		e.signupLogin("admin@example.org", goodPassword, "Admin")
		uID, _ := e.signupLogin("uma@example.org", goodPassword, "Uma")
		modID, modTok := e.moderator("mod@example.org", "Mod")
		base := e.clock.Now().Add(-48 * time.Hour).Truncate(time.Second)
		var want []string
		type row struct {
			sev int
			at  time.Time
			id  string
		}
		var rows []row
		for i := range 205 {
			// Severities 1 to 3; four items share each instant.
			rows = append(rows, row{1 + i%3, base.Add(time.Duration(i/4) * time.Minute), fmt.Sprintf("Q%03d", (i*37)%205)})
		}
		for _, r := range rows {
			if err := e.store.CreateReport(ctx, &store.Report{ID: "R" + r.id, ReporterID: modID, TargetType: "user", TargetID: uID, TargetOwner: uID,
				Reason: "harassment", Severity: r.sev, Status: "open", CreatedAt: r.at}); err != nil {
				t.Fatal(err)
			}
			if err := e.store.CreateSafetyFlag(ctx, &store.SafetyFlag{ID: "F" + r.id, UserID: uID, Surface: "chat", Ref: "F" + r.id, Level: "concern", Categories: []string{"hopelessness"},
				Severity: r.sev, Status: "open", Source: "check", CreatedAt: r.at}); err != nil {
				t.Fatal(err)
			}
		}
		sort.Slice(rows, func(i, j int) bool {
			a, b := rows[i], rows[j]
			if a.sev != b.sev {
				return a.sev > b.sev
			}
			if !a.at.Equal(b.at) {
				return a.at.Before(b.at)
			}
			return a.id < b.id
		})
		for _, r := range rows {
			want = append(want, r.id)
		}
		for _, q := range []struct{ path, prefix, audit string }{
			{"/api/v1/moderation/queue", "R", "reported_content_read"},
			{"/api/v1/moderation/crisis", "F", "crisis_queue_read"},
		} {
			before := auditCount(t, e, modID, q.audit)
			first, next, more := pageOf(t, e.do("GET", q.path+"?limit=500", modTok, nil))
			if len(first) != 200 || !more {
				t.Fatalf("%s: a first page of %d (more %v), want 200 and more", q.path, len(first), more)
			}
			if n := auditCount(t, e, modID, q.audit) - before; n != 200 {
				t.Fatalf("%s: a page of 200 wrote %d audit entries", q.path, n)
			}
			// Meanwhile the first item is handled: the next page goes on
			// where the first stopped.
			firstID := first[0].(map[string]any)["id"].(string)
			if q.prefix == "R" {
				expectStatus(t, e.do("POST", "/api/v1/moderation/reports/"+firstID, modTok, map[string]string{"action": "dismiss"}), http.StatusOK)
			} else {
				expectStatus(t, e.do("POST", "/api/v1/moderation/crisis/"+firstID, modTok, map[string]string{"action": "resolve"}), http.StatusOK)
			}
			rest, last, more := pageOf(t, e.do("GET", q.path+"?limit=200&cursor="+url.QueryEscape(next), modTok, nil))
			if len(rest) != 5 || more || last != "" {
				t.Fatalf("%s: the last page has %d (more %v)", q.path, len(rest), more)
			}
			var got []string
			for _, it := range append(first, rest...) {
				got = append(got, strings.TrimPrefix(it.(map[string]any)["id"].(string), q.prefix))
			}
			if strings.Join(got, " ") != strings.Join(want, " ") {
				t.Fatalf("%s: paged order\n%v\nwant\n%v", q.path, got, want)
			}
			if n := auditCount(t, e, modID, q.audit) - before; n != 205 {
				t.Fatalf("%s: reading 205 items wrote %d audit entries", q.path, n)
			}
		}
		// The subject sees the reads in their own audit log, as before.
		r := e.do("GET", "/api/v1/me/audit?limit=1", e.login("uma@example.org", goodPassword, ""), nil)
		if items, _, _ := pageOf(t, r); len(items) != 1 {
			t.Fatalf("Uma's audit log: %s", r.Body)
		}
	})
}
