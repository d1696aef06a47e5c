package web

import (
	"bytes"
	"html/template"
	"io/fs"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/i18n"
	"github.com/kinshiprecovery/kinship/internal/model"
)

// The frame written once for each shape.
//
// Every page runs inside the layout (layout.html: the head, the header,
// the tab bar, the footer with the crisis lines and the language form),
// and html/template walked all of it through reflection on every page:
// with the words folded in (fold.go), about half of what the template
// still cost on a chat page. Yet the layout shows the same bytes to
// everyone who reads a page in the same language with the same "shape"
// (signed in or not, the tab, which counts are zero, a moderator or not,
// the crisis lines shown) except in a few holes: the page's title, the
// counts and the page's path, and the page's own content.
//
// So each shape's frame is rendered once, by the layout's own templates,
// from a view made of the shape alone with marks in place of the holes;
// the marks cut it into fixed pieces, and a page is then those pieces with
// its holes written between them (escaped as html/template escapes them)
// and its content rendered by the page's own templates in the content's
// place. Before a shape's frame is used it is checked once: rendered again
// with awkward values in the holes (every character html/template escapes)
// it must be the pieces with those values written in, byte for byte, or
// the shape is left to the whole template. A page with a notice or an
// error (rare, and shown in the frame) is always left to the template.
//
// What the frame is built from is the shape and nothing else, so a value
// of the view the layout starts to show one day without it being made a
// hole or part of the shape would come out the same for everyone: while
// the render guard is on (every test binary), every page is rendered again
// by the templates as parsed and must be the same bytes (sameAsParsed), so
// any test rendering a page fails at once.

// frameShape is what the layout's fixed bytes depend on.
type frameShape struct {
	signedIn   bool // an actor (possibly with the second factor pending)
	mfaPending bool
	moderator  bool
	section    string
	// path is the page's path when the layout compares it with one of its
	// own strings (a tab's aria-current); else "" and the path is a hole.
	path string
	// unread, messages and more: whether each count is not zero.
	unread, messages, more bool
	// title is false for a page without a title (the frame then has none).
	title bool
	help  *app.CrisisLines // shared by every page showing the same lines
	here  hereLines        // its lines shared as help's are
}

// holeKind names what goes in a hole.
type holeKind uint8

const (
	holeNone holeKind = iota
	holeTitle
	holePath
	holeUnread
	holeMessages
	holeMore
	holeContent
)

// The marks standing for the holes while a frame is rendered: words and
// numbers no escaper changes and no page shows.
const (
	markTitle    = "Zq7TitleHole7qZ"
	markPath     = "/zq7pathhole7qz"
	markContent  = "Zq7ContentHole7qZ"
	markUnread   = 987650001
	markMessages = 987650002
	markMore     = 987650003
)

var frameMarks = []struct {
	text string
	kind holeKind
}{
	{markTitle, holeTitle},
	{markPath, holePath},
	{markContent, holeContent},
	{strconv.Itoa(markUnread), holeUnread},
	{strconv.Itoa(markMessages), holeMessages},
	{strconv.Itoa(markMore), holeMore},
}

// framePiece is fixed bytes, then a hole (holeNone after the last).
type framePiece struct {
	text []byte
	hole holeKind
}

// frame is one shape's layout cut at its holes; nil pieces: the shape is
// left to the whole template.
type frame struct {
	pieces []framePiece
}

// frameSet is the layout in one language with a mark for the content, and
// the frames made from it so far.
type frameSet struct {
	t      *template.Template
	mu     sync.Mutex
	frames map[frameShape]*frame
}

// maxFrames bounds a language's frames (a change of the crisis lines makes
// new ones); past it, they start again.
const maxFrames = 2048

// pageFrame is what a page's templates need to be written in a frame: the
// page's content on its own, in the same language.
type pageFrame struct {
	once    sync.Once
	content *template.Template // nil when it could not be made
	set     *frameSet
	lang    *i18n.Lang
	file    string
}

// layoutStrings are the quoted strings in the layout and its partials: a
// page's path equal to one of them may change what the layout shows (a
// tab's aria-current), so it is part of the shape rather than a hole.
var layoutStrings = func() map[string]bool {
	out := map[string]bool{}
	quoted := regexp.MustCompile("\"([^\"]*)\"|`([^`]*)`")
	for part := range partials {
		src, err := fs.ReadFile(templateFS, "templates/"+part+".html")
		if err != nil {
			panic(err)
		}
		for _, m := range quoted.FindAllStringSubmatch(string(src), -1) {
			out[m[1]+m[2]] = true
		}
	}
	return out
}()

// partialFiles are the partials' files other than the layout.
func partialFiles() []string {
	var files []string
	for part := range partials {
		if part != "layout" {
			files = append(files, "templates/"+part+".html")
		}
	}
	return files
}

// notePageFrame records, as the pages are parsed, what page t is and its
// language (called under langMu).
func (p *Pages) notePageFrame(t *template.Template, l *i18n.Lang, file string) {
	set := p.frameSets[l.Key()]
	if set == nil {
		set = &frameSet{frames: map[frameShape]*frame{}}
		fm := funcsFor(l, p.now)
		files := append([]string{"templates/layout.html"}, partialFiles()...)
		lt := template.Must(template.New("layout.html").Funcs(fm).ParseFS(templateFS, files...))
		lt = template.Must(lt.Parse(`{{define "content"}}` + markContent + `{{end}}`))
		foldWords(lt, l.T)
		set.t = lt
		p.frameSets[l.Key()] = set
	}
	p.frameOf.Store(t, &pageFrame{set: set, lang: l, file: file})
}

// contentOf is the page's content templates on their own, made on first
// use: its partials and its own file under a root that only calls
// "content", escaped (the content is called from the layout's text, as
// here) and with its words folded in as the whole page's are.
func (f *pageFrame) contentOf(p *Pages) *template.Template {
	f.once.Do(func() {
		fm := funcsFor(f.lang, p.now)
		ct, err := template.New("content-only").Funcs(fm).Parse(`{{template "content" .}}`)
		if err == nil {
			ct, err = ct.ParseFS(templateFS, append(partialFiles(), f.file)...)
		}
		if err != nil {
			p.log.Error("page content not parsed on its own", "file", f.file, "err", err)
			return
		}
		foldWords(ct, f.lang.T)
		f.content = ct
	})
	return f.content
}

// shapeOf is v's frame shape, false when v is left to the whole template.
func shapeOf(v *view) (frameShape, bool) {
	if v.Notice != "" || v.Error != "" || len(v.Fields) > 0 {
		return frameShape{}, false
	}
	if v.Title != "" && strings.Contains(v.Title, siteName) {
		return frameShape{}, false // docTitle leaves such a title as it is
	}
	s := frameShape{
		signedIn: v.Actor != nil, moderator: v.Nav.Moderator, section: v.Nav.Section,
		unread: v.Unread != 0, messages: v.Nav.Messages != 0, more: v.Nav.MoreCount != 0,
		title: v.Title != "", help: v.Help, here: v.HelpHere,
	}
	if v.Actor != nil {
		if v.Actor.Session == nil {
			return frameShape{}, false
		}
		s.mfaPending = v.Actor.Session.MFAPending
	}
	if layoutStrings[v.Nav.Path] {
		s.path = v.Nav.Path
	}
	return s, true
}

// frameView is the view a shape's frame is rendered from: the shape, and
// the given values in its holes.
func (s frameShape) frameView(title, path string, unread, messages, more int) view {
	v := view{Fields: map[string]string{}, Form: map[string]string{}, Help: s.help, HelpHere: s.here}
	if s.signedIn {
		v.Actor = &app.Actor{User: &model.User{}, Session: &model.Session{MFAPending: s.mfaPending}}
	}
	if s.title {
		v.Title = title
	}
	v.Nav = navState{Path: s.path, Section: s.section, Moderator: s.moderator}
	if s.path == "" {
		v.Nav.Path = path
	}
	if s.unread {
		v.Unread = unread
	}
	if s.messages {
		v.Nav.Messages = messages
	}
	if s.more {
		v.Nav.MoreCount = more
	}
	return v
}

// frameFor returns the frame for s, making and checking it on first use;
// nil when the shape is left to the whole template.
func (set *frameSet) frameFor(s frameShape) *frame {
	set.mu.Lock()
	f, ok := set.frames[s]
	set.mu.Unlock()
	if ok {
		return f
	}
	f = &frame{pieces: cutFrame(set.t, s)}
	set.mu.Lock()
	if len(set.frames) >= maxFrames {
		set.frames = map[frameShape]*frame{}
	}
	set.frames[s] = f
	set.mu.Unlock()
	return f
}

// cutFrame renders s's frame with marks in its holes and cuts it there;
// nil when that fails or the frame with awkward values written into it
// is not what the layout renders with them.
func cutFrame(t *template.Template, s frameShape) []framePiece {
	var b bytes.Buffer
	v := s.frameView(markTitle, markPath, markUnread, markMessages, markMore)
	v.out = &b
	if err := t.Execute(&b, v); err != nil {
		return nil
	}
	var pieces []framePiece
	out := b.Bytes()
	contents := 0
	for len(out) > 0 {
		at, kind, size := len(out), holeNone, 0
		for _, m := range frameMarks {
			if i := bytes.Index(out, []byte(m.text)); i >= 0 && i < at {
				at, kind, size = i, m.kind, len(m.text)
			}
		}
		if kind == holeContent {
			contents++
		}
		pieces = append(pieces, framePiece{text: bytes.Clone(out[:at]), hole: kind})
		out = out[at+size:]
	}
	if contents != 1 {
		return nil
	}
	// The check: awkward values, every character html/template escapes.
	const title, path = "A <b>&amp;\"it's\"+1 \x00é", "/p?<x>&y=\"1\"+'2'"
	var want bytes.Buffer
	cv := s.frameView(title, path, 31, 42, 53)
	cv.out = &want
	if err := t.Execute(&want, cv); err != nil {
		return nil
	}
	var got bytes.Buffer
	f := &frame{pieces: pieces}
	if err := f.write(&got, &cv, func(w *bytes.Buffer) error { w.WriteString(markContent); return nil }); err != nil {
		return nil
	}
	if !bytes.Equal(got.Bytes(), want.Bytes()) {
		return nil
	}
	return pieces
}

// write writes the frame with v's values in its holes, and the content
// where content writes it.
func (f *frame) write(buf *bytes.Buffer, v *view, content func(*bytes.Buffer) error) error {
	for _, pc := range f.pieces {
		buf.Write(pc.text)
		switch pc.hole {
		case holeTitle:
			writeEscaped(buf, v.Title)
		case holePath:
			writeEscaped(buf, v.Nav.Path)
		case holeUnread:
			buf.WriteString(strconv.Itoa(v.Unread))
		case holeMessages:
			buf.WriteString(strconv.Itoa(v.Nav.Messages))
		case holeMore:
			buf.WriteString(strconv.Itoa(v.Nav.MoreCount))
		case holeContent:
			if err := content(buf); err != nil {
				return err
			}
		}
	}
	return nil
}

// writeEscaped writes s as html/template writes a string into text, a
// title or a quoted attribute (its htmlReplacementTable; every byte it
// replaces is ASCII, so bytes of longer characters pass as they are):
// escapeHTML's escaping, without a new string for what it escapes.
func writeEscaped(buf *bytes.Buffer, s string) {
	from := 0
	for i := 0; i < len(s); i++ {
		if !htmlEscaped[s[i]] {
			continue
		}
		var repl string
		switch s[i] {
		case 0:
			repl = "\uFFFD"
		case '"':
			repl = "&#34;"
		case '&':
			repl = "&amp;"
		case '\'':
			repl = "&#39;"
		case '+':
			repl = "&#43;"
		case '<':
			repl = "&lt;"
		case '>':
			repl = "&gt;"
		}
		buf.WriteString(s[from:i])
		buf.WriteString(repl)
		from = i + 1
	}
	buf.WriteString(s[from:])
}

// htmlEscaped marks the bytes html/template escapes in text and quoted
// attributes: NUL, ", &, ', +, < and >.
var htmlEscaped = [256]bool{0: true, '"': true, '&': true, '\'': true, '+': true, '<': true, '>': true}

// executeFramed writes the page t into buf in its frame, false when the
// page is left to the whole template (buf untouched then).
func (p *Pages) executeFramed(buf *bytes.Buffer, t *template.Template, v *view) (bool, error) {
	pf, ok := p.frameOf.Load(t)
	if !ok {
		return false, nil
	}
	s, ok := shapeOf(v)
	if !ok {
		return false, nil
	}
	f := pf.(*pageFrame)
	fr := f.set.frameFor(s)
	if fr.pieces == nil {
		return false, nil
	}
	content := f.contentOf(p)
	if content == nil {
		return false, nil
	}
	return true, fr.write(buf, v, func(w *bytes.Buffer) error {
		// The chat page's content in Go (chat_content.go), unless it
		// leaves this page to the template.
		if d, ok := v.Data.(chatData); ok && f.file == chatPageFile && writeChatContent(w, f.lang, p.now(), v, d) {
			return nil
		}
		return content.Execute(w, *v)
	})
}
