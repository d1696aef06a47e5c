package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
)

// measureChecks opens every disclosure of the page and measures, for each
// checkbox and radio button in it, what a finger can tap: the label that
// holds the box. Each line reads `id "words" WxH`, marked SMALL under 44 px
// either way, NOT IN ITS LABEL when the box lies outside its label's box
// (the box alone is the target), and COVERED when a point 4 px inside a
// corner of the label (inside a rounded corner) does not answer a tap
// there (something else is drawn on it). A last line
// says WIDER THAN THE SCREEN when the page scrolls sideways.
const measureChecks = `(() => {
  document.querySelectorAll('main details').forEach(d => d.open = true);
  const out = [];
  for (const el of document.querySelectorAll('main input[type=checkbox], main input[type=radio]')) {
    el.scrollIntoView({block: 'center'});
    const box = el.getBoundingClientRect();
    if (box.width === 0) continue;
    const words = ((el.labels[0] && el.labels[0].innerText.trim()) || el.getAttribute('aria-label') || '').slice(0, 40);
    const held = Array.from(el.labels).map(l => [l, l.getBoundingClientRect()]).find(([, r]) =>
      r.left <= box.left + 0.5 && r.right >= box.right - 0.5 && r.top <= box.top + 0.5 && r.bottom >= box.bottom - 0.5);
    if (!held) { out.push(el.id + ' "' + words + '" ' + Math.round(box.width) + 'x' + Math.round(box.height) + ' NOT IN ITS LABEL'); continue; }
    const [l, r] = held;
    const answers = [[r.left + 4, r.top + 4], [r.right - 4, r.top + 4], [r.left + 4, r.bottom - 4], [r.right - 4, r.bottom - 4]]
      .map(([x, y]) => document.elementFromPoint(x, y)).every(e => e && (e === el || l.contains(e)));
    out.push(el.id + ' "' + words + '" ' + Math.round(r.width) + 'x' + Math.round(r.height) +
      (r.width < 44 || r.height < 44 ? ' SMALL' : '') + (answers ? '' : ' COVERED'));
  }
  if (document.documentElement.scrollWidth > window.innerWidth) out.push('WIDER THAN THE SCREEN: ' + document.documentElement.scrollWidth);
  return out;
})()`

// walk5 (W5-11): on a 390 px phone the schedule form's "Repeats" radios and
// weekday boxes, and every list of checkboxes (the finders' filters, the
// consent's choices, the profile's pathways), were 20 px targets: only
// the box and the words' line answered a tap. Every checkbox and radio
// button on every form that has them is now a label row at least 44 px
// tall (and wide) that holds its box and answers a tap at each corner, in
// English and in Spanish, and no page grows wider than the phone.
func TestBrowserEveryCheckboxAndRadioIsA44PxRow(t *testing.T) {
	base, a := startServer(t)
	org, rosa, cal, secret := harborHouse(t, a)
	asRosa, asCal := asUser(rosa), asUser(cal)
	partnered(t, a, cal, rosa)
	name, desc, rules, vis := "Evening circle", "A calm evening group.", "Be kind. What is said here stays here.", "listed"
	g, err := a.CreateGroup(asRosa, app.GroupInput{Name: &name, Description: &desc, Guidelines: &rules, Visibility: &vis})
	if err != nil {
		t.Fatal(err)
	}
	st := steps{t}
	type page struct {
		path, shot string
		// before is what the person does on the page first (a form that
		// shows more boxes once posted).
		before []chromedp.Action[chromedp.Void]
	}
	cohort := `{"mentors":[{"id":"m1","languages":["en"],"capacity":1,"time_zone":"UTC","availability":["mon-evening"]}],` +
		`"mentees":[{"id":"e1","languages":["en"],"time_zone":"UTC","availability":["mon-evening"]}]}`
	// Each person's pages, a few to a tab of their own: a tab's steps have
	// three minutes, and a loaded machine takes about ten seconds a page.
	calTab := func() context.Context { return signedInPhone(t, base, "cal@example.org", "cobalt river stone") }
	rosaTab := func() context.Context { return rosaOnPhone(t, base, secret) }
	// Ola plans cohorts: an organization admin by role (the cohort pages are
	// for those and site admins).
	ola := account(t, a, "ola@example.org", "amber harbor willow", "Ola", model.RoleOrgAdmin)
	olaSecret := withMFA(t, a, ola)
	olaTab := func() context.Context {
		tab := signedInPhone(t, base, "ola@example.org", "amber harbor willow")
		st.mfaStep(tab, olaSecret)
		return tab
	}
	parts := []struct {
		open  func() context.Context
		pages []page
	}{
		{calTab, []page{{"/checkin", "checkin", nil}, {"/consents", "consents", nil}, {"/notifications", "notifications", nil},
			{"/settings/privacy", "privacy", nil}, {"/profile", "profile", nil}, {"/recovery-capital", "capital", nil}}},
		{calTab, []page{{"/mentorship", "mentorship", nil}, {"/partners", "partners", nil}, {"/groups/" + g.ID, "group-join", nil},
			{"/meetings?when=week", "meetings", nil}, {"/treatment", "treatment", nil}}},
		{rosaTab, []page{{"/groups", "groups", nil}, {"/groups/" + g.ID, "group-schedule", nil}, {"/organizations/" + org.ID, "organization", nil},
			{"/organizations/" + org.ID, "discharge", []chromedp.Action[chromedp.Void]{
				chromedp.Click(chromedp.CSS(`form:has(input[value=discharge]) button`)), chromedp.WaitVisible(chromedp.CSS(`#out-completed`))}}}},
		{olaTab, []page{{"/mentorship/cohort", "cohort", []chromedp.Action[chromedp.Void]{
			chromedp.SetValue(chromedp.CSS(`#f-cohort`), cohort), chromedp.Click(chromedp.CSS(`form[action$="/plan"] button`)),
			chromedp.WaitVisible(chromedp.CSS(`main h2`))}}}},
	}
	for _, lang := range []string{"en", "es"} {
		for _, who := range []context.Context{asCal, asRosa, asUser(ola)} {
			if err := a.SetLanguage(who, lang); err != nil {
				t.Fatal(err)
			}
		}
		for _, part := range parts {
			tab := part.open()
			for _, p := range part.pages {
				st.do(tab, lang+" "+p.path, chromedp.Navigate(base+p.path), chromedp.WaitVisible(chromedp.CSS(`main h1`)))
				if len(p.before) > 0 {
					st.do(tab, lang+" "+p.shot, p.before...)
				}
				got := eval[[]string](t, tab, "measure "+p.shot, measureChecks)
				if len(got) == 0 {
					t.Errorf("%s %s: no checkbox or radio button found:\n%s", lang, p.shot, st.text(tab, "main"))
					continue
				}
				all := strings.Join(got, "; ")
				if p.shot == "cohort" && !strings.Contains(all, "p-0 ") {
					t.Errorf("%s: no pair to send in the planned cohort: %s\n%s", lang, all, st.text(tab, "main"))
				}
				for _, bad := range []string{"SMALL", "NOT IN ITS LABEL", "COVERED", "WIDER THAN THE SCREEN"} {
					if strings.Contains(all, bad) {
						t.Errorf("%s %s: %s: %s", lang, p.shot, bad, all)
						break
					}
				}
				t.Logf("%s %s: %d boxes", lang, p.shot, len(got))
				shot(t, tab, "check-targets-"+p.shot+"-"+lang+".png")
			}
		}
	}
}
