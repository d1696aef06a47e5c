package httpapi_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// realPage is a page opened as a person (tok "" is a visitor) who expects
// to read want on it; in Spanish its tab reads es and the page reads
// each of esReads (split at " | "), or, when it is "", its heading reads es
// without " · Kinship".
type realPage struct{ tok, path, want, es, esReads string }

// TestPagesWithRealData opens the pages of every area as the people who
// use them, with real data behind them, and expects each to render whole.
func TestPagesWithRealData(t *testing.T) {
	e, pages := seedRealPages(t)
	for _, p := range pages {
		r := e.do("GET", p.path, p.tok, nil)
		if r.Status != http.StatusOK || !strings.Contains(r.String(), p.want) {
			t.Errorf("GET %s: %d, want 200 with %q:\n%.600s", p.path, r.Status, p.want, r.Body)
			continue
		}
		// Every page can be used with a screen reader.
		for _, problem := range a11yProblems(r.String()) {
			t.Errorf("GET %s: %s", p.path, problem)
		}
	}
	// So can a page that answers a mistake, with its field messages.
	for _, p := range errorPages(e) {
		r := e.do("GET", p.path, p.tok, nil)
		for _, problem := range a11yProblems(r.String()) {
			t.Errorf("GET %s (%d): %s", p.path, r.Status, problem)
		}
	}
}

// seedRealPages starts Kinship on SQLite with people, a group and its
// chat, a post with a report, a mentorship, a call for support, a program
// with a client under consent, and returns the pages of every area with
// what each person expects to read there. The browser tests open the same.
func seedRealPages(t *testing.T) (*env, []realPage) {
	t.Helper()
	e, siteTok := newEnvWithAdmin(t, testutil.DB{Name: "sqlite", DataDir: t.TempDir()})
	e.enableMFA(siteTok)
	aID, aTok := e.signupLogin("ana@example.org", goodPassword, "Ana")
	bID, bTok := e.signupLogin("ben@example.org", goodPassword, "Ben")
	_, modTok := e.moderator("mod@example.org", "Mod")
	expectStatus(t, e.do("PATCH", "/api/v1/me", aTok, map[string]any{"recovery_start": e.clock.Now().AddDate(-2, 0, 0).Format("2006-01-02"), "country": "US", "looking_for": []string{"a study partner"},
		"skills": []string{"Resume reviews"}, "visibility": map[string]string{"skills": "members"}}), http.StatusOK)
	gid := e.newGroup(aTok, "Evenings", "listed")
	expectStatus(t, e.do("POST", "/api/v1/groups/"+gid+"/join", bTok, nil), http.StatusOK)
	expectStatus(t, e.do("POST", "/api/v1/groups/"+gid+"/meetings", aTok, map[string]any{"title": "Weekly", "start_local": "2027-01-05T19:00", "time_zone": "America/Chicago",
		"duration_minutes": 60, "recurrence": map[string]any{"freq": "weekly", "weekdays": []string{"tue"}}}), http.StatusCreated)
	msg := e.do("POST", "/api/v1/groups/"+gid+"/messages", bTok, map[string]string{"client_id": "1", "body": "everyone would be better off without me"}).JSON(t)["id"].(string)
	expectStatus(t, e.do("PUT", "/api/v1/messages/"+msg+"/reactions/with_you", aTok, nil), http.StatusOK)
	thread := e.do("POST", "/api/v1/dms", aTok, map[string]string{"user_id": bID, "body": "Thinking of you"}).JSON(t)["thread"].(map[string]any)["id"].(string)
	post := e.do("POST", "/api/v1/posts", aTok, map[string]string{"kind": "story", "title": "Two years", "body": "Thankful", "content_note": "mentions overdose"}).JSON(t)["id"].(string)
	expectStatus(t, e.do("POST", "/api/v1/posts/"+post+"/comments", bTok, map[string]string{"body": "Proud of you"}), http.StatusCreated)
	expectStatus(t, e.do("POST", "/api/v1/reports", bTok, map[string]string{"target_type": "post", "target_id": post, "reason": "spam"}), http.StatusCreated)
	e.facilitator(aTok) // on since Ana started a group
	expectStatus(t, e.do("PATCH", "/api/v1/me/mentorship", aTok, map[string]any{"is_mentor": true, "capacity": 2, "availability": []string{"tue-evening"}}), http.StatusOK)
	expectStatus(t, e.do("POST", "/api/v1/mentorships", bTok, map[string]string{"mentor_id": aID, "note": "Hello"}), http.StatusCreated)
	// Cy is Ana's mentee and shares check-ins, one answered No.
	_, cTok := e.signupLogin("cy@example.org", goodPassword, "Cy")
	mentee := e.do("POST", "/api/v1/mentorships", cTok, map[string]string{"mentor_id": aID}).JSON(t)["id"].(string)
	expectStatus(t, e.do("POST", "/api/v1/mentorships/"+mentee+"/status", aTok, map[string]string{"action": "accept"}), http.StatusOK)
	expectStatus(t, e.do("PATCH", "/api/v1/mentorships/"+mentee, cTok, map[string]any{"share": map[string]bool{"checkin_done": true, "mood": true, "craving": true, "used": true}}), http.StatusOK)
	expectStatus(t, e.do("POST", "/api/v1/checkins", cTok, map[string]any{"mood": 2, "craving": 0, "used": false, "note": "long day"}), http.StatusCreated)
	expectStatus(t, e.do("POST", "/api/v1/support/alerts", bTok, nil), http.StatusCreated)
	org := e.do("POST", "/api/v1/organizations", siteTok, map[string]string{"name": "Harbor", "admin_email": "ana@example.org"}).JSON(t)["id"].(string)
	code := e.do("POST", "/api/v1/organizations/"+org+"/invitations", aTok, map[string]string{"cohort": "Spring"}).JSON(t)["code"].(string)
	expectStatus(t, e.do("POST", "/api/v1/organizations/join", bTok, map[string]string{"code": code}), http.StatusOK)
	today := e.clock.Now().Format("2006-01-02")
	expectStatus(t, e.do("POST", "/api/v1/consents", bTok, map[string]any{"org_id": org, "data": []string{"checkins", "recovery", "profile"}, "purpose": "care", "starts_at": today, "ends_at": e.clock.Now().AddDate(0, 1, 0).Format("2006-01-02")}), http.StatusCreated)

	e.tokens = map[string]string{"ana": aTok, "ben": bTok, "mod": modTok, "site": siteTok}
	return e, []realPage{
		{aTok, "/", "Kinship", "Inicio · Kinship", "Hola, Ana | Próximo: 3 años."},
		{aTok, "/groups", "Evenings", "Grupos · Kinship", ""},
		{aTok, "/groups/" + gid, "Weekly", "Evenings · Kinship", "Abrir la conversación"},
		{aTok, "/groups/" + gid + "/chat", "better off without me", "Evenings · Kinship", "Evenings: conversación"},
		{aTok, "/messages/" + msg + "/action", "Report this message", "Un mensaje de Ben · Kinship", "Reportar este mensaje | Eliminarlo del grupo"},
		{bTok, "/messages/" + msg + "/action", "Edit or delete", "Tu mensaje · Kinship", "Editar o eliminar"},
		{aTok, "/messages", "Ben", "Mensajes · Kinship", ""},
		{aTok, "/messages/" + thread, "Thinking of you", "Ben · Kinship", "Mensajes con Ben"},
		{aTok, "/community", "Two years", "Comunidad · Kinship", ""},
		{aTok, "/posts/" + post, "Proud of you", "Two years · Kinship", "Reportar esta publicación"},
		{aTok, "/mentorship", "asks you to mentor them", "Mentoría · Kinship", "Ben (te pide que seas su mentor o mentora)"},
		{bTok, "/mentorship", "Asked Ana", "Mentoría · Kinship", "Se lo pediste a Ana"},
		{bTok, "/support", "Your alert has not reached anyone yet", "Apoyo ahora · Kinship", "Apoyo, ahora mismo"},
		{aTok, "/support/respond", "Nobody is waiting", "Alguien necesita apoyo · Kinship", ""},
		{aTok, "/notifications", "Your choices", "Notificaciones · Kinship", ""},
		{bTok, "/consents", "Harbor", "Consentimientos · Kinship", ""},
		{aTok, "/organizations", "Harbor", "Organizaciones · Kinship", ""},
		{aTok, "/organizations/" + org, "Invite clients", "Harbor · Kinship", "Invitar a participantes"},
		{aTok, "/organizations/" + org + "/members/" + bID, "may not be re-disclosed", "Ben · Kinship", "No puede volver a darse a conocer a nadie más sin su consentimiento"},
		{bTok, "/appeals", "No moderator", "Moderación y apelaciones · Kinship", ""},
		{modTok, "/moderation/queue", "Two years", "Cola de moderación · Kinship", ""},
		{modTok, "/moderation/crisis", "better off without me", "Cola de crisis · Kinship", ""},
		{siteTok, "/admin/crisis-resources", "988", "Recursos de crisis · Kinship", ""},
		{aTok, "/checkin", "recovery time", "Registro diario · Kinship", "Registro diario | Próximo logro: 3 años, | 730 días y sumando. Lo próximo: 3 años."},
		{aTok, "/profile", "study partner", "Tu perfil · Kinship", ""},
		{bTok, "/people?skill=resume", "Resume reviews", "Buscar pares · Kinship", ""},
		{bTok, "/people", "Find peers", "Buscar pares · Kinship", ""},
		{aTok, "/about", "peer support", "Qué es Kinship y qué no es", ""},
		{bTok, "/members/" + aID, "Report Ana", "Ana · Kinship", "Reportar a Ana"},
		{aTok, "/partners", "Accountability partners", "Compañeros de responsabilidad · Kinship", ""},
		{aTok, "/trends", "Mood", "Tus tendencias · Kinship", ""},
		{aTok, "/recovery-capital", "Recovery capital", "Capital de recuperación · Kinship", ""},
		{aTok, "/connections", "Connections", "Conexiones · Kinship", ""},
		{aTok, "/settings/security", "Two-factor", "Inicio de sesión y seguridad · Kinship", ""},
		{aTok, "/settings/privacy", "Your data and privacy", "Tus datos y tu privacidad · Kinship", ""},
		{aTok, "/mentorship/cohort", "Plan a cohort", "Planificar una cohorte · Kinship", ""},
		{modTok, "/moderation/resources", "Resource", "Recursos sugeridos · Kinship", ""},
		{siteTok, "/admin/feedback", "Feedback inbox", "Bandeja de comentarios · Kinship", ""},
		{siteTok, "/admin", "People with a role", "Administración · Kinship", ""},
		{siteTok, "/organizations/" + org, "People", "Harbor · Kinship", "Administras esta organización como administrador del sitio"},
		{"", "/", "Kinship", "Apoyo entre pares para personas en recuperación · Kinship", ""},
		{"", "/login", "Sign in", "Iniciar sesión · Kinship", ""},
		{"", "/signup", "Join Kinship", "Únete a Kinship", ""},
		{"", "/password-reset", "Reset your password", "Restablece tu contraseña · Kinship", ""},
		{"", "/meetings", "Find a meeting", "Buscar una reunión · Kinship", ""},
		{"", "/treatment", "SAMHSA", "Buscar tratamiento · Kinship", ""},
		{"", "/resources", "Resources", "Recursos · Kinship", ""},
		{"", "/feedback", "Feedback", "Comentarios · Kinship", ""},
		{"", "/about", "peer support", "Qué es Kinship y qué no es", ""},
		{aTok, "/mentorships/" + mentee + "/checkins", "0/10", "Registros de Cy · Kinship", ""},
		{cTok, "/settings/privacy", "Read the check-ins you share with your mentor", "Tus datos y tu privacidad · Kinship", "Ana Aceptó la solicitud de mentoría"},
		{bTok, "/settings/privacy", "under a consent you gave a program", "Tus datos y tu privacidad · Kinship", "Leyó tus registros, con un consentimiento que diste a un programa"},
	}
}

// errorPages are pages answering a mistake, with field messages.
func errorPages(e *env) []realPage {
	return []realPage{{e.tokens["ben"], "/people?skill=r", "", "Buscar pares · Kinship", "Usa al menos dos letras"},
		{"", "/treatment?near=zzzz-not-a-place", "", "Buscar tratamiento · Kinship", "Este Kinship no tiene programas de tratamiento en «zzzz-not-a-place» | No hay programas en este lugar"},
		{"", "/meetings?near=%20", "", "Buscar una reunión · Kinship", "Escribe una ciudad o un código postal | Una ciudad o un código postal"}}
}
