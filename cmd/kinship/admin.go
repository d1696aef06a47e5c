package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"strings"

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
	var email, name, role string
	flags := func(fs *flag.FlagSet) {
		fs.StringVar(&email, "email", "", "the account's email")
		fs.StringVar(&name, "display-name", "", "the display name, for create-user (a pseudonym is fine)")
		fs.StringVar(&role, "role", "member", "member, mentor, facilitator, moderator, org_admin or site_admin")
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
			return usageError{"admin needs one action: create-user, set-role or reset-mfa"}
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
		n.app.SetHub(realtime.NewHub(id, n.app, broker, n.log))
	}
	switch action {
	case "create-user", "set-role", "reset-mfa":
	default:
		fmt.Fprint(stderr, usage)
		return usageError{fmt.Sprintf("unknown admin action %q: use create-user, set-role or reset-mfa", action)}
	}
	if email == "" {
		return usageError{"--email is required"}
	}
	switch action {
	case "create-user":
		fmt.Fprintln(stderr, "Password (read from standard input, one line):")
		line, err := bufio.NewReader(stdin).ReadString('\n')
		if err != nil && line == "" {
			return usageError{"give the password on standard input, e.g. printf '%s\\n' \"$PASSWORD\" | kinship admin create-user …"}
		}
		pw := strings.TrimRight(line, "\r\n")
		u, err := n.app.AdminCreateUser(ctx, email, pw, name, model.Role(role))
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "created %s with role %s (id %s)\n", u.Email, u.Role, u.ID)
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
	}
	return nil
}
