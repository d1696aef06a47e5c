package bunstore

import (
	"fmt"
	"strings"

	"github.com/kinshiprecovery/kinship/internal/model"
)

// linesWithoutLanguageWords is migration 36: the shipped descriptions that
// named a line's languages, which the page now shows once, apart, lose
// those words where they are still as shipped.
func linesWithoutLanguageWords() string {
	var b strings.Builder
	for _, c := range []struct{ key, was, now string }{
		{"ca-988", "If you are thinking about suicide or are worried about someone. Free, 24 hours a day, in English and French.", "If you are thinking about suicide or are worried about someone. Free, 24 hours a day."},
		{"mx-lineadelavida", "Free, confidential support about substance use and mental health, 24 hours a day, in Spanish.", "Free, confidential support about substance use and mental health, 24 hours a day."},
	} {
		fmt.Fprintf(&b, "UPDATE crisis_resources SET description = '%s' WHERE id = '%s' AND description = '%s';\n", c.now, model.SeedID(c.key), c.was)
	}
	return b.String()
}

// seedLine is one crisis line Kinship ships: its readable key (model.SeedID
// of it is its ID), name, contact, kind, description and languages.
type seedLine struct{ key, name, contact, kind, about, langs string }

// insertLines is the SQL that adds a country's shipped lines, each at its
// place in the list: the emergency number first, as in every country.
func insertLines(country string, lines []seedLine) string {
	var b strings.Builder
	for position, l := range lines {
		fmt.Fprintf(&b, "INSERT INTO crisis_resources (id, country, name, contact, kind, description, position, updated_at, languages) "+
			"VALUES ('%s', '%s', '%s', '%s', '%s', '%s', %d, 0, '%s');\n", model.SeedID(l.key), country, l.name, l.contact, l.kind, l.about, position, l.langs)
	}
	return b.String()
}

// emergencyAbout is the description every shipped emergency number has.
const emergencyAbout = "If a life is in danger now: an overdose, someone not breathing, a serious injury."

// linesForIndia is migration 37: India's emergency number (112), the
// government's Tele MANAS mental health line and its drug de-addiction
// helpline, named by model.SeedID of their keys as every shipped line is.
func linesForIndia() string {
	return insertLines("IN", []seedLine{
		{"in-112", "Emergency", "112", "emergency", emergencyAbout, ""},
		{"in-telemanas", "Tele MANAS", "Call 14416 or 1-800-891-4416", "call", "Free, confidential mental health support, 24 hours a day.", "en,hi"},
		{"in-14446", "Drug De-addiction Helpline", "Call 14446", "call",
			"Free advice about drug and alcohol use, and where to find treatment, from the Government of India.", "en,hi"},
	})
}

// linesForSpainColombiaNepalChile is migration 41 (walk6): a member in
// Spain pressing "Necesito apoyo ahora" read "Llama al número de
// emergencias de tu país" and only an international directory, and so would
// anyone in Colombia, Nepal or Chile. Each country's emergency number and
// the lines its government (or, for Spain's Teléfono de la Esperanza, a
// long-standing national charity) publishes, checked on 2026-12-06:
//   - Spain: 112; 024, the Ministry of Health's line for anyone with
//     thoughts of suicide and those close to them (free, 24 hours, since May
//     2022); Teléfono de la Esperanza, 717 003 717 (24 hours).
//   - Colombia: 123; Línea 106, free psychological support in a crisis,
//     substance use included, run by the health departments of Bogotá and
//     many regions (24 hours).
//   - Nepal: no single number: ambulance 102 (first: an overdose needs one),
//     police 100; 1166, the national suicide prevention helpline at the
//     Mental Hospital, Lagankhel (with WHO).
//   - Chile: 131 (SAMU, ambulance); *4141, the Ministry of Health's suicide
//     prevention line (free, 24 hours, since January 2023); Fono Drogas y
//     Alcohol 1412 from SENDA (free, confidential, 24 hours).
func linesForSpainColombiaNepalChile() string {
	return insertLines("ES", []seedLine{
		{"es-112", "Emergency", "112", "emergency", emergencyAbout, ""},
		{"es-024", "Línea 024", "Call 024", "call",
			"If you are thinking about suicide, or are worried about someone. Free, confidential, 24 hours a day, from the Ministry of Health.", "es"},
		{"es-esperanza", "Teléfono de la Esperanza", "Call 717 003 717", "call", "Someone will listen, whatever you are going through, 24 hours a day.", "es"},
	}) + insertLines("CO", []seedLine{
		{"co-123", "Emergency", "123", "emergency", emergencyAbout, ""},
		{"co-106", "Línea 106", "Call 106", "call",
			"Free support from psychologists in a crisis, substance use included, 24 hours a day, from the health departments of Bogotá and many regions.", "es"},
	}) + insertLines("NP", []seedLine{
		{"np-emergency", "Emergency", "102 or 100", "emergency",
			"If a life is in danger now: 102 for an ambulance (an overdose, someone not breathing, a serious injury), 100 for the police.", ""},
		{"np-1166", "National Suicide Prevention Helpline", "Call 1166", "call",
			"Support in a crisis and with thoughts of suicide, from the Mental Hospital in Lagankhel.", "ne"},
	}) + insertLines("CL", []seedLine{
		{"cl-131", "Emergency", "131", "emergency",
			"If a life is in danger now: 131 is the ambulance (SAMU), for an overdose, someone not breathing, a serious injury.", ""},
		{"cl-4141", "Línea de Prevención del Suicidio", "Call *4141", "call",
			"If you are thinking about suicide, or are worried about someone. Free, confidential, 24 hours a day, from the Ministry of Health.", "es"},
		{"cl-1412", "Fono Drogas y Alcohol", "Call 1412", "call",
			"Free, confidential advice about alcohol and other drugs, and where to find treatment, 24 hours a day, from SENDA.", "es"},
	})
}

// linesForArgentina is migration 48 (walk13): Lucía in Buenos Aires pressed
// "Necesito apoyo ahora" and read only an international directory; the
// treatment locator sent her to the lines at the foot of the page, which
// were the same. Argentina's numbers, as the services publish them:
//   - 107 for an ambulance (SAME in the city of Buenos Aires, and the
//     medical emergency number in most provinces) and 911 for the police,
//     in many provinces every emergency;
//   - Línea 141 from SEDRONAR, the national secretariat on drugs: free,
//     anonymous and confidential support about alcohol and other drugs, and
//     where to find treatment, 24 hours a day, from anywhere in the country;
//   - the Centro de Asistencia al Suicida: 135, free from the city and
//     Greater Buenos Aires, and 011 5275-1135 from anywhere in the country.
func linesForArgentina() string {
	return insertLines("AR", []seedLine{
		{"ar-emergency", "Emergency", "107 or 911", "emergency",
			"If a life is in danger now: 107 for an ambulance (an overdose, someone not breathing, a serious injury), 911 for the police.", ""},
		{"ar-141", "Línea 141", "Call 141", "call",
			"Free, anonymous, confidential support about alcohol and other drugs, and where to find treatment, 24 hours a day, from SEDRONAR.", "es"},
		{"ar-cas", "Centro de Asistencia al Suicida", "Call 135 or 011 5275-1135", "call",
			"If you are thinking about suicide, or are worried about someone: 135 is free from Buenos Aires and Greater Buenos Aires, 011 5275-1135 works from anywhere in the country.", "es"},
	})
}

// linesForNigeria is migration 50 (walk14): Amara in Lagos (profile
// Nigeria) read under "People you can reach at any hour in Nigeria" only an
// international directory, and "call your local emergency number" where a
// life is in danger; her check-in's "People you can reach at any hour" led
// there too. Nigeria's numbers, as the services announce them:
//   - 112, the national emergency number, free from any phone (ambulance,
//     fire, police), answered by the emergency communication centres;
//   - the Suicide Research and Prevention Initiative (SURPIN), started at
//     the Lagos University Teaching Hospital: its toll-free line, 0800 078
//     7746, for anyone thinking about suicide or struggling with their
//     mental health or drug use, who also points callers to care near them.
func linesForNigeria() string {
	return insertLines("NG", []seedLine{
		{"ng-112", "Emergency", "112", "emergency", emergencyAbout, ""},
		{"ng-surpin", "SURPIN (Suicide Research and Prevention Initiative)", "Call 0800 078 7746", "call",
			"Free support if you are thinking about suicide, or are struggling with your mental health or drug use, and help to find care near you. A toll-free line from a team at the Lagos University Teaching Hospital.", "en"},
	})
}

// linesForJapan is migration 52 (walk13 W13-11): Kenji in Tokyo (profile
// Japan) read at the foot of every page only an international directory.
// Japan's emergency numbers, which are sure: 119 for an ambulance (and
// fire), 110 for the police. Its national support lines (TELL's lifeline,
// Inochi no Denwa, the Ministry of Health's lines) were written from
// knowledge and not verified online when this was made, so none is
// shipped: until an operator adds them on the crisis lines page, a reader
// in Japan is given the international directory beside the emergency
// numbers.
func linesForJapan() string {
	return insertLines("JP", []seedLine{
		{"jp-emergency", "Emergency", "119 or 110", "emergency",
			"If a life is in danger now: 119 for an ambulance (an overdose, someone not breathing, a serious injury), 110 for the police.", ""},
	})
}

// emergencyNumbersReach is migration 53 (fixes16's report): where a country
// has two emergency numbers, its buttons read "Call 119" and "Call 110"
// and a person in danger had to read the description to know which one
// brings an ambulance. Each shipped contact now says what each number
// reaches, in brackets after it (app.ContactActions puts it on the
// button), where an admin has not changed the contact.
func emergencyNumbersReach() string {
	var b strings.Builder
	for _, c := range []struct{ key, was, now string }{
		{"np-emergency", "102 or 100", "102 (ambulance) or 100 (police)"},
		{"ar-emergency", "107 or 911", "107 (ambulance) or 911 (police)"},
		{"jp-emergency", "119 or 110", "119 (ambulance, fire) or 110 (police)"},
	} {
		fmt.Fprintf(&b, "UPDATE crisis_resources SET contact = '%s' WHERE id = '%s' AND contact = '%s';\n", c.now, model.SeedID(c.key), c.was)
	}
	return b.String()
}
