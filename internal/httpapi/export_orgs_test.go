package httpapi_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// TestExportNamesThePersonsPrograms walks walk5's export: Camila joined
// Harbor House with a code in the cohort "January 2027" and was
// discharged to alumni; her data export held her consent to it but not
// that she belonged to it, as what, or in which cohort. The file names
// each program, her place in it and her cohort.
func TestExportNamesThePersonsPrograms(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		e, _ := newEnvWithAdmin(t, db)
		ctx := context.Background()
		site, err := e.store.FindUserByEmail(ctx, "admin@example.org")
		if err != nil {
			t.Fatal(err)
		}
		site.Role = model.RoleSiteAdmin
		rosa, err := e.app.AdminCreateUser(ctx, "rosa@example.org", goodPassword, "Rosa", model.RoleMember)
		if err != nil {
			t.Fatal(err)
		}
		rosa.MFAEnabled = true // as if she had set it up
		org, err := e.app.CreateOrganization(app.WithActor(ctx, &app.Actor{User: site}), "Harbor House", "rosa@example.org")
		if err != nil {
			t.Fatal(err)
		}
		asRosa := app.WithActor(ctx, &app.Actor{User: rosa})
		inv, err := e.app.CreateInvitation(asRosa, org.ID, "January 2027", 14)
		if err != nil {
			t.Fatal(err)
		}
		cID, cTok := e.signupLogin("camila@example.org", goodPassword, "Camila")
		expectStatus(t, e.do("POST", "/api/v1/organizations/join", cTok, map[string]string{"code": inv.Code}), http.StatusOK)
		if _, err := e.app.DischargeAs(asRosa, org.ID, cID, "completed"); err != nil {
			t.Fatal(err)
		}
		x := e.do("GET", "/api/v1/me/export", cTok, nil)
		expectStatus(t, x, http.StatusOK)
		orgs, ok := x.JSON(t)["more"].(map[string]any)["organizations"].([]any)
		if !ok || len(orgs) != 1 {
			t.Fatalf("the export's organizations: %s", x.Body)
		}
		o := orgs[0].(map[string]any)
		if o["name"] != "Harbor House" || o["my_role"] != "alumni" || o["cohort"] != "January 2027" {
			t.Errorf("her program in the export: %v", o)
		}
		// Her privacy log's lines name the program, not its bare id (walk5
		// W5-10: "fields": ["01M95AHW…"]); a program since deleted is said
		// to be gone.
		discharge := func() map[string]any {
			t.Helper()
			x := e.do("GET", "/api/v1/me/export", cTok, nil)
			expectStatus(t, x, http.StatusOK)
			for _, l := range x.JSON(t)["audit_log"].([]any) {
				if l := l.(map[string]any); l["action"] == "organization_discharge" {
					return l
				}
			}
			t.Fatalf("no discharge in her export's audit log: %s", x.Body)
			return nil
		}
		if l := discharge(); l["organization"] != "Harbor House" || l["organization_id"] != org.ID || l["fields"] != nil {
			t.Errorf("the discharge in her privacy log: %v", l)
		}
		if err := e.store.(interface {
			ExecRaw(context.Context, string, ...any) error
		}).ExecRaw(ctx, "DELETE FROM organizations WHERE id = ?", org.ID); err != nil {
			t.Fatal(err)
		}
		if l := discharge(); l["organization"] != "an organization that no longer exists" || l["fields"] != nil {
			t.Errorf("the discharge from a deleted program: %v", l)
		}
	})
}
