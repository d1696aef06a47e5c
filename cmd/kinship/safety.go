package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/kinshiprecovery/kinship/internal/safety"
)

const safetyUsage = "usage: kinship safety check < input.jsonl, or kinship safety export-labels --email ADMIN_EMAIL [flags] > labels.jsonl"

// maxSafetyLine is the longest input line safety check reads; a longer
// line is reported as an error and skipped without being held in memory.
const maxSafetyLine = 4 << 20

// safetyCmd runs "kinship safety check": it reads JSON Lines of
// {"id": ..., "text": "...", "lang": "en"} from stdin and writes one
// {"id": ..., "level": "...", "categories": [...], "score": 0.93} per line,
// in order (score: how likely the line needs a response, 0 to 1). A
// malformed line gets {"id": ..., "error": "line N: ..."} and the rest go
// on. It returns a usageError for a missing or unknown subcommand, and
// otherwise only read, write or cancellation errors.
func safetyCmd(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) != 1 || args[0] != "check" {
		return usageError{safetyUsage}
	}
	in := bufio.NewReaderSize(stdin, 64<<10)
	out := bufio.NewWriterSize(stdout, 64<<10)
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	for n := 1; ; n++ {
		if err := ctx.Err(); err != nil {
			out.Flush()
			return err
		}
		line, tooLong, err := readSafetyLine(in)
		if len(line) > 0 || tooLong {
			if encErr := enc.Encode(checkSafetyLine(n, line, tooLong)); encErr != nil {
				return fmt.Errorf("safety check: write: %w", encErr)
			}
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			out.Flush()
			return fmt.Errorf("safety check: read line %d: %w", n, err)
		}
	}
	if err := out.Flush(); err != nil {
		return fmt.Errorf("safety check: write: %w", err)
	}
	return nil
}

// safetyResult is one output line: a classification or an error.
type safetyResult struct {
	ID         json.RawMessage // as given; null when absent or unrecoverable
	Level      safety.Level
	Categories []safety.Category
	Score      float64 // safety.Check's score, 0 to 1
	Error      string  // set for a malformed line
}

// MarshalJSON keeps categories an array (never null or missing) on a
// classification, and leaves level and categories out of an error.
func (r safetyResult) MarshalJSON() ([]byte, error) {
	id := r.ID
	if len(id) == 0 {
		id = json.RawMessage("null")
	}
	if r.Error != "" {
		return json.Marshal(struct {
			ID    json.RawMessage `json:"id"`
			Error string          `json:"error"`
		}{id, r.Error})
	}
	cats := r.Categories
	if cats == nil {
		cats = []safety.Category{}
	}
	return json.Marshal(struct {
		ID         json.RawMessage   `json:"id"`
		Level      safety.Level      `json:"level"`
		Categories []safety.Category `json:"categories"`
		Score      float64           `json:"score"`
	}{id, r.Level, cats, r.Score})
}

// checkSafetyLine classifies one non-blank input line, or explains what is
// wrong with it.
func checkSafetyLine(n int, line []byte, tooLong bool) safetyResult {
	fail := func(id json.RawMessage, format string, a ...any) safetyResult {
		return safetyResult{ID: id, Error: fmt.Sprintf("line %d: ", n) + fmt.Sprintf(format, a...)}
	}
	if tooLong {
		return fail(nil, "line is longer than %d bytes", maxSafetyLine)
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(line, &fields); err != nil {
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) {
			return fail(nil, "expected a JSON object, got %s", typeErr.Value)
		}
		return fail(nil, "invalid JSON: %v", err)
	}
	if fields == nil {
		return fail(nil, "expected a JSON object, got null")
	}
	id := compactJSON(fields["id"])
	raw, ok := fields["text"]
	if !ok {
		return fail(id, `missing "text" field`)
	}
	var text string
	if err := json.Unmarshal(raw, &text); err != nil || bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
		return fail(id, `"text" must be a string, got %s`, jsonKind(raw))
	}
	var lang string
	if raw, ok := fields["lang"]; ok && !bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
		if err := json.Unmarshal(raw, &lang); err != nil {
			return fail(id, `"lang" must be a string, got %s`, jsonKind(raw))
		}
	}
	res := safety.Check(text, lang)
	return safetyResult{ID: id, Level: res.Level, Categories: res.Categories, Score: res.Score}
}

// exportLabels runs "kinship safety export-labels": it writes the
// instance's labelled examples (crisis-queue items moderators judged and
// crises members reported) as JSON Lines, for an operator to measure and
// retrain the safety check locally. The text is sealed at rest; only this
// command, run with the instance's key and database and naming a site
// admin's account (--email), opens it, and the export is audited.
func exportLabels(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var email string
	n, rest, err := open(ctx, "kinship safety export-labels", args, getenv, stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&email, "email", "", "the email of the site admin making the export")
	})
	if err != nil {
		return err
	}
	defer n.store.Close()
	if len(rest) > 0 {
		return usageError{fmt.Sprintf("export-labels takes no arguments, got %q", rest)}
	}
	if email == "" {
		return usageError{"--email is required: the site admin making the export"}
	}
	labels, err := n.app.ExportSafetyLabels(ctx, email)
	if err != nil {
		return err
	}
	out := bufio.NewWriter(stdout)
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	for _, l := range labels {
		if err := enc.Encode(l); err != nil {
			return err
		}
	}
	if err := out.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "exported %d labelled examples\n", len(labels))
	return nil
}

// readSafetyLine returns the next line without its line ending. A line
// longer than maxSafetyLine is drained and reported as tooLong.
func readSafetyLine(r *bufio.Reader) (line []byte, tooLong bool, err error) {
	for {
		chunk, err := r.ReadSlice('\n')
		if !tooLong {
			if len(line)+len(chunk) > maxSafetyLine+2 { // room for "\r\n"
				tooLong, line = true, nil
			} else {
				line = append(line, chunk...)
			}
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		line = bytes.TrimRight(line, "\r\n")
		if tooLong {
			line = nil
		}
		if len(bytes.TrimSpace(line)) == 0 {
			line = nil
		}
		return line, tooLong, err
	}
}

// compactJSON returns a JSON value on one line, or nil for none.
func compactJSON(raw json.RawMessage) json.RawMessage {
	if len(raw) == 0 {
		return nil
	}
	var b bytes.Buffer
	if err := json.Compact(&b, raw); err != nil {
		return nil
	}
	return b.Bytes()
}

// jsonKind names the type of a JSON value for an error message.
func jsonKind(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return "nothing"
	}
	switch raw[0] {
	case '"':
		return "a string"
	case '{':
		return "an object"
	case '[':
		return "an array"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	return "a number"
}
