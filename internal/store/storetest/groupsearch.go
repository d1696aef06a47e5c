package storetest

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/kinshiprecovery/kinship/internal/store"
)

// A directory search looks at every group, not the newest page of them:
// the oldest of 505 groups is found with a page of 500. Case and accents
// do not matter, in any alphabet ("cafe" finds "Café"); % and _ are only
// text. A word in every group finds the newest page of them, and the
// next page continues after it. What a search finds follows a group's
// name and description as they change.
func testGroupSearch(t *testing.T, st store.Store) {
	a := newUser(t, st, "search@example.org")
	base := ts("2026-01-01T00:00:00Z")
	names := map[int][2]string{
		0: {"Harbor Lights", "Evenings by the water."},
		1: {"MAÑANA TEMPRANO", "Para madrugadores."},
		2: {"The 50% club", "Halfway there."},
		3: {"Fifty-fifty", "Under_scores and 500 days."},
		4: {"Café de los lunes", "Nos vemos en el CAFÉ de la esquina."},
		5: {"Ελπίδα", "Ομάδα στήριξης."},
	}
	for i := 0; i < 505; i++ {
		n, ok := names[i]
		if !ok {
			n = [2]string{fmt.Sprintf("Peer group %d", i), "We meet weekly."}
		}
		at := base.Add(time.Duration(i) * time.Minute)
		g := &store.Group{ID: fmt.Sprintf("gs%03d", i), Name: n[0], Description: n[1], Visibility: "listed", CreatedBy: a.ID, CreatedAt: at, UpdatedAt: at}
		if err := st.CreateGroup(ctx, g); err != nil {
			t.Fatal(err)
		}
	}
	search := func(text string) string {
		t.Helper()
		gs, err := st.ListGroups(ctx, store.GroupFilter{Visibility: []string{"listed"}, Text: text, Limit: 500})
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, g := range gs {
			out = append(out, g.Name)
		}
		return strings.Join(out, "; ")
	}
	for text, want := range map[string]string{
		"harbor":          "Harbor Lights",
		"LIGHTS evenings": "Harbor Lights", // name and description, joined by a space
		"mañana":          "MAÑANA TEMPRANO",
		"madrugadores":    "MAÑANA TEMPRANO",
		"50%":             "The 50% club",
		"under_":          "Fifty-fifty",
		"r_group":         "",
		"%":               "The 50% club",
		"cafe":            "Café de los lunes",
		"CAFÉ DE":         "Café de los lunes",
		"esquina.":        "Café de los lunes",
		"manana":          "MAÑANA TEMPRANO",
		"ελπιδα":          "Ελπίδα",
		"ΕΛΠΊΔΑ":          "Ελπίδα",
		"no such words":   "",
	} {
		if got := search(text); got != want {
			t.Errorf("search %q found %q, want %q", text, got, want)
		}
	}
	if all, err := st.ListGroups(ctx, store.GroupFilter{Visibility: []string{"listed"}, Limit: 500}); err != nil || len(all) != 500 {
		t.Errorf("without text: %d groups, %v; want the newest 500", len(all), err)
	}
	// "Peer group" is in 499 groups: the newest 25, then the next 25.
	page := func(after store.Keyset) []*store.Group {
		t.Helper()
		gs, err := st.ListGroups(ctx, store.GroupFilter{Visibility: []string{"listed"}, Text: "PEER GROUP", After: after, Limit: 25})
		if err != nil {
			t.Fatal(err)
		}
		return gs
	}
	first := page(store.Keyset{})
	if len(first) != 25 || first[0].Name != "Peer group 504" || first[24].Name != "Peer group 480" {
		t.Fatalf("a word in 499 groups: %d found, from %q", len(first), first[0].Name)
	}
	if next := page(store.Keyset{At: first[24].CreatedAt, ID: first[24].ID}); len(next) != 25 || next[0].Name != "Peer group 479" {
		t.Errorf("its next page: %d found, from %q", len(next), next[0].Name)
	}
	// A new name is found at once, and the old one no more.
	g, err := st.FindGroup(ctx, "gs000")
	if err != nil {
		t.Fatal(err)
	}
	g.Name, g.Description = "Lighthouse keepers", "Mañanitas junto al faro."
	if err := st.UpdateGroup(ctx, g); err != nil {
		t.Fatal(err)
	}
	for text, want := range map[string]string{"harbor": "", "lighthouse": "Lighthouse keepers", "mananitas": "Lighthouse keepers"} {
		if got := search(text); got != want {
			t.Errorf("after the change, search %q found %q, want %q", text, got, want)
		}
	}
}

// GroupSearchPages is testGroupSearchPages, for a store's own tests to
// run under each of its ways of reading a search.
var GroupSearchPages = testGroupSearchPages

// A search of the directory, paged ten at a time with After, lists every
// group with the words that the viewer may see, once each, newest first,
// each with its member count and the viewer's place: words every group
// has, words one group in seven has, words a few have (written with
// accents and another case), and words none has. Never a group of an
// organization the viewer is not in, an alumni group of one where they
// are a client, an archived or an unlisted group.
func testGroupSearchPages(t *testing.T, st store.Store) {
	v := newUser(t, st, "pages-viewer@example.org")
	other := newUser(t, st, "pages-other@example.org")
	base := ts("2026-02-01T00:00:00Z")
	for _, o := range []string{"sp-mine", "sp-theirs"} {
		if err := st.CreateOrganization(ctx, &store.Organization{ID: o, Name: o, CreatedAt: base}); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.SaveOrgMember(ctx, &store.OrgMember{OrgID: "sp-mine", UserID: v.ID, Role: "client", JoinedAt: base}); err != nil {
		t.Fatal(err)
	}
	type kept struct {
		id      string
		words   map[string]bool
		members int
		mine    bool
	}
	var all []kept // newest first, those the viewer may see
	for i := 0; i < 300; i++ {
		at := base.Add(time.Duration(i) * time.Minute)
		g := &store.Group{ID: fmt.Sprintf("sp%03d", i), Name: fmt.Sprintf("Group %d", i), Description: "Meets on Mondays.",
			Visibility: "listed", CreatedBy: other.ID, CreatedAt: at, UpdatedAt: at}
		words := map[string]bool{"mondays": true}
		if i%7 == 0 {
			g.Description += " Tejedoras."
			words["tejedoras"] = true
		}
		if i%50 == 3 {
			g.Name = fmt.Sprintf("Café %d", i)
			words["cafe"] = true
		}
		seen := true
		switch {
		case i%11 == 0:
			g.OrgID, seen = "sp-theirs", false
		case i%13 == 0:
			g.OrgID, g.Audience, seen = "sp-mine", "alumni", false
		case i%17 == 0:
			g.OrgID = "sp-mine"
		case i%19 == 0:
			g.Visibility, seen = "unlisted", false
		case i%29 == 0:
			g.Visibility = "private"
		}
		if err := st.CreateGroup(ctx, g); err != nil {
			t.Fatal(err)
		}
		if i%31 == 1 {
			g.ArchivedAt, seen = &at, false
			if err := st.UpdateGroup(ctx, g); err != nil {
				t.Fatal(err)
			}
		}
		k := kept{id: g.ID, words: words}
		for j, u := range []string{other.ID, v.ID} {
			if j == 1 && i%23 != 0 {
				break
			}
			if err := st.SaveGroupMember(ctx, &store.GroupMember{GroupID: g.ID, UserID: u, Role: "member", Status: "active", CreatedAt: at, UpdatedAt: at}); err != nil {
				t.Fatal(err)
			}
			k.members, k.mine = j+1, j == 1
		}
		if seen {
			all = append([]kept{k}, all...)
		}
	}
	for q, word := range map[string]string{"MONDAYS": "mondays", "tejedoras": "tejedoras", "CAFÉ": "cafe", "cafe": "cafe", "tuesdays": "tuesdays"} {
		var want, got []string
		for _, k := range all {
			if k.words[word] {
				want = append(want, fmt.Sprintf("%s (%d%s)", k.id, k.members, map[bool]string{true: ", mine"}[k.mine]))
			}
		}
		f := store.GroupFilter{Visibility: []string{"listed", "private"}, Viewer: v.ID, Text: q, Limit: 10}
		for pages := 0; ; pages++ {
			if pages > 30 {
				t.Fatalf("search %q: more than 30 pages", q)
			}
			gs, err := st.ListGroups(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			for _, g := range gs {
				got = append(got, fmt.Sprintf("%s (%d%s)", g.ID, g.MemberCount, map[bool]string{true: ", mine"}[g.Viewer.Status == "active"]))
			}
			if len(gs) < f.Limit {
				break
			}
			f.After = store.Keyset{At: gs[len(gs)-1].CreatedAt, ID: gs[len(gs)-1].ID}
		}
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("search %q, ten a page:\n got %d: %v\nwant %d: %v", q, len(got), got, len(want), want)
		}
		f.After, f.Limit = store.Keyset{}, 0
		gs, err := st.ListGroups(ctx, f)
		if err != nil || len(gs) != len(want) {
			t.Errorf("search %q, no limit: %d groups, %v; want %d", q, len(gs), err, len(want))
		}
	}
}
