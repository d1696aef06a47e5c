package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	mrand "math/rand/v2"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
)

// sim is what every simulated person shares.
type sim struct {
	base   string // the server, or the load balancer in front of the nodes
	client *http.Client
	dialer *websocket.Dialer
	rec    *recorder
	pop    *population
	think  func(rng *mrand.Rand) time.Duration
	alerts alertBook
	book   *deliveryBook
	msgSeq atomic.Int64
	// on are the people active in the step: an alert is raised only by
	// someone whose partner is among them, signed in with a socket open,
	// so that its arrival on the partner's socket can be timed.
	on       map[int]bool
	maxSteps int // bound on actions per person per run
}

// alertBook pairs each support alert's raising with its arrival on the
// partner's socket (which may come before the raise's answer does).
type alertBook struct {
	mu     sync.Mutex
	sent   map[string]time.Time
	got    map[string]time.Time
	by     map[int]string    // the last alert each person raised
	early  map[int]time.Time // a partner's notice that came before the raise's answer, by raiser
	raised int
}

func (a *alertBook) raise(id string, at time.Time, person int) {
	a.mu.Lock()
	if _, again := a.sent[id]; again {
		// Pressed again while the alert is open: the server answers with
		// the same alert, and nobody is told again.
		a.mu.Unlock()
		return
	}
	a.sent[id] = at
	if a.by == nil {
		a.by = map[int]string{}
	}
	a.by[person] = id
	if t, ok := a.early[person]; ok {
		a.got[id] = t
		delete(a.early, person)
	}
	a.raised++
	a.mu.Unlock()
}

// earlyNotice keeps a partner's notice that came before the answer to the
// raise (the alert's id is not known yet).
func (a *alertBook) earlyNotice(person int, at time.Time) {
	a.mu.Lock()
	if a.early == nil {
		a.early = map[int]time.Time{}
	}
	a.early[person] = at
	a.mu.Unlock()
}

// of is the alert person raised that has not yet reached their partner,
// or "".
func (a *alertBook) of(person int) string {
	a.mu.Lock()
	defer a.mu.Unlock()
	id := a.by[person]
	if _, done := a.got[id]; done {
		return ""
	}
	return id
}
func (a *alertBook) arrive(id string, at time.Time) {
	a.mu.Lock()
	if _, ok := a.got[id]; !ok {
		a.got[id] = at
	}
	a.mu.Unlock()
}

// weighted is an action and its relative frequency.
type weighted struct {
	name   string
	weight float64
	run    func(*visitor)
}

// The mix follows Mattermost's load-test simulation (load-test-ng's
// SimulController action frequencies, and its idle time between actions:
// 1 s at least, 20 s on average) mapped to what a Kinship member does, and
// adds what Kinship has and Mattermost has not at rates of its own, given
// per active hour and turned into the same weights (an action every 20 s
// is 180 an hour, so one unit of weight is 180/13.7 ≈ 13.1 an hour).
// BENCHMARKS.md lists the mapping.
const perHourUnit = 180.0 / 13.7

func mix(role string) []weighted {
	ws := []weighted{
		{"open group chat", 6.52, (*visitor).openGroupChat}, // SwitchChannel
		{"scroll history", 1.99, (*visitor).scroll},         // ScrollChannel
		{"open DM", 0.98, (*visitor).openDM},                // OpenDirectOrGroupChannel
		{"home", 1.0, (*visitor).home},                      // UnreadCheck
		{"post", 1.0, (*visitor).post},                      // CreatePost
		{"react", 0.13, (*visitor).react},                   // AddReaction
		{"notifications", 0.60, (*visitor).notifications},   // ViewGlobalThreads
		{"group page", 0.28, (*visitor).groupPage},          // ViewThread
		{"mark read", 0.32, (*visitor).markRead},            // UpdateThreadRead
		{"reconnect", 0.144, (*visitor).reconnect},          // ReconnectWebSocket
		{"directory search", 0.015, (*visitor).directory},   // SearchChannels
		{"meeting finder", 0.054, (*visitor).finder},        // SearchUsers + SearchPosts
		{"groups page", 0.005, (*visitor).groups},           // JoinChannel
		// Kinship's own, per active hour.
		{"check-in", 1 / perHourUnit, (*visitor).checkin},
		{"I need support now", 0.02 / perHourUnit, (*visitor).needSupport},
		{"partner page", 0.5 / perHourUnit, (*visitor).partners},
	}
	switch role {
	case roleFacilitator:
		ws = append(ws, weighted{"members list", 1 / perHourUnit, (*visitor).membersList},
			weighted{"schedule meeting", 0.05 / perHourUnit, (*visitor).scheduleMeeting})
	case roleMentor:
		ws = append(ws, weighted{"mentorship page", 1 / perHourUnit, (*visitor).mentorship})
	}
	return ws
}

// visitor is one person's visit: a browser with one page open at a time
// and the socket that page opened.
type visitor struct {
	s    *sim
	p    *person
	rng  *mrand.Rand
	mix  []weighted
	sum  float64
	seen map[string]bool // static files already in the browser's cache

	mu      sync.Mutex
	ws      *websocket.Conn
	sock    *sockRec // the open socket's record in the delivery book
	conv    string   // the conversation the open page shows, "" if none
	hello   chan struct{}
	pending map[string]pendingReq
	last    map[string]lastSeen // per conversation
	refN    int
}

type pendingReq struct {
	op   string
	at   time.Time
	conv string
	sent time.Time // a send's body stamp
	sock *sockRec  // the socket it was written on
}

// lastSeen is what a person's page has of a conversation: the newest
// change and message, and the newest message still shown with the
// reactions that fit it (what the page offers to react with).
type lastSeen struct {
	change, seq int64
	msgID       string
	msgSeq      int64
	fits        []string
}

// saw takes in a message frame. Only a visible message takes reactions,
// and only those that fit it (the page offers "with you" alone on words
// of crisis): reacting to a removed message, or with a reaction the
// message refuses, was the simulator's mistake the server refused.
func (l lastSeen) saw(change, seq int64, id, state string, fits []string) lastSeen {
	l.change, l.seq = max(l.change, change), max(l.seq, seq)
	switch {
	case id == l.msgID && state != "visible": // removed or deleted since
		l.msgID, l.msgSeq, l.fits = "", 0, nil
	case id == l.msgID: // edited, or reacted to: its words may fit others now
		l.fits = fits
	case state == "visible" && seq > l.msgSeq:
		l.msgID, l.msgSeq, l.fits = id, seq, fits
	}
	return l
}

func newVisitor(s *sim, p *person, seed uint64) *visitor {
	v := &visitor{s: s, p: p, rng: mrand.New(mrand.NewPCG(seed, uint64(p.i))), mix: mix(p.role), seen: map[string]bool{},
		pending: map[string]pendingReq{}, last: map[string]lastSeen{}}
	for _, w := range v.mix {
		v.sum += w.weight
	}
	return v
}

// run visits until ctx ends: the day's check-in first, then actions drawn
// from the mix with think times between them; at most s.maxSteps actions.
func (v *visitor) run(ctx context.Context) {
	defer v.closeSocket()
	v.s.rec.action("home")
	v.home()
	v.s.rec.action("check-in")
	v.checkin()
	for i := 0; i < v.s.maxSteps; i++ {
		select {
		case <-ctx.Done():
			return
		case <-time.After(v.s.think(v.rng)):
		}
		if ctx.Err() != nil {
			return
		}
		x := v.rng.Float64() * v.sum
		for _, w := range v.mix {
			if x < w.weight {
				v.s.rec.action(w.name)
				w.run(v)
				break
			}
			x -= w.weight
		}
	}
}

// lostAcks counts socket requests still unanswered after 10 s as errors.
func (v *visitor) lostAcks() {
	v.mu.Lock()
	defer v.mu.Unlock()
	for ref, p := range v.pending {
		if time.Since(p.at) > 10*time.Second {
			v.s.rec.fail(kAck, p.op+": no answer in 10 s")
			delete(v.pending, ref)
		}
	}
}

// --- HTTP ---

// bodies are the buffers pages are read into, kept between pages: a
// simulated browser reads every byte of each page as before, without
// allocating the page again (at thousands of people the simulator's own
// allocation and copying cost more than the node's work per page).
var bodies = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// page loads an HTML page as a browser does: the page, the static files
// it links that are not cached yet, then the socket the page opens
// (subscribed to conv when it is a chat page).
func (v *visitor) page(path, pattern, conv string) {
	t0 := time.Now()
	req, _ := http.NewRequest("GET", v.s.base+path, nil)
	req.Header.Set("Cookie", "kinship_session="+v.p.token)
	req.Header.Set("Accept", "text/html")
	res, err := v.s.client.Do(req)
	if err != nil {
		v.s.rec.fail(kPage, pattern+": "+shortErr(err))
		return
	}
	buf := bodies.Get().(*bytes.Buffer)
	defer bodies.Put(buf)
	buf.Reset()
	_, err = buf.ReadFrom(res.Body)
	res.Body.Close()
	if err != nil || res.StatusCode != 200 {
		v.s.rec.fail(kPage, fmt.Sprintf("%s: %d", pattern, res.StatusCode))
		return
	}
	v.s.rec.add(kPage, time.Since(t0))
	html := buf.Bytes()
	eachStaticRef(html, func(ref []byte) {
		if v.seen[string(ref)] {
			return
		}
		path := string(ref)
		v.seen[path] = true
		v.get(path, kAsset, "/static/*")
	})
	after := int64(0)
	if conv != "" {
		after = pageChange(html)
		// The page's script follows changes from the one the page showed,
		// and a reconnect asks from the last it has (app.js's "last"), so
		// the page's change is what this person has of conv now.
		v.mu.Lock()
		if l := v.last[conv]; after > l.change {
			l.change = after
			v.last[conv] = l
		}
		v.mu.Unlock()
	}
	v.openSocket(conv, after)
}

// eachStaticRef calls f with each /static/ path an href="…" or src="…"
// of html names, up to its first ", ? or #, in order: what the regular
// expression (?:href|src)="(/static/[^"?#]+) finds (staticRefRE, which
// the tests compare it with), by a scan for ="/static/ instead of that
// expression run over every byte of every page (it has no literal prefix,
// so Go's matcher ran its NFA from each byte: 59% of the simulator's own
// CPU in a profile of 300 people).
func eachStaticRef(html []byte, f func(ref []byte)) {
	const mark = `="/static/`
	for i := 0; ; {
		j := bytes.Index(html[i:], []byte(mark))
		if j < 0 {
			return
		}
		at := i + j // the '='
		start := at + 2
		end := start + len("/static/")
		for end < len(html) && html[end] != '"' && html[end] != '?' && html[end] != '#' {
			end++
		}
		named := bytes.HasSuffix(html[:at], []byte("href")) || bytes.HasSuffix(html[:at], []byte("src"))
		if named && end > start+len("/static/") {
			f(html[start:end])
			i = end
			continue
		}
		i = at + 1
	}
}

// staticRefRE is what eachStaticRef finds, as a regular expression.
var staticRefRE = regexp.MustCompile(`(?:href|src)="(/static/[^"?#]+)`)

// pageChange is the change a chat page shows: the data-change of the
// element whose id is "chat", what dataChange matches (the tests compare
// the two), found by scanning the element's tag alone, or 0.
func pageChange(html []byte) int64 {
	for i := 0; ; {
		j := bytes.Index(html[i:], []byte(`id="chat"`))
		if j < 0 {
			return 0
		}
		tag := html[i+j+len(`id="chat"`):]
		if k := bytes.IndexByte(tag, '>'); k >= 0 {
			tag = tag[:k]
		}
		// The expression's [^>]* is greedy: the last data-change="digits"
		// in the tag is the one it matches.
		for end := len(tag); ; {
			k := bytes.LastIndex(tag[:end], []byte(`data-change="`))
			if k < 0 {
				break
			}
			digits := tag[k+len(`data-change="`):]
			n := 0
			for n < len(digits) && digits[n] >= '0' && digits[n] <= '9' {
				n++
			}
			if n > 0 && n < len(digits) && digits[n] == '"' {
				v, _ := strconv.ParseInt(string(digits[:n]), 10, 64)
				return v
			}
			end = k
		}
		i += j + 1
	}
}

// dataChange is what pageChange finds, as a regular expression.
var dataChange = regexp.MustCompile(`id="chat"[^>]*data-change="(\d+)"`)

// get fetches path and throws the body away, timing it as kind.
func (v *visitor) get(path, kind, pattern string) {
	t0 := time.Now()
	res, err := v.s.client.Get(v.s.base + path)
	if err != nil {
		v.s.rec.fail(kind, pattern+": "+shortErr(err))
		return
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	if res.StatusCode != 200 {
		v.s.rec.fail(kind, fmt.Sprintf("%s: %d", pattern, res.StatusCode))
		return
	}
	v.s.rec.add(kind, time.Since(t0))
}

// api calls the JSON API with the person's token and decodes the answer
// into out (when not nil). It returns whether the status was one of want.
func (v *visitor) api(method, path, pattern string, body any, out any, want ...int) bool {
	return v.s.callAPI(v.p.token, method, path, pattern, body, out, want...)
}

func (s *sim) callAPI(token, method, path, pattern string, body any, out any, want ...int) bool {
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	t0 := time.Now()
	req, _ := http.NewRequest(method, s.base+path, rd)
	req.Header.Set("Authorization", "Bearer "+token)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := s.client.Do(req)
	if err != nil {
		s.rec.fail(kAPI, method+" "+pattern+": "+shortErr(err))
		return false
	}
	data, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if !slicesContains(want, res.StatusCode) {
		s.rec.fail(kAPI, fmt.Sprintf("%s %s: %d %.120s", method, pattern, res.StatusCode, data))
		return false
	}
	s.rec.add(kAPI, time.Since(t0))
	if out != nil {
		json.Unmarshal(data, out)
	}
	return true
}

func slicesContains(xs []int, x int) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func shortErr(err error) string {
	s := err.Error()
	if i := strings.LastIndex(s, ": "); i >= 0 {
		s = s[i+2:]
	}
	return s
}

// --- the socket ---

type frame struct {
	Type   string `json:"type"`
	Ref    string `json:"ref"`
	Conv   string `json:"conv"`
	Change int64  `json:"change"`
	Kind   string `json:"kind"`
	Link   string `json:"link"`
	Code   string `json:"code"`
	Error  string `json:"error"`
	// Result is an answer's result: a send's is the message, or
	// {"message": …, "safety": …} when the author gets a safety note.
	Result  json.RawMessage `json:"result"`
	Message *struct {
		ID     string `json:"id"`
		Seq    int64  `json:"seq"`
		Body   string `json:"body"`
		Author struct {
			ID string `json:"id"`
		} `json:"author"`
		State            string   `json:"state"`
		AllowedReactions []string `json:"allowed_reactions"`
	} `json:"message"`
}

func (v *visitor) closeSocket() {
	v.mu.Lock()
	ws, rec := v.ws, v.sock
	v.ws, v.sock, v.conv = nil, nil, ""
	// Requests still unanswered on this socket never will be: the page
	// left (a browser's does the same). Those younger than 10 s are
	// counted apart, not as errors (their time is not known); older ones
	// are errors, as they would have been had the page stayed.
	var gone, lost []string
	for ref, p := range v.pending {
		if p.sock == rec {
			if time.Since(p.at) > 10*time.Second {
				lost = append(lost, p.op)
			} else {
				gone = append(gone, p.op)
			}
			delete(v.pending, ref)
		}
	}
	v.mu.Unlock()
	for _, op := range gone {
		v.s.rec.action("left before the answer: " + op)
	}
	for _, op := range lost {
		v.s.rec.fail(kAck, op+": no answer in 10 s")
	}
	if rec != nil {
		v.s.book.closedAt(rec, time.Now())
	}
	if ws != nil {
		leave(ws)
	}
}

// leave closes a page's socket as Chromium does when the page is left
// (walked in Chromium 156: a signed-in page is never kept for going back,
// its answers being Cache-Control: no-store, so its socket closes with
// it): a close frame with 1001 ("going away") and no reason, then the
// connection closed once the server's close frame has come (its reader,
// read, closes it), or after 5 s without one. Closing the connection
// without a close frame, as this simulator did before, had the server
// write its close frame to a connection already gone.
func leave(ws *websocket.Conn) {
	msg := websocket.FormatCloseMessage(websocket.CloseGoingAway, "")
	if err := ws.WriteControl(websocket.CloseMessage, msg, time.Now().Add(time.Second)); err != nil {
		ws.Close()
		return
	}
	_ = ws.SetReadDeadline(time.Now().Add(5 * time.Second))
}

// openSocket replaces the open page's socket with a new one, as a page
// load does, subscribed to conv (after the change the page showed) as the
// chat page's script opens it: named in its address, its answer coming
// after the greeting (ref empty), no subscribe request.
func (v *visitor) openSocket(conv string, after int64) {
	v.closeSocket()
	u := "ws" + strings.TrimPrefix(v.s.base, "http") + "/api/v1/ws"
	if conv != "" {
		u += "?conv=" + url.QueryEscape(conv) + "&after=" + strconv.FormatInt(after, 10)
	}
	h := http.Header{"Cookie": {"kinship_session=" + v.p.token}, "Origin": {v.s.base}}
	t0 := time.Now()
	ws, _, err := v.s.dialer.Dial(u, h)
	if err != nil {
		v.s.rec.fail(kSocket, "dial: "+shortErr(err))
		return
	}
	hello := make(chan struct{})
	rec := v.s.book.socket(v.p.i, conv)
	v.mu.Lock()
	v.ws, v.sock, v.conv, v.hello = ws, rec, conv, hello
	if conv != "" {
		// The subscription the socket opened with, answered with ref "".
		v.pending[""] = pendingReq{op: "subscribe", at: t0, sock: rec}
	}
	v.mu.Unlock()
	if conv != "" {
		v.s.book.asked(rec, after, t0)
	}
	go v.read(ws, rec, hello)
	select {
	case <-hello:
		v.s.rec.add(kSocket, time.Since(t0))
	case <-time.After(5 * time.Second):
		v.s.rec.fail(kSocket, "no hello in 5 s")
	}
}

// request sends a socket request with a fresh ref and remembers when.
func (v *visitor) request(req map[string]any) {
	v.mu.Lock()
	ws := v.ws
	if ws == nil {
		v.mu.Unlock()
		return
	}
	v.refN++
	ref := "r" + strconv.Itoa(v.refN)
	req["ref"] = ref
	op := req["op"].(string)
	p := pendingReq{op: op, at: time.Now(), sock: v.sock}
	if op == "send" {
		p.conv, _ = req["conv"].(string)
		p.sent, _ = req["sent"].(time.Time)
		delete(req, "sent")
	}
	v.pending[ref] = p
	b, _ := json.Marshal(req)
	err := ws.WriteMessage(websocket.TextMessage, b)
	v.mu.Unlock()
	if err != nil {
		v.s.rec.fail(kAck, op+": write: "+shortErr(err))
	}
}

// read handles the frames of one socket until it closes.
func (v *visitor) read(ws *websocket.Conn, rec *sockRec, hello chan struct{}) {
	helloed := false
	for i := 0; i < 1<<30; i++ {
		_, data, err := ws.ReadMessage()
		if err != nil {
			// The server's close frame (the answer to the page's, or its
			// own), the connection gone, or no answer in time: closed.
			ws.Close()
			v.s.book.closedAt(rec, time.Now())
			if !helloed {
				close(hello)
			}
			return
		}
		now := time.Now()
		v.mu.Lock()
		left := v.sock != rec
		v.mu.Unlock()
		if left {
			// The page was left: what comes until the server's close
			// frame reaches no page (a browser fires no event on a page
			// it has left).
			continue
		}
		var f frame
		if json.Unmarshal(data, &f) != nil {
			v.s.rec.fail(kAck, "unreadable frame")
			continue
		}
		switch f.Type {
		case "hello":
			if !helloed {
				helloed = true
				close(hello)
			}
		case "subscribed", "ack", "pong", "error":
			v.mu.Lock()
			p, ok := v.pending[f.Ref]
			delete(v.pending, f.Ref)
			v.mu.Unlock()
			if !ok {
				continue
			}
			if f.Type == "error" {
				v.s.rec.fail(kAck, p.op+": "+f.Code)
				continue
			}
			v.s.rec.add(kAck, now.Sub(p.at))
			switch p.op {
			case "subscribe":
				v.s.book.subscribed(rec, now)
			case "send":
				v.sentAnswer(f.Result, p, now)
			}
		case "message":
			if f.Message == nil {
				continue
			}
			v.mu.Lock()
			v.last[f.Conv] = v.last[f.Conv].saw(f.Change, f.Message.Seq, f.Message.ID, f.Message.State, f.Message.AllowedReactions)
			v.mu.Unlock()
			if f.Message.Author.ID == v.p.id {
				continue
			}
			if sent, ok := stamp(f.Message.Body); ok {
				v.s.book.see(rec, sighting{msg: f.Message.ID, change: f.Change, sent: sent, at: now})
			}
		case "notification":
			if f.Kind == "support_alert" {
				// The socket's notice carries no alert id (its link is
				// /support/respond): the alert is the one this person's
				// partner raised.
				id := ""
				if v.p.partner >= 0 {
					id = v.s.alerts.of(v.p.partner)
				}
				if _, linked, ok := strings.Cut(f.Link, "#alert-"); ok {
					id = linked
				}
				if id == "" && v.p.partner >= 0 {
					v.s.alerts.earlyNotice(v.p.partner, now)
				}
				if id != "" {
					v.s.alerts.arrive(id, now)
					go v.s.callAPI(v.p.token, "POST", "/api/v1/support/alerts/"+id+"/acknowledge", "/api/v1/support/alerts/{id}/acknowledge", nil, nil, 200, 204)
				}
			}
		}
	}
}

// --- actions ---

func (v *visitor) group() string { return v.p.groups[v.rng.IntN(len(v.p.groups))] }

func (v *visitor) openGroupChat() {
	g := v.group()
	v.page("/groups/"+g+"/chat", "/groups/{id}/chat", g)
}

func (v *visitor) onChat() string {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.conv
}

func (v *visitor) scroll() {
	conv := v.onChat()
	if conv == "" {
		g := v.group()
		v.api("GET", "/api/v1/groups/"+g+"/messages?limit=50", "/api/v1/groups/{id}/messages", nil, nil, 200)
		return
	}
	v.mu.Lock()
	seq := v.last[conv].seq
	v.mu.Unlock()
	before := max(seq-50, 1)
	v.request(map[string]any{"op": "history", "conv": conv, "seq": before, "limit": 50})
}

func (v *visitor) openDM() {
	v.page("/messages", "/messages", "")
	if v.p.thread != "" {
		v.page("/messages/"+v.p.thread, "/messages/{id}", v.p.thread)
	}
}

func (v *visitor) home() { v.page("/", "/", "") }

// post sends a message on the open chat (opening one of the person's
// group chats first when none is open), over the socket as the page does.
func (v *visitor) post() {
	conv := v.onChat()
	if conv == "" {
		v.openGroupChat()
		if conv = v.onChat(); conv == "" {
			return
		}
	}
	n := v.s.msgSeq.Add(1)
	now := time.Now()
	body := "t:" + strconv.FormatInt(now.UnixNano(), 10) + " " + sentences[v.rng.IntN(len(sentences))]
	v.request(map[string]any{"op": "send", "conv": conv, "client_id": "u" + strconv.FormatInt(n, 36), "body": body, "sent": now})
}

// stamp reads the send time a simulated message's body begins with.
func stamp(body string) (time.Time, bool) {
	t, ok := strings.CutPrefix(body, "t:")
	if !ok {
		return time.Time{}, false
	}
	n, _, _ := strings.Cut(t, " ")
	ns, err := strconv.ParseInt(n, 10, 64)
	if err != nil || ns == 0 {
		return time.Time{}, false
	}
	return time.Unix(0, ns), true
}

// sentAnswer records a send's answer in the delivery book: the message's
// id and the change that created it, committed by now.
func (v *visitor) sentAnswer(result json.RawMessage, p pendingReq, now time.Time) {
	var m struct {
		ID      string `json:"id"`
		Change  int64  `json:"change"`
		State   string `json:"state"`
		Message *struct {
			ID     string `json:"id"`
			Change int64  `json:"change"`
			State  string `json:"state"`
		} `json:"message"`
	}
	if json.Unmarshal(result, &m) != nil {
		return
	}
	if m.Message != nil {
		m.ID, m.Change, m.State = m.Message.ID, m.Message.Change, m.Message.State
	}
	if m.ID == "" {
		return
	}
	v.s.book.sentOne(m.ID, &sentMsg{conv: p.conv, author: v.p.i, sent: p.sent, acked: now, change: m.Change, held: m.State != "visible"})
}

// react reacts to the newest message shown, with one of the reactions
// the page offers for it.
func (v *visitor) react() {
	conv := v.onChat()
	v.mu.Lock()
	l := v.last[conv]
	v.mu.Unlock()
	if conv == "" || l.msgID == "" || len(l.fits) == 0 {
		return
	}
	v.request(map[string]any{"op": "react", "message_id": l.msgID, "reaction": l.fits[v.rng.IntN(len(l.fits))]})
}

func (v *visitor) markRead() {
	conv := v.onChat()
	v.mu.Lock()
	seq := v.last[conv].seq
	v.mu.Unlock()
	if conv == "" || seq == 0 {
		return
	}
	v.request(map[string]any{"op": "read", "conv": conv, "seq": seq})
}

func (v *visitor) reconnect() {
	conv := v.onChat()
	v.mu.Lock()
	after := v.last[conv].change
	v.mu.Unlock()
	v.openSocket(conv, after)
}

func (v *visitor) notifications() { v.page("/notifications", "/notifications", "") }
func (v *visitor) groupPage()     { v.page("/groups/"+v.group(), "/groups/{id}", "") }
func (v *visitor) groups()        { v.page("/groups", "/groups", "") }

// directory searches the group directory for a topic, escaped as a
// browser's form does (the five 400s of the first soak were "young
// people" sent with its space as it was, which no server can read as a
// request line: usersim's mistake, not the server's).
func (v *visitor) directory() {
	v.page("/groups?q="+url.QueryEscape(strings.ToLower(topics[v.rng.IntN(len(topics))])), "/groups?q=", "")
}
func (v *visitor) partners()   { v.page("/partners", "/partners", "") }
func (v *visitor) mentorship() { v.page("/mentorship", "/mentorship", "") }

func (v *visitor) finder() {
	c := cities[v.rng.IntN(len(cities))]
	if v.rng.IntN(2) == 0 {
		v.page("/meetings", "/meetings", "")
		return
	}
	v.api("GET", fmt.Sprintf("/api/v1/meetings?lat=%.3f&lng=%.3f&radius_km=25&sort=distance&limit=20", c[0], c[1]), "/api/v1/meetings?lat&lng", nil, nil, 200)
}

// checkin is the day's check-in: the form, then the answer through the API.
func (v *visitor) checkin() {
	v.page("/checkin", "/checkin", "")
	v.api("POST", "/api/v1/checkins", "/api/v1/checkins", map[string]any{"mood": 1 + v.rng.IntN(5), "craving": v.rng.IntN(6), "used": false}, nil, 200, 201)
}

// needSupport presses "I need support now"; the partner's socket acknowledges.
func (v *visitor) needSupport() {
	if v.p.partner < 0 || !v.s.on[v.p.partner] {
		v.partners()
		return
	}
	v.page("/support", "/support", "")
	t0 := time.Now()
	var out struct {
		Alert struct {
			ID string `json:"id"`
		} `json:"alert"`
	}
	if v.api("POST", "/api/v1/support/alerts", "/api/v1/support/alerts", nil, &out, 200, 201) && out.Alert.ID != "" {
		v.s.alerts.raise(out.Alert.ID, t0, v.p.i)
	}
}

func (v *visitor) membersList() {
	v.api("GET", "/api/v1/groups/"+v.p.groups[0]+"/members", "/api/v1/groups/{id}/members", nil, nil, 200)
}

func (v *visitor) scheduleMeeting() {
	start := time.Now().AddDate(0, 0, 7+v.rng.IntN(30)).Format("2006-01-02") + "T19:00"
	v.api("POST", "/api/v1/groups/"+v.p.groups[0]+"/meetings", "/api/v1/groups/{id}/meetings",
		map[string]any{"title": "Weekly meeting", "start_local": start, "time_zone": "America/Chicago", "duration_minutes": 60}, nil, 201)
}

var sentences = []string{
	"Thank you all for being here tonight, it helps more than I can say.",
	"Day 40 today. Some cravings this afternoon but I called my partner and walked it off.",
	"Does anyone have tips for the holidays with family? Last year was hard.",
	"Proud of you. Keep going, one day at a time.",
	"I went to the Tuesday meeting and it was good to see faces again.",
	"Rough week at work. Sleeping better since I cut the late coffee though.",
}

// thinkTime draws Mattermost's idle time between actions: at least min,
// exponential above it with the given mean, compressed by c.
func thinkTime(min, mean time.Duration, c float64) func(*mrand.Rand) time.Duration {
	return func(rng *mrand.Rand) time.Duration {
		d := float64(min) + rng.ExpFloat64()*float64(mean-min)
		d = math.Min(d, float64(10*mean)) // no endless idles
		return time.Duration(d / c)
	}
}
