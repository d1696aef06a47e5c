package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http/httptest"
	"testing"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/match"
	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/textin"
)

// FuzzDecode decodes fuzzed bodies into the API's named request types (the
// handlers' own small structs are fuzzed through the whole server by
// FuzzJSONRequests, which is slower): every refusal is a 4xx model error
// with a message, and whatever is accepted passes the text check.
func FuzzDecode(f *testing.F) {
	types := []func() any{
		func() any { return &app.ConsentInput{} }, func() any { return &app.GroupInput{} },
		func() any { return &app.HelpResourceInput{} }, func() any { return &app.ManageMember{} },
		func() any { return &app.MeetingInput{} }, func() any { return &app.MentorshipSettings{} },
		func() any { return &app.NotificationPrefs{} }, func() any { return &app.PostInput{} },
		func() any { return &app.ReportInput{} }, func() any { return &app.TrustSettings{} },
		func() any { return &match.Cohort{} }, func() any { return &map[string]json.RawMessage{} },
	}
	f.Fuzz(func(t *testing.T, which uint8, body []byte) {
		dst := types[int(which)%len(types)]()
		r := httptest.NewRequest("POST", "/api/v1/x", bytes.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		err := decode(httptest.NewRecorder(), r, dst)
		if err == nil {
			if _, raw := dst.(*map[string]json.RawMessage); !raw {
				if e := textin.Check(dst); e != nil {
					t.Fatalf("accepted text the boundary refuses: %v", e)
				}
			}
			return
		}
		var me *model.Error
		if !errors.As(err, &me) || me.Message == "" || Status(me.Kind) >= 500 {
			t.Fatalf("decoding %q into %T: %v is not a 4xx with a message", body, dst, err)
		}
	})
}
