package web

import (
	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/i18n"
)

// NoteIn is the author's private safety note in l, for an answer a page
// draws itself (the chat page's socket): the words the support page says
// for the same note, the craving steps, and the lines with their names and
// buttons ("Llamar al 988") in l. The app writes the note in English.
func NoteIn(l *i18n.Lang, n *app.SafetyNote) *app.SafetyNote {
	if n == nil || l == nil {
		return n
	}
	out := *n
	switch {
	case n.Level == app.NoteWords:
		out.Message = l.T("support.note_words")
	case n.Craving != nil:
		out.Message = l.T("support.note_craving")
		out.Craving = &app.CravingHelp{Steps: []string{l.T("support.craving_1"), l.T("support.craving_2"), l.T("support.craving_3"), l.T("support.craving_4")}}
	case n.Level != "crisis":
		out.Message = l.T("support.note_concern")
	case n.Overdose:
		out.Message = l.T("support.note_overdose")
	default:
		out.Message = l.T("support.note_crisis")
	}
	out.Resources = resourcesIn(l, n.Resources)
	for i, r := range out.Resources {
		acts := make([]app.ContactAction, len(r.Actions))
		for j, a := range r.Actions {
			switch {
			case a.Kind == "call" && a.Reaches != "":
				a.Label = l.T("lines.call_reaches", "Number", a.Number, "Reaches", a.Reaches)
			case a.Kind == "call":
				a.Label = l.T("lines.call", "Number", a.Number)
			case a.Kind == "text" && a.Keyword != "":
				a.Label = l.T("lines.text_keyword", "Keyword", a.Keyword, "Number", a.Number)
			case a.Kind == "text":
				a.Label = l.T("lines.text", "Number", a.Number)
			}
			acts[j] = a
		}
		out.Resources[i].Actions = acts
	}
	return &out
}
