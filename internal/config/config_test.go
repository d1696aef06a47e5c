package config

import (
	"io"
	"strings"
	"testing"
	"time"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestDefaults(t *testing.T) {
	c, rest, err := Parse("kinship", nil, env(nil), io.Discard, nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != "127.0.0.1:8080" || c.DataDir != "./data" || c.DatabaseURL != "" || c.BaseURL != "http://127.0.0.1:8080" || c.KeyFile != "data/kinship.key" || len(rest) != 0 {
		t.Fatalf("defaults: %+v", c)
	}
	if c.Secure() || c.SMTPEnabled() || c.SMTPPort != 587 || c.SessionIdle != 7*24*time.Hour {
		t.Fatalf("defaults: %+v", c)
	}
}

func TestFlagsOverrideEnvironment(t *testing.T) {
	e := env(map[string]string{"KINSHIP_ADDR": ":9000", "KINSHIP_DATA_DIR": "/var/lib/kinship", "KINSHIP_DATABASE_URL": "postgres://k@db/k", "KINSHIP_BASE_URL": "https://kinship.example.org/"})
	c, rest, err := Parse("kinship", []string{"file.json", "--addr", "127.0.0.1:7000", "more"}, e, io.Discard, nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != "127.0.0.1:7000" || c.DataDir != "/var/lib/kinship" || c.DatabaseURL != "postgres://k@db/k" {
		t.Fatalf("got %+v", c)
	}
	if c.BaseURL != "https://kinship.example.org" || !c.Secure() {
		t.Fatalf("base URL %q secure %v", c.BaseURL, c.Secure())
	}
	if strings.Join(rest, " ") != "file.json more" {
		t.Fatalf("positional %q", rest)
	}
}

func TestValidationListsEveryProblem(t *testing.T) {
	e := env(map[string]string{"KINSHIP_SMTP_HOST": "smtp.example.org", "KINSHIP_SMTP_TLS": "maybe", "KINSHIP_LOG_LEVEL": "loud", "KINSHIP_SESSION_IDLE": "soon"})
	_, _, err := Parse("kinship", []string{"--addr", "8080", "--database-url", "sqlite://x"}, e, io.Discard, nil)
	if err == nil {
		t.Fatal("want an error")
	}
	for _, want := range []string{"KINSHIP_ADDR", "KINSHIP_DATABASE_URL", "KINSHIP_SMTP_FROM", "KINSHIP_SMTP_TLS", "KINSHIP_LOG_LEVEL", "KINSHIP_SESSION_IDLE"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error does not mention %s:\n%v", want, err)
		}
	}
}

func TestDoubleDashEndsFlags(t *testing.T) {
	_, rest, err := Parse("kinship", []string{"--", "--addr"}, env(nil), io.Discard, nil)
	if err != nil || len(rest) != 1 || rest[0] != "--addr" {
		t.Fatalf("rest %q err %v", rest, err)
	}
}
