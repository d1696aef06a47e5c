package httpapi_test

import (
	"net/http"
	"testing"

	"github.com/kinshiprecovery/kinship/internal/testutil"
)

func TestConnectionsAndBlocks(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		e, _ := newEnvWithAdmin(t, db)
		aID, aTok := e.signupLogin("ana@example.org", goodPassword, "Ana")
		bID, bTok := e.signupLogin("ben@example.org", goodPassword, "Ben")
		// Ana shares her bio with connections only.
		expectStatus(t, e.do("PATCH", "/api/v1/me", aTok, map[string]any{"bio": "Connections only", "visibility": map[string]string{"bio": "connections"}}), http.StatusOK)
		if v := e.do("GET", "/api/v1/users/"+aID, bTok, nil).JSON(t); v["bio"] != nil {
			t.Fatalf("bio shown before connecting: %v", v)
		}
		expectStatus(t, e.do("POST", "/api/v1/connections", aTok, map[string]string{"user_id": aID}), http.StatusBadRequest)
		r := e.do("POST", "/api/v1/connections", bTok, map[string]string{"user_id": aID})
		expectStatus(t, r, http.StatusCreated)
		cid := r.JSON(t)["id"].(string)
		expectStatus(t, e.do("POST", "/api/v1/connections", aTok, map[string]string{"user_id": bID}), http.StatusConflict)
		expectStatus(t, e.do("POST", "/api/v1/connections/"+cid+"/accept", bTok, nil), http.StatusConflict)
		expectStatus(t, e.do("POST", "/api/v1/connections/"+cid+"/accept", aTok, nil), http.StatusNoContent)
		if v := e.do("GET", "/api/v1/users/"+aID, bTok, nil).JSON(t); v["bio"] != "Connections only" {
			t.Fatalf("a connection should see a connections field: %v", v)
		}
		// Partners too, then Ana blocks Ben: everything between them ends at once.
		pid := e.do("POST", "/api/v1/partners", aTok, map[string]string{"user_id": bID}).JSON(t)["id"].(string)
		expectStatus(t, e.do("POST", "/api/v1/partners/"+pid+"/accept", bTok, nil), http.StatusOK)
		expectStatus(t, e.do("POST", "/api/v1/blocks", aTok, map[string]string{"user_id": bID}), http.StatusCreated)
		expectStatus(t, e.do("GET", "/api/v1/users/"+aID, bTok, nil), http.StatusNotFound)
		expectStatus(t, e.do("GET", "/api/v1/users/"+bID, aTok, nil), http.StatusNotFound)
		if l := e.do("GET", "/api/v1/connections", bTok, nil).JSON(t)["items"].([]any); len(l) != 0 {
			t.Fatalf("connection survived the block: %v", l)
		}
		expectStatus(t, e.do("GET", "/api/v1/partners/"+pid+"/checkins", bTok, nil), http.StatusForbidden)
		// Neither can reach the other again: a blocked member looks like no member.
		expectStatus(t, e.do("POST", "/api/v1/connections", bTok, map[string]string{"user_id": aID}), http.StatusNotFound)
		expectStatus(t, e.do("POST", "/api/v1/partners", bTok, map[string]string{"user_id": aID}), http.StatusNotFound)
		expectStatus(t, e.do("POST", "/api/v1/partners", aTok, map[string]string{"user_id": bID}), http.StatusNotFound)
		if l := e.do("GET", "/api/v1/blocks", aTok, nil).JSON(t)["blocks"].([]any); len(l) != 1 {
			t.Fatalf("blocks: %v", l)
		}
		expectStatus(t, e.do("DELETE", "/api/v1/blocks/"+bID, aTok, nil), http.StatusNoContent)
		expectStatus(t, e.do("GET", "/api/v1/users/"+aID, bTok, nil), http.StatusOK)
	})
}

// TestDeletionEndsEveryTie: export carries partnerships, connections and
// notifications; deleting the account removes them for the other side too.
func TestDeletionEndsEveryTie(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		e, _ := newEnvWithAdmin(t, db)
		_, aTok := e.signupLogin("ana@example.org", goodPassword, "Ana")
		bID, bTok := e.signupLogin("ben@example.org", goodPassword, "Ben")
		cid := e.do("POST", "/api/v1/connections", aTok, map[string]string{"user_id": bID}).JSON(t)["id"].(string)
		expectStatus(t, e.do("POST", "/api/v1/connections/"+cid+"/accept", bTok, nil), http.StatusNoContent)
		pid := e.do("POST", "/api/v1/partners", aTok, map[string]string{"user_id": bID}).JSON(t)["id"].(string)
		expectStatus(t, e.do("POST", "/api/v1/partners/"+pid+"/accept", bTok, nil), http.StatusOK)
		more := e.do("GET", "/api/v1/me/export", aTok, nil).JSON(t)["more"].(map[string]any)
		for _, part := range []string{"checkins", "return_to_use_dates", "recovery_capital", "accountability_partners", "notifications", "connections", "blocks"} {
			if _, ok := more[part]; !ok {
				t.Errorf("export lacks %s", part)
			}
		}
		if len(more["connections"].([]any)) != 1 || len(more["accountability_partners"].([]any)) != 1 || len(more["notifications"].(map[string]any)["notifications"].([]any)) == 0 {
			t.Fatalf("export: %v", more)
		}
		expectStatus(t, e.do("DELETE", "/api/v1/me", aTok, map[string]string{"password": goodPassword}), http.StatusNoContent)
		if l := e.do("GET", "/api/v1/partners", bTok, nil).JSON(t)["partners"].([]any); len(l) != 0 {
			t.Fatalf("partnership with a deleted account: %v", l)
		}
		if l := e.do("GET", "/api/v1/connections", bTok, nil).JSON(t)["items"].([]any); len(l) != 0 {
			t.Fatalf("connection with a deleted account: %v", l)
		}
	})
}
