package web

import (
	"fmt"
	"github.com/kinshiprecovery/kinship/internal/i18n"
	"html/template"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/mfa"
	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/store"
	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// pageData names, for every page template, the type of the data its
// handler gives it. TestEveryPageWithEdgeCases fills each with edge-case
// values; a page added without an entry here fails that test.
var pageData = map[string]any{
	"about":            supportData{},
	"invitation":       nil,
	"admin":            adminData{},
	"appeals":          []app.ActionView{},
	"capital":          &app.CapitalView{},
	"chat":             chatData{},
	"checkin":          checkinData{},
	"cohort":           cohortData{},
	"community":        communityData{},
	"connections":      connectionsData{},
	"consents":         orgsData{},
	"crisis_queue":     crisisQueueData{},
	"crisis_resources": adminLines{},
	"dashboard":        dashboardData{},
	"disclosed":        orgsData{},
	"discharge":        dischargeData{},
	"feedback":         nil,
	"feedback_inbox":   []app.FeedbackMessage{},
	"group":            groupData{},
	"groups":           groupsData{},
	"home":             nil,
	"inbox":            &app.Inbox{},
	"login":            nil,
	"login_mfa":        nil,
	"meeting":          meetingData{M: &store.DirectoryMeeting{}},
	"meetings":         finderData{},
	"member":           memberView{},
	"mentee_checkins":  menteeCheckinsData{},
	"mentorship":       mentorshipData{},
	"mentorship_end":   mentorshipEndData{},
	"message":          nil,
	"message_actions":  messageActionsData{},
	"mfa_needed":       mfaNeededData{},
	"offline":          nil,
	"moderation":       []app.ResourceView{},
	"moderation_queue": moderationData{},
	"more":             nil,
	"notifications":    notificationsData{},
	"organization":     orgsData{},
	"organizations":    orgsData{},
	"partners":         []partnerRow{},
	"people":           peopleData{},
	"post":             communityData{},
	"privacy":          privacyData{},
	"profile":          profileForm{},
	"reset":            nil,
	"reset_confirm":    nil,
	"resources":        resourcesData{},
	"respond":          supportData{},
	"security":         &securityData{},
	"signup":           placeData{},
	"safety_plan":      safetyPlanData{},
	"support":          supportData{},
	"support_note":     supportData{},
	"treatment":        treatmentData{},
	"trends":           trendsData{},
	"verify":           nil,
}

// publicPages are drawn for visitors and for someone half-way through a
// two-factor sign-in too; every other page only for signed-in people.
var publicPages = map[string]bool{"home": true, "login": true, "login_mfa": true, "signup": true, "reset": true, "reset_confirm": true, "verify": true,
	"message": true, "offline": true, "about": true, "meetings": true, "meeting": true, "treatment": true, "resources": true, "feedback": true,
	"invitation": true}

// edgeNames are the text a filled page shows: right-to-left Arabic,
// Chinese, emoji, a very long name, and markup that must stay text.
var edgeNames = []string{"عبد الرحمن بن يوسف", "王小明", "Sam 🌱✨ Zoë", strings.Repeat("Maximiliana-", 24) + "Long", `Ana <b>"&'</b>`}

// mode is how a value is filled.
type mode int

const (
	emptyMode mode = iota // empty lists and maps, nil optional values, false, 0, ""
	falseMode             // one of each, optional values present but false or 0
	trueMode              // two of each, true, non-zero
)

func (m mode) String() string { return [...]string{"empty", "false", "true"}[m] }

var edgeTime = time.Date(2027, 1, 5, 19, 0, 0, 0, time.UTC)

// filler fills a value of any type with one mode's edge cases.
type filler struct {
	mode mode
	n    int
}

func (f *filler) str() string {
	if f.mode == emptyMode {
		return ""
	}
	f.n++
	return edgeNames[f.n%len(edgeNames)]
}

// scalar reports whether a pointer to t is an optional value (a *bool, a
// *float64, a *time.Time): those are nil when empty, and point at false or
// 0 in falseMode, which is where a template reading the pointer goes wrong.
func scalar(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint8, reflect.Uint16,
		reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64, reflect.String:
		return true
	}
	return t == reflect.TypeFor[time.Time]()
}

func (f *filler) fill(v reflect.Value, field string, depth int) {
	if depth > 7 || !v.CanSet() {
		return
	}
	t := v.Type()
	switch {
	case t == reflect.TypeFor[time.Time]():
		v.Set(reflect.ValueOf(edgeTime))
		return
	case t == reflect.TypeFor[time.Duration]():
		v.SetInt(int64(90 * time.Minute))
		return
	case t == reflect.TypeFor[template.URL]():
		v.SetString("/groups")
		return
	case t.PkgPath() == "html/template":
		return // trusted HTML, CSS or JS is never filled with test text
	}
	switch t.Kind() {
	case reflect.String:
		v.SetString(f.str())
		if name := strings.ToUpper(field); f.mode != emptyMode && (strings.HasSuffix(name, "URL") || strings.HasSuffix(name, "URI") || name == "WEBSITE") {
			// A link stored or made by the server: a web address (with a
			// query in one mode), or the data: image a QR code is.
			v.SetString(map[mode]string{falseMode: "https://example.org/", trueMode: "https://example.org/a?b=c&d=ü"}[f.mode])
			if strings.HasSuffix(name, "DATAURI") {
				v.SetString("data:image/png;base64,iVBORw0KGgo=")
			}
		}
	case reflect.Bool:
		v.SetBool(f.mode == trueMode)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if f.mode == trueMode {
			v.SetInt(7)
		} else {
			v.SetInt(0)
		}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		if f.mode == trueMode {
			v.SetUint(7)
		} else {
			v.SetUint(0)
		}
	case reflect.Float32, reflect.Float64:
		if f.mode == trueMode {
			v.SetFloat(2.5)
		} else {
			v.SetFloat(0)
		}
	case reflect.Pointer:
		if scalar(t.Elem()) && f.mode == emptyMode {
			v.SetZero()
			return
		}
		p := reflect.New(t.Elem())
		if scalar(t.Elem()) && t.Elem().Kind() == reflect.String {
			p.Elem().SetString(f.str())
		} else {
			f.fill(p.Elem(), field, depth+1)
		}
		v.Set(p)
	case reflect.Struct:
		for i := range t.NumField() {
			if t.Field(i).IsExported() {
				f.fill(v.Field(i), t.Field(i).Name, depth+1)
			}
		}
	case reflect.Slice:
		n := map[mode]int{emptyMode: 0, falseMode: 1, trueMode: 2}[f.mode]
		s := reflect.MakeSlice(t, n, n)
		for i := range n {
			f.fill(s.Index(i), field, depth+1)
		}
		v.Set(s)
	case reflect.Map:
		m := reflect.MakeMap(t)
		if f.mode != emptyMode {
			k, e := reflect.New(t.Key()).Elem(), reflect.New(t.Elem()).Elem()
			f.fill(k, "", depth+1)
			f.fill(e, field, depth+1)
			m.SetMapIndex(k, e)
		}
		v.Set(m)
	case reflect.Interface:
		if v.IsNil() {
			if f.mode != emptyMode {
				v.Set(reflect.ValueOf(f.str()))
			}
			return
		}
		c := reflect.New(v.Elem().Type()).Elem()
		f.fill(c, field, depth+1)
		v.Set(c)
	}
}

// filled returns base's type filled in mode m (nil stays nil).
func filled(base any, m mode) any {
	if base == nil {
		return nil
	}
	v := reflect.New(reflect.TypeOf(base)).Elem()
	v.Set(reflect.ValueOf(base))
	(&filler{mode: m}).fill(v, "", 0)
	return v.Interface()
}

// actors are the people a page is drawn for: a visitor, a member with a
// long non-Latin name, a moderator, and someone half-way through a
// two-factor sign-in.
func actors() map[string]*app.Actor {
	u := func(role model.Role, mfa bool) *model.User {
		return &model.User{ID: "u1", Email: "sam@example.org", Role: role, MFAEnabled: mfa, CreatedAt: edgeTime}
	}
	return map[string]*app.Actor{
		"visitor":   nil,
		"member":    {User: u(model.RoleMember, false), Session: &model.Session{}},
		"moderator": {User: u(model.RoleModerator, true), Session: &model.Session{}},
		"mfa-step":  {User: u(model.RoleMember, true), Session: &model.Session{MFAPending: true}},
	}
}

// edgeViews calls each with every view of page that the tests with edge
// cases draw: base filled the three ways, for each kind of viewer the page
// is for (a visitor and someone half-way through a two-factor sign-in see
// only the public pages); what names the view ("empty data, member").
func edgeViews(page string, base any, each func(v view, what string)) {
	for _, m := range []mode{emptyMode, falseMode, trueMode} {
		data := filled(base, m)
		for who, act := range actors() {
			if (act == nil || act.Session.MFAPending) && !publicPages[page] {
				continue
			}
			each(view{Title: edgeNames[m%3], Actor: act, Name: edgeNames[3], Data: data, Fields: map[string]string{}, Form: map[string]string{}, Unread: int(m)},
				fmt.Sprintf("%s data, %s", m, who))
		}
	}
}

// TestEveryPageWithEdgeCases renders every page template (found in the
// embedded files, so a new page needs an entry in pageData) with its data
// filled three ways — empty; present but false and zero; true and
// non-zero — with Arabic, Chinese, emoji and very long names, for each
// kind of viewer. Each must render, pass the render guard (no %!,
// ZgotmplZ, <nil>, addresses, Go syntax) and link in-page only to ids
// that exist.
func TestEveryPageWithEdgeCases(t *testing.T) {
	p := New(nil, nil, Options{})
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		t.Fatal(err)
	}
	renders := 0
	for _, n := range names {
		page := strings.TrimSuffix(strings.TrimPrefix(n, "templates/"), ".html")
		if page == "layout" || page == "field" {
			continue
		}
		src, _ := fs.ReadFile(templateFS, n)
		if !strings.Contains(string(src), `{{define "content"}}`) {
			continue // a part of pages (a {{define}} they share), drawn with them
		}
		base, ok := pageData[page]
		if !ok {
			t.Errorf("page %q has no entry in pageData (render_test.go): say what data its handler gives it", page)
			continue
		}
		tpl := p.pages[page]
		edgeViews(page, base, func(v view, what string) {
			out, err := p.execute(tpl, page, v)
			renders++
			if err != nil {
				t.Errorf("%s (%s): %v", page, what, err)
				return
			}
			for _, bad := range brokenAnchors(out) {
				t.Errorf("%s (%s): %s", page, what, bad)
			}
		})
	}
	t.Logf("%d renders of %d pages", renders, len(pageData))
}

// brokenAnchors lists in-page links (href="#x") with no element id="x".
func brokenAnchors(page string) []string {
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		return []string{err.Error()}
	}
	ids, hrefs := map[string]bool{}, map[string]bool{}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			for _, a := range n.Attr {
				if a.Key == "id" {
					ids[a.Val] = true
				}
				if a.Key == "href" && strings.HasPrefix(a.Val, "#") && len(a.Val) > 1 {
					hrefs[a.Val[1:]] = true
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	var out []string
	for h := range hrefs {
		if !ids[h] {
			out = append(out, fmt.Sprintf("a link to #%s, which is not on the page", h))
		}
	}
	sort.Strings(out)
	return out
}

// TestPagesShowStoredValues renders pages with values that were shown
// wrongly or as garbage, built the way their handlers build them, and reads
// the cells and text a person sees.
func TestPagesShowStoredValues(t *testing.T) {
	p := New(nil, nil, Options{})
	no, yes, zero, three, eight := false, true, 0, 3, 8
	zeroKm, farKm := 0.0, 12.34
	shared := checkinRows(i18n.For("en"), []app.SharedCheckin{
		{Date: "2027-01-05", Mood: &three, Craving: &zero, Used: &no},
		{Date: "2027-01-06", Mood: &three, Craving: &eight, Used: &yes},
		{Date: "2027-01-07"}, // nothing shared
	})
	want := map[string]map[string]string{
		"Tuesday 5 January 2027":   {"Used": "No", "Craving": "0/10", "Mood": "3/5"},
		"Wednesday 6 January 2027": {"Used": "Yes", "Craving": "8/10"},
		"Thursday 7 January 2027":  {"Used": "not shared", "Craving": "not shared", "Mood": "not shared"},
	}
	member := &app.Actor{User: &model.User{ID: "u1", Role: model.RoleMember}, Session: &model.Session{}}
	render := func(page string, data any) string {
		t.Helper()
		out, err := p.execute(p.pages[page], page, view{Title: page, Actor: member, Data: data, Fields: map[string]string{}, Form: map[string]string{}})
		if err != nil {
			t.Fatalf("%s: %v", page, err)
		}
		return out
	}
	// A mentor and program staff read what the member answered.
	for page, data := range map[string]any{
		"mentee_checkins": menteeCheckinsData{Rows: shared},
		"disclosed":       orgsData{Disclosed: &app.DisclosedData{Member: "王小明", Notice: "May not be re-disclosed."}, Checkins: shared},
	} {
		cells := tableCells(t, render(page, data))
		for day, cols := range want {
			for col, w := range cols {
				if got := cells[day][col]; got != w {
					t.Errorf("%s: %s %s reads %q, want %q", page, day, col, got, w)
				}
			}
		}
	}
	// The member's own page agrees.
	own := tableCells(t, render("checkin", checkinData{Recovery: &app.RecoveryView{}, Recent: []*model.Checkin{{Date: "2027-01-05", Mood: 3, Craving: 0, Used: false}}}))
	if got := own["Tuesday 5 January 2027"]; got["Used"] != "No" || got["Craving"] != "0/10" {
		t.Errorf("the member's own check-in reads %v", got)
	}
	// A program 0 km away reads "0 km away"; 12.34 km reads "12 km away".
	out := render("treatment", treatmentData{Searched: true, Facilities: []app.FoundFacility{{DistanceKm: &zeroKm}, {DistanceKm: &farKm}, {}}})
	for _, w := range []string{"· 0 km away", "· 12 km away"} {
		if !strings.Contains(out, w) {
			t.Errorf("treatment results lack %q", w)
		}
	}
	if strings.Count(out, "km away") != 2 {
		t.Errorf("a program without a distance shows one: %d distances", strings.Count(out, "km away"))
	}
	// The two-factor QR code is the image, not #ZgotmplZ.
	qr, err := mfaQR()
	if err != nil {
		t.Fatal(err)
	}
	setup, err := setupView(&app.MFASetup{Secret: "JBSWY3DPEHPK3PXP", QRDataURI: qr})
	if err != nil {
		t.Fatal(err)
	}
	out = render("security", &securityData{Me: &app.Me{}, Setup: setup})
	if !strings.Contains(out, `id="mfa-qr" src="data:image/png;base64,`) || !strings.Contains(out, "JBSWY3DPEHPK3PXP") {
		t.Errorf("security page QR: %.300s", out[strings.Index(out, "<ol>"):])
	}
	// Only a PNG data URI the server made becomes an image URL.
	for _, bad := range []string{"javascript:alert(1)", "data:text/html;base64,PHA+", "data:image/png;base64,!!!", "data:image/png;base64,aGVsbG8="} {
		if _, err := pngDataURL(bad); err == nil {
			t.Errorf("pngDataURL accepted %q", bad)
		}
	}
}

// TestTemplateFuncsRefusePointers: yesno and km refuse what a template
// must not format, a pointer, so the mistake fails the render.
func TestTemplateFuncsRefusePointers(t *testing.T) {
	no, km := false, 0.0
	for src, data := range map[string]any{`{{yesno .}}`: &no, `{{km .}}`: &km, `{{yesno .}} `: nil, `{{km .}} `: "3"} {
		tpl := template.Must(template.New("x").Funcs(funcs).Parse(src))
		var b strings.Builder
		if err := tpl.Execute(&b, data); err == nil {
			t.Errorf("%s with %T rendered %q", src, data, b.String())
		}
	}
	for src, want := range map[string]string{`{{yesno false}}`: "No", `{{yesno true}}`: "Yes", `{{km 0.0}}`: "0 km", `{{km 2.44}}`: "2.4 km", `{{km 80.6}}`: "81 km"} {
		var b strings.Builder
		if err := template.Must(template.New("x").Funcs(funcs).Parse(src)).Execute(&b, nil); err != nil || b.String() != want {
			t.Errorf("%s = %q, %v; want %q", src, b.String(), err, want)
		}
	}
}

func tableCells(t *testing.T, page string) map[string]map[string]string {
	t.Helper()
	rows, err := testutil.TableCells(page)
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func mfaQR() (string, error) {
	u, err := mfa.SecretURL("Kinship", "sam@example.org", "JBSWY3DPEHPK3PXP")
	if err != nil {
		return "", err
	}
	return mfa.QRDataURI(u)
}

// TestPrivacyLogInWords: every action the app records in the privacy log
// (found in its source, so a new one without words fails here) reads as
// words, never as a code like consent_checkins_read, and raw identifiers
// in an entry are left out; an action recorded about another person than
// the one who did it also has words for the one who did it, naming the
// other ("You saw Lucía's call for support"), never "your".
func TestPrivacyLogInWords(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "app", "*.go"))
	if err != nil || len(files) == 0 {
		t.Fatalf("app sources: %v", err)
	}
	exact := regexp.MustCompile(`a\.audit\(ctx, ([^,]+), ([^,]+), "([a-z_:]+)"(\+?)`)
	passed := regexp.MustCompile(`"([a-z]+_checkins_read)"`)
	en := i18n.Load().Default()
	has := func(base, code string, prefix bool) bool {
		if !prefix {
			return en.Has(base + code)
		}
		for _, p := range auditPrefixes {
			if p.prefix == code && en.Has(base+p.id) {
				return true
			}
		}
		return false
	}
	codes := map[string]bool{} // action -> recorded about another person
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, _ := os.ReadFile(f)
		for _, m := range exact.FindAllStringSubmatch(string(b), -1) {
			actor, subject, code, prefix := m[1], m[2], m[3], m[4] == "+"
			other := actor != subject && actor != `""` && subject != `""`
			if !has("audit.", code, prefix) {
				t.Errorf("audit action %q has no words in the catalog (audit.)", code)
			}
			if other && !has("audit.by_you.", code, prefix) {
				t.Errorf("audit action %q (a.audit(ctx, %s, %s, ...)) has no words for the one who did it (audit.by_you.)", code, actor, subject)
			}
			if prefix {
				code += "some_status" // a prefix: its status follows
			}
			codes[code] = codes[code] || other
		}
		for _, m := range passed.FindAllStringSubmatch(string(b), -1) {
			if !has("audit.", m[1], false) || !has("audit.by_you.", m[1], false) {
				t.Errorf("audit action %q has no words in the catalog (audit. and audit.by_you.)", m[1])
			}
			codes[m[1]] = true
		}
	}
	if len(codes) < 20 {
		t.Fatalf("found only %d audit actions in the app's source: %v", len(codes), codes)
	}
	var es []app.AuditView
	for c, other := range codes {
		fields := []string{"checkins", "01JDXYZ7ABCDEF", "checkin_used", "recovery_start", "country"}
		es = append(es, app.AuditView{At: model.At(edgeTime), Action: c, ActorID: "u2", ActorName: "王小明", SubjectID: "u1",
			ReaderRole: app.AuditSubject, Fields: fields})
		if other {
			es = append(es, app.AuditView{At: model.At(edgeTime), Action: c, ActorID: "u1", ActorName: "Jo", SubjectID: "u3",
				SubjectName: "Lucía", ReaderRole: app.AuditActor, Fields: fields})
		}
	}
	rows := auditRows(en, time.UTC, es)
	for i, r := range rows {
		if strings.Contains(r.What, "_") || strings.Contains(r.What, "01JDXYZ") {
			t.Errorf("privacy log reads %q", r.What)
		}
		if es[i].ReaderRole == app.AuditActor {
			if r.Who != "You" || !strings.Contains(r.What, "Lucía") || strings.Contains(r.What, "you are in") ||
				strings.Contains(r.What, "whether you") {
				t.Errorf("%s, done by the reader about Lucía, reads %q — %q", es[i].Action, r.Who, r.What)
			}
		}
	}
	rows = auditRows(en, time.UTC, []app.AuditView{{At: model.At(edgeTime), Action: "consent_checkins_read", ActorID: "u2", ActorName: "Harbor staff",
		ReaderRole: app.AuditSubject, Fields: []string{"checkin_used"}}, {At: model.At(edgeTime), Action: "data_exported", ActorID: "u1", SubjectID: "u1",
		ReaderRole: app.AuditSelf}})
	if rows[0].What != "Read your check-ins, under a consent you gave a program: whether you used" || rows[0].Who != "Harbor staff" || rows[1].Who != "You" {
		t.Errorf("privacy log rows: %+v", rows)
	}
}

// TestPrivacyLogNamesWhomTheReaderActedOn: an entry the reader did about
// another person names that person as the reader may see them, in the
// reader's language: by name, as a former member once erased, as someone
// when a block hides them.
func TestPrivacyLogNamesWhomTheReaderActedOn(t *testing.T) {
	es := []app.AuditView{
		{At: model.At(edgeTime), Action: "support_alert_viewed", ActorID: "jo", SubjectID: "lu", SubjectName: "Lucía", ReaderRole: app.AuditActor,
			Fields: []string{"country"}},
		{At: model.At(edgeTime), Action: "mentor_checkins_read", ActorID: "jo", SubjectID: "gone", SubjectName: "a former member",
			SubjectFormer: true, ReaderRole: app.AuditActor, Fields: []string{"checkin_done", "checkin_mood"}},
		{At: model.At(edgeTime), Action: "support_alert_acknowledged", ActorID: "jo", SubjectID: "hid", ReaderRole: app.AuditActor},
		{At: model.At(edgeTime), Action: "profile_read", ActorID: "gone", ActorName: "a former member", ActorFormer: true, SubjectID: "jo",
			ReaderRole: app.AuditSubject, Fields: []string{"substances"}},
	}
	want := map[string][][2]string{
		"en": {{"You", "You saw Lucía's call for support: the country they are in"},
			{"You", "You read the check-ins a former member shares with you as their mentor: whether they checked in, mood"},
			{"You", "You answered someone's call for support"},
			{"A former member", "Read private details of your profile: substances"}},
		"es": {{"Tú", "Viste la llamada de apoyo de Lucía: el país donde está"},
			{"Tú", "Leíste los registros que un exmiembro te comparte en su mentoría: si hizo su registro, estado de ánimo"},
			{"Tú", "Respondiste a la llamada de apoyo de alguien"},
			{"Un exmiembro", "Leyó datos privados de tu perfil: sustancias"}},
	}
	for lang, rows := range want {
		got := auditRows(i18n.Load().Lang(lang), time.UTC, es)
		for i, w := range rows {
			if got[i].Who != w[0] || got[i].What != w[1] {
				t.Errorf("%s row %d reads %q — %q, want %q — %q", lang, i, got[i].Who, got[i].What, w[0], w[1])
			}
		}
	}
}

// TestPrivacyLogFoldsReadsAlike: a moderator with the crisis queue open
// read Bo's flagged message 22 times in four minutes, and Bo's privacy log
// showed 22 rows alike. Every read is still an entry; the page shows the
// reads alike within an hour as one row that says how many and from when
// to when, in the reader's zone and language. A read by someone else, or
// the same read more than an hour before, stays a row of its own.
func TestPrivacyLogFoldsReadsAlike(t *testing.T) {
	start := time.Date(2026, 12, 6, 21, 2, 0, 0, time.UTC) // 15:02 in Mexico City
	var es []app.AuditView
	for i := 21; i >= 0; i-- { // newest first, as the log lists them
		at := start.Add(time.Duration(i) * 4 * time.Minute / 21)
		es = append(es, app.AuditView{At: model.At(at), Action: "crisis_queue_read", ActorID: "kate", ActorName: "Kate", SubjectID: "bo",
			ReaderRole: app.AuditSubject, Fields: []string{"message"}})
		if i == 10 {
			es = append(es, app.AuditView{At: model.At(at), Action: "crisis_queue_read", ActorID: "sam", ActorName: "Sam", SubjectID: "bo",
				ReaderRole: app.AuditSubject, Fields: []string{"message"}})
		}
	}
	es = append(es, app.AuditView{At: model.At(start.Add(-2 * time.Hour)), Action: "crisis_queue_read", ActorID: "kate", ActorName: "Kate",
		SubjectID: "bo", ReaderRole: app.AuditSubject, Fields: []string{"message"}})
	zone, err := time.LoadLocation("America/Mexico_City")
	if err != nil {
		t.Fatal(err)
	}
	for lang, want := range map[string][][3]string{
		"en": {{"Kate", "A moderator read a message of yours flagged as a possible crisis", "22 times, from 15:02 to 15:06"},
			{"Sam", "A moderator read a message of yours flagged as a possible crisis", ""},
			{"Kate", "A moderator read a message of yours flagged as a possible crisis", ""}},
		"es": {{"Kate", "Un moderador leyó un mensaje tuyo marcado como posible crisis", "22 veces, de 15:02 a 15:06"},
			{"Sam", "Un moderador leyó un mensaje tuyo marcado como posible crisis", ""},
			{"Kate", "Un moderador leyó un mensaje tuyo marcado como posible crisis", ""}},
	} {
		rows := auditRows(i18n.Load().Lang(lang), zone, es)
		if len(rows) != len(want) {
			t.Fatalf("%s: %d rows, want %d: %+v", lang, len(rows), len(want), rows)
		}
		for i, w := range want {
			if got := [3]string{rows[i].Who, rows[i].What, rows[i].Times}; got != w {
				t.Errorf("%s row %d reads %q, want %q", lang, i, got, w)
			}
		}
		if rows[0].Count != 22 || !rows[0].When.Equal(start.Add(4*time.Minute)) || !rows[0].First.Equal(start) {
			t.Errorf("%s: the folded row: %d from %v to %v", lang, rows[0].Count, rows[0].First, rows[0].When)
		}
	}
}
