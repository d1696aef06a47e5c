package testutil

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
)

// APIChecker validates the requests a test sends to /api/v1 and the
// answers it receives against the served OpenAPI document, with
// kin-openapi's openapi3filter: an answer that does not match (a field the
// document does not name, a null where it says a string, a status it does
// not list) fails the test, naming the operation and the JSON path.
type APIChecker struct {
	Doc    *openapi3.T
	router routers.Router
}

// APIStrict makes a mismatch fail the test; when false, mismatches are
// only counted and listed when the test binary ends (LogAPICounts).
var APIStrict = true

// Counts over the whole test binary, for the closing log line.
var (
	apiValidated  atomic.Int64
	apiMismatches atomic.Int64
	apiSkipped    atomic.Int64
	apiOps        sync.Map // operationId -> true
	apiProblems   sync.Map // "operation: problem" -> *atomic.Int64
	api400s       atomic.Int64
	apiUnnamed    sync.Map // "operation: detail" -> *atomic.Int64, 400s with no errors list
	apiAnswered   sync.Map // "operation status" -> true, each status an operation answered
	apiDoc        atomic.Pointer[openapi3.T]
)

// APICounts reports how many answers were validated, how many did not
// match the document, and how many operations were exercised.
func APICounts() (validated, mismatches int64, operations int) {
	apiOps.Range(func(any, any) bool { operations++; return true })
	return apiValidated.Load(), apiMismatches.Load(), operations
}

// LogAPICounts prints the counts to standard error (from TestMain).
func LogAPICounts(pkg string) {
	v, m, ops := APICounts()
	if v == 0 {
		return
	}
	fmt.Fprintf(os.Stderr, "%s: OpenAPI conformance: %d answers on %d operations validated against the document, %d mismatches (%d requests with streamed or large bodies not validated)\n", pkg, v, ops, m, apiSkipped.Load())
	var lines []string
	apiProblems.Range(func(k, v any) bool {
		lines = append(lines, fmt.Sprintf("  %5d× %s", v.(*atomic.Int64).Load(), k))
		return true
	})
	sort.Strings(lines)
	for _, l := range lines {
		fmt.Fprintln(os.Stderr, l)
	}
	lines = lines[:0]
	var unnamed int64
	apiUnnamed.Range(func(k, v any) bool {
		unnamed += v.(*atomic.Int64).Load()
		lines = append(lines, fmt.Sprintf("  %5d× %s", v.(*atomic.Int64).Load(), k))
		return true
	})
	fmt.Fprintf(os.Stderr, "%s: %d answers were 400; %d of them named no field (errors), for a whole-body or whole-request problem:\n", pkg, api400s.Load(), unnamed)
	sort.Strings(lines)
	for _, l := range lines {
		fmt.Fprintln(os.Stderr, l)
	}
	logUnreached(pkg)
}

// logUnreached lists, when KINSHIP_TEST_API_REACH is set, each status the
// document gives an exercised operation that no exchange of the test
// binary answered: a place to look for an error answer nothing can give,
// or one no test asks for (HEAD operations, which mirror GET's, aside).
func logUnreached(pkg string) {
	d := apiDoc.Load()
	if d == nil || os.Getenv("KINSHIP_TEST_API_REACH") == "" {
		return
	}
	var lines []string
	documented := 0
	for path, item := range d.Paths.Map() {
		for method, o := range item.Operations() {
			if method == http.MethodHead {
				continue
			}
			if _, exercised := apiOps.Load(o.OperationID); !exercised {
				continue
			}
			for code := range o.Responses.Map() {
				documented++
				if _, ok := apiAnswered.Load(o.OperationID + " " + code); !ok {
					lines = append(lines, fmt.Sprintf("  %s %s %s", code, method, path))
				}
			}
		}
	}
	sort.Strings(lines)
	fmt.Fprintf(os.Stderr, "%s: %d of the %d statuses documented on the operations the tests exercised were never answered:\n", pkg, len(lines), documented)
	for _, l := range lines {
		fmt.Fprintln(os.Stderr, l)
	}
}

func init() {
	openapi3filter.RegisterBodyDecoder("text/calendar", openapi3filter.PlainBodyDecoder)
}

// NewAPIChecker loads and validates an OpenAPI document.
func NewAPIChecker(doc []byte) (*APIChecker, error) {
	loader := openapi3.NewLoader()
	d, err := loader.LoadFromData(doc)
	if err != nil {
		return nil, fmt.Errorf("load the OpenAPI document: %w", err)
	}
	if err := d.Validate(context.Background()); err != nil {
		return nil, fmt.Errorf("the OpenAPI document is not valid: %w", err)
	}
	r, err := gorillamux.NewRouter(d)
	if err != nil {
		return nil, err
	}
	apiDoc.Store(d)
	return &APIChecker{Doc: d, router: r}, nil
}

// Transport wraps next (nil: http.DefaultTransport) so every /api/v1
// exchange through it is validated; mismatches fail t.
func (c *APIChecker) Transport(t testing.TB, next http.RoundTripper) http.RoundTripper {
	if next == nil {
		next = http.DefaultTransport
	}
	return &checkTransport{c: c, t: t, next: next}
}

// maxChecked is the largest request body the checker reads to validate.
const maxChecked = 1 << 20

type checkTransport struct {
	c    *APIChecker
	t    testing.TB
	next http.RoundTripper
}

func (tr *checkTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if !strings.HasPrefix(req.URL.Path, "/api/v1/") || req.Header.Get("Upgrade") != "" {
		return tr.next.RoundTrip(req)
	}
	if req.Body != nil && (req.ContentLength < 0 || req.ContentLength > maxChecked) {
		// A test of how a streamed or huge body is refused: reading it
		// here first would change what it tests.
		apiSkipped.Add(1)
		return tr.next.RoundTrip(req)
	}
	var reqBody []byte
	if req.Body != nil {
		b, err := io.ReadAll(req.Body)
		req.Body.Close()
		if err != nil {
			return nil, err
		}
		reqBody = b
		req.Body = io.NopCloser(bytes.NewReader(b))
	}
	res, err := tr.next.RoundTrip(req)
	if err != nil {
		return res, err
	}
	resBody, err := io.ReadAll(res.Body)
	res.Body.Close()
	res.Body = io.NopCloser(bytes.NewReader(resBody))
	if err != nil {
		return res, nil
	}
	if msg := tr.c.Check(req, reqBody, res.StatusCode, res.Header, resBody); msg != "" {
		if APIStrict {
			tr.t.Errorf("%s", msg)
		} else {
			tr.t.Logf("%s", msg)
		}
	}
	return res, nil
}

// Check validates one exchange and returns what does not match ("" when
// all does).
func (c *APIChecker) Check(req *http.Request, reqBody []byte, status int, header http.Header, body []byte) string {
	vreq := req.Clone(context.Background())
	vreq.Body = io.NopCloser(bytes.NewReader(reqBody))
	vreq.ContentLength = int64(len(reqBody))
	route, params, err := c.router.FindRoute(vreq)
	if err != nil {
		if status == http.StatusNotFound || status == http.StatusMethodNotAllowed {
			return "" // a test asking for what is not there
		}
		apiMismatches.Add(1)
		n, _ := apiProblems.LoadOrStore(req.Method+" "+req.URL.Path+" not in the document", new(atomic.Int64))
		n.(*atomic.Int64).Add(1)
		return fmt.Sprintf("OpenAPI: %s %s answered %d but is not in the document: %v", req.Method, req.URL.Path, status, err)
	}
	id := route.Operation.OperationID
	apiOps.Store(id, true)
	apiAnswered.Store(id+" "+strconv.Itoa(status), true)
	in := &openapi3filter.RequestValidationInput{Request: vreq, PathParams: params, Route: route,
		Options: &openapi3filter.Options{MultiError: true, AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}}
	var problems []string
	if err := openapi3filter.ValidateRequest(context.Background(), in); err != nil && status < 400 {
		problems = append(problems, fmt.Sprintf("the request does not match the document, yet the answer was %d:\n%s", status, indent(err)))
	}
	out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: status, Header: header,
		Options: &openapi3filter.Options{MultiError: true, IncludeResponseStatus: true}}
	out.SetBodyBytes(body)
	apiValidated.Add(1)
	if status == http.StatusBadRequest {
		noteUnnamed(id, body)
	}
	if err := openapi3filter.ValidateResponse(context.Background(), out); err != nil {
		problems = append(problems, fmt.Sprintf("the %d answer does not match the document:\n%s", status, indent(err)))
	}
	if len(problems) == 0 {
		return ""
	}
	apiMismatches.Add(1)
	for _, p := range problems {
		for _, l := range strings.Split(p, "\n")[1:] {
			key := id + " " + strconv.Itoa(status) + ": " + strings.TrimPrefix(l, "  - ")
			n, _ := apiProblems.LoadOrStore(key, new(atomic.Int64))
			n.(*atomic.Int64).Add(1)
		}
	}
	ct, _, _ := mime.ParseMediaType(header.Get("Content-Type"))
	return fmt.Sprintf("OpenAPI mismatch on %s (%s %s), %s: %s\nbody: %s", id, req.Method, req.URL.RequestURI(), ct,
		strings.Join(problems, "\n"), clip(body))
}

// noteUnnamed counts a 400 problem that names no field, by its detail.
func noteUnnamed(id string, body []byte) {
	api400s.Add(1)
	var p struct {
		Detail string            `json:"detail"`
		Errors []json.RawMessage `json:"errors"`
	}
	if json.Unmarshal(body, &p) != nil || len(p.Errors) > 0 {
		return
	}
	n, _ := apiUnnamed.LoadOrStore(id+": "+p.Detail, new(atomic.Int64))
	n.(*atomic.Int64).Add(1)
}

func indent(err error) string {
	var lines []string
	if me, ok := err.(openapi3.MultiError); ok {
		for _, e := range me {
			lines = append(lines, "  - "+oneLine(e))
		}
	} else {
		lines = append(lines, "  - "+oneLine(err))
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

// oneLine keeps the reason and the JSON path of a schema error, not the
// whole schema kin-openapi prints after them.
func oneLine(err error) string {
	s := err.Error()
	if i := strings.Index(s, "\nSchema:"); i >= 0 {
		s = s[:i]
	}
	return strings.ReplaceAll(s, "\n", " ")
}

func clip(b []byte) string {
	if len(b) > 600 {
		return string(b[:600]) + "…"
	}
	return string(b)
}
