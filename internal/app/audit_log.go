package app

import (
	"context"
	"errors"
	"slices"
	"strings"

	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/store"
)

// The reader's part in an entry of their privacy log (AuditView.ReaderRole).
const (
	// AuditSubject: someone else (or the operator) did it, about the reader.
	AuditSubject = "subject"
	// AuditActor: the reader did it, about another person (the subject).
	AuditActor = "actor"
	// AuditSelf: the reader did it, about themselves or no one person.
	AuditSelf = "self"
)

// AuditView is one audit entry shown to a person it concerns: the one it
// is about, or the one who did it.
type AuditView struct {
	At          model.Timestamp `json:"at"`
	Action      string          `json:"action"`
	Fields      []string        `json:"fields,omitempty"`
	ActorID     string          `json:"actor_id"`
	ActorName   string          `json:"actor_display_name"`
	ActorFormer bool            `json:"actor_former_member,omitempty" doc:"the one who did it has since erased their account (actor_display_name is then \"a former member\")"`
	SubjectID   string          `json:"subject_id"`
	ReaderRole  string          `json:"reader_role" enum:"subject,actor,self" doc:"your part in the entry: subject, someone else (or the operator) did it about you; actor, you did it about another person, named by subject_display_name; self, you did it about yourself or no one person"`
	SubjectName string          `json:"subject_display_name,omitempty" doc:"when reader_role is actor, the person you did it about as you may see them now: their display name, or \"a former member\" once erased (subject_former_member); absent when a block between you hides them from you, or when the entry is about a crisis flag and you no longer moderate"`
	// SubjectFormer says the subject erased their account.
	SubjectFormer bool `json:"subject_former_member,omitempty" doc:"when reader_role is actor: the person it was about has since erased their account"`
	// OrgID and Org name the program an organization_* entry is about, in
	// place of a bare id among its fields (walk5 W5-10).
	OrgID string `json:"organization_id,omitempty" doc:"for an entry about a program (organization_created, organization_discharge, organization_invitation_revoked): the organization's id"`
	Org   string `json:"organization,omitempty" doc:"for an entry about a program: its name now, or \"an organization that no longer exists\""`
}

// goneOrganization names, in an entry of the privacy log, a program that
// has since been deleted.
const goneOrganization = "an organization that no longer exists"

// crisisActions are the audited actions on a crisis flag: that a person's
// words were flagged is for moderators, so a reader who no longer
// moderates is not told whom their earlier work concerned.
var crisisActions = []string{"crisis_queue_", "crisis_flag_message"}

// aboutCrisis reports whether action is work on a crisis flag.
func aboutCrisis(action string) bool {
	for _, p := range crisisActions {
		if strings.HasPrefix(action, p) {
			return true
		}
	}
	return false
}

// MyAudit lists who read the actor's sensitive data and what the actor read
// of others, newest first: the newest 200 entries (AuditPage reads on, and
// an Export's WriteJSON writes them all).
func (a *App) MyAudit(ctx context.Context) ([]AuditView, error) {
	out, _, err := a.AuditPage(ctx, firstPage(200))
	return out, err
}

// AuditPage returns a page of MyAudit and where the next page starts.
// Entries the reader did about another person name that person as the
// reader may see them now (see AuditView.SubjectName).
func (a *App) AuditPage(ctx context.Context, p PageRequest) ([]AuditView, store.Keyset, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, store.Keyset{}, err
	}
	me := act.User.ID
	es, err := a.store.ListAudit(ctx, me, p.After, p.fetch())
	if err != nil {
		return nil, store.Keyset{}, err
	}
	es, next := cutPage(es, p, func(e *model.AuditEntry) store.Keyset { return store.Keyset{At: e.At, ID: e.ID} })
	name := a.namesOnce(ctx)
	orgs := map[string]string{}
	orgName := func(id string) string {
		if n, ok := orgs[id]; ok {
			return n
		}
		o, err := a.store.FindOrganization(ctx, id)
		switch {
		case err == nil:
			orgs[id] = o.Name
		case errors.Is(err, store.ErrNotFound):
			orgs[id] = goneOrganization
		default: // not cached: the next entry asks again
			a.log.Warn("privacy log: organization not read", "err", err)
			return ""
		}
		return orgs[id]
	}
	var blocked map[string]bool // read once, when an entry names another person
	moderates := act.User.Role == model.RoleModerator || act.User.Role == model.RoleSiteAdmin
	out := make([]AuditView, 0, len(es))
	for _, e := range es {
		v := AuditView{At: model.At(e.At), Action: e.Action, Fields: e.Fields, ActorID: e.ActorID, ActorName: name(e.ActorID),
			SubjectID: e.SubjectID, ReaderRole: AuditSubject}
		if e.Action == "group_message_removed" && slices.Equal(e.Fields, []string{"message"}) {
			// A facilitator's hide after a report was logged as a removal
			// until fixes17 (a removal's field is the conversation): say
			// what was done.
			v.Action = "group_message_hidden"
		}
		if strings.HasPrefix(e.Action, "organization_") && len(e.Fields) == 1 {
			v.OrgID, v.Org, v.Fields = e.Fields[0], orgName(e.Fields[0]), nil
		}
		v.ActorFormer = e.ActorID != "" && a.erased(ctx, e.ActorID)
		if e.ActorID == me {
			v.ReaderRole = AuditSelf
			if e.SubjectID != "" && e.SubjectID != me {
				v.ReaderRole = AuditActor
				if blocked == nil {
					blocked = a.blockedSet(ctx, me)
				}
				if !blocked[e.SubjectID] && (moderates || !aboutCrisis(e.Action)) {
					v.SubjectName = name(e.SubjectID)
					v.SubjectFormer = a.erased(ctx, e.SubjectID)
				}
			}
		}
		out = append(out, v)
	}
	return out, next, nil
}
