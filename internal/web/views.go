package web

import (
	"fmt"
	"github.com/kinshiprecovery/kinship/internal/i18n"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
)

// Pages get typed view values where the app's types hold pointers: a
// template reading a *bool in {{if}} sees "non-nil", not the answer, and
// printf on a *float64 prints an address. A view row carries words, so
// there is nothing left for a template to misread.

// checkinRow is one shared check-in as a mentor or program staff read it.
// Each value is the word shown, or "" when the member did not share it.
type checkinRow struct {
	Date    string
	Mood    string // "4/5"
	Craving string // "0/10"
	Used    string // "Yes" or "No"
	Note    string
}

// checkinRows turns shared check-ins into rows, reading what each pointer
// points at: a member who answered No reads "No".
func checkinRows(l *i18n.Lang, cs []app.SharedCheckin) []checkinRow {
	rows := make([]checkinRow, 0, len(cs))
	for _, c := range cs {
		r := checkinRow{Date: dayIn(l, c.Date), Note: c.Note}
		if c.Mood != nil {
			r.Mood = strconv.Itoa(*c.Mood) + "/5"
		}
		if c.Craving != nil {
			r.Craving = strconv.Itoa(*c.Craving) + "/10"
		}
		if c.Used != nil {
			r.Used, _ = yesNoIn(l, *c.Used)
		}
		rows = append(rows, r)
	}
	return rows
}

// notPointer refuses a pointer (or interface holding one) given to a
// template function, so a template that passes .Used (*bool) or
// .DistanceKm (*float64) fails loudly instead of reading "non-nil".
func notPointer(fn string, v any) error {
	if v == nil {
		return fmt.Errorf("%s: got nil; give the template a typed value", fn)
	}
	if k := reflect.TypeOf(v).Kind(); k == reflect.Pointer || k == reflect.Interface {
		return fmt.Errorf("%s: got %T; give the template a typed value, not a pointer", fn, v)
	}
	return nil
}

// yesNoIn is the template's yesno: a bool as "Yes" or "No" in l, refusing
// anything else.
func yesNoIn(l *i18n.Lang, v any) (string, error) {
	if err := notPointer("yesno", v); err != nil {
		return "", err
	}
	b, ok := v.(bool)
	if !ok {
		return "", fmt.Errorf("yesno: got %T, want bool", v)
	}
	if b {
		return l.T("common.yes"), nil
	}
	return l.T("common.no"), nil
}

// kmIn is the template's km: a distance as "0 km", "2.4 km", "12 km" in
// l, refusing pointers.
func kmIn(l *i18n.Lang, v any) (string, error) {
	if err := notPointer("km", v); err != nil {
		return "", err
	}
	f, ok := v.(float64)
	if !ok {
		return "", fmt.Errorf("km: got %T, want float64", v)
	}
	return l.Km(f), nil
}

// auditRow is one line of the privacy log in words a person understands.
type auditRow struct {
	When      time.Time
	Who, What string
}

// auditWhat says what an audited action was, for the person it was about.
var auditWhat = map[string]string{
	"profile_read":               "Read private details of your profile",
	"consent_checkins_read":      "Read your check-ins, under a consent you gave a program",
	"consent_disclosure":         "Saw what you agreed to share with a program",
	"consent_given":              "You agreed to share details with a program",
	"consent_revoked":            "You withdrew a consent you gave a program",
	"partner_checkins_read":      "Read the check-ins you share with accountability partners",
	"mentor_checkins_read":       "Read the check-ins you share with your mentor",
	"crisis_queue_read":          "A moderator read a message of yours flagged as a possible crisis",
	"support_alert_raised":       "You asked for support now",
	"push_device_added":          "You let a device receive notifications",
	"push_device_removed":        "A device stopped receiving notifications",
	"support_alert_viewed":       "Saw your call for support",
	"support_alert_acknowledged": "Answered your call for support",
	"support_alert_resolved":     "Marked your call for support as resolved",
	"reported_content_read":      "A moderator read something of yours that was reported",
	"mfa_enabled":                "Two-factor login turned on",
	"mfa_disabled":               "Two-factor login turned off",
	"mfa_recovery_code_used":     "A recovery code was used to sign in",
	"mfa_reset_by_operator":      "Kinship's operator reset your two-factor login",
	"data_exported":              "You downloaded your data",
	"account_deleted":            "Account deleted",
	"group_message_removed":      "A group leader removed one of your messages",
	"group_member_removed":       "A group leader removed you from a group",
	"mentor_vouched":             "Someone vouched for you as a mentor",
	"organization_created":       "A program was set up with you as its administrator",
	"organization_discharge":     "A program recorded the end of your time with it",
	"cohort_planned":             "You planned mentor matches for a cohort",
	"cohort_requests_sent":       "You sent a cohort's mentorship requests",
	"feedback_read":              "You read the feedback inbox",
	"trust_settings_changed":     "You changed the community's trust settings",
	"trust_level_set":            "A moderator set your community trust level",
	"crisis_resource_saved":      "You saved a crisis resource",
	"crisis_resource_deleted":    "You removed a crisis resource",
	"safety_labels_exported":     "You exported the safety screen's review labels",
	"signed_in_by_email_link":    "You signed in with the link in your confirmation email",
}

// auditPrefixes say the actions whose name ends in a status or an action.
var auditPrefixes = []struct{ prefix, words string }{
	{"crisis_queue_verdict:", "A moderator reviewed a crisis flag about you: "},
	{"crisis_queue_", "A moderator marked a crisis flag about you as "},
	{"mentorship_", "Mentorship: "},
	{"moderation_", "A moderator acted on something of yours: "},
	{"appeal_", "Your appeal was "},
	{"resource_", "A resource you suggested was "},
	{"role_set:", "Your role was set to "},
}

// dataWords name the details an audited read covered.
var dataWords = map[string]string{
	"checkins": "check-ins", "recovery": "recovery time", "profile": "profile", "checkin_done": "whether you checked in",
	"checkin_checkin_done": "whether you checked in", "checkin_mood": "mood", "checkin_craving": "craving", "checkin_used": "whether you used", "checkin_note": "notes",
	"recovery_start": "recovery start date", "pathways": "recovery pathways", "substances": "substances",
	"life_circumstances": "life circumstances", "site_admin": "site administrator", "org_admin": "program administrator",
}

// words turns a code like "looking_for" into "looking for".
func words(code string) string {
	if w, ok := dataWords[code]; ok {
		return w
	}
	return strings.ReplaceAll(strings.ReplaceAll(code, "_", " "), "-", " ")
}

// auditRows puts the privacy log in words: who, and what they did or saw;
// raw identifiers in an entry's fields are left out.
func auditRows(es []app.AuditView, me string) []auditRow {
	rows := make([]auditRow, 0, len(es))
	for _, e := range es {
		r := auditRow{When: e.At.Time, Who: e.ActorName}
		switch {
		case e.ActorID == me:
			r.Who = "You"
		case e.ActorID == "" || r.Who == "":
			r.Who = "Kinship's operator"
		}
		what, ok := auditWhat[e.Action]
		if !ok {
			what = upperFirst(words(e.Action))
			for _, p := range auditPrefixes {
				if rest, found := strings.CutPrefix(e.Action, p.prefix); found {
					what = p.words + words(rest)
					break
				}
			}
		}
		var details []string
		for _, f := range e.Fields {
			if w, ok := dataWords[f]; ok || model.HealthFields[f] {
				details = append(details, w)
				if !ok {
					details[len(details)-1] = words(f)
				}
			}
		}
		if len(details) > 0 {
			what += ": " + strings.Join(details, ", ")
		}
		r.What = what
		rows = append(rows, r)
	}
	return rows
}
