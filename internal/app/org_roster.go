package app

import (
	"context"
	"strings"
	"time"
	"unicode"

	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/store"
)

// RosterMax is the most addresses one list of people to invite may hold:
// a program brings its roster a few hundred at a time, and each address
// is a code and an email made in one transaction.
const RosterMax = 200

// RosterRow is one address of a list of people to invite, as written, and
// where it stands: At is its line on a page (from 1) or its place in the
// API's list (from 0).
type RosterRow struct {
	At   int
	Text string
}

// RosterProblem is a row of a list that cannot be invited, and why, in
// catalog words ("'ana@' is not an email address").
type RosterProblem struct {
	At   int
	Text string
	Why  *model.Msg
}

// RosterLines reads a list typed or pasted on a page: one address a line,
// or several on a line apart by commas or semicolons. Blank rows are left
// out; each row keeps the number of the line it stands on.
func RosterLines(text string) []RosterRow {
	var rows []RosterRow
	for i, line := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		for _, part := range strings.FieldsFunc(line, func(r rune) bool { return r == ',' || r == ';' || r == '\r' }) {
			if part = strings.TrimSpace(part); part != "" {
				rows = append(rows, RosterRow{At: i + 1, Text: part})
			}
		}
	}
	return rows
}

// several says whether text holds more than one address: two or more
// parts apart by a comma, a semicolon, a space or a line that each hold
// an "@". Words with no "@" among them ("not an address", "dee@example
// org") are not several addresses but not one (walk13 W13-8: "not an
// address" was called "more than one address").
func several(text string) bool {
	parts := strings.FieldsFunc(text, func(r rune) bool { return r == ',' || r == ';' || unicode.IsSpace(r) })
	at := 0
	for _, p := range parts {
		if strings.Contains(p, "@") {
			at++
		}
	}
	return at > 1
}

// CheckRoster returns the addresses of rows to invite, each once (an
// address written twice, in any case, is invited once: at its first
// row), and the rows that cannot be invited, in order. Errors: invalid
// when the list holds no address, or more than RosterMax.
func CheckRoster(rows []RosterRow) (emails []string, problems []RosterProblem, err error) {
	seen := map[string]bool{}
	for _, r := range rows {
		text := strings.TrimSpace(r.Text)
		switch {
		case text == "":
			problems = append(problems, RosterProblem{At: r.At, Text: text, Why: say("apperrf.roster_empty")})
		case several(text):
			problems = append(problems, RosterProblem{At: r.At, Text: text, Why: say("apperrf.roster_several", "Text", text)})
		case model.ValidateEmail(text) != "":
			problems = append(problems, RosterProblem{At: r.At, Text: text, Why: say("apperrf.roster_not_email", "Text", text)})
		case !seen[strings.ToLower(text)]:
			seen[strings.ToLower(text)] = true
			emails = append(emails, text)
		}
	}
	switch n := len(emails) + len(problems); {
	case n == 0:
		return nil, nil, errSay(model.KindInvalid, "apperrf.roster_none")
	case len(emails) > RosterMax:
		return nil, nil, errSay(model.KindInvalid, "apperrf.roster_too_many", "Max", RosterMax, "Count", len(emails))
	}
	return emails, problems, nil
}

// RosterResult is what inviting a list did.
type RosterResult struct {
	// Sent are the codes made, one for each address, each emailed.
	Sent []InvitationView
	// Refused are the rows that are not one address, in order.
	Refused []RosterProblem
	// Open are the addresses sent nothing, since a code emailed to them
	// before is still open (walk15 W15-8: a list sent twice gave everyone
	// a second code), in order.
	Open []OpenCode
}

// OpenCode is an address of a list that was not sent a code, since the
// one emailed to it at SentAt is still open. At is its row's place.
type OpenCode struct {
	At     int
	Email  string
	SentAt time.Time
}

// InviteRoster makes a code for each address of rows that is one address,
// as in says (its Email is left aside), and emails each its own, in one
// transaction; the rows that are not one address are reported, in order,
// and the rest invited (the project's rule for imports). An address that
// has an open code emailed to it is not sent another but reported. field
// names where a row stands for its error ("emails[2]"), and field(-1) the
// list as a whole ("emails"), for an empty or too long one. The
// organization's admins. Errors: invalid (no row is an address, naming
// each by field; no address, or more than RosterMax), not_found,
// forbidden.
func (a *App) InviteRoster(ctx context.Context, orgID string, in InviteInput, rows []RosterRow, field func(at int) string) (*RosterResult, error) {
	act, in, err := a.checkInvite(ctx, orgID, in)
	if err != nil {
		return nil, err
	}
	emails, problems, err := CheckRoster(rows)
	if e, ok := err.(*model.Error); ok && e.Msg != nil {
		return nil, e.WithField(field(-1), e.Msg)
	}
	if err != nil {
		return nil, err
	}
	if len(emails) == 0 {
		e := errSay(model.KindInvalid, "apperrf.roster_refused", "Count", len(problems))
		for _, p := range problems {
			e.WithField(field(p.At), p.Why)
		}
		return nil, e
	}
	res := &RosterResult{Refused: problems}
	err = a.store.InTx(ctx, func(tx store.Store) error {
		res.Sent, res.Open = make([]InvitationView, 0, len(emails)), nil
		open, err := a.openCodes(ctx, tx, orgID)
		if err != nil {
			return err
		}
		for _, email := range emails {
			if at, ok := open[strings.ToLower(email)]; ok {
				res.Open = append(res.Open, OpenCode{At: rowOf(rows, email), Email: email, SentAt: at})
				continue
			}
			in.Email = email
			v, err := a.makeInvitation(ctx, tx, act, orgID, in)
			if err != nil {
				return err
			}
			res.Sent = append(res.Sent, *v)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// openCodes returns, for each address (in lower case) an open code of
// the organization was emailed to, when the newest such code was made.
func (a *App) openCodes(ctx context.Context, tx store.Store, orgID string) (map[string]time.Time, error) {
	invs, err := tx.ListOrgInvitations(ctx, orgID)
	if err != nil {
		return nil, err
	}
	now := a.now()
	open := map[string]time.Time{}
	for _, inv := range invs {
		if inv.UsedBy != "" || !inv.ExpiresAt.After(now) {
			continue
		}
		if e := strings.ToLower(a.invitationEmail(inv)); e != "" && inv.CreatedAt.After(open[e]) {
			open[e] = inv.CreatedAt
		}
	}
	return open, nil
}

// rowOf is the place of the first row of rows that holds email.
func rowOf(rows []RosterRow, email string) int {
	for _, r := range rows {
		if strings.EqualFold(strings.TrimSpace(r.Text), email) {
			return r.At
		}
	}
	return 0
}
