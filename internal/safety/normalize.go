package safety

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// normalize folds text for matching: compatibility normalization, lower
// case, no zero-width or format characters, no combining accents, and
// Cyrillic or Greek look-alike letters mapped to Latin, and no chat time
// stamps at the start of lines (withoutStamps). Punctuation is kept
// because the tokenizer needs it to find sentence and clause boundaries.
//
// NFKD is used rather than NFKC so accents come apart from their base
// letters and can be dropped; once the marks are gone the result is the
// same as NFKC followed by accent stripping.
func normalize(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return withoutStamps(strings.ToLower(s))
	}
	s = norm.NFKD.String(s)
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if r == utf8.RuneError || isInvisible(r) || unicode.Is(unicode.Mn, r) {
			continue
		}
		r = unicode.ToLower(r)
		if l, ok := lookalike[r]; ok {
			r = l
		}
		b.WriteRune(r)
	}
	return withoutStamps(b.String())
}

// isInvisible reports zero-width and formatting characters that people (or
// filters) slip between letters.
func isInvisible(r rune) bool {
	switch r {
	case 0x00AD, 0x034F, 0x061C, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x180E,
		0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x2060, 0x2061, 0x2062,
		0x2063, 0x2064, 0x3164, 0xFEFF, 0xFFA0:
		return true
	}
	return r >= 0x202A && r <= 0x202E || r >= 0x2066 && r <= 0x2069 ||
		r >= 0xFE00 && r <= 0xFE0F
}

// lookalike maps lower-case Cyrillic and Greek letters that are drawn like
// Latin ones. Kinship serves English and Spanish, so folding real Russian
// or Greek words into nonsense costs nothing.
var lookalike = map[rune]rune{
	// Cyrillic
	'а': 'a', 'в': 'b', 'е': 'e', 'ё': 'e', 'к': 'k', 'м': 'm', 'н': 'h',
	'о': 'o', 'р': 'p', 'с': 'c', 'т': 't', 'у': 'y', 'х': 'x', 'і': 'i',
	'ї': 'i', 'ј': 'j', 'ѕ': 's', 'ԁ': 'd', 'ԛ': 'q', 'ԝ': 'w', 'ӏ': 'l',
	'ɡ': 'g', 'һ': 'h', 'ь': 'b', 'г': 'r', 'п': 'n', 'и': 'u', 'л': 'n',
	// Greek
	'α': 'a', 'β': 'b', 'γ': 'y', 'ε': 'e', 'η': 'n', 'ι': 'i', 'κ': 'k',
	'ν': 'v', 'ο': 'o', 'ρ': 'p', 'τ': 't', 'υ': 'u', 'χ': 'x', 'ω': 'w',
	'ς': 's', 'σ': 'o', 'μ': 'u', 'ϲ': 'c', 'ϳ': 'j',
	// Latin oddities
	'ı': 'i', 'ȷ': 'j', 'ł': 'l', 'ø': 'o', 'đ': 'd', 'ß': 's', 'ɑ': 'a',
	'ɩ': 'i', 'ʟ': 'l', 'ℓ': 'l',
}

// token is one word of a message after normalization.
type token struct {
	s      string // the folded word, letter runs longer than two cut to two
	alt    string // s with every letter run cut to one, set only when the writer stretched a word
	sent   int32  // sentence number
	clause int32  // clause number, unique across the message
	q      bool   // the sentence is a question (ends in "?" or opens with "¿")
	colon  bool   // the word comes right after a colon: a value in a list ("use: yes")
	emoji  bool   // an emoji read as the word of its class (see emojiClass)
	quote  bool   // the word is on a line quoted from another message ("> are you safe?")
	r      rune   // the emoji, shown as evidence
	item   bool   // the word opens an item of a list after a bullet, a box or a dash ("- cancel the phone")
}

// tokenize splits normalized text into words and numbers sentences and
// clauses. Apostrophes inside words disappear ("don't" → "dont"); digits
// and @ or $ inside words that also hold letters are read as letters
// ("k1ll" → "kill"); a run of seven digits or more is dropped (longNumber).
// It runs in one pass over the text.
func tokenize(s string) []token {
	toks := make([]token, 0, len(s)/5+1)
	var sent, clause int32
	var word []byte
	newSent, newClause := false, false
	question := false   // the sentence being read opened with "¿"
	colon := false      // a colon since the last word
	quote := false      // the line being read is quoted (quoteLine)
	item := false       // a bullet, a box or a dash since the last word (featureA25Cues)
	reQuote := false    // the line opened with "re:" or "(about": quoted up to a dash, a colon or ")" (featureA26Cues)
	reWords := 0        // words read since reQuote began
	reMin := 0          // words the quote needs before a colon ends it
	lineStart := 0      // the first token of the line being read (featureA27Cues)
	lineQuoted := false // a prompt on this line was read as a quote and the rest as the answer (featureA27Cues)
	flush := func() {
		if len(word) == 0 {
			return
		}
		if longNumber(word) {
			// A run of seven digits or more is an id, a phone number or
			// a machine's time stamp ("t:1733439012345678901"): its
			// digits say nothing, and read as a word they would hash to
			// a feature at random. It is dropped, and a colon before it
			// was its own.
			word = word[:0]
			colon = false
			return
		}
		if newSent {
			sent++
		}
		if newSent || newClause {
			clause++
		}
		newSent, newClause = false, false
		w, alt := foldWord(word)
		if v, ok := slang[w]; ok {
			w = v
		}
		if v, ok := slang[alt]; ok && alt != "" {
			alt = v
		}
		toks = append(toks, token{s: w, alt: alt, sent: sent, clause: clause, q: question, colon: colon, quote: quote, item: item})
		word = word[:0]
		if reQuote {
			reWords++
		}
		colon, item = false, false
	}
	for i := 0; i < len(s); {
		if featureA23Cues && (i == 0 || s[i-1] == '\n') {
			quote = quoteLine(s[i:])
			reQuote, reWords = false, 0
			lineStart, lineQuoted = len(toks), false
			if featureA26Cues && !quote {
				if ok, min := reLine(s[i:]); ok {
					quote, reQuote, reMin = true, true, min
				}
			}
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r < utf8.RuneSelf && (r >= 'a' && r <= 'z' || r >= '0' && r <= '9'):
			word = append(word, byte(r))
		case r == '@' || r == '$':
			word = append(word, byte(r))
		case r == '\'' || r == '’' || r == 'ʼ' || r == '‘' || r == '`' || r == '´':
			// Joined only between letters: "don't", "he's", "od'd".
			if len(word) > 0 && i < len(s) && isWordByte(s[i]) {
				continue
			}
			flush()
		case r >= utf8.RuneSelf && unicode.IsLetter(r):
			word = utf8.AppendRune(word, r)
		case reQuote && reWords > 0 && reEnd(r, s, i-size, reWords, reMin):
			// "re: how's everyone — fine", "re dinner: yes", "(about
			// sunday) count me in": what follows the dash, the colon or
			// the bracket is the writer's own answer, a sentence of its
			// own, not an item of a list.
			flush()
			quote, reQuote = false, false
			lineQuoted = true
			newSent = true
			question = false
		case featureA27Cues && !quote && !lineQuoted && inlinePrompt(r, s, i-size, toks, lineStart):
			// "Reminder: drink water > lol ...", "Bot: how are you 1-5?
			// Me: 1. ...": the words before the mark on this line are the
			// prompt of a bot or a reminder, quoted, and what follows is
			// the writer's own answer, a sentence of its own.
			flush()
			for k := lineStart; k < len(toks); k++ {
				toks[k].quote = true
			}
			lineQuoted = true
			newSent = true
			question = false
			colon = false
		case featureA25Cues && listMark(r, s, i-size):
			// A bullet, a box or a dash that opens an item of a list
			// ("☐ email the captain", "- cancel phone plan"): the next
			// word opens an item (appendListItems). Sentences and clauses
			// are left as they were, for the rules.
			flush()
			item = true
		case laughEmoji(r):
			// Tears of joy or a skull ("I'm dead") read as "lol".
			flush()
			word = append(word, "lol"...)
			flush()
		case r >= 0x2000 && emojiClass(r) != "":
			// An emoji that carries meaning ("🪦🙏 hoy", "💊💊💊") is one
			// word, the name of its class, for the model; no rule is
			// written with these words.
			flush()
			if newSent {
				sent++
			}
			if newSent || newClause {
				clause++
			}
			newSent, newClause = false, false
			toks = append(toks, token{s: emojiClass(r), sent: sent, clause: clause, q: question, emoji: true, r: r, quote: quote, item: item})
			item = false
		case r == '!' && len(word) > 0 && word[len(word)-1] >= 'a' && word[len(word)-1] <= 'z' && i < len(s) && s[i] >= 'a' && s[i] <= 'z':
			// "k!ll": an exclamation mark between letters stands for i.
			word = append(word, 'i')
		case r == '.' || r == '!' || r == '?' || r == ';' || r == '\n' || r == '…' || r == '¿' || r == '¡':
			if r == '.' && len(word) > 0 && word[len(word)-1] >= '0' && word[len(word)-1] <= '9' && i < len(s) && s[i] >= '0' && s[i] <= '9' {
				word = append(word, '.')
				continue
			}
			flush()
			if r == '?' {
				// The sentence just read was a question: mark its words
				// (each word is marked once, so this stays linear).
				for k := len(toks) - 1; k >= 0 && !newSent && toks[k].sent == sent && !toks[k].q; k-- {
					toks[k].q = true
				}
			}
			newSent = true
			question = r == '¿' // "¿" opens a sentence that is a question

		case r == ',' || r == ':' || r == '(' || r == ')' || r == '"' || r == '“' || r == '”' ||
			r == '—' || r == '–' || r == '[' || r == ']' || r == '/' || r == '|':
			flush()
			newClause = true
			colon = colon || r == ':'
		default:
			flush()
		}
	}
	flush()
	return toks
}

// listMark reports r, read at byte j of s, as the mark that opens an item
// of a list: a bullet or an empty box anywhere, or a dash or an asterisk
// that stands alone between spaces (or opens a line) with a word after it.
func listMark(r rune, s string, j int) bool {
	switch r {
	case '•', '☐', '□', '▪', '◦', '‣', '⁃', '○', '●', '■', '➤', '→':
		return true
	case '-', '*':
		before := j == 0 || s[j-1] == ' ' || s[j-1] == '\n' || s[j-1] == ':'
		return before && j+1 < len(s) && s[j+1] == ' '
	}
	return false
}

// quoteLine reports a line (s from its start) quoted from another
// message: one that opens with ">" as chat apps and mail quote, or with
// "replying to" / "en respuesta a". A reply of one word takes its meaning
// from the line it answers ("> is the gun still in your nightstand\n👍").
func quoteLine(s string) bool {
	j := 0
	for j < len(s) && (s[j] == ' ' || s[j] == '\t') {
		j++
	}
	s = s[j:]
	if strings.HasPrefix(s, ">") || strings.HasPrefix(s, "replying to") || strings.HasPrefix(s, "en respuesta a") {
		return true
	}
	// Since the model frozen for a24: the other ways chat apps and people
	// write it ("respondiendo a @x:", "in reply to", "reply to").
	return featureA24Cues && (strings.HasPrefix(s, "respondiendo a") || strings.HasPrefix(s, "in reply to") ||
		strings.HasPrefix(s, "reply to"))
}

// reLine reports a line (s from its start) that opens by naming what it
// answers: "re: <question> - <answer>", "re <topic>: <answer>", "(about
// <topic>) <answer>", "(re: ...)", and how many words its quote needs
// before a colon ends it (reEnd). The words up to the answer are quoted,
// not the writer's, and the line is not a list with "re" for a heading.
// A line of "re:" with no dash, colon or bracket after the topic quotes
// only "re". "re " and "(" need the mark that ends the quote on the same
// line ("re bien" is Spanish for "very well"). Since the model frozen for
// a26 (featureA26Cues).
func reLine(s string) (ok bool, minWords int) {
	j := 0
	for j < len(s) && (s[j] == ' ' || s[j] == '\t') {
		j++
	}
	s = s[j:]
	if k := strings.IndexByte(s, '\n'); k >= 0 {
		s = s[:k]
	}
	colonAfter := func(s string) bool {
		k := strings.IndexByte(s, ':')
		return k > 0 && k < 80 && strings.TrimSpace(s[:k]) != ""
	}
	sep := func(s string) bool {
		return strings.Contains(s, " - ") || strings.HasSuffix(s, " -") || strings.ContainsAny(s, "—–")
	}
	switch {
	case strings.HasPrefix(s, "(re:"), strings.HasPrefix(s, "(re "), strings.HasPrefix(s, "(about "),
		strings.HasPrefix(s, "(sobre "), strings.HasPrefix(s, "(lo de "):
		return strings.IndexByte(s, ')') > 0, 1 << 30
	case featureA27Cues && strings.HasPrefix(s, "["):
		// "[Kinship: did you take your meds today?] NO. ...": a prompt in
		// brackets, not a box of a list ("[ ] rope", "[x] done").
		k := strings.IndexByte(s, ']')
		return k >= 8 && strings.Contains(strings.TrimSpace(s[1:k]), " "), 1 << 30
	case strings.HasPrefix(s, "re:"):
		if sep(s[3:]) || colonAfter(s[3:]) {
			return true, 2
		}
		return true, 1
	case strings.HasPrefix(s, "re "):
		return sep(s[3:]) || colonAfter(s[3:]), 2
	}
	return false, 0
}

// reEnd reports r, read at byte j of s after n words of a reLine's quote,
// as the mark that ends the quote: a long dash, a dash standing alone, a
// colon after min words (the colon of "re:" ends a quote of "re" alone), or
// a closing bracket.
func reEnd(r rune, s string, j, n, min int) bool {
	switch r {
	case '—', '–', ')':
		return true
	case ']':
		return featureA27Cues
	case ':':
		return n >= min
	case '-':
		return j > 0 && s[j-1] == ' ' && (j+1 == len(s) || s[j+1] == ' ' || s[j+1] == '\n')
	}
	return false
}

// inlinePrompt reports r, read at byte j of s on a line whose tokens
// begin at toks[lineStart], as the mark that ends a prompt quoted on the
// writer's own line (featureA27Cues): a ">" standing alone between spaces
// after three words or more ("Did you take your meds today? > yes"; "i
// said > 5" compares), or the colon of "me:" / "yo:" opening a sentence
// after a prompt ("Bot: how are cravings? Me: 10/10"; "me" is still the
// word under way, so it is looked for in s).
func inlinePrompt(r rune, s string, j int, toks []token, lineStart int) bool {
	switch r {
	case '>':
		if j == 0 || s[j-1] != ' ' || j+1 < len(s) && s[j+1] != ' ' && s[j+1] != '\n' {
			return false
		}
		return len(toks)-lineStart >= 3
	case ':':
		// "me" or "yo" just read, still in the word buffer: look back in s.
		k := j
		for k > 0 && s[k-1] == ' ' {
			k--
		}
		if k < 2 || !(s[k-2:k] == "me" || s[k-2:k] == "yo") {
			return false
		}
		k -= 2
		if k > 0 && isWordByte(s[k-1]) {
			return false
		}
		for k > 0 && s[k-1] == ' ' {
			k--
		}
		if k == 0 || !strings.ContainsRune(".?!", rune(s[k-1])) {
			return false
		}
		return len(toks)-lineStart >= 2
	}
	return false
}

// longNumber reports a word of seven digits or more and nothing else.
func longNumber(w []byte) bool {
	if len(w) < 7 {
		return false
	}
	for _, c := range w {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// laughEmoji reports emoji that chat uses for laughter.
func laughEmoji(r rune) bool {
	switch r {
	case '😂', '🤣', '😹', '😆', '💀', '😅':
		return true
	}
	return false
}

// emojiClass names the class of an emoji that carries meaning in this
// setting: a grave or a coffin, a goodbye, prayer or thanks, pills or a
// needle, a weapon or means, a drink or a smoke, sadness, an ironic or
// calm smile, joy, love, sleep, an emergency. Emoji of one class share a word,
// so a few training lines teach the class. Others are not read.
func emojiClass(r rune) string {
	switch r {
	case '🪦', '⚰', '⚱', '☠', '🥀', '🕯', '🖤':
		return "xxgrave"
	case '👋', '✌', '🫡', '🕊', '👼', '💐':
		return "xxbye"
	case '🙏', '🤲', '✝', '📿':
		return "xxpray"
	case '💊', '💉', '🧪':
		return "xxpill"
	case '🔫', '🔪', '🗡', '🪢', '🩸', '🌉', '🚆', '🚂', '⛓':
		return "xxmeans"
	case '🍺', '🍻', '🍷', '🥃', '🍾', '🍸', '🍹', '🥂', '🚬', '🍁', '🌿', '💨', '❄':
		return "xxdrink"
	case '😞', '😔', '😢', '😩', '😫', '😣', '😖', '😿', '☹', '🙁', '😪', '😶', '😐', '😑', '💔', '🥺', '🫠', '😓', '😥', '😰', '😨', '😟', '😕':
		return "xxsad"
	case '😭':
		return "xxcry"
	case '🙂', '🙃', '😌':
		return "xxsmile"
	case '😀', '😃', '😄', '😁', '😊', '🥰', '😍', '🥳', '🎉', '🎂', '🙌', '💪', '👍', '✨', '🌟', '⭐', '💯', '🥹', '☀', '🌞', '🏆', '🎊', '🤗', '😎', '🥲':
		return "xxjoy"
	case '❤', '💕', '💛', '💙', '💜', '💚', '🧡', '🤍', '💗', '💖', '😘':
		// Love, apart from joy since the eighth model: a heart closes a
		// goodbye as often as a good day ("adiós fam, los quiero mucho ❤️").
		return "xxlove"
	case '✔', '✅', '☑', '👌', '🆗':
		if featureA23Cues {
			// A check mark or "ok" hand, since the model frozen for a23:
			// a yes said as an emoji.
			return "xxyes"
		}
	case '😴', '💤', '🛌':
		return "xxsleep"
	case '🚑', '🚨', '🆘', '🥶', '😵', '🚓', '☎', '📞':
		return "xxhelp"
	}
	return ""
}

// slang maps chat spellings to the words the rules are written with, so a
// rule need not list every spelling: "bout" is "about", "kiero" "quiero".
var slang = map[string]string{
	"bout": "about", "abt": "about", "tmrw": "tomorrow", "tmr": "tomorrow", "tmrow": "tomorrow",
	"tomorow": "tomorrow", "2moro": "tomorrow", "2morrow": "tomorrow", "wana": "wanna",
	"gona": "gonna", "r": "are", "u": "you", "ur": "your", "pls": "please", "plz": "please",
	"ppl": "people", "tho": "though", "nite": "night", "tonite": "tonight", "2nite": "tonight",
	"cuz": "because", "coz": "because", "bc": "because", "ded": "dead",
	"kiero": "quiero", "qiero": "quiero", "kiere": "quiere", "kieres": "quieres", "q": "que",
	"k": "que", "ke": "que", "xq": "porque", "pq": "porque", "porq": "porque", "aki": "aqui",
	"nadien": "nadie", "xfa": "porfavor", "porfa": "porfavor",
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c >= utf8.RuneSelf
}

// leet maps characters that stand in for letters inside words.
var leet = [128]byte{'0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', '$': 's'}

// foldWord turns a raw word into its matching form and, when letters were
// stretched ("diiiie"), a second form with every run cut to one.
func foldWord(w []byte) (string, string) {
	hasLetter, hasLeet := false, false
	for _, c := range w {
		switch {
		case c >= 'a' && c <= 'z' || c >= utf8.RuneSelf:
			hasLetter = true
		case c < utf8.RuneSelf && leet[c] != 0:
			hasLeet = true
		}
	}
	buf := make([]byte, 0, len(w))
	if hasLetter && hasLeet && !isMeasure(w) {
		for i, c := range w {
			if c < utf8.RuneSelf && leet[c] != 0 && !(c == '@' && i == 0) {
				c = leet[c]
			}
			buf = append(buf, c)
		}
	} else {
		buf = append(buf, w...)
	}
	// Stray symbols left at the edges ("@maria", "$20") are not letters.
	if len(buf) > 0 && (buf[0] == '@' || buf[0] == '$') {
		buf = buf[1:]
	}
	// Cut runs of one byte longer than two; remember whether we did.
	out := buf[:0]
	stretched := false
	for i := 0; i < len(buf); i++ {
		n := len(out)
		if n >= 2 && out[n-1] == buf[i] && out[n-2] == buf[i] && buf[i] < utf8.RuneSelf {
			stretched = true
			continue
		}
		out = append(out, buf[i])
	}
	s := string(out)
	if !stretched {
		return s, ""
	}
	return s, collapseRuns(s)
}

// isMeasure reports words like "2nd", "4am", "30mg" or "10pm", where the
// digits are a number and not letters in disguise.
func isMeasure(w []byte) bool {
	i := 0
	for i < len(w) && w[i] >= '0' && w[i] <= '9' {
		i++
	}
	if i == 0 {
		return false
	}
	switch string(w[i:]) {
	case "", "st", "nd", "rd", "th", "am", "pm", "mg", "ml", "g", "k", "s", "x", "yo", "yr", "yrs", "h", "hr", "hrs", "min", "mins", "m", "km", "o", "a", "er":
		return true
	}
	return false
}

// collapseRuns cuts every run of a repeated ASCII letter to one letter.
func collapseRuns(s string) string {
	var b []byte
	for i := 0; i < len(s); i++ {
		if i > 0 && s[i] == s[i-1] && s[i] < utf8.RuneSelf {
			if b == nil {
				b = append(make([]byte, 0, len(s)), s[:i]...)
			}
			continue
		}
		if b != nil {
			b = append(b, s[i])
		}
	}
	if b == nil {
		return s
	}
	return string(b)
}
