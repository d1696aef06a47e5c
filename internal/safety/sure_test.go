package safety

import "testing"

// TestSureRules: the phrasings of rules_sure.go give their level in
// Check whatever the model scores, with the phrase as evidence; negated,
// told of someone else, or with a value that reports no use, they do not.
func TestSureRules(t *testing.T) {
	tests := []struct {
		text string
		want Level
	}{
		// Check-in lists that report use.
		{"weekly checkin: sleep 4/10. meds: took them. use: yes, saturday and sunday. mood: meh", Concern},
		{"check in del lunes: dormi 4 horas. medicinas: si. consumo: si, el viernes. animo: culpa", Concern},
		{"monthly review. relapses: 2, both weekends. meetings: 6", Concern},
		{"tues check in. clean time: reset to 2 days. mood: low", Concern},
		{"check in: dormi mal. tomé: si, el jueves. plan: llamar a mi madrina", Concern},
		// Lethal-dose questions asked as curiosity.
		{"just curious, how many of the 50mg benadryl would it take to be fatal? asking for a trivia night", Crisis},
		{"pregunta por curiosidad: cuantas pastillas de la presion hay que tomarse para que el corazon se pare?", Crisis},
		{"si alguien se toma una caja entera de paracetamol se muere seguro?", Crisis},
		// Giving things away before a date; sarcasm around means; goodbyes.
		{"free to a good home: my dog rex, need him gone soon because i wont be around after friday", Crisis},
		{"regalo la bici y la tele, ya no la voy a necesitar despues del sabado", Crisis},
		{"great week lol. finally booked my appointment with the bridge for monday 🙃", Crisis},
		{"todo genial jaja, ya tengo mi cita con las vias del tren el jueves", Crisis},
		{"bueno gente, esto es un chau. gracias por todo", Crisis},
		{"i wanted my last words in this group to be thank you", Crisis},
	}
	for _, tt := range tests {
		r := Check(tt.text, "")
		if r.Level != tt.want {
			t.Errorf("Check(%q) = %s %v, want %s", tt.text, r.Level, r.Evidence, tt.want)
		}
		if c := Classify(tt.text, ""); c.sure == 0 || len(c.Evidence) == 0 {
			t.Errorf("Classify(%q): no sure rule kept (evidence %v)", tt.text, c.Evidence)
		}
	}
	kept := []string{
		"weekly checkin: sleep 8/10. use: no. meetings: 3. mood: good",
		"monthly review. relapses: 0. clean time: 400 days",
		"consumo: no, ni una vez esta semana",
		"bought a rope today for the climbing gym",
		"esto es un adios al alcohol, hoy empiezo de cero",
		"my sponsor asked how many days i have. 90 today!",
	}
	for _, text := range kept {
		if c := Classify(text, ""); c.sure != 0 {
			t.Errorf("Classify(%q): sure rule kept %v, want none", text, c.Evidence)
		}
	}
}
