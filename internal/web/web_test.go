package web

import (
	"bytes"
	"io/fs"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/i18n"
	"github.com/kinshiprecovery/kinship/internal/match"
	"github.com/kinshiprecovery/kinship/internal/model"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestNoInlineScriptOrStyle keeps the templates within the CSP: no inline
// scripts, style attributes or event-handler attributes.
func TestNoInlineScriptOrStyle(t *testing.T) {
	inlineScript := regexp.MustCompile(`<script(?:\s[^>]*)?>\s*[^<\s]`)
	handler := regexp.MustCompile(`\son[a-z]+\s*=`)
	err := fs.WalkDir(templateFS, "templates", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, _ := fs.ReadFile(templateFS, path)
		s := string(b)
		if inlineScript.MatchString(s) {
			t.Errorf("%s has an inline script", path)
		}
		if strings.Contains(s, " style=") || strings.Contains(s, "<style") {
			t.Errorf("%s has inline style", path)
		}
		if handler.MatchString(s) {
			t.Errorf("%s has an inline event handler", path)
		}
		// A link a person clicks (directions) is fine; nothing loads from elsewhere.
		if strings.Contains(strings.ReplaceAll(s, `href="https://www.openstreetmap.org/directions`, ""), "https://") || strings.Contains(s, "http://") {
			t.Errorf("%s refers to another site (no CDNs, fonts or trackers)", path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestEveryPageRenders renders each page template with an empty view, the
// way a visitor first sees it, and checks the landmarks are there.
func TestEveryPageRenders(t *testing.T) {
	p := New(nil, nil, Options{})
	data := map[string]any{
		"profile":          profileForm{P: nil, Pathways: pathwayOptions(i18n.Load().Default()), Circumstance: circumstanceOptions(i18n.Load().Default()), Visibility: visibilityOptions(i18n.Load().Default()), Place: newPlace(i18n.Load().Default(), "", "", nil)},
		"security":         &securityData{},
		"privacy":          privacyData{},
		"member":           memberView{Name: "Sam", Fields: map[string]any{"bio": "Hello", "pathways": []string{"secular"}}, Labels: map[string]string{"secular": "Secular"}},
		"dashboard":        dashboardData{User: &model.User{}, Home: &app.HomeView{Recovery: &app.RecoveryView{}, Zone: time.UTC}},
		"notifications":    notificationsData{NotificationList: &app.NotificationList{}, Prefs: &app.NotificationPrefs{Categories: map[string]app.CategoryPref{}}, Categories: notificationCategories(i18n.Load().Default())},
		"partners":         []partnerRow{},
		"capital":          &app.CapitalView{Items: []string{"One"}, Scale: []string{"A", "B"}},
		"trends":           trendsData{Days: 30},
		"meetings":         finderData{Summary: "Later today"},
		"signup":           newPlace(i18n.Load().Default(), "", "", nil),
		"treatment":        treatmentData{},
		"feedback_inbox":   []app.FeedbackMessage{},
		"resources":        resourcesData{Resources: []app.ResourceView{{ID: "r", Title: "T", URL: "https://example.org", Tags: []string{"a"}, Helped: 2}}},
		"moderation":       []app.ResourceView{},
		"connections":      connectionsData{},
		"organizations":    orgsData{Orgs: []app.OrgView{{ID: "o", Name: "Harbor", MyRole: "admin"}}, SiteAdmin: true},
		"organization":     orgsData{Org: &app.OrgView{ID: "o", Name: "Harbor", MyRole: "admin"}, Members: []app.OrgMemberView{{UserID: "u", Name: "Cal", Role: "client"}}, Dashboard: &app.Dashboard{Cohorts: map[string]string{"A": "fewer than 11"}}, Invitation: &app.InvitationView{Code: "c"}},
		"disclosed":        orgsData{Disclosed: &app.DisclosedData{Member: "Cal", Notice: "n", Checkins: []app.SharedCheckin{{Date: "2026-11-25"}}}},
		"consents":         orgsData{Consents: []app.ConsentView{{ID: "c", OrgName: "Harbor", Data: []string{"checkins"}, Disclosures: []app.DisclosureView{{Viewer: "Sam", Data: []string{"checkins"}}}}}, Orgs: []app.OrgView{{ID: "o", Name: "Harbor"}}},
		"community":        communityData{Posts: []app.PostView{{ID: "p", Title: "T", Body: "B", ContentNote: "mentions overdose", State: "visible"}}, Reasons: reportReasonOptions(i18n.Load().Default())},
		"post":             communityData{Post: &app.PostView{ID: "p", Title: "T", Body: "B", State: "visible"}, Reasons: reportReasonOptions(i18n.Load().Default())},
		"moderation_queue": moderationData{Reports: []app.ReportView{{ID: "r", Reason: "spam", Content: "x"}}, Appeals: []app.ActionView{{ID: "a"}}},
		"appeals":          []app.ActionView{{ID: "a", Action: "remove", Reason: "r"}},
		"mentorship":       mentorshipData{Settings: &app.MentorshipSettings{Require: match.Require{}}, Mine: &app.Mentoring{}, Suggestions: []app.Suggestion{{MentorID: "m", Name: "Mia", Reasons: []string{"speaks Spanish"}, Certified: true}}, Slots: slotOptions(i18n.Load().Default()), Languages: mentorLanguages(i18n.Load().Default())},
		"mentee_checkins":  menteeCheckinsData{Intro: "i", Rows: []checkinRow{{Date: "2026-11-25"}}},
		"cohort":           cohortData{Plan: &app.CohortPlan{Plan: match.Plan{Assignments: []match.Assignment{{Mentee: "e", Mentor: "m", Reasons: []string{"x"}}}}, Names: map[string]string{}}},
		"support":          supportData{Support: &app.Support{}, Naloxone: app.NaloxoneSteps, Lines: &app.CrisisLines{}},
		"support_note":     supportData{Note: &app.SafetyNote{Level: "crisis", Message: "We are here"}},
		"respond":          supportData{Support: &app.Support{SupportDuty: app.SupportDuty{MayBeOnDuty: true}}, Duty: dutyData{Duty: app.Duty{May: true}}},
		"about":            supportData{},
		"crisis_queue":     crisisQueueData{Items: []app.FlagView{{ID: "f", MemberName: "Sam", Context: "text", Categories: []string{"suicidal"}}}, Duty: dutyData{Duty: app.Duty{May: true, Moderator: true}}, Waiting: []app.SupportWaiting{{ID: "s", Path: "/support/respond#alert-s"}}},
		"crisis_resources": adminLines{Lines: []adminLine{{HelpResource: app.HelpResource{ID: "us-988", Country: "US", Name: "988", Contact: "988", Kind: "call"}}}},
		"chat":             chatData{Conv: "c", Title: "Evenings", Page: &app.MessagePage{Messages: []app.MessageView{{ID: "m", Body: "Hello", State: "visible", Kind: "text"}}}, Reactions: app.Reactions},
	}
	for name, tpl := range p.pages {
		if name == "profile" || name == "security" || name == "checkin" || name == "meeting" {
			continue // need a loaded profile; rendered in the browser and API tests
		}
		html, err := p.execute(tpl, name, view{Title: name, Data: data[name], Fields: map[string]string{}, Form: map[string]string{}})
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		for _, want := range []string{`<html lang="en">`, `<main id="main"`, `href="#main"`, `name="viewport"`, "988"} {
			if !strings.Contains(html, want) {
				t.Errorf("%s lacks %q", name, want)
			}
		}
	}
}

func TestFormErrorsAreLinkedToFields(t *testing.T) {
	p := New(nil, nil, Options{})
	// Drawn the one way every page is (executeInto), which also puts the
	// summary's links in the form's order.
	var b bytes.Buffer
	err := p.executeInto(&b, p.pages["signup"], "signup", view{Title: "Join", Data: newPlace(i18n.Load().Default(), "", "", nil), Error: "Please correct the highlighted fields", Fields: map[string]string{"email": "enter an email address like name@example.org"}, Form: map[string]string{"email": "nope"}})
	if err != nil {
		t.Fatal(err)
	}
	html := b.String()
	for _, want := range []string{`role="alert"`, `href="#f-email"`, `aria-invalid="true"`, `aria-describedby=" e-email"`, `value="nope"`} {
		if !strings.Contains(html, want) {
			t.Errorf("signup error page lacks %q", want)
		}
	}
	if strings.Contains(html, `type="password" value=`) {
		t.Error("a password is echoed back into the page")
	}
}

func TestCookies(t *testing.T) {
	for _, secure := range []bool{false, true} {
		w := httptest.NewRecorder()
		// The app's clock a year from the browser's: the browser still
		// keeps the cookie for the session's 30 days (Max-Age), whatever
		// the date it reads in Expires.
		now := time.Now().AddDate(-1, 0, 0)
		SetSessionCookie(w, secure, "tok", now.Add(30*24*time.Hour), now)
		c := w.Result().Cookies()[0]
		if !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Path != "/" || c.Secure != secure || c.MaxAge != 30*24*3600 {
			t.Errorf("secure=%v: cookie %+v", secure, c)
		}
		if secure != strings.HasPrefix(c.Name, "__Host-") {
			t.Errorf("secure=%v: name %q", secure, c.Name)
		}
		w = httptest.NewRecorder()
		ClearSessionCookie(w, secure)
		if c := w.Result().Cookies()[0]; c.MaxAge >= 0 || c.Value != "" {
			t.Errorf("clear: %+v", c)
		}
	}
}

func TestLocalNext(t *testing.T) {
	for in, want := range map[string]string{"/profile": "/profile", "": "/", "//evil.example": "/", "https://evil.example": "/", "/\\evil": "/",
		"/\t/evil.example": "/", "/\n/evil": "/", "javascript:alert(1)": "/", "/%2F%2Fevil": "/%2F%2Fevil", "/groups?x=1#top": "/groups?x=1#top",
		" /evil": "/", "/\x00": "/", "\\\\evil": "/"} {
		if got := localNext(in); got != want {
			t.Errorf("localNext(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestDocTitle: a tab's title names the page, then Kinship, once.
func TestDocTitle(t *testing.T) {
	for _, c := range []struct{ title, want string }{
		{"Home", "Home · Kinship"},
		{"Inicio", "Inicio · Kinship"},
		{"Join Kinship", "Join Kinship"},
		{"What Kinship is, and is not", "What Kinship is, and is not"},
		{"", "Kinship"},
	} {
		if got := docTitle(c.title); got != c.want {
			t.Errorf("docTitle(%q) = %q, want %q", c.title, got, c.want)
		}
	}
	p := New(nil, nil, Options{})
	html, err := p.execute(p.pages["more"], "more", view{Title: "More", Fields: map[string]string{}, Form: map[string]string{}})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(html, "<title>More · Kinship</title>") || !strings.Contains(html, `<meta name="application-title" content="More">`) {
		t.Errorf("the page's head: %.600s", html)
	}
}
