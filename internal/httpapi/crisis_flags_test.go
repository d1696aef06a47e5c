package httpapi_test

import (
	"html"
	"net/http"
	"strings"
	"testing"

	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// crisisCast is who the crisis-queue tests need: the first account (the
// site admin), Fran, who leads the listed group "Evenings", Ana, who
// joined it, and a moderator with two-factor login, all signed in.
type crisisCast struct {
	e                       *env
	fTok, aTok, modTok, gid string
}

func newCrisisCast(t *testing.T, db testutil.DB) crisisCast {
	t.Helper()
	e, _ := newEnvWithAdmin(t, db)
	_, fTok := e.signupLogin("fran@example.org", goodPassword, "Fran")
	_, aTok := e.signupLogin("ana@example.org", goodPassword, "Ana")
	_, modTok := e.moderator("mod@example.org", "Mod")
	gid := e.newGroup(fTok, "Evenings", "listed")
	expectStatus(t, e.do("POST", "/api/v1/groups/"+gid+"/join", aTok, nil), http.StatusOK)
	return crisisCast{e: e, fTok: fTok, aTok: aTok, modTok: modTok, gid: gid}
}

// crisisItems returns the crisis queue's items as a moderator reads them
// through the API.
func (e *env) crisisItems(modTok string) []map[string]any {
	e.t.Helper()
	var out []map[string]any
	for _, it := range e.do("GET", "/api/v1/moderation/crisis", modTok, nil).JSON(e.t)["items"].([]any) {
		out = append(out, it.(map[string]any))
	}
	return out
}

// itemsOn keeps the items of a surface.
func itemsOn(items []map[string]any, surface string) []map[string]any {
	var out []map[string]any
	for _, it := range items {
		if it["surface"] == surface {
			out = append(out, it)
		}
	}
	return out
}

// crisisPage is the crisis queue page as a moderator reads it.
func (e *env) crisisPage(modTok string) string {
	e.t.Helper()
	r := e.do("GET", "/moderation/crisis", modTok, nil)
	expectStatus(e.t, r, http.StatusOK)
	return html.UnescapeString(r.String())
}

// pagesToModerator counts the crisis-queue notifications a moderator got.
func (e *env) pagesToModerator(modTok string) int {
	return countWith(e.notificationTexts(modTok), "needs a moderator's attention")
}

// A check-in saved again with the same crisis note leaves one flag in the
// crisis queue and pages moderators once; a rewritten note still of crisis
// gives that flag the newest words (moderators are paged again only when
// it grew more severe) and is kept in the member's audit log; after a
// moderator resolves it, the same words raise nothing, new words a new flag.
func TestResavedCrisisCheckinKeepsOneFlag(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		e, _ := newEnvWithAdmin(t, db)
		_, aTok := e.signupLogin("ana@example.org", goodPassword, "Ana")
		_, modTok := e.moderator("mod@example.org", "Mod")
		checkin := func(mood int, note string, want int) {
			t.Helper()
			r := e.do("POST", "/api/v1/checkins", aTok, map[string]any{"mood": mood, "craving": 2, "used": false, "note": note})
			expectStatus(t, r, want)
			if s, _ := r.JSON(t)["safety"].(map[string]any); s["level"] != "crisis" {
				t.Fatalf("the author's own note is shown every time: %s", r.Body)
			}
		}
		first := "honestly everyone would be better off without me"
		checkin(2, first, http.StatusCreated)
		checkin(1, first, http.StatusOK) // the mood changed, the note did not
		checkin(1, first, http.StatusOK)
		items := e.crisisItems(modTok)
		if len(items) != 1 || items[0]["context"] != first || items[0]["severity"] != 4.0 {
			t.Fatalf("one flag for one note saved three times, got %d: %v", len(items), items)
		}
		id := items[0]["id"]
		page := e.crisisPage(modTok)
		if !strings.Contains(page, "1 open flag") || strings.Count(page, first) != 1 {
			t.Fatalf("the moderator should read 1 open flag with the note once:\n%s", page)
		}
		if n := e.pagesToModerator(modTok); n != 1 {
			t.Fatalf("the moderator was paged %d times for one note", n)
		}

		// Rewritten, more severe: the same flag, the newest words, paged again.
		worse := "I have been saving up my pills and tonight I will take them all"
		checkin(1, worse, http.StatusOK)
		items = e.crisisItems(modTok)
		if len(items) != 1 || items[0]["id"] != id || items[0]["context"] != worse || items[0]["severity"] != 5.0 {
			t.Fatalf("the open flag should show the newest words: %v", items)
		}
		if n := e.pagesToModerator(modTok); n != 2 {
			t.Fatalf("a more severe note pages moderators again: %d pages", n)
		}
		// Rewritten, as severe: the newest words, no new page.
		same := "i want to kill myself"
		checkin(1, same, http.StatusOK)
		page = e.crisisPage(modTok)
		if !strings.Contains(page, "1 open flag") || strings.Count(page, same) != 1 || strings.Contains(page, worse) || strings.Contains(page, first) {
			t.Fatalf("the moderator should read 1 open flag with only the newest words:\n%s", page)
		}
		if n := e.pagesToModerator(modTok); n != 2 {
			t.Fatalf("words as severe as before paged moderators again: %d pages", n)
		}
		if audit := e.do("GET", "/api/v1/me/audit", aTok, nil).String(); strings.Count(audit, "crisis_flag_updated") != 2 {
			t.Fatalf("each update of the flag is in the member's audit log: %s", audit)
		}

		// Acknowledged, then saved again: still the one flag, still acknowledged.
		expectStatus(t, e.do("POST", "/api/v1/moderation/crisis/"+id.(string), modTok, map[string]string{"action": "acknowledge", "note": "Reached out"}), http.StatusOK)
		checkin(3, same, http.StatusOK)
		if items = e.crisisItems(modTok); len(items) != 1 || items[0]["status"] != "acknowledged" || items[0]["note"] != "Reached out" {
			t.Fatalf("an acknowledged flag stays as the moderator left it: %v", items)
		}
		// Resolved: the same words raise nothing; new words of crisis a new flag.
		expectStatus(t, e.do("POST", "/api/v1/moderation/crisis/"+id.(string), modTok, map[string]string{"action": "resolve"}), http.StatusOK)
		checkin(3, same, http.StatusOK)
		if items = e.crisisItems(modTok); len(items) != 0 {
			t.Fatalf("words a moderator resolved came back: %v", items)
		}
		checkin(3, first, http.StatusOK)
		items = e.crisisItems(modTok)
		if len(items) != 1 || items[0]["id"] == id || items[0]["context"] != first {
			t.Fatalf("new words after the flag was resolved raise a new one: %v", items)
		}
		if page = e.crisisPage(modTok); !strings.Contains(page, "1 open flag") {
			t.Fatalf("the moderator should read 1 open flag:\n%s", page)
		}
	})
}

// The other texts a person saves again or edits keep one flag each: an
// edited message, a group's description saved twice, mentorship offers
// saved twice (an item apart from the bio, which keeps its own flag).
func TestEditedCrisisTextKeepsOneFlag(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		c := newCrisisCast(t, db)
		e, fTok, aTok, modTok, gid := c.e, c.fTok, c.aTok, c.modTok, c.gid

		r := e.do("POST", "/api/v1/groups/"+gid+"/messages", aTok, map[string]string{"client_id": "1", "body": "honestly everyone would be better off without me"})
		expectStatus(t, r, http.StatusCreated)
		msg := r.JSON(t)["id"].(string)
		expectStatus(t, e.do("PATCH", "/api/v1/messages/"+msg, aTok, map[string]string{"body": "i want to kill myself"}), http.StatusOK)
		expectStatus(t, e.do("PATCH", "/api/v1/messages/"+msg, aTok, map[string]string{"body": "i want to kill myself"}), http.StatusOK)
		if chat := itemsOn(e.crisisItems(modTok), "chat"); len(chat) != 1 || chat[0]["context"] != "i want to kill myself" || chat[0]["ref"] != msg {
			t.Fatalf("an edited message keeps one flag with its newest words: %v", chat)
		}

		desc := map[string]string{"description": "Some nights I want to end my life"}
		expectStatus(t, e.do("PATCH", "/api/v1/groups/"+gid, fTok, desc), http.StatusOK)
		expectStatus(t, e.do("PATCH", "/api/v1/groups/"+gid, fTok, desc), http.StatusOK)
		if g := itemsOn(e.crisisItems(modTok), "group"); len(g) != 1 || !strings.Contains(g[0]["context"].(string), "end my life") {
			t.Fatalf("a group saved twice keeps one flag: %v", g)
		}

		expectStatus(t, e.do("PATCH", "/api/v1/me", aTok, map[string]any{"bio": "I have been saving up my pills",
			"recovery_start": e.clock.Now().AddDate(-2, 0, 0).Format("2006-01-02")}), http.StatusOK)
		e.facilitator(aTok) // mentors need two-factor login
		offers := map[string]any{"is_mentor": true, "capacity": 2, "availability": []string{"tue-evening"}, "offers": "Honestly I just want to die"}
		expectStatus(t, e.do("PATCH", "/api/v1/me/mentorship", aTok, offers), http.StatusOK)
		offers["capacity"] = 3
		expectStatus(t, e.do("PATCH", "/api/v1/me/mentorship", aTok, offers), http.StatusOK)
		bio := itemsOn(e.crisisItems(modTok), "bio")
		if len(bio) != 2 {
			t.Fatalf("the bio and the offers keep a flag each, once: %v", bio)
		}
		var texts []string
		for _, it := range bio {
			texts = append(texts, it["context"].(string))
		}
		if got := strings.Join(texts, " | "); !strings.Contains(got, "saving up my pills") || !strings.Contains(got, "just want to die") {
			t.Fatalf("the bio's flag and the offers' flag: %s", got)
		}
		page := e.crisisPage(modTok)
		if !strings.Contains(page, "4 open flags") || strings.Count(page, "i want to kill myself") != 1 || strings.Contains(page, "better off without me") {
			t.Fatalf("the moderator should read 4 open flags, the message's newest words once:\n%s", page)
		}
	})
}

// TestCrisisWordsChangedToCalmStayFlagged: a check-in note of crisis
// rewritten into words the check does not flag leaves its flag in the
// queue with the words of crisis (they were said) and the moderator reads
// that the item changed since, without reading the new words; words of
// crisis again make the flag current, and so does going back to the first
// words. The same holds for an edited message.
func TestCrisisWordsChangedToCalmStayFlagged(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		c := newCrisisCast(t, db)
		e, aTok, modTok, gid := c.e, c.aTok, c.modTok, c.gid
		const changed = "changed since: the newest words raise no flag"
		checkin := func(note string) {
			t.Helper()
			if r := e.do("POST", "/api/v1/checkins", aTok, map[string]any{"mood": 2, "craving": 2, "used": false, "note": note}); r.Status != http.StatusCreated && r.Status != http.StatusOK {
				t.Fatalf("check-in: %d %s", r.Status, r.Body)
			}
		}
		crisis, calm := "honestly everyone would be better off without me", "Made dinner with my sister and we watched a film"
		checkin(crisis)
		checkin(calm)
		items := itemsOn(e.crisisItems(modTok), "checkin_note")
		if len(items) != 1 || items[0]["context"] != crisis || items[0]["changed_at"] == nil {
			t.Fatalf("a note changed to calm words keeps its flag, its words and a changed mark: %v", items)
		}
		page := e.crisisPage(modTok)
		if !strings.Contains(page, "1 open flag") || !strings.Contains(page, crisis) || !strings.Contains(page, changed) || strings.Contains(page, calm) {
			t.Fatalf("the moderator should read the flag's words and that they changed, not the new words:\n%s", page)
		}
		checkin("")
		if page = e.crisisPage(modTok); !strings.Contains(page, "1 open flag") || strings.Count(page, changed) != 1 {
			t.Fatalf("a note emptied after: still one flag, marked once:\n%s", page)
		}
		// Back to the first words: the flag's words are the newest again.
		checkin(crisis)
		if page = e.crisisPage(modTok); strings.Contains(page, changed) || !strings.Contains(page, crisis) {
			t.Fatalf("the first words again: no changed mark:\n%s", page)
		}
		// Calm, then other words of crisis: the flag takes them, unmarked.
		checkin(calm)
		worse := "I have been saving up my pills and tonight I will take them all"
		checkin(worse)
		items = itemsOn(e.crisisItems(modTok), "checkin_note")
		if len(items) != 1 || items[0]["context"] != worse || items[0]["changed_at"] != nil {
			t.Fatalf("new words of crisis: the flag's words, no mark: %v", items)
		}

		r := e.do("POST", "/api/v1/groups/"+gid+"/messages", aTok, map[string]string{"client_id": "1", "body": "i want to kill myself"})
		expectStatus(t, r, http.StatusCreated)
		msg := r.JSON(t)["id"].(string)
		expectStatus(t, e.do("PATCH", "/api/v1/messages/"+msg, aTok, map[string]string{"body": "sorry, bad night, I'm ok now and going to a meeting"}), http.StatusOK)
		chat := itemsOn(e.crisisItems(modTok), "chat")
		if len(chat) != 1 || chat[0]["context"] != "i want to kill myself" || chat[0]["changed_at"] == nil {
			t.Fatalf("an edited message keeps its flag and is marked changed: %v", chat)
		}
		page = e.crisisPage(modTok)
		if !strings.Contains(page, "2 open flags") || strings.Count(page, changed) != 1 || strings.Contains(page, "going to a meeting") {
			t.Fatalf("the moderator should read 2 open flags, the message's marked changed:\n%s", page)
		}
	})
}
