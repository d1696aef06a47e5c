package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// A suspended member who tries to write is told the day and hour their
// suspension ends in their own zone and language, as their suspension
// notice writes them: an end at 03:00 UTC on 13 December is 21:00 on the
// 12th in Chicago, so Ana (Spanish) and Bo (English), both in Chicago,
// read the 12th at 21:00 CST, never the 13th nor 2026-12-13; Cy, in
// Madrid, reads the 13th at 04:00 CET.
func TestSuspendedMemberReadsTheDayInTheirZone(t *testing.T) {
	base, a, admin := serverWithAdmin(t)
	ana := admin.next("ana@example.org", "Ana", "America/Chicago")
	bo := ana.next("bo@example.org", "Bo", "America/Chicago")
	cy := bo.nextIn("cy@example.org", "Cy", "Europe/Madrid", "ES")
	ana.speak("es")

	year := a.Now().Year() + 1
	until := time.Date(year, 12, 13, 3, 0, 0, 0, time.UTC)
	for _, email := range []string{"ana@example.org", "bo@example.org", "cy@example.org"} {
		if _, _, err := a.AdminRestrict(context.Background(), email, "suspend", until, "unkind messages to others"); err != nil {
			t.Fatal(err)
		}
	}
	y := time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC).Format("2006")
	for _, c := range []struct {
		who       *person
		want, not string
	}{
		{ana, "tu cuenta está suspendida hasta el 12 de diciembre de " + y + ", 9:00 p. m. CST;", "13 de diciembre"},
		{bo, "your account is suspended until 12 December " + y + ", 9:00 pm CST;", "13 December"},
		{cy, "your account is suspended until 13 December " + y + ", 04:00 CET;", "12 December"},
	} {
		code, page, _ := c.who.do("POST", "/community/posts", url.Values{"kind": {"question"}, "title": {"Hola"}, "body": {"¿Alguien está?"}})
		text := readable(page)
		if code != http.StatusForbidden || !strings.Contains(strings.ToLower(text), strings.ToLower(c.want)) || strings.Contains(text, c.not) || strings.Contains(text, y+"-12-1") {
			t.Errorf("a suspended member's post: %d, want %q without %q: %.1500s", code, c.want, c.not, text)
		}
	}
	// Their home says so before they try, with what they can still do
	// and where to appeal (walk11 W11-9); a member free to write reads none of it.
	for _, c := range []struct {
		who  *person
		want []string
	}{
		{ana, []string{"Tu cuenta está suspendida hasta el 12 de diciembre de " + y + ", 9:00 p. m. CST; tus notificaciones dicen por qué y cómo apelar.",
			"Puedes seguir leyendo tus grupos y conversaciones", "no puedes publicar, responder ni enviar mensajes", "El motivo: tus notificaciones · Apelar la decisión"}},
		{bo, []string{"Your account is suspended until 12 December " + y + ", 9:00 pm CST; your notifications say why, and how to appeal.",
			"You can still read your groups and conversations", "you cannot post, reply or send messages", "Why: your notifications · Appeal the decision"}},
		{admin, nil},
	} {
		_, home := c.who.get("/")
		for _, s := range c.want {
			if !strings.Contains(home, s) {
				t.Errorf("home lacks %q: %.1500s", s, home)
			}
		}
		if c.want == nil && (strings.Contains(home, "suspended") || strings.Contains(home, "Appeal the decision")) {
			t.Errorf("a member free to write reads of a suspension: %.1500s", home)
		}
	}

	// On a phone, Cy shares a post and reads the refusal at the top of the page.
	st := steps{t}
	ctx := signedInPhone(t, base, "cy@example.org", "willow creek morning")
	st.do(ctx, "share a post", chromedp.Navigate(base+"/community"), chromedp.SendKeys(chromedp.CSS(`#f-title`), "Hello"),
		chromedp.SendKeys(chromedp.CSS(`#f-body`), "Is anyone around tonight?"), chromedp.Click(chromedp.CSS(`#share ~ form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`#error-summary`)))
	if got := st.text(ctx, `#error-summary`); !strings.Contains(got, "Your account is suspended until 13 December "+y+", 04:00 CET;") {
		t.Errorf("Cy's refusal on a phone reads %q", got)
	}
	shotHere(t, ctx, "#error-summary", "suspended-until-day-and-hour.png")
	st.do(ctx, "home", chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.CSS(`#home-suspended`)))
	if got := st.text(ctx, `#home-suspended`); !strings.Contains(got, "Your account is suspended until 13 December "+y+", 04:00 CET;") {
		t.Errorf("Cy's home on a phone reads %q", got)
	}
	shotHere(t, ctx, "body", "suspended-home.png")
}
