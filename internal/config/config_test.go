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

// TestBrokerFollowsTheDatabaseUnlessNamed: nodes on PostgreSQL talk
// through LISTEN/NOTIFY unless NATS is named; NATS needs its address, and
// a mistaken setting is explained without repeating a password.
func TestBrokerFollowsTheDatabaseUnlessNamed(t *testing.T) {
	for _, c := range []struct {
		env  map[string]string
		want string
	}{
		{nil, "none"},
		{map[string]string{"KINSHIP_DATABASE_URL": "postgres://k@db/k"}, "postgres"},
		{map[string]string{"KINSHIP_DATABASE_URL": "postgres://k@db/k", "KINSHIP_BROKER": "nats", "KINSHIP_NATS_URL": "nats://nats.internal:4222, nats://nats2.internal:4222"}, "nats"},
	} {
		cfg, _, err := Parse("kinship", nil, env(c.env), io.Discard, nil)
		if err != nil {
			t.Fatalf("%v: %v", c.env, err)
		}
		if cfg.Broker != c.want {
			t.Errorf("%v: broker %q, want %q", c.env, cfg.Broker, c.want)
		}
	}
	for _, c := range []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"KINSHIP_BROKER": "nats"}, "--nats-url / KINSHIP_NATS_URL: give the NATS server for --broker nats"},
		{map[string]string{"KINSHIP_BROKER": "kafka"}, `--broker / KINSHIP_BROKER "kafka": use postgres or nats`},
		{map[string]string{"KINSHIP_BROKER": "postgres"}, "needs a PostgreSQL --database-url"},
		{map[string]string{"KINSHIP_NATS_URL": "nats://nats.internal:4222"}, "also set --broker / KINSHIP_BROKER to nats"},
		{map[string]string{"KINSHIP_BROKER": "nats", "KINSHIP_NATS_URL": "http://kinship:hunter2@nats.internal:4222"}, `"http://kinship:xxxxx@nats.internal:4222" is not a NATS address`},
	} {
		_, _, err := Parse("kinship", nil, env(c.env), io.Discard, nil)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: error %v, want it to say %q", c.env, err, c.want)
		}
		if err != nil && strings.Contains(err.Error(), "hunter2") {
			t.Errorf("the error repeats a password: %v", err)
		}
	}
}

// TestMatchWeightsThatCannotPlanAreRefused: weights all 0 would score every
// pair 0, so serve refuses them at start in words that say what to write,
// as it refuses a negative weight or a name it does not know; weights left
// out keep their defaults.
func TestMatchWeightsThatCannotPlanAreRefused(t *testing.T) {
	zero := "age=0,family=0,spirituality=0,pathway=0,circumstances=0,availability=0,language=0,substance=0,gender=0"
	for text, want := range map[string]string{
		zero:       "--match-weights / KINSHIP_MATCH_WEIGHTS every weight is 0, so every pair would score 0; give at least one a weight above 0",
		"age=-1":   `--match-weights / KINSHIP_MATCH_WEIGHTS "age=-1": a weight is a number from 0 to 1000000, such as 3 or 0.5`,
		"colour=2": `--match-weights / KINSHIP_MATCH_WEIGHTS "colour=2": write name=weight pairs separated by commas`,
	} {
		_, _, err := Parse("kinship", nil, env(map[string]string{"KINSHIP_MATCH_WEIGHTS": text}), io.Discard, nil)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want %q", text, err, want)
		}
	}
	c, _, err := Parse("kinship", nil, env(map[string]string{"KINSHIP_MATCH_WEIGHTS": "age=0, Language=2"}), io.Discard, nil)
	if err != nil || c.MatchWeights == nil || c.MatchWeights.Age != 0 || c.MatchWeights.Language != 2 || c.MatchWeights.Family != 3 {
		t.Fatalf("age=0, Language=2: %v %+v", err, c.MatchWeights)
	}
}

// TestDefaultCountry: people see the US lines until they choose theirs,
// unless the operator names another country (any case) or none, to guess
// from each browser; anything else is refused with what to give.
func TestDefaultCountry(t *testing.T) {
	for _, c := range []struct{ env, want string }{{"", "US"}, {"mx", "MX"}, {" GB ", "GB"}, {"none", ""}, {"NONE", ""}} {
		cfg, _, err := Parse("kinship", nil, env(map[string]string{"KINSHIP_DEFAULT_COUNTRY": c.env}), io.Discard, nil)
		if err != nil || cfg.DefaultCountry != c.want {
			t.Errorf("KINSHIP_DEFAULT_COUNTRY=%q: %q, %v; want %q", c.env, cfg.DefaultCountry, err, c.want)
		}
	}
	_, _, err := Parse("kinship", []string{"--default-country", "United States"}, env(nil), io.Discard, nil)
	if err == nil || !strings.Contains(err.Error(), `--default-country / KINSHIP_DEFAULT_COUNTRY "United States": use a two-letter country code such as US, MX or GB, or none to guess from each browser`) {
		t.Errorf("a country's name: %v", err)
	}
}

// TestOperator: the privacy page names the organization that runs the
// instance when the operator gives its name (trimmed); none is fine, and a
// name over 200 characters or on several lines is refused with what to give.
func TestOperator(t *testing.T) {
	for _, c := range []struct{ env, want string }{{"", ""}, {" Harbor Recovery Community ", "Harbor Recovery Community"}} {
		cfg, _, err := Parse("kinship", nil, env(map[string]string{"KINSHIP_OPERATOR": c.env}), io.Discard, nil)
		if err != nil || cfg.Operator != c.want {
			t.Errorf("KINSHIP_OPERATOR=%q: %q, %v; want %q", c.env, cfg.Operator, err, c.want)
		}
	}
	for _, bad := range []string{strings.Repeat("a", 201), "Harbor\nRecovery"} {
		_, _, err := Parse("kinship", []string{"--operator", bad}, env(nil), io.Discard, nil)
		if err == nil || !strings.Contains(err.Error(), "--operator / KINSHIP_OPERATOR") || !strings.Contains(err.Error(), "on one line, in up to 200 characters") {
			t.Errorf("--operator %q: %v", bad, err)
		}
	}
}
