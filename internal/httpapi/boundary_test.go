package httpapi_test

import (
	"bytes"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// bigJSON streams a JSON object of about n bytes without holding it: a
// list of mentee ids, which a server that read it first would decode whole.
type bigJSON struct {
	n, sent int
	head    bool
}

func (b *bigJSON) Read(p []byte) (int, error) {
	if b.sent >= b.n {
		return 0, io.EOF
	}
	if !b.head {
		b.head = true
		c := copy(p, `{"mentee_ids":["x"`)
		b.sent += c
		return c, nil
	}
	chunk := `,"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"`
	i := 0
	for i+len(chunk)+2 <= len(p) && b.sent < b.n {
		i += copy(p[i:], chunk)
		b.sent += len(chunk)
	}
	if b.sent >= b.n {
		i += copy(p[i:], "]}")
	}
	return i, nil
}

func heap() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// TestLargeBodiesAreRefusedBeforeTheyAreRead sends three 15 MB bodies at
// once to the cohort planner as a member (who may not plan cohorts) and
// three to an ordinary route, as the API and the web form: each is refused
// with a message, and the server's heap stays where it was.
func TestLargeBodiesAreRefusedBeforeTheyAreRead(t *testing.T) {
	e, _ := newEnvWithAdmin(t, testutil.DB{Name: "sqlite", DataDir: t.TempDir()})
	_, tok := e.signupLogin("ana@example.org", goodPassword, "Ana")
	const size = 15 << 20
	before := heap()
	var peak uint64
	var mu sync.Mutex
	post := func(path, ct string, body io.Reader, length int64) (int, string) {
		req, _ := http.NewRequest("POST", e.http.URL+path, body)
		req.ContentLength = length // -1: sent chunked, so only reading finds its size
		req.Header.Set("Content-Type", ct)
		req.Header.Set("Authorization", "Bearer "+tok)
		res, err := e.client.Do(req)
		if err != nil {
			t.Errorf("%s: %v", path, err)
			return 0, ""
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		mu.Lock()
		peak = max(peak, heap())
		mu.Unlock()
		return res.StatusCode, string(b)
	}
	type answer struct {
		status int
		body   string
	}
	cases := []struct {
		path, ct string
		length   int64
		want     answer
	}{
		{"/api/v1/mentorship/cohort/plan", "application/json", -1, answer{403, `"detail":"only organization admins plan cohorts"`}},
		{"/api/v1/mentorship/cohort/plan", "application/json", size, answer{403, `"detail":"only organization admins plan cohorts"`}},
		{"/api/v1/posts", "application/json", -1, answer{413, `"detail":"the request is larger than 64 KiB, the most this page or route takes; send less"`}},
		{"/api/v1/posts", "application/json", size, answer{413, `"detail":"the request is larger than 64 KiB, the most this page or route takes; send less"`}},
		{"/community/posts", "application/x-www-form-urlencoded", -1, answer{413, "The request is larger than 64 KiB, the most this page or route takes; send less."}},
		{"/api/v1/auth/login", "application/json", -1, answer{413, `"detail":"the request is larger than 8 KiB, the most this page or route takes; send less"`}},
	}
	for round := range 3 {
		var wg sync.WaitGroup
		got := make([]answer, len(cases))
		for i, c := range cases {
			wg.Add(1)
			go func() {
				defer wg.Done()
				got[i].status, got[i].body = post(c.path, c.ct, &bigJSON{n: size}, c.length)
			}()
		}
		wg.Wait()
		for i, c := range cases {
			if got[i].status != c.want.status || !strings.Contains(got[i].body, c.want.body) {
				t.Errorf("round %d, %s (length %d): %d %s; want %d with %s", round, c.path, c.length, got[i].status, got[i].body, c.want.status, c.want.body)
			}
		}
	}
	after := heap()
	t.Logf("heap before %d KiB, highest after an answer %d KiB, after %d KiB", before>>10, peak>>10, after>>10)
	if peak > before+50<<20 || after > before+50<<20 {
		t.Fatalf("the heap grew from %d MiB to %d MiB (highest %d MiB) for refused bodies", before>>20, after>>20, peak>>20)
	}

	// The web cohort form refuses a member before reading the upload.
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, _ := mw.CreateFormFile("file", "cohort.json")
	fmt.Fprint(fw, `{"mentors":[],"mentees":[]}`)
	mw.Close()
	if st, body := post("/mentorship/cohort/plan", mw.FormDataContentType(), &buf, int64(buf.Len())); st != http.StatusForbidden {
		t.Fatalf("web cohort upload by a member: %d %s", st, body)
	}
}
