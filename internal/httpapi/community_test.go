package httpapi_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/kinshiprecovery/kinship/internal/store"
	"github.com/kinshiprecovery/kinship/internal/testutil"
)

func TestPostsReportsAndModeration(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		e, _ := newEnvWithAdmin(t, db)
		aID, aTok := e.signupLogin("ana@example.org", goodPassword, "Ana")
		_, bTok := e.signupLogin("ben@example.org", goodPassword, "Ben")
		_, modTok := e.moderator("mod@example.org", "Mod")

		// Posts with a content note that readers can filter out.
		r := e.do("POST", "/api/v1/posts", aTok, map[string]string{"kind": "story", "title": "Two years", "body": "How I got through the first winter.", "content_note": "mentions overdose"})
		expectStatus(t, r, http.StatusCreated)
		post := r.JSON(t)["id"].(string)
		expectStatus(t, e.do("POST", "/api/v1/posts", aTok, map[string]string{"kind": "rant", "title": "", "body": ""}), http.StatusBadRequest)
		if l := e.do("GET", "/api/v1/posts", bTok, nil).JSON(t)["items"].([]any); len(l) != 1 {
			t.Fatalf("posts: %v", l)
		}
		if l := e.do("GET", "/api/v1/posts?hide_notes=overdose", bTok, nil).JSON(t)["items"].([]any); len(l) != 0 {
			t.Fatalf("the content-note filter: %v", l)
		}
		expectStatus(t, e.do("POST", "/api/v1/posts/"+post+"/comments", bTok, map[string]string{"body": "Thank you for this."}), http.StatusCreated)
		expectStatus(t, e.do("PUT", "/api/v1/posts/"+post+"/reactions/proud", bTok, nil), http.StatusOK)
		if p := e.do("GET", "/api/v1/posts/"+post, aTok, nil).JSON(t); len(p["comments"].(map[string]any)["items"].([]any)) != 1 {
			t.Fatalf("post: %v", p)
		}
		// A dealer's post is held for review: only its author sees it, moderators get a report.
		r = e.do("POST", "/api/v1/posts", bTok, map[string]string{"kind": "question", "title": "anyone need a 🔌", "body": "❄️💊 discreet delivery, hit me up on telegram"})
		expectStatus(t, r, http.StatusCreated)
		if r.JSON(t)["state"] != "quarantined" {
			t.Fatalf("held for review: %s", r.Body)
		}
		if l := e.do("GET", "/api/v1/posts", aTok, nil).JSON(t)["items"].([]any); len(l) != 1 {
			t.Fatalf("a held post reached others: %v", l)
		}

		// Ben reports Ana's post; bad reports are refused.
		expectStatus(t, e.do("POST", "/api/v1/reports", bTok, map[string]string{"target_type": "post", "target_id": post, "reason": ""}), http.StatusBadRequest)
		expectStatus(t, e.do("POST", "/api/v1/reports", bTok, map[string]string{"target_type": "planet", "target_id": post, "reason": "spam"}), http.StatusBadRequest)
		expectStatus(t, e.do("POST", "/api/v1/reports", bTok, map[string]string{"target_type": "post", "target_id": "nope", "reason": "spam"}), http.StatusNotFound)
		expectStatus(t, e.do("POST", "/api/v1/reports", aTok, map[string]string{"target_type": "post", "target_id": post, "reason": "spam"}), http.StatusBadRequest)
		expectStatus(t, e.do("POST", "/api/v1/reports", bTok, map[string]string{"target_type": "post", "target_id": post, "reason": "harassment", "details": "names someone"}), http.StatusCreated)
		expectStatus(t, e.do("POST", "/api/v1/reports", bTok, map[string]string{"target_type": "post", "target_id": post, "reason": "harassment"}), http.StatusConflict)
		expectStatus(t, e.do("POST", "/api/v1/reports", bTok, map[string]string{"target_type": "user", "target_id": aID, "reason": "spam"}), http.StatusCreated)

		// The queue: moderators only, most severe first, with the content.
		expectStatus(t, e.do("GET", "/api/v1/moderation/queue", bTok, nil), http.StatusForbidden)
		q := e.do("GET", "/api/v1/moderation/queue", modTok, nil)
		expectStatus(t, q, http.StatusOK)
		reports := q.JSON(t)["items"].([]any)
		if len(reports) != 3 {
			t.Fatalf("queue: %s", q.Body)
		}
		var harassment string
		for i, it := range reports {
			m := it.(map[string]any)
			if i > 0 && m["severity"].(float64) > reports[i-1].(map[string]any)["severity"].(float64) {
				t.Fatalf("not ordered by severity: %s", q.Body)
			}
			if m["reason"] == "harassment" {
				harassment = m["id"].(string)
				if !strings.Contains(m["content"].(string), "first winter") || m["details"] != "names someone" {
					t.Fatalf("the moderator sees what was reported: %v", m)
				}
			}
		}
		// Act with a reason; the author is told and can appeal; reversal restores the post.
		expectStatus(t, e.do("POST", "/api/v1/moderation/reports/"+harassment, modTok, map[string]string{"action": "remove"}), http.StatusBadRequest)
		act := e.do("POST", "/api/v1/moderation/reports/"+harassment, modTok, map[string]string{"action": "remove", "reason": "names a person without consent"}).JSON(t)
		expectStatus(t, e.do("POST", "/api/v1/moderation/reports/"+harassment, modTok, map[string]string{"action": "remove", "reason": "again"}), http.StatusConflict)
		stateOf := func(tok, id string) any {
			for _, it := range e.do("GET", "/api/v1/posts", tok, nil).JSON(t)["items"].([]any) {
				if it.(map[string]any)["id"] == id {
					return it.(map[string]any)["state"]
				}
			}
			return nil
		}
		if st := stateOf(bTok, post); st != "removed" {
			t.Fatalf("after removal: %v", st)
		}
		if !strings.Contains(e.do("GET", "/api/v1/notifications", aTok, nil).String(), "names a person without consent") {
			t.Fatal("the author was not told the reason")
		}
		id := act["id"].(string)
		expectStatus(t, e.do("POST", "/api/v1/me/moderation/"+id+"/appeal", bTok, map[string]string{"text": "not mine"}), http.StatusNotFound)
		expectStatus(t, e.do("POST", "/api/v1/me/moderation/"+id+"/appeal", aTok, map[string]string{"text": ""}), http.StatusBadRequest)
		expectStatus(t, e.do("POST", "/api/v1/me/moderation/"+id+"/appeal", aTok, map[string]string{"text": "The name was my own."}), http.StatusOK)
		expectStatus(t, e.do("POST", "/api/v1/me/moderation/"+id+"/appeal", aTok, map[string]string{"text": "again"}), http.StatusConflict)
		// walk15 (W15-3): an appeal decided with no reason told the
		// person only that it was decided. A decision without one is
		// refused, naming the field, and nothing is decided.
		for _, body := range []map[string]string{{"decision": "reverse"}, {"decision": "reverse", "reason": "  "}} {
			bad := e.do("POST", "/api/v1/moderation/actions/"+id+"/appeal", modTok, body)
			expectStatus(t, bad, http.StatusBadRequest)
			if !strings.Contains(bad.String(), `"name":"reason"`) || !strings.Contains(bad.String(), "give a reason; the person will be told it") {
				t.Fatalf("a decision with reason %q is refused with: %s", body["reason"], bad.Body)
			}
		}
		if !strings.Contains(e.do("GET", "/api/v1/moderation/queue", modTok, nil).String(), `"appeal":"The name was my own."`) {
			t.Fatal("after a refused decision the appeal no longer waits")
		}
		const why = "The name was the author's own; nothing private was shared."
		if v := e.do("POST", "/api/v1/moderation/actions/"+id+"/appeal", modTok, map[string]string{"decision": "reverse", "reason": why}).JSON(t); v["appeal_status"] != "reversed" || v["appeal_reason"] != why {
			t.Fatalf("decide: %v", v)
		}
		if got := e.do("GET", "/api/v1/notifications", aTok, nil).String(); !strings.Contains(got, "Your appeal was heard: the moderators reversed their decision. Their reason: The name was the author's own; nothing private was shared. Sorry for the trouble.") {
			t.Fatalf("the author's notifications do not tell the decision's reason: %s", got)
		}
		if got := e.do("GET", "/api/v1/me/moderation", aTok, nil).String(); !strings.Contains(got, `"appeal_reason":"`+why+`"`) {
			t.Fatalf("the author's moderation actions do not give the decision's reason: %s", got)
		}
		expectStatus(t, e.do("POST", "/api/v1/moderation/actions/"+id+"/appeal", modTok, map[string]string{"decision": "reverse", "reason": "again"}), http.StatusConflict)
		if st := stateOf(bTok, post); st != "visible" {
			t.Fatalf("the reversal did not restore the post: %v", st)
		}
		// A suspension stops writing until reversed or expired.
		q = e.do("GET", "/api/v1/moderation/queue", modTok, nil)
		for _, it := range q.JSON(t)["items"].([]any) {
			m := it.(map[string]any)
			if m["target_type"] == "user" {
				expectStatus(t, e.do("POST", "/api/v1/moderation/reports/"+m["id"].(string), modTok, map[string]string{"action": "suspend", "reason": "repeated spam"}), http.StatusOK)
			}
		}
		r = e.do("POST", "/api/v1/posts", aTok, map[string]string{"kind": "story", "title": "Another", "body": "text"})
		expectStatus(t, r, http.StatusForbidden)
		if !strings.Contains(r.String(), "suspended") {
			t.Fatalf("the refusal says why: %s", r.Body)
		}
	})
}

func TestTrustLevels(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		e, adminTok := newEnvWithAdmin(t, db)
		_, fTok := e.signupLogin("fran@example.org", goodPassword, "Fran")
		nID, nTok := e.signupLogin("newt@example.org", goodPassword, "Newt")
		_, modTok := e.moderator("mod@example.org", "Mod")
		gid := e.newGroup(fTok, "Evenings", "listed")
		expectStatus(t, e.do("POST", "/api/v1/groups/"+gid+"/join", nTok, nil), http.StatusOK)
		// A new account may talk, but not share links yet.
		expectStatus(t, e.do("POST", "/api/v1/groups/"+gid+"/messages", nTok, map[string]string{"client_id": "1", "body": "Hello all"}), http.StatusCreated)
		r := e.do("POST", "/api/v1/groups/"+gid+"/messages", nTok, map[string]string{"client_id": "2", "body": "cheap pills at www.example.com"})
		expectStatus(t, r, http.StatusForbidden)
		if !strings.Contains(r.String(), "links") {
			t.Fatalf("the refusal says why: %s", r.Body)
		}
		expectStatus(t, e.do("POST", "/api/v1/posts", nTok, map[string]string{"kind": "story", "title": "Look", "body": "see https://example.org"}), http.StatusForbidden)
		// Time promotes them; the admin tunes how much.
		e.enableMFA(adminTok)
		expectStatus(t, e.do("PUT", "/api/v1/admin/trust-settings", adminTok, map[string]int{"days": -1}), http.StatusBadRequest)
		expectStatus(t, e.do("PUT", "/api/v1/admin/trust-settings", adminTok, map[string]int{"days": 1, "contributions": 50}), http.StatusOK)
		e.clock.Advance(25 * time.Hour)
		expectStatus(t, e.do("POST", "/api/v1/groups/"+gid+"/messages", nTok, map[string]string{"client_id": "3", "body": "the meeting list is at https://aa.org"}), http.StatusCreated)
		// A moderator can set them back to new.
		expectStatus(t, e.do("PUT", "/api/v1/moderation/users/"+nID+"/trust", modTok, map[string]int{"level": 7}), http.StatusBadRequest)
		expectStatus(t, e.do("PUT", "/api/v1/moderation/users/"+nID+"/trust", fTok, map[string]int{"level": 0}), http.StatusForbidden)
		expectStatus(t, e.do("PUT", "/api/v1/moderation/users/"+nID+"/trust", modTok, map[string]int{"level": 0}), http.StatusNoContent)
		expectStatus(t, e.do("POST", "/api/v1/groups/"+gid+"/messages", nTok, map[string]string{"client_id": "4", "body": "again: https://aa.org"}), http.StatusForbidden)
	})
}

func TestNotificationCenter(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		e, _ := newEnvWithAdmin(t, db)
		_, aTok := e.signupLogin("ana@example.org", goodPassword, "Ana")
		_, bTok := e.signupLogin("ben@example.org", goodPassword, "Ben")
		post := e.do("POST", "/api/v1/posts", aTok, map[string]string{"kind": "story", "title": "T", "body": "B"}).JSON(t)["id"].(string)
		count := func() int {
			return len(e.do("GET", "/api/v1/notifications", aTok, nil).JSON(t)["items"].([]any))
		}
		// Community notices off: a comment tells Ana nothing; support notices cannot be turned off.
		p := e.do("PUT", "/api/v1/notifications/settings", aTok, map[string]any{"categories": map[string]any{"community": map[string]bool{"in_app": false}, "support": map[string]bool{"in_app": false}}})
		expectStatus(t, p, http.StatusOK)
		if cats := p.JSON(t)["categories"].(map[string]any); cats["support"].(map[string]any)["in_app"] != true {
			t.Fatalf("support notices are always on: %v", cats)
		}
		// Only what is sent changes: the digest alone leaves the categories and the email switch as they were.
		prefsBefore := e.do("GET", "/api/v1/notifications/settings", aTok, nil).JSON(t)
		prefsAfter := e.do("PUT", "/api/v1/notifications/settings", aTok, map[string]any{"digest": "off"}).JSON(t)
		if fmt.Sprint(prefsAfter["categories"]) != fmt.Sprint(prefsBefore["categories"]) || prefsAfter["email"] != prefsBefore["email"] ||
			prefsAfter["categories"].(map[string]any)["community"].(map[string]any)["email"] != true {
			t.Fatalf("a change of the digest alone changed more: before %v, after %v", prefsBefore, prefsAfter)
		}
		expectStatus(t, e.do("PUT", "/api/v1/notifications/settings", aTok, map[string]any{"categories": map[string]any{"gossip": map[string]bool{"in_app": true}}}), http.StatusBadRequest)
		expectStatus(t, e.do("PUT", "/api/v1/notifications/settings", aTok, map[string]any{"digest": "hourly"}), http.StatusBadRequest)
		before := count()
		expectStatus(t, e.do("POST", "/api/v1/posts/"+post+"/comments", bTok, map[string]string{"body": "Thank you"}), http.StatusCreated)
		if count() != before {
			t.Fatal("a turned-off category still notified")
		}
		// A daily digest instead of one email each time: one email, saying nothing but that things wait.
		expectStatus(t, e.do("PUT", "/api/v1/notifications/settings", aTok, map[string]any{"email": true, "digest": "daily", "categories": map[string]any{"community": map[string]bool{"in_app": true, "email": true}}}), http.StatusOK)
		expectStatus(t, e.do("POST", "/api/v1/posts/"+post+"/comments", bTok, map[string]string{"body": "Proud of you"}), http.StatusCreated)
		e.clock.Advance(25 * time.Hour)
		for i, want := range []int{1, 0} {
			if n, err := e.app.SendDigests(t.Context()); err != nil || n != want {
				t.Fatalf("digest run %d: %d %v", i, n, err)
			}
		}
		// Emails to Ana go through the job queue; wait for the digest, then
		// check it is the only notification email she got.
		toAna := func(subject string) []testutil.ReceivedMessage {
			var out []testutil.ReceivedMessage
			for _, m := range e.smtp.Messages() {
				if strings.Contains(strings.Join(m.To, ","), "ana@example.org") && strings.Contains(m.Data, subject) {
					out = append(out, m)
				}
			}
			return out
		}
		deadline := time.Now().Add(10 * time.Second)
		for len(toAna("Things are waiting")) == 0 && time.Now().Before(deadline) {
			time.Sleep(50 * time.Millisecond)
		}
		digests := toAna("Things are waiting")
		if len(digests) != 1 {
			t.Fatalf("%d digests, want 1", len(digests))
		}
		if d := digests[0].Data; strings.Contains(d, "Proud") || strings.Contains(d, "Ben") || strings.Contains(d, "post") {
			t.Fatalf("the digest reveals something: %s", d)
		}
		if n := len(toAna("You have a new notification")); n != 0 {
			t.Fatalf("%d single notification emails on a daily digest", n)
		}
	})
}

func TestOpportunitiesBoard(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		e, _ := newEnvWithAdmin(t, db)
		_, aTok := e.signupLogin("ana@example.org", goodPassword, "Ana")
		expectStatus(t, e.do("POST", "/api/v1/posts", aTok, map[string]string{"kind": "opportunity", "title": "Second-chance employer hiring cooks", "body": "Evening shifts, no questions about the past."}), http.StatusCreated)
		expectStatus(t, e.do("POST", "/api/v1/posts", aTok, map[string]string{"kind": "looking_for", "title": "Resume review", "body": "First job after treatment."}), http.StatusCreated)
		expectStatus(t, e.do("POST", "/api/v1/posts", aTok, map[string]string{"kind": "story", "title": "A good week", "body": "Thankful."}), http.StatusCreated)
		for kind, want := range map[string]int{"opportunity": 1, "looking_for": 1, "": 3} {
			path := "/api/v1/posts"
			if kind != "" {
				path += "?kind=" + kind
			}
			if n := len(e.do("GET", path, aTok, nil).JSON(t)["items"].([]any)); n != want {
				t.Fatalf("kind %q: %d posts, want %d", kind, n, want)
			}
		}
		r := e.do("GET", "/api/v1/posts?kind=jobs", aTok, nil)
		expectStatus(t, r, http.StatusBadRequest)
		if !strings.Contains(r.String(), "opportunity") {
			t.Fatalf("an unknown kind names the known ones: %s", r.Body)
		}
	})
}

func TestSolicitingRequestsAreHeld(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		e, _ := newEnvWithAdmin(t, db)
		aID, aTok := e.signupLogin("ana@example.org", goodPassword, "Ana")
		sID, sTok := e.signupLogin("seller@example.org", goodPassword, "Seller")
		_, modTok := e.moderator("mod@example.org", "Mod")
		if err := e.store.SetTrustOverride(t.Context(), sID, 1, "test", e.clock.Now()); err != nil {
			t.Fatal(err)
		}
		expectStatus(t, e.do("POST", "/api/v1/dms", sTok, map[string]string{"user_id": aID, "body": "🔌 got ❄️ and 💊, hit me up on telegram"}), http.StatusCreated)
		if reqs := e.do("GET", "/api/v1/dms?state=request", aTok, nil).JSON(t)["items"].([]any); len(reqs) != 0 {
			t.Fatalf("a soliciting request reached Ana: %v", reqs)
		}
		var id string
		for _, it := range e.do("GET", "/api/v1/moderation/queue", modTok, nil).JSON(t)["items"].([]any) {
			if m := it.(map[string]any); m["target_type"] == "message" {
				id = m["id"].(string)
			}
		}
		if id == "" {
			t.Fatal("no report for the held request")
		}
		// Had it been harmless, dismissing releases it to Ana's requests.
		expectStatus(t, e.do("POST", "/api/v1/moderation/reports/"+id, modTok, map[string]string{"action": "dismiss"}), http.StatusOK)
		if reqs := e.do("GET", "/api/v1/dms?state=request", aTok, nil).JSON(t)["items"].([]any); len(reqs) != 1 {
			t.Fatalf("released: %v", reqs)
		}
	})
}

// TestFindPeopleBySkill searches members by skills and "looking for": a
// profile is found only through a field its owner shows to the searcher,
// blocks hide both ways, and bad searches get a message to act on.
func TestFindPeopleBySkill(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		e, _ := newEnvWithAdmin(t, db)
		aID, aTok := e.signupLogin("ana@example.org", goodPassword, "Ana")
		bID, bTok := e.signupLogin("ben@example.org", goodPassword, "Ben")
		_, cTok := e.signupLogin("cy@example.org", goodPassword, "Cy")
		expectStatus(t, e.do("PATCH", "/api/v1/me", bTok, map[string]any{
			"skills": []string{"Resume reviews", "Carpentry"}, "looking_for": []string{"A study partner for the GED"},
			"visibility": map[string]string{"skills": "members", "looking_for": "connections"}}), http.StatusOK)
		expectStatus(t, e.do("PATCH", "/api/v1/me", cTok, map[string]any{
			"skills": []string{"resume writing"}, "visibility": map[string]string{"skills": "only_me"}}), http.StatusOK)
		find := func(query string) []map[string]any {
			t.Helper()
			res := e.do("GET", "/api/v1/people?"+query, aTok, nil)
			expectStatus(t, res, http.StatusOK)
			var out []map[string]any
			for _, p := range res.JSON(t)["people"].([]any) {
				out = append(out, p.(map[string]any))
			}
			return out
		}
		// Ben shows his skills to members; Cy keeps hers to herself.
		got := find("skill=RESUME")
		if len(got) != 1 || got[0]["id"] != bID || got[0]["display_name"] != "Ben" {
			t.Fatalf("skill=RESUME found %v, want only Ben", got)
		}
		if _, ok := got[0]["looking_for"]; ok {
			t.Fatalf("Ben's looking-for is for connections only, yet it was shown: %v", got[0])
		}
		if skills := got[0]["skills"].([]any); len(skills) != 2 {
			t.Fatalf("Ben's skills: %v", skills)
		}
		// What Ben looks for is for connections: not found until they connect.
		if got := find("looking_for=study"); len(got) != 0 {
			t.Fatalf("looking_for=study found %v before connecting", got)
		}
		conn := e.do("POST", "/api/v1/connections", aTok, map[string]string{"user_id": bID}).JSON(t)["id"].(string)
		expectStatus(t, e.do("POST", "/api/v1/connections/"+conn+"/accept", bTok, nil), http.StatusNoContent)
		if got := find("looking_for=study"); len(got) != 1 || got[0]["id"] != bID {
			t.Fatalf("looking_for=study found %v once connected, want Ben", got)
		}
		if got := find("skill=carp&looking_for=ged"); len(got) != 1 {
			t.Fatalf("both words found %v", got)
		}
		if got := find("skill=plumbing"); len(got) != 0 {
			t.Fatalf("skill=plumbing found %v", got)
		}
		// Nobody finds themselves; a block hides each from the other.
		if got := e.do("GET", "/api/v1/people?skill=resume", bTok, nil).JSON(t)["people"].([]any); len(got) != 0 {
			t.Fatalf("Ben searching found %v", got)
		}
		expectStatus(t, e.do("POST", "/api/v1/blocks", bTok, map[string]string{"user_id": aID}), http.StatusCreated)
		if got := find("skill=resume"); len(got) != 0 {
			t.Fatalf("Ben blocked Ana, yet she found %v", got)
		}
		// Bad searches.
		for _, q := range []string{"", "skill=+", "skill=r", "skill=" + strings.Repeat("x", 81), "skill=%ff%fe", "looking_for=%c3"} {
			res := e.do("GET", "/api/v1/people?"+q, aTok, nil)
			expectStatus(t, res, http.StatusBadRequest)
			if fields := problemFields(t, res); len(fields) == 0 {
				t.Fatalf("%q: no field message in %s", q, res.Body)
			}
		}
		expectStatus(t, e.do("GET", "/api/v1/people?skill=resume", "", nil), http.StatusUnauthorized)
		// The page says the same to a person, keeping what they typed.
		page := e.do("GET", "/people?skill=r", aTok, nil)
		expectStatus(t, page, http.StatusBadRequest)
		if body := page.String(); !strings.Contains(body, "at least two letters") || !strings.Contains(body, `value="r"`) {
			t.Fatalf("the page's answer to a one-letter search: %s", body)
		}
	})
}

// TestDuplicateReportAmongThousands: with more than 1,000 open reports
// ahead of it in the queue, a person's own open report of a post is still
// found, so reporting it again says so; their report of another thing, and
// a report of the same post after the first was handled, go through.
func TestDuplicateReportAmongThousands(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		e, _ := newEnvWithAdmin(t, db)
		aID, aTok := e.signupLogin("ana@example.org", goodPassword, "Ana")
		_, bTok := e.signupLogin("ben@example.org", goodPassword, "Ben")
		_, modTok := e.moderator("mod@example.org", "Mod")
		post := e.do("POST", "/api/v1/posts", aTok, map[string]string{"kind": "story", "title": "Day 40", "body": "A quiet week."}).JSON(t)["id"].(string)

		// Ben's report ranks last: spam, the lowest severity but one.
		r := e.do("POST", "/api/v1/reports", bTok, map[string]string{"target_type": "post", "target_id": post, "reason": "spam"})
		expectStatus(t, r, http.StatusCreated)
		first := r.JSON(t)["id"].(string)
		e.clock.Advance(time.Minute)
		ctx := t.Context()
		if err := e.store.InTx(ctx, func(tx store.Store) error {
			for i := range 1100 {
				at := e.clock.Now().Add(time.Duration(i) * time.Second)
				if err := tx.CreateReport(ctx, &store.Report{ID: fmt.Sprintf("R%05d", i), ReporterID: fmt.Sprintf("someone-%d", i), TargetType: "post",
					TargetID: fmt.Sprintf("other-post-%d", i), Reason: "threat", Severity: 5, Status: "open", CreatedAt: at}); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}

		r = e.do("POST", "/api/v1/reports", bTok, map[string]string{"target_type": "post", "target_id": post, "reason": "harassment"})
		expectStatus(t, r, http.StatusConflict)
		if !strings.Contains(r.String(), "you already reported this") {
			t.Fatalf("the refusal says why: %s", r.Body)
		}
		expectStatus(t, e.do("POST", "/api/v1/reports", bTok, map[string]string{"target_type": "user", "target_id": aID, "reason": "spam"}), http.StatusCreated)

		// Once a moderator handled the first report, Ben can report the post again.
		expectStatus(t, e.do("POST", "/api/v1/moderation/reports/"+first, modTok, map[string]string{"action": "dismiss"}), http.StatusOK)
		expectStatus(t, e.do("POST", "/api/v1/reports", bTok, map[string]string{"target_type": "post", "target_id": post, "reason": "harassment"}), http.StatusCreated)
	})
}
