package httpapi

import (
	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
)

// The answers of the routes that wrap what app returns; the OpenAPI
// document is generated from these types (see apidoc.go).

// signupAnswer is the answer of signup.
type signupAnswer struct {
	ID          string `json:"id"`
	DisplayName string `json:"display_name"`
}

// messageOut is the answer of requestPasswordReset.
type messageOut struct {
	Message string `json:"message"`
}

// checkinList is the answer of listCheckins.
type checkinList struct {
	Checkins []checkinOut `json:"checkins"`
}

// reminder is the answer of getReminder.
type reminder struct {
	Time string `json:"time"`
}

// peopleList is the answer of findPeople.
type peopleList struct {
	People []app.Peer `json:"people"`
}

// postWithComments is the answer of getPost.
type postWithComments struct {
	Post     *app.PostView         `json:"post"`
	Comments page[app.CommentView] `json:"comments" doc:"the first page of the comments, oldest first"`
}

// reportQueuePage is the answer of reportQueue: a page of open reports,
// and the appeals waiting.
type reportQueuePage struct {
	page[app.ReportView]
	Appeals []app.ActionView `json:"appeals" doc:"the moderation actions whose appeal waits for a decision, longest waiting first (the same on every page)"`
}

// crisisQueuePage is the answer of crisisQueue: a page of the crisis
// queue, and the calls for support that wait for someone on duty.
type crisisQueuePage struct {
	page[app.FlagView]
	SupportWaiting []app.SupportWaiting `json:"support_waiting" doc:"the calls for support that went to those on duty and that nobody has said they are responding to, longest waiting first (the same on every page; [] when none); they are answered through /api/v1/support/alerts, not in this queue"`
}

// blockList is the answer of listBlocks.
type blockList struct {
	Blocks []app.BlockView `json:"blocks"`
}

// meetingFound is the answer of getMeeting.
type meetingFound struct {
	Meeting  meetingOut `json:"meeting"`
	TimeZone string     `json:"time_zone"`
}

// groupMeetingList is the answer of listGroupMeetings.
type groupMeetingList struct {
	Meetings []app.GroupMeetingView `json:"meetings"`
}

// threadOpened is the answer of openThread.
type threadOpened struct {
	Thread  *app.ThreadView  `json:"thread"`
	Message *app.MessageView `json:"message" doc:"the first message, when one was sent; null otherwise"`
}

// recoveryCodes is the answer of confirmMFA.
type recoveryCodes struct {
	RecoveryCodes []string `json:"recovery_codes"`
}

// suggestionList is the answer of mentorSuggestions.
type suggestionList struct {
	Suggestions []app.Suggestion `json:"suggestions"`
}

// sharedCheckinList is the answer of menteeCheckins.
type sharedCheckinList struct {
	Checkins []app.SharedCheckin `json:"checkins"`
}

// menteeCheckinList is the answer of menteeCheckins.
type menteeCheckinList struct {
	Checkins []app.SharedCheckin `json:"checkins"`
	Sharing  bool                `json:"sharing" doc:"false when the mentee shares nothing with you now: a mentorship starts sharing whether they checked in, so they chose to stop (checkins is then empty); true while they share something, even with no check-in in the days asked"`
}

// cohortResults is the answer of sendCohort.
type cohortResults struct {
	Results []app.PairResult `json:"results"`
}

// organizationList is the answer of myOrganizations.
type organizationList struct {
	Organizations []app.OrgView `json:"organizations"`
}

// partnerList is the answer of listPartners.
type partnerList struct {
	Partners []app.PartnerView `json:"partners"`
}

// supportRaised is the answer of requestSupport.
type supportRaised struct {
	Alert         *app.AlertView     `json:"alert"`
	Resources     []app.HelpResource `json:"resources"`
	Country       string             `json:"country"`
	NaloxoneSteps []string           `json:"naloxone_steps"`
}

// crisisResources is the answer of supportResources.
type crisisResources struct {
	Country       string             `json:"country"`
	Resources     []app.HelpResource `json:"resources"`
	NaloxoneSteps []string           `json:"naloxone_steps"`
}

// crisisResourceList is the answer of listCrisisResources.
type crisisResourceList struct {
	Resources []app.HelpResource `json:"resources"`
}

// mePatch is the body of PATCH /api/v1/me: a JSON Merge Patch of the
// profile, where only the fields present change. patchMe reads it field by
// field (to name each wrong field), so this type documents it.
type mePatch struct {
	DisplayName       *string                     `json:"display_name,omitempty"`
	Pronouns          *string                     `json:"pronouns,omitempty"`
	Bio               *string                     `json:"bio,omitempty"`
	Languages         []string                    `json:"languages,omitempty"`
	TimeZone          *string                     `json:"time_zone,omitempty" doc:"an IANA time zone, e.g. America/Los_Angeles"`
	City              *string                     `json:"city,omitempty"`
	Country           *string                     `json:"country,omitempty" doc:"an ISO 3166-1 alpha-2 code"`
	Pathways          []string                    `json:"pathways,omitempty"`
	Substances        []string                    `json:"substances,omitempty"`
	RecoveryStart     *string                     `json:"recovery_start,omitempty" format:"date"`
	LifeCircumstances []string                    `json:"life_circumstances,omitempty"`
	Interests         []string                    `json:"interests,omitempty"`
	Skills            []string                    `json:"skills,omitempty"`
	LookingFor        []string                    `json:"looking_for,omitempty"`
	Visibility        map[string]model.Visibility `json:"visibility,omitempty" doc:"who sees each field: only_me, supporters, connections, groups or members"`
	Clock             *string                     `json:"clock,omitempty" enum:"usual,12,24" doc:"the clock every time is written on for you, in pages, emails, notifications, pushes and the API's words (never its RFC 3339 values): usual (as usual in your language where your profile's country is; 24 hours when it names none), 12 (7:30 pm) or 24 (19:30)"`
}

// The query parameters of the routes that take them. The handlers read
// these names; the OpenAPI document describes them from these types.

// meetingsQuery is GET /api/v1/meetings's search.
type meetingsQuery struct {
	WithinHours int      `query:"within_hours" minimum:"0" maximum:"168" default:"0" doc:"only meetings starting within this many hours or going on now; 0 for any time this week"`
	Day         int      `query:"day" minimum:"0" maximum:"6" doc:"0 (Sunday) to 6 (Saturday), in the viewer's time zone"`
	Attendance  string   `query:"attendance" enum:"in_person,online,hybrid" doc:"how one attends"`
	Type        []string `query:"type" doc:"a meeting type code (repeat for several; all must match), e.g. W, M, LGBTQ, Y, S, BE, A, X"`
	Q           string   `query:"q" doc:"words to find in the name, location, address or region"`
	TimeZone    string   `query:"time_zone" doc:"IANA time zone for the times shown; default: the member's, or UTC"`
	nearQuery
	RadiusKm float64 `query:"radius_km" minimum:"1" maximum:"500" default:"40" doc:"with a point: leave out in-person meetings farther than this many kilometres"`
	Sort     string  `query:"sort" enum:"soonest,distance" default:"soonest" doc:"soonest first, or nearest first (needs a point)"`
	PageQuery
}

// meetingQuery is GET /api/v1/meetings/{id}'s choice of time zone.
type meetingQuery struct {
	TimeZone string `query:"time_zone" doc:"IANA time zone for the times shown; default: the member's, or UTC"`
}

// nearQuery is the point a directory search starts from, used for that
// search only and never stored.
type nearQuery struct {
	Near string  `query:"near" doc:"a city (\"Costa Mesa\", \"Charlottesville, VA\") or postal code, looked up offline among imported places; instead of lat and lng"`
	Lat  float64 `query:"lat" minimum:"-90" maximum:"90" doc:"latitude of the point to search from (with lng)"`
	Lng  float64 `query:"lng" minimum:"-180" maximum:"180" doc:"longitude of the point to search from (with lat)"`
}

// facilitiesQuery is GET /api/v1/facilities's search.
type facilitiesQuery struct {
	Service []string `query:"service" enum:"@service_codes" doc:"a FindTreatment service code the facility must offer (repeat for several; all must match), e.g. BU (buprenorphine), METH (methadone), NU (naltrexone), OP (outpatient), RES (residential), DT (detox), MD (Medicaid), SP-Spanish; an unknown code is refused with a 400 that lists the codes"`
	nearQuery
	RadiusKm float64 `query:"radius_km" minimum:"1" maximum:"1000" doc:"with a point: leave out facilities farther than this many kilometres"`
	PageQuery
}

// daysQuery is how far back a check-in list goes.
type daysQuery struct {
	Days int `query:"days" minimum:"1" maximum:"366" default:"30" doc:"how many days back"`
}

// wsQuery is the subscription a socket opens with (a chat page's).
type wsQuery struct {
	Conv  string `query:"conv" doc:"a conversation to open subscribed to, as a subscribe request would; its subscribed frame (ref empty) follows hello"`
	After int64  `query:"after" minimum:"0" doc:"with conv: the last change you have of it (default 0)"`
}

// historyQuery pages through a conversation's messages by sequence number.
type historyQuery struct {
	After  int64 `query:"after" minimum:"0" doc:"give the messages after this seq, oldest first"`
	Before int64 `query:"before" minimum:"0" doc:"give the messages before this seq"`
	PageQuery
}

// postsQuery filters the community's posts.
type postsQuery struct {
	GroupID   string `query:"group_id" doc:"a group's board instead of the community space"`
	Kind      string `query:"kind" enum:"story,strategy,question,milestone,opportunity,looking_for" doc:"only posts of this kind"`
	HideNotes string `query:"hide_notes" doc:"comma-separated words: leave out posts whose content note mentions any, e.g. overdose,self-harm"`
	PageQuery
}

// peopleQuery finds members by what they share.
type peopleQuery struct {
	Skill      string `query:"skill" doc:"a skill the member can share"`
	LookingFor string `query:"looking_for" doc:"what the member is looking for"`
}

// groupsQuery filters groups.
type groupsQuery struct {
	Q    string `query:"q" doc:"words to find in the name or description"`
	Mine bool   `query:"mine" doc:"only groups you are in"`
	PageQuery
}

// tagQuery filters the resource library.
type tagQuery struct {
	PageQuery
	Tag string `query:"tag" doc:"only resources with this tag"`
}

// suggestionsQuery filters mentor suggestions.
type suggestionsQuery struct {
	Language string `query:"language" doc:"only mentors who speak this language"`
	Pathway  string `query:"pathway" doc:"only mentors on this pathway"`
	K        int    `query:"k" minimum:"1" maximum:"20" doc:"how many suggestions"`
}

// countryQuery chooses the country of crisis resources.
type countryQuery struct {
	Country string `query:"country" pattern:"^[A-Za-z]{2}$" doc:"an ISO 3166-1 alpha-2 code; default: your profile's, else this instance's default country, else guessed from the time zone and language"`
	TZ      string `query:"tz" doc:"an IANA time zone that helps guess the country"`
}

// inboxQuery narrows and pages the direct-message inbox.
type inboxQuery struct {
	State string `query:"state" enum:"active,request" doc:"only conversations (active), or only requests waiting for your answer (request); leave out for both"`
	PageQuery
}

// alertsQuery narrows and pages the support alerts.
type alertsQuery struct {
	Role string `query:"role" enum:"member,responder" doc:"only the alerts you raised (member), or only the open alerts of others you may respond to (responder); leave out for both"`
	PageQuery
}

// mentorshipsQuery narrows and pages the mentorships.
type mentorshipsQuery struct {
	Role string `query:"role" enum:"mentor,mentee" doc:"only the mentorships where you are the mentor, or where you are the mentee; leave out for both"`
	PageQuery
}

// supportPage is a page of support alerts with the reader's place on the
// on-duty roster.
type supportPage struct {
	page[app.AlertView]
	app.SupportDuty
}
