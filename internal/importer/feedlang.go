package importer

// languageTypes are the Meeting Guide type codes that say the language a
// meeting is held in, as BCP 47 language tags.
var languageTypes = map[string]string{"AR": "ar", "BG": "bg", "DA": "da", "DE": "de", "EL": "el", "EN": "en", "FA": "fa", "FI": "fi",
	"FR": "fr", "HE": "he", "HI": "hi", "HR": "hr", "HU": "hu", "IS": "is", "ITA": "it", "JA": "ja", "KOR": "ko", "LT": "lt", "ML": "ml",
	"NL": "nl", "NO": "no", "POL": "pl", "POR": "pt", "PUN": "pa", "RUS": "ru", "S": "es", "SK": "sk", "SL": "sl", "SV": "sv", "TH": "th",
	"TL": "tl", "UK": "uk"}

// MeetingLanguage returns the language a meeting is held in, from its type
// codes ("EN" is "en", "S" is "es"): the language its feed's own words
// (its notes, where in the building) are most likely written in, so a page
// in another language can mark them as such. "" when the types name no
// language, or more than one.
func MeetingLanguage(types []string) string {
	lang := ""
	for _, t := range types {
		if l, ok := languageTypes[t]; ok {
			if lang != "" && lang != l {
				return ""
			}
			lang = l
		}
	}
	return lang
}
