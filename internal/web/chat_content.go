package web

import (
	"bytes"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/kinshiprecovery/kinship/internal/i18n"
)

// The rest of the chat page in Go.
//
// With the messages written in Go (chat_log.go) and the layout in its
// frame (frame.go), what html/template still did on the chat page, the
// page half of bench/usersim's actions open, was chat.html's own parts
// around the messages: the way back, the heading, a request's answers,
// the section's data attributes and the composer. Through reflection
// that was about a sixth of the page's CPU. writeChatContent writes the
// same bytes, escaped as html/template escapes each place:
// TestChatContentIsTheTemplate renders chat.html itself and this over
// every state the page can be in (a group, an archived one, older
// messages, each state of a thread, a moderator writing, a field's error
// and a kept body; awkward names and ids) in every language, and while
// the render guard is on (every test binary) every chat page any test
// opens is also rendered by the templates as parsed and compared byte for
// byte (sameAsParsed).

// chatPageFile is chat.html's name as pageFrame keeps it.
const chatPageFile = "templates/chat.html"

// chatPageWords are chat.html's fixed words in one language, escaped for
// text (every one of them stands in text or a quoted attribute, where
// html/template escapes alike).
type chatPageWords struct {
	backAll, requestRegion, accept, ignore, block                   string
	earlier, region, log, yourMessage, mentionHint, enterHint, send string
}

// chatWordsByLang keeps each language's chatWords and chatPageWords.
var chatWordsByLang sync.Map // *i18n.Lang -> *langChatWords

type langChatWords struct {
	log  *chatWords
	page *chatPageWords
}

// chatWordsOf returns l's chat words, looked up once.
func chatWordsOf(l *i18n.Lang) *langChatWords {
	if w, ok := chatWordsByLang.Load(l); ok {
		return w.(*langChatWords)
	}
	w := &langChatWords{log: chatWordsIn(l), page: &chatPageWords{
		backAll: escapeHTML(l.T("chat.back_all")), requestRegion: escapeHTML(l.T("chat.request_region")),
		accept: escapeHTML(l.T("chat.accept")), ignore: escapeHTML(l.T("chat.ignore")), block: escapeHTML(l.T("chat.block")),
		earlier: escapeHTML(l.T("chat.earlier")), region: escapeHTML(l.T("chat.region")), log: escapeHTML(l.T("chat.log")),
		yourMessage: escapeHTML(l.T("js.your_message")), mentionHint: escapeHTML(l.T("chat.mention_hint")),
		enterHint: escapeHTML(l.T("chat.enter_hint")), send: escapeHTML(l.T("chat.send")),
	}}
	v, _ := chatWordsByLang.LoadOrStore(l, w)
	return v.(*langChatWords)
}

// writeChatContent writes chat.html's content for v (whose Data is d)
// into b, in l, times against now; false, with nothing written, when the
// page is one it leaves to the template (a way back that is not a path
// of this site, or no page of messages).
func writeChatContent(b *bytes.Buffer, l *i18n.Lang, now time.Time, v *view, d chatData) bool {
	if d.Page == nil || !strings.HasPrefix(d.Back, "/") {
		return false
	}
	w := chatWordsOf(l)
	pw := w.page
	conv := escapeHTML(d.Conv)
	convURL := escapeHTML(normalizeURL(d.Conv))
	thread := d.Thread
	request := thread != nil && thread.State == "request"
	put(b, "\n<p><a href=\"", escapeHTML(normalizeURL(d.Back)), "\">← ")
	if thread != nil {
		b.WriteString(pw.backAll)
	} else {
		b.WriteString(escapeHTML(l.T("chat.back_group", "Group", d.Title)))
	}
	b.WriteString("</a></p>\n<h1>")
	if thread != nil {
		b.WriteString(escapeHTML(l.T("chat.heading_thread", "Name", d.Title)))
	} else {
		b.WriteString(escapeHTML(l.T("chat.heading_group", "Group", d.Title)))
	}
	b.WriteString("</h1>\n")
	if thread != nil && thread.OtherModerator {
		put(b, `<p class="notice">`, escapeHTML(l.T("chat.from_moderator", "Name", d.Title)), `</p>`)
	}
	b.WriteString("\n")
	switch {
	case request:
		put(b, "\n<div class=\"banner\" role=\"region\" aria-label=\"", pw.requestRegion, "\">\n  <p>", escapeHTML(l.T("chat.request_text", "Name", d.Title)), "</p>\n  <div class=\"actions\">\n  ")
		for _, a := range [3][3]string{{"accept", "", pw.accept}, {"ignore", ` class="secondary"`, pw.ignore}, {"block", ` class="danger"`, pw.block}} {
			put(b, `<form method="post" action="/dms/`, convURL, `/answer"><input type="hidden" name="answer" value="`, a[0], `"><button type="submit"`, a[1], `>`, a[2], "</button></form>")
			if a[0] != "block" {
				b.WriteString("\n  ")
			}
		}
		b.WriteString("\n  </div>\n</div>")
	case thread != nil && thread.Pending:
		put(b, `<p class="hint">`, escapeHTML(l.T("chat.pending", "Name", d.Title)), `</p>`)
	}
	b.WriteString("\n")
	var num [20]byte
	if d.Older != 0 {
		put(b, `<p><a href="?before=`)
		b.Write(strconv.AppendInt(num[:0], d.Older, 10))
		put(b, `">`, pw.earlier, "</a></p>")
	}
	kind, posts := "group", "/groups/"
	if thread != nil {
		kind, posts = "dm", "/dms/"
	}
	put(b, "\n<section id=\"chat\" aria-label=\"", pw.region, "\" data-tz=\"", escapeHTML(v.Zone.String()), "\" data-conv=\"", conv, "\" data-change=\"")
	b.Write(strconv.AppendInt(num[:0], d.Page.LastChange, 10))
	put(b, "\" data-me=\"", escapeHTML(d.Me), "\" data-kind=\"", kind, "\"")
	if d.Leader {
		b.WriteString(` data-leader="yes"`)
	}
	if d.Archived {
		b.WriteString(` data-archived="yes"`)
	}
	put(b, ">\n<ol class=\"chat-log\" id=\"chat-log\" aria-label=\"", pw.log, "\">\n")
	writeChatLog(b, l, w.log, now, v.Zone, d)
	b.WriteString("\n</ol>\n<p id=\"latest\" class=\"chat-status\" role=\"status\" aria-live=\"polite\"></p>\n<div id=\"chat-help\" class=\"chat-help\" role=\"alert\" tabindex=\"-1\"></div>\n")
	switch {
	case d.ReadOnly != "":
		put(b, `<p class="notice">`, escapeHTML(d.ReadOnly), "</p>\n")
	case !request:
		put(b, "\n<form method=\"post\" action=\"", posts, convURL, "/post\" class=\"composer\" id=\"composer\">\n  <input type=\"hidden\" name=\"kind\" value=\"", kind, "\">\n  <input type=\"hidden\" name=\"client_id\" value=\"\">\n  <div class=\"field")
		fieldErr := v.Fields["body"]
		if fieldErr != "" {
			b.WriteString(" has-error")
		}
		put(b, "\"><label for=\"f-body\">", pw.yourMessage, "</label>\n    ")
		if fieldErr != "" {
			put(b, `<p class="field-error" id="e-body">`, escapeHTML(fieldErr), `</p>`)
		}
		b.WriteString("\n    <p class=\"hint\" id=\"h-body\">")
		if thread == nil {
			put(b, pw.mentionHint, " ")
		}
		put(b, pw.enterHint, "</p>\n    <textarea id=\"f-body\" name=\"body\" rows=\"3\" maxlength=\"4000\" aria-describedby=\"h-body\" required>", escapeHTML(v.Form["body"]), "</textarea></div>\n  <button type=\"submit\">", pw.send, "</button>\n</form>")
	}
	b.WriteString("\n</section>\n")
	return true
}
