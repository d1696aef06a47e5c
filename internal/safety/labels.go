package safety

import (
	"strings"
	"unicode/utf8"
)

// Label reports the word that labels a person by their substance use
// ("junkie", "addict", "drogadicto", "yonqui") when a message calls
// another person by it ("you're just a junkie", "Arjun, eres un
// drogadicto"), and "" otherwise. It is not a risk: Check does not read
// it, and Kinship never blocks such a message; the app gives its writer a
// private word on how such labels land (STYLE.md's words to avoid).
//
// Only words addressed to someone count, so a person speaking of herself
// ("I'm an addict and today I'm grateful", "I used to call myself an
// addict", "soy adicta en recuperación"), of someone else ("my brother
// is an addict"), or saying what a label is not ("you're not a junkie,
// you're a person in recovery") is left alone, as are words in quotation
// marks or on a quoted line, words someone said ("he told me you're just
// a junkie"), a title ("the song 'Junkie'"), and a friendly label of a
// pastime ("you're a coffee addict", "eres adicta al gimnasio"). Like
// Classify it is a pure function, linear in the length of the text.
func Label(text string) string {
	toks := tokenize(normalize(withoutQuoted(text)))
	for i := range toks {
		t := &toks[i]
		if t.quote || !stigma[t.s] {
			continue
		}
		if i+1 < len(toks) && toks[i+1].sent == t.sent && labelOf[toks[i+1].s] {
			continue // "adicto al trabajo", "addict to the gym"
		}
		if t.q || alikeAfter(toks, i) {
			continue // "are you an addict?", "you're an addict like me"
		}
		if addressed(toks, i) && !toldOrTitled(toks, i) {
			return t.s
		}
	}
	return ""
}

// addressed tells whether the label at i is said of the one addressed:
// "you're", "you are", "eres", "sos", "es usted", "ustedes son", or
// "you" just before it ("you junkie"), with only articles and words that
// sharpen it between ("just a", "such a fucking", "un pinche").
func addressed(toks []token, i int) bool {
	j := i - 1
	if j >= 0 && toks[j].sent == toks[i].sent && toks[j].s == "you" {
		return true // "you junkie", "you fucking junkie" below
	}
	for ; j >= 0 && toks[j].sent == toks[i].sent && labelFiller[toks[j].s]; j-- {
	}
	if j < 0 || toks[j].sent != toks[i].sent {
		return false
	}
	if j > 0 && toks[j-1].sent == toks[i].sent && negators[toks[j-1].s] {
		return false // "no eres un adicto", "ya no eres un borracho"
	}
	switch w := toks[j].s; w {
	case "youre", "ur", "eres", "sos", "you":
		return w != "you" || j+1 < i // "you fucking junkie", not "you junkie" (read above)
	case "are", "r":
		return j > 0 && toks[j-1].sent == toks[i].sent && (toks[j-1].s == "you" || toks[j-1].s == "u" || toks[j-1].s == "yall" ||
			j > 1 && toks[j-1].s == "all" && toks[j-2].s == "you" || j > 1 && toks[j-1].s == "guys" && toks[j-2].s == "you")
	case "usted":
		return j > 0 && toks[j-1].s == "es"
	case "son":
		return j > 0 && toks[j-1].s == "ustedes"
	}
	return false
}

// toldOrTitled tells whether the label's sentence reports what someone
// said or names a title, before the label.
func toldOrTitled(toks []token, i int) bool {
	for j := i - 1; j >= 0 && toks[j].sent == toks[i].sent; j-- {
		if reporting[toks[j].s] {
			return true
		}
	}
	return false
}

// alikeAfter tells whether the words after the label at i share it
// ("like me", "como yo").
func alikeAfter(toks []token, i int) bool {
	var b strings.Builder
	for k := i + 1; k < len(toks) && k <= i+4 && toks[k].sent == toks[i].sent; k++ {
		if k > i+1 {
			b.WriteByte(' ')
		}
		b.WriteString(toks[k].s)
		if alike[b.String()] {
			return true
		}
	}
	return false
}

// withoutQuoted drops what stands between quotation marks: a label
// quoted is a label talked about, not one called.
func withoutQuoted(s string) string {
	pairs := []struct{ open, close rune }{{'"', '"'}, {'“', '”'}, {'«', '»'}, {'‘', '’'}, {'„', '“'}}
	var b strings.Builder
	var close rune
	for i, r := range s {
		if close != 0 {
			if r == close {
				close = 0
				b.WriteRune(' ')
			}
			continue
		}
		for _, p := range pairs {
			// A mark opens a quotation only if it is closed later.
			if r == p.open && strings.ContainsRune(s[i+utf8.RuneLen(r):], p.close) {
				close = p.close
				break
			}
		}
		if close == 0 {
			b.WriteRune(r)
		}
	}
	return b.String()
}

var (
	// stigma are the labels STYLE.md asks us not to use for a person,
	// folded (no accents), singular and plural.
	stigma = wordSet(`addict addicts junkie junkies junky crackhead crackheads druggie druggies
		pillhead pillheads tweaker tweakers methhead methheads cokehead cokeheads smackhead smackheads
		dopehead dopeheads drunk drunks drunkard drunkards wino winos
		drogadicto drogadicta drogadictos drogadictas adicto adicta adictos adictas yonqui yonquis
		yonki yonkis yonky drogata drogatas tecato tecata tecatos tecatas teco tecos piedrero piedrera
		piedreros pastillero pastillera cocainomano cocainomana heroinomano heroinomana borracho
		borracha borrachos borrachas borrachin briago briaga teporocho teporocha vicioso viciosa
		viciosos viciosas marihuano marihuanos`)

	// labelOf follows a label of a pastime: "addict to", "adicto al".
	labelOf = wordSet(`to al a`)

	// labelFiller may stand between "you're" and the label.
	labelFiller = wordSet(`a an all just such nothing but only fucking fkn effing stupid dirty filthy worthless
		lazy total complete pathetic damn another still always the biggest same old useless
		un una unos unas todos todas puro pura solo pinche pinches maldito maldita malditos
		asqueroso asquerosa sucio sucia simple cualquier otro otra vil todavia siempre y and mugroso mugrosa`)

	// reporting words make what follows said by someone or a title.
	reporting = wordSet(`said says say saying told tells tell called calls call yelled yells screamed wrote writes
		song album track titled title book film movie show episode lyrics lyric sings sang
		dijo dice decia dicen dijeron decir llamo llama llamaba llamaban grito gritaba escribio
		cancion disco tema titulo titulada libro pelicula serie letra canta cantaba
		if whether when si cuando`)

	// alike follow a label the writer shares: "like me", "como yo".
	alike = wordSet(`like_me like_us like_all_of_us como_yo como_nosotros como_nosotras como_todos igual_que_yo`)
)
