package safety

import (
	_ "embed"
	"strings"
)

// Words run together ("iwanttodie", "yanopuedomas", "imdone") are split
// into known words for the model, which reads the pieces' word and
// word-pair features beside the word's own, so that "iwanttodie" has
// those of "i want to die" too (its letter runs are the same either
// way). A word is split only when it is not itself known, is at least
// segMin letters long, and splits wholly into known words; of the ways it
// splits, the one with the longest pieces (the most squared letters) is
// taken, so "imdone" is "im done" and not "i m do ne"; a one-letter piece
// counts against a split, so "yanopuedomas" is "ya no puedo mas" and not
// "y ano puedo mas". The known words
// are few, so a real word the developers never wrote is split too
// ("heroin" also reads "her o in"); that is why the pieces are added to
// the word's features and do not replace it, and why the rules, whose
// patterns name words, do not read them.
//
// The known words are vocab.txt: every word of the developers' lines
// (testdata/corpus.jsonl, gaps.jsonl and everyday.jsonl, which are never
// a cross-validation fold, so no held-out author's words are in it) and
// the common words listed in commonWords below. It is written by
// "go generate" (go run ./internal/train -vocab vocab.txt, in model.go
// before the model is trained, since training reads it).
//
//go:embed vocab.txt
var vocabTxt string

var vocab = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(vocabTxt) {
		m[w] = true
	}
	return m
}()

// featureSegment splits run-together words; off only for measuring.
var featureSegment = true

// SetFeatureSegment is for experiments.
func SetFeatureSegment(on bool) { featureSegment = on }

const (
	segMin   = 6  // the shortest word that is tried
	segMax   = 40 // the longest (a longer run is not split)
	segPiece = 14 // the longest known word a piece may be
)

// oneLetter are the one-letter words a piece may be.
func oneLetter(c byte) bool {
	return c == 'i' || c == 'a' || c == 'y' || c == 'o' || c == 'e' || c == 'u'
}

// splitKnown divides w (lower-case ASCII letters) into known words, appending
// them to dst; it appends nothing when w does not split wholly.
func splitKnown(w string, dst []string) []string {
	for i := 0; i < len(w); i++ {
		if w[i] < 'a' || w[i] > 'z' {
			return dst
		}
	}
	const unsplit = -1 << 30
	var best [segMax + 1]int32 // best[i]: the score of the best split of w[:i], unsplit for none
	var from [segMax + 1]uint8 // where its last piece starts
	best[0] = 0
	for i := 1; i <= len(w); i++ {
		best[i] = unsplit
		for j := max(0, i-segPiece); j < i; j++ {
			if best[j] == unsplit {
				continue
			}
			p := w[j:i]
			if len(p) == 1 && !oneLetter(p[0]) || len(p) > 1 && !vocab[p] {
				continue
			}
			score := int32(len(p) * len(p))
			if len(p) == 1 {
				score = -3 // "ya no", not "y ano"
			}
			if s := best[j] + score; s > best[i] {
				best[i], from[i] = s, uint8(j)
			}
		}
	}
	if best[len(w)] == unsplit {
		return dst
	}
	n := len(dst)
	for i := len(w); i > 0; i = int(from[i]) {
		dst = append(dst, w[from[i]:i])
	}
	// The pieces were appended last first.
	for a, b := n, len(dst)-1; a < b; a, b = a+1, b-1 {
		dst[a], dst[b] = dst[b], dst[a]
	}
	return dst
}

// commonWords are frequent English and Spanish words added to the known
// words beside the developers' lines, so that a run-together message made
// of everyday words splits even where the developers never wrote one of
// them. Written for this list, not taken from a word list.
const commonWords = `
i me my mine myself you your yours he him his she her hers it its we us our they them their
a an the this that these those here there where when why how what who which whom whose
is am are was were be been being do does did done doing have has had having will would
can could should shall may might must not no yes never always ever again anymore still
just only even also too very so really all any some every each much many more most less
one two three four five first last next other another same such own
and or but if then than because since until while before after during about over under
into onto out off up down in on at by for from of to with without through between
want wanna need gonna gotta going go goes went gone get gets got getting make made take took
know knew think thought feel felt see saw look looked say said tell told ask asked
give gave keep kept let put try tried trying stop stopped start end ended leave left
live living alive life die dying died dead death kill killing killed hurt hurting pain
sleep wake tired done over enough nothing everything everyone someone nobody anybody anything
tonight today tomorrow yesterday now soon later night morning week weekend time times
home house room car bridge rope pills pill gun knife blade bottle drink drunk high sober clean
used use using relapse relapsed craving crave bad good fine okay ok sorry please help
bye goodbye love hate sad alone lonely scared afraid hopeless worthless burden better worse
cant dont wont didnt doesnt isnt wasnt aint im ive id ill youre theyre thats whats
wish hope plan ready sure mean meant really real
yo tu el ella nosotros ellos ellas usted ustedes mi mis tu tus su sus me te se nos lo la le les
un una unos unas el la los las este esta esto estos estas ese esa eso aqui alli ahi
que quien como cuando donde porque por para con sin sobre entre hasta desde hacia
y o pero ni si no ya mas muy tan tanto todo toda todos todas nada nadie algo alguien
ser soy eres es somos son era fui fue estar estoy estas esta estamos estan estaba
tener tengo tienes tiene tenemos tienen tenia hacer hago hace hice hizo ir voy vas va vamos van iba
querer quiero quieres quiere queria poder puedo puede podia saber se sabe dormir duermo despertar
morir muero morirme matar matarme mato vivir vivo vida muerte muerto muerta dolor
aguanto aguantar seguir sigo dejar dejo acabar acabo terminar termino
hoy manana ayer ahora noche dia dias semana siempre nunca jamas otra vez
casa cuarto carro coche puente cuerda pastillas pastilla pistola cuchillo botella
recaida recai consumi consumir tomar tome beber bebi limpio limpia sobrio sobria
mal bien triste solo sola cansado cansada miedo ayuda ayudame perdon gracias adios
mama papa hijo hija hijos familia amigo amiga amigos novio novia esposa esposo
`
