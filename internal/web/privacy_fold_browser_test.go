package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
)

// TestBrowserPrivacyLogFoldsRepeatedReads: a moderator who kept the
// crisis queue open read Bo's flagged story again at every reload, and
// Bo's privacy log filled with 22 rows alike. Each read is still kept;
// on a phone, in English and Spanish, Bo reads one row that says how
// many times.
func TestBrowserPrivacyLogFoldsRepeatedReads(t *testing.T) {
	s := startServerParts(t, app.Options{}, nil)
	_, bo := cast(t, s.app)
	kate := account(t, s.app, "kate@example.org", "quiet willow harbor", "Kate", model.RoleModerator)
	if _, err := s.app.CreatePost(asUser(bo), app.PostInput{Kind: "story", Title: "Tonight", Body: "honestly everyone would be better off without me"}); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 22; i++ {
		if q, err := s.app.CrisisQueue(asUser(kate)); err != nil || len(q) != 1 {
			t.Fatalf("read %d of the queue: %+v %v", i, q, err)
		}
	}
	audit, err := s.app.MyAudit(asUser(bo))
	if err != nil {
		t.Fatal(err)
	}
	reads := 0
	for _, e := range audit {
		if e.Action == "crisis_queue_read" && e.ActorID == kate.ID {
			reads++
		}
	}
	if reads != 22 {
		t.Errorf("the log keeps %d of Kate's 22 reads", reads)
	}
	ctx := signedInPhone(t, s.base, "bo@example.org", "cobalt river stone")
	st := steps{t}
	for _, c := range []struct{ lang, what, times string }{
		{"en", "A moderator read a message of yours flagged as a possible crisis", "22 times"},
		{"es", "Un moderador leyó un mensaje tuyo marcado como posible crisis", "22 veces"},
	} {
		if c.lang == "es" {
			st.spanish(ctx, s.base)
		}
		st.do(ctx, c.lang+" privacy log", chromedp.Navigate(s.base+"/settings/privacy"), chromedp.WaitVisible(css(`#audit-h`)))
		rows := eval[[]string](t, ctx, "the log's rows", `[...document.querySelectorAll('section[aria-labelledby="audit-h"] tbody tr')].map(r => r.innerText)`)
		n := 0
		for _, r := range rows {
			if strings.Contains(r, c.what) {
				n++
				if !strings.Contains(r, "Kate") || !strings.Contains(r, c.times) {
					t.Errorf("%s: the row of Kate's reads: %q", c.lang, r)
				}
			}
		}
		if n != 1 {
			t.Errorf("%s: %d rows of Kate's reads, want one:\n%s", c.lang, n, strings.Join(rows, "\n"))
		}
		shot(t, ctx, "privacy-folded-reads-"+c.lang+".png")
	}
}
