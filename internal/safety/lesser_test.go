package safety

import "testing"

// TestCrisisShapesAreNotReadAsALesserRisk: a whole supply taken on
// purpose or with a goodbye, and a height named with a time just ahead,
// are a crisis to the rules. Before, the rules found only the lesser risk
// in them (a return to use, hopelessness, a craving), and the combiner
// lowered the model's crisis for it (safety17's four by-author misses).
// The same words with nothing of the kind beside them are not a crisis.
// None of these lines is in the training.
func TestCrisisShapesAreNotReadAsALesserRisk(t *testing.T) {
	for _, c := range []struct {
		text   string
		crisis bool
	}{
		// A whole supply taken, on purpose or with a goodbye.
		{"swallowed the whole bottle on purpose. sorry mom", true},
		{"I used everything I had left. goodbye everyone", true},
		{"shot the rest of the fent, nothing matters anymore", true},
		{"me tragué todo el frasco a propósito. perdón mamá", true},
		{"ya no aguanto, me metí lo que me quedaba de la heroína. adiós", true},
		{"me inyecté el resto del fentanilo, ya nada importa", true},
		// A height, and a time just ahead.
		{"I'm going off the overpass at midnight, nobody will miss me", true},
		{"the old rail bridge by the river has no railing anymore. I'll be there after dark", true},
		{"el puente viejo no tiene barandal. vuelvo cuando oscurezca", true},
		{"mañana temprano me tiro del puente de la autopista", true},
		// The same words, nothing of the kind.
		{"took everything I had to get through today, but I made it to my meeting", false},
		{"did everything on my list today, thanks everyone for the encouragement", false},
		{"the bridge by my house has no railing, the city should fix it before someone gets hurt", false},
		{"we're going to the overpass tomorrow morning to paint a mural", false},
		{"me tomé todo el café que quedaba, gracias a todos por la paciencia", false},
		{"mañana temprano vamos al puente a caminar con el grupo", false},
		{"el puente de mi colonia no tiene barandal, ojalá lo arreglen antes de que alguien se caiga", false},
	} {
		r := Classify(c.text, "")
		if got := r.Level == Crisis; got != c.crisis {
			t.Errorf("Classify(%q) = %s %q (evidence %q), want crisis %v", c.text, r.Level, r.Categories, r.Evidence, c.crisis)
		}
	}
}
