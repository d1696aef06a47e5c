package httpapi_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/store"
	"github.com/kinshiprecovery/kinship/internal/testutil"
)

func TestResourceLibrary(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		e, _ := newEnvWithAdmin(t, db)
		_, memberTok := e.signupLogin("sam@example.org", goodPassword, "Sam")
		if _, err := e.app.AdminCreateUser(t.Context(), "mod@example.org", "steady moderation path", "Mod", model.RoleModerator); err != nil {
			t.Fatal(err)
		}
		modTok := e.login("mod@example.org", "steady moderation path", "")

		// The seeded library is public.
		list := e.do("GET", "/api/v1/resources", "", nil).JSON(t)["items"].([]any)
		if len(list) < 7 || !strings.Contains(string(e.do("GET", "/api/v1/resources?tag=helpline", "", nil).Body), "1-800-662-4357") {
			t.Fatalf("seeded library: %d", len(list))
		}
		id := list[0].(map[string]any)["id"].(string)
		expectStatus(t, e.do("POST", "/api/v1/resources/"+id+"/helped", memberTok, nil), http.StatusNoContent)
		expectStatus(t, e.do("POST", "/api/v1/resources/"+id+"/helped", memberTok, nil), http.StatusNoContent)
		if got := e.do("GET", "/api/v1/resources", "", nil).JSON(t)["items"].([]any)[0].(map[string]any); got["id"] != id || got["helped"].(float64) != 1 {
			t.Fatalf("a member's vote counts once: %v", got)
		}
		expectStatus(t, e.do("POST", "/api/v1/resources/nope/broken", memberTok, nil), http.StatusNotFound)

		// Suggestions wait for a moderator.
		expectStatus(t, e.do("POST", "/api/v1/resources", memberTok, map[string]any{"title": "", "url": "javascript:alert(1)"}), http.StatusBadRequest)
		r := e.do("POST", "/api/v1/resources", memberTok, map[string]any{"title": "Local peer warmline", "url": "https://warmline.example.org", "tags": []string{"Peer Support"}})
		expectStatus(t, r, http.StatusCreated)
		sid := r.JSON(t)["id"].(string)
		r2 := e.do("POST", "/api/v1/resources", memberTok, map[string]any{"title": "Sketchy", "url": "https://sketchy.example.org"})
		sid2 := r2.JSON(t)["id"].(string)
		if strings.Contains(string(e.do("GET", "/api/v1/resources", "", nil).Body), "warmline") {
			t.Fatal("an unreviewed suggestion is public")
		}
		expectStatus(t, e.do("GET", "/api/v1/moderation/resources", memberTok, nil), http.StatusForbidden)
		expectStatus(t, e.do("GET", "/api/v1/moderation/resources", modTok, nil), http.StatusForbidden) // two-factor first
		e.enableMFA(modTok)
		if q := e.do("GET", "/api/v1/moderation/resources", modTok, nil).JSON(t)["items"].([]any); len(q) != 2 {
			t.Fatalf("queue: %v", q)
		}
		expectStatus(t, e.do("POST", "/api/v1/moderation/resources/"+sid2, modTok, map[string]any{"approve": false}), http.StatusBadRequest)
		expectStatus(t, e.do("POST", "/api/v1/moderation/resources/"+sid2, modTok, map[string]any{"approve": false, "reason": "The link asks for payment details."}), http.StatusNoContent)
		expectStatus(t, e.do("POST", "/api/v1/moderation/resources/"+sid, modTok, map[string]any{"approve": true}), http.StatusNoContent)
		expectStatus(t, e.do("POST", "/api/v1/moderation/resources/"+sid, modTok, map[string]any{"approve": true}), http.StatusConflict)
		body := string(e.do("GET", "/api/v1/resources?tag=peer%20support", "", nil).Body)
		if !strings.Contains(body, "warmline") || strings.Contains(body, "Sketchy") {
			t.Fatalf("after moderation: %s", body)
		}
		if countWith(notifications(t, e, memberTok), "asks for payment details") != 1 {
			t.Fatal("the suggester did not get the reason")
		}
	})
}

// TestLinkCheck flags links that stop answering. Only loopback servers are
// asked: the seeded links are set aside first.
func TestLinkCheck(t *testing.T) {
	e := newEnv(t, testutil.DB{Name: "sqlite", DataDir: t.TempDir()})
	ctx := t.Context()
	for _, r := range e.do("GET", "/api/v1/resources", "", nil).JSON(t)["items"].([]any) {
		if err := e.store.SetResourceStatus(ctx, r.(map[string]any)["id"].(string), "rejected", "set aside for the test"); err != nil {
			t.Fatal(err)
		}
	}
	ok := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusOK) }))
	defer ok.Close()
	gone := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) }))
	defer gone.Close()
	for id, u := range map[string]string{"alive": ok.URL, "dead": gone.URL + "/moved", "silent": "http://127.0.0.1:1/"} {
		if err := e.store.CreateResource(ctx, &store.Resource{ID: id, Title: id, URL: u, Status: "published", CreatedAt: e.clock.Now()}); err != nil {
			t.Fatal(err)
		}
	}
	for i := 0; i < 2; i++ {
		n, err := e.app.CheckResourceLinks(ctx)
		if err != nil || n != 2 {
			t.Fatalf("broken links: %d %v", n, err)
		}
	}
	for id, want := range map[string]int{"alive": 0, "dead": 1, "silent": 1} {
		r, err := e.store.FindResource(ctx, id)
		if err != nil || r.Broken != want {
			t.Fatalf("%s: broken count %d (%v), want %d (once a day)", id, r.Broken, err, want)
		}
	}
}
