package httpapi

import (
	"net/http"
	"time"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/i18n"
	"github.com/kinshiprecovery/kinship/internal/importer"
	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/store"
)

// The API's own answer types for things whose Go structs are shaped for
// storage: snake_case keys, null for an absent value, [] for an empty list
// (see docs/api.md).

// orNull is s, or nil (JSON null) when s is "".
func orNull(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// orEmpty is l, or an empty list (JSON []) when l is nil.
func orEmpty[T any](l []T) []T {
	if l == nil {
		return []T{}
	}
	return l
}

// meetingOut is a directory meeting (from an imported Meeting Guide feed).
type meetingOut struct {
	ID              string   `json:"id"`
	Source          string   `json:"source"`
	Name            string   `json:"name"`
	Day             *int     `json:"day"`
	StartTime       *string  `json:"start_time"`
	EndTime         *string  `json:"end_time"`
	TimeZone        string   `json:"time_zone"`
	Types           []string `json:"types"`
	TypeNames       []string `json:"type_names"`
	Attendance      string   `json:"attendance"`
	ConferenceURL   *string  `json:"conference_url"`
	ConferencePhone *string  `json:"conference_phone"`
	Location        *string  `json:"location"`
	Address         *string  `json:"address"`
	Approximate     bool     `json:"address_approximate"`
	Latitude        *float64 `json:"latitude"`
	Longitude       *float64 `json:"longitude"`
	Region          *string  `json:"region"`
	Notes           *string  `json:"notes"`
	// How to get there and into the call, as the meeting's page shows it
	// (app.MeetingWays).
	LocationNotes         *string `json:"location_notes" doc:"where in the building (\"Downstairs, room 3\"), as the feed gave it; null for a meeting held only online"`
	ConferenceNotes       *string `json:"conference_notes" doc:"what the call asks for (its ID and passcode), line breaks kept; null when there is neither conference_url nor conference_phone"`
	ConferencePhoneDial   *string `json:"conference_phone_dial" doc:"the tel: address that dials conference_phone with its pauses and keys, so a phone keys the meeting's ID (tel:+16699009128,,530851127%23); null when it has no digits"`
	ConferencePhoneNumber *string `json:"conference_phone_number" doc:"the number conference_phone calls, without the keys after it (+16699009128), for people to read; null when it has no digits"`
	DirectionsURL         *string `json:"directions_url" doc:"a map's directions to the meeting, as its page links them: to latitude and longitude when the feed gives them, else to the street address; null for a meeting held only online and for one whose feed names only a town or city (address_approximate)"`
	URL                   *string `json:"url"`
	// NextStart is the next start (null for a meeting by appointment);
	// NextStartLocal the same in words in the viewer's time zone.
	NextStart      *model.Timestamp `json:"next_start"`
	NextStartLocal *string          `json:"next_start_local"`
	InProgress     bool             `json:"in_progress"`
	DistanceKm     *float64         `json:"distance_km"`
	MonthWeeks     *monthWeeksOut   `json:"month_weeks" doc:"the feed's words say the meeting is held on some weeks of the month only, or not on some (the Meeting Guide format has no such rule); next_start is then a date it is held, when weeks says which; null for a meeting held every week"`
}

// monthWeeksOut is which weeks of the month a meeting is held, read from its
// feed's words (importer.MonthWeeks).
type monthWeeksOut struct {
	Weeks  []int  `json:"weeks" doc:"weeks of the month (1 to 5, -1 for the last) the meeting is held on its day, or with except true the weeks it is not; empty when the words do not say which (every other week): next_start may then be a week it is not held, and in_progress is false"`
	Except bool   `json:"except" doc:"weeks are the weeks the meeting is not held"`
	Words  string `json:"words" doc:"the feed's own words that say it, as written (\"2nd Sat\", \"every other Sunday\")"`
}

func meetingOf(m store.DirectoryMeeting) meetingOut {
	if m.Day < 0 {
		return meetingWith(m, nil)
	}
	w, ok := importer.ReadMonthWeeks(m.Name, m.Notes, time.Weekday(m.Day))
	if !ok {
		return meetingWith(m, nil)
	}
	return meetingWith(m, &w)
}

// meetingWith is meetingOf with the weeks of the month its words say it is
// held (nil when every week).
func meetingWith(m store.DirectoryMeeting, w *importer.MonthWeeks) meetingOut {
	ways := app.WaysTo(m)
	out := meetingOut{ID: m.ID(), Source: m.Source, Name: m.Name, StartTime: orNull(m.Time), EndTime: orNull(m.EndTime),
		TimeZone: m.TimeZone, Types: orEmpty(m.Types), TypeNames: []string{}, Attendance: m.Attendance, ConferenceURL: orNull(m.ConferenceURL),
		ConferencePhone: orNull(m.ConferencePhone), Location: orNull(m.Location), Address: orNull(m.Address), Approximate: m.Approximate,
		Latitude: m.Latitude, Longitude: m.Longitude, Region: orNull(m.Region), Notes: orNull(m.Notes),
		LocationNotes: orNull(ways.LocationNotes), ConferenceNotes: orNull(ways.ConferenceNotes),
		ConferencePhoneDial: orNull(ways.Dial), ConferencePhoneNumber: orNull(ways.DialNumber), DirectionsURL: orNull(ways.Directions), URL: orNull(m.URL)}
	if m.Day >= 0 {
		d := m.Day
		out.Day = &d
		if w != nil {
			out.MonthWeeks = &monthWeeksOut{Weeks: orEmpty(w.Weeks), Except: w.Except, Words: w.Words}
		}
	}
	return out
}

func foundMeetingOf(f app.FoundMeeting) meetingOut {
	out := meetingWith(f.DirectoryMeeting, f.MonthWeeks)
	out.TypeNames = orEmpty(f.TypeNames)
	if !f.Next.IsZero() {
		out.NextStart = &model.Timestamp{Time: f.Next}
		out.NextStartLocal = orNull(f.NextLocal)
	}
	out.InProgress, out.DistanceKm = f.Now, f.DistanceKm
	return out
}

// facilityOut is a treatment facility (from SAMHSA's locator data).
type facilityOut struct {
	ID           string   `json:"id" pattern:"^[0-9a-f]{64}$" doc:"64 hex digits: FindTreatment's id of the record (frid), or for a record without one the SHA-256 of its names and address; the same across imports of the same data"`
	Source       string   `json:"source"`
	Name         string   `json:"name"`
	Name2        *string  `json:"alternate_name"`
	Street       *string  `json:"street"`
	City         *string  `json:"city"`
	State        *string  `json:"state"`
	PostalCode   *string  `json:"postal_code"`
	Phone        *string  `json:"phone"`
	IntakePhone  *string  `json:"intake_phone"`
	Website      *string  `json:"website"`
	Latitude     float64  `json:"latitude"`
	Longitude    float64  `json:"longitude"`
	Type         *string  `json:"type"`
	ServiceCodes []string `json:"service_codes"`
	Services     []string `json:"services"`
	DistanceKm   *float64 `json:"distance_km"`
}

func facilityOf(f app.FoundFacility) facilityOut {
	return facilityOut{ID: facilityID(f), Source: f.Source, Name: f.Name, Name2: orNull(f.Name2), Street: orNull(f.Street), City: orNull(f.City),
		State: orNull(f.State), PostalCode: orNull(f.Zip), Phone: orNull(f.Phone), IntakePhone: orNull(f.Intake), Website: orNull(f.Website),
		Latitude: f.Latitude, Longitude: f.Longitude, Type: orNull(f.Type), ServiceCodes: orEmpty(f.Codes), Services: orEmpty(f.Services), DistanceKm: f.DistanceKm}
}

// facilityID is a facility's id in its one form, 64 hex digits. One
// stored in another form (a CSV row imported when its digest was cut to
// 32 digits, or a record whose own id was not FindTreatment's) is given
// the whole digest of its names and address, as the next import stores.
func facilityID(f app.FoundFacility) string {
	if importer.IsFacilityID(f.ID) {
		return f.ID
	}
	return importer.FacilityDigest(f.Name, f.Name2, f.Street, f.City, f.State, f.Zip)
}

// mapList applies f to each of l, giving [] for none.
func mapList[T, U any](l []T, f func(T) U) []U {
	out := make([]U, 0, len(l))
	for _, x := range l {
		out = append(out, f(x))
	}
	return out
}

// meOut is the signed-in person's own account and whole profile: app.Me
// with the profile in the API's forms.
type meOut struct {
	*app.Me
	Profile profileOut `json:"profile"`
}

// exportOut is a person's data export with the profile in the API's forms.
type exportOut struct {
	*app.Export
	Profile profileOut `json:"profile"`
}

// exportOf is a person's data export in the API's forms, the one document
// both GET /api/v1/me/export and the privacy page's download write: the
// profile as profileOf writes it (null, never ""), the check-ins as
// checkinOf does (instants to the millisecond, not the stored
// nanoseconds).
func exportOf(ex *app.Export) exportOut {
	if cs, ok := ex.Parts["checkins"].([]*model.Checkin); ok {
		out := make([]checkinOut, 0, len(cs))
		for _, c := range cs {
			out = append(out, checkinOf(c))
		}
		ex.Parts["checkins"] = out
	}
	return exportOut{Export: ex, Profile: profileOf(ex.Profile)}
}

// profileOut is a whole profile as its owner sees it: null for what is
// not filled in, [] for an empty list.
type profileOut struct {
	DisplayName       string                      `json:"display_name"`
	Pronouns          *string                     `json:"pronouns"`
	Bio               *string                     `json:"bio"`
	Languages         []string                    `json:"languages"`
	TimeZone          *string                     `json:"time_zone"`
	City              *string                     `json:"city"`
	Country           *string                     `json:"country"`
	Pathways          []string                    `json:"pathways"`
	Substances        []string                    `json:"substances"`
	RecoveryStart     *model.Date                 `json:"recovery_start"`
	LifeCircumstances []string                    `json:"life_circumstances"`
	Interests         []string                    `json:"interests"`
	Skills            []string                    `json:"skills"`
	LookingFor        []string                    `json:"looking_for"`
	Visibility        map[string]model.Visibility `json:"visibility"`
	Clock             string                      `json:"clock" enum:"usual,12,24" doc:"the clock every time is written on for this person (pages, emails, notifications, pushes, the API's words): usual (as usual in their language where their profile's country is; 24 hours when it names none), 12 (7:30 pm) or 24 (19:30)"`
}

// apiClock is a clock choice (model.User.Clock) as the API names it.
func apiClock(c string) string {
	if c == i18n.ClockUsual {
		return "usual"
	}
	return c
}

func profileOf(p *model.Profile) profileOut {
	if p == nil {
		p = &model.Profile{}
	}
	vis := p.Visibility
	if vis == nil {
		vis = map[string]model.Visibility{}
	}
	return profileOut{DisplayName: p.DisplayName, Pronouns: orNull(p.Pronouns), Bio: orNull(p.Bio), Languages: orEmpty(p.Languages),
		TimeZone: orNull(p.TimeZone), City: orNull(p.City), Country: orNull(p.Country), Pathways: orEmpty(p.Pathways),
		Substances: orEmpty(p.Substances), RecoveryStart: model.DatePtr(p.RecoveryStart), LifeCircumstances: orEmpty(p.LifeCircumstances),
		Interests: orEmpty(p.Interests), Skills: orEmpty(p.Skills), LookingFor: orEmpty(p.LookingFor), Visibility: vis,
		Clock: "usual"}
}

func meOf(m *app.Me) meOut {
	out := meOut{Me: m, Profile: profileOf(m.Profile)}
	out.Profile.Clock = apiClock(m.Clock)
	return out
}

// created answers 201 with the new resource's address in Location.
func created(w http.ResponseWriter, location string, v any) {
	w.Header().Set("Location", location)
	writeJSON(w, http.StatusCreated, v)
}

// checkinOut is one day's check-in as its owner sees it.
type checkinOut struct {
	Date       model.Date      `json:"date"`
	Mood       int             `json:"mood"`
	Craving    int             `json:"craving"`
	Used       bool            `json:"used"`
	SleepHours *float64        `json:"sleep_hours"`
	Note       *string         `json:"note"`
	Tags       []string        `json:"tags"`
	CreatedAt  model.Timestamp `json:"created_at"`
	UpdatedAt  model.Timestamp `json:"updated_at"`
}

func checkinOf(c *model.Checkin) checkinOut {
	return checkinOut{Date: model.Date(c.Date), Mood: c.Mood, Craving: c.Craving, Used: c.Used, SleepHours: c.SleepHours, Note: orNull(c.Note),
		Tags: orEmpty(c.Tags), CreatedAt: model.At(c.CreatedAt), UpdatedAt: model.At(c.UpdatedAt)}
}
