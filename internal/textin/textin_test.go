package textin

import "testing"

func TestInvalidUTF8InJSONNamesTheField(t *testing.T) {
	for raw, want := range map[string]string{
		`{"email":"a@b.org","password":"` + "\xff" + `"}`:      "password",
		`{"a":{"b":["ok","` + "\xfe" + `"]}}`:                  "a.b[1]",
		`{"list":[{"x":1},{"y":"` + "\xc3" + `"}],"z":"fine"}`: "list[1].y",
		`{"after":{"n":[1,2]},"name":"` + "\xff" + `"}`:        "name",
		`"` + "\xff" + `"`: "the text",
	} {
		e := InvalidUTF8InJSON([]byte(raw))
		if e == nil || e.Field != want || e.Problem != "is not valid UTF-8 text" {
			t.Errorf("%q: %v, want field %s", raw, e, want)
		}
	}
	if e := InvalidUTF8InJSON([]byte(`{"a":"é"}`)); e != nil {
		t.Errorf("valid text refused: %v", e)
	}
}

func TestCheckNamesTheField(t *testing.T) {
	type inner struct {
		Mentee string `json:"mentee"`
	}
	v := struct {
		Name  string            `json:"name"`
		Body  string            `json:"body"`
		Pairs []inner           `json:"assignments"`
		Vis   map[string]string `json:"visibility"`
	}{Name: "ok", Body: "line one\nline two\ttabbed", Pairs: []inner{{"a"}, {"b\x00"}}}
	if e := Check(v); e == nil || e.Field != "assignments[1].mentee" || e.Problem != "contains a NUL character, which text may not hold" {
		t.Fatalf("got %v", e)
	}
	v.Pairs = nil
	v.Name = "a\nb"
	if e := Check(&v); e == nil || e.Field != "name" || e.Problem != "must be on one line, without line breaks or tabs" {
		t.Fatalf("got %v", e)
	}
	v.Name = "fine"
	if e := Check(&v); e != nil {
		t.Fatalf("clean text refused: %v", e)
	}
}
