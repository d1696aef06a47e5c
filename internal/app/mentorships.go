package app

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/kinshiprecovery/kinship/internal/match"
	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/store"
)

// Mentorship statuses.
const (
	MentorshipRequested = "requested"
	MentorshipActive    = "active"
	MentorshipPaused    = "paused"
	MentorshipDeclined  = "declined"
	MentorshipEnded     = "ended"
)

// mentorshipText is the sealed part of a mentorship.
type mentorshipText struct {
	Note   string `json:"note,omitempty"`
	Reason string `json:"reason,omitempty"`
}

func mentorshipTextAAD(id string) []byte { return []byte("mentorship:" + id) }

// MentorshipView is a mentorship as one side sees it.
type MentorshipView struct {
	ID        string             `json:"id"`
	Role      string             `json:"role"` // mentor or mentee: the actor's side
	OtherID   string             `json:"other_id"`
	OtherName string             `json:"other_display_name"`
	Status    string             `json:"status"`
	Note      string             `json:"note,omitempty"`
	Reason    string             `json:"reason,omitempty"`
	Share     model.PartnerShare `json:"share"`
	EndedBy   string             `json:"ended_by,omitempty"`
	CreatedAt model.Timestamp    `json:"created_at"`
	UpdatedAt model.Timestamp    `json:"updated_at"`
}

func (a *App) mentorshipView(ctx context.Context, userID string, m *store.Mentorship) MentorshipView {
	v := MentorshipView{ID: m.ID, Role: "mentee", OtherID: m.MentorID, Status: m.Status, CreatedAt: model.At(m.CreatedAt), UpdatedAt: model.At(m.UpdatedAt)}
	if m.MentorID == userID {
		v.Role, v.OtherID = "mentor", m.MenteeID
	}
	v.OtherName = a.displayName(ctx, v.OtherID)
	if len(m.Sealed) > 0 {
		if b, err := a.box.Open(m.Sealed, mentorshipTextAAD(m.ID)); err == nil {
			var t mentorshipText
			if json.Unmarshal(b, &t) == nil {
				v.Note, v.Reason = t.Note, t.Reason
			}
		}
	}
	_ = json.Unmarshal([]byte(m.Share), &v.Share)
	if m.EndedBy != "" {
		v.EndedBy = "mentee"
		if m.EndedBy == m.MentorID {
			v.EndedBy = "mentor"
		}
	}
	return v
}

func (a *App) sealMentorshipText(id string, t mentorshipText) []byte {
	b, _ := json.Marshal(t)
	return a.box.Seal(b, mentorshipTextAAD(id))
}

// RequestMentor asks a mentor to mentor the actor, with a note. Errors:
// invalid, not_found (not an available mentor, or blocked either way),
// conflict (the actor already has a mentor or a request waiting; the
// mentor is full).
func (a *App) RequestMentor(ctx context.Context, mentorID, note string) (*MentorshipView, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	return a.requestMentor(ctx, act.User.ID, mentorID, note, act.User.ID)
}

func (a *App) requestMentor(ctx context.Context, menteeID, mentorID, note, by string) (*MentorshipView, error) {
	note = strings.TrimSpace(note)
	if utf8.RuneCountInString(note) > 1000 {
		return nil, &model.Error{Kind: model.KindInvalid, Message: "keep the note to 1,000 characters", Fields: map[string]string{"note": "too long"}}
	}
	if err := a.otherMember(ctx, menteeID, mentorID); err != nil {
		return nil, err
	}
	mp, err := a.store.FindMentorshipProfile(ctx, mentorID)
	noMentor := &model.Error{Kind: model.KindNotFound, Message: "this person is not taking mentees now"}
	if err != nil || !mp.Mentor || mp.Paused {
		return nil, noMentor
	}
	if u, err := a.store.FindUserByID(ctx, mentorID); err != nil {
		return nil, noMentor
	} else if ok, _ := a.eligibility(ctx, u); !ok {
		return nil, noMentor
	}
	ms, err := a.store.ListMentorships(ctx, menteeID)
	if err != nil {
		return nil, err
	}
	for _, m := range ms {
		if m.MenteeID == menteeID && (m.Status == MentorshipRequested || m.Status == MentorshipActive || m.Status == MentorshipPaused) {
			return nil, model.Errorf(model.KindConflict, "you already have a mentor or a request waiting; end it first to ask someone else")
		}
	}
	if taken, err := a.store.CountMentees(ctx, mentorID); err != nil {
		return nil, err
	} else if taken >= mp.Capacity {
		return nil, model.Errorf(model.KindConflict, "this mentor is full right now; try another suggestion")
	}
	if err := a.limit(ctx, "mentor-request:"+by, 20, dayWindow); err != nil {
		return nil, err
	}
	now := a.now()
	share, _ := json.Marshal(model.PartnerShare{CheckinDone: true})
	m := &store.Mentorship{ID: newID(), MentorID: mentorID, MenteeID: menteeID, Status: MentorshipRequested, Share: string(share), CreatedAt: now, UpdatedAt: now}
	if note != "" {
		m.Sealed = a.sealMentorshipText(m.ID, mentorshipText{Note: note})
	}
	err = a.store.InTx(ctx, func(tx store.Store) error {
		if err := tx.CreateMentorship(ctx, m); err != nil {
			return err
		}
		return a.notify(ctx, tx, mentorID, "mentorship_request", noteText("notify.mentorship_request", "Name", a.displayName(ctx, menteeID)).about(menteeID))
	})
	if err != nil {
		return nil, err
	}
	a.screen(ctx, by, SurfaceDM, m.ID, "", note)
	v := a.mentorshipView(ctx, menteeID, m)
	return &v, nil
}

// mentorshipOf loads a mentorship the actor is part of.
func (a *App) mentorshipOf(ctx context.Context, userID, id string) (*store.Mentorship, error) {
	m, err := a.store.FindMentorship(ctx, id)
	if err != nil || (m.MentorID != userID && m.MenteeID != userID) {
		return nil, &model.Error{Kind: model.KindNotFound, Message: "mentorship not found"}
	}
	return m, nil
}

// ChangeMentorship carries out one step of the lifecycle: accept or
// decline (the mentor, with an optional reason), pause or resume, end
// (either side, at once: the mentor's access to what the mentee shares
// stops that instant, with optional words for the other side). Each step
// notifies the other side; the words of an ending are kept sealed with the
// mentorship and read on the other's mentorship page, never in the
// notification, a push or an email. Errors: not_found, forbidden, invalid,
// conflict.
func (a *App) ChangeMentorship(ctx context.Context, id, action, reason string) (*MentorshipView, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	m, err := a.mentorshipOf(ctx, act.User.ID, id)
	if err != nil {
		return nil, err
	}
	reason = strings.TrimSpace(reason)
	if utf8.RuneCountInString(reason) > 500 {
		return nil, &model.Error{Kind: model.KindInvalid, Message: "keep the reason to 500 characters", Fields: map[string]string{"reason": "too long"}}
	}
	mentor := m.MentorID == act.User.ID
	other := m.MenteeID
	if !mentor {
		other = m.MentorID
	}
	name := a.displayName(ctx, act.User.ID)
	var text note
	switch action {
	case "accept":
		if !mentor || m.Status != MentorshipRequested {
			return nil, model.Errorf(model.KindConflict, "there is no request waiting for your answer")
		}
		if err := withMFA(act, ErrMFAForMentors); err != nil {
			return nil, err
		}
		mp, err := a.store.FindMentorshipProfile(ctx, act.User.ID)
		if err != nil {
			return nil, err
		}
		active := 0
		if ms, err := a.store.ListMentorships(ctx, act.User.ID); err == nil {
			for _, o := range ms {
				if o.MentorID == act.User.ID && (o.Status == MentorshipActive || o.Status == MentorshipPaused) {
					active++
				}
			}
		}
		if active >= mp.Capacity {
			return nil, errSay(model.KindConflict, "apperrf.mentor_at_capacity", "Count", mp.Capacity)
		}
		m.Status, text = MentorshipActive, noteText("notify.mentorship_accept", "Name", name)
	case "decline":
		if !mentor || m.Status != MentorshipRequested {
			return nil, model.Errorf(model.KindConflict, "there is no request waiting for your answer")
		}
		m.Status, text = MentorshipDeclined, noteText("notify.mentorship_decline", "Name", name)
		if reason != "" {
			text = noteText("notify.mentorship_decline_reason", "Name", name, "Reason", reason)
		}
	case "pause":
		if m.Status != MentorshipActive {
			return nil, model.Errorf(model.KindConflict, "only an active mentorship can be paused")
		}
		m.Status, text = MentorshipPaused, noteText("notify.mentorship_pause", "Name", name)
	case "resume":
		if m.Status != MentorshipPaused {
			return nil, model.Errorf(model.KindConflict, "only a paused mentorship can be resumed")
		}
		m.Status, text = MentorshipActive, noteText("notify.mentorship_resume", "Name", name)
	case "end":
		if m.Status == MentorshipEnded || m.Status == MentorshipDeclined {
			return nil, model.Errorf(model.KindConflict, "this mentorship has already ended")
		}
		m.Status, m.EndedBy, text = MentorshipEnded, act.User.ID, noteText("notify.mentorship_end", "Name", name)
		switch { // the mentee is told where to find another; words left are read on the page, never in the notice
		case mentor && reason != "":
			text = noteText("notify.mentorship_end_by_mentor_words", "Name", name)
		case mentor:
			text = noteText("notify.mentorship_end_by_mentor", "Name", name)
		case reason != "":
			text = noteText("notify.mentorship_end_words", "Name", name)
		}
	default:
		return nil, &model.Error{Kind: model.KindInvalid, Message: "action must be accept, decline, pause, resume or end", Fields: map[string]string{"action": "unknown action"}}
	}
	if reason != "" {
		m.Sealed = a.sealMentorshipText(m.ID, mentorshipText{Note: a.mentorshipView(ctx, act.User.ID, m).Note, Reason: reason})
	}
	m.UpdatedAt = a.now()
	err = a.store.InTx(ctx, func(tx store.Store) error {
		if err := tx.UpdateMentorship(ctx, m); err != nil {
			return err
		}
		if m.Status == MentorshipEnded { // its calls are off with it
			if err := cancelCallsOf(ctx, tx, m, act.User.ID, m.UpdatedAt); err != nil {
				return err
			}
		}
		return a.notify(ctx, tx, other, "mentorship_"+action, text.about(act.User.ID))
	})
	if err != nil {
		return nil, err
	}
	a.audit(ctx, act.User.ID, other, "mentorship_"+action, nil)
	if reason != "" { // words for the other person pass the check as a message does
		a.screen(ctx, act.User.ID, SurfaceDM, m.ID+":"+action, "", reason)
	}
	v := a.mentorshipView(ctx, act.User.ID, m)
	return &v, nil
}

// SetMentorshipShare lets the mentee choose what their mentor sees of
// their check-ins. Errors: not_found, forbidden.
func (a *App) SetMentorshipShare(ctx context.Context, id string, share model.PartnerShare) (*MentorshipView, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	m, err := a.mentorshipOf(ctx, act.User.ID, id)
	if err != nil {
		return nil, err
	}
	if m.MenteeID != act.User.ID {
		return nil, model.Errorf(model.KindForbidden, "only the mentee chooses what the mentor sees")
	}
	b, _ := json.Marshal(share)
	m.Share, m.UpdatedAt = string(b), a.now()
	if err := a.store.UpdateMentorship(ctx, m); err != nil {
		return nil, err
	}
	v := a.mentorshipView(ctx, act.User.ID, m)
	return &v, nil
}

// MenteeCheckins returns an active mentee's check-ins with only what they
// share; audited. sharing is false when the mentee shares nothing with the
// mentor now: a mentorship starts sharing whether they checked in, so they
// chose to stop, which is not "nothing shared yet". Errors: not_found,
// forbidden (not active, not the mentor).
func (a *App) MenteeCheckins(ctx context.Context, id string, days int) (cs []SharedCheckin, sharing bool, err error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, false, err
	}
	if days < 1 || days > MaxCheckinDays {
		return nil, false, &model.Error{Kind: model.KindInvalid, Message: "days must be from 1 to 366", Fields: map[string]string{"days": "use a number from 1 to 366"}}
	}
	m, err := a.mentorshipOf(ctx, act.User.ID, id)
	if err != nil {
		return nil, false, err
	}
	if m.MentorID != act.User.ID || m.Status != MentorshipActive {
		return nil, false, model.Errorf(model.KindForbidden, "a mentor sees a mentee's check-ins only while the mentorship is active")
	}
	if err := withMFA(act, ErrMFAForMentors); err != nil {
		return nil, false, err
	}
	// A block either way cuts access, whatever the mentorship's state says.
	if blocked, err := a.store.Blocked(ctx, m.MentorID, m.MenteeID); err != nil {
		return nil, false, err
	} else if blocked {
		return nil, false, model.Errorf(model.KindForbidden, "a mentor sees a mentee's check-ins only while the mentorship is active")
	}
	var sh model.PartnerShare
	_ = json.Unmarshal([]byte(m.Share), &sh)
	cs, err = a.sharedCheckins(ctx, act.User.ID, m.MenteeID, sh, days, "mentor_checkins_read")
	return cs, sh.Any(), err
}

// Mentoring is the actor's mentoring at a glance.
type Mentoring struct {
	AsMentee []MentorshipView `json:"as_mentee"`
	AsMentor []MentorshipView `json:"as_mentor"`
}

// ListMentorships returns the actor's mentorships on both sides.
func (a *App) ListMentorships(ctx context.Context) (*Mentoring, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	ms, err := a.store.ListMentorships(ctx, act.User.ID)
	if err != nil {
		return nil, err
	}
	out := &Mentoring{AsMentee: []MentorshipView{}, AsMentor: []MentorshipView{}}
	for _, m := range ms {
		v := a.mentorshipView(ctx, act.User.ID, m)
		if v.Role == "mentor" {
			out.AsMentor = append(out.AsMentor, v)
		} else {
			out.AsMentee = append(out.AsMentee, v)
		}
	}
	return out, nil
}

// activeMentorOf returns the mentee's active mentor, or "".
func (a *App) activeMentorOf(ctx context.Context, st store.Store, menteeID string) string {
	ms, err := st.ListMentorships(ctx, menteeID)
	if err != nil {
		return ""
	}
	for _, m := range ms {
		if m.MenteeID == menteeID && m.Status == MentorshipActive {
			return m.MentorID
		}
	}
	return ""
}

// activeMentorship reports whether x and y are in an active mentorship.
func (a *App) activeMentorship(ctx context.Context, x, y string) bool {
	return a.activeMentorOf(ctx, a.store, x) == y || a.activeMentorOf(ctx, a.store, y) == x
}

// CohortPlan is an organization's assignment of a cohort, for review.
type CohortPlan struct {
	match.Plan
	Method   string   `json:"method"`
	Problems []string `json:"problems"`
	// Names maps the IDs in the plan to display names, where they are members.
	Names map[string]string `json:"display_names"`
}

// PlanCohort assigns a cohort (uploaded, or mentees chosen among members
// with every available mentor when cohort is empty) by the optimal or the
// stable method. Organization and site admins. People with bad fields are
// listed in Problems and the rest still plans. Errors: forbidden, invalid.
func (a *App) PlanCohort(ctx context.Context, cohort *match.Cohort, menteeIDs []string, method string) (*CohortPlan, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	if act.User.Role != model.RoleOrgAdmin && act.User.Role != model.RoleSiteAdmin {
		return nil, model.Errorf(model.KindForbidden, "only organization admins plan cohorts")
	}
	if method == "" {
		method = "optimal"
	}
	if method != "optimal" && method != "stable" {
		return nil, &model.Error{Kind: model.KindInvalid, Message: "method must be optimal or stable", Fields: map[string]string{"method": "unknown method"}}
	}
	c := match.Cohort{}
	if cohort != nil {
		c = *cohort
	} else {
		if len(menteeIDs) == 0 || len(menteeIDs) > 5000 {
			return nil, &model.Error{Kind: model.KindInvalid, Message: "choose from 1 to 5,000 mentees, or upload a cohort", Fields: map[string]string{"mentee_ids": "choose from 1 to 5,000 mentees"}}
		}
		mentors, _, _, err := a.availableMentors(ctx, map[string]bool{})
		if err != nil {
			return nil, err
		}
		c.Mentors = mentors
		for _, id := range menteeIDs {
			_, sealed, err := a.loadSettings(ctx, id)
			if err != nil {
				continue
			}
			if per, ok := a.person(ctx, id, nil, sealed); ok {
				c.Mentees = append(c.Mentees, per)
			}
		}
	}
	// The instance's weights are checked when they are set; should any
	// that cannot plan get here, the person is told who can fix it.
	if err := a.weights.Validate(); err != nil {
		a.log.Warn("a cohort plan was refused: the matching weights cannot be used", "err", err)
		return nil, errSay(model.KindConflict, "apperrf.cohort_weights")
	}
	clean, problems := c.Clean()
	var plan match.Plan
	if method == "stable" {
		plan, err = match.PlanStable(a.weights, clean)
	} else {
		plan, err = match.PlanOptimal(a.weights, clean)
	}
	if err != nil {
		// The cohort was cleaned and the weights checked above.
		return nil, fmt.Errorf("app: plan a cohort: %w", err)
	}
	out := &CohortPlan{Plan: plan, Method: method, Problems: problems, Names: map[string]string{}}
	if out.Problems == nil {
		out.Problems = []string{}
	}
	for _, as := range plan.Assignments {
		for _, id := range []string{as.Mentee, as.Mentor} {
			if n := a.displayName(ctx, id); n != "" {
				out.Names[id] = n
			}
		}
	}
	a.audit(ctx, act.User.ID, act.User.ID, "cohort_planned", nil)
	return out, nil
}

// PairResult is the outcome of sending one reviewed pair.
type PairResult struct {
	Mentee string  `json:"mentee_id"`
	Mentor string  `json:"mentor_id"`
	ID     *string `json:"mentorship_id" doc:"the mentorship requested; null when the pair failed"`
	Error  *string `json:"error" doc:"why the pair failed, in words a person can act on; null when it was sent"`
}

// SendCohortRequests sends the reviewed (and perhaps adjusted) pairs as
// mentorship requests on the mentees' behalf; each pair succeeds or fails
// on its own. Organization and site admins. Errors: forbidden.
func (a *App) SendCohortRequests(ctx context.Context, pairs []match.Assignment) ([]PairResult, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	if act.User.Role != model.RoleOrgAdmin && act.User.Role != model.RoleSiteAdmin {
		return nil, model.Errorf(model.KindForbidden, "only organization admins send cohort requests")
	}
	out := []PairResult{}
	for _, p := range pairs {
		r := PairResult{Mentee: p.Mentee, Mentor: p.Mentor}
		v, err := a.requestMentor(ctx, p.Mentee, p.Mentor, "Suggested by your program.", act.User.ID)
		if err != nil {
			msg := err.Error()
			r.Error = &msg
		} else {
			r.ID = &v.ID
		}
		out = append(out, r)
	}
	a.audit(ctx, act.User.ID, act.User.ID, "cohort_requests_sent", nil)
	return out, nil
}
