package i18n

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// appMessageSources are the files whose errors a person reads on a page:
// the app's, the model's, the password and text checks', the web's own,
// and the HTTP layer's refusals that pages show too (a form that could not
// be read, "sign in to continue"). The API's own query-parameter messages
// name parameters (radius_km, within_hours) and stay English, and so does
// the calendar encoder's (a fault in Kinship, never shown to a person).
var appMessageSources = []string{
	"../app/*.go", "../model/*.go", "../password/*.go", "../textin/*.go",
	"../ical/recurrence.go", "../ical/series.go", "../web/*.go",
	"../httpapi/boundary.go", "../httpapi/server.go",
}

// appMessage is one English message the code gives a person, and where.
type appMessage struct {
	text, at string
}

// scanAppMessages finds every string-literal Message and Fields value of a
// model.Error composite literal, every model.Errorf with a constant format
// and no arguments, and every FieldErrors.Add(field, "literal"). A message
// built from values instead (with +, fmt, a variable) is returned in
// built, unless it comes from the catalog (a call of tr, T, say or
// errSay, a composite literal that carries its catalog message in Msg),
// or passes on a message made elsewhere (a variable, e.Message).
func scanAppMessages(t *testing.T) (found, built []appMessage) {
	t.Helper()
	fset := token.NewFileSet()
	lit := func(e ast.Expr) (string, bool) {
		b, ok := e.(*ast.BasicLit)
		if !ok || b.Kind != token.STRING {
			return "", false
		}
		s, err := strconv.Unquote(b.Value)
		return s, err == nil
	}
	for _, glob := range appMessageSources {
		names, err := filepath.Glob(glob)
		if err != nil {
			t.Fatal(err)
		}
		if len(names) == 0 {
			t.Fatalf("%s: no files", glob)
		}
		for _, n := range names {
			if strings.HasSuffix(n, "_test.go") {
				continue
			}
			src, err := os.ReadFile(n)
			if err != nil {
				t.Fatal(err)
			}
			f, err := parser.ParseFile(fset, n, src, 0)
			if err != nil {
				t.Fatal(err)
			}
			inModel := f.Name.Name == "model"
			add := func(e ast.Expr) {
				if s, ok := lit(e); ok {
					found = append(found, appMessage{s, fset.Position(e.Pos()).String()})
					return
				}
				if _, ok := e.(*ast.Ident); ok || fromCatalog(e) {
					// A variable passes on a message made elsewhere, where
					// the scan reads it.
					return
				}
				code := string(src[fset.Position(e.Pos()).Offset:fset.Position(e.End()).Offset])
				built = append(built, appMessage{code, fset.Position(e.Pos()).String()})
			}
			ast.Inspect(f, func(node ast.Node) bool {
				switch x := node.(type) {
				case *ast.FuncDecl:
					// model.Errorf itself formats what its callers give.
					return !(inModel && x.Name.Name == "Errorf")
				case *ast.CompositeLit:
					if !isModelError(x.Type, inModel) {
						return true
					}
					keyed := map[string]bool{}
					for _, el := range x.Elts {
						if kv, ok := el.(*ast.KeyValueExpr); ok {
							if key, _ := kv.Key.(*ast.Ident); key != nil {
								keyed[key.Name] = true
							}
						}
					}
					for _, el := range x.Elts {
						kv, ok := el.(*ast.KeyValueExpr)
						if !ok {
							continue
						}
						key, _ := kv.Key.(*ast.Ident)
						if key == nil {
							continue
						}
						switch key.Name {
						case "Message":
							if !keyed["Msg"] {
								add(kv.Value)
							}
						case "Fields":
							m, ok := kv.Value.(*ast.CompositeLit)
							if !ok || keyed["FieldMsgs"] {
								continue
							}
							for _, fe := range m.Elts {
								if fkv, ok := fe.(*ast.KeyValueExpr); ok {
									add(fkv.Value)
								}
							}
						}
					}
				case *ast.CallExpr:
					sel, ok := x.Fun.(*ast.SelectorExpr)
					name := ""
					errorf := false
					if ok {
						name = sel.Sel.Name
						pkg, ok := sel.X.(*ast.Ident)
						errorf = ok && pkg.Name == "model" && name == "Errorf"
					} else if id, ok := x.Fun.(*ast.Ident); ok && messageFuncs[id.Name] {
						for _, a := range x.Args {
							add(a)
						}
					} else if id, ok := x.Fun.(*ast.Ident); ok && inModel && id.Name == "Errorf" {
						errorf = true
					}
					if errorf {
						if len(x.Args) == 2 {
							add(x.Args[1])
						} else {
							code := string(src[fset.Position(x.Pos()).Offset:fset.Position(x.End()).Offset])
							built = append(built, appMessage{code, fset.Position(x.Pos()).String()})
						}
					}
					// FieldErrors.Add(field, "message"): the receivers are
					// named f or fe (or fields/errs) across the app.
					// (*model.Error).Field(field, "message") likewise.
					if name == "Field" && len(x.Args) == 2 {
						add(x.Args[1])
					}
					if name == "Add" && len(x.Args) == 2 {
						if r, ok := sel.X.(*ast.Ident); ok && fieldErrorsName[r.Name] {
							add(x.Args[1])
						}
					}
				}
				return true
			})
		}
	}
	return found, built
}

// catalogFuncs are the calls whose result is a catalog message already in
// its reader's language (tr, T), or a message kept with its catalog ID
// (say, errSay).
var catalogFuncs = map[string]bool{"tr": true, "T": true, "say": true, "errSay": true, "Say": true}

// fromCatalog reports whether e is a message that came through the
// catalog, or one another error carries (e.Message, err.(*model.Error).Message).
func fromCatalog(e ast.Expr) bool {
	switch x := e.(type) {
	case *ast.CallExpr:
		switch f := x.Fun.(type) {
		case *ast.Ident:
			return catalogFuncs[f.Name]
		case *ast.SelectorExpr:
			return catalogFuncs[f.Sel.Name]
		}
	case *ast.SelectorExpr:
		return x.Sel.Name == "Message"
	}
	return false
}

// messageFuncs are local helpers whose every argument is a message for a
// person: orgs.go's refuse(message, fieldNote) for an invitation code.
var messageFuncs = map[string]bool{"refuse": true}

var fieldErrorsName = map[string]bool{"f": true, "fe": true, "fields": true, "errs": true, "fieldErrs": true}

func isModelError(typ ast.Expr, inModel bool) bool {
	switch t := typ.(type) {
	case *ast.SelectorExpr:
		pkg, ok := t.X.(*ast.Ident)
		return ok && pkg.Name == "model" && t.Sel.Name == "Error"
	case *ast.Ident:
		return inModel && t.Name == "Error"
	}
	return false
}

// TestEveryAppMessageTranslated: every English message the app writes for
// a person (a form's error, a field's note, a refusal) has an "apperr."
// catalog entry, so a Spanish reader never meets it in English.
func TestEveryAppMessageTranslated(t *testing.T) {
	found, _ := scanAppMessages(t)
	if len(found) < 100 {
		t.Fatalf("found only %d app messages; is the scan reading the code?", len(found))
	}
	es := For("es")
	missing := map[string]string{}
	for _, m := range found {
		if es.App(m.text) == m.text {
			if _, ok := missing[m.text]; !ok {
				missing[m.text] = m.at
			}
		}
	}
	texts := make([]string, 0, len(missing))
	for s := range missing {
		texts = append(texts, s)
	}
	sort.Strings(texts)
	for _, s := range texts {
		t.Errorf("%s: no Spanish for %q", missing[s], s)
	}
	t.Logf("%d literal app messages, %d without Spanish", len(found), len(texts))
}

// TestNoBuiltAppMessages: a message for a person built from values (with
// +, fmt or a variable) cannot be found in the catalog by its English
// words, so a Spanish reader would read it in English. Each must be a
// catalog message with named fields instead: say or errSay in the app,
// model.NewMsg with AddMsg or ErrMsg in model and ical. `go test
// ./internal/i18n -run TestNoBuiltAppMessages -v` prints the count.
func TestNoBuiltAppMessages(t *testing.T) {
	_, built := scanAppMessages(t)
	for _, m := range built {
		t.Errorf("%s: built message %s; make it a catalog message with named fields", m.at, m.text)
	}
	t.Logf("%d app messages built without the catalog", len(built))
}
