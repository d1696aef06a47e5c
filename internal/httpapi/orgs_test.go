package httpapi_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/kinshiprecovery/kinship/internal/testutil"
)

func TestOrganizationsConsentsAndAlumni(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		e, siteTok := newEnvWithAdmin(t, db)
		e.enableMFA(siteTok)
		e.signupLogin("ava@example.org", goodPassword, "Ava")   // admin of Harbor
		e.signupLogin("otto@example.org", goodPassword, "Otto") // admin of Lighthouse
		cID, cTok := e.signupLogin("cal@example.org", goodPassword, "Cal")
		sID, sTok := e.signupLogin("sam@example.org", goodPassword, "Sam")
		avaTok := e.login("ava@example.org", goodPassword, "")
		ottoTok := e.login("otto@example.org", goodPassword, "")

		expectStatus(t, e.do("POST", "/api/v1/organizations", avaTok, map[string]string{"name": "Harbor"}), http.StatusForbidden)
		harbor := e.do("POST", "/api/v1/organizations", siteTok, map[string]string{"name": "Harbor Treatment", "admin_email": "ava@example.org"}).JSON(t)["id"].(string)
		light := e.do("POST", "/api/v1/organizations", siteTok, map[string]string{"name": "Lighthouse", "admin_email": "otto@example.org"}).JSON(t)["id"].(string)
		// An organization's admin uses none of its powers before two-factor login.
		if r := e.do("POST", "/api/v1/organizations/"+harbor+"/members", avaTok, map[string]string{"email": "sam@example.org", "role": "staff"}); r.Status != http.StatusForbidden || !strings.Contains(r.String(), "two-factor login") {
			t.Fatalf("an org admin without two-factor login: %d %s", r.Status, r.Body)
		}
		e.enableMFA(avaTok)
		e.enableMFA(ottoTok)
		e.enableMFA(sTok)
		expectStatus(t, e.do("POST", "/api/v1/organizations/"+harbor+"/members", avaTok, map[string]string{"email": "sam@example.org", "role": "staff"}), http.StatusCreated)

		// Staff who are not admins neither invite nor discharge; they are told so.
		for _, r := range []resp{
			e.do("POST", "/api/v1/organizations/"+harbor+"/invitations", sTok, map[string]any{"cohort": "Spring 2027", "days": 7}),
			e.do("POST", "/api/v1/organizations/"+harbor+"/members/"+cID+"/discharge", sTok, nil),
		} {
			if r.Status != http.StatusForbidden || !strings.Contains(r.String(), "only the organization's admins can do that") {
				t.Fatalf("staff inviting or discharging: %d %s", r.Status, r.Body)
			}
		}
		// Clients join by a single-use code.
		inv := e.do("POST", "/api/v1/organizations/"+harbor+"/invitations", avaTok, map[string]any{"cohort": "Spring 2027", "days": 7}).JSON(t)
		code := inv["code"].(string)
		expectStatus(t, e.do("POST", "/api/v1/organizations/join", cTok, map[string]string{"code": "wrong"}), http.StatusBadRequest)
		if v := e.do("POST", "/api/v1/organizations/join", cTok, map[string]string{"code": code}).JSON(t); v["my_role"] != "client" || v["cohort"] != "Spring 2027" {
			t.Fatalf("joined: %v", v)
		}
		_, dTok := e.signupLogin("dee@example.org", goodPassword, "Dee")
		r := e.do("POST", "/api/v1/organizations/join", dTok, map[string]string{"code": code})
		expectStatus(t, r, http.StatusBadRequest)
		if !strings.Contains(r.String(), "already used") {
			t.Fatalf("a used code says so: %s", r.Body)
		}
		late := e.do("POST", "/api/v1/organizations/"+harbor+"/invitations", avaTok, map[string]any{"days": 1, "email": "dee@example.org"}).JSON(t)["code"].(string)
		// Dee's own sign-up confirmation may still be on its way: wait for the invitation itself.
		if m := e.smtp.WaitForMatch(t, func(m testutil.ReceivedMessage) bool { return strings.Contains(m.Data, late) }, 5*time.Second); strings.Contains(m.Data, "Harbor") {
			t.Fatalf("the invitation email names the program: %s", m.Data)
		}
		e.clock.Advance(49 * 60 * 60e9)
		expectStatus(t, e.do("POST", "/api/v1/organizations/join", dTok, map[string]string{"code": late}), http.StatusBadRequest)

		// Staff see nothing of Cal without consent; with it, only what he chose, and he sees every disclosure.
		expectStatus(t, e.do("GET", "/api/v1/organizations/"+harbor+"/members/"+cID+"/data", sTok, nil), http.StatusForbidden)
		expectStatus(t, e.do("POST", "/api/v1/checkins", cTok, map[string]any{"mood": 4, "craving": 1, "used": false, "note": "good group today"}), http.StatusCreated)
		bad := map[string]any{"org_id": harbor, "data": []string{"checkins"}, "purpose": "care coordination", "starts_at": "2027-02-01", "ends_at": "2027-01-01"}
		r = e.do("POST", "/api/v1/consents", cTok, bad)
		expectStatus(t, r, http.StatusBadRequest)
		if !strings.Contains(r.String(), "end after it starts") {
			t.Fatalf("end before start: %s", r.Body)
		}
		today := e.clock.Now().Format("2006-01-02")
		until := e.clock.Now().AddDate(0, 3, 0).Format("2006-01-02")
		consent := e.do("POST", "/api/v1/consents", cTok, map[string]any{"org_id": harbor, "recipient_id": sID, "data": []string{"checkins"}, "purpose": "care coordination", "starts_at": today, "ends_at": until}).JSON(t)
		d := e.do("GET", "/api/v1/organizations/"+harbor+"/members/"+cID+"/data", sTok, nil)
		expectStatus(t, d, http.StatusOK)
		if !strings.Contains(d.String(), "good group today") || !strings.Contains(d.String(), "may not be re-disclosed") || strings.Contains(d.String(), `"recovery"`) {
			t.Fatalf("disclosed: %s", d.Body)
		}
		expectStatus(t, e.do("GET", "/api/v1/organizations/"+harbor+"/members/"+cID+"/data", avaTok, nil), http.StatusForbidden) // the consent names Sam only
		cs := e.do("GET", "/api/v1/consents", cTok, nil).JSON(t)["items"].([]any)
		if ds := cs[0].(map[string]any)["disclosures"].([]any); len(ds) != 1 || ds[0].(map[string]any)["viewer_display_name"] != "Sam" {
			t.Fatalf("disclosure ledger: %v", cs)
		}
		expectStatus(t, e.do("DELETE", "/api/v1/consents/"+consent["id"].(string), cTok, nil), http.StatusNoContent)
		expectStatus(t, e.do("GET", "/api/v1/organizations/"+harbor+"/members/"+cID+"/data", sTok, nil), http.StatusForbidden)
		expectStatus(t, e.do("DELETE", "/api/v1/consents/"+consent["id"].(string), cTok, nil), http.StatusNoContent) // revoking twice is revoking once

		// Organization groups: only its people; alumni groups only its alumni.
		og := e.do("POST", "/api/v1/groups", avaTok, map[string]string{"name": "Harbor alumni", "visibility": "listed", "org_id": harbor, "audience": "alumni"})
		expectStatus(t, og, http.StatusCreated)
		alumniGroup := og.JSON(t)["id"].(string)
		expectStatus(t, e.do("POST", "/api/v1/groups", ottoTok, map[string]string{"name": "Not mine", "visibility": "listed", "org_id": harbor}), http.StatusNotFound)
		expectStatus(t, e.do("GET", "/api/v1/groups/"+alumniGroup, cTok, nil), http.StatusNotFound)
		// Discharge: Cal becomes alumni, keeps his account, and reaches the alumni group.
		expectStatus(t, e.do("POST", "/api/v1/organizations/"+harbor+"/members/"+sID+"/discharge", avaTok, nil), http.StatusConflict)
		if v := e.do("POST", "/api/v1/organizations/"+harbor+"/members/"+cID+"/discharge", avaTok, nil).JSON(t); v["role"] != "alumni" {
			t.Fatalf("discharged: %v", v)
		}
		expectStatus(t, e.do("POST", "/api/v1/organizations/"+harbor+"/members/"+cID+"/discharge", avaTok, nil), http.StatusConflict)
		expectStatus(t, e.do("POST", "/api/v1/groups/"+alumniGroup+"/join", cTok, nil), http.StatusOK)

		// The dashboard suppresses small counts.
		dash := e.do("GET", "/api/v1/organizations/"+harbor+"/dashboard", avaTok, nil).JSON(t)
		if dash["alumni"] != "fewer than 11" || dash["clients"] != "fewer than 11" {
			t.Fatalf("dashboard: %v", dash)
		}

		// An admin of one organization reaches nothing of another's.
		for _, c := range []struct{ method, path string }{
			{"GET", "/api/v1/organizations/" + harbor + "/members"},
			{"GET", "/api/v1/organizations/" + harbor + "/dashboard"},
			{"POST", "/api/v1/organizations/" + harbor + "/invitations"},
			{"POST", "/api/v1/organizations/" + harbor + "/members/" + cID + "/discharge"},
			{"GET", "/api/v1/organizations/" + harbor + "/members/" + cID + "/data"},
			{"GET", "/api/v1/groups/" + alumniGroup},
		} {
			r := e.do(c.method, c.path, ottoTok, nil)
			if r.Status != http.StatusNotFound {
				t.Errorf("Lighthouse's admin, %s %s: %d %s", c.method, c.path, r.Status, r.Body)
			}
		}
		expectStatus(t, e.do("POST", "/api/v1/organizations/"+harbor+"/members", ottoTok, map[string]string{"email": "otto@example.org", "role": "admin"}), http.StatusNotFound)
		// A client is not staff.
		expectStatus(t, e.do("GET", "/api/v1/organizations/"+harbor+"/members", cTok, nil), http.StatusForbidden)
		_ = light
	})
}

// TestOrganizationAccessGrid walks every route of one organization (API and
// pages) as each role that must not reach it: a member from outside, a
// client of that organization, and the staff and admin of another
// organization. None may reach an organization's staff routes.
func TestOrganizationAccessGrid(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		e, siteTok := newEnvWithAdmin(t, db)
		e.enableMFA(siteTok)
		e.signupLogin("ava@example.org", goodPassword, "Ava")
		e.signupLogin("otto@example.org", goodPassword, "Otto")
		e.signupLogin("stan@example.org", goodPassword, "Stan")
		cID, cTok := e.signupLogin("cal@example.org", goodPassword, "Cal")
		_, outTok := e.signupLogin("out@example.org", goodPassword, "Out")
		avaTok, ottoTok, stanTok := e.login("ava@example.org", goodPassword, ""), e.login("otto@example.org", goodPassword, ""), e.login("stan@example.org", goodPassword, "")
		for _, tok := range []string{avaTok, ottoTok, stanTok} {
			e.enableMFA(tok)
		}
		harbor := e.do("POST", "/api/v1/organizations", siteTok, map[string]string{"name": "Harbor", "admin_email": "ava@example.org"}).JSON(t)["id"].(string)
		light := e.do("POST", "/api/v1/organizations", siteTok, map[string]string{"name": "Lighthouse", "admin_email": "otto@example.org"}).JSON(t)["id"].(string)
		expectStatus(t, e.do("POST", "/api/v1/organizations/"+light+"/members", ottoTok, map[string]string{"email": "stan@example.org", "role": "staff"}), http.StatusCreated)
		code := e.do("POST", "/api/v1/organizations/"+harbor+"/invitations", avaTok, nil).JSON(t)["code"].(string)
		expectStatus(t, e.do("POST", "/api/v1/organizations/join", cTok, map[string]string{"code": code}), http.StatusOK)
		before := e.do("GET", "/api/v1/organizations/"+harbor+"/members", avaTok, nil).String()

		roles := map[string]string{"outsider": outTok, "client of Harbor": cTok, "staff of Lighthouse": stanTok, "admin of Lighthouse": ottoTok}
		checked := 0
		for _, rt := range e.srv.Routes() {
			if !strings.Contains(rt.Pattern, "/organizations/{id}") {
				continue
			}
			path := strings.NewReplacer("{id}", harbor, "{user}", cID).Replace(rt.Pattern)
			for role, tok := range roles {
				var body any
				switch {
				case rt.Method == "POST" && !strings.HasPrefix(path, "/api/"):
					body = formBody("action=discharge&user_id=" + cID + "&email=out%40example.org&role=admin&name=Taken")
				case rt.Method == "POST" && strings.HasSuffix(rt.Pattern, "/members"):
					body = map[string]string{"email": "out@example.org", "role": "admin"}
				}
				r := e.do(rt.Method, path, tok, body)
				if r.Status != http.StatusNotFound && r.Status != http.StatusForbidden {
					t.Errorf("%s reached %s %s: %d %s", role, rt.Method, rt.Pattern, r.Status, r.Body)
				}
				checked++
			}
		}
		if after := e.do("GET", "/api/v1/organizations/"+harbor+"/members", avaTok, nil).String(); after != before {
			t.Fatalf("Harbor changed:\n%s\n%s", before, after)
		}
		t.Logf("%d route × role checks", checked)
		if checked < 4*8 {
			t.Fatalf("only %d checks: routes are missing from the grid", checked)
		}
	})
}
