package httpapi_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/kinshiprecovery/kinship/internal/store"
	"github.com/kinshiprecovery/kinship/internal/store/bunstore"
	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// TestDeletionKeepsTheOtherPersonsMessages: deleting an account erased
// whole direct-message threads, the other person's own words with them.
// Ben deletes his account: Ana's thread with him stays, with her messages
// and none of his, beside "a former member", and takes no new message;
// the notices that named him for his messages (a direct message, a
// mention) are gone, and nothing he wrote is left in the store; her
// export keeps the thread and her words.
func TestDeletionKeepsTheOtherPersonsMessages(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		e, _ := newEnvWithAdmin(t, db)
		aID, aTok := e.signupLogin("ana@example.org", goodPassword, "Ana")
		bID, bTok := e.signupLogin("ben@example.org", goodPassword, "Benedikt")
		cid := e.do("POST", "/api/v1/connections", aTok, map[string]string{"user_id": bID}).JSON(t)["id"].(string)
		expectStatus(t, e.do("POST", "/api/v1/connections/"+cid+"/accept", bTok, nil), http.StatusNoContent)
		r := e.do("POST", "/api/v1/dms", bTok, map[string]string{"user_id": aID, "client_id": "b1", "body": "Ben's first words about his week"})
		expectStatus(t, r, http.StatusCreated)
		thread := r.JSON(t)["thread"].(map[string]any)["id"].(string)
		expectStatus(t, e.do("POST", "/api/v1/dms/"+thread+"/messages", aTok, map[string]string{"client_id": "a1", "body": "Ana's answer, hers to keep"}), http.StatusCreated)
		expectStatus(t, e.do("POST", "/api/v1/dms/"+thread+"/messages", bTok, map[string]string{"client_id": "b2", "body": "Ben's second words"}), http.StatusCreated)
		gid := e.groupWith(aTok, "Morning circle", bTok)
		expectStatus(t, e.do("POST", "/api/v1/groups/"+gid+"/messages", bTok, map[string]string{"client_id": "g1", "body": "Thanks @Ana for this morning"}), http.StatusCreated)
		if n := e.do("GET", "/api/v1/notifications", aTok, nil).String(); !strings.Contains(n, "Benedikt") {
			t.Fatalf("before: Ana's notifications do not name Ben: %s", n)
		}

		expectStatus(t, e.do("DELETE", "/api/v1/me", bTok, map[string]string{"password": goodPassword}), http.StatusNoContent)

		in := e.do("GET", "/api/v1/dms", aTok, nil)
		expectStatus(t, in, http.StatusOK)
		items := in.JSON(t)["items"].([]any)
		if len(items) != 1 {
			t.Fatalf("Ana's inbox after Ben left: %s", in.Body)
		}
		th := items[0].(map[string]any)
		if th["id"] != thread || th["other_display_name"] != "a former member" || th["other_former_member"] != true {
			t.Errorf("Ana's thread with Ben reads %v", th)
		}
		h := e.do("GET", "/api/v1/dms/"+thread+"/messages", aTok, nil)
		expectStatus(t, h, http.StatusOK)
		if !strings.Contains(h.String(), "Ana's answer, hers to keep") || strings.Contains(h.String(), "Ben's") {
			t.Errorf("the thread after Ben left: %s", h.Body)
		}
		r = e.do("POST", "/api/v1/dms/"+thread+"/messages", aTok, map[string]string{"client_id": "a2", "body": "Are you there?"})
		expectStatus(t, r, http.StatusConflict)
		if !strings.Contains(r.String(), "this person has left Kinship") {
			t.Errorf("a message to a former member: %s", r.Body)
		}
		if n := e.do("GET", "/api/v1/notifications", aTok, nil).String(); strings.Contains(n, "Benedikt") {
			t.Errorf("Ana's notifications still name Ben: %s", n)
		}
		if ms, err := e.store.ListAuthoredMessages(t.Context(), bID); err != nil || len(ms) != 0 {
			t.Errorf("%d of Ben's messages left in the store (%v)", len(ms), err)
		}
		more := e.do("GET", "/api/v1/me/export", aTok, nil).JSON(t)["more"].(map[string]any)
		threads := more["direct_message_threads"].(map[string]any)["threads"].([]any)
		if len(threads) != 1 || threads[0].(map[string]any)["other_former_member"] != true {
			t.Errorf("Ana's export's threads: %v", threads)
		}
		if mine := more["messages_you_wrote"].([]any); len(mine) != 1 || !strings.Contains(mine[0].(map[string]any)["body"].(string), "hers to keep") {
			t.Errorf("Ana's export's messages: %v", mine)
		}
	})
}

// TestDeletionErasesEveryNoticeAboutThePerson: a person's account's
// deletion erased the notices that named them only among the people
// they were tied to. Quilla needs support with nobody of her own, so the
// on-duty supporter read "Quilla needs support now"; her crisis words in
// a group gave the facilitator a heads-up naming her and the moderator
// a crisis notice about her. None of them is tied to her; after she
// deletes her account none of them reads a notice naming or about her,
// while the facilitator keeps one about someone else.
func TestDeletionErasesEveryNoticeAboutThePerson(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		e, _ := newEnvWithAdmin(t, db)
		fTok, qTok, modTok := quillaIsNamed(t, e)
		fran, mod := e.notificationTexts(fTok), e.notificationTexts(modTok)
		if !containsText(fran, "Quilla may be going through a crisis in Evenings") || !containsText(fran, "Quilla asked to join Veterans circle") ||
			!containsText(fran, "Bo asked to join Veterans circle") {
			t.Fatalf("before: the facilitator reads %q", fran)
		}
		if !containsText(mod, "Quilla needs support now") || !containsText(mod, "someone may be in crisis") {
			t.Fatalf("before: the on-duty moderator reads %q", mod)
		}

		expectStatus(t, e.do("DELETE", "/api/v1/me", qTok, map[string]string{"password": goodPassword}), http.StatusNoContent)

		fran, mod = e.notificationTexts(fTok), e.notificationTexts(modTok)
		if containsText(fran, "Quilla") || !containsText(fran, "Bo asked to join Veterans circle") {
			t.Errorf("after Quilla left, the facilitator reads %q; want only Bo's request", fran)
		}
		if len(mod) != 0 {
			t.Errorf("after Quilla left, the on-duty moderator reads %q; want nothing", mod)
		}
	})
}

// TestNoticesStoredBeforeSubjectsGoWithThePerson: notifications stored
// before migration 38 kept no subject, so deleting Quilla's account left
// the notices naming her with people not tied to her: the facilitator's
// heads-up and her join request, the on-duty moderator's "Quilla needs
// support now", and "Quilla answered your post". At start-up Kinship
// gives such notices their subject where the notice says exactly who (the
// call for support its link names, the one member of the group by that
// name, the one commenter on the post, the one who answered her call),
// once; her deletion then erases them, and Bo's request stays. The crisis notice to moderators names
// nobody, and stays.
func TestNoticesStoredBeforeSubjectsGoWithThePerson(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		e, _ := newEnvWithAdmin(t, db)
		fTok, qTok, modTok := quillaIsNamed(t, e)
		post := e.do("POST", "/api/v1/posts", fTok, map[string]string{"kind": "story", "title": "Ninety days", "body": "Ninety days today, one at a time."})
		expectStatus(t, post, http.StatusCreated)
		expectStatus(t, e.do("POST", "/api/v1/posts/"+post.JSON(t)["id"].(string)+"/comments", qTok, map[string]string{"body": "So glad for you"}), http.StatusCreated)
		fran, mod := e.notificationTexts(fTok), e.notificationTexts(modTok)
		for _, want := range []string{"Quilla may be going through a crisis in Evenings", "Quilla asked to join Veterans circle", "Bo asked to join Veterans circle", `Quilla answered your post "Ninety days".`} {
			if !containsText(fran, want) {
				t.Fatalf("before: the facilitator does not read %q: %q", want, fran)
			}
		}
		if !containsText(mod, "Quilla needs support now") || !containsText(mod, "someone may be in crisis") {
			t.Fatalf("before: the on-duty moderator reads %q", mod)
		}
		// Morgan answers Quilla's call: she reads "Morgan is responding".
		alert := e.do("GET", "/api/v1/support/alerts?role=responder", modTok, nil).JSON(t)["items"].([]any)[0].(map[string]any)["id"].(string)
		expectStatus(t, e.do("POST", "/api/v1/support/alerts/"+alert+"/acknowledge", modTok, nil), http.StatusOK)
		if q := e.notificationTexts(qTok); !containsText(q, "Morgan is responding") {
			t.Fatalf("Quilla reads %q", q)
		}
		// As they were stored before migration 38: no subject.
		if _, err := e.store.(*bunstore.Store).DB().ExecContext(t.Context(), "UPDATE notifications SET subject_id = ''"); err != nil {
			t.Fatal(err)
		}

		filled, err := e.app.FillNotificationSubjects(t.Context())
		if err != nil || filled != 6 {
			t.Fatalf("subjects filled: %d (%v), want 6 (the heads-up, the two requests, the call for support, the comment, the answer)", filled, err)
		}
		quilla := e.do("GET", "/api/v1/me", qTok, nil).JSON(t)["id"].(string)
		morgan := e.do("GET", "/api/v1/me", modTok, nil).JSON(t)["id"].(string)
		if ns, err := e.store.ListNotifications(t.Context(), quilla, store.Keyset{}, 10); err != nil || len(ns) == 0 {
			t.Fatalf("Quilla's notifications: %v", err)
		} else {
			for _, n := range ns {
				if n.Kind == "support_response" && n.SubjectID != morgan {
					t.Errorf("Quilla's 'Morgan is responding' is about %q, want Morgan", n.SubjectID)
				}
			}
		}
		if again, err := e.app.FillNotificationSubjects(t.Context()); err != nil || again != 0 {
			t.Fatalf("filled again at the next start: %d (%v), want none", again, err)
		}
		expectStatus(t, e.do("DELETE", "/api/v1/me", qTok, map[string]string{"password": goodPassword}), http.StatusNoContent)

		fran, mod = e.notificationTexts(fTok), e.notificationTexts(modTok)
		if containsText(fran, "Quilla") || !containsText(fran, "Bo asked to join Veterans circle") {
			t.Errorf("after Quilla left, the facilitator reads %q; want only Bo's request", fran)
		}
		if containsText(mod, "Quilla") || len(mod) != 1 || !containsText(mod, "someone may be in crisis") {
			t.Errorf("after Quilla left, the on-duty moderator reads %q; want only the crisis notice, which names nobody", mod)
		}
	})
}

// quillaIsNamed signs up Fran, who leads Evenings and Veterans circle,
// Quilla and Bo, and Morgan, a moderator on duty. Quilla writes in
// Evenings of a crisis and calls for support, and she and Bo ask to join
// Veterans circle: Fran and Morgan get notices naming Quilla. It returns
// Fran's, Quilla's and Morgan's tokens.
func quillaIsNamed(t *testing.T, e *env) (fTok, qTok, modTok string) {
	t.Helper()
	_, fTok = e.signupLogin("fran@example.org", goodPassword, "Fran")
	_, qTok = e.signupLogin("quilla@example.org", goodPassword, "Quilla")
	_, bTok := e.signupLogin("bo@example.org", goodPassword, "Bo")
	_, modTok = e.moderator("mod@example.org", "Morgan")
	expectStatus(t, e.do("PUT", "/api/v1/me/on-duty", modTok, map[string]bool{"on": true}), http.StatusNoContent)
	gid := e.newGroup(fTok, "Evenings", "listed")
	expectStatus(t, e.do("POST", "/api/v1/groups/"+gid+"/join", qTok, nil), http.StatusOK)
	private := e.newGroup(fTok, "Veterans circle", "private")
	for _, tok := range []string{qTok, bTok} {
		expectStatus(t, e.do("POST", "/api/v1/groups/"+private+"/join", tok, map[string]bool{"accept_guidelines": true}), http.StatusOK)
	}
	expectStatus(t, e.do("POST", "/api/v1/groups/"+gid+"/messages", qTok, map[string]string{"client_id": "q1", "body": "honestly everyone would be better off without me"}), http.StatusCreated)
	expectStatus(t, e.do("POST", "/api/v1/support/alerts", qTok, nil), http.StatusCreated)
	return fTok, qTok, modTok
}
