package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/kinshiprecovery/kinship/internal/i18n"
	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/realtime"
)

func migrate(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	// Opening the store applies every pending migration (under an advisory
	// lock on PostgreSQL), so migrate only needs to open and report.
	n, rest, err := open(ctx, "kinship migrate", args, getenv, stderr, nil)
	if err != nil {
		return err
	}
	defer n.store.Close()
	if len(rest) > 0 {
		return usageError{fmt.Sprintf("migrate takes no arguments, got %q", rest)}
	}
	applied, latest, err := n.store.MigrationStatus(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "database is at migration %d of %d (%d applied)\n", latest, latest, len(applied))
	return nil
}

func admin(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	var email, name, role, until, reason, zone, lang string
	flags := func(fs *flag.FlagSet) {
		fs.StringVar(&email, "email", "", "the account's email")
		fs.StringVar(&name, "display-name", "", "the display name, for create-user (a pseudonym is fine)")
		fs.StringVar(&zone, "timezone", "", "for create-user: the person's time zone (America/Chicago, a city, or a name like Eastern), so that their days are their own; they can change it on their profile")
		fs.StringVar(&lang, "language", "", "for create-user: the language the person reads Kinship in ("+strings.Join(i18n.Load().Codes(), ", ")+"), for their emails from the first; without it an account takes the language of the page it first signs in on")
		fs.StringVar(&role, "role", "member", "member, mentor, facilitator, moderator, org_admin or site_admin")
		fs.StringVar(&until, "until", "", "for suspend: when the suspension ends, 2026-12-12 (the start of that day, UTC) or 2026-12-12T18:00:00-06:00; 7 days from now when left out")
		fs.StringVar(&reason, "reason", "", "for suspend and ban: the reason, which the person is told")
	}
	// Flags may stand before or after the action, so parse first, then read it.
	n, rest, err := open(ctx, "kinship admin", args, getenv, stderr, flags)
	if err != nil {
		return err
	}
	defer n.store.Close()
	if len(rest) != 1 {
		fmt.Fprint(stderr, usage)
		if len(rest) == 0 {
			return usageError{"admin needs one action: " + adminActions}
		}
		return usageError{fmt.Sprintf("admin takes one action, got %q", rest)}
	}
	action := rest[0]
	// Signing someone out or changing their role closes their open sockets
	// on the running nodes: tell them through the broker.
	id := "admin-" + nodeID()
	broker, _, err := n.broker("kinship-" + id)
	if err != nil {
		return err
	}
	defer n.stopBroker()
	if broker != nil {
		hub := realtime.NewHub(id, n.app, broker, n.log)
		n.app.SetHub(hub)
		// An event that failed to leave is told again on a goroutine
		// (a resync): wait for it, a while, before the command exits.
		defer func() {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			if !hub.Settle(ctx) {
				fmt.Fprintln(stderr, "The running nodes could not be told of this change; their open pages will find it at their next request.")
			}
		}()
	}
	switch action {
	case "create-user", "set-role", "reset-mfa", "suspend", "ban", "lift":
	default:
		fmt.Fprint(stderr, usage)
		return usageError{fmt.Sprintf("unknown admin action %q: use %s", action, adminActions)}
	}
	if email == "" {
		return usageError{"--email is required"}
	}
	var end time.Time
	switch {
	case action == "suspend" && until != "":
		if end, err = parseUntil(until); err != nil {
			return usageError{err.Error()}
		}
		if !end.After(time.Now()) {
			return usageError{fmt.Sprintf("--until %s has passed: give a time still to come", until)}
		}
	case until != "":
		return usageError{"--until is for suspend only"}
	}
	if (action == "suspend" || action == "ban") && strings.TrimSpace(reason) == "" {
		return usageError{"--reason is required: the person is told it, e.g. --reason \"repeated harassment in group chat\""}
	}
	if zone != "" && action != "create-user" {
		return usageError{"--timezone is for create-user only"}
	}
	if lang != "" && action != "create-user" {
		return usageError{"--language is for create-user only"}
	}
	if reason != "" && action != "suspend" && action != "ban" {
		return usageError{"--reason is for suspend and ban only"}
	}
	if (action == "create-user" || action == "set-role") && !model.Role(role).Valid() {
		return usageError{fmt.Sprintf("--role %s is not a role: use %s", role, roleNames())}
	}
	switch action {
	case "create-user":
		fmt.Fprintln(stderr, "Password (read from standard input, one line):")
		line, err := bufio.NewReader(stdin).ReadString('\n')
		if err != nil && line == "" {
			return usageError{"give the password on standard input, e.g. printf '%s\\n' \"$PASSWORD\" | kinship admin create-user …"}
		}
		pw := strings.TrimRight(line, "\r\n")
		u, err := n.app.AdminCreateUserLang(ctx, email, pw, name, model.Role(role), zone, lang)
		if err != nil {
			return flagErrors(err)
		}
		fmt.Fprintf(stdout, "created %s with role %s (id %s)\n", u.Email, u.Role, u.ID)
		if strings.TrimSpace(zone) == "" {
			fmt.Fprintln(stdout, "No time zone given (--timezone): their days count in UTC until they choose theirs on their profile.")
		}
		if u.Language != "" {
			fmt.Fprintf(stdout, "Their emails are written in %s (%s) until they choose another language.\n", i18n.For(u.Language).Name(), u.Language)
		}
		if u.Role.RequiresMFA() {
			fmt.Fprintln(stdout, "This role requires two-factor login; they will set it up at their first sign-in.")
		}
	case "set-role":
		u, err := n.app.AdminSetRole(ctx, email, model.Role(role))
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%s now has role %s\n", u.Email, u.Role)
	case "reset-mfa":
		u, err := n.app.AdminResetMFA(ctx, email)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "two-factor login is off for %s and every session was signed out\n", u.Email)
		if u.Role.RequiresMFA() {
			fmt.Fprintln(stdout, "Their role requires it, so they will set it up again at their next sign-in.")
		}
	case "suspend", "ban":
		u, r, err := n.app.AdminRestrict(ctx, email, action, end, reason)
		if err != nil {
			return err
		}
		if r.Until != nil {
			fmt.Fprintf(stdout, "%s is suspended from writing until %s\n", u.Email, r.Until.UTC().Format("2006-01-02 15:04 UTC"))
		} else {
			fmt.Fprintf(stdout, "%s is banned from writing\n", u.Email)
		}
		fmt.Fprintln(stdout, "They were told the reason and how to appeal; their open pages were closed and reopen as they now are.")
	case "lift":
		u, r, err := n.app.AdminLift(ctx, email)
		if err != nil {
			return err
		}
		was := "ban"
		if r.Kind == "suspended" {
			was = "suspension"
		}
		fmt.Fprintf(stdout, "the %s of %s is lifted: they can write again, and were told so\n", was, u.Email)
	}
	return nil
}

// adminActions names the admin command's actions, for its errors.
const adminActions = "create-user, set-role, reset-mfa, suspend, ban or lift"

// roleNames lists the roles as --role takes them: "member, …, org_admin or
// site_admin".
func roleNames() string {
	names := make([]string, len(model.Roles))
	for i, r := range model.Roles {
		names[i] = string(r)
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// flagFields names, for the command line, the fields the app's errors
// name: the flag each came from, or the password read from standard input.
var flagFields = map[string]string{"email": "--email", "display_name": "--display-name", "role": "--role", "time_zone": "--timezone",
	"password": "the password (standard input)", "language": "--language"}

// flagErrors says an invalid-input error of the app's (which speaks of
// highlighted fields, as a form does) as a command line's mistake: each
// flag and what is wrong with it, "--email: enter an email address like
// name@example.org". Other errors are returned as they are.
func flagErrors(err error) error {
	var e *model.Error
	if !errors.As(err, &e) || e.Kind != model.KindInvalid || len(e.Fields) == 0 {
		return err
	}
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(e.Fields)) {
		name, ok := flagFields[k]
		if !ok {
			name = k
		}
		parts = append(parts, name+": "+e.Fields[k])
	}
	return usageError{strings.Join(parts, "; ")}
}

// parseUntil reads --until: a day (its start, UTC) or an RFC 3339 time.
func parseUntil(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t, nil
	}
	return time.Time{}, fmt.Errorf("--until %q is not a time: give a day, 2026-12-12 (the start of that day, UTC), or a time with its zone, 2026-12-12T18:00:00-06:00", s)
}
