package safety

import "strings"

// featureA29Cues (train -a29cues) reads three forms the held-out authors
// a27 and a28 showed read wrongly, in general words:
//
//   - a self-correction: the words after "edit:", "pd:", "p.d.", "ps:",
//     "p.s.", an asterisk opening a later line of the message ("*my blood
//     pressure pills"), "i mean", "quiero decir" or "o sea" are the
//     writer's final word. They weigh in features of their own (each word,
//     each cue class, a negation among them) and by each cue class said
//     before the correction, so a correction that names an ordinary meaning
//     can take back the sentence before it, and one that confirms it keeps
//     it (markCorrections, appendCorrection);
//   - a bot's or another person's words quoted on the writer's own line
//     before a ">" standing alone ("how are cravings? > 10/10 ..."): the
//     words before are quoted (inlinePrompt's ">"), as a line opening with
//     ">" already is;
//   - a street address ("12 Elm Street", "calle Olmo 12", "on Elm St"): its
//     number is a house number, not a time or a count of pills, and its
//     name is a street's, not a word of the story: the model reads them as
//     one address word each (markAddresses, modelWord).
//
// The rules read the words as written. Tried for the model frozen for a29
// and off: by fast author CV a1-a28 it was level pooled (0.926 / 0.914 /
// 0.028, the same counts) and in Spanish crisis recall 8 lines higher,
// but 6 English and 1 mixed crisis lines lower, and the model trained with
// it read "Calling my cousin every night, he lives at 12 Elm Street." as
// a crisis (TestEverydayHabitsNotCrisis) and caught 11 of the everyday
// check's 12 crisis lines (BENCHMARKS.md, "frozen for a29").
var featureA29Cues = false

// SetFeatureA29Cues is for experiments.
func SetFeatureA29Cues(on bool) { featureA29Cues = on }

// featureA31Cues (train -a31cues) reads the self-corrections of
// featureA29Cues without its addresses and its ">" prompts, and reads as
// a correction also the words after a turn from a joke to the writer's
// own word: "anyway", "anyways", "honestly", "actually", "for real",
// "bueno", "honestamente", "en serio", "de verdad" ("this job is murder.
// anyway ..."; "me muero de la pena, bueno, me muero de verdad el
// sabado"), so what is said after the turn weighs by what was said
// before it (appendCorrection) instead of with the laughter. Tried for
// the model frozen for a31 and off: by fast author CV a1-a30 it was level
// in pooled crisis recall (0.925) but lower in concern-or-above (0.912 ->
// 0.911) and in Spanish (crisis 0.924 -> 0.922, false alarms 0.028 ->
// 0.029), with more false alarms pooled (0.026 -> 0.027) (BENCHMARKS.md,
// "frozen for a31").
var featureA31Cues = false

// SetFeatureA31Cues is for experiments.
func SetFeatureA31Cues(on bool) { featureA31Cues = on }

// Kinds of address word (token.addr).
const (
	addrNumber = 1 // the house number: "12" of "12 Elm Street"
	addrName   = 2 // the street's name: "elm" of "12 Elm Street"
)

// Feature kinds of appendCorrection.
const (
	featCorr    uint64 = 0x243f6a8885a308d3 // a word or a cue class of a self-correction
	featCorrPre uint64 = 0x13198a2e03707344 // a cue class said before a self-correction, alone or by one of the correction's
)

// streetAfter are the words that follow a street's name ("Elm Street",
// "Main St"); streetBefore the ones that precede it ("calle Olmo",
// "avenida 5").
var streetAfter = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`street st avenue ave road rd boulevard blvd lane ln drive way court ct highway hwy parkway pkwy terrace circle`) {
		m[w] = true
	}
	return m
}()

// streetSure are the street words that name an address with no number.
var streetSure = map[string]bool{"street": true, "st": true, "avenue": true, "ave": true, "boulevard": true, "blvd": true}

var streetBefore = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`calle avenida avda av carrera cra calzada paseo pasaje jiron carretera`) {
		m[w] = true
	}
	return m
}()

// addrStops are words that are no part of a street's name.
var addrStops = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`a an the on at in near off to from by of my his her our their your and or
		la el los las en de del y o a al por mi su sus cerca entre`) {
		m[w] = true
	}
	return m
}()

// isHouseNumber reports a number that may number a house or a street:
// "12", "1600", "4th", "5ta".
func isHouseNumber(w string) bool {
	if isDigits(w) {
		return len(w) <= 6
	}
	k := 0
	for k < len(w) && w[k] >= '0' && w[k] <= '9' {
		k++
	}
	if k == 0 || k > 4 {
		return false
	}
	switch w[k:] {
	case "st", "nd", "rd", "th", "a", "o", "ta", "va", "ra", "da":
		return true
	}
	return false
}

// markAddresses marks the words of street addresses in toks. Before a
// street word ("street", "st", "ave", "road"), up to two words of the name
// in the same sentence, with a house number before them ("12 Elm Street",
// "1600 Pennsylvania Ave") or, for "street", "st", "avenue", "ave",
// "boulevard" and "blvd", none ("on Elm St"); a number alone before it
// names the street ("5th ave"). After a Spanish street word ("calle",
// "avenida"), up to two words of the name and a number ("calle Olmo 12",
// "avenida 5 de mayo"); "en la calle" alone is no address. Words such as
// "no way", "long road" or "family court" are not addresses: the name
// needs a number unless the street word is one of the sure ones above.
func markAddresses(toks []token) {
	for i := range toks {
		w := toks[i].s
		switch {
		case streetAfter[w] && i > 0:
			k, names := i-1, 0
			for k >= 0 && names < 2 && toks[k].sent == toks[i].sent {
				v := toks[k].s
				if addrStops[v] || toks[k].emoji || isHouseNumber(v) {
					break
				}
				names++
				k--
			}
			number := k >= 0 && toks[k].sent == toks[i].sent && isHouseNumber(toks[k].s)
			if names == 0 && !number || names > 0 && !number && !streetSure[w] {
				continue
			}
			for j := k + 1; j < i; j++ {
				toks[j].addr = addrName
			}
			if number {
				toks[k].addr = addrNumber
			}
		case streetBefore[w]:
			k, names := i+1, 0
			for k < len(toks) && names < 2 && toks[k].sent == toks[i].sent && !isHouseNumber(toks[k].s) &&
				!addrStops[toks[k].s] && !toks[k].emoji {
				names++
				k++
			}
			if k >= len(toks) || toks[k].sent != toks[i].sent || !isHouseNumber(toks[k].s) {
				continue
			}
			for j := i + 1; j < k; j++ {
				toks[j].addr = addrName
			}
			toks[k].addr = addrNumber
		}
	}
}

// markCorrections marks the words of a self-correction (token.corr): the
// words after the first "edit:", "pd:" / "ps:" / "p.d." / "p.s.", "i
// mean", "quiero decir" or "o sea" that follows words of the writer's own,
// or after corrFrom (the first word of a later line opening with an
// asterisk, -1 if none).
func markCorrections(toks []token, corrFrom int) {
	start, own := -1, 0
	for i := 0; i < len(toks) && start < 0; i++ {
		t := &toks[i]
		if t.quote {
			continue
		}
		if own == 0 || i == 0 {
			own++
			continue
		}
		own++
		opens := toks[i-1].sent != t.sent // the word opens a sentence
		after := func(k int) bool {       // a colon or a new sentence right after word k
			return k+1 < len(toks) && (toks[k+1].colon || toks[k+1].sent != toks[k].sent)
		}
		switch t.s {
		case "edit", "edited", "editado", "edito":
			if after(i) || opens {
				start = i + 1
			}
		case "pd", "ps":
			if after(i) {
				start = i + 1
			}
		case "p":
			// "p.d." / "p.s.": "p" and "d" or "s", each a sentence.
			if opens && i+1 < len(toks) && (toks[i+1].s == "d" || toks[i+1].s == "s") && toks[i+1].sent != t.sent {
				start = i + 2
			}
		case "mean":
			if toks[i-1].s == "i" && toks[i-1].sent == t.sent && i >= 2 {
				start = i + 1
			}
		case "decir":
			if toks[i-1].s == "quiero" && toks[i-1].sent == t.sent && i >= 2 {
				start = i + 1
			}
		case "sea":
			if toks[i-1].s == "o" && toks[i-1].sent == t.sent && i >= 2 {
				start = i + 1
			}
		case "anyway", "anyways", "honestly", "actually", "bueno", "honestamente":
			if featureA31Cues && i >= 2 {
				start = i + 1
			}
		case "real", "serio", "verdad":
			prev := toks[i-1].s
			if featureA31Cues && i >= 2 && toks[i-1].sent == t.sent &&
				(t.s == "real" && prev == "for" || t.s == "serio" && prev == "en" || t.s == "verdad" && prev == "de") {
				start = i + 1
			}
		}
	}
	if corrFrom > 0 && (start < 0 || corrFrom < start) {
		start = corrFrom
	}
	if start < 0 || start >= len(toks) {
		return
	}
	for k := start; k < len(toks); k++ {
		if !toks[k].quote {
			toks[k].corr = true
		}
	}
}

// appendCorrection appends the features of a self-correction: that there
// is one, each of its words, each of its cue classes and a negation among
// them; and each cue class said before it, alone and by each class of the
// correction.
func appendCorrection(dst []uint32, toks []token) []uint32 {
	var pre, corr uint32
	neg, any := false, false
	for i := range toks {
		t := &toks[i]
		if t.quote {
			continue
		}
		w := modelWord(t)
		c := cueOf(w)
		if t.q {
			c |= cueQuestion
		}
		if !t.corr {
			pre |= c
			continue
		}
		any = true
		corr |= c
		if negators[w] {
			neg = true
		}
		dst = append(dst, bucket(wordHash(w)^featCorr))
	}
	if !any {
		return dst
	}
	dst = append(dst, bucket(featCorr))
	if neg {
		dst = append(dst, bucket(featCorr^0x5851f42d4c957f2d))
	}
	for a := 0; a < nCues; a++ {
		if corr&(1<<a) != 0 {
			dst = append(dst, bucket(featCorr^uint64(a+1)*0x9e3779b1))
		}
	}
	for a := 0; a < nCues; a++ {
		if pre&(1<<a) == 0 {
			continue
		}
		dst = append(dst, bucket(featCorrPre^uint64(a+1)*0x9e3779b1))
		if neg {
			dst = append(dst, bucket(featCorrPre^uint64(a+1)*0x85ebca77))
		}
		for b := 0; b < nCues; b++ {
			if corr&(1<<b) != 0 {
				dst = append(dst, bucket(featCorrPre^uint64(1000+a*nCues+b)*0x9e3779b1))
			}
		}
	}
	return dst
}
