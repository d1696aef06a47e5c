package bunstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"
	"time"

	"github.com/kinshiprecovery/kinship/internal/store"
)

const flagColumns = "id, user_id, surface, ref, level, categories, severity, context_enc, status, note_enc, handled_by, handled_at, created_at, source, reported_by, verdict, verdict_by, verdict_at, changed_at, earlier_id, superseded_at"

func scanFlag(row interface{ Scan(...any) error }) (*store.SafetyFlag, error) {
	var f store.SafetyFlag
	var cats string
	var handled, judged, changed, superseded sql.NullInt64
	var created int64
	if err := row.Scan(&f.ID, &f.UserID, &f.Surface, &f.Ref, &f.Level, &cats, &f.Severity, &f.Sealed, &f.Status, &f.NoteSealed, &f.HandledBy, &handled, &created,
		&f.Source, &f.ReportedBy, &f.Verdict, &f.VerdictBy, &judged, &changed, &f.EarlierID, &superseded); err != nil {
		return nil, err
	}
	f.VerdictAt, f.ChangedAt, f.SupersededAt = fromNullMicros(judged), fromNullMicros(changed), fromNullMicros(superseded)
	if cats != "" {
		f.Categories = strings.Split(cats, ",")
	}
	f.HandledAt, f.CreatedAt = fromNullMicros(handled), fromMicros(created)
	return &f, nil
}

// CreateSafetyFlag inserts a crisis-queue item.
func (s *Store) CreateSafetyFlag(ctx context.Context, f *store.SafetyFlag) error {
	if f.Status == "" {
		f.Status = "open"
	}
	if f.Source == "" {
		f.Source = "check"
	}
	_, err := s.w.ExecContext(ctx, "INSERT INTO safety_flags ("+flagColumns+") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		f.ID, f.UserID, f.Surface, f.Ref, f.Level, strings.Join(f.Categories, ","), f.Severity, f.Sealed, f.Status, f.NoteSealed, f.HandledBy, nullMicros(f.HandledAt), micros(f.CreatedAt),
		f.Source, f.ReportedBy, f.Verdict, f.VerdictBy, nullMicros(f.VerdictAt), nullMicros(f.ChangedAt), f.EarlierID, nullMicros(f.SupersededAt))
	return wrap(err, "create safety flag")
}

// FindSafetyFlag returns store.ErrNotFound when absent.
func (s *Store) FindSafetyFlag(ctx context.Context, id string) (*store.SafetyFlag, error) {
	f, err := scanFlag(s.readRow(ctx, "SELECT "+flagColumns+" FROM safety_flags WHERE id = ?", id))
	return f, wrap(err, "find safety flag %s", id)
}

// ListSafetyFlags returns flags by severity, then age.
func (s *Store) ListSafetyFlags(ctx context.Context, statuses []string, after store.Keyset, limit int) ([]*store.SafetyFlag, error) {
	args := []any{}
	for _, st := range statuses {
		args = append(args, st)
	}
	q, args := rankAfter("SELECT "+flagColumns+" FROM safety_flags WHERE status IN ("+strings.TrimSuffix(strings.Repeat("?, ", len(args)), ", ")+")",
		args, after, "severity", "created_at", "id")
	return queryList(ctx, s, "list safety flags", scanFlag, q+" ORDER BY severity DESC, created_at, id LIMIT ?", append(args, limit)...)
}

// CountSafetyFlags counts flags with the statuses.
func (s *Store) CountSafetyFlags(ctx context.Context, statuses []string) (int, error) {
	args := []any{}
	for _, st := range statuses {
		args = append(args, st)
	}
	var n int
	err := s.readRow(ctx, "SELECT COUNT(*) FROM safety_flags WHERE status IN ("+strings.TrimSuffix(strings.Repeat("?, ", len(args)), ", ")+")", args...).Scan(&n)
	return n, wrap(err, "count safety flags")
}

// CountSafetyFlagsAfter counts flags with the statuses after the position.
func (s *Store) CountSafetyFlagsAfter(ctx context.Context, statuses []string, after store.Keyset) (int, error) {
	args := []any{}
	for _, st := range statuses {
		args = append(args, st)
	}
	q, args := rankAfter("SELECT COUNT(*) FROM safety_flags WHERE status IN ("+strings.TrimSuffix(strings.Repeat("?, ", len(args)), ", ")+")",
		args, after, "severity", "created_at", "id")
	var n int
	err := s.readRow(ctx, q, args...).Scan(&n)
	return n, wrap(err, "count safety flags")
}

// SetSafetyFlagVerdict records a moderator's judgement of a flag.
func (s *Store) SetSafetyFlagVerdict(ctx context.Context, id, verdict, by string, at time.Time) error {
	res, err := s.w.ExecContext(ctx, "UPDATE safety_flags SET verdict = ?, verdict_by = ?, verdict_at = ? WHERE id = ?", verdict, by, micros(at), id)
	if err != nil {
		return wrap(err, "judge safety flag %s", id)
	}
	return notFoundUnless(res, "judge safety flag %s", id)
}

// ListJudgedSafetyFlags returns flags with a verdict or raised by a report, oldest first.
func (s *Store) ListJudgedSafetyFlags(ctx context.Context) ([]*store.SafetyFlag, error) {
	return queryList(ctx, s, "list judged safety flags", scanFlag, "SELECT "+flagColumns+" FROM safety_flags WHERE verdict <> '' OR source = 'report' ORDER BY created_at, id")
}

// FindItemSafetyFlag returns the flag raised on a person's item, by the
// check or a report: the one not yet resolved, else the newest.
func (s *Store) FindItemSafetyFlag(ctx context.Context, userID, ref string) (*store.SafetyFlag, error) {
	f, err := scanFlag(s.readRow(ctx, "SELECT "+flagColumns+" FROM safety_flags WHERE ref = ? AND user_id = ?"+
		" ORDER BY CASE WHEN status = 'resolved' THEN 1 ELSE 0 END, created_at DESC, id DESC LIMIT 1",
		ref, userID))
	return f, wrap(err, "find safety flag on %s", ref)
}

// SetSafetyFlagReporter records a flag's reporter unless it has one.
func (s *Store) SetSafetyFlagReporter(ctx context.Context, id, reporterID string) error {
	res, err := s.w.ExecContext(ctx, "UPDATE safety_flags SET reported_by = ? WHERE id = ? AND reported_by = ''", reporterID, id)
	if err != nil {
		return wrap(err, "set safety flag reporter %s", id)
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		if _, err := s.FindSafetyFlag(ctx, id); err != nil {
			return err
		}
	}
	return nil
}

// SetSafetyFlagChanged records when a flag's item changed into words that
// raise no flag (nil: its newest words are the flag's again).
func (s *Store) SetSafetyFlagChanged(ctx context.Context, id string, at *time.Time) error {
	res, err := s.w.ExecContext(ctx, "UPDATE safety_flags SET changed_at = ? WHERE id = ?", nullMicros(at), id)
	if err != nil {
		return wrap(err, "set safety flag changed %s", id)
	}
	return notFoundUnless(res, "set safety flag changed %s", id)
}

// UpdateSafetyFlagText writes a flag's text, level, categories and
// severity, and clears its verdict and its changed mark.
func (s *Store) UpdateSafetyFlagText(ctx context.Context, f *store.SafetyFlag) error {
	f.Verdict, f.VerdictBy, f.VerdictAt, f.ChangedAt = "", "", nil, nil
	res, err := s.w.ExecContext(ctx, "UPDATE safety_flags SET context_enc = ?, level = ?, categories = ?, severity = ?, verdict = '', verdict_by = '', verdict_at = NULL, changed_at = NULL WHERE id = ?",
		f.Sealed, f.Level, strings.Join(f.Categories, ","), f.Severity, f.ID)
	if err != nil {
		return wrap(err, "update safety flag text %s", f.ID)
	}
	return notFoundUnless(res, "update safety flag text %s", f.ID)
}

// SupersedeSafetyFlag closes a flag not yet resolved because its item
// was raised again: resolved, with when, its handler left as it was.
func (s *Store) SupersedeSafetyFlag(ctx context.Context, id string, at time.Time) error {
	res, err := s.w.ExecContext(ctx, "UPDATE safety_flags SET status = 'resolved', superseded_at = ? WHERE id = ? AND status <> 'resolved'", micros(at), id)
	if err != nil {
		return wrap(err, "supersede safety flag %s", id)
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		if _, err := s.FindSafetyFlag(ctx, id); err != nil {
			return err
		}
	}
	return nil
}

// ListModeratorIDs returns moderators, then site admins, not erased.
func (s *Store) ListModeratorIDs(ctx context.Context) ([]string, error) {
	return s.queryIDs(ctx, "list moderators", "SELECT id FROM users WHERE deleted_at IS NULL AND role IN ('moderator', 'site_admin') ORDER BY CASE role WHEN 'moderator' THEN 0 ELSE 1 END, created_at, id")
}

// UpdateSafetyFlag writes status, note and handler.
func (s *Store) UpdateSafetyFlag(ctx context.Context, f *store.SafetyFlag) error {
	res, err := s.w.ExecContext(ctx, "UPDATE safety_flags SET status = ?, note_enc = ?, handled_by = ?, handled_at = ? WHERE id = ?",
		f.Status, f.NoteSealed, f.HandledBy, nullMicros(f.HandledAt), f.ID)
	if err != nil {
		return wrap(err, "update safety flag %s", f.ID)
	}
	return notFoundUnless(res, "update safety flag %s", f.ID)
}

const alertColumns = "id, user_id, status, stage, escalate_at, responder_id, acknowledged_at, resolved_by, resolved_at, note_enc, created_at"

func scanAlert(row interface{ Scan(...any) error }) (*store.SupportAlert, error) {
	var a store.SupportAlert
	var esc, created int64
	var ack, resolved sql.NullInt64
	if err := row.Scan(&a.ID, &a.UserID, &a.Status, &a.Stage, &esc, &a.ResponderID, &ack, &a.ResolvedBy, &resolved, &a.NoteSealed, &created); err != nil {
		return nil, err
	}
	a.EscalateAt, a.AcknowledgedAt, a.ResolvedAt, a.CreatedAt = fromMicros(esc), fromNullMicros(ack), fromNullMicros(resolved), fromMicros(created)
	return &a, nil
}

// CreateSupportAlert inserts an alert.
func (s *Store) CreateSupportAlert(ctx context.Context, a *store.SupportAlert) error {
	_, err := s.w.ExecContext(ctx, "INSERT INTO support_alerts ("+alertColumns+") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		a.ID, a.UserID, a.Status, a.Stage, micros(a.EscalateAt), a.ResponderID, nullMicros(a.AcknowledgedAt), a.ResolvedBy, nullMicros(a.ResolvedAt), a.NoteSealed, micros(a.CreatedAt))
	return wrap(err, "create support alert")
}

// FindSupportAlert returns store.ErrNotFound when absent.
func (s *Store) FindSupportAlert(ctx context.Context, id string) (*store.SupportAlert, error) {
	a, err := scanAlert(s.readRow(ctx, "SELECT "+alertColumns+" FROM support_alerts WHERE id = ?", id))
	return a, wrap(err, "find support alert %s", id)
}

// UpdateSupportAlert writes every mutable field.
func (s *Store) UpdateSupportAlert(ctx context.Context, a *store.SupportAlert) error {
	res, err := s.w.ExecContext(ctx, "UPDATE support_alerts SET status = ?, stage = ?, escalate_at = ?, responder_id = ?, acknowledged_at = ?, resolved_by = ?, resolved_at = ?, note_enc = ? WHERE id = ?",
		a.Status, a.Stage, micros(a.EscalateAt), a.ResponderID, nullMicros(a.AcknowledgedAt), a.ResolvedBy, nullMicros(a.ResolvedAt), a.NoteSealed, a.ID)
	if err != nil {
		return wrap(err, "update support alert %s", a.ID)
	}
	return notFoundUnless(res, "update support alert %s", a.ID)
}

func (s *Store) queryAlerts(ctx context.Context, q string, args ...any) ([]*store.SupportAlert, error) {
	return queryList(ctx, s, "list support alerts", scanAlert, q, args...)
}

// ListSupportAlerts returns a member's alerts, newest first.
func (s *Store) ListSupportAlerts(ctx context.Context, userID string, after store.Keyset, limit int) ([]*store.SupportAlert, error) {
	q, args := keysetAfter("SELECT "+alertColumns+" FROM support_alerts WHERE user_id = ?", []any{userID}, after, "created_at", "id", true)
	return s.queryAlerts(ctx, q+" ORDER BY created_at DESC, id DESC LIMIT ?", append(args, limit)...)
}

// ListOpenSupportAlerts returns unresolved alerts, newest first.
func (s *Store) ListOpenSupportAlerts(ctx context.Context, after store.Keyset, limit int) ([]*store.SupportAlert, error) {
	q, args := keysetAfter("SELECT "+alertColumns+" FROM support_alerts WHERE status <> 'resolved'", nil, after, "created_at", "id", true)
	return s.queryAlerts(ctx, q+" ORDER BY created_at DESC, id DESC LIMIT ?", append(args, limit)...)
}

// ListSupportAlertsWaitingForDuty returns open, unanswered alerts escalated to
// whoever is on duty, longest waiting first (the support_alerts_open index).
func (s *Store) ListSupportAlertsWaitingForDuty(ctx context.Context, limit int) ([]*store.SupportAlert, error) {
	return s.queryAlerts(ctx, "SELECT "+alertColumns+" FROM support_alerts WHERE status = 'open' AND stage = 'on_duty' AND responder_id = '' ORDER BY created_at, id LIMIT ?", limit)
}

// SetOnDuty puts a person on or off the roster.
func (s *Store) SetOnDuty(ctx context.Context, userID string, on bool, at time.Time) error {
	var err error
	if on {
		_, err = s.w.ExecContext(ctx, "INSERT INTO on_duty (user_id, since) VALUES (?, ?) ON CONFLICT (user_id) DO NOTHING", userID, micros(at))
	} else {
		_, err = s.w.ExecContext(ctx, "DELETE FROM on_duty WHERE user_id = ?", userID)
	}
	return wrap(err, "set on duty")
}

// ListOnDuty returns the people on duty, longest on duty first.
func (s *Store) ListOnDuty(ctx context.Context) ([]string, error) {
	return s.queryIDs(ctx, "list on duty", "SELECT user_id FROM on_duty ORDER BY since, user_id")
}

const crisisResourceColumns = "id, country, name, contact, kind, description, position, languages, updated_at, descriptions"

// ListCrisisResources returns a country's resources in order.
func (s *Store) ListCrisisResources(ctx context.Context, country string) ([]*store.CrisisResource, error) {
	q, args := "SELECT "+crisisResourceColumns+" FROM crisis_resources", []any{}
	if country != "" {
		q += " WHERE country = ?"
		args = append(args, country)
	}
	rows, err := s.query(ctx, q+" ORDER BY country, position, name", args...)
	if err != nil {
		return nil, wrap(err, "list crisis resources")
	}
	defer rows.Close()
	var out []*store.CrisisResource
	for rows.Next() {
		var r store.CrisisResource
		var at int64
		var langs, descs string
		if err := rows.Scan(&r.ID, &r.Country, &r.Name, &r.Contact, &r.Kind, &r.Description, &r.Position, &langs, &at, &descs); err != nil {
			return nil, wrap(err, "list crisis resources")
		}
		r.UpdatedAt = fromMicros(at)
		if descs != "" {
			if err := json.Unmarshal([]byte(descs), &r.Descriptions); err != nil {
				return nil, wrap(err, "list crisis resources: descriptions of %s", r.ID)
			}
		}
		if langs != "" {
			r.Languages = strings.Split(langs, ",")
		}
		out = append(out, &r)
	}
	return out, wrap(rows.Err(), "list crisis resources")
}

// SaveCrisisResource inserts or replaces one.
func (s *Store) SaveCrisisResource(ctx context.Context, r *store.CrisisResource) error {
	descs := ""
	if len(r.Descriptions) > 0 {
		b, err := json.Marshal(r.Descriptions)
		if err != nil {
			return wrap(err, "save crisis resource")
		}
		descs = string(b)
	}
	_, err := s.w.ExecContext(ctx, `INSERT INTO crisis_resources (`+crisisResourceColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET country = excluded.country, name = excluded.name, contact = excluded.contact, kind = excluded.kind,
		description = excluded.description, position = excluded.position, languages = excluded.languages, updated_at = excluded.updated_at,
		descriptions = excluded.descriptions`,
		r.ID, r.Country, r.Name, r.Contact, r.Kind, r.Description, r.Position, strings.Join(r.Languages, ","), micros(r.UpdatedAt), descs)
	return wrap(err, "save crisis resource")
}

// DeleteCrisisResource removes one.
func (s *Store) DeleteCrisisResource(ctx context.Context, id string) error {
	res, err := s.w.ExecContext(ctx, "DELETE FROM crisis_resources WHERE id = ?", id)
	if err != nil {
		return wrap(err, "delete crisis resource %s", id)
	}
	return notFoundUnless(res, "delete crisis resource %s", id)
}

// FindSafetyPlan returns store.ErrNotFound when the person has no plan.
func (s *Store) FindSafetyPlan(ctx context.Context, userID string) ([]byte, time.Time, error) {
	var sealed []byte
	var at int64
	if err := s.readRow(ctx, "SELECT sealed, updated_at FROM safety_plans WHERE user_id = ?", userID).Scan(&sealed, &at); err != nil {
		return nil, time.Time{}, wrap(err, "find safety plan of %s", userID)
	}
	return sealed, fromMicros(at), nil
}

// PutSafetyPlan inserts or replaces a person's plan.
func (s *Store) PutSafetyPlan(ctx context.Context, userID string, sealed []byte, updatedAt time.Time) error {
	_, err := s.w.ExecContext(ctx, "INSERT INTO safety_plans (user_id, sealed, updated_at) VALUES (?, ?, ?) "+
		"ON CONFLICT (user_id) DO UPDATE SET sealed = excluded.sealed, updated_at = excluded.updated_at", userID, sealed, micros(updatedAt))
	return wrap(err, "save safety plan of %s", userID)
}

// DeleteUserSafetyData removes a person's flags, alerts, roster place and plan.
func (s *Store) DeleteUserSafetyData(ctx context.Context, userID string) error {
	for _, q := range []string{
		"DELETE FROM safety_flags WHERE user_id = ?",
		"DELETE FROM support_alerts WHERE user_id = ?",
		"DELETE FROM on_duty WHERE user_id = ?",
		"DELETE FROM safety_plans WHERE user_id = ?",
	} {
		if _, err := s.w.ExecContext(ctx, q, userID); err != nil {
			return wrap(err, "delete safety data of %s", userID)
		}
	}
	return nil
}
