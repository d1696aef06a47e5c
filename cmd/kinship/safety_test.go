package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/safety"
)

// runSafety calls safetyCmd with the given input and returns its output lines.
func runSafety(t *testing.T, args []string, input string) []string {
	t.Helper()
	var stdout, stderr bytes.Buffer
	if err := safetyCmd(context.Background(), args, strings.NewReader(input), &stdout, &stderr); err != nil {
		t.Fatalf("safetyCmd: %v (stderr %q)", err, stderr.String())
	}
	out := strings.TrimSuffix(stdout.String(), "\n")
	if out == "" {
		return nil
	}
	lines := strings.Split(out, "\n")
	for i, l := range lines {
		lines[i] = withoutScore(t, l)
	}
	return lines
}

// scoreField is the last field of a classification line.
var scoreField = regexp.MustCompile(`,"score":([0-9.e-]+)}$`)

// withoutScore checks that a classification line ends with a score from 0
// to 1 (and an error line has none) and returns the line without it, so
// tests can compare the rest exactly while the model's scores change with
// each retraining.
func withoutScore(t *testing.T, line string) string {
	t.Helper()
	m := scoreField.FindStringSubmatch(line)
	if strings.Contains(line, `"error":`) {
		if m != nil {
			t.Errorf("error line with a score: %s", line)
		}
		return line
	}
	if m == nil {
		t.Errorf("no score at the end of %s", line)
		return line
	}
	if v, err := strconv.ParseFloat(m[1], 64); err != nil || v < 0 || v > 1 {
		t.Errorf("score %s out of [0, 1] in %s", m[1], line)
	}
	return strings.TrimSuffix(line, m[0]) + "}"
}

// TestSafetyCheckScore: each line's score is safety.Check's, and a crisis
// scores above small talk.
func TestSafetyCheckScore(t *testing.T) {
	var stdout bytes.Buffer
	input := `{"id":1,"text":"i have the pills counted out and i'm taking them all tonight"}` + "\n" + `{"id":2,"text":"see you all thursday"}`
	if err := safetyCmd(context.Background(), []string{"check"}, strings.NewReader(input), &stdout, io.Discard); err != nil {
		t.Fatal(err)
	}
	var got []struct {
		Level string  `json:"level"`
		Score float64 `json:"score"`
	}
	dec := json.NewDecoder(&stdout)
	for dec.More() {
		var r struct {
			Level string  `json:"level"`
			Score float64 `json:"score"`
		}
		if err := dec.Decode(&r); err != nil {
			t.Fatal(err)
		}
		got = append(got, r)
	}
	if len(got) != 2 {
		t.Fatalf("got %d lines", len(got))
	}
	for i, text := range []string{"i have the pills counted out and i'm taking them all tonight", "see you all thursday"} {
		if want := safety.Check(text, ""); got[i].Score != want.Score || got[i].Level != string(want.Level) {
			t.Errorf("line %d: %+v, safety.Check gives %s %.3f", i+1, got[i], want.Level, want.Score)
		}
	}
	if got[0].Level != "crisis" || got[0].Score <= got[1].Score {
		t.Errorf("crisis line %+v, small talk %+v", got[0], got[1])
	}
}

func TestSafetyCheckOrderAndErrors(t *testing.T) {
	input := strings.Join([]string{
		`{"id": "a1", "text": "he's not breathing", "lang": "en"}`,
		`{"id": 2, "text": "see you all at the meeting"}`,
		``,
		`{"id": "bad", "text": 42}`,
		`{"id": 3, "text": "tengo muchas ganas de consumir", "lang": "es"`,
		`   `,
		`{"id": {"thread": 7, "msg": 9}, "text": "I relapsed yesterday"}`,
		`{"id": "no-text"}`,
		`[1, 2]`,
		`{"text": "no id here"}`,
		`{"id": 4.50, "text": "todos estarían mejor sin mí"}`,
	}, "\n")
	got := runSafety(t, []string{"check"}, input)
	want := []string{
		`{"id":"a1","level":"crisis","categories":["medical_emergency"]}`,
		`{"id":2,"level":"none","categories":[]}`,
		`{"id":"bad","error":"line 4: \"text\" must be a string, got a number"}`,
		`{"id":null,"error":"line 5: invalid JSON: unexpected end of JSON input"}`,
		`{"id":{"thread":7,"msg":9},"level":"concern","categories":["recent_use"]}`,
		`{"id":"no-text","error":"line 8: missing \"text\" field"}`,
		`{"id":null,"error":"line 9: expected a JSON object, got array"}`,
		`{"id":null,"level":"none","categories":[]}`,
		`{"id":4.50,"level":"crisis","categories":["suicidal"]}`,
	}
	if len(got) != len(want) {
		t.Fatalf("got %d lines, want %d:\n%s", len(got), len(want), strings.Join(got, "\n"))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("line %d:\n got %s\nwant %s", i+1, got[i], want[i])
		}
		if !json.Valid([]byte(got[i])) {
			t.Errorf("line %d is not valid JSON: %s", i+1, got[i])
		}
	}
}

func TestSafetyCheckNumericIDAndBlankLines(t *testing.T) {
	got := runSafety(t, []string{"check"}, "\n\n{\"id\": 12345678901234567890, \"text\": \"hi\"}\r\n\n")
	if len(got) != 1 || got[0] != `{"id":12345678901234567890,"level":"none","categories":[]}` {
		t.Errorf("got %q", got)
	}
	if got := runSafety(t, []string{"check"}, ""); len(got) != 0 {
		t.Errorf("empty input gave %q", got)
	}
}

func TestSafetyCheckLongLine(t *testing.T) {
	long := strings.Repeat("ok fine ", 3<<20/8) + "I'm going to kill myself tonight, I have the pills"
	input := `{"id":1,"text":"` + long + `"}` + "\n" +
		`{"id":2,"text":"` + strings.Repeat("x", maxSafetyLine) + `"}` + "\n" +
		`{"id":3,"text":"I used last night"}`
	got := runSafety(t, []string{"check"}, input)
	// A line longer than the reader's buffer is read whole: it gets what
	// safety.Check gives the whole text (the crisis at the very end is
	// found by the last window).
	first := safety.Check(long, "")
	if first.Level == safety.None {
		t.Errorf("the long line is none")
	}
	line := func(id int, r safety.Result) string {
		cats, _ := json.Marshal(r.Categories)
		return `{"id":` + strconv.Itoa(id) + `,"level":"` + string(r.Level) + `","categories":` + string(cats) + `}`
	}
	want := []string{
		line(1, first),
		`{"id":null,"error":"line 2: line is longer than 4194304 bytes"}`,
		line(3, safety.Check("I used last night", "")),
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestSafetyCheckBadLang(t *testing.T) {
	got := runSafety(t, []string{"check"}, `{"id":"x","text":"hola","lang":5}`+"\n"+`{"id":"y","text":"hola","lang":null}`)
	want := []string{
		`{"id":"x","error":"line 1: \"lang\" must be a string, got a number"}`,
		`{"id":"y","level":"none","categories":[]}`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestSafetyUsage(t *testing.T) {
	for _, args := range [][]string{nil, {}, {"scan"}, {"check", "extra"}} {
		var stdout, stderr bytes.Buffer
		err := safetyCmd(context.Background(), args, strings.NewReader(""), &stdout, &stderr)
		var ue usageError
		if !errors.As(err, &ue) || ue.msg != safetyUsage {
			t.Errorf("args %q: err = %v, want the usage error", args, err)
		}
		if exitCode(err) != 2 {
			t.Errorf("args %q: exit code %d, want 2", args, exitCode(err))
		}
		if stdout.Len() != 0 {
			t.Errorf("args %q: wrote %q", args, stdout.String())
		}
	}
}

func TestSafetyCheckCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var stdout, stderr bytes.Buffer
	err := safetyCmd(ctx, []string{"check"}, strings.NewReader(`{"id":1,"text":"hi"}`), &stdout, &stderr)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

// TestSafetyExportLabels: a moderator's verdict becomes a labelled
// example that only a site admin can export, with the text opened.
func TestSafetyExportLabels(t *testing.T) {
	dir := t.TempDir()
	env := func(k string) string {
		if k == "KINSHIP_DATA_DIR" {
			return dir
		}
		return ""
	}
	ctx := context.Background()
	for _, u := range [][2]string{{"admin@example.org", "site_admin"}, {"mod@example.org", "moderator"}, {"ana@example.org", "member"}} {
		if err := run(ctx, []string{"admin", "create-user", "--email", u[0], "--role", u[1], "--display-name", u[1]}, env, strings.NewReader("quiet harbor lights\n"), io.Discard, io.Discard); err != nil {
			t.Fatal(err)
		}
	}
	n, _, err := open(ctx, "kinship test", nil, env, io.Discard, nil)
	if err != nil {
		t.Fatal(err)
	}
	as := func(email string) context.Context {
		u, err := n.store.FindUserByEmail(ctx, email)
		if err != nil {
			t.Fatal(err)
		}
		return app.WithActor(ctx, &app.Actor{User: u})
	}
	if _, _, err := n.app.RecordCheckin(as("ana@example.org"), app.CheckinInput{Mood: 1, Craving: 2, Note: "I've been saving up my pills and tonight I take them all"}); err != nil {
		t.Fatal(err)
	}
	q, err := n.app.CrisisQueue(as("mod@example.org"))
	if err != nil || len(q) != 1 {
		t.Fatalf("queue %v %v", q, err)
	}
	if _, err := n.app.ActOnFlag(as("mod@example.org"), q[0].ID, "right", ""); err != nil {
		t.Fatal(err)
	}
	n.store.Close()

	var out, errOut bytes.Buffer
	if err := run(ctx, []string{"safety", "export-labels", "--email", "admin@example.org"}, env, nil, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	var l struct {
		Text, Label, Source, Surface string
	}
	if err := json.Unmarshal(out.Bytes(), &l); err != nil {
		t.Fatalf("%v: %q", err, out.String())
	}
	if l.Text != "I've been saving up my pills and tonight I take them all" || l.Label != "crisis" || l.Source != "check" || l.Surface != "checkin_note" {
		t.Errorf("exported %q", out.String())
	}
	if !strings.Contains(errOut.String(), "exported 1 labelled examples") {
		t.Errorf("stderr %q", errOut.String())
	}
	// Only a site admin; an account is required.
	err = run(ctx, []string{"safety", "export-labels", "--email", "mod@example.org"}, env, nil, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "only a site admin") {
		t.Errorf("a moderator's export: %v", err)
	}
	if err := run(ctx, []string{"safety", "export-labels"}, env, nil, io.Discard, io.Discard); exitCode(err) != 2 || !strings.Contains(err.Error(), "--email is required") {
		t.Errorf("no email: %v", err)
	}
}
