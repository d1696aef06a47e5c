package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
)

// checkinData is what the check-in page needs.
type checkinData struct {
	Recovery *app.RecoveryView
	Recent   []*model.Checkin
	Today    *model.Checkin
	Moods    []option
	Cravings []int
	Reminder string
	Groups   []app.GroupView
	// ReachOut is set just after a check-in with a strong craving or a
	// "yes" to using: the page suggests, gently, reaching out.
	ReachOut bool
	// Partners says the person has an accountability partner to tell, and
	// Mentor names their mentor: the suggestion offers only people they have.
	Partners bool
	Mentor   string
	// MentorPronoun is how the suggestion speaks of the mentor: by the
	// pronouns on their profile when the person may see them.
	MentorPronoun model.Pronoun
	// Offline is the form alone, for the service worker to keep (nothing
	// of the person's on it).
	Offline bool
}

// moodOptions are the mood scale's choices in the viewer's language.
func (p *Pages) moodOptions(r *http.Request) []option {
	var out []option
	for i, id := range []string{"checkin.mood_1", "checkin.mood_2", "checkin.mood_3", "checkin.mood_4", "checkin.mood_5"} {
		out = append(out, option{strconv.Itoa(i + 1), strconv.Itoa(i+1) + " · " + p.tr(r, id)})
	}
	return out
}

var cravingOptions = []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10}

// strongCraving is the craving from which a check-in is answered with a
// gentle suggestion to reach out.
const strongCraving = 8

func (p *Pages) showCheckin(w http.ResponseWriter, r *http.Request, status int, v view, err error) {
	rec, rerr := p.app.Recovery(r.Context())
	if rerr != nil {
		p.fail(w, r, "message", view{Title: p.tr(r, "checkin.title")}, rerr)
		return
	}
	recent, rerr := p.app.ListCheckins(r.Context(), 14)
	if rerr != nil {
		p.fail(w, r, "message", view{Title: p.tr(r, "checkin.title")}, rerr)
		return
	}
	reminder, _ := p.app.CheckinReminder(r.Context())
	groups, _ := p.app.ListGroups(r.Context(), "", true)
	d := checkinData{Recovery: rec, Recent: recent, Moods: p.moodOptions(r), Cravings: cravingOptions, Reminder: reminder, Groups: groups}
	if len(recent) > 0 && recent[0].Date == rec.Today {
		d.Today = recent[0]
	}
	if done := r.URL.Query().Get("done"); d.Today != nil && (done == "new" || done == "updated") {
		d.ReachOut = d.Today.Craving >= strongCraving || d.Today.Used
	}
	if d.ReachOut {
		d.Partners, d.Mentor, d.MentorPronoun = p.whoToReach(r)
	}
	v.Title = p.tr(r, "checkin.title")
	v.Data = d
	if v.Form == nil && d.Today != nil {
		v.Form = map[string]string{"mood": strconv.Itoa(d.Today.Mood), "craving": strconv.Itoa(d.Today.Craving), "used": strconv.FormatBool(d.Today.Used),
			"note": d.Today.Note, "tags": strings.Join(d.Today.Tags, ", ")}
		if d.Today.SleepHours != nil {
			// In the reader's marks, as the form takes it back: 7.5, or 7,5
			// in a language that writes a decimal comma.
			v.Form["sleep_hours"] = p.viewerLang(r).Number(*d.Today.SleepHours, 2)
		}
	}
	if d.ReachOut && d.Today.Used && rec.HasStart && v.Form != nil && v.Form["date"] == "" {
		// Just after she said she used today: the setback form below is
		// ready for today, should she want it counted (her choice; the
		// check-in alone leaves her recovery time as it was).
		v.Form["date"] = d.Today.Date
	}
	if err != nil {
		p.fail(w, r, "checkin", v, err)
		return
	}
	p.render(w, r, status, "checkin", v)
}

// CheckinForm shows today's check-in, recovery time and recent days.
func (p *Pages) CheckinForm(w http.ResponseWriter, r *http.Request) {
	v := view{}
	switch r.URL.Query().Get("done") {
	case "new":
		v.Notice = p.tr(r, "checkin.done_new")
	case "updated":
		v.Notice = p.tr(r, "checkin.done_updated")
	case "reminder":
		v.Notice = p.tr(r, "checkin.done_reminder")
	case "shared":
		v.Notice = p.tr(r, "checkin.done_shared")
	}
	if f, ok := p.takeFlash(w, r, "checkin"); ok && f.Done == "setback" {
		v.Notice = p.tr(r, "checkin.done_setback")
	}
	p.showCheckin(w, r, http.StatusOK, v, nil)
}

// Checkin saves today's check-in.
func (p *Pages) Checkin(w http.ResponseWriter, r *http.Request) {
	f := form(r, "mood", "craving", "used", "sleep_hours", "note", "tags")
	fe := model.FieldErrors{}
	mood, err := strconv.Atoi(f["mood"])
	if err != nil {
		fe.Add("mood", p.tr(r, "checkin.err_mood"))
	}
	craving, err := strconv.Atoi(f["craving"])
	if err != nil {
		fe.Add("craving", p.tr(r, "checkin.err_craving"))
	}
	if f["used"] != "true" && f["used"] != "false" {
		fe.Add("used", p.tr(r, "checkin.err_used"))
	}
	var sleep *float64
	if s := strings.TrimSpace(f["sleep_hours"]); s != "" {
		h, ok := model.ParseTypedNumber(s, 0, 24)
		if !ok {
			fe.Add("sleep_hours", p.tr(r, "checkin.err_sleep"))
		}
		sleep = &h
	}
	if err := fe.Err(); err != nil {
		p.showCheckin(w, r, 0, view{Form: f}, err)
		return
	}
	_, created, err := p.app.RecordCheckin(r.Context(), app.CheckinInput{Mood: mood, Craving: craving, Used: f["used"] == "true", SleepHours: sleep, Note: f["note"], Tags: splitList(f["tags"])})
	if err != nil {
		p.showCheckin(w, r, 0, view{Form: f}, err)
		return
	}
	if created {
		p.done(w, r, "/checkin?done=new")
		return
	}
	p.done(w, r, "/checkin?done=updated")
}

// ReturnToUse records a setback date. The page it leads to says so once
// (a flash): a return to use is not written in an address, which browsers
// keep in their history and proxies in their logs.
func (p *Pages) ReturnToUse(w http.ResponseWriter, r *http.Request) {
	f := form(r, "date")
	if _, err := p.app.RecordReturnToUse(r.Context(), f["date"]); err != nil {
		p.showCheckin(w, r, 0, view{Form: f}, err) // the date typed stays in its field
		return
	}
	p.setFlash(w, app.ActorFrom(r.Context()).Session.ID, flash{Kind: "checkin", Done: "setback"})
	http.Redirect(w, r, "/checkin", http.StatusSeeOther)
}

// Reminder sets or turns off the daily check-in reminder.
func (p *Pages) Reminder(w http.ResponseWriter, r *http.Request) {
	f := form(r, "time")
	if r.PostFormValue("off") == "1" {
		f["time"] = ""
	}
	if err := p.app.SetCheckinReminder(r.Context(), f["time"]); err != nil {
		p.showCheckin(w, r, 0, view{}, err)
		return
	}
	http.Redirect(w, r, "/checkin?done=reminder", http.StatusSeeOther)
}

// ShareMilestone posts a reached milestone to one of the actor's groups.
func (p *Pages) ShareMilestone(w http.ResponseWriter, r *http.Request) {
	f := form(r, "group_id", "milestone")
	if _, err := p.app.ShareMilestone(r.Context(), f["group_id"], f["milestone"]); err != nil {
		p.showCheckin(w, r, http.StatusBadRequest, view{}, err)
		return
	}
	http.Redirect(w, r, "/checkin?done=shared", http.StatusSeeOther)
}

// whoToReach says whether the viewer has an active accountability partner,
// and names their active mentor ("" when none).
func (p *Pages) whoToReach(r *http.Request) (partners bool, mentor string, pronoun model.Pronoun) {
	if ps, err := p.app.ListPartners(r.Context()); err == nil {
		for _, pv := range ps {
			partners = partners || pv.Status == model.PartnerActive
		}
	}
	if ms, err := p.app.ListMentorships(r.Context()); err == nil {
		for _, m := range ms.AsMentee {
			if m.Status == "active" {
				mentor, pronoun = m.OtherName, p.app.PronounOf(r.Context(), m.OtherID)
			}
		}
	}
	return partners, mentor, pronoun
}
