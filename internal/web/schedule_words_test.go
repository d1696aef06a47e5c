package web_test

import (
	"encoding/json"
	"net/url"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/i18n"
)

// feedSeries finds, in the real Orange County Meeting Guide feed, one
// meeting held every day and one held Monday to Friday (the feed has a
// record a day: same name, place and time), as a group would schedule them.
func feedSeries(t *testing.T) (daily, weekdays map[string]any) {
	t.Helper()
	raw, err := os.ReadFile(sharedData(t, "meeting-guide", "oc-orange-county.json"))
	if err != nil {
		t.Fatal(err)
	}
	var recs []map[string]any
	if err := json.Unmarshal(raw, &recs); err != nil {
		t.Fatal(err)
	}
	type key struct{ name, place, time string }
	days := map[key]map[int]bool{}
	first := map[key]map[string]any{}
	var keys []key
	for _, r := range recs {
		d, ok := r["day"].(float64)
		tm, _ := r["time"].(string)
		if !ok || tm == "" {
			continue
		}
		name, _ := r["name"].(string)
		place, _ := r["location"].(string)
		k := key{name, place, tm}
		if days[k] == nil {
			days[k], first[k] = map[int]bool{}, r
			keys = append(keys, k)
		}
		days[k][int(d)] = true
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i].name < keys[j].name })
	for _, k := range keys {
		if len(days[k]) == 7 && daily == nil {
			daily = first[k]
		}
		if len(days[k]) == 5 && !days[k][0] && !days[k][6] && weekdays == nil {
			weekdays = first[k]
		}
	}
	if daily == nil || weekdays == nil {
		t.Fatal("the feed has no daily or Monday-to-Friday meeting")
	}
	return daily, weekdays
}

// TestScheduleEveryDayAndWeekdays: a group meeting held every day reads
// "Every day", one held Monday to Friday "Monday to Friday" (was "Every
// week on Monday, Tuesday, Wednesday, Thursday, Friday, Saturday,
// Sunday"), in the page in English and Spanish and in the API's words;
// the series are real ones from the Orange County feed.
func TestScheduleEveryDayAndWeekdays(t *testing.T) {
	daily, weekdays := feedSeries(t)
	base, a, term := startServerMail(t)
	g, asFay := facilitatedGroup(t, a, "Orange County friends", "We keep each other company at meetings.")
	start := a.Now().AddDate(0, 0, 1).Format("2006-01-02")
	for _, s := range []struct {
		m    map[string]any
		days []string
	}{{daily, []string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}}, {weekdays, []string{"mon", "tue", "wed", "thu", "fri"}}} {
		if _, err := a.CreateGroupMeeting(asFay, g.ID, app.MeetingInput{Title: s.m["name"].(string), StartLocal: start + "T" + s.m["time"].(string),
			TimeZone: "America/Los_Angeles", DurationMinutes: 60, Recurrence: &app.RecurrenceInput{Freq: "weekly", Weekdays: s.days}}); err != nil {
			t.Fatal(err)
		}
	}
	// The page names the zone as people say it; the API keeps its name.
	at := func(m map[string]any) string { return m["time"].(string) + " America/Los_Angeles" }
	// The readers are in the US: their clock has 12 hours ("8:00 pm", "8:00 p. m.").
	pageAt := func(lang string, m map[string]any, zone string) string {
		return i18n.For(lang).WithClock(true).ClockText(m["time"].(string)) + " " + zone
	}
	want := map[string][]string{
		"en": {"Every day at " + pageAt("en", daily, "Pacific Time"), "Monday to Friday at " + pageAt("en", weekdays, "Pacific Time")},
		"es": {"Todos los días, " + pageAt("es", daily, "Hora del Pacífico"), "De lunes a viernes, " + pageAt("es", weekdays, "Hora del Pacífico")},
	}
	for lang, text := range groupPagesRead(t, base, term, g.ID, want) {
		if strings.Contains(text, "Saturday, Sunday") || strings.Contains(text, "sábado, domingo") || strings.Contains(text, "Every week on Monday, Tuesday") {
			t.Errorf("%s: the group page lists the days one by one:\n%s", lang, text)
		}
	}
	views, err := a.ListGroupMeetings(asFay, g.ID)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, v := range views {
		got = append(got, v.Schedule)
	}
	sort.Strings(got)
	if w := []string{"Every day at " + at(daily), "Monday to Friday at " + at(weekdays)}; strings.Join(got, "|") != strings.Join(w, "|") {
		t.Errorf("the API says %q, want %q", got, w)
	}
}

// TestScheduleWithTheAPIsDayCodes: a series scheduled through the API with
// RFC 5545 day codes or names ("TU", "Thursday", which the API accepts and
// keeps as given) reads with its days on the group page, in English and
// Spanish; the page knew only "tue" and read "Cada semana (), 19:00".
func TestScheduleWithTheAPIsDayCodes(t *testing.T) {
	base, a, term := startServerMail(t)
	g, asFay := facilitatedGroup(t, a, "Evening circle", "We meet after work.")
	start := a.Now().AddDate(0, 0, 1).Format("2006-01-02")
	if _, err := a.CreateGroupMeeting(asFay, g.ID, app.MeetingInput{Title: "After work", StartLocal: start + "T19:00",
		TimeZone: "America/Los_Angeles", DurationMinutes: 60, Recurrence: &app.RecurrenceInput{Freq: "weekly", Weekdays: []string{"TU", "Thursday"}}}); err != nil {
		t.Fatal(err)
	}
	groupPagesRead(t, base, term, g.ID, map[string][]string{
		"en": {"Every week on Tuesday and Thursday at 7:00 pm Pacific Time"},
		"es": {"Cada semana (martes y jueves), 7:00 p. m. Hora del Pacífico"},
	})
	// A reader in another zone is told the meeting keeps its own (hers
	// named, not "America/Buenos_Aires"), in words
	// that do not say "hora" twice ("se rige por la hora de Hora del
	// Pacífico") or "time" twice ("keeps Pacific Time (Los Angeles) time").
	// Chromium reports Buenos Aires by its older name, as sign-up keeps it.
	lucia := reader{email: "lucia@example.org", name: "Lucía", zone: "America/Buenos_Aires", country: "AR", lang: "es"}
	if text := lucia.groupPage(t, base, term, g.ID); !strings.Contains(text, "Las horas de abajo están en tu zona horaria, Hora de Argentina (Buenos Aires); la reunión se rige por la suya, Hora del Pacífico (Los Ángeles).") {
		t.Errorf("a reader in Buenos Aires reads:\n%s", text)
	}
}

// reader is a person who signs up, chooses the language they read
// Kinship in and joins a group.
type reader struct{ email, name, zone, country, lang string }

// groupPage signs r up on the server at base (its email printed to term),
// has them choose their language and join group gid, and returns the
// group's page as they read it.
func (r reader) groupPage(t *testing.T, base string, term *terminal, gid string) string {
	t.Helper()
	p := signedUp(t, base, term, r.email, r.name, r.zone, r.country)
	if code, _, _ := p.post("/language", url.Values{"lang": {r.lang}, "next": {"/"}}); code != 200 {
		t.Fatalf("choose %s: %d", r.lang, code)
	}
	if code, _, _ := p.post("/groups/"+gid+"/join", nil); code != 200 {
		t.Fatalf("join: %d", code)
	}
	_, text := p.get("/groups/" + gid)
	return text
}

// groupPagesRead has a reader in Los Angeles for each language of want
// ("River en", en@example.org) join group gid, checks that the group's
// page reads each of that language's lines, and returns the pages by
// language.
func groupPagesRead(t *testing.T, base string, term *terminal, gid string, want map[string][]string) map[string]string {
	t.Helper()
	pages := map[string]string{}
	for lang, ws := range want {
		r := reader{email: lang + "@example.org", name: "River " + lang, zone: "America/Los_Angeles", country: "US", lang: lang}
		text := r.groupPage(t, base, term, gid)
		for _, w := range ws {
			if !strings.Contains(text, w) {
				t.Errorf("%s: the group page lacks %q:\n%s", lang, w, text)
			}
		}
		pages[lang] = text
	}
	return pages
}
