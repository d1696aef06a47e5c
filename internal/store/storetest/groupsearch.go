package storetest

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/kinshiprecovery/kinship/internal/store"
)

// A directory search looks at every group, not the newest page of them:
// the oldest of 505 groups is found with a page of 500. Case does not
// matter, in any alphabet; % and _ are only text.
func testGroupSearch(t *testing.T, st store.Store) {
	a := newUser(t, st, "search@example.org")
	base := ts("2026-01-01T00:00:00Z")
	names := map[int][2]string{
		0: {"Harbor Lights", "Evenings by the water."},
		1: {"MAÑANA TEMPRANO", "Para madrugadores."},
		2: {"The 50% club", "Halfway there."},
		3: {"Fifty-fifty", "Under_scores and 500 days."},
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
	} {
		if got := search(text); got != want {
			t.Errorf("search %q found %q, want %q", text, got, want)
		}
	}
	if all, err := st.ListGroups(ctx, store.GroupFilter{Visibility: []string{"listed"}, Limit: 500}); err != nil || len(all) != 500 {
		t.Errorf("without text: %d groups, %v; want the newest 500", len(all), err)
	}
}
