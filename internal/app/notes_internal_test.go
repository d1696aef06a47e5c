package app

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kinshiprecovery/kinship/internal/i18n"
)

// TestEveryNotificationIsACatalogMessage reads the app's source: a
// notification is made only by deliver (the one place that stores one), it
// says only a note (noteText), and each noteText names a message that the
// English and the Spanish catalogs both hold, giving exactly the fields
// the message writes ({{.Name}}, …), so that no notification is stored as
// words in its sender's language and none reads "<no value>".
func TestEveryNotificationIsACatalogMessage(t *testing.T) {
	fset := token.NewFileSet()
	names, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	en, es := i18n.For("en"), i18n.For("es")
	field := regexp.MustCompile(`\{\{\s*\.(\w+)`)
	fieldsOf := func(id string) []string {
		set := map[string]bool{}
		for _, m := range field.FindAllStringSubmatch(en.Message(id).Other, -1) {
			set[m[1]] = true
		}
		return sorted(set)
	}
	checkID := func(at token.Position, id string) bool {
		if !en.Has(id) || !es.Has(id) {
			t.Errorf("%s: %q is not in both catalogs (en %v, es %v)", at, id, en.Has(id), es.Has(id))
			return false
		}
		return true
	}
	calls := 0
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			// A package-level var (crisisFlagNote) is read as a function
			// without a name.
			fn := &ast.FuncDecl{Name: ast.NewIdent(""), Body: &ast.BlockStmt{}}
			var body ast.Node = d
			if f, ok := d.(*ast.FuncDecl); ok && f.Body != nil {
				fn, body = f, f.Body
			}
			// Fields a chained .sub, .clock, .date or .when adds to a noteText call.
			extra := map[*ast.CallExpr][]string{}
			ast.Inspect(body, func(n ast.Node) bool {
				switch x := n.(type) {
				case *ast.CallExpr:
					if sel, ok := x.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "CreateNotification" && fn.Name.Name != "deliver" {
						t.Errorf("%s: %s stores a notification itself; only deliver may, so that it is always a note", fset.Position(x.Pos()), fn.Name.Name)
					}
					base, keys := chain(t, fset, x, checkID)
					if base != nil && extra[base] == nil {
						extra[base] = keys
					}
				case *ast.CompositeLit:
					if id, ok := x.Type.(*ast.Ident); ok && (id.Name == "note" || id.Name == "noteMsg") && len(x.Elts) > 0 && fn.Name.Name != "noteText" {
						t.Errorf("%s: a %s made by hand in %s; make it with noteText", fset.Position(x.Pos()), id.Name, fn.Name.Name)
					}
				}
				return true
			})
			ast.Inspect(body, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok || !isNoteText(call) {
					return true
				}
				calls++
				at := fset.Position(call.Pos())
				keys := map[string]bool{}
				for _, k := range extra[call] {
					keys[k] = true
				}
				for i := 2; i < len(call.Args); i += 2 {
					lit, ok := call.Args[i-1].(*ast.BasicLit)
					if !ok {
						t.Errorf("%s: a field's name must be written as a string", at)
						continue
					}
					k, _ := strconv.Unquote(lit.Value)
					keys[k] = true
				}
				if len(call.Args) > 0 && len(call.Args)%2 == 0 {
					t.Errorf("%s: a field without its value", at)
				}
				var ids []string
				switch id := call.Args[0].(type) {
				case *ast.BasicLit:
					s, _ := strconv.Unquote(id.Value)
					ids = []string{s}
				default: // Encourage's message, chosen from Encouragements
					if fn.Name.Name != "Encourage" {
						t.Errorf("%s: the message ID must be written as a string", at)
					}
					for _, v := range Encouragements {
						ids = append(ids, v)
					}
				}
				for _, id := range ids {
					if !checkID(at, id) {
						continue
					}
					if want, got := fieldsOf(id), sorted(keys); strings.Join(want, ",") != strings.Join(got, ",") {
						t.Errorf("%s: %s writes the fields %v, given %v", at, id, want, got)
					}
				}
				return true
			})
		}
	}
	if calls < 45 {
		t.Fatalf("only %d notifications found in the source; is the walk broken?", calls)
	}
	t.Logf("%d notifications, each a catalog message", calls)
}

func isNoteText(c *ast.CallExpr) bool {
	id, ok := c.Fun.(*ast.Ident)
	return ok && id.Name == "noteText"
}

// chain follows noteText(…).sub(…).clock(…) from its outer call to the
// noteText call, returning it and the fields the chain adds (nil, nil for
// any other call).
func chain(t *testing.T, fset *token.FileSet, c *ast.CallExpr, checkID func(token.Position, string) bool) (*ast.CallExpr, []string) {
	var keys []string
	for {
		if isNoteText(c) {
			return c, keys
		}
		sel, ok := c.Fun.(*ast.SelectorExpr)
		if ok && sel.Sel.Name == "about" && len(c.Args) == 1 {
			// .about names the subject, no field.
			if inner, ok := sel.X.(*ast.CallExpr); ok {
				c = inner
				continue
			}
		}
		if !ok || (sel.Sel.Name != "sub" && sel.Sel.Name != "clock" && sel.Sel.Name != "date" && sel.Sel.Name != "when") || len(c.Args) < 2 {
			return nil, nil
		}
		inner, ok := sel.X.(*ast.CallExpr)
		if !ok {
			return nil, nil
		}
		if lit, ok := c.Args[0].(*ast.BasicLit); ok {
			k, _ := strconv.Unquote(lit.Value)
			keys = append(keys, k)
		} else {
			t.Errorf("%s: a field's name must be written as a string", fset.Position(c.Pos()))
		}
		if sel.Sel.Name == "sub" {
			if lit, ok := c.Args[1].(*ast.BasicLit); ok {
				id, _ := strconv.Unquote(lit.Value)
				checkID(fset.Position(c.Pos()), id)
			}
		}
		c = inner
	}
}

func sorted(set map[string]bool) []string {
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// TestNoteInWritesTheReadersLanguage: a stored note reads in each
// reader's language, its message fields too, its time of day in the zone
// it was made for; words stored before notes read as they were written,
// and a note without a message is refused, not stored.
func TestNoteInWritesTheReadersLanguage(t *testing.T) {
	en, es := i18n.For("en"), i18n.For("es")
	warn, err := noteText("notify.moderation_warn", "Reason", "selling").sub("What", "notify.what_post").stored()
	if err != nil {
		t.Fatal(err)
	}
	if got := NoteIn(es, warn); got != "Un moderador te envió una advertencia sobre una de tus publicaciones. Su motivo: selling. Puedes apelar si crees que es un error." {
		t.Errorf("Spanish: %q", got)
	}
	if got := NoteIn(en, warn); got != "A moderator sent you a warning about one of your posts. Their reason: selling. You can appeal if you think it is wrong." {
		t.Errorf("English: %q", got)
	}
	chicago, _ := time.LoadLocation("America/Chicago")
	at := time.Date(2026, 12, 6, 1, 30, 0, 0, time.UTC) // 19:30 in Chicago on the 5th
	reminder, _ := noteText("notify.meeting_reminder", "Title", "Evening circle", "Group", "Harbor").clock("Time", at, chicago).stored()
	if got := NoteIn(es, reminder); got != "Evening circle (Harbor) empieza a las 19:30 CST." {
		t.Errorf("the reminder in Spanish: %q", got)
	}
	if got := NoteIn(en, reminder); got != "Evening circle (Harbor) starts at 19:30 CST." {
		t.Errorf("the reminder in English: %q", got)
	}
	if got := NoteIn(es, "Bo accepted your request: you are connected."); got != "Bo accepted your request: you are connected." {
		t.Errorf("an old notification kept as words: %q", got)
	}
	if _, err := (note{}).stored(); err == nil {
		t.Errorf("a note without a message was stored")
	}
}
