package safety

import "testing"

// TestWordsAtAnotherAreNotTheWritersDistress: a put-down aimed at another
// member, about their tears and their problems, is not its writer's
// distress. In a walk (W13-4) Ana's "Tomás, deja de llorar, aquí todos
// tenemos problemas peores que los tuyos." read as concern at 0.935 (each
// half alone none): the training held "can't stop crying" and someone
// else "llorando" only in lines at risk, and no put-down at all, so she
// was shown help and the moderators got a crisis-queue item. Lines of the
// same shape whose writer is at risk, or that report someone else in
// danger now (crisis, as GUIDELINES.md labels them), are still raised.
// None of these lines is in the training (gaps.jsonl holds the class in
// other words).
func TestWordsAtAnotherAreNotTheWritersDistress(t *testing.T) {
	for _, c := range []struct {
		text, lang string
		atLeast    Level // None: must read none
	}{
		{"Tomás, deja de llorar, aquí todos tenemos problemas peores que los tuyos.", "es", None},
		{"Tom, stop crying, we all have worse problems than yours here.", "en", None},
		{"Ana, stop crying, we all have worse problems than yours here.", "en", None},
		{"Tomás, yo tampoco puedo más, como tú. Ya no le veo sentido a nada.", "es", Concern},
		{"Tom, I can't go on like you either. Nothing is ever going to get better.", "en", Concern},
		{"Tomás, deja de llorar por mí: ya tengo las pastillas y esta noche me despido.", "es", Crisis},
		{"Stop crying for me, Tom. The pills are counted and tonight I say goodbye.", "en", Crisis},
		{"Mi amiga está llorando en el puente y dice que va a saltar.", "es", Crisis},
		{"My friend is crying on the bridge and says she is going to jump.", "en", Crisis},
	} {
		r := Check(c.text, c.lang)
		switch {
		case c.atLeast == None && r.Level != None:
			t.Errorf("Check(%q) = %s (score %.3f, %q), want none", c.text, r.Level, r.Score, r.Categories)
		case rank(r.Level) < rank(c.atLeast):
			t.Errorf("Check(%q) = %s (score %.3f), want at least %s", c.text, r.Level, r.Score, c.atLeast)
		}
	}
}
