package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/i18n"
	"github.com/kinshiprecovery/kinship/internal/ical"
	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/zones"
)

// callsCard is what a mentorship's card shows of its calls: those to
// come, each on the reader's clock, and the form to propose one.
type callsCard struct {
	Name string // the other person
	// Active: calls may be proposed and confirmed (not while paused).
	Active  bool
	Calls   []callRow
	Propose callForm
}

// callRow is one call and, when it waits for the reader, the form to
// suggest another time.
type callRow struct {
	app.CallView
	// Confirmed: both agreed to it (the page branches on this, not on
	// the stored word).
	Confirmed bool
	Suggest   callForm
}

// callForm is a form that proposes a call at a day and time on the
// reader's clock. Its inputs carry the ids an error summary links to
// (f-start_local) only when it is the form sent with a problem, so that
// the page's other such forms keep ids of their own.
type callForm struct {
	Action, Key string
	// Open: shown unfolded (it was sent with a problem).
	Open                 bool
	Start, Minutes, Zone string
	StartLabel, Hint     string
	MinuteOptions        []option
}

// StartID and MinutesID are the ids of the form's inputs.
func (f callForm) StartID() string   { return f.id("start_local") }
func (f callForm) MinutesID() string { return f.id("duration_minutes") }

func (f callForm) id(field string) string {
	if f.Open {
		return "f-" + field
	}
	return "f-" + field + "-" + f.Key
}

// callMinutes are the lengths a call is offered in.
var callMinutes = []int{15, 30, 45, 60, 90, 120}

// callStartLabel names the reader's clock above a call's day and time:
// "Day and time in Bogotá (GMT-5)", "Día y hora en Calcuta (IST)". A zone
// whose clocks change in the year ahead is named without a season's
// abbreviation ("Day and time, Pacific Time (Los Angeles)"), since the day
// is not chosen yet and today's PST would be wrong for a day in PDT; once a
// day is typed (the form shown again with a problem), that day's
// abbreviation is named.
func callStartLabel(l *i18n.Lang, zone *time.Location, now time.Time, typed string) string {
	label := zones.LabelIn(l.Code, zone.String())
	i, j := strings.LastIndex(label, " ("), strings.LastIndex(label, ")")
	if i <= 0 || j <= i {
		return l.T("call.f_start_zone", "Zone", label)
	}
	at, named := now, clocksSteady(zone, now)
	if t, err := ical.ParseLocal(typed, zone); typed != "" && err == nil {
		at, named = t, true
	}
	abbr := i18n.ZoneAbbr(at.In(zone))
	if !named || abbr == label[i+2:j] {
		// No season to name, or the name in brackets is not a city
		// ("Coordinated Universal Time (UTC)").
		return l.T("call.f_start_zone", "Zone", label)
	}
	return l.T("call.f_start_city", "City", label[i+2:j], "Abbr", abbr)
}

// clocksSteady reports whether zone keeps one offset and one abbreviation
// over the year from now, so that today's abbreviation is right for any day
// a call may be set on.
func clocksSteady(zone *time.Location, now time.Time) bool {
	name, off := now.In(zone).Zone()
	for d := 15; d <= 380; d += 15 {
		if n, o := now.AddDate(0, 0, d).In(zone).Zone(); n != name || o != off {
			return false
		}
	}
	return true
}

// callsCards gathers each mentorship's calls as the reader's page shows
// them; sent is the form that was sent with a problem (its key: the
// mentorship's id, or the call's it answers) and f what was typed in it.
func (p *Pages) callsCards(r *http.Request, mine *app.Mentoring, sent string, f map[string]string) map[string]*callsCard {
	out := map[string]*callsCard{}
	if mine == nil {
		return out
	}
	calls, err := p.app.MyCalls(r.Context())
	if err != nil {
		return out
	}
	l := p.viewerLang(r)
	zone, _ := p.viewerZone(r)
	now := p.now()
	var minutes []option
	for _, n := range callMinutes {
		minutes = append(minutes, option{strconv.Itoa(n), l.T("call.minutes", "Minutes", n)})
	}
	newForm := func(action, key, name string) callForm {
		cf := callForm{Action: action, Key: key, Minutes: "60", Zone: zone.String(), StartLabel: callStartLabel(l, zone, now, ""),
			Hint: l.T("call.f_start_hint", "Name", name), MinuteOptions: minutes}
		if key == sent {
			cf.Open, cf.Start = true, f["start_local"]
			cf.StartLabel = callStartLabel(l, zone, now, cf.Start)
			if m := f["duration_minutes"]; m != "" {
				cf.Minutes = m
			}
		}
		return cf
	}
	for _, ms := range [][]app.MentorshipView{mine.AsMentee, mine.AsMentor} {
		for _, m := range ms {
			if m.Status != app.MentorshipActive && m.Status != app.MentorshipPaused {
				continue
			}
			c := &callsCard{Name: m.OtherName, Active: m.Status == app.MentorshipActive,
				Propose: newForm("/mentorships/"+m.ID+"/calls", m.ID, m.OtherName)}
			for _, cv := range calls {
				if cv.MentorshipID == m.ID {
					c.Calls = append(c.Calls, callRow{CallView: cv, Confirmed: cv.Status == app.CallConfirmed,
						Suggest: newForm("/mentorship-calls/"+cv.ID+"/suggest", cv.ID, m.OtherName)})
				}
			}
			out[m.ID] = c
		}
	}
	return out
}

// callInput reads a posted call form.
func callInput(f map[string]string) app.CallInput {
	n, _ := strconv.Atoi(strings.TrimSpace(f["duration_minutes"]))
	return app.CallInput{StartLocal: f["start_local"], TimeZone: f["time_zone"], Minutes: n}
}

// ProposeCall proposes a call in one of the reader's mentorships; a
// problem shows the page again with what they typed, beside its field.
func (p *Pages) ProposeCall(w http.ResponseWriter, r *http.Request) {
	f := form(r, "start_local", "duration_minutes", "time_zone")
	v, err := p.app.ProposeCall(r.Context(), r.PathValue("id"), callInput(f))
	if err != nil {
		p.showMentorship(w, r, view{Form: f}, err)
		return
	}
	http.Redirect(w, r, "/mentorship?done=call_proposed#call-"+v.ID, http.StatusSeeOther)
}

// SuggestCallTime answers a call proposed to the reader with another time.
func (p *Pages) SuggestCallTime(w http.ResponseWriter, r *http.Request) {
	f := form(r, "start_local", "duration_minutes", "time_zone")
	v, err := p.app.SuggestCallTime(r.Context(), r.PathValue("id"), callInput(f))
	if err != nil {
		p.showMentorship(w, r, view{Form: f}, err)
		return
	}
	http.Redirect(w, r, "/mentorship?done=call_suggested#call-"+v.ID, http.StatusSeeOther)
}

// ChangeCall confirms, declines or cancels one of the reader's calls.
func (p *Pages) ChangeCall(w http.ResponseWriter, r *http.Request) {
	f := form(r, "action")
	v, err := p.app.ChangeCall(r.Context(), r.PathValue("id"), f["action"])
	if err != nil {
		if model.ErrorKind(err) == model.KindNotFound {
			p.fail(w, r, "message", view{Title: p.tr(r, "mentorship.title")}, err)
			return
		}
		p.showMentorship(w, r, view{}, err)
		return
	}
	next := "/mentorship?done=call_" + f["action"]
	if v.Status == app.CallConfirmed {
		next += "#call-" + v.ID
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// callNotices are the notices after each call form, by its done=.
var callNotices = map[string]string{"call_proposed": "call.done_proposed", "call_suggested": "call.done_suggested",
	"call_confirm": "call.done_confirm", "call_decline": "call.done_decline", "call_cancel": "call.done_cancel"}

// callNotice is the notice after a call form was sent (done=call_…).
func (p *Pages) callNotice(r *http.Request, done string) string {
	if id, ok := callNotices[done]; ok {
		return p.tr(r, id)
	}
	return ""
}
