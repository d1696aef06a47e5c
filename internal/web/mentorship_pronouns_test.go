package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/pquerna/otp/totp"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
)

// walk8 W8-3: Noah, a mentor in Sydney (he/him), read of Isla (she/her)
// "Isla (asks you to mentor them)", "Their note: ...", "Check-ins they
// share", and Isla, after asking, "Request sent. You will hear when they
// answer." and, before ending, "Your messages with them stay." The
// mentorship pages now speak of each by their pronouns where the reader
// may see them, "they" otherwise; in Spanish "Mia, tu mentora" and
// "mentorado" where the pronouns say so, "mentor o mentora" and "persona
// mentorada" otherwise.
func TestMentorshipPagesSpeakOfPeopleByTheirPronouns(t *testing.T) {
	base, a := startServer(t)
	mia, eli, secret := readyMentor(t, a)
	for u, pr := range map[*model.User]string{mia: "she/her", eli: "he/him"} {
		if _, err := a.UpdateMe(asUser(u), func(p *model.Profile) { p.Pronouns = pr; p.Visibility["pronouns"] = model.VisMembers }); err != nil {
			t.Fatal(err)
		}
	}
	signIn := func(email, pw, secret string) *person {
		t.Helper()
		p := newPerson(t, base)
		if code, _, _ := p.post("/login", url.Values{"email": {email}, "password": {pw}}); code != http.StatusOK {
			t.Fatalf("%s signs in: %d", email, code)
		}
		if secret != "" {
			c, _ := totp.GenerateCode(secret, a.Now()) // the app's clock
			if code, _, _ := p.post("/login/mfa", url.Values{"code": {c}}); code != http.StatusOK {
				t.Fatalf("%s's second step: %d", email, code)
			}
		}
		return p
	}
	miaWeb, eliWeb := signIn("mia@example.org", "amber meadow trail", secret), signIn("eli@example.org", "cobalt river stone", "")
	setLang := func(lang string) {
		t.Helper()
		for _, u := range []*model.User{mia, eli} {
			if err := a.SetLanguage(asUser(u), lang); err != nil {
				t.Fatal(err)
			}
		}
	}
	reads := func(who string, text string, want ...string) {
		t.Helper()
		for _, w := range want {
			if !strings.Contains(text, w) {
				t.Errorf("%s does not read %q:\n%s", who, w, text)
			}
		}
		for _, wrong := range []string{"mentor them", "Their note", "they share", "when they answer", "with them stay", "they will be told"} {
			if strings.Contains(text, wrong) {
				t.Errorf("%s reads %q:\n%s", who, wrong, text)
			}
		}
	}

	if code, _, _ := eliWeb.post("/mentorship/request", url.Values{"mentor_id": {mia.ID}, "note": {"Could we talk on Tuesdays?"}}); code != http.StatusOK {
		t.Fatalf("Eli asks Mia: %d", code)
	}
	for _, c := range []struct{ lang, sent, asks, note string }{
		{"en", "Request sent. You will hear when she answers.", "Eli (asks you to mentor him)", "His note: Could we talk on Tuesdays?"},
		{"es", "Solicitud enviada. Te avisaremos cuando responda.", "Eli (te pide que seas su mentor o mentora)", "Su nota: Could we talk on Tuesdays?"},
	} {
		setLang(c.lang)
		_, text := eliWeb.get("/mentorship?done=requested")
		reads("Eli ("+c.lang+")", text, c.sent)
		_, text = miaWeb.get("/mentorship")
		reads("Mia ("+c.lang+")", text, c.asks, c.note)
	}
	m, err := a.ListMentorships(asUser(mia))
	if err != nil || len(m.AsMentor) != 1 {
		t.Fatalf("Mia's mentorships: %v %v", m, err)
	}
	id := m.AsMentor[0].ID
	if _, err := a.ChangeMentorship(asUser(mia), id, "accept", ""); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ lang, mentee, checkins, mentor, endMentee, endMentor string }{
		{"en", "Eli (your mentee, active)", "Check-ins he shares", "Mia, your mentor",
			"Mia will stop seeing your check-ins at once and will be told the mentorship ended. Your messages with her stay. " +
				"No blame: people's needs change. A new mentorship can start whenever it helps. A few words for Mia (optional) " +
				"Only Mia reads them, on her mentorship page: not in a notification or an email.",
			"You will stop seeing Eli's check-ins at once, and he will be told, with where to find another mentor. Your messages with him stay. " +
				"No blame: people's needs change. A new mentorship can start whenever it helps. A few words for Eli (optional) " +
				"Only Eli reads them, on his mentorship page: not in a notification or an email."},
		{"es", "Eli (mentorado, activa)", "Registros que comparte", "Mia, tu mentora",
			"Mia dejará de ver tus registros de inmediato y se le avisará que la mentoría terminó.",
			"Dejarás de ver los registros de Eli de inmediato, y se le avisará"},
	} {
		setLang(c.lang)
		_, text := miaWeb.get("/mentorship")
		reads("Mia ("+c.lang+")", text, c.mentee, c.checkins)
		_, text = eliWeb.get("/mentorship")
		reads("Eli ("+c.lang+")", text, c.mentor)
		_, text, _ = eliWeb.post("/mentorships/"+id+"/status", url.Values{"action": {"end"}})
		reads("Eli before ending ("+c.lang+")", text, c.endMentee)
		_, text, _ = miaWeb.post("/mentorships/"+id+"/status", url.Values{"action": {"end"}})
		reads("Mia before ending ("+c.lang+")", text, c.endMentor)
	}

	// Eli keeps his pronouns to himself: Mia's page speaks of him without gender.
	if _, err := a.UpdateMe(asUser(eli), func(p *model.Profile) { p.Visibility["pronouns"] = model.VisOnlyMe }); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ lang, mentee, checkins string }{
		{"en", "Eli (your mentee, active)", "Check-ins they share"},
		{"es", "Eli (persona mentorada, activa)", "Registros que comparte"},
	} {
		setLang(c.lang)
		_, text := miaWeb.get("/mentorship")
		if !strings.Contains(text, c.mentee) || !strings.Contains(text, c.checkins) || strings.Contains(text, "he shares") || strings.Contains(text, "mentorado") {
			t.Errorf("%s: Mia's page of Eli, who keeps his pronouns private:\n%s", c.lang, text)
		}
	}
	if _, err := a.ChangeMentorship(asUser(eli), id, "end", ""); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ lang, ended string }{{"en", "Mia, who mentored you (ended)"}, {"es", "Mia, que fue tu mentora (terminada)"}} {
		setLang(c.lang)
		_, text := eliWeb.get("/mentorship")
		reads("Eli after the end ("+c.lang+")", text, c.ended)
	}
	// Mia's old link to his check-ins says they are no longer shared: of
	// him by his pronouns once she may see them again, "their" before.
	for _, c := range []struct {
		lang string
		show bool
		want string
	}{
		{"en", false, "Their check-ins are no longer shared with you."},
		{"en", true, "His check-ins are no longer shared with you."},
		{"es", true, "Ya no ves sus registros."},
	} {
		if c.show {
			if _, err := a.UpdateMe(asUser(eli), func(p *model.Profile) { p.Visibility["pronouns"] = model.VisMembers }); err != nil {
				t.Fatal(err)
			}
		}
		setLang(c.lang)
		_, text := miaWeb.get("/mentorships/" + id + "/checkins")
		reads("Mia's old link ("+c.lang+")", text, c.want)
	}
	_ = app.MentorshipEnded
}
