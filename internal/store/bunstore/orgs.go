package bunstore

import (
	"context"
	"database/sql"
	"sort"
	"strings"
	"time"

	"github.com/kinshiprecovery/kinship/internal/store"
)

// CreateOrganization inserts an organization.
func (s *Store) CreateOrganization(ctx context.Context, o *store.Organization) error {
	_, err := s.w.ExecContext(ctx, "INSERT INTO organizations (id, name, created_at) VALUES (?, ?, ?)", o.ID, s.sealText("org-name", o.ID, o.Name), micros(o.CreatedAt))
	return wrap(err, "create organization")
}

// FindOrganization returns store.ErrNotFound when absent.
func (s *Store) FindOrganization(ctx context.Context, id string) (*store.Organization, error) {
	var o store.Organization
	var at int64
	err := s.readRow(ctx, "SELECT id, name, created_at FROM organizations WHERE id = ?", id).Scan(&o.ID, &o.Name, &at)
	if err != nil {
		return nil, wrap(err, "find organization %s", id)
	}
	if o.Name, err = s.openText("org-name", o.ID, o.Name); err != nil {
		return nil, err
	}
	o.CreatedAt = fromMicros(at)
	return &o, nil
}

// ListOrganizations returns every organization, by name (sorted here:
// names are sealed at rest).
func (s *Store) ListOrganizations(ctx context.Context) ([]*store.Organization, error) {
	rows, err := s.query(ctx, "SELECT id, name, created_at FROM organizations")
	if err != nil {
		return nil, wrap(err, "list organizations")
	}
	defer rows.Close()
	var out []*store.Organization
	for rows.Next() {
		var o store.Organization
		var at int64
		if err := rows.Scan(&o.ID, &o.Name, &at); err != nil {
			return nil, wrap(err, "list organizations")
		}
		var err error
		if o.Name, err = s.openText("org-name", o.ID, o.Name); err != nil {
			return nil, err
		}
		o.CreatedAt = fromMicros(at)
		out = append(out, &o)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Name != out[j].Name {
			return out[i].Name < out[j].Name
		}
		return out[i].ID < out[j].ID
	})
	return out, wrap(rows.Err(), "list organizations")
}

const orgMemberColumns = "org_id, user_id, role, cohort, joined_at, discharged_at"

func scanOrgMember(row interface{ Scan(...any) error }) (*store.OrgMember, error) {
	var m store.OrgMember
	var joined int64
	var discharged sql.NullInt64
	if err := row.Scan(&m.OrgID, &m.UserID, &m.Role, &m.Cohort, &joined, &discharged); err != nil {
		return nil, err
	}
	m.JoinedAt, m.DischargedAt = fromMicros(joined), fromNullMicros(discharged)
	return &m, nil
}

// SaveOrgMember inserts or replaces a membership.
func (s *Store) SaveOrgMember(ctx context.Context, m *store.OrgMember) error {
	_, err := s.w.ExecContext(ctx, `INSERT INTO org_members (`+orgMemberColumns+`) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (org_id, user_id) DO UPDATE SET role = excluded.role, cohort = excluded.cohort, discharged_at = excluded.discharged_at`,
		m.OrgID, m.UserID, m.Role, m.Cohort, micros(m.JoinedAt), nullMicros(m.DischargedAt))
	return wrap(err, "save organization member")
}

// FindOrgMember returns store.ErrNotFound when absent.
func (s *Store) FindOrgMember(ctx context.Context, orgID, userID string) (*store.OrgMember, error) {
	m, err := scanOrgMember(s.readRow(ctx, "SELECT "+orgMemberColumns+" FROM org_members WHERE org_id = ? AND user_id = ?", orgID, userID))
	return m, wrap(err, "find organization member")
}

func (s *Store) queryOrgMembers(ctx context.Context, q string, args ...any) ([]*store.OrgMember, error) {
	return queryList(ctx, s, "list organization members", scanOrgMember, q, args...)
}

// ListOrgMembers returns an organization's people.
func (s *Store) ListOrgMembers(ctx context.Context, orgID string) ([]*store.OrgMember, error) {
	return s.queryOrgMembers(ctx, "SELECT "+orgMemberColumns+" FROM org_members WHERE org_id = ? ORDER BY joined_at, user_id", orgID)
}

// ListUserOrgs returns a person's memberships.
func (s *Store) ListUserOrgs(ctx context.Context, userID string) ([]*store.OrgMember, error) {
	return s.queryOrgMembers(ctx, "SELECT "+orgMemberColumns+" FROM org_members WHERE user_id = ? ORDER BY joined_at", userID)
}

// CreateOrgInvitation stores a code's hash.
func (s *Store) CreateOrgInvitation(ctx context.Context, inv *store.OrgInvitation) error {
	_, err := s.w.ExecContext(ctx, "INSERT INTO org_invitations (code_hash, org_id, cohort, expires_at, created_by, created_at, language, role, email_enc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
		inv.CodeHash, inv.OrgID, inv.Cohort, micros(inv.ExpiresAt), inv.CreatedBy, micros(inv.CreatedAt), inv.Language, inviteRole(inv.Role), inv.Email)
	return wrap(err, "create invitation")
}

// ListOrgInvitations returns an organization's codes, newest first.
func (s *Store) ListOrgInvitations(ctx context.Context, orgID string) ([]*store.OrgInvitation, error) {
	rows, err := s.query(ctx, "SELECT code_hash, org_id, cohort, expires_at, used_by, used_at, created_by, created_at, language, role, email_enc FROM org_invitations WHERE org_id = ? ORDER BY created_at DESC, code_hash", orgID)
	if err != nil {
		return nil, wrap(err, "list invitations")
	}
	defer rows.Close()
	var out []*store.OrgInvitation
	for rows.Next() {
		var inv store.OrgInvitation
		var exp, created int64
		var used sql.NullInt64
		if err := rows.Scan(&inv.CodeHash, &inv.OrgID, &inv.Cohort, &exp, &inv.UsedBy, &used, &inv.CreatedBy, &created, &inv.Language, &inv.Role, &inv.Email); err != nil {
			return nil, wrap(err, "list invitations")
		}
		inv.ExpiresAt, inv.UsedAt, inv.CreatedAt = fromMicros(exp), fromNullMicros(used), fromMicros(created)
		out = append(out, &inv)
	}
	return out, wrap(rows.Err(), "list invitations")
}

// inviteRole is the place an invitation gives: "client" unless it says
// otherwise (a code made before codes could be for alumni).
func inviteRole(role string) string {
	if role == "" {
		return "client"
	}
	return role
}

// ExpireOrgInvitation ends an unused, unexpired code at once.
func (s *Store) ExpireOrgInvitation(ctx context.Context, orgID, codeHash string, now time.Time) error {
	res, err := s.w.ExecContext(ctx, "UPDATE org_invitations SET expires_at = ? WHERE org_id = ? AND code_hash = ? AND used_by = '' AND expires_at > ?", micros(now), orgID, codeHash, micros(now))
	if err != nil {
		return wrap(err, "expire invitation")
	}
	return notFoundUnless(res, "expire invitation")
}

// FindOrgInvitation returns a code by its hash; store.ErrNotFound when none.
func (s *Store) FindOrgInvitation(ctx context.Context, codeHash string) (*store.OrgInvitation, error) {
	var inv store.OrgInvitation
	var exp, created int64
	var used sql.NullInt64
	err := s.r.QueryRowContext(ctx, "SELECT code_hash, org_id, cohort, expires_at, used_by, used_at, created_by, created_at, language, role, email_enc FROM org_invitations WHERE code_hash = ?", codeHash).
		Scan(&inv.CodeHash, &inv.OrgID, &inv.Cohort, &exp, &inv.UsedBy, &used, &inv.CreatedBy, &created, &inv.Language, &inv.Role, &inv.Email)
	if err != nil {
		return nil, wrap(err, "find invitation")
	}
	inv.ExpiresAt, inv.UsedAt, inv.CreatedAt = fromMicros(exp), fromNullMicros(used), fromMicros(created)
	return &inv, nil
}

// UseOrgInvitation marks an unused, unexpired code used; store.ErrNotFound otherwise.
func (s *Store) UseOrgInvitation(ctx context.Context, codeHash, userID string, now time.Time) (*store.OrgInvitation, error) {
	res, err := s.w.ExecContext(ctx, "UPDATE org_invitations SET used_by = ?, used_at = ? WHERE code_hash = ? AND used_by = '' AND expires_at > ?", userID, micros(now), codeHash, micros(now))
	if err != nil {
		return nil, wrap(err, "use invitation")
	}
	if err := notFoundUnless(res, "use invitation"); err != nil {
		return nil, err
	}
	var inv store.OrgInvitation
	var exp, created int64
	err = s.w.QueryRowContext(ctx, "SELECT code_hash, org_id, cohort, expires_at, used_by, created_by, created_at, language, role FROM org_invitations WHERE code_hash = ?", codeHash).
		Scan(&inv.CodeHash, &inv.OrgID, &inv.Cohort, &exp, &inv.UsedBy, &inv.CreatedBy, &created, &inv.Language, &inv.Role)
	inv.ExpiresAt, inv.CreatedAt = fromMicros(exp), fromMicros(created)
	return &inv, wrap(err, "use invitation")
}

const consentColumns = "id, user_id, org_id, recipient_id, data, purpose, starts_at, ends_at, signed_at, revoked_at, start_day, end_day"

func scanConsent(row interface{ Scan(...any) error }) (*store.Consent, error) {
	var c store.Consent
	var data string
	var starts, ends, signed int64
	var revoked sql.NullInt64
	if err := row.Scan(&c.ID, &c.UserID, &c.OrgID, &c.RecipientID, &data, &c.Purpose, &starts, &ends, &signed, &revoked, &c.StartDay, &c.EndDay); err != nil {
		return nil, err
	}
	c.Data = strings.Split(data, ",")
	c.StartsAt, c.EndsAt, c.SignedAt, c.RevokedAt = fromMicros(starts), fromMicros(ends), fromMicros(signed), fromNullMicros(revoked)
	return &c, nil
}

// CreateConsent inserts a consent.
func (s *Store) CreateConsent(ctx context.Context, c *store.Consent) error {
	_, err := s.w.ExecContext(ctx, "INSERT INTO consents ("+consentColumns+") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		c.ID, c.UserID, c.OrgID, c.RecipientID, strings.Join(c.Data, ","), s.sealText("consent-purpose", c.ID, c.Purpose), micros(c.StartsAt), micros(c.EndsAt), micros(c.SignedAt), nullMicros(c.RevokedAt),
		c.StartDay, c.EndDay)
	return wrap(err, "create consent")
}

// FindConsent returns store.ErrNotFound when absent.
func (s *Store) FindConsent(ctx context.Context, id string) (*store.Consent, error) {
	c, err := scanConsent(s.readRow(ctx, "SELECT "+consentColumns+" FROM consents WHERE id = ?", id))
	if err != nil {
		return nil, wrap(err, "find consent %s", id)
	}
	c.Purpose, err = s.openText("consent-purpose", c.ID, c.Purpose)
	return c, err
}

// RevokeConsent marks a consent revoked.
func (s *Store) RevokeConsent(ctx context.Context, id string, at time.Time) error {
	_, err := s.w.ExecContext(ctx, "UPDATE consents SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", micros(at), id)
	return wrap(err, "revoke consent %s", id)
}

// ListConsents returns a member's consents, newest first.
func (s *Store) ListConsents(ctx context.Context, userID string) ([]*store.Consent, error) {
	rows, err := s.query(ctx, "SELECT "+consentColumns+" FROM consents WHERE user_id = ? ORDER BY signed_at DESC, id DESC", userID)
	if err != nil {
		return nil, wrap(err, "list consents")
	}
	defer rows.Close()
	var out []*store.Consent
	for rows.Next() {
		c, err := scanConsent(rows)
		if err != nil {
			return nil, wrap(err, "list consents")
		}
		if c.Purpose, err = s.openText("consent-purpose", c.ID, c.Purpose); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, wrap(rows.Err(), "list consents")
}

// CreateDisclosure records a view under a consent.
func (s *Store) CreateDisclosure(ctx context.Context, d *store.Disclosure) error {
	_, err := s.w.ExecContext(ctx, "INSERT INTO disclosures (id, consent_id, user_id, viewer_id, data, at) VALUES (?, ?, ?, ?, ?, ?)",
		d.ID, d.ConsentID, d.UserID, d.ViewerID, strings.Join(d.Data, ","), micros(d.At))
	return wrap(err, "record disclosure")
}

// ListDisclosures returns a member's disclosures, newest first.
func (s *Store) ListDisclosures(ctx context.Context, userID string) ([]*store.Disclosure, error) {
	rows, err := s.query(ctx, "SELECT id, consent_id, user_id, viewer_id, data, at FROM disclosures WHERE user_id = ? ORDER BY at DESC, id DESC LIMIT 500", userID)
	if err != nil {
		return nil, wrap(err, "list disclosures")
	}
	defer rows.Close()
	var out []*store.Disclosure
	for rows.Next() {
		var d store.Disclosure
		var data string
		var at int64
		if err := rows.Scan(&d.ID, &d.ConsentID, &d.UserID, &d.ViewerID, &data, &at); err != nil {
			return nil, wrap(err, "list disclosures")
		}
		d.Data, d.At = strings.Split(data, ","), fromMicros(at)
		out = append(out, &d)
	}
	return out, wrap(rows.Err(), "list disclosures")
}

// CountCheckedInSince counts the given people who checked in on or after date.
func (s *Store) CountCheckedInSince(ctx context.Context, userIDs []string, date string) (int, error) {
	if len(userIDs) == 0 {
		return 0, nil
	}
	args := []any{date}
	for _, id := range userIDs {
		args = append(args, id)
	}
	var n int
	err := s.r.QueryRowContext(ctx, "SELECT COUNT(DISTINCT user_id) FROM checkins WHERE local_date >= ? AND user_id IN ("+strings.TrimSuffix(strings.Repeat("?, ", len(userIDs)), ", ")+")", args...).Scan(&n)
	return n, wrap(err, "count check-ins")
}

// DeleteUserOrgData removes a person's memberships, consents and disclosures.
func (s *Store) DeleteUserOrgData(ctx context.Context, userID string) error {
	for _, q := range []string{
		"DELETE FROM disclosures WHERE user_id = ?",
		"DELETE FROM consents WHERE user_id = ?",
		"DELETE FROM org_members WHERE user_id = ?",
	} {
		if _, err := s.w.ExecContext(ctx, q, userID); err != nil {
			return wrap(err, "delete organization data of %s", userID)
		}
	}
	return nil
}
