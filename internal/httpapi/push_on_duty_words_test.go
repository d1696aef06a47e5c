package httpapi_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// walk14 W14-8: Hannah, a moderator on duty, is in nobody's circle, yet
// her phone said "Someone in your circle needs you" when Sione's call came
// to those on duty. A call's push now says "Someone needs support now" to
// those on duty (in their language) and keeps "Someone in your circle
// needs you" for the caller's own people, whether the call came to those
// on duty after the caller's partner did not answer or straight away; the
// payloads, as the push service decrypts them, name nobody.
func TestOnDutyPushSaysSomeoneNeedsSupport(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		e, _ := newEnvWithAdmin(t, db)
		ps := e.startPush()
		_, aTok := e.signupLogin("ana@example.org", goodPassword, "Ana Quintero")
		pID, pTok := e.signupLogin("pat@example.org", goodPassword, "Pat")
		e.partnered(aTok, pTok, pID)
		_, bTok := e.signupLogin("bo@example.org", goodPassword, "Bo Lindqvist")
		hID, hTok := e.moderator("hannah@example.org", "Hannah")
		_, mTok := e.moderator("mo@example.org", "Mo")
		e.speaks(hID, "es")
		for _, tok := range []string{hTok, mTok} {
			expectStatus(t, e.do("PUT", "/api/v1/me/on-duty", tok, map[string]bool{"on": true}), http.StatusNoContent)
		}
		patPhone, hannahPhone, moPhone := ps.NewDevice(t), ps.NewDevice(t), ps.NewDevice(t)
		e.subscribe(pTok, patPhone, "")
		e.subscribe(hTok, hannahPhone, "")
		e.subscribe(mTok, moPhone, "")

		read := func(step string, before, n int) map[string]string {
			t.Helper()
			got := ps.WaitFor(t, before+n, 20*time.Second)
			out := map[string]string{}
			for _, g := range got[before:] {
				if g.Status != http.StatusCreated {
					continue
				}
				seen := readPush(t, g)
				out[g.Device] = seen.Body
				for _, secret := range []string{"Ana", "Quintero", "Bo", "Lindqvist", "recovery", "recuperación"} {
					if strings.Contains(string(g.Plain), secret) {
						t.Errorf("%s: the payload names %q: %s", step, secret, g.Plain)
					}
				}
			}
			return out
		}
		expect := func(step string, got map[string]string, want map[string]string) {
			t.Helper()
			for dev, words := range want {
				if got[dev] != words {
					t.Errorf("%s: a phone reads %q; want %q (all: %q)", step, got[dev], words, got)
				}
			}
			if len(got) != len(want) {
				t.Errorf("%s: %d phones were told (%q); want %d", step, len(got), got, len(want))
			}
		}

		// Ana's call goes to Pat, her partner, first.
		before := len(ps.Received())
		alert := e.do("POST", "/api/v1/support/alerts", aTok, nil)
		expectStatus(t, alert, http.StatusCreated)
		expect("Ana's call", read("Ana's call", before, 1), map[string]string{patPhone.ID: "Someone in your circle needs you"})

		// Pat did not answer in time: it comes to those on duty.
		before = len(ps.Received())
		if err := e.app.EscalateSupportAlert(context.Background(), alert.JSON(t)["alert"].(map[string]any)["id"].(string)); err != nil {
			t.Fatal(err)
		}
		expect("Ana's call on duty", read("Ana's call on duty", before, 2),
			map[string]string{hannahPhone.ID: "Alguien necesita apoyo ahora", moPhone.ID: "Someone needs support now"})

		// Bo has nobody of his own here: his call comes straight to them.
		before = len(ps.Received())
		expectStatus(t, e.do("POST", "/api/v1/support/alerts", bTok, nil), http.StatusCreated)
		expect("Bo's call", read("Bo's call", before, 2),
			map[string]string{hannahPhone.ID: "Alguien necesita apoyo ahora", moPhone.ID: "Someone needs support now"})
	})
}

// speaks sets the language Kinship writes to a person in, as their
// profile's choice would.
func (e *env) speaks(userID, lang string) {
	e.t.Helper()
	u, err := e.store.FindUserByID(context.Background(), userID)
	if err != nil {
		e.t.Fatal(err)
	}
	u.Language = lang
	if err := e.store.UpdateUser(context.Background(), u); err != nil {
		e.t.Fatal(err)
	}
}
