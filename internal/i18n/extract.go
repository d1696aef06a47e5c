package i18n

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

// Extraction finds the message IDs the code uses, so that a test (and
// `go run ./internal/i18n/cmd/extract`) can say which are missing from a
// catalog and which catalog entries nothing uses.
//
// An ID is used where it appears as a quoted literal in a template
// ({{t "nav.home"}}), in Go code outside tests (l.T("nav.home"),
// p.tr(r, "nav.home"), a notification's noteText("notify.mention", …), an
// error's say(id, …), errSay(kind, id, …), notFound(err, id) or
// model.NewMsg(id, …)),
// or, for "js." IDs, as kt("home") in app.js. A
// literal ending in a dot ("meeting.type.") marks every ID under it used,
// for IDs the code builds from a code it stores.

// Usage is what the source tree uses.
type Usage struct {
	// Called are the IDs passed to a message function: each must be in
	// every catalog.
	Called map[string][]string // ID -> where ("internal/web/templates/home.html")
	// Literals are every quoted string that looks like an ID, and Prefixes
	// those ending in a dot: an entry none of them names is unused.
	Literals map[string]bool
	Prefixes []string
}

var (
	idShape     = `[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+`
	tmplCall    = regexp.MustCompile(`[{( ](?:t|th) "(` + idShape + `)"`)
	goCall      = regexp.MustCompile(`(?:\.T|\.HTML|\btr|\bmsg|\bnoteText|\bsay|\bSay|\berrSay|\bNewMsg|\bnotFound|\borgAdminOnly)\((?:r, |err, |model\.Kind\w+, |Kind\w+, )?"(` + idShape + `)"`)
	literal     = regexp.MustCompile(`"(` + idShape + `\.?|[a-z][a-z0-9_]*\.)"`)
	jsCall      = regexp.MustCompile(`\bkt\("([a-z0-9_]+)"`)
	jsPrefix    = regexp.MustCompile(`\bkt\("([a-z0-9_]+_)" \+`)
	jsLiteral   = regexp.MustCompile(`"([a-z0-9_]+)"`)
	reservedIDs = map[string]bool{"zero": true, "one": true, "two": true, "few": true, "many": true, "other": true,
		"description": true, "hash": true, "id": true, "leftdelim": true, "rightdelim": true}
)

// Scan reads the source tree at root (the repository's top folder).
func Scan(root string) (*Usage, error) {
	u := &Usage{Called: map[string][]string{}, Literals: map[string]bool{}}
	add := func(id, where string) { u.Called[id] = append(u.Called[id], where) }
	err := filepath.WalkDir(filepath.Join(root, "internal"), func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if d.Name() == "testdata" || d.Name() == "locales" {
				return filepath.SkipDir
			}
			return nil
		}
		rel, _ := filepath.Rel(root, path)
		name := d.Name()
		isGo := strings.HasSuffix(name, ".go") && !strings.HasSuffix(name, "_test.go")
		if !isGo && !strings.HasSuffix(name, ".html") && name != "app.js" {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		src := string(b)
		switch {
		case strings.HasSuffix(name, ".html"):
			for _, m := range tmplCall.FindAllStringSubmatch(src, -1) {
				add(m[1], rel)
			}
			u.literals(src)
		case isGo:
			for _, m := range goCall.FindAllStringSubmatch(src, -1) {
				add(m[1], rel)
			}
			u.literals(src)
		default: // app.js
			for _, m := range jsCall.FindAllStringSubmatch(src, -1) {
				if !strings.HasSuffix(m[1], "_") && !jsComputed[m[1]] {
					add("js."+m[1], rel)
				}
			}
			for _, p := range jsPrefix.FindAllStringSubmatch(src, -1) {
				for _, l := range jsLiteral.FindAllStringSubmatch(src, -1) {
					u.Literals["js."+p[1]+l[1]] = true
				}
			}
		}
		return nil
	})
	for id := range u.Called {
		u.Literals[id] = true
	}
	sort.Strings(u.Prefixes)
	return u, err
}

func (u *Usage) literals(src string) {
	for _, m := range literal.FindAllStringSubmatch(src, -1) {
		if strings.HasSuffix(m[1], ".") {
			u.Prefixes = append(u.Prefixes, m[1])
		} else {
			u.Literals[m[1]] = true
		}
	}
}

// Used reports whether id is named anywhere, as itself or under a prefix.
func (u *Usage) Used(id string) bool {
	if u.Literals[id] {
		return true
	}
	for _, p := range u.Prefixes {
		if strings.HasPrefix(id, p) {
			return true
		}
	}
	return false
}

// Problems lists, for catalog c and the usage u, every ID the code calls
// that a catalog lacks, every entry nothing uses, every entry of another
// language that English lacks, every translation whose {{.Fields}} the
// English text does not have, and every ID with a part go-i18n reserves.
func (c *Catalog) Problems(u *Usage) []string {
	var out []string
	en := c.Default()
	for id, where := range u.Called {
		for _, code := range c.codes {
			if !c.langs[code].Has(id) {
				out = append(out, code+": missing "+id+" (used in "+where[0]+")")
			}
		}
	}
	for _, id := range en.IDs() {
		if !u.Used(id) {
			out = append(out, "en: "+id+" is in the catalog but nothing uses it")
		}
		for _, part := range strings.Split(id, ".") {
			if reservedIDs[part] {
				out = append(out, "en: "+id+": "+part+" is a word go-i18n reserves; rename the ID")
			}
		}
	}
	field := regexp.MustCompile(`\{\{\s*\.(\w+)\s*\}\}`)
	for _, code := range c.codes {
		l := c.langs[code]
		for _, id := range en.IDs() {
			if !l.Has(id) {
				out = append(out, code+": missing "+id)
			}
		}
		for _, id := range l.IDs() {
			m := l.Message(id)
			e := en.Message(id)
			if e == nil {
				out = append(out, code+": "+id+" is not in the English catalog")
				continue
			}
			have := map[string]bool{}
			for _, f := range field.FindAllStringSubmatch(e.Other+e.One, -1) {
				have[f[1]] = true
			}
			for _, text := range []string{m.Zero, m.One, m.Two, m.Few, m.Many, m.Other} {
				for _, f := range field.FindAllStringSubmatch(text, -1) {
					if !have[f[1]] && f[1] != "Count" {
						out = append(out, code+": "+id+" uses {{."+f[1]+"}}, which the English text does not give")
					}
				}
			}
			if m.Other == "" {
				out = append(out, code+": "+id+" has no text")
			}
			if strings.HasPrefix(m.Other, "TODO ") {
				out = append(out, code+": "+id+" is not translated yet (TODO)")
			}
		}
	}
	sort.Strings(out)
	return out
}

// jsComputed are the names app.js reads that are not "js." messages:
// web/lang.go's jsStrings writes them from the date and time messages
// (date.day, date.when and the like) with {fields} for the script to fill.
var jsComputed = map[string]bool{"day": true, "when": true, "when_year": true, "weekdays": true, "months": true, "hours": true, "am": true, "pm": true}
