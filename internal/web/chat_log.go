package web

import (
	"bytes"
	"html/template"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/i18n"
	"github.com/kinshiprecovery/kinship/internal/model"
)

// The chat page's messages are written here in Go rather than by
// chat.html: with each message's reaction, report, edit and delete forms
// (now one reactions form and a link to the message's page),
// html/template spent about 3 ms of CPU on a page of 50 (three quarters
// of the whole request, and a third of a node under bench/usersim),
// nearly all of it calling its escapers and the catalog through
// reflection. What is written is the template's output byte for byte
// (TestChatLogIsTheTemplates keeps the template it replaced and compares
// the two over every state a message can be in), escaped as html/template
// escapes each place: the same page for a person, a screen reader and the
// page script, in a tenth of the time.

// chatWords are the catalog's words a chat log uses, looked up once per
// language; those ending in "Link" are written, escaped, as they stand.
type chatWords struct {
	edited, deleted, held                                     string
	reportLink, removeLink, editLink, deleteLink, thisMessage string
	reaction                                                  map[string]string
	// button is, by reaction kind, what its button writes after its
	// value's quote: the kind escaped, then (aria-pressed's value between)
	// the emoji and the label escaped, as the log wrote them for every
	// message of every page.
	button map[string]reactionButton
	// writeLink is a facilitator's "Write privately" after the message's
	// address, to the link's end.
	writeLink string
}

// reactionButton is one reaction's button, fixed in a language but for
// aria-pressed.
type reactionButton struct {
	from       app.ReactionKind // what it was written from
	kind, rest string
}

// reportReasonCodes are the reasons a chat message may be reported for,
// in the order its report form offers them.
var reportReasonCodes = []string{"harassment", "selling_drugs", "spam", "threat", "self_harm", "privacy", "other"}

func chatWordsIn(l *i18n.Lang) *chatWords {
	w := &chatWords{
		edited: l.T("js.chat_edited"), deleted: l.T("js.chat_deleted"), held: l.T("js.chat_held"),
		reportLink: `/action#report">` + escapeHTML(l.T("js.report")), removeLink: `/action#remove">` + escapeHTML(l.T("js.remove")),
		editLink:    `/action#edit">` + escapeHTML(l.T("js.edit_or_delete")),
		deleteLink:  `/action#delete">` + escapeHTML(l.T("js.delete")),
		thisMessage: `<span class="visually-hidden"> ` + escapeHTML(l.T("js.this_message")) + `</span></a>`,
		reaction:    map[string]string{},
	}
	w.writeLink = `/action#write">` + escapeHTML(l.T("js.write_privately")) + `<span class="visually-hidden"> ` +
		escapeHTML(l.T("js.to_its_author")) + `</span></a>`
	w.button = map[string]reactionButton{}
	for _, r := range app.Reactions {
		id := "js.reaction_" + r.Kind
		w.reaction[r.Kind] = l.T(id)
		w.button[r.Kind] = reactionButton{from: r, kind: escapeHTML(r.Kind), rest: `"><span aria-hidden="true">` + escapeHTML(r.Emoji) + `</span> ` + escapeHTML(w.reaction[r.Kind])}
	}
	return w
}

// chatLogIn returns the <li> of each message on a chat page in l, times
// in zone against now.
func chatLogIn(l *i18n.Lang, w *chatWords, now time.Time, zone *time.Location, d chatData) template.HTML {
	var b bytes.Buffer
	writeChatLog(&b, l, w, now, zone, d)
	return template.HTML(b.String())
}

// put writes each of ss to b: one call instead of joining them into a new
// string first.
func put(b *bytes.Buffer, ss ...string) {
	for _, s := range ss {
		b.WriteString(s)
	}
}

// writeChatLog writes the <li> of each message on a chat page to b (the
// page's own buffer while a page is written), in l, times in zone against
// now.
func writeChatLog(b *bytes.Buffer, l *i18n.Lang, w *chatWords, now time.Time, zone *time.Location, d chatData) {
	if d.Page == nil {
		return
	}
	b.Grow(1100 * len(d.Page.Messages))
	id := ""
	// Messages written within the same minute show the same time: it is
	// written once for each run of them.
	loc := zone
	if loc == nil {
		loc = time.UTC
	}
	var minute [4]int
	when := ""
	var stamp [40]byte
	for i := range d.Page.Messages {
		m := &d.Page.Messages[i]
		id = escapeHTML(m.ID)
		// The message's part of the path its forms post to; each form's
		// tag is written where it stands, not joined into a new string
		// for each message.
		idURL := escapeHTML(normalizeURL(m.ID))
		mine := m.Author.ID == d.Me
		if t := m.CreatedAt.In(loc); when == "" || minute != [4]int{t.Year(), t.YearDay(), t.Hour(), t.Minute()} {
			minute, when = [4]int{t.Year(), t.YearDay(), t.Hour(), t.Minute()}, escapeHTML(whenIn(l, now, zone, m.CreatedAt))
		}
		put(b, `<li id="m-`, id, `" class="msg`)
		if mine {
			b.WriteString(" mine")
		}
		if m.State != "visible" {
			b.WriteString(" gone")
		}
		if m.Kind == "milestone" {
			b.WriteString(" milestone")
		}
		b.WriteString(`" data-seq="`)
		b.Write(strconv.AppendInt(stamp[:0], m.Seq, 10))
		b.WriteString(`" data-change="`)
		b.Write(strconv.AppendInt(stamp[:0], m.Change, 10))
		b.WriteString("\">\n")
		// The instant as model.Timestamp writes it (digits, "-", "T", ":",
		// "." and "Z": nothing html/template escapes), without a new
		// string for each message.
		b.WriteString(`  <p class="meta"><strong>`)
		writeEscaped(b, m.Author.DisplayName)
		b.WriteString(`</strong> <time datetime="`)
		b.Write(appendStamp(stamp[:0], m.CreatedAt.Time))
		put(b, `">`, when, `</time>`)
		if m.EditedAt != nil && m.State == "visible" {
			put(b, ` <small>`, escapeHTML(w.edited), `</small>`)
		}
		b.WriteString("</p>\n  <p class=\"body\">")
		body := m.Body
		if m.Milestone != nil {
			// A milestone card, in the reader's words.
			body = app.MilestoneLine(l, m.Author.DisplayName, m.Milestone.Label)
		}
		switch m.State {
		case "deleted":
			b.WriteString(escapeHTML(w.deleted))
		case "removed":
			b.WriteString(escapeHTML(l.T("chat.removed", "Reason", m.Reason)))
		case "hidden":
			b.WriteString(escapeHTML(l.T("chat.hidden", "Reason", m.Reason)))
		default:
			writeEscaped(b, body)
		}
		b.WriteString("</p>\n  ")
		if m.State == "held" {
			// The app's reason is English; the reader reads it in theirs.
			if m.Decided {
				put(b, `<p class="hint held">`, escapeHTML(l.T("chat.held_decided", "Reason", m.Reason)), `</p>`)
			} else {
				put(b, `<p class="hint held">`, escapeHTML(w.held), `</p>`)
			}
		}
		b.WriteString("\n  ")
		if m.State == "visible" {
			// An archived group's chat is read-only: no reactions.
			if len(m.AllowedReactions) > 0 && !d.Archived {
				// One form a message: each button names what it does, and
				// the message says where to go back to (MessageAction).
				put(b, `<form method="post" action="/messages/`, idURL, `/action" class="reactions">`)
				for _, r := range d.Reactions {
					if !slices.Contains(m.AllowedReactions, r.Kind) {
						continue
					}
					count, pressed := 0, false
					for _, x := range m.Reactions {
						if x.Kind == r.Kind {
							count, pressed = x.Count, slices.Contains(x.MemberIDs, d.Me)
						}
					}
					if pressed {
						b.WriteString("\n    <button name=\"unreact\" value=\"")
					} else {
						b.WriteString("\n    <button name=\"react\" value=\"")
					}
					btn, ok := w.button[r.Kind]
					if !ok || btn.from != r {
						label, ok := w.reaction[r.Kind]
						if !ok {
							id := "js.reaction_" + r.Kind
							label = l.T(id)
						}
						btn = reactionButton{kind: escapeHTML(r.Kind), rest: `"><span aria-hidden="true">` + escapeHTML(r.Emoji) + `</span> ` + escapeHTML(label)}
					}
					put(b, btn.kind, `" aria-pressed="`, strconv.FormatBool(pressed), btn.rest)
					if count != 0 {
						put(b, ` <span class="count">`, strconv.Itoa(count), `</span>`)
					}
					b.WriteString(`</button>`)
				}
				b.WriteString("</form>\n  ")
			}
			// What else a person may do with it is a link to its page,
			// which the page script opens in place.
			b.WriteString(`<p class="acts">`)
			switch {
			case mine && d.Archived:
				put(b, `<a href="/messages/`, idURL, w.deleteLink, w.thisMessage)
			case mine:
				put(b, `<a href="/messages/`, idURL, w.editLink, w.thisMessage)
			default:
				// A facilitator told someone may be in crisis is brought to
				// their words: a private word to them is the first thing
				// offered (walk13 W13-3). The link opens the message's page.
				if d.Leader {
					put(b, `<a class="write" href="/messages/`, idURL, w.writeLink, ` `)
				}
				put(b, `<a href="/messages/`, idURL, w.reportLink, w.thisMessage)
				if d.Leader {
					put(b, ` <a href="/messages/`, idURL, w.removeLink, w.thisMessage)
				}
			}
			b.WriteString(`</p>`)
		}
		b.WriteString("\n</li>")
	}
}

// appendStamp appends t in UTC as model.TimestampLayout writes it
// ("2006-01-02T15:04:05.000Z"), digit by digit: time's AppendFormat
// reads the layout again for every message. A year outside 0-9999 is left
// to AppendFormat.
func appendStamp(dst []byte, t time.Time) []byte {
	t = t.UTC()
	y, mo, d := t.Date()
	if y < 0 || y > 9999 {
		return t.AppendFormat(dst, model.TimestampLayout)
	}
	h, mi, s := t.Clock()
	ms := t.Nanosecond() / 1e6
	two := func(dst []byte, n int) []byte { return append(dst, byte('0'+n/10), byte('0'+n%10)) }
	dst = two(dst, y/100)
	dst = two(dst, y%100)
	dst = two(append(dst, '-'), int(mo))
	dst = two(append(dst, '-'), d)
	dst = two(append(dst, 'T'), h)
	dst = two(append(dst, ':'), mi)
	dst = two(append(dst, ':'), s)
	dst = append(dst, '.', byte('0'+ms/100), byte('0'+ms/10%10), byte('0'+ms%10), 'Z')
	return dst
}

// escapeHTML escapes s as html/template does in text, a quoted attribute
// or a <textarea>: NUL, ", &, ', +, < and >.
func escapeHTML(s string) string {
	i := 0
	for ; i < len(s) && !htmlEscaped[s[i]]; i++ {
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	b.WriteString(s[:i])
	for ; i < len(s); i++ {
		switch c := s[i]; c {
		case 0:
			b.WriteString("\uFFFD")
		case '"':
			b.WriteString("&#34;")
		case '&':
			b.WriteString("&amp;")
		case '\'':
			b.WriteString("&#39;")
		case '+':
			b.WriteString("&#43;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// normalizeURL percent-encodes what html/template's URL normalizer does in
// a URL's path: all but letters, digits, "-._~", the reserved
// "!#$&*+,/:;=?@[]" and valid %-escapes.
func normalizeURL(s string) string {
	i := 0
	for ; i < len(s) && urlKeeps(s, i); i++ {
	}
	if i == len(s) {
		return s // an id, a path: nothing to encode, nothing made
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	written := 0
	for ; i < len(s); i++ {
		if urlKeeps(s, i) {
			continue
		}
		c := s[i]
		b.WriteString(s[written:i])
		b.WriteByte('%')
		b.WriteByte(lowerHex[c>>4])
		b.WriteByte(lowerHex[c&15])
		written = i + 1
	}
	b.WriteString(s[written:])
	return b.String()
}

const lowerHex = "0123456789abcdef"

// urlKeeps reports whether the normalizer keeps s[i] as it is.
func urlKeeps(s string, i int) bool {
	switch c := s[i]; {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', strings.IndexByte("-._~!#$&*+,/:;=?@[]", c) >= 0:
		return true
	case c == '%' && i+2 < len(s) && isHexDigit(s[i+1]) && isHexDigit(s[i+2]):
		return true
	}
	return false
}

func isHexDigit(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
