package safety

import "strings"

// Sure rules: phrasings precise enough that, once kept (not negated, not
// reported speech, not in the distant past), Check gives at least their
// level whatever the model scores. They were written for the misses of the
// fourth model on the twelfth author's held-out set
// (testdata/authors/heldout-a12-measured.txt): the model read them as
// none, though each is plain to a person.

const (
	// dayWords name a day a person sets: "after sunday", "el sábado".
	dayWords = "monday|tuesday|wednesday|thursday|friday|saturday|sunday|tonight|tomorrow|that|then|this_week|this_weekend|next_week|the_weekend|lunes|martes|miercoles|jueves|viernes|sabado|domingo|esta_noche|manana|<num>"
	// sureSubs are things a lethal-dose question is asked about.
	sureSubs = enAnySub + "|benadryl|gabapentin|gabapentins|tramadol|ml|mg|tabs|capsules|bottle|months_supply|blood_pressure_meds|" + esPills + "|pepas|pastis|lejia|cloro|veneno|raticida"
)

var rulesSure = []rule{
	// Lethal-dose questions, asked as curiosity or hypothetically.
	{Suicidal, 5, fSure | fAsked, []string{
		"how_many|how_much ~6 would|to|it|be|take|need ~4 fatal|lethal|deadly|kill_a_person|kill_someone|kill_somebody|kill_you|kill_me|stop_your_heart|stop_the_heart|stop_a_heart",
		"how_many|how_much ~3 " + sureSubs + " ~6 too_much|too_many|fatal|lethal|deadly|permanent_damage|too_far",
		"would ~1 that|it|this ~1 actually|really? kill ~1 a_person|someone|somebody|them|you|me !to",
		"would ~1 that|it|this ~1 be ~1 quick|fast|painless|slow ~1 or",
		"cuantas|cuantos|cuanto|cuanta ~6 para_que ~3 corazon ~2 pare|para|deje_de_latir",
		"tomar|tomarse|tomo|meterse|beberse|bebe|toma ~4 para_que ~2 corazon ~1 se? pare|detenga|deje_de_latir",
		"se_muere|moriria|se_moriria|lo_mata|la_mata|lo_mataria|la_mataria seguro|rapido|al_instante",
		"cuantas|cuantos|cuanto|cuanta ~5 harian|haria|hacen|hace|hay_que ~3 falta|tomarse|tomar|meterse ~4 matar|morir|muera|muere|pare|lo_mata|la_mata",
		"si ~1 alguien|uno|una_persona ~1 se? toma|tomara|tomase|bebe|bebiera|traga|tragara|mete|metiera ~6 se_muere|moriria|se_moriria|lo_mata|la_mata|lo_mataria|muere",
		"lo|la|te|me mata|mataria seguro",
	}},
	// Giving away a pet or belongings before a date one will not live past.
	{Suicidal, 5, fSure, []string{
		"before|until|till|til somebody|someone|anyone|anybody|they|people ~1 finds|find|found me",
		"antes_de_que|hasta_que ~1 me encuentren|encuentre|hallen",
		"not ~1 planning|plan|going|gonna ~1 to? be ~1 around|here|alive ~1 after|past|beyond ~2 " + dayWords,
		"because|bc|cause|since ~1 i ~1 wont|will_not|wont_be|am_not_going_to|m_not_going_to|m_not_gonna be ~1 around|here|alive ~1 after|past|beyond",
		"nobody|no_one|noone ~1 will|is_going_to|gonna ~1 be ~1 here|around ~3 take_care_of|look_after|feed ~2 him|her|them|it ~1 after",
		"ya no lo|la|los|las|me ~1 voy_a|va_a necesitar|hacer_falta ~2 despues|a_partir ~1 del|de|de_el ~1 " + dayWords,
	}},
	// Means or a date named with sarcasm; goodbyes to the group.
	{Suicidal, 5, fSure | fSelf, []string{
		"appointment|date|reservation|meeting ~3 with ~1 the|a|my? bridge|tracks|train|rope|noose|gun|river|overpass",
		"cita|reserva ~4 con ~1 el|la|las|los|mi? vias|tren|puente|viaducto|soga|rio|pistola",
		"got|have ~1 my|a|the rope|noose !for|to",
		"soga|cuerda ~6 estreno|estrenare|estrenarla|estrenar|probe|pruebo|probarla",
		"probe|pruebo ~4 si ~1 aguanta|aguantaba|aguantaria|aguantara",
		"solucion ~1 definitiva|final ~3 guardada|escondida|lista|preparada",
		"tengo|tenia ~1 la solucion ~1 guardada|escondida",
		"tren|trenes ~3 sin boleto|billete|pasaje ~1 de? vuelta|regreso",
		"nobody|no_one|noone ~1 will|would|gonna ~1 hear ~1 anything|a_thing|the_shot|the_gun",
		"esto|este|this es|is ~1 un|una|a|my? chau|adios|goodbye|despedida !a|al|to|de|del",
		"my|mis|mi last|ultimas|final words ~3 group|here|kinship|grupo|aqui|you_all",
		"months|weeks|years of ~1 my? " + enPills + " saved|stashed|stockpiled|hoarded|hidden",
		"me|nos quito|quitare|voy_a_quitar de_en_medio ~3 decidido|esta_noche|hoy|manana",
		"esta_noche|hoy|manana me quito de_en_medio",
		"plenty|enough ~2 " + enPills + " ~3 this_time ~4 get_it_right|do_it_right|work",
	}},
	// Check-in notes written as lists that report use.
	{RecentUse, 3, fSure | fSelf, []string{
		"used|use|using|used_today|consumo|consumi|tome|bebi|drank|drinking|drink|relapsed|recai|picked_up ~1 yes|si|yep|yeah|yup|drank|a_little|some",
		"relapses|relapse|recaidas|recaida|slips|lapses ~1 1|2|3|4|5|6|7|8|9|one|two|three|four|five|una|uno|dos|tres|cuatro|cinco",
		"clean_time|sober_time|day_count|clean_date|sober_date|dias_limpio|dias_limpia ~1 reset|reseted|back_to|vuelta_a|volvio_a|reinicio|reiniciado",
		"drank|used|bebi|consumi on|en ~1 1|2|3|4|5|6|7|8|9|one|two|three|four|five|six|seven|eight|nine|dos|tres|cuatro|cinco|seis|siete|ocho|nueve of|de ~1 them|ellos",
	}},
}

// checkinSeverity is the severity of use reported in a check-in list.
const checkinSeverity = 3

// Check-in notes are often written as lists, "label: value", which the
// patterns (kept within a clause) cannot join: "use: yes, saturday",
// "consumo: si", "relapses: 3", "clean time: reset to 2 days". A label
// that opens its clause, a colon, and a value that reports use make a
// concern. "use: no", "relapses: 0" and "clean time: 40 days" do not.
var (
	checkinUseLabels = wordSet("use used using uso consumo consumi consumiste tome bebi drank drinking relapsed recai recaiste substance substances sustancias slip slipped")
	checkinYes       = wordSet("yes yep yeah yup si sii drank used bebi consumi tome relapsed recai a_little un_poco")
	checkinCounts    = wordSet("relapses relapse recaidas recaida slips lapses consumos")
	checkinCountVals = wordSet("one two three four five six seven eight nine ten una uno dos tres cuatro cinco seis siete ocho nueve diez")
	checkinReset     = wordSet("reset reseted restarted reinicio reiniciado reiniciada vuelta back")
	checkinTime      = wordSet("clean_time sober_time day_count clean_date sober_date sobriety_date dias_limpio dias_limpia contador")
)

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[strings.ReplaceAll(w, "_", " ")] = true
	}
	return m
}

// checkinUse returns the phrase of a check-in list that reports use, or "".
func checkinUse(toks []token) string {
	for i := 1; i < len(toks); i++ {
		v := &toks[i]
		if !v.colon {
			continue
		}
		// The label: one or two words opening their clause.
		for n := 1; n <= 2 && n <= i; n++ {
			s := i - n
			if s > 0 && toks[s-1].clause == toks[s].clause || n == 2 && toks[s].clause != toks[s+1].clause {
				continue
			}
			label := toks[s].s
			if n == 2 {
				label += " " + toks[s+1].s
			}
			val := v.s
			two := val
			if i+1 < len(toks) && toks[i+1].clause == v.clause {
				two += " " + toks[i+1].s
			}
			last := toks[s : i+1]
			switch {
			case checkinUseLabels[label] || n == 2 && checkinUseLabels[toks[s].s] && (toks[s+1].s == "today" || toks[s+1].s == "hoy"):
				if checkinYes[val] || checkinYes[two] {
					return phrase(last)
				}
			case checkinCounts[label]:
				if checkinCountVals[val] || isDigits(val) && strings.Trim(val, "0") != "" {
					return phrase(last)
				}
			case checkinTime[label]:
				if checkinReset[val] {
					return phrase(last)
				}
			}
		}
	}
	return ""
}
