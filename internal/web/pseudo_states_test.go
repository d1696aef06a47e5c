package web

import (
	"io/fs"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/kinshiprecovery/kinship/internal/i18n"
)

var (
	// `eq .Status "pending"`, `ne $m.State "visible"`: a stored word a page branches on.
	branchRE = regexp.MustCompile(`\b(?:eq|ne) \(?[$]?[A-Za-z_]*((?:\.[A-Za-z_]+)*\.([A-Z][A-Za-z]*))\)? "([^"]*)"`)
	// `tcode "mentorship.status." .Status`: a stored word named from the catalog.
	tcodeRE = regexp.MustCompile(`tcode "([a-z_.]+\.)" [$]?[A-Za-z_]*(?:\.[A-Za-z_]+)*\.([A-Z][A-Za-z]*)`)
)

// stateWords are, for each field name, the stored words (statuses, kinds,
// levels, roles…) a page's template (and the partials every page has)
// compares it with or names from the catalog.
func stateWords(t *testing.T, page string) map[string][]string {
	words := map[string]map[string]bool{}
	add := func(field, w string) {
		if words[field] == nil {
			words[field] = map[string]bool{}
		}
		words[field][w] = true
	}
	ids := i18n.Load().Default().IDs()
	err := fs.WalkDir(templateFS, "templates", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		name := strings.TrimSuffix(strings.TrimPrefix(path, "templates/"), ".html")
		if name != page && !partials[name] {
			return nil
		}
		src, err := fs.ReadFile(templateFS, path)
		if err != nil {
			return err
		}
		for _, m := range branchRE.FindAllStringSubmatch(string(src), -1) {
			add(m[2], m[3])
		}
		for _, m := range tcodeRE.FindAllStringSubmatch(string(src), -1) {
			for _, id := range ids {
				if code, ok := strings.CutPrefix(id, m[1]); ok && !strings.Contains(code, ".") {
					if code == "other_kind" {
						code = "other"
					}
					add(m[2], strings.ReplaceAll(code, "_", "-"))
					add(m[2], code)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	for f, ws := range words {
		for w := range ws {
			out[f] = append(out[f], w)
		}
		sort.Strings(out[f])
	}
	return out
}

// otherWords are fields that share a name with a field a page branches on
// but hold another kind of word, never the page's: a reaction's Kind beside
// a post's, a match reason's or cause's Kind (codes match sets, not stored words)
// beside a crisis line's.
var otherWords = map[string]bool{"app.ReactionKind.Kind": true, "match.Reason.Kind": true, "match.Cause.Kind": true}

// withState sets every string field of v named in words (at any depth) to
// its k-th word, cycling.
func withState(v reflect.Value, words map[string][]string, k, depth int) {
	if depth > 7 {
		return
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			withState(v.Elem(), words, k, depth+1)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			f := v.Field(i)
			if !v.Type().Field(i).IsExported() {
				continue
			}
			name := v.Type().Field(i).Name
			if otherWords[v.Type().String()+"."+name] {
				continue
			}
			if ws, ok := words[name]; ok && f.Kind() == reflect.String && f.CanSet() {
				f.SetString(ws[k%len(ws)])
				continue
			}
			withState(f, words, k, depth+1)
		}
	case reflect.Slice:
		for i := range v.Len() {
			withState(v.Index(i), words, k+i, depth+1)
		}
	}
}

// TestEveryStateWordThroughTheCatalog renders every page in the
// pseudo-locale once for each stored word its templates branch on or name
// from the catalog (a status "pending", a kind "milestone", a role
// "facilitator"…), set in every field of that name, and fails on any text
// that skipped the catalog: a stored word shown as it is stored, in English.
func TestEveryStateWordThroughTheCatalog(t *testing.T) {
	i18n.EnablePseudo()
	p := New(nil, nil, Options{})
	pseudo := i18n.Load().Lang(i18n.PseudoCode)
	pages := p.pagesIn(pseudo)
	rendered, fields := 0, 0
	for page, base := range pageData {
		if base == nil || pages[page] == nil {
			continue
		}
		words := stateWords(t, page)
		most := 0
		for _, ws := range words {
			most = max(most, len(ws))
		}
		fields += len(words)
		leaks := map[string]bool{}
		for k := range most {
			data := filled(base, trueMode)
			v := reflect.New(reflect.TypeOf(data)).Elem()
			v.Set(reflect.ValueOf(data))
			withState(v, words, k, 0)
			for _, act := range actors() {
				if (act == nil || act.Session.MFAPending) && !publicPages[page] {
					continue
				}
				out, err := p.execute(pages[page], page, view{Title: edgeNames[0], Actor: act, Name: edgeNames[3], Data: v.Interface(), Fields: map[string]string{}, Form: map[string]string{}})
				if err != nil {
					t.Errorf("%s (state words %d): %v", page, k, err)
					continue
				}
				rendered++
				for _, l := range untranslated(out) {
					leaks[l] = true
				}
			}
		}
		if len(leaks) > 0 {
			var ls []string
			for l := range leaks {
				ls = append(ls, l)
			}
			sort.Strings(ls)
			t.Errorf("%s: stored words shown outside the catalog: %q", page, ls)
		}
	}
	if rendered < 500 || fields < 40 {
		t.Fatalf("only %d renders, %d fields with stored words", rendered, fields)
	}
	t.Logf("%d renders, %d page fields with stored words", rendered, fields)
}
