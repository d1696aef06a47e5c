// Command kinship runs a Kinship node and its operator tools.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "kinship:", err)
		os.Exit(exitCode(err))
	}
}

// usageError marks a mistake in how the command was called (exit code 2).
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func exitCode(err error) int {
	if _, ok := err.(usageError); ok {
		return 2
	}
	return 1
}

const usage = `Kinship — peer support for people in recovery.

Usage:
  kinship [serve] [flags]          run the server (the default)
  kinship migrate [flags]          apply database migrations and exit
  kinship admin create-user --email E --display-name N --role R [--timezone ZONE] [--language en|es] [flags]
                                   create an account (password read from standard input)
  kinship admin set-role --email E --role R [flags]
  kinship admin reset-mfa --email E [flags]
                                   turn off two-factor login for a person who lost their device
  kinship admin suspend --email E --reason R [--until DAY_OR_TIME] [flags]
                                   stop a person writing until a time (7 days when no --until);
                                   they are told the reason and can appeal
  kinship admin ban --email E --reason R [flags]
                                   stop a person writing for good; they are told and can appeal
  kinship admin lift --email E [flags]
                                   lift a suspension or ban
  kinship import meetings FILE_OR_URL [--source NAME] [--timezone ZONE] [--register] [--force]
                                   import a Meeting Guide JSON feed; re-importing updates it;
                                   --register refreshes a feed URL every 6 hours; a feed that
                                   empties its source or takes most of it away is held (--force)
  kinship import facilities FILE [--source NAME]
                                   import a FindTreatment JSON page or listing CSV
  kinship match plan --input cohort.json [--method optimal|stable] [--match-weights W]
                                   assign a cohort of mentees to mentors (JSON out)
  kinship match scores --input cohort.json [--match-weights W]
                                   every feasible mentee–mentor pair with its score (JSON Lines)
  kinship safety check < in.jsonl  classify text for crisis language: one {"id","text","lang"}
                                   per line in, one {"id","level","categories","score"} per line out
  kinship safety export-labels --email ADMIN [flags]
                                   write the crisis queue's labelled examples (moderators' verdicts,
                                   reported crises) as JSON Lines; a site admin's account, audited
  kinship backup --out FILE [--with-key]
                                   a consistent snapshot of a running SQLite instance with a
                                   manifest; --with-key adds the key sealed with a passphrase (stdin)
  kinship restore FILE --data DIR  unpack a backup into a new, empty data directory
  kinship version                  print the version

Roles: member, mentor, facilitator, moderator, org_admin, site_admin.
Run "kinship serve -h" for the server's flags; each also reads a KINSHIP_* variable.
`

// run is the whole program, testable in-process: it never calls os.Exit
// and reads its environment only through getenv.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	cmd := "serve"
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "serve":
		return serve(ctx, args, getenv, stdout, stderr)
	case "migrate":
		return migrate(ctx, args, getenv, stdout, stderr)
	case "admin":
		return admin(ctx, args, getenv, stdin, stdout, stderr)
	case "import":
		return importCmd(ctx, args, getenv, stdout, stderr)
	case "backup":
		return backupCmd(ctx, args, getenv, stdin, stdout, stderr)
	case "restore":
		return restoreCmd(ctx, args, stdin, stdout, stderr)
	case "match":
		return matchCmd(ctx, args, getenv, stdin, stdout, stderr)
	case "safety":
		if len(args) > 0 && args[0] == "export-labels" {
			return exportLabels(ctx, args[1:], getenv, stdout, stderr)
		}
		return safetyCmd(ctx, args, stdin, stdout, stderr)
	case "version":
		fmt.Fprintln(stdout, "kinship", version())
		return nil
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return usageError{fmt.Sprintf("unknown command %q", cmd)}
}
