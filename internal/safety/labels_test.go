package safety

import "testing"

// TestLabelCallsAPersonByTheirUse: a message that calls another person a
// junkie, an addict, a drogadicto or a yonqui is named (walk15 W15-9:
// "Arjun, eres un drogadicto y un flojo, nadie te cree." passed), in
// English and Spanish alike; a person speaking of herself, of someone
// else, of what a label is not, quoting it, reporting it or naming a
// title is left alone, so the word stays kind.
func TestLabelCallsAPersonByTheirUse(t *testing.T) {
	for _, c := range []struct{ text, want string }{
		{"Arjun, eres un drogadicto y un flojo, nadie te cree.", "drogadicto"},
		{"you're just a junkie, nobody believes you", "junkie"},
		{"Marco you are nothing but a lazy addict and everyone here knows it", "addict"},
		{"shut up you junkie", "junkie"},
		{"Lucía, eres una yonqui, deja de mentir en el grupo", "yonqui"},
		{"Pedro no cambia, sos un borracho y punto", "borracho"},
		{"ustedes son unos drogadictos, no sé qué hago aquí", "drogadictos"},
		{"you guys are all crackheads anyway", "crackheads"},
		{"eres un pinche adicto, nadie te va a creer", "adicto"},

		{"I'm an addict and today I'm grateful to be here", ""},
		{"I used to call myself an addict, now I say I'm a person in recovery", ""},
		{"soy adicta en recuperación y hoy cumplo un año", ""},
		{"Antes me decía yonqui a mí misma; ya no", ""},
		{"my brother is an addict and I don't know how to help him", ""},
		{"you're not a junkie, you're a person who is struggling", ""},
		{"no eres un drogadicto, eres una persona que está pasando por algo difícil", ""},
		{"eres más que un adicto, eres mi amigo", ""},
		{`my dad told me "you're a junkie" when I was 15 and it still hurts`, ""},
		{"mi papá me dijo que eres un drogadicto y nunca vas a cambiar, y eso me marcó", ""},
		{"listening to the song Junkie on repeat tonight", ""},
		{"you're a coffee addict like me lol", ""},
		{"eres adicta al gimnasio, te admiro", ""},
		{"are you an addict? asking because the meeting is open to everyone", ""},
		{"if you're an addict like me, you're welcome here", ""},
		{"¿eres adicto? la reunión de hoy es abierta", ""},
		{"> eres un drogadicto\neso me escribió alguien y me dolió", ""},
	} {
		if got := Label(c.text); got != c.want {
			t.Errorf("Label(%q) = %q, want %q", c.text, got, c.want)
		}
	}
}
