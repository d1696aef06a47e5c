package safety

import "strings"

// featureA30Cues (train -a30cues) reads three forms the held-out author a28
// showed missed, in general words:
//
//   - a day told hour by hour ("7 bank. 9:30 drop the cat at my sister's.
//     3 drive up to the lake"): a sentence or clause that opens with a time
//     of day in digits opens an item, so a message of two such entries or
//     more is read as a list, item by item (appendListItems), and a plan
//     written as one entry among errands keeps its weight;
//   - an answer to a group prompt written with labels ("Rose: ... Thorn:
//     ...", "Win: ... Struggle: ..."): a word or two opening a sentence
//     before a colon is a label, and the answer after it opens an item;
//   - a day named by its date or by the light ("the 28th", "in March",
//     "at sunrise", "al amanecer") is a time, as "friday" and "tonight"
//     already are (cueTime).
//
// The rules read the words as written. Tried for the model frozen for a30
// and off: by fast author CV a1-a29 it read about 13 crisis lines fewer
// pooled (0.926 -> 0.924, lower in each language) for about 9 false
// alarms fewer (0.029 -> 0.028), and the a28 fold, whose hour-by-hour and
// prompt-answer lines it was written for, 0.934 -> 0.928 (BENCHMARKS.md,
// "frozen for a30").
var featureA30Cues = false

// SetFeatureA30Cues is for experiments.
func SetFeatureA30Cues(on bool) { featureA30Cues = on }

// a30TimeWords are days named by their date or by the light.
var a30TimeWords = func() map[string]uint32 {
	m := map[string]uint32{}
	for _, w := range strings.Fields(`sunrise sunset dawn dusk daybreak
		january february march april june july august september october november december
		amanecer atardecer anochecer alba madrugada
		enero febrero marzo abril mayo junio julio agosto septiembre setiembre octubre noviembre diciembre`) {
		m[w] |= cueTime
	}
	return m
}()

// isDate reports a day of the month written as an ordinal: "1st", "28th".
func isDate(w string) bool {
	n := len(w)
	if n < 3 || n > 4 || w[0] < '0' || w[0] > '9' {
		return false
	}
	k := 1
	if w[1] >= '0' && w[1] <= '9' {
		k = 2
	}
	switch w[k:] {
	case "st", "nd", "rd", "th":
		return true
	}
	return false
}

// isHour reports a time of day in digits that may open an entry of a day
// told hour by hour: "7", "12", "0400", "5am", "10pm" ("5:30" is read as
// "5", then "30" after a colon).
func isHour(w string) bool {
	if isClock(w) {
		return true
	}
	if !isDigits(w) || len(w) > 4 || len(w) == 3 {
		return false
	}
	if len(w) == 4 {
		return w[0] <= '2' && w[2] <= '5'
	}
	return len(w) == 1 || w[0] == '1' || w[0] == '2' && w[1] <= '4' || w[0] == '0'
}

// markEntries marks as items (token.item) the words that open an entry of
// a day told hour by hour or the answer after a prompt's label.
func markEntries(toks []token) {
	for i := range toks {
		t := &toks[i]
		if t.quote {
			continue
		}
		opens := i == 0 || toks[i-1].sent != t.sent || toks[i-1].clause != t.clause && !isDigits(toks[i-1].s)
		if opens && isHour(t.s) && i+1 < len(toks) && toks[i+1].sent == t.sent && !toks[i+1].emoji {
			t.item = true
			continue
		}
		// A label: one or two words opening a sentence, then a colon.
		if t.colon && i > 0 && !isDigits(toks[i-1].s) {
			k := i - 1
			for k > 0 && toks[k-1].sent == t.sent && i-k < 2 {
				k--
			}
			if (k == 0 || toks[k-1].sent != t.sent) && i-k <= 2 && toks[k].sent == t.sent {
				t.item = true
			}
		}
	}
}
