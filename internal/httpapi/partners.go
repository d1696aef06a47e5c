package httpapi

import (
	"net/http"

	"github.com/kinshiprecovery/kinship/internal/model"
)

// invitePartnerIn is the body of invitePartner.
type invitePartnerIn struct {
	UserID string `json:"user_id"`
}

func (s *Server) invitePartner(w http.ResponseWriter, r *http.Request) {
	var in invitePartnerIn
	if err := decode(w, r, &in); err != nil {
		writeError(w, r, err)
		return
	}
	v, err := s.app.InvitePartner(r.Context(), in.UserID)
	if err != nil {
		writeError(w, r, err)
		return
	}
	created(w, "/api/v1/partners/"+v.ID, v)
}

func (s *Server) listPartners(w http.ResponseWriter, r *http.Request) {
	ps, err := s.app.ListPartners(r.Context())
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, partnerList{Partners: ps})
}

func (s *Server) respondPartner(accept bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		v, err := s.app.RespondPartner(r.Context(), r.PathValue("id"), accept)
		if err != nil {
			writeError(w, r, err)
			return
		}
		writeJSON(w, http.StatusOK, v)
	}
}

func (s *Server) endPartnership(w http.ResponseWriter, r *http.Request) {
	if err := s.app.EndPartnership(r.Context(), r.PathValue("id")); err != nil {
		writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// updatePartnerChoicesIn is the body of updatePartnerChoices.
type updatePartnerChoicesIn struct {
	Share model.PartnerShare `json:"share"`
	Rules model.PartnerRules `json:"rules"`
}

// updatePartnerChoices is a JSON Merge Patch of the actor's choices:
// fields not sent keep their values.
func (s *Server) updatePartnerChoices(w http.ResponseWriter, r *http.Request) {
	var in updatePartnerChoicesIn
	ps, err := s.app.ListPartners(r.Context())
	if err != nil {
		writeError(w, r, err)
		return
	}
	for _, p := range ps {
		if p.ID == r.PathValue("id") {
			in.Share, in.Rules = p.Mine.Share, p.Mine.Rules
		}
	}
	if err := decode(w, r, &in); err != nil {
		writeError(w, r, err)
		return
	}
	v, err := s.app.UpdatePartnerChoices(r.Context(), r.PathValue("id"), in.Share, in.Rules)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

func (s *Server) partnerCheckins(w http.ResponseWriter, r *http.Request) {
	days, ok := queryDays(w, r)
	if !ok {
		return
	}
	cs, err := s.app.PartnerCheckins(r.Context(), r.PathValue("id"), days)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, sharedCheckinList{Checkins: cs})
}

// encourageIn is the body of encourage.
type encourageIn struct {
	Kind string `json:"kind"`
}

func (s *Server) encourage(w http.ResponseWriter, r *http.Request) {
	var in encourageIn
	if err := decode(w, r, &in); err != nil {
		writeError(w, r, err)
		return
	}
	if err := s.app.Encourage(r.Context(), r.PathValue("id"), in.Kind); err != nil {
		writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// notificationsPage is a page of notifications with the unread count and
// the email choice.
type notificationsPage struct {
	page[notificationOut]
	Unread     int  `json:"unread"`
	EmailOptIn bool `json:"email_notifications"`
}

// notificationOut is a notification as the API gives it: its times in the
// API's one form, and null for what it does not have.
type notificationOut struct {
	ID        string           `json:"id"`
	Kind      string           `json:"kind"`
	Text      string           `json:"text"`
	Link      *string          `json:"link" doc:"the page it is about, within Kinship; null when none"`
	CreatedAt model.Timestamp  `json:"created_at"`
	ReadAt    *model.Timestamp `json:"read_at" doc:"null until read"`
	WriteTo   *writeToOut      `json:"write_to" doc:"the person this notification invites you to write to in private (a facilitator told that a member of their group may be in crisis): offer it as a button that opens a conversation with POST /api/v1/dms and this user_id; null on every other notification"`
}

// writeToOut is the person a notification invites its reader to write to.
type writeToOut struct {
	UserID string `json:"user_id"`
	Name   string `json:"name" doc:"their display name, as the notification's text calls them"`
}

func notificationsOf(ns []model.Notification) []notificationOut {
	out := make([]notificationOut, 0, len(ns))
	for _, n := range ns {
		o := notificationOut{ID: n.ID, Kind: n.Kind, Text: n.Text, Link: orNull(n.Link),
			CreatedAt: model.At(n.CreatedAt), ReadAt: model.AtPtr(n.ReadAt)}
		if n.WriteTo != "" {
			o.WriteTo = &writeToOut{UserID: n.WriteTo, Name: n.WriteName}
		}
		out = append(out, o)
	}
	return out
}

func (s *Server) listNotifications(w http.ResponseWriter, r *http.Request) {
	p, ok := mustPage(w, r)
	if !ok {
		return
	}
	l, next, err := s.app.NotificationsPage(r.Context(), p.app())
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, notificationsPage{keysetPage(p, notificationsOf(l.Notifications), next), l.Unread, l.EmailOptIn})
}

func (s *Server) readNotification(w http.ResponseWriter, r *http.Request) {
	if err := s.app.MarkNotificationRead(r.Context(), r.PathValue("id")); err != nil {
		writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// putNotificationSettingsIn is the body of putNotificationSettings.
type putNotificationSettingsIn struct {
	Email *bool `json:"email"`
}

func (s *Server) putNotificationSettings(w http.ResponseWriter, r *http.Request) {
	var in putNotificationSettingsIn
	if err := decode(w, r, &in); err != nil {
		writeError(w, r, err)
		return
	}
	if in.Email == nil {
		writeError(w, r, &model.Error{Kind: model.KindInvalid, Message: "email must be true or false", Fields: map[string]string{"email": "true or false"}})
		return
	}
	if err := s.app.SetEmailNotifications(r.Context(), *in.Email); err != nil {
		writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
