// Package config gathers Kinship's settings from flags and KINSHIP_*
// environment variables into one validated Config.
package config

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/kinshiprecovery/kinship/internal/match"
)

// Config is every setting of a Kinship node.
type Config struct {
	Addr        string // listen address
	DataDir     string // where the SQLite file and the key file live
	DatabaseURL string // "" for SQLite in DataDir, or postgres://…
	BaseURL     string // public base URL, e.g. https://kinship.example.org
	KeyFile     string // encryption key file; default DataDir/kinship.key
	LogLevel    string
	LogFormat   string // "text" or "json"
	TrustProxy  bool   // take client addresses from X-Forwarded-For
	CheckLinks  bool   // check resource links daily (needs outbound internet)
	NodeName    string // names this node to the others; default host name and a random suffix
	// Broker carries events between nodes: "postgres" (LISTEN/NOTIFY, the
	// default on PostgreSQL), "nats", or "none" (the default on SQLite).
	Broker  string
	NATSURL string // the NATS server(s) when Broker is "nats", e.g. nats://nats.internal:4222
	// DefaultCountry is the ISO code of the country whose crisis lines a
	// person is shown until they choose theirs (a visitor, or a member
	// with no country in their profile); "" guesses it from the browser's
	// time zone and language.
	DefaultCountry string
	// Operator names the organization that runs this Kinship and holds
	// its members' data, for the privacy page; "" when not given.
	Operator string
	// MentorMinYears is the least time in recovery, in years, to mentor.
	MentorMinYears float64
	// MatchWeights are the mentorship scoring weights, parsed from
	// "age=3,family=3,…" (match.ParseWeights); nil keeps the defaults.
	MatchWeights                    *match.Weights
	mentorMinText, matchWeightsText string

	SMTPHost     string
	SMTPPort     int
	SMTPUsername string
	SMTPPassword string
	// MetricsToken opens GET /metrics to requests bearing it; empty: metrics are off.
	MetricsToken string
	SMTPFrom     string
	SMTPTLS      string

	SessionIdle     time.Duration
	SessionAbsolute time.Duration

	smtpPortText string // parsed by Validate, so a bad value gets a clear message
}

// Secure reports whether the public URL is HTTPS, which switches on the
// __Host- cookie prefix, Secure cookies and HSTS.
func (c *Config) Secure() bool { return strings.HasPrefix(c.BaseURL, "https://") }

// SMTPEnabled reports whether outgoing email goes to an SMTP server.
func (c *Config) SMTPEnabled() bool { return c.SMTPHost != "" }

// FlagSet registers every setting on fs with defaults taken from getenv,
// so a flag overrides its environment variable. Call Validate after parsing.
func FlagSet(fs *flag.FlagSet, c *Config, getenv func(string) string) {
	str := func(p *string, name, env, def, usage string) {
		if v := getenv(env); v != "" {
			def = v
		}
		fs.StringVar(p, name, def, usage+" ("+env+")")
	}
	str(&c.Addr, "addr", "KINSHIP_ADDR", "127.0.0.1:8080", "listen address")
	str(&c.DataDir, "data-dir", "KINSHIP_DATA_DIR", "./data", "data directory")
	str(&c.DatabaseURL, "database-url", "KINSHIP_DATABASE_URL", "", "database URL; empty for SQLite in the data directory, or postgres://…")
	str(&c.BaseURL, "base-url", "KINSHIP_BASE_URL", "", "public base URL used in emails and links; default http://ADDR")
	str(&c.KeyFile, "key-file", "KINSHIP_KEY_FILE", "", "encryption key file; default DATA_DIR/kinship.key, created on first run")
	str(&c.LogLevel, "log-level", "KINSHIP_LOG_LEVEL", "info", "debug, info, warn or error")
	str(&c.LogFormat, "log-format", "KINSHIP_LOG_FORMAT", "text", "text or json")
	fs.BoolVar(&c.TrustProxy, "trust-proxy", getenv("KINSHIP_TRUST_PROXY") == "true", "take client addresses from X-Forwarded-For; set only behind your own load balancer (KINSHIP_TRUST_PROXY)")
	str(&c.NodeName, "node-name", "KINSHIP_NODE_NAME", "", "name of this node among several (in logs, and its broker connection's PostgreSQL application_name or NATS name); default: host name and a random suffix")
	str(&c.Broker, "broker", "KINSHIP_BROKER", "", "how nodes tell each other of changes: postgres (LISTEN/NOTIFY; the default on PostgreSQL) or nats (needs --nats-url); none on SQLite")
	str(&c.NATSURL, "nats-url", "KINSHIP_NATS_URL", "", "NATS server address(es) for --broker nats, e.g. nats://nats.internal:4222 (several comma-separated)")
	str(&c.DefaultCountry, "default-country", "KINSHIP_DEFAULT_COUNTRY", "US", "two-letter code of the country whose crisis lines people see until they choose theirs (a visitor, or a member with no country in their profile), e.g. US, MX, GB; none guesses from the browser's time zone and language")
	str(&c.Operator, "operator", "KINSHIP_OPERATOR", "", "name of the organization that runs this Kinship and holds its members' data, e.g. \"Harbor Recovery Community\"; the privacy page and /about name it")
	str(&c.mentorMinText, "mentor-min-recovery", "KINSHIP_MENTOR_MIN_RECOVERY", "1", "least time in recovery to mentor, in years")
	str(&c.matchWeightsText, "match-weights", "KINSHIP_MATCH_WEIGHTS", "", "mentorship scoring weights, e.g. age=3,family=3,spirituality=3,pathway=3,circumstances=1.5,availability=1.5,language=1,substance=0.5,gender=0.5 (those are the defaults)")
	fs.BoolVar(&c.CheckLinks, "check-links", getenv("KINSHIP_CHECK_LINKS") == "true", "check the resource library's links once a day and flag those that stop answering (KINSHIP_CHECK_LINKS)")
	str(&c.SMTPHost, "smtp-host", "KINSHIP_SMTP_HOST", "", "SMTP server host; empty prints each email plainly to standard error, never into the log")
	str(&c.smtpPortText, "smtp-port", "KINSHIP_SMTP_PORT", "587", "SMTP port")
	str(&c.SMTPUsername, "smtp-username", "KINSHIP_SMTP_USERNAME", "", "SMTP user name")
	// The password is read from the environment only, so it never shows in a process list.
	c.SMTPPassword = getenv("KINSHIP_SMTP_PASSWORD")
	c.MetricsToken = getenv("KINSHIP_METRICS_TOKEN")
	str(&c.SMTPFrom, "smtp-from", "KINSHIP_SMTP_FROM", "", "From address for email, e.g. Kinship <no-reply@example.org>")
	str(&c.SMTPTLS, "smtp-tls", "KINSHIP_SMTP_TLS", "starttls", "starttls, tls or none")
	dur := func(p *time.Duration, name, env string, def time.Duration, usage string) {
		if v := getenv(env); v != "" {
			if d, err := time.ParseDuration(v); err == nil {
				def = d
			} else {
				def = -1 // reported by Validate
			}
		}
		fs.DurationVar(p, name, def, usage+" ("+env+")")
	}
	dur(&c.SessionIdle, "session-idle", "KINSHIP_SESSION_IDLE", 7*24*time.Hour, "sign out after this long without use")
	dur(&c.SessionAbsolute, "session-absolute", "KINSHIP_SESSION_ABSOLUTE", 30*24*time.Hour, "sign out this long after signing in, whatever happens")
}

// Validate checks the settings and fills derived defaults. Its error lists
// every problem, each saying what to fix.
func (c *Config) Validate() error {
	var probs []string
	if c.smtpPortText != "" {
		p, err := strconv.Atoi(c.smtpPortText)
		if err != nil || p < 1 || p > 65535 {
			probs = append(probs, fmt.Sprintf("--smtp-port / KINSHIP_SMTP_PORT %q: use a port number from 1 to 65535", c.smtpPortText))
		}
		c.SMTPPort = p
	}
	if c.SMTPPort == 0 {
		c.SMTPPort = 587
	}
	if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		probs = append(probs, fmt.Sprintf("--addr / KINSHIP_ADDR %q: use host:port, e.g. 127.0.0.1:8080 or :8080", c.Addr))
	}
	if strings.TrimSpace(c.DataDir) == "" {
		probs = append(probs, "--data-dir / KINSHIP_DATA_DIR: must not be empty")
	}
	if c.DatabaseURL != "" && !strings.HasPrefix(c.DatabaseURL, "postgres://") && !strings.HasPrefix(c.DatabaseURL, "postgresql://") {
		probs = append(probs, "--database-url / KINSHIP_DATABASE_URL: leave empty for SQLite, or use postgres://user:password@host:5432/dbname")
	}
	postgres := c.DatabaseURL != ""
	switch c.Broker {
	case "":
		c.Broker = "none"
		if postgres {
			c.Broker = "postgres"
		}
	case "none":
	case "postgres":
		if !postgres {
			probs = append(probs, "--broker / KINSHIP_BROKER postgres: needs a PostgreSQL --database-url; on SQLite one node runs alone (leave the broker empty)")
		}
	case "nats":
		if c.NATSURL == "" {
			probs = append(probs, "--nats-url / KINSHIP_NATS_URL: give the NATS server for --broker nats, e.g. nats://nats.internal:4222")
		}
	default:
		probs = append(probs, fmt.Sprintf("--broker / KINSHIP_BROKER %q: use postgres or nats (or leave it empty)", c.Broker))
	}
	if c.NATSURL != "" {
		if c.Broker != "nats" {
			probs = append(probs, "--nats-url / KINSHIP_NATS_URL is set but the broker is not NATS: also set --broker / KINSHIP_BROKER to nats")
		}
		for _, one := range strings.Split(c.NATSURL, ",") {
			u, err := url.Parse(strings.TrimSpace(one))
			if err != nil || (u.Scheme != "nats" && u.Scheme != "tls") || u.Host == "" {
				shown := "an address" // an unreadable one may hold a password: not repeated
				if err == nil {
					shown = fmt.Sprintf("%q", u.Redacted())
				}
				probs = append(probs, fmt.Sprintf("--nats-url / KINSHIP_NATS_URL: %s is not a NATS address; use nats://host:4222 (or tls://host:4222), several separated by commas", shown))
			}
		}
	}
	if c.BaseURL == "" {
		host := c.Addr
		if strings.HasPrefix(host, ":") {
			host = "localhost" + host
		}
		c.BaseURL = "http://" + host
	}
	c.BaseURL = strings.TrimRight(c.BaseURL, "/")
	if u, err := url.Parse(c.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || (u.Path != "" && u.Path != "/") {
		probs = append(probs, fmt.Sprintf("--base-url / KINSHIP_BASE_URL %q: use the address people open, e.g. https://kinship.example.org (no path)", c.BaseURL))
	}
	if c.KeyFile == "" && c.DataDir != "" {
		c.KeyFile = filepath.Join(c.DataDir, "kinship.key")
	}
	switch dc := strings.ToUpper(strings.TrimSpace(c.DefaultCountry)); {
	case dc == "" || dc == "NONE":
		c.DefaultCountry = ""
	case len(dc) == 2 && dc[0] >= 'A' && dc[0] <= 'Z' && dc[1] >= 'A' && dc[1] <= 'Z':
		c.DefaultCountry = dc
	default:
		probs = append(probs, fmt.Sprintf("--default-country / KINSHIP_DEFAULT_COUNTRY %q: use a two-letter country code such as US, MX or GB, or none to guess from each browser", c.DefaultCountry))
	}
	c.Operator = strings.TrimSpace(c.Operator)
	if utf8.RuneCountInString(c.Operator) > 200 || strings.ContainsFunc(c.Operator, unicode.IsControl) {
		probs = append(probs, fmt.Sprintf("--operator / KINSHIP_OPERATOR %q: give the organization's name on one line, in up to 200 characters", c.Operator))
	}
	if y, err := strconv.ParseFloat(strings.TrimSpace(c.mentorMinText), 64); err != nil || !(y >= 0 && y <= 50) {
		probs = append(probs, fmt.Sprintf("--mentor-min-recovery / KINSHIP_MENTOR_MIN_RECOVERY %q: give a number of years from 0 to 50, such as 1 or 0.5", c.mentorMinText))
	} else {
		c.MentorMinYears = y
	}
	if strings.TrimSpace(c.matchWeightsText) != "" {
		w, wprobs := match.ParseWeights(c.matchWeightsText)
		for _, p := range wprobs {
			probs = append(probs, "--match-weights / KINSHIP_MATCH_WEIGHTS "+p)
		}
		if len(wprobs) == 0 {
			c.MatchWeights = &w
		}
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		probs = append(probs, fmt.Sprintf("--log-level / KINSHIP_LOG_LEVEL %q: use debug, info, warn or error", c.LogLevel))
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		probs = append(probs, fmt.Sprintf("--log-format / KINSHIP_LOG_FORMAT %q: use text or json", c.LogFormat))
	}
	if c.SMTPHost != "" {
		if c.SMTPFrom == "" {
			probs = append(probs, "--smtp-from / KINSHIP_SMTP_FROM: set the From address when SMTP is configured")
		}
		switch c.SMTPTLS {
		case "starttls", "tls", "none":
		default:
			probs = append(probs, fmt.Sprintf("--smtp-tls / KINSHIP_SMTP_TLS %q: use starttls, tls or none", c.SMTPTLS))
		}
	}
	if c.SessionIdle <= 0 {
		probs = append(probs, "--session-idle / KINSHIP_SESSION_IDLE: use a positive duration such as 168h")
	}
	if c.SessionAbsolute <= 0 || c.SessionAbsolute < c.SessionIdle {
		probs = append(probs, "--session-absolute / KINSHIP_SESSION_ABSOLUTE: use a positive duration at least as long as the idle time-out, such as 720h")
	}
	if len(probs) > 0 {
		return errors.New("configuration problems:\n  - " + strings.Join(probs, "\n  - "))
	}
	return nil
}

// Parse builds a Config from args and getenv, accepting flags before or
// after positional arguments, and returns the positional ones.
// extra, when not nil, registers a subcommand's own flags on the same set.
func Parse(name string, args []string, getenv func(string) string, stderr io.Writer, extra func(fs *flag.FlagSet)) (*Config, []string, error) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	c := &Config{}
	FlagSet(fs, c, getenv)
	if extra != nil {
		extra(fs)
	}
	rest, err := ParseInterspersed(fs, args)
	if err != nil {
		return nil, nil, err
	}
	if err := c.Validate(); err != nil {
		return nil, nil, err
	}
	return c, rest, nil
}

// ParseInterspersed parses flags that may stand before or after positional
// arguments ("--" ends flags) and returns the positional arguments.
func ParseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}
