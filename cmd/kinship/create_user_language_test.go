package main

import (
	"context"
	"io"
	"strings"
	"testing"
)

// walk10 W10-6: an account made on the command line got its emails in the
// language its first sign-in page was read in, and the operator could not
// say which. --language en|es says it from the first: Rosa's account
// reads Spanish (every email to it is written in its language) before she
// ever signs in; a language Kinship does not speak is refused naming the
// flag and the languages there are, and no account is made.
func TestCreateUserWithLanguage(t *testing.T) {
	env := dataDirOnly(t)
	var out strings.Builder
	err := run(context.Background(), []string{"admin", "create-user", "--email", "rosa@example.org", "--display-name", "Rosa", "--language", "es"}, env,
		strings.NewReader("quiet harbor lights\n"), &out, io.Discard)
	if err != nil || !strings.Contains(out.String(), "created rosa@example.org with role member") ||
		!strings.Contains(out.String(), "Their emails are written in Español (es) until they choose another language.") {
		t.Fatalf("create-user --language es: %v %q", err, out.String())
	}
	err = run(context.Background(), []string{"admin", "create-user", "--email", "ana@example.org", "--display-name", "Ana", "--language", "xx"}, env,
		strings.NewReader("quiet harbor lights\n"), &out, io.Discard)
	if err == nil || err.Error() != "--language: Kinship does not speak xx: use one of en, es" || exitCode(err) != 2 {
		t.Fatalf("create-user --language xx: %v", err)
	}
	n, _, err := open(context.Background(), "kinship admin", nil, env, io.Discard, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer n.store.Close()
	if u, err := n.store.FindUserByEmail(context.Background(), "rosa@example.org"); err != nil || u.Language != "es" {
		t.Fatalf("Rosa's account reads %q (%v), want es", u.Language, err)
	}
	if _, err := n.store.FindUserByEmail(context.Background(), "ana@example.org"); err == nil {
		t.Errorf("a refused --language made Ana's account")
	}
}

// dataDirOnly is an environment that sets only KINSHIP_DATA_DIR, to a
// folder of the test's own.
func dataDirOnly(t *testing.T) func(string) string {
	dir := t.TempDir()
	return func(k string) string {
		if k == "KINSHIP_DATA_DIR" {
			return dir
		}
		return ""
	}
}
