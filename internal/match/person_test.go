package match

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestValidateAndClean(t *testing.T) {
	c := Cohort{
		Mentors: []Person{
			person("m1", nil),
			person("m7", func(p *Person) { p.Capacity = -1 }),
			person("", nil),
			person("m8", func(p *Person) { p.Timezone = "Mars/Olympus" }),
			person("m9", func(p *Person) { p.Timezone = "" }),
		},
		Mentees: []Person{
			person("e1", nil),
			person("m1", nil),
			person("e2", func(p *Person) { p.Availability = []string{"monday-evening", "sun-dawn"} }),
			person("e3", func(p *Person) { p.Age = 130 }),
			person("e1", nil),
			person("e4", func(p *Person) { p.Timezone, p.Availability = "", nil }),
		},
	}
	want := []string{
		"mentor m7: capacity -1 is negative",
		"mentor #3: id is empty",
		`mentor m8: time_zone "Mars/Olympus" is not an IANA time zone such as "America/Chicago"`,
		"mentor m9: time_zone is missing (availability is read in the person's own time zone)",
		"mentee m1: id is already used by a mentor",
		`mentee e2: availability "monday-evening" is not a day and a part of day such as "mon-evening"`,
		`mentee e2: availability "sun-dawn" is not a day and a part of day such as "mon-evening"`,
		"mentee e3: age 130 is outside 0..120",
		"mentee e1: id is already used by a mentee",
	}
	cleaned, problems := c.Clean()
	if !slices.Equal(problems, want) {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(problems, "\n"), strings.Join(want, "\n"))
	}
	ids := func(ps []Person) (out []string) {
		for _, p := range ps {
			out = append(out, p.ID)
		}
		return out
	}
	if got := ids(cleaned.Mentors); !slices.Equal(got, []string{"m1"}) {
		t.Errorf("kept mentors %v", got)
	}
	if got := ids(cleaned.Mentees); !slices.Equal(got, []string{"e1", "e4"}) {
		t.Errorf("kept mentees %v", got)
	}
	if len(c.Mentors) != 5 || len(c.Mentees) != 6 {
		t.Error("Clean changed its input")
	}
	err := c.Validate()
	var inv *InvalidError
	if !errors.As(err, &inv) || !slices.Equal(inv.Problems, want) || !strings.Contains(err.Error(), "mentor m7: capacity -1 is negative; mentor #3") {
		t.Errorf("Validate = %v", err)
	}
	if err := cleaned.Validate(); err != nil {
		t.Errorf("cleaned cohort does not validate: %v", err)
	}
	// The rest can still be planned.
	if p, err := PlanOptimal(DefaultWeights(), cleaned); err != nil || len(p.Assignments) != 2 {
		t.Errorf("plan of the cleaned cohort = %+v, %v", p, err)
	}
}

func TestDecodeCohort(t *testing.T) {
	good := `{"mentors":[{"id":"m1","pathways":["smart"],"languages":["en"],"gender":"woman","age":40,
	  "time_zone":"America/Chicago","availability":["mon-evening"],"circumstances":["parent"],"capacity":2,"recovery_years":4.5,
	  "spirituality":"none","family":"married","blocked":["e9"]}],
	 "mentees":[{"id":"e1","age":30,"require":{"language":true,"mentor_gender":"woman","pathway":false}}]}`
	c, err := DecodeCohort([]byte(good))
	if err != nil {
		t.Fatal(err)
	}
	if c.Mentors[0].Capacity != 2 || c.Mentors[0].RecoveryYears != 4.5 || !c.Mentees[0].Require.Language || c.Mentees[0].Require.MentorGender != "woman" {
		t.Errorf("decoded %+v", c)
	}
	tests := []struct{ in, want string }{
		{`{"mentors":[{"id":"m1","colour":"red"}],"mentees":[]}`, `mentor m1: unknown field "colour"`},
		{`{"mentors":[{"id":"m1","require":{}}]}`, `mentor m1: unknown field "require"`},
		{`{"mentees":[{"id":"e4","capacity":3}]}`, `mentee e4: unknown field "capacity"`},
		{`{"mentees":[{"id":"e4","require":{"langauge":true}}]}`, `mentee e4: unknown field "require.langauge"`},
		{`{"mentees":[{"age":"thirty"}]}`, `mentee #1: age must be a number, not string`},
		{`{"mentees":[{"id":"e1","pathways":"smart"}]}`, `mentee e1: pathways must be a list, not string`},
		{`{"mentors":[], "people":[]}`, `unknown top-level field "people"`},
		{`[1,2]`, `a cohort is a JSON object {"mentors":[…],"mentees":[…]}`},
	}
	for _, tt := range tests {
		if _, err := DecodeCohort([]byte(tt.in)); err == nil || err.Error() != tt.want {
			t.Errorf("DecodeCohort(%s) = %v, want %q", tt.in, err, tt.want)
		}
	}
	_, err = DecodeCohort([]byte("{\n  \"mentors\": [\n    {\"id\": \"m1\",}\n  ]\n}"))
	var se *SyntaxError
	if !errors.As(err, &se) || se.Line != 3 || !strings.HasPrefix(err.Error(), "not JSON: invalid character '}'") {
		t.Errorf("err = %v", err)
	}
	if _, err := DecodeCohort(nil); !errors.As(err, &se) || se.Line != 1 {
		t.Errorf("empty input: %v", err)
	}
}
