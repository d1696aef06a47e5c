package httpapi_test

import (
	"context"
	"fmt"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	openapi_types "github.com/oapi-codegen/runtime/types"
	"github.com/pquerna/otp/totp"

	"github.com/kinshiprecovery/kinship/internal/apiclient"
	"github.com/kinshiprecovery/kinship/internal/importer"
	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// clientAnswer is what every operation of the generated client answers.
type clientAnswer interface{ StatusCode() int }

// expectAnswer fails the test when the generated client's call failed or
// answered another status, with the body the server sent.
func expectAnswer(t *testing.T, what string, r clientAnswer, err error, status int) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	if r.StatusCode() != status {
		body := reflect.ValueOf(r).Elem().FieldByName("Body").Bytes()
		t.Fatalf("%s: status %d, want %d: %s", what, r.StatusCode(), status, body)
	}
}

// bearer signs a generated client's request in with a session token.
func bearer(token string) apiclient.RequestEditorFn {
	return func(_ context.Context, r *http.Request) error {
		r.Header.Set("Authorization", "Bearer "+token)
		return nil
	}
}

// TestGeneratedClient drives Kinship the way a mobile app built on the
// generated Go client (internal/apiclient) would, in each area a mobile
// team starts with: signing in with two factors, a mentorship, the daily
// check-in, group chat and a group's reports, the meeting finder, the
// treatment locator and moderation. Every exchange also passes the harness's validator, so the
// client, the document and the server agree.
func TestGeneratedClient(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		e := newEnv(t, db)
		ctx := t.Context()
		c, err := apiclient.NewClientWithResponses(e.http.URL, apiclient.WithHTTPClient(e.client))
		if err != nil {
			t.Fatal(err)
		}
		e.signupLogin("admin@example.org", goodPassword, "Admin") // the first account runs the site

		// Sign-in with two factors: the password gives a pending token
		// that opens nothing but /auth/mfa; the code finishes signing in.
		_, setupTok := e.signupLogin("mia@example.org", goodPassword, "Mia")
		secret := e.enableMFA(setupTok)
		e.clock.Advance(31 * time.Second) // a fresh code, not the one that turned it on
		login, err := c.PostAuthLoginWithResponse(ctx, apiclient.LoginIn{Email: "mia@example.org", Password: goodPassword})
		expectAnswer(t, "sign in", login, err, http.StatusOK)
		if login.JSON200.Status != "mfa_required" || login.JSON200.User != nil {
			t.Fatalf("a two-factor account's password answers %+v", login.JSON200)
		}
		mia := bearer(login.JSON200.Token)
		early, err := c.GetMeWithResponse(ctx, mia)
		expectAnswer(t, "/me before the code", early, err, http.StatusUnauthorized)
		if !strings.HasSuffix(early.ApplicationproblemJSON401.Type, "mfa_required") {
			t.Fatalf("the pending token's problem: %+v", early.ApplicationproblemJSON401)
		}
		code, err := totp.GenerateCode(secret, e.clock.Now())
		if err != nil {
			t.Fatal(err)
		}
		done, err := c.PostAuthMfaWithResponse(ctx, apiclient.LoginMFAIn{Code: code}, mia)
		expectAnswer(t, "the second factor", done, err, http.StatusOK)
		if done.JSON200.Status != "signed_in" || done.JSON200.User == nil || done.JSON200.User.DisplayName != "Mia" || !done.JSON200.User.MfaEnabled {
			t.Fatalf("after the code: %+v", done.JSON200)
		}
		me, err := c.GetMeWithResponse(ctx, mia)
		expectAnswer(t, "/me", me, err, http.StatusOK)
		if me.JSON200.Email != "mia@example.org" || me.JSON200.Profile.DisplayName != "Mia" {
			t.Fatalf("/me: %+v", me.JSON200)
		}

		// Mentorship: Mia offers to mentor (a merge patch keeps what is
		// not sent), Eli asks her, she accepts, he shares his mood.
		start := e.clock.Now().AddDate(-3, 0, 0)
		prof, err := c.PatchMeWithResponse(ctx, apiclient.MePatch{RecoveryStart: &openapi_types.Date{Time: start}}, mia)
		expectAnswer(t, "recovery start", prof, err, http.StatusOK)
		set, err := c.PatchMeMentorshipWithResponse(ctx, apiclient.MentorshipSettingsPatch{IsMentor: ptr(true), Capacity: ptr(int32(2)), Availability: &[]string{"tue-evening"}}, mia)
		expectAnswer(t, "offer to mentor", set, err, http.StatusOK)
		set, err = c.PatchMeMentorshipWithResponse(ctx, apiclient.MentorshipSettingsPatch{Capacity: ptr(int32(3))}, mia)
		expectAnswer(t, "change capacity", set, err, http.StatusOK)
		if !set.JSON200.IsMentor || set.JSON200.Capacity != 3 || !slices.Equal(set.JSON200.Availability, []string{"tue-evening"}) {
			t.Fatalf("sending only capacity changed more: %+v", set.JSON200)
		}
		miaID := me.JSON200.Id
		_, eliTok := e.signupLogin("eli@example.org", goodPassword, "Eli")
		eli := bearer(eliTok)
		asked, err := c.PostMentorshipsWithResponse(ctx, nil, apiclient.RequestMentorIn{MentorId: miaID, Note: ptr("I'd like someone who has been there.")}, eli)
		expectAnswer(t, "ask for a mentor", asked, err, http.StatusCreated)
		ms := asked.JSON201.Id
		if asked.JSON201.OtherDisplayName != "Mia" || asked.JSON201.Status != "requested" || asked.HTTPResponse.Header.Get("Location") != "/api/v1/mentorships/"+ms {
			t.Fatalf("the request: %+v, Location %q", asked.JSON201, asked.HTTPResponse.Header.Get("Location"))
		}
		acc, err := c.PostMentorshipsIdStatusWithResponse(ctx, ms, nil, apiclient.ChangeMentorshipIn{Action: "accept"}, mia)
		expectAnswer(t, "accept", acc, err, http.StatusOK)
		if acc.JSON200.Status != "active" || acc.JSON200.OtherDisplayName != "Eli" {
			t.Fatalf("accepted: %+v", acc.JSON200)
		}
		share, err := c.PatchMentorshipsIdWithResponse(ctx, ms, apiclient.ShareWithMentorInPatch{Share: &apiclient.PartnerSharePatch{Mood: ptr(true), CheckinDone: ptr(true)}}, eli)
		expectAnswer(t, "share the mood", share, err, http.StatusOK)

		// The daily check-in: the first of the day is created, a second
		// the same day updates it; the mentor sees only what is shared.
		ci, err := c.PostCheckinsWithResponse(ctx, nil, apiclient.PostCheckinIn{Mood: ptr(int32(3)), Craving: ptr(int32(2)), Used: ptr(false), Note: ptr("Rough morning, better after a walk")}, eli)
		expectAnswer(t, "check in", ci, err, http.StatusCreated)
		day := ci.JSON201.Date
		ci, err = c.PostCheckinsWithResponse(ctx, nil, apiclient.PostCheckinIn{Mood: ptr(int32(4)), Craving: ptr(int32(1)), Used: ptr(false)}, eli)
		expectAnswer(t, "check in again today", ci, err, http.StatusOK)
		if ci.JSON200.Mood != 4 || ci.JSON200.Date != day || day.Format(time.DateOnly) != e.clock.Now().Format(time.DateOnly) {
			t.Fatalf("the day's check-in: %+v", ci.JSON200)
		}
		seen, err := c.GetMentorshipsIdCheckinsWithResponse(ctx, ms, &apiclient.GetMentorshipsIdCheckinsParams{Days: ptr(int32(7))}, mia)
		expectAnswer(t, "the mentee's check-ins", seen, err, http.StatusOK)
		if l := seen.JSON200.Checkins; len(l) != 1 || l[0].Mood == nil || *l[0].Mood != 4 || l[0].Note != nil || l[0].Craving != nil {
			t.Fatalf("the mentor sees %+v; want the mood (4) and nothing unshared", l)
		}

		// Group chat: Mia's group, Eli joins and writes; re-sending the
		// same client_id after a lost answer posts nothing twice.
		grp, err := c.PostGroupsWithResponse(ctx, nil, apiclient.GroupInput{Name: ptr("Tuesday evenings"), Description: ptr("We meet to talk."), Visibility: ptr("listed")}, mia)
		expectAnswer(t, "create a group", grp, err, http.StatusCreated)
		gid := grp.JSON201.Id
		join, err := c.PostGroupsIdJoinWithResponse(ctx, gid, nil, apiclient.JoinGroupIn{AcceptGuidelines: true}, eli)
		expectAnswer(t, "join", join, err, http.StatusOK)
		sent, err := c.PostGroupsIdMessagesWithResponse(ctx, gid, nil, apiclient.PostMessageIn{ClientId: "eli-1", Body: "Made it through today."}, eli)
		expectAnswer(t, "send", sent, err, http.StatusCreated)
		again, err := c.PostGroupsIdMessagesWithResponse(ctx, gid, nil, apiclient.PostMessageIn{ClientId: "eli-1", Body: "Made it through today."}, eli)
		expectAnswer(t, "send again", again, err, http.StatusCreated)
		if again.JSON201.Id != sent.JSON201.Id {
			t.Fatalf("a re-sent message was posted twice: %s, %s", sent.JSON201.Id, again.JSON201.Id)
		}
		hist, err := c.GetGroupsIdMessagesWithResponse(ctx, gid, &apiclient.GetGroupsIdMessagesParams{Limit: ptr(int32(20))}, mia)
		expectAnswer(t, "history", hist, err, http.StatusOK)
		var lines []string
		for _, m := range hist.JSON200.Items {
			if m.Kind == "text" {
				lines = append(lines, m.Author.DisplayName+": "+m.Body)
			}
		}
		if strings.Join(lines, "|") != "Eli: Made it through today." {
			t.Fatalf("Mia reads %q", lines)
		}

		// Reports in the group: Ana reports two of Eli's messages; Mia,
		// who leads the group, reads them a page at a time, most severe
		// first, and dismisses both (closing them for the moderators too).
		_, anaTok := e.signupLogin("ana@example.org", goodPassword, "Ana")
		ana := bearer(anaTok)
		joined, err := c.PostGroupsIdJoinWithResponse(ctx, gid, nil, apiclient.JoinGroupIn{AcceptGuidelines: true}, ana)
		expectAnswer(t, "Ana joins", joined, err, http.StatusOK)
		for i, m := range []struct{ body, reason string }{{"Buy from me, DM for prices", "spam"}, {"Nobody wants you here", "harassment"}} {
			said, err := c.PostGroupsIdMessagesWithResponse(ctx, gid, nil, apiclient.PostMessageIn{ClientId: fmt.Sprint("eli-r", i), Body: m.body}, eli)
			expectAnswer(t, "Eli writes", said, err, http.StatusCreated)
			rep, err := c.PostReportsWithResponse(ctx, nil, apiclient.ReportInput{TargetType: "message", TargetId: said.JSON201.Id, Reason: m.reason}, ana)
			expectAnswer(t, "Ana reports", rep, err, http.StatusCreated)
		}
		first, err := c.GetGroupsIdReportsWithResponse(ctx, gid, &apiclient.GetGroupsIdReportsParams{Limit: ptr(int32(1))}, mia)
		expectAnswer(t, "the group's reports", first, err, http.StatusOK)
		if l := first.JSON200.Items; !first.JSON200.HasMore || first.JSON200.NextCursor == nil || len(l) != 1 || l[0].Reason != "harassment" ||
			l[0].Content == nil || *l[0].Content != "Nobody wants you here" || l[0].OwnerDisplayName == nil || *l[0].OwnerDisplayName != "Eli" {
			t.Fatalf("the first page of the group's reports: %+v", first.JSON200)
		}
		rest, err := c.GetGroupsIdReportsWithResponse(ctx, gid, &apiclient.GetGroupsIdReportsParams{Limit: ptr(int32(1)), Cursor: first.JSON200.NextCursor}, mia)
		expectAnswer(t, "the group's next reports", rest, err, http.StatusOK)
		if l := rest.JSON200.Items; rest.JSON200.HasMore || rest.JSON200.NextCursor != nil || len(l) != 1 || l[0].Reason != "spam" {
			t.Fatalf("the last page of the group's reports: %+v", rest.JSON200)
		}
		for _, r := range []apiclient.ReportView{first.JSON200.Items[0], rest.JSON200.Items[0]} {
			done, err := c.PostGroupsIdReportsReportWithResponse(ctx, gid, r.Id, nil, apiclient.ActOnGroupReportIn{Action: "dismiss"}, mia)
			expectAnswer(t, "Mia dismisses a report", done, err, http.StatusOK)
		}

		// The meeting finder, public: near downtown Chicago within 5 km.
		chicago, _ := time.LoadLocation("America/Chicago")
		soon := e.clock.Now().In(chicago).Add(time.Hour)
		feed := fmt.Sprintf(`[
{"slug":"loop","name":"Loop Serenity","day":%d,"time":%q,"types":["O"],"formatted_address":"1 Main St, Chicago","latitude":41.88,"longitude":-87.63},
{"slug":"evanston","name":"Evanston Hope","day":%d,"time":%q,"types":["O"],"formatted_address":"3 Main St, Evanston","latitude":42.05,"longitude":-87.68}]`,
			int(soon.Weekday()), soon.Format("15:04"), int(soon.Weekday()), soon.Format("15:04"))
		res, err := importer.ParseMeetingGuide(strings.NewReader(feed), importer.Options{TimeZone: "America/Chicago"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.app.ImportMeetings(ctx, "test", res); err != nil {
			t.Fatal(err)
		}
		found, err := c.GetMeetingsWithResponse(ctx, &apiclient.GetMeetingsParams{Lat: ptr(41.8781), Lng: ptr(-87.6298), RadiusKm: ptr(5.0), TimeZone: ptr("America/Chicago")})
		expectAnswer(t, "find meetings", found, err, http.StatusOK)
		if l := found.JSON200.Items; len(l) != 1 || l[0].Name != "Loop Serenity" || l[0].DistanceKm == nil || *l[0].DistanceKm > 1 || l[0].NextStart == nil {
			t.Fatalf("near the Loop: %+v", l)
		}
		one, err := c.GetMeetingsIdWithResponse(ctx, found.JSON200.Items[0].Id, &apiclient.GetMeetingsIdParams{TimeZone: ptr("America/Chicago")})
		expectAnswer(t, "one meeting", one, err, http.StatusOK)
		// The Loop's feed gives coordinates: its page's Directions go there.
		if d := one.JSON200.Meeting.DirectionsUrl; d == nil || *d != "https://www.openstreetmap.org/directions?to=41.88%2C-87.63" {
			t.Fatalf("the Loop meeting's directions_url: %v", d)
		}

		// The treatment locator, public: buprenorphine near Charlottesville.
		fr := &importer.FacilityResult{Facilities: []importer.Facility{
			{ID: "region-ten", Name: "Region Ten", Street: "500 Old Lynchburg Rd", City: "Charlottesville", State: "VA", Zip: "22903", Latitude: 38.01, Longitude: -78.50, Type: "SA", Codes: []string{"OP", "BU"}},
			{ID: "blue-ridge", Name: "Blue Ridge Outpatient", Street: "1 Main St", City: "Charlottesville", State: "VA", Zip: "22902", Latitude: 38.03, Longitude: -78.48, Type: "SA", Codes: []string{"OP"}},
		}}
		if _, err := e.app.ImportFacilities(ctx, "test", fr); err != nil {
			t.Fatal(err)
		}
		fac, err := c.GetFacilitiesWithResponse(ctx, &apiclient.GetFacilitiesParams{Lat: ptr(38.0293), Lng: ptr(-78.4767), Service: &[]apiclient.GetFacilitiesParamsService{apiclient.BU}})
		expectAnswer(t, "find treatment", fac, err, http.StatusOK)
		if l := fac.JSON200.Items; len(l) != 1 || l[0].Name != "Region Ten" || !slices.Contains(l[0].ServiceCodes, "BU") || l[0].DistanceKm == nil {
			t.Fatalf("buprenorphine near Charlottesville: %+v", l)
		}
		if !strings.Contains(fac.JSON200.Helpline, "1-800-662-4357") {
			t.Fatalf("helpline: %q", fac.JSON200.Helpline)
		}

		// Moderation: Mia reports Eli's post; a moderator reads it in the
		// queue and hides it with a reason; Eli is told why.
		post, err := c.PostPostsWithResponse(ctx, nil, apiclient.PostInput{Kind: "story", Title: "Ten days", Body: "Ten days in. Anyone who needs a meeting to stay sober is weak."}, eli)
		expectAnswer(t, "post", post, err, http.StatusCreated)
		if post.JSON201.State != "visible" {
			t.Fatalf("the post: %+v", post.JSON201)
		}
		rep, err := c.PostReportsWithResponse(ctx, nil, apiclient.ReportInput{TargetType: "post", TargetId: post.JSON201.Id, Reason: "harassment", Details: ptr("calls people who go to meetings weak")}, mia)
		expectAnswer(t, "report", rep, err, http.StatusCreated)
		_, modTok := e.moderator("mod@example.org", "Mod")
		mod := bearer(modTok)
		q, err := c.GetModerationQueueWithResponse(ctx, &apiclient.GetModerationQueueParams{Limit: ptr(int32(20))}, mod)
		expectAnswer(t, "the queue", q, err, http.StatusOK)
		if l := q.JSON200.Items; q.JSON200.HasMore || len(l) != 1 || l[0].Id != rep.JSON201.Id || l[0].Content == nil || !strings.Contains(*l[0].Content, "is weak") {
			t.Fatalf("the queue: %+v", l)
		}
		act, err := c.PostModerationReportsIdWithResponse(ctx, rep.JSON201.Id, nil, apiclient.ActOnReportIn{Action: "hide", Reason: ptr("Calling people weak is not what this space is for")}, mod)
		expectAnswer(t, "hide", act, err, http.StatusOK)
		told, err := c.GetMeModerationWithResponse(ctx, nil, eli)
		expectAnswer(t, "Eli's moderation", told, err, http.StatusOK)
		if l := told.JSON200.Items; len(l) != 1 || l[0].Action != "hide" || l[0].Reason != "Calling people weak is not what this space is for" {
			t.Fatalf("Eli is told %+v", l)
		}
	})
}

func ptr[T any](v T) *T { return &v }
