package safety

import "testing"

// TestDangerFromAnotherPersonNow: a person hurt, held or threatened with
// death by someone else as they write is a crisis, to the rules and to
// Check (the combination is sure), in English and Spanish, so the writer
// is shown the emergency number and the crisis lines. One sign alone
// stays at most a concern, and the same words as a figure of speech, an
// accident or a past told as past are not a crisis. None of these lines
// is in the training.
func TestDangerFromAnotherPersonNow(t *testing.T) {
	crisis := []string{
		"he's choking me when he gets drunk and he's drinking now",
		"he has me locked in and he's threatening to kill me",
		"mi pareja me tiene encerrada y dice que me va a matar",
		"he's going to kill me, he's banging on the bathroom door right now",
		"my boyfriend won't let me leave the apartment and he has a knife",
		"he just strangled me until i almost passed out, he's still here",
		"he said tonight he's going to kill me and he's on his way",
		"my husband is hitting me right now please help",
		"she locked me in the room and took my phone, i'm scared she'll hurt me",
		"mi esposo me está pegando ahorita, ayúdenme",
		"me encerró con llave y no me deja salir, tiene una pistola",
		"me estaba ahorcando hace un rato y sigue aquí borracho",
		"dice que esta noche me mata, ya viene para la casa",
		"mi novio me amenaza con matarme si salgo de la casa y cerró la puerta",
	}
	for _, text := range crisis {
		if r := Classify(text, ""); r.Level != Crisis || r.sure < 4 {
			t.Errorf("Classify(%q) = %s %q (evidence %q, sure %d), want a sure crisis", text, r.Level, r.Categories, r.Evidence, r.sure)
		}
		if r := Check(text, ""); r.Level != Crisis {
			t.Errorf("Check(%q) = %s (score %.3f, evidence %q), want crisis", text, r.Level, r.Score, r.Evidence)
		}
	}
	notCrisis := []string{
		// Figures of speech and accidents.
		"my mom is gonna kill me if I'm late",
		"mi jefe me va a matar si llego tarde",
		"this traffic is killing me",
		"she choked on her coffee",
		"my sister will kill me when she sees what i did to her car lol",
		"my coach is going to kill me at practice tomorrow",
		"mi mamá me va a matar cuando vea las notas",
		"I almost choked on a piece of steak at dinner",
		"me atraganté con una espina de pescado",
		"I locked myself out of the house again",
		"me quedé encerrada en el ascensor media hora",
		"las deudas me están ahorcando este mes",
		// A past told as past, and one sign alone (a concern at most).
		"years ago he used to hit me, I'm safe now",
		"hace años mi ex me pegaba, ahora estoy a salvo",
		"my husband took my phone and locked me in the bedroom",
		"he said he's going to kill me",
	}
	for _, text := range notCrisis {
		if r := Classify(text, ""); r.Level == Crisis {
			t.Errorf("Classify(%q) = crisis (evidence %q), want concern at most", text, r.Evidence)
		}
		if r := Check(text, ""); r.Level == Crisis {
			t.Errorf("Check(%q) = crisis (score %.3f, evidence %q), want concern at most", text, r.Score, r.Evidence)
		}
	}
}
