package httpapi

import (
	"encoding/json"
	"errors"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/match"
	"github.com/kinshiprecovery/kinship/internal/model"
)

// TestDecodeReadsKeysExactly: a key is a field's exact JSON name at every
// depth (a nested struct, a list of structs); a map's keys and a raw
// value's are anyone's, but each once.
func TestDecodeReadsKeysExactly(t *testing.T) {
	for _, c := range []struct {
		dst         any
		body, field string // field "" : accepted
		detail      string
	}{
		{&app.MeetingInput{}, `{"title":"x","recurrence":{"freq":"weekly","Interval":2}}`, "recurrence.Interval", `unknown field; send "interval", in that case`},
		{&app.MeetingInput{}, `{"title":"x","recurrence":{"freq":"weekly","interval":2}}`, "", ""},
		{&app.MeetingInput{}, `{"title":"x","recurrence":{"fre":"weekly"}}`, "recurrence.fre", "unknown field"},
		{&match.Cohort{}, `{"mentors":[{"id":"m1"},{"id":"m2","Capacity":3}],"mentees":[]}`, "mentors[1].Capacity", `unknown field; send "capacity", in that case`},
		{&match.Cohort{}, `{"mentors":[{"id":"m1","capacity":3}],"mentees":[]}`, "", ""},
		{&map[string]json.RawMessage{}, `{"Bio":"x","visibility":{"Bio":"members"}}`, "", ""},
		// null where the document takes none would leave 0, "" or false.
		{&setOnDutyIn{}, `{"on":null}`, "on", "must be true or false, not null"},
		{&putReminderIn{}, `{"time":null}`, "time", "must be a string, not null"},
		{&app.TrustSettings{}, `{"days":3,"contributions":null}`, "contributions", "must be a number, not null"},
		{&app.MeetingInput{}, `{"title":"x","recurrence":{"freq":"weekly","weekdays":["tue",null]}}`, "recurrence.weekdays[1]", "must be a string, not null"},
		{&app.MeetingInput{}, `{"title":"x","recurrence":null}`, "", ""},
		{&postCheckinIn{}, `{"mood":null}`, "", ""},
		{&postCheckinIn{}, `{"mood":3,"tags":null}`, "tags", "must be a list, not null"},
		{&sendCohortIn{}, `{"assignments":null}`, "assignments", "must be a list, not null"},
		{&map[string]json.RawMessage{}, `{"bio":"x","visibility":{"bio":"members","bio":"only_me"}}`, "visibility.bio", "is given more than once; send it once"},
	} {
		r := httptest.NewRequest("POST", "/api/v1/x", strings.NewReader(c.body))
		err := decode(httptest.NewRecorder(), r, c.dst)
		if c.field == "" {
			if err != nil {
				t.Errorf("%T %s: %v", c.dst, c.body, err)
			}
			continue
		}
		var me *model.Error
		if !errors.As(err, &me) || me.Kind != model.KindInvalid || me.Fields[c.field] != c.detail {
			t.Errorf("%T %s: %v, want %s: %s", c.dst, c.body, err, c.field, c.detail)
		}
	}
}

// BenchmarkDecode reads a check-in's body as every request's is read.
func BenchmarkDecode(b *testing.B) {
	body := `{"mood":3,"craving":2,"used":false,"note":"a walk after work helped","tags":["stress","people"]}`
	for b.Loop() {
		var in postCheckinIn
		r := httptest.NewRequest("POST", "/api/v1/checkins", strings.NewReader(body))
		if err := decode(httptest.NewRecorder(), r, &in); err != nil {
			b.Fatal(err)
		}
	}
}
