package httpapi_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/kinshiprecovery/kinship/internal/i18n"
	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// TestGroupReportsReachFacilitators: a member's report of a message in a
// group went to the site's moderators only. The group's facilitator is
// told (in the app, on her phone and by email, never who reported it or
// what the message said), lists the group's open reports, hides the
// message with a reason or dismisses, and either closes the report for the
// moderators too; a moderator's decision closes it for her. A crisis
// report still goes to the moderators alone, and others cannot read or
// handle the group's reports. The list is paged as every list is, and a
// cursor it did not give is refused in the same words.
func TestGroupReportsReachFacilitators(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		e, _ := newEnvWithAdmin(t, db)
		ps := testutil.StartPushService(t)
		ps.VAPIDKey = e.do("GET", "/api/v1/push/vapid-key", "", nil).JSON(t)["public_key"].(string)
		_, fTok := e.signupLogin("fay@example.org", goodPassword, "Fay")
		_, jTok := e.signupLogin("jo@example.org", goodPassword, "Jo")
		_, lTok := e.signupLogin("lu@example.org", goodPassword, "Lucia")
		_, oTok := e.signupLogin("otto@example.org", goodPassword, "Otto")
		_, modTok := e.moderator("mod@example.org", "Mod")
		gid := e.groupWith(fTok, "Evening circle", jTok, lTok)
		e.subscribe(fTok, ps.NewDevice(t), "Fay's phone")
		expectStatus(t, e.do("PUT", "/api/v1/me/notification-settings", fTok, map[string]bool{"email": true}), http.StatusNoContent)
		e.pushJobsSettled()
		pushesBefore, mailsBefore := len(ps.Received()), len(e.smtp.Messages())

		send := func(tok, client, body string) string {
			t.Helper()
			r := e.do("POST", "/api/v1/groups/"+gid+"/messages", tok, map[string]string{"client_id": client, "body": body})
			expectStatus(t, r, http.StatusCreated)
			return r.JSON(t)["id"].(string)
		}
		// Lucia reports a message; the answer says who will look at it:
		// Fay, unless it is a crisis or her own message.
		report := func(msg, reason string) string {
			t.Helper()
			r := e.do("POST", "/api/v1/reports", lTok, map[string]string{"target_type": "message", "target_id": msg, "reason": reason, "details": "He wrote to me privately too"})
			expectStatus(t, r, http.StatusCreated)
			return r.JSON(t)["id"].(string) + " " + r.JSON(t)["reviewed_by"].(string)
		}
		reviewer := func(rep, want string) string {
			t.Helper()
			id, by, _ := strings.Cut(rep, " ")
			if by != want {
				t.Errorf("report %s: reviewed_by %q, want %q", id, by, want)
			}
			return id
		}
		first := send(jTok, "j1", "Stop whining, nobody here cares about your feelings")
		rep := reviewer(report(first, "harassment"), "group_facilitators")
		// Reporting it again says it waits, not who will look at it (the
		// moderators, it said, though Fay may).
		again := e.do("POST", "/api/v1/reports", lTok, map[string]string{"target_type": "message", "target_id": first, "reason": "spam"})
		expectStatus(t, again, http.StatusConflict)
		if !strings.Contains(again.String(), "you already reported this; it is waiting to be looked at") {
			t.Errorf("a second report: %s", again.Body)
		}
		if es := i18n.For("es").App("you already reported this; it is waiting to be looked at"); es != "ya reportaste esto; está esperando que lo revisen" {
			t.Errorf("a second report's page reads in Spanish %q", es)
		}

		// Fay is told, without the reporter or the words.
		notes := e.do("GET", "/api/v1/notifications", fTok, nil).String()
		if !strings.Contains(notes, "A message in Evening circle was reported and is waiting for your review.") || !strings.Contains(notes, `"/groups/`+gid+`#reports"`) {
			t.Fatalf("Fay's notifications: %s", notes)
		}
		pushes := ps.WaitFor(t, pushesBefore+1, 20*time.Second)
		seen := readPush(t, pushes[len(pushes)-1])
		var mail testutil.ParsedMail
		for mail.Subject == "" {
			for _, m := range e.smtp.WaitFor(t, mailsBefore+1, 20*time.Second)[mailsBefore:] {
				if p := testutil.ParseMail(t, m); strings.Join(p.To, ",") == "fay@example.org" {
					mail = p
				}
			}
			mailsBefore = len(e.smtp.Messages())
		}
		for _, told := range []string{seen.Title + " " + seen.Body + " " + seen.Path, mail.Subject + " " + mail.Text} {
			for _, secret := range []string{"Lucia", "whining", "feelings", "privately", "harassment"} {
				if strings.Contains(told, secret) {
					t.Errorf("a push or email to Fay reads %q: %s", secret, told)
				}
			}
		}
		if seen.Body != "Something new is waiting for you" {
			t.Errorf("Fay's phone reads %+v", seen)
		}

		// Only the group's facilitators see its reports; members and others do not.
		expectStatus(t, e.do("GET", "/api/v1/groups/"+gid+"/reports", jTok, nil), http.StatusForbidden)
		expectStatus(t, e.do("GET", "/api/v1/groups/"+gid+"/reports", oTok, nil), http.StatusForbidden) // "join the group first"
		expectStatus(t, e.do("POST", "/api/v1/groups/"+gid+"/reports/"+rep, oTok, map[string]string{"action": "dismiss"}), http.StatusForbidden)
		expectStatus(t, e.do("POST", "/api/v1/groups/"+gid+"/reports/"+rep, jTok, map[string]string{"action": "dismiss"}), http.StatusForbidden)
		list := e.do("GET", "/api/v1/groups/"+gid+"/reports", fTok, nil)
		expectStatus(t, list, http.StatusOK)
		items, _, _ := pageOf(t, list)
		if len(items) != 1 {
			t.Fatalf("Fay's list of the group's reports: %s", list.Body)
		}
		it := items[0].(map[string]any)
		if it["id"] != rep || it["reason"] != "harassment" || it["owner_display_name"] != "Jo" || it["content"] != "Stop whining, nobody here cares about your feelings" {
			t.Errorf("the report as Fay reads it: %v", it)
		}
		if strings.Contains(list.String(), "privately") || strings.Contains(list.String(), "Lucia") {
			t.Errorf("Fay reads the reporter's details or name: %s", list.Body)
		}

		// Hiding needs a reason; with one, the message is hidden, Jo is told and the moderators' queue is empty.
		r := e.do("POST", "/api/v1/groups/"+gid+"/reports/"+rep, fTok, map[string]string{"action": "hide"})
		expectStatus(t, r, http.StatusBadRequest)
		if !strings.Contains(r.String(), "give a reason for hiding the message") {
			t.Errorf("hiding without a reason: %s", r.Body)
		}
		expectStatus(t, e.do("POST", "/api/v1/groups/"+gid+"/reports/"+rep, fTok, map[string]string{"action": "hide", "reason": "Please speak kindly here"}), http.StatusOK)
		expectStatus(t, e.do("POST", "/api/v1/moderation/reports/"+rep, modTok, map[string]string{"action": "dismiss"}), http.StatusConflict)
		if q := e.do("GET", "/api/v1/moderation/queue", modTok, nil).JSON(t)["items"].([]any); len(q) != 0 {
			t.Errorf("the moderators' queue after Fay hid the message: %v", q)
		}
		if h := e.do("GET", "/api/v1/groups/"+gid+"/messages", lTok, nil).String(); strings.Contains(h, "nobody here cares") || !strings.Contains(h, "Please speak kindly here") {
			t.Errorf("the chat after Fay hid the message: %s", h)
		}
		// The chat says what happened in the words Jo's notice and appeal
		// use (walk5 W5-15: it read "Removed by a facilitator"), in Lucia's
		// language.
		for lang, want := range map[string]string{"en": "Hidden after a report. The reason given: Please speak kindly here",
			"es": "Oculto tras un reporte. Motivo: Please speak kindly here"} {
			if page := testutil.Visible(e.getIn("/groups/"+gid+"/chat", lTok, lang).String()); !strings.Contains(page, want) || strings.Contains(page, "Removed") || strings.Contains(page, "Eliminado") {
				t.Errorf("%s: the chat page after Fay hid the message does not read %q:\n%s", lang, want, page)
			}
		}
		if n := e.do("GET", "/api/v1/notifications", jTok, nil).String(); !strings.Contains(n, "A facilitator of Evening circle hid one of your messages after a report. Their reason: Please speak kindly here.") {
			t.Errorf("Jo is told: %s", n)
		}
		if a := e.do("GET", "/api/v1/me/audit", jTok, nil).String(); !strings.Contains(a, "group_message_hidden") || strings.Contains(a, "group_message_removed") {
			t.Errorf("Jo's privacy log does not record the hiding: %s", a)
		}

		// A moderator's decision closes a report for Fay too.
		second := reviewer(report(send(jTok, "j2", "Whatever, this group is a waste of time"), "spam"), "group_facilitators")
		expectStatus(t, e.do("POST", "/api/v1/moderation/reports/"+second, modTok, map[string]string{"action": "dismiss"}), http.StatusOK)
		expectStatus(t, e.do("POST", "/api/v1/groups/"+gid+"/reports/"+second, fTok, map[string]string{"action": "dismiss"}), http.StatusConflict)
		if l := e.do("GET", "/api/v1/groups/"+gid+"/reports", fTok, nil).JSON(t)["items"].([]any); len(l) != 0 {
			t.Errorf("Fay's list after the moderator dismissed the report: %v", l)
		}

		// A crisis report goes to the moderators as a crisis, not to Fay.
		before := strings.Count(e.do("GET", "/api/v1/notifications", fTok, nil).String(), "was reported and is waiting")
		crisis := reviewer(report(send(jTok, "j3", "I don't know how much longer I can keep going like this"), "crisis"), "moderators")
		if after := strings.Count(e.do("GET", "/api/v1/notifications", fTok, nil).String(), "was reported and is waiting"); after != before {
			t.Errorf("Fay was told of a crisis report (%d notices, were %d)", after, before)
		}
		if l := e.do("GET", "/api/v1/groups/"+gid+"/reports", fTok, nil).JSON(t)["items"].([]any); len(l) != 0 {
			t.Errorf("a crisis report in Fay's list: %v", l)
		}
		expectStatus(t, e.do("POST", "/api/v1/groups/"+gid+"/reports/"+crisis, fTok, map[string]string{"action": "dismiss"}), http.StatusNotFound)
		if q := e.do("GET", "/api/v1/moderation/crisis", modTok, nil).String(); !strings.Contains(q, "keep going like this") {
			t.Errorf("the crisis report is not in the moderators' crisis queue: %s", q)
		}

		// A report of Fay's own message is the moderators' alone.
		own := reviewer(report(send(fTok, "f1", "Reminder: we start at seven sharp"), "spam"), "moderators")
		expectStatus(t, e.do("POST", "/api/v1/groups/"+gid+"/reports/"+own, fTok, map[string]string{"action": "dismiss"}), http.StatusForbidden)

		// The list comes a page at a time like every list, most severe
		// first: the crisis report and Fay's own are left out after each
		// page is cut, so some pages hold none while more follow.
		report(send(jTok, "j4", "I posted your phone number in the other group"), "privacy")
		report(send(jTok, "j5", "You will regret coming here"), "harassment")
		report(send(jTok, "j6", "Meeting moved, see my profile"), "other")
		var read []string
		for _, it := range readPages(t, e, fTok, "/api/v1/groups/"+gid+"/reports", 1) {
			read = append(read, it["reason"].(string)+": "+it["content"].(string))
		}
		if got := strings.Join(read, " | "); got != "harassment: You will regret coming here | privacy: I posted your phone number in the other group | other: Meeting moved, see my profile" {
			t.Errorf("Fay's list of the group's reports, one at a time: %s", got)
		}
		if items, next, more := pageOf(t, e.do("GET", "/api/v1/groups/"+gid+"/reports?limit=1", fTok, nil)); len(items) != 0 || !more || next == "" {
			t.Errorf("the first page of one, the crisis report left out: %d items, has_more %v", len(items), more)
		}
		_, members, _ := pageOf(t, e.do("GET", "/api/v1/groups/"+gid+"/members?limit=1", fTok, nil))
		for _, cursor := range []string{"bm9wZQ", members} {
			r := e.do("GET", "/api/v1/groups/"+gid+"/reports?cursor="+url.QueryEscape(cursor), fTok, nil)
			expectStatus(t, r, http.StatusBadRequest)
			p := problemOf(t, r)
			errs, _ := p["errors"].([]any)
			if p["detail"] != "cursor is not one this list gave; start again without it" || len(errs) != 1 || errs[0].(map[string]any)["name"] != "cursor" {
				t.Errorf("the reports with cursor %q: %s", cursor, r.Body)
			}
		}
	})
}
