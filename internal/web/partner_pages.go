package web

import (
	"github.com/kinshiprecovery/kinship/internal/i18n"
	"net/http"
	"strconv"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
)

// partnerRow is a partnership with the partner's shared check-ins, as
// typed rows (words, no pointers: see checkinRow).
type partnerRow struct {
	app.PartnerView
	Checkins []checkinRow
	// Pronoun is the partner's, as the viewer may see it: an active
	// partner is named "compañera" or "compañero" as they gave it, else
	// without gender.
	Pronoun model.Pronoun
}

func (p *Pages) showPartners(w http.ResponseWriter, r *http.Request, status int, v view, err error) {
	ps, lerr := p.app.ListPartners(r.Context())
	if lerr != nil {
		p.fail(w, r, "message", view{Title: p.tr(r, "partners.title")}, lerr)
		return
	}
	rows := make([]partnerRow, 0, len(ps))
	for _, pv := range ps {
		row := partnerRow{PartnerView: pv}
		if pv.Status == model.PartnerActive {
			cs, _ := p.app.PartnerCheckins(r.Context(), pv.ID, 7)
			row.Checkins = checkinRows(p.viewerLang(r), cs)
			row.Pronoun = p.app.PronounOf(r.Context(), pv.Other)
		}
		rows = append(rows, row)
	}
	v.Title = p.tr(r, "partners.title")
	v.Data = rows
	if err != nil {
		p.fail(w, r, "partners", v, err)
		return
	}
	p.render(w, r, status, "partners", v)
}

// Partners lists partners, invitations, what they share and one-tap encouragement.
func (p *Pages) Partners(w http.ResponseWriter, r *http.Request) {
	v := view{}
	switch r.URL.Query().Get("done") {
	case "invited":
		v.Notice = p.tr(r, "partners.done_invited")
	case "accepted":
		v.Notice = p.tr(r, "partners.done_accepted")
	case "declined":
		v.Notice = p.tr(r, "partners.done_declined")
	case "ended":
		v.Notice = p.tr(r, "partners.done_ended")
	case "saved":
		v.Notice = p.tr(r, "partners.done_saved")
	case "sent":
		v.Notice = p.tr(r, "partners.done_sent")
	}
	p.showPartners(w, r, http.StatusOK, v, nil)
}

// InvitePartner invites the member named in the form.
func (p *Pages) InvitePartner(w http.ResponseWriter, r *http.Request) {
	f := form(r, "user_id")
	if _, err := p.app.InvitePartner(r.Context(), f["user_id"]); err != nil {
		p.showPartners(w, r, 0, view{}, err)
		return
	}
	http.Redirect(w, r, "/partners?done=invited", http.StatusSeeOther)
}

func (p *Pages) respond(w http.ResponseWriter, r *http.Request, accept bool, done string) {
	if _, err := p.app.RespondPartner(r.Context(), r.PathValue("id"), accept); err != nil {
		p.showPartners(w, r, 0, view{}, err)
		return
	}
	http.Redirect(w, r, "/partners?done="+done, http.StatusSeeOther)
}

// AcceptPartner accepts an invitation.
func (p *Pages) AcceptPartner(w http.ResponseWriter, r *http.Request) {
	p.respond(w, r, true, "accepted")
}

// DeclinePartner declines an invitation.
func (p *Pages) DeclinePartner(w http.ResponseWriter, r *http.Request) {
	p.respond(w, r, false, "declined")
}

// EndPartner ends a partnership or withdraws an invitation.
func (p *Pages) EndPartner(w http.ResponseWriter, r *http.Request) {
	if err := p.app.EndPartnership(r.Context(), r.PathValue("id")); err != nil {
		p.showPartners(w, r, 0, view{}, err)
		return
	}
	http.Redirect(w, r, "/partners?done=ended", http.StatusSeeOther)
}

// PartnerChoices saves what the member shares with a partner and when the partner is told.
func (p *Pages) PartnerChoices(w http.ResponseWriter, r *http.Request) {
	f := form(r, "missed_days", "craving_at_least")
	missed, err1 := strconv.Atoi(f["missed_days"])
	craving, err2 := strconv.Atoi(f["craving_at_least"])
	if err1 != nil || err2 != nil {
		p.showPartners(w, r, 0, view{}, &model.Error{Kind: model.KindInvalid, Message: p.tr(r, "partners.err_lists")})
		return
	}
	on := func(k string) bool { return r.PostFormValue(k) == "on" }
	share := model.PartnerShare{CheckinDone: on("checkin_done"), Mood: on("mood"), Craving: on("craving"), Used: on("used"), Note: on("note")}
	if _, err := p.app.UpdatePartnerChoices(r.Context(), r.PathValue("id"), share, model.PartnerRules{MissedDays: missed, CravingAtLeast: craving}); err != nil {
		p.showPartners(w, r, 0, view{}, err)
		return
	}
	http.Redirect(w, r, "/partners?done=saved", http.StatusSeeOther)
}

// EncouragePartner sends a one-tap encouragement.
func (p *Pages) EncouragePartner(w http.ResponseWriter, r *http.Request) {
	f := form(r, "kind")
	if err := p.app.Encourage(r.Context(), r.PathValue("id"), f["kind"]); err != nil {
		p.showPartners(w, r, 0, view{}, err)
		return
	}
	http.Redirect(w, r, "/partners?done=sent", http.StatusSeeOther)
}

// Notifications lists the member's notifications.
func (p *Pages) Notifications(w http.ResponseWriter, r *http.Request) {
	l, err := p.app.ListNotifications(r.Context())
	if err != nil {
		p.fail(w, r, "message", view{Title: p.tr(r, "notifications.title")}, err)
		return
	}
	lang := p.viewerLang(r)
	for i, n := range l.Notifications {
		l.Notifications[i].Text = app.NoteInAs(lang, n.Stored, n.Pronoun)
		if n.ReadAt == nil {
			_ = p.app.MarkNotificationRead(r.Context(), n.ID)
		}
	}
	prefs, perr := p.app.GetNotificationPrefs(r.Context())
	if perr != nil {
		p.fail(w, r, "message", view{Title: p.tr(r, "notifications.title")}, perr)
		return
	}
	d := notificationsData{NotificationList: l, Prefs: prefs, Categories: notificationCategories(p.viewerLang(r)), PushOn: p.app.PushEnabled()}
	if d.PushOn {
		devs, err := p.app.ListPushDevices(r.Context())
		if err != nil {
			p.fail(w, r, "message", view{Title: p.tr(r, "notifications.title")}, err)
			return
		}
		d.Devices = len(devs)
	}
	v := view{Title: p.tr(r, "notifications.title"), Data: d}
	if d := r.URL.Query().Get("done"); d == "email" || d == "prefs" {
		v.Notice = p.tr(r, "partners.done_saved")
	}
	p.render(w, r, http.StatusOK, "notifications", v)
}

// NotificationEmail turns notification emails on or off.
func (p *Pages) NotificationEmail(w http.ResponseWriter, r *http.Request) {
	form(r)
	if err := p.app.SetEmailNotifications(r.Context(), r.PostFormValue("email") == "on"); err != nil {
		p.fail(w, r, "message", view{Title: p.tr(r, "notifications.title")}, err)
		return
	}
	http.Redirect(w, r, "/notifications?done=email", http.StatusSeeOther)
}

// notificationsData is what the notifications page needs.
type notificationsData struct {
	*app.NotificationList
	Prefs      *app.NotificationPrefs
	Categories []option
	// PushOn says this Kinship sends notifications to devices; Devices
	// is how many of the person's get them.
	PushOn  bool
	Devices int
}

// notificationCategories are the kinds of notification a member chooses
// for, named in l ("notifications.cat." and the category).
func notificationCategories(l *i18n.Lang) []option {
	var out []option
	for _, c := range []string{"messages", "groups", "partners", "mentorship", "community", "support", "moderation"} {
		out = append(out, option{c, l.T("notifications.cat." + c)})
	}
	return out
}

// NotificationPrefs saves the per-category choices and the digest.
func (p *Pages) NotificationPrefs(w http.ResponseWriter, r *http.Request) {
	_ = r.ParseForm()
	in := app.NotificationPrefs{Categories: map[string]app.CategoryPref{}, Digest: r.PostFormValue("digest"), Email: r.PostFormValue("email") == "on"}
	cur, err := p.app.GetNotificationPrefs(r.Context())
	if err != nil {
		p.fail(w, r, "message", view{Title: p.tr(r, "notifications.title")}, err)
		return
	}
	for _, c := range app.NotificationCategories {
		push := r.PostFormValue("push-"+c) == "on"
		if !p.app.PushEnabled() {
			push = cur.Categories[c].Push // the form had no such column
		}
		in.Categories[c] = app.CategoryPref{InApp: r.PostFormValue("app-"+c) == "on", Email: r.PostFormValue("mail-"+c) == "on", Push: push}
	}
	if _, err := p.app.SaveNotificationPrefs(r.Context(), in); err != nil {
		p.fail(w, r, "message", view{Title: p.tr(r, "notifications.title")}, err)
		return
	}
	http.Redirect(w, r, "/notifications?done=prefs", http.StatusSeeOther)
}
