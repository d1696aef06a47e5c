package safety

import (
	"slices"
	"testing"
)

// TestSelfCorrection reads the words after "edit:", "pd:", "p.d.", "i
// mean", "o sea" or a later line opening with an asterisk as the writer's
// correction (featureA29Cues), and nothing of an ordinary "edit" or "mean".
func TestSelfCorrection(t *testing.T) {
	defer SetFeatureA29Cues(featureA29Cues)
	SetFeatureA29Cues(true)
	for _, c := range []struct {
		text string
		corr []string
	}{
		{"I gave away my bike. edit: lent it to my brother for the week", []string{"lent", "it", "to", "my", "brother", "for", "the", "week"}},
		{"Ya no aguanto el trabajo. pd: el turno de noche", []string{"el", "turno", "de", "noche"}},
		{"Vendi la moto. p.d. a mi primo", []string{"a", "mi", "primo"}},
		{"I'm done, I mean done with the laundry", []string{"done", "with", "the", "laundry"}},
		{"estoy harta, o sea del calor", []string{"del", "calor"}},
		{"see you all tomorrow\n*on zoom", []string{"on", "zoom"}},
		{"I need to edit my essay tonight", nil},
		{"what do you mean by that", nil},
		{"- milk\n* eggs", nil},
	} {
		var corr []string
		for _, tk := range tokenize(normalize(c.text)) {
			if tk.corr {
				corr = append(corr, tk.s)
			}
		}
		if !slices.Equal(corr, c.corr) {
			t.Errorf("%q: correction %q, want %q", c.text, corr, c.corr)
		}
	}
	SetFeatureA29Cues(false)
	for _, tk := range tokenize(normalize("I gave away my bike. edit: lent it")) {
		if tk.corr {
			t.Errorf("a correction read with featureA29Cues off: %q", tk.s)
		}
	}
}

// TestStreetAddresses reads a street address's number and name as an
// address (featureA29Cues), and leaves "no way", "en la calle" and a
// count of pills as they are.
func TestStreetAddresses(t *testing.T) {
	defer SetFeatureA29Cues(featureA29Cues)
	SetFeatureA29Cues(true)
	for _, c := range []struct {
		text string
		read []string
	}{
		{"My cousin lives at 12 Elm Street.", []string{"my", "cousin", "lives", "at", "#number", "#street", "street"}},
		{"meet me on Elm St", []string{"meet", "me", "on", "#street", "st"}},
		{"1600 Pennsylvania Ave", []string{"#number", "#street", "ave"}},
		{"vivo en la calle Olmo 12", []string{"vivo", "en", "la", "calle", "#street", "#number"}},
		{"dormí en la calle hoy", []string{"dormi", "en", "la", "calle", "hoy"}},
		{"no way I'm going to court", []string{"no", "way", "im", "going", "to", "court"}},
		{"I took 12 pills", []string{"i", "took", "12", "pills"}},
	} {
		var read []string
		for _, tk := range tokenize(normalize(c.text)) {
			read = append(read, modelWord(&tk))
		}
		if !slices.Equal(read, c.read) {
			t.Errorf("%q: read %q, want %q", c.text, read, c.read)
		}
	}
}

// TestInlineQuoteBeforeMark reads the words before a ">" standing alone
// mid-line as quoted with featureA29Cues, as a line opening with ">" is.
func TestInlineQuoteBeforeMark(t *testing.T) {
	defer SetFeatureA29Cues(featureA29Cues)
	SetFeatureA29Cues(true)
	q, r := splitQuoted("how are your cravings today? > honestly fine")
	if !slices.Equal(q, []string{"how", "are", "your", "cravings", "today"}) || !slices.Equal(r, []string{"honestly", "fine"}) {
		t.Errorf("quoted %q, own %q", q, r)
	}
	q, _ = splitQuoted("Bot: How are cravings? Me: 10/10 all day")
	if len(q) != 0 {
		t.Errorf("\"Me:\" read as the end of a prompt with featureA29Cues alone: quoted %q", q)
	}
}

// TestTurnFromAJoke reads, with featureA31Cues, the words after a turn
// from a joke ("anyway", "bueno", "de verdad") as the writer's correction,
// and reads no street address.
func TestTurnFromAJoke(t *testing.T) {
	defer SetFeatureA31Cues(featureA31Cues)
	SetFeatureA31Cues(true)
	for _, c := range []struct {
		text string
		corr []string
	}{
		{"this exam is killing me lol. anyway see you at group", []string{"see", "you", "at", "group"}},
		{"me muero de risa jaja, bueno, de verdad me voy a dormir", []string{"de", "verdad", "me", "voy", "a", "dormir"}},
		{"lol for real tho", []string{"though"}},
		{"anyway, good night", nil},
	} {
		var corr []string
		for _, tk := range tokenize(normalize(c.text)) {
			if tk.corr {
				corr = append(corr, tk.s)
			}
		}
		if !slices.Equal(corr, c.corr) {
			t.Errorf("%q: correction %q, want %q", c.text, corr, c.corr)
		}
	}
	for _, tk := range tokenize(normalize("My cousin lives at 12 Elm Street.")) {
		if tk.addr != 0 {
			t.Errorf("an address read with featureA31Cues alone: %q", tk.s)
		}
	}
}
