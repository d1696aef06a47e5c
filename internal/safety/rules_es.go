package safety

// Spanish rules. Accents may be written or left out: rules and messages
// are folded the same way ("recaí" and "recai" both match). Spanish drops
// subject pronouns, so the verb ending carries the person: "recaí" is the
// writer, "recayó" someone else.

const (
	esPills = "pastillas|pastilla|pastis|medicamentos|medicinas|pildoras|tabletas|clonazepam|rivotril|tramadol|fentanilo|heroina|xanax|alprazolam|diazepam|somniferos|ansioliticos|antidepresivos|calmantes|paracetamol"
	esDrugs = "consumir|beber|tomar|drogarme|usar|fumar|meterme|emborracharme|recaer|inyectarme|pasarme|ponerme|picarme|darme_un_pase|un_trago|una_copa|una_cerveza|un_pase|un_toque|alcohol|droga|drogas|cristal|piedra|coca|perico|mota|una_raya|raya|rayas|una_linea|un_churro|un_porro|porro|chela|una_chela|chelas|pisto|la_pipa|heroina|fentanilo|chochos"

	// esUsing names what a craving is for, with or without an article.
	esUsing = "la_botella|botella|la_droga|droga|drogas|las_drogas|la_piedra|piedra|el_cristal|cristal|la_coca|coca|perico|mota|alcohol|el_alcohol|chochos|la_peda|peda|un_trago|una_cerveza|cerveza|chela|chelas|consumir|beber|tomar|drogarme|meterme|emborracharme|ponerme|recaer|el_dealer|mi_dealer|una_raya|un_pase|heroina|fentanilo|la_pipa|el_foco|inyectarme|picarme"

	// esAnySub is anything a person can take, for "mezcló X con Y" or "se metió algo".
	esAnySub = esPills + "|alcohol|cerveza|cervezas|vino|tequila|vodka|ron|whisky|mezcal|pisto|coca|cocaina|cristal|piedra|perico|mota|droga|drogas|algo|chochos|heroina|fentanilo|fenta|tachas|ketamina|popper|solvente|activo|mucho|mucha|demasiado|demasiada"

	// esDie is dying or not being alive, as people write it.
	esDie = "morir|morirme|muera|muriera|me_muera|me_muriera|muerto|muerta|matarme|suicidarme|desaparecer_para_siempre|dejar_de_existir|dejar_de_vivir|no_despertar|irme_de_este_mundo|quitarme_la_vida|acabar_con_mi_vida|dormir_para_siempre|dormirme_para_siempre|estar_muerto|estar_muerta|no_existir|no_estar_aqui"

	// esHigh are the places people jump from or in front of.
	esHigh = "puente|edificio|azotea|tren|vias|metro|balcon|carro|carros|coche|coches|auto|autos|camion|camiones|trafico|precipicio|rio|piso|ventana|techo|acantilado|barranco|cerro|segundo_piso|tercer_piso|quinto_piso"

	// esBody are the body parts self-harm is done to.
	esBody = "brazos|piernas|munecas|muslos|piel|brazo|pierna|muneca|muslo|panza|abdomen|estomago|cadera|caderas|tobillos|tobillo|cara|antebrazo|antebrazos"

	// esMeans are the means people name when they plan to die.
	esMeans = "pistola|arma|revolver|navaja|cuchilla|cuchillo|soga|cuerda|pastillas|veneno|rastrillo|gillette"
)

var rulesES = []rule{
	// Ideación, intención o plan suicida.
	{Suicidal, 5, 0, []string{
		"me ~2 voy|quiero|pienso|puedo|voy_a ~1 a? matar|suicidar|ahorcar|colgar",
		"quitar|quite|quitarme ~1 la vida",
		"acabar|terminar|acabo|termino|acabe|termine con ~1 mi vida",
		"acabar|terminar|acabo|termino|acabe|termine con todo !el|la|los|las|lo",
		"suicidio ~1 hoy|esta_noche|manana|ya",
		"pensando|pienso|pensado|pensamientos|ideas ~2 en|de ~1 suicidio|morir|morirme|matarme|suicidarme|quitarme",
		"intento de suicidio",
		"guardando|juntando|ahorrando|acumulando|guardado|juntado|acumulado|escondiendo ~3 " + esPills,
		"tengo|tener ~1 suficientes ~1 " + esPills,
		"cuantas|cuantos ~2 " + esPills + " ~4 morir|matar|matarme|sobredosis|letal|muera|no_despertar|despertar",
		"dosis letal|mortal",
		"tirarme|aventarme|lanzarme ~3 " + esHigh,
		"pegarme un_tiro|tiro",
		"cortar|cortarme|cortando|corte|cortaba ~1 las venas",
		"me ~1 corte|cortando ~2 muy|demasiado ~1 profundo|hondo",
		"estoy|sigo sangrando ~2 mucho|muchisimo|no_para|sin_parar",
		"mejor si ~1 yo? no estuviera|existiera|estuviese|existiese|hubiera_nacido",
		"mejor si ~1 yo? me_muriera|me_muero|me_muera|muriera|desapareciera|me_fuera_para_siempre",
		"carta|cartas|mensaje ~1 de ~1 despedida",
		"un plan ~3 matarme|morir|suicidarme|acabar|quitarme",
	}},
	{Suicidal, 5, fSelf, []string{
		"matarme|suicidarme|quitarme_la_vida|ahorcarme|colgarme",
		"quiero|quisiera|necesito|ojala que todo ~1 termine|acabe|se_acabe|se_termine|pare",
		"pienso|pensando|pensar|piensa ~2 en ~1 la_muerte|morir|morirme",
		"compre|conseguí|consegui|tengo|comprar ~1 una|un ~1 cuerda|soga|pistola|arma !para_tender|para_el|para_la|para_mi_papa|de_juguete",
		"me ~2 voy_a|quiero|voy ~1 a? tirar|aventar|lanzar ~3 " + esHigh,
		"quiero|quisiera|voy_a ~1 dejar_de existir|vivir|respirar",
		"cuando ya no ~1 este|estemos",
		"irme|irse|me_voy|ire|me_ire|me_quiero_ir ~2 de_este_mundo|para_siempre",
		"no creo|no_se_si ~2 llegar|aguantar|sobrevivir ~1 a|hasta ~1 manana|esta_noche|la_manana|el_amanecer|navidad|fin_de_ano|fin_de_mes|el_lunes",
		esPills + " ~3 en_la_mano|aqui_en_la_mano|listas|contadas|frente_a_mi|enfrente_de_mi|sobre_la_mesa",
		"dormir|dormirme ~1 y no ~1 despertar|volver_a_despertar",
		"no aguanto|soporto ~1 la_vida|vivir|mi_vida|estar_vivo|estar_viva",
		"cuando ~1 me ~1 haya ido|muera",
		"necesito ~2 morir|morirme|estar_muerto|estar_muerta|dejar_de_existir|dejar_de_vivir",
		"prefiero|preferiria ~1 estar? morir|muerto|muerta",
		"ojala ~3 muerto|muerta|morir|morirme|muera|no_despertar|no_haber_nacido|despertar_nunca",
		"mejor ~1 muerto|muerta",
		"no ~2 quiero ~1 vivir|existir|despertar|seguir_viviendo|seguir_aqui|estar_aqui|seguir_con_vida !con|en|sin|de|para|una|un|otra|eso|esto|lo|la|el|mas|temprano",
		"no tengo ~1 razones|razon|motivos|motivo|nada ~1 por|para ~1 que? vivir",
		"no tiene ~1 sentido ~1 vivir|seguir_viviendo|la_vida|seguir_vivo|seguir_viva",
		"cansado|cansada|harto|harta de vivir|la_vida|estar_vivo|estar_viva",
		"suicida|suicidas",
		"no me quiero despertar",
		"dormir y no despertar",
	}},
	// Deseo de morir; con risa en la oración es probablemente broma ("qué
	// oso, me quiero morir jaja"): queda como preocupación, no como crisis.
	{Suicidal, 5, fSelf | fJoke | fJokeSoftens, []string{
		"quiero|queria|quisiera|deseo|deseaba|ganas|ganas_de ~2 morir|morirme|estar_muerto|estar_muerta|dejar_de_existir|dejar_de_vivir",
		"me ~1 quiero|queria|quisiera ~1 morir",
		"ojala ~3 me_muriera|muriera|me_muera|no_despierte|no_despertara|desapareciera|no_existiera|no_existir|me_atropellen|me_atropellara|me_pase_algo|me_pasara_algo",
		"lista|listo|preparada|preparado ~1 para ~1 morir|morirme|irme|partir|acabar|el_final",
		"mejor ~1 me ~1 muero|muera|mato|suicido|desaparezco|quito_la_vida",
		"no merezco ~1 vivir|estar_vivo|estar_viva|existir|estar_aqui|seguir_vivo|seguir_viva",
		"merezco ~1 morir|morirme|estar_muerto|estar_muerta",
	}},
	// Familias generales: intención × muerte, el valor de la vida, ausencia
	// futura, medios a la mano, métodos.
	{Suicidal, 5, fSelf, []string{
		"me ~1 canse|harte|aburri|cansé ~1 de ~1 vivir|la_vida|existir|estar_vivo|estar_viva|despertar",
		"quiero|quisiera|deseo|ganas_de|necesito ~2 desaparecer ~1 para_siempre|del_mundo|de_este_mundo",
		"quiero|quisiera|necesito|ojala ~1 que ~1 se? ~1 acabe|termine ~1 todo ~2 de_una_vez|para_siempre|ya",
		"quiero|quisiera|necesito|ojala ~1 que ~1 se? ~1 acabe|termine ~1 todo <end>",
		"cansad*|hart* de ~1 existir|despertar|estar_vivo|estar_viva",
		"no ~1 vale|valdria|merece ~2 la_pena ~1 vivir|seguir_viviendo|estar_vivo|estar_viva|existir",
		"la vida ~2 no ~1 vale|valdria|merece ~1 la_pena",
		"no ~1 tiene|hay ~1 caso|sentido|razon|motivo ~2 vivir|seguir_viviendo|estar_vivo|estar_viva|existir|seguir_vivo|seguir_viva",
		"no ~1 tiene|hay ~1 caso|sentido|razon|motivo ~2 que ~1 siga|este|viva ~1 vivo|viva|aqui|con_vida",
		"no ~1 tengo ~1 ganas|fuerzas ~1 de|para ~1 vivir|seguir_viviendo|estar_viva|estar_vivo",
		"no ~2 quiero|puedo ~1 seguir ~1 viviendo|existiendo|aqui|en_este_mundo|con_vida|vivo|viva",
		"no ~2 quiero ~1 estar ~1 en_este_mundo|aqui|viva|vivo|en_esta_vida",
		"me ~1 quiero|quisiera ~1 dormir|dormirme ~1 para_siempre|y_no_despertar|y_ya_no_despertar|sin_despertar",
		"quiero|quisiera ~1 dormir|dormirme ~1 para_siempre|y_no_despertar|y_ya_no_despertar|sin_despertar",
		"matarme|morir|morirme|suicidarme ~3 sin ~1 que? ~1 duela|dolor|sufrir|me_duela",
		"pensando|pienso|planeando|planeo ~2 como|cuando ~1 hacerlo|lo_hago ~3 sin ~1 que? ~1 duela|dolor|sufrir|me_duela",
		"forma|manera|modo ~3 facil|rapida|rapido|sin_dolor|indolora|segura ~2 de|para ~1 morir|matarme|suicidarme|morirme",
		"tengo|traigo|agarre|sostengo|saque|sostuve ~4 pistola|arma|revolver|soga|cuerda|veneno ~5 en_la_mano|en_mis_manos|en_mi_mano|aqui_conmigo|conmigo|lista|listo|preparada|preparado|cargada|frente_a_mi|enfrente_de_mi",
		"soga|cuerda|pistola|arma|revolver ~2 lista|listo|preparada|preparado|cargada|cargado|amarrada|colgada",
		"voy_a|pienso|quiero|voy ~2 tomar|tragar|tomarme|tragarme ~2 todas|todo|el_frasco|la_caja|un_frasco|una_caja ~3 " + esPills,
		"pensando|pienso|pensado|considerando ~2 en|de? ~1 tomarme|tragarme|tomar|tragar ~1 todas|todo|el_frasco ~3 " + esPills,
	}},
	{Suicidal, 4, fSelf, []string{
		"no ~1 quiero seguir <end>",
		"no ~1 creo ~1 que? ~1 pase|aguante|sobreviva|dure ~2 de|a|hasta ~1 esta_noche|manana|hoy|el_lunes|navidad|fin_de_semana|el_fin",
		"lo mejor ~2 es|seria|sera ~1 desaparecer|morirme|matarme|quitarme_la_vida|dejar_de_existir|no_existir",
		"acabar|terminar ~1 con ~1 esto|todo ~3 de_una_vez|para_siempre|por_todas",
		"no voy a ~1 pasar|aguantar|durar|sobrevivir ~2 de|a|hasta ~1 esta_noche|manana",
		"ya no ~1 voy a ser ~1 una|un? carga|estorbo|problema|molestia",
		"quiero|quisiera|ya_quiero|me_quiero ~4 estar|irme|reunirme|ver|estar_con|ir ~4 en_el_cielo|al_cielo|con_dios|con_diosito|al_mas_alla",
		"mejor ~4 sin ~2 una|un ~1 madre|padre|mama|papa|hija|hijo|esposa|esposo|pareja|amiga|amigo ~1 como yo",
		"mejor ~4 sin alguien como yo",
	}},
	{Suicidal, 4, 0, []string{
		"mejor ~4 que|si ~2 no ~1 existiera|estuviera|hubiera_nacido|existiese|estuviese|viviera",
		"mejor ~4 que|si ~2 me_muriera|muriera|desapareciera|me_fuera|me_muera",
		"se quiere|queria ~1 morir|ir_de_este_mundo|desaparecer_para_siempre",
		"dice|dijo|escribio|me_escribio|me_dijo ~2 que ~1 se ~1 quiere|va_a ~1 morir|matar|suicidar",
	}},
	{Suicidal, 4, fFarewell, []string{
		"prepare|arregle|aliste|organice|deje|tengo ~2 todo ~2 listo|preparado|arreglado|en_orden? ~1 para ~1 irme|partir|morir|el_final|despedirme <end>",
		"prepare|arregle|aliste|organice|deje|tengo ~2 todo ~2 listo|preparado|arreglado|en_orden? ~1 para ~1 partir|morir|el_final",
		"no voy a estar ~2 mucho_tiempo|mucho_mas|por_mucho|mas_tiempo|para_siempre",
		"no ~1 van|vas|vayan ~1 a ~1 saber|volver_a_saber ~1 nada? ~1 de mi",
		"este ~2 mi ~1 ultimo|ultima ~1 mensaje|post|dia|noche|despedida <end>",
		"este ~2 mi ~1 ultimo|ultima ~1 mensaje|post|dia|noche|despedida !en|de|del|con|antes|como|aqui|para|que|fue",
		"hoy|manana|esta_noche ~1 es|sera ~1 mi ~1 ultimo|ultima ~1 dia|noche <end>",
		"hoy|manana|esta_noche ~1 es|sera ~1 mi ~1 ultimo|ultima ~1 dia|noche !en|de|del|con|antes|como|aqui|para|que",
		"ultima vez ~3 saben|sabran|van_a_saber|leen|leeran|ven|veran ~2 de? mi",
	}},
	// Autolesión: verbo × parte del cuerpo, hasta sangrar, necesidad de dolor.
	{SelfHarm, 4, fSelf, []string{
		"me ~1 voy_a|quiero|voy ~1 a? cortar|quemar|lastimar <end>",
		"me ~2 rasguno|rasguñe|rasguñando|rasgunando|rasgune|arano|arane|aranando|rayo|raye ~3 hasta|los_brazos|las_piernas|la_piel|los_munecas|las_munecas",
		"hasta ~1 sangrar|que_sangre|que_sangren|que_sangro|sacarme_sangre",
		"me ~1 corte|corto|cortando|cortaba|queme|quemo|quemando|rasgune|raye|rayo|lastime|lastimo|golpee ~1 los|las|el|la|mis|mi ~1 " + esBody,
		"no ~1 para|paro|deja|dejo ~1 de ~1 sangrar",
		"necesito|quiero|merezco|ocupo ~2 sentir ~1 dolor",
		"merezco ~1 sangrar|sufrir_dolor|dolor|que_me_duela",
		esMeans + " ~5 bano|encerrada|encerrado",
		"bano|encerrada|encerrado ~6 navaja|cuchilla|cuchillo|rastrillo|gillette",
		"no ~1 puedo ~1 parar|dejar ~1 de ~1 cortarme|lastimarme|quemarme|rasgunarme|pegarme",
	}},
	// Sobredosis: pasarse con algo.
	{Overdose, 5, fOverdose, []string{
		"paso|pase|pasaste|pasamos|pasaron ~1 de|con ~2 pastillas|fentanilo|fenta|heroina|dosis|droga|drogas|coca|cristal|piedra|chochos|" + esPills,
		"me ~1 tome|trague|meti|tome ~2 todas|todo|un_monton ~2 mis|las|de? ~1 " + esPills,
		"se ~1 tomo|trago|tomó ~2 todas|todo|un_monton ~2 sus|las|de? ~1 " + esPills,
	}},
	{MedicalEmergency, 5, fOverdose, []string{
		"tiene|tenia|con|se_le_pusieron|se_le_voltearon|puso|pone ~1 los ~1 ojos ~1 en_blanco|volteados|para_atras|hacia_atras ~1 y",
		"no ~1 le ~1 siento|encuentro|encontramos ~1 el? pulso",
		"sigue|siguen|seguia|sigues ~1 sin ~1 reaccionar|responder|despertar|respirar|moverse",
		"no ~1 lo|la|los ~1 puedo|podemos|logro ~1 despertar|hacer_reaccionar|levantar",
	}},
	// Antojos: pensar en la sustancia, "una no hace daño", extrañar.
	{Craving, 2, fSelf | fPostNeg, []string{
		"no ~1 dejo|puedo_dejar|paro ~1 de ~1 pensar ~1 en ~1 " + esUsing,
		"pienso|pensando|pensar|penso|pensaba ~2 en ~1 " + esUsing,
		"se ~1 me ~1 antoja|antojan|antojo|antojaron ~2 una|un|unas|unos? ~1 cerveza|cervezas|chela|chelas|trago|tragos|copa|copas|tequila|vodka|whisky|ron|mezcal|vino|pisto|droga|piedra|cristal|coca|perico|mota|toque|raya|pase|caguama",
		"casi ~3 le ~1 marco|marque|llamo|llame|escribo|escribi|hablo|hable ~2 a? ~1 mi|al|el? ~1 dealer|camello|transa|conecte",
		"casi ~1 recaigo|recai|consumo|consumi|me_drogo|me_drogue|bebo|bebi|me_emborracho",
		"a_nada|a_punto|a_un_paso|bien_cerca|muy_cerca|casi ~1 de? ~1 recaer|consumir|tomar|beber|drogarme|llamar_al_dealer|marcarle_al_dealer|marcarle_a_mi_dealer",
		"extrano|extranaba|extrañe|extrane ~1 drogarme|consumir|tomar|beber|la_droga|las_drogas|la_piedra|el_cristal|la_coca|el_alcohol|la_peda|estar_high|estar_drogado|estar_drogada|ponerme|el_viaje|la_pipa|el_perico",
		"me ~1 urge|urgen ~1 un|una ~1 trago|copa|cerveza|chela|toque|raya|pase",
		"quiero|voy_a|necesito|ir_a|ganas_de|pienso ~2 comprar|conseguir|pillar|buscar|ir_por ~2 piedra|cristal|coca|droga|perico|mota|heroina|fentanilo|chochos|alcohol|pisto|cerveza|chelas|al_dealer|mi_dealer",
		"mi|la ~1 adiccion|enfermedad|obsesion|mente|cabeza|cuerpo ~2 me ~1 pide|esta_pidiendo|grita ~2 " + esUsing,
	}},
	// Consumo reciente.
	{RecentUse, 3, fSelf, []string{
		"me ~1 fume|meti|inyecte|di|eche|esnife|pique ~2 un|una|unos|unas|el|la|mi? ~1 porro|churro|gallo|toque|pase|raya|rayas|linea|piedra|cristal|coca|perico|mota|heroina|fentanilo|chochos|fenta|tacha|tachas|bacha",
		"me ~1 tome|bebi|eche|meti ~1 <num>|unas|unos|varias|varios|muchas|muchos|un_par_de ~1 cervezas|cerveza|copas|copa|tragos|chelas|caguamas|shots|tequilas|whiskys|vinos|rayas|pases|chochos",
		"ando|estoy|me_siento|me_puse|quede|andaba ~1 bien|muy|super|re|todo? ~1 high|drogado|drogada|pedo|peda|borracho|borracha|colocado|colocada|hasta_atras|hasta_el_gorro",
		"la ~1 regue|cague|fastidie|jodi ~3 volvi|consumi|tome|bebi|recai|me_drogue|me_emborrache",
	}},
	// Desesperanza y aislamiento.
	{Hopelessness, 2, fSelf | fPostNeg | fJoke, []string{
		"me_siento|me_sentia|siento_que_estoy|estoy_muy|estoy_tan|estoy_completamente|completamente|totalmente ~1 sola|solo|aislada|aislado|abandonada|abandonado|invisible",
		"no tengo ~1 a? ~1 nadie|amigos|con_quien_hablar|a_quien_acudir",
		"nadie ~1 me ~1 habla|llama|escribe|busca|quiere|entiende|hace_caso|toma_en_cuenta|pela|extranaria",
		"todo ~1 lo ~1 arruino|echo_a_perder|destruyo|hago_mal|arruine|eche_a_perder",
		"arruino|destruyo|echo_a_perder|arruine ~1 todo",
		"no sirvo|valgo ~1 para? ~1 nada",
		"soy|me_siento|siento_que_soy ~2 un|una? ~1 fracaso|inutil|basura|desastre|caso_perdido|estorbo|perdedor|perdedora|porqueria|cero_a_la_izquierda",
		"caso perdido",
		"no tengo ~1 remedio|arreglo|salvacion",
		"sin ~1 hablar|ver|salir ~1 con? ~1 nadie|a_nadie",
		"no ~1 me ~1 puedo ~1 levantar ~1 de ~1 la? cama",
		"ya no se ~1 para que !sirve|es|son|funciona|era|sirven",
		"no ~1 tengo ~1 ganas|fuerzas ~1 de|para ~1 seguir|luchar|seguir_luchando|intentar|levantarme|seguir_intentando",
		"no ~1 puedo seguir <end>",
	}},
	// Situación insegura: alguien actúa sobre quien escribe.
	{UnsafeSituation, 3, fJoke, []string{
		"me ~1 jaloneo|jalonea|jalonearon|avento|aventaron|arrastro|arrastra|pateo|patea|cacheteo|cachetea|abofeteo|apreto_el_cuello|agarro_del_cuello|estrangulo|manosea|manoseo|golpean|pegan !la|el|un|una|los|las|a|con|de|mucho",
		"me ~1 dejo|dejaron|deja ~1 moretones|marcas|el_ojo_morado",
		"dice|dijo|amenaza|amenazo|jura|juro ~3 me ~1 va|van ~1 a ~1 matar|lastimar|pegar|golpear ~1 si",
		"dice|dijo|amenaza|amenazo ~1 que ~1 me ~1 va|van ~1 a ~1 matar|lastimar|pegar|golpear",
		"me ~1 sacaron|echaron|corrieron|botaron ~1 de|del ~1 la? casa|albergue|cuarto|depa|departamento|refugio|centro|anexo",
		"en la calle ~1 desde|sin|hace|y_no",
		"vivo|vivimos|duermo|dormi|quede|me_quede|estoy_viviendo|ando_viviendo en la calle",
		"durmiendo|duermo|dormire|voy_a_dormir|dormimos ~2 en ~1 el|la|un|una ~1 parque|calle|carro|coche|auto|banqueta|estacion|central|plaza|puente",
		"me ~1 andan|anda|estan|esta|sigue|siguen ~1 persiguiendo|amenazando|golpeando|extorsionando|acosando",
		"les|le ~1 debo ~4 buscando|amenazando|matar|persiguiendo|lastimar",
		"buscando|amenazando|persiguiendo ~6 les|le debo",
	}},
	// Señales indirectas: despedidas, regalar cosas, los demás estarían mejor.
	{Suicidal, 4, fSelf, []string{
		"no le|a ~1 encuentro|veo ~1 sentido|caso a ~1 la_vida|vivir|seguir",
		"no|ya_no le ~1 veo|encuentro ~1 caso|sentido a ~1 vivir|seguir_viviendo",
	}},
	{Suicidal, 4, 0, []string{
		"estarian|estaria|estarias|estan|estaran|estara|serian|seria|vivirian ~2 mejor sin mi",
		"mejor sin mi",
		"nadie ~2 extranaria|extranara|notaria|notara|importaria",
		"nadie me va a extranar",
		"ya no ~1 voy a ~1 estar ~2 aqui|mucho|manana|para",
		"ya no ~1 van|vas|tendran|tendras ~1 a? ~1 tener? que ~2 preocupar|preocuparse|preocuparte|aguantarme|soportarme",
		"regalando|regale|regalar|regalo|regalado ~2 mis ~1 cosas|pertenencias|perro|gato|ropa|todo",
		"dejando|deje ~2 todo ~1 en_orden|arreglado|listo",
	}},
	{Suicidal, 4, fFarewell, []string{
		"me despido ~1 de ~1 todos|todas|ustedes|ti|este|el_grupo|todo|ustedes",
		"esta es mi ~1 despedida",
		"mi ultima|ultimo despedida|mensaje",
		"adios ~1 a ~1 todos|todas|ustedes|para_siempre|mundo",
		"adios para_siempre",
		"quiero|queria|vengo_a despedirme",
	}},
	// "me mato" is either "I'll kill myself" or, past tense without its
	// accent, "it killed me" (with laughter, a joke).
	{Suicidal, 5, fSelf | fJoke, []string{
		"me mato !trabajando|estudiando|de|por|con|en|del|a|la|el|ese|esa|este|esta|tu|su",
	}},
	// Autolesiones.
	{SelfHarm, 4, 0, []string{
		"cortarme|lastimarme|herirme|quemarme|autolesionarme|castigarme !el|la|los|las|un|una|con_cuidado",
		"hacerme ~1 dano",
		"me ~1 corte|corto|lastimo|lastime|queme|quemo !el|la|los|las|un|una|jugando|corriendo|cocinando|con_el|con_la|el_pelo|las_unas",
		"me ~1 estoy|estaba|volvi_a|sigo ~1 cortando|cortar|lastimando|lastimar|hiriendo",
		"me hice dano !el|la|en|jugando|corriendo",
		"me ~2 haciendo dano",
		"haciendome dano",
		"me ~1 corte|queme|lastime|golpee|hice_dano|pegue ~6 a_proposito|adrede",
		"me ~1 queme|quemo|quemaba ~3 con ~1 un|una|el? cigarro|cigarrillo|encendedor|cerillo",
		"autolesion|autolesiones|autolesionando|autolesionarme",
		"volvi a ~1 cortarme|lastimarme",
	}},
	// Sobredosis y emergencias médicas.
	{Overdose, 5, fOverdose, []string{
		"esta|estan|esta_teniendo|tiene|tuvo|tuve|tengo|le_dio|le_esta_dando|me_dio ~1 una? sobredosis",
		"creo|parece|pienso ~3 sobredosis",
		"es una sobredosis",
		"sobredosis ~2 ayuda|rapido|ahora|ya|no_respira|no_despierta",
		"tomarme|tragarme|tomare|me_tomare ~2 todas|todo|muchas|el_frasco|un_frasco|la_caja ~3 " + esPills + "|frasco|caja|que_tengo",
		"tome|tomo|me_tome|se_tomo|trague|se_trago|tomaron|se_tomaron|tomaste ~2 <many> ~2 " + esPills,
		"me tome|tomo|trague ~3 todas|muchas|demasiadas|un_frasco|una_caja|un_monton|el_frasco ~3 " + esPills + "|frasco|caja",
		"tome|tomo|trague|se_tomo|se_trago ~2 todas|muchas|demasiadas|el_frasco|un_frasco ~2 " + esPills + "|frasco",
		"necesito|necesitamos|necesita|donde_esta|traigan|trae ~1 la? naloxona|narcan !para|gratis|en|de",
		"le ~1 di|dimos|puse|pusimos|aplique|estoy_dando|voy_a_dar|voy_a_poner ~2 naloxona|narcan|rcp|respiracion",
		"la naloxona|narcan no ~1 funciona|funciono|hace_efecto|hizo_efecto",
		"intoxicacion alcoholica",
		"se ~1 paso ~1 de? dosis",
	}},
	{MedicalEmergency, 5, fOverdose, []string{
		"no ~1 respira|respiraba|esta_respirando|puede_respirar",
		"dejo de respirar",
		"apenas respira",
		"se ~2 esta|estan|puso|pone|ponen ~1 poniendo? azul|azules|morado|morada|morados|moradas|gris|palido|palida",
		"labios|cara|dedos|unas|piel ~2 azul|azules|morado|morada|morados|moradas|gris",
		"no despierta|reacciona|se_despierta|lo_despierto|la_despierto|logro_despertarlo|logro_despertarla|podemos_despertarlo|puedo_despertarlo|puedo_despertarla",
		"no lo|la|los|las ~1 puedo|podemos|logro|logramos despertar",
		"inconsciente|inconscientes",
		"no tiene pulso",
		"no ~1 puede|puedo|podemos ~1 mantenerlo|mantenerla mantenerse despierto|despierta",
		"sin pulso",
		"espuma por_la_boca",
		"convulsionando|convulsiona|convulsiones|convulsion",
		"llama|llamen|llamar|llame|llamo|llamamos|marque|marca ~1 al? 911|112|ambulancia|una_ambulancia|emergencias",
		"infarto ~1 ahora",
		"me ~1 esta|estoy ~1 dando ~1 un infarto",
	}},
	// Desesperanza; con risa en la oración es queja ("ya no aguanto a mi jefe jaja").
	{Hopelessness, 2, fSelf | fPostNeg | fJoke, []string{
		"sin esperanza|esperanzas",
		"no tengo ~1 esperanza|esperanzas|fuerzas",
		"perdi|perdido|pierdo|perdiendo|perdiste ~1 la|toda_la esperanza|fe",
		"me ~1 canse|harte|rendi de ~1 luchar|intentar|todo|seguir",
		"nada importa|me_importa|vale_la_pena",
		"no le ~1 veo|encuentro sentido a ~1 nada",
		"me ~1 estoy ahogando|hundiendo",
		"desesperanza|desesperado|desesperada",
		"nada ~1 va_a_cambiar|va_a_mejorar|cambia|cambiara|mejora|mejorara|tiene_sentido",
		"nunca ~2 va_a|voy_a ~1 cambiar|mejorar|salir",
		"para que ~1 seguir|intentar|luchar|sigo",
		"de que sirve",
		"ya no tiene sentido",
		"no tiene sentido ~1 seguir|intentar|luchar|nada",
		"la vida no tiene sentido",
		"me rindo !ante|a",
		"quiero|voy_a ~1 rendirme|tirar_la_toalla",
		"no valgo nada",
		"soy ~1 un|una ~1 fracaso|inutil|basura|desastre",
		"me odio",
		"atrapado|atrapada",
		"no hay salida",
		"sin salida",
		"harto|harta|cansado|cansada de ~1 todo|luchar|intentar",
		"a nadie le importo",
		"me ~1 siento|siento|estoy vacio|vacia|muerto_por_dentro|muerta_por_dentro",
		"no veo|encuentro|hay ~1 salida|la_salida|otra_salida|ninguna_salida",
		"deprimido|deprimida|depresion",
		"nadie me quiere",
		"vacio|vacia por_dentro",
	}},
	{Hopelessness, 3, fSelf | fJoke, []string{
		"no puedo|aguanto|soporto mas",
		"ya no ~1 puedo|aguanto|soporto ~1 mas",
		"ya no aguanto|soporto",
		"no puedo ~1 seguir ~1 asi",
		"soy ~1 una carga",
		"un|una ~1 estorbo",
		"me ~1 quiero|gustaria ~1 desaparecer",
		"quiero|quisiera|ganas_de|deseo_de|necesito desaparecer",
	}},
	// Antojos y ganas de consumir.
	{Craving, 2, fSelf | fPostNeg, []string{
		"ganas|antojo|antojos|ansias|deseo|deseos|urgencia ~2 de ~2 " + esDrugs + " !agua|cafe|te|jugo|refresco|leche",
		"craving|cravings|ansiedad_de_consumir|ansiedad_por_consumir",
		"quiero|necesito|quisiera|me_muero_por ~2 consumir|beber|drogarme|un_trago|una_copa|una_cerveza|un_pase|emborracharme|meterme_algo|ponerme|un_toque|algo_de_alcohol",
		"tentado|tentada|tentacion ~1 de|a ~1 consumir|beber|recaer|tomar|drogarme|llamar",
		"a punto de ~1 recaer|consumir|beber|tomar|drogarme|comprar",
		"pensando ~1 en ~1 consumir|beber|recaer|tomar|drogarme|llamar_a_mi_dealer|mi_dealer|el_dealer|mi_camello",
		"mi ~1 dealer|camello|transa|conecte ~3 me_escribio|me_llamo|me_mando|me_ofrecio|esta_afuera|me_busco",
		"me ~1 escribio|llamo|mando|ofrecio ~1 mi|el ~1 dealer|camello|transa",
		"fui|maneje|pase ~1 a|por|frente_a ~1 la? licoreria|bar|casa_del_dealer|cantina",
		"compre ~1 una ~1 botella|bolsa|grapa",
		"numero|contacto|telefono|whatsapp ~3 dealer|camello|transa",
		"me ~1 pide|pidiendo|exige ~1 droga|drogas|alcohol|un_trago|consumir|beber|tomar|cristal|piedra|coca",
		"afuera|fuera|frente|cerca|enfrente|estacionado|estacionada ~5 dealer|camello|transa|licoreria|cantina|tienda_de_licores",
	}},
	// Consumo reciente, una recaída.
	{RecentUse, 3, fSelf, []string{
		"recai",
		"tuve|he_tenido|tengo ~1 una|un ~1 recaida|desliz|resbalon|tropiezo",
		"me ~1 tome|bebi|eche|meti|tomé ~1 unas|unos|una|varias|varios|muchas|dos|tres|cuatro|cinco|un_par_de ~1 cervezas|cerveza|copas|copa|tragos|chelas|caguamas|shots|tequilas|whiskys|vinos|rayas|pastillas|pases",
		"me ~1 tome|bebi|acabe|termine ~2 botella|botellas|caguama|caguamas|litro|litros",
		"me ~1 puse|pongo ~1 hasta_atras|pedo|peda|borracho|borracha|hasta_las_chanclas|drogado|drogada|bien_pedo|bien_loco|bien_loca|hasta_el_gorro",
		"volvi|volviendo|regrese ~1 a ~1 consumir|beber|tomar|drogarme|fumar|usar|caer|las_drogas|el_alcohol|la_botella",
		"consumi|me_drogue|me_emborrache|me_inyecte",
		"bebi|tome ~1 anoche|ayer|hoy|otra_vez|de_nuevo|alcohol|cerveza|vino|mucho|demasiado|tequila|vodka|ron|whisky",
		"estoy ~1 borracho|borracha|drogado|drogada|pedo|peda|colocado|colocada|hasta_atras|hasta_las_chanclas|crudo|cruda",
		"perdi ~1 mis|mi ~1 dias|fecha|sobriedad|tiempo_limpio|tiempo_sobrio|racha",
		"de_vuelta|otra_vez|volver|vuelvo|volvi|regrese ~2 dia uno|1|cero",
		"me di ~1 un ~1 pase|toque|trago|jalon",
		"fume ~2 crack|piedra|mota|marihuana|cristal|heroina|fentanilo|cocaina",
		"me ~1 fui ~1 de ~1 fiesta ~2 y_consumi|y_bebi",
	}},
	// Situación insegura.
	{UnsafeSituation, 3, 0, []string{
		"no ~1 me ~1 siento ~1 segura|seguro|a_salvo|protegida|protegido !de",
		"no estoy ~1 a_salvo",
		"no estoy ~1 segura|seguro en|con ~1 casa|aqui|el|ella|mi",
		"miedo ~3 de_el|de_ella|de_mi_pareja|de_mi_esposo|de_mi_esposa|de_mi_novio|de_mi_novia|de_volver|de_regresar|por_mi_vida|de_ir_a_casa",
		"me ~1 pega|pego|golpea|golpeo|golpearon|amenaza|amenazo|amenazaron|ahorca|ahorco|empuja|empujo|violo|maltrata|persigue !la|el|un|una|los|las|a|con_la_cancion",
		"amenazo|amenaza|amenazaron ~2 con ~1 matarme|pegarme|lastimarme|hacerme_dano",
		"me ~1 va_a|quiere ~1 pegar|lastimar|hacer_dano",
		"me ~1 echaron|corrieron|sacaron ~1 de ~1 casa|la_casa",
		"no tengo ~1 donde ~1 dormir|quedarme|ir",
		"duermo|durmiendo|dormi|dormire ~1 en ~1 la_calle|el_carro|el_coche|el_auto|un_parque",
		"me ~1 esta|estan|sigue|anda|andan ~1 siguiendo|acosando|persiguiendo",
		"quiere|quieren|va_a|van_a|intento|intentaron|trato matarme|lastimarme|pegarme|golpearme",
		"maltrato|violencia ~1 en ~1 casa",
		"situacion de calle",
		"vivo|vivimos|durmiendo|me_quede|quede|quedarme|terminé|termine en_la_calle",
		"me ~1 grita|gritan|insulta|insultan|humilla|controla|celan|cela !de_emocion",
		"me ~1 encerro|encierra|encerraron|encierran",
		"me ~1 quito|quitaron|escondio ~1 el|mi ~1 telefono|celular|dinero|llaves|documentos",
		"venden|vendiendo|venta|dealers|transas ~3 en ~1 la|mi|nuestra ~1 casa|departamento|cuarto",
		"no tengo ~1 a? donde ~1 ir|dormir|quedarme",
	}},
	// Otra persona en riesgo ahora.
	{Suicidal, 4, 0, []string{
		"se ~1 quiere|va_a|esta_intentando ~1 matar|suicidar",
		"quiere|va_a|amenaza_con|esta_pensando_en ~1 matarse|suicidarse|quitarse_la_vida",
	}},
	// Otra persona estuvo en riesgo.
	{Suicidal, 3, 0, []string{
		"se ~1 quiso|intento ~1 matar|suicidar",
		"intento|quiso|amenazo_con ~1 matarse|suicidarse|quitarse_la_vida",
	}},
}

var markersES = []markerSet{
	{kPast, []string{
		"hace <num>? anos|meses|ano|mes|tiempo|decadas",
		"hace mucho ~1 tiempo?",
		"solia|solias|solian|solíamos",
		"antes !de|que",
		"en_aquel|en_ese entonces|tiempo",
		"en esa epoca",
		"en aquella epoca",
		"cuando ~1 consumia|bebia|tomaba|era|estaba|vivia|me_drogaba|andaba ~2 en_consumo|joven|adolescente|nino|nina|chavo|chava|activo|activa|mal|en_la_calle|en_la_calle",
		"cuando consumia|bebia|tomaba|me_drogaba",
		"de joven|nino|nina|adolescente",
		"el ano_pasado|verano_pasado|invierno_pasado",
		"en|en_el ano? <year>",
		"en mis peores ~1 momentos|tiempos|dias",
		"en mi ~1 peor momento|epoca",
		"mi primer|primera ~1 ano|intento|anos|recaida",
		"recuerdo|recuerdas|me_acuerdo|me_acuerdo_de|recordando ~2 cuando|la_noche|el_dia|la_vez",
		"en ~1 mi ~1 historia",
		"funeral|velorio|aniversario|descanse_en_paz|qepd",
	}},
	{kPresent, []string{
		"hoy|todavia|aun|sigo|sigue|ultimamente|actualmente|otra_vez|de_nuevo|ya|ahorita",
		"esta noche|semana|manana|tarde",
		"estos dias",
		"en este momento",
	}},
	{kContrast, []string{
		"pero|ahora|ahorita|sin_embargo|aunque|igual",
	}},
	{kRecent, []string{
		"anoche|ayer|antier|anteayer",
		"la_semana|el_fin_de_semana pasada|pasado",
		"esta manana|tarde",
		"hace ~1 unas? horas|rato|dias",
	}},
	{kTopic, []string{
		"hablo|hablaron|hablamos|hablo_de|platico|platicamos|compartio|compartieron|conto ~1 de|sobre|acerca",
		"tema|temas|articulo|articulos|podcast|documental|taller|capacitacion|curso|clase|seminario|estudio|estudios|investigacion|estadisticas|informe|reporte|libro|pelicula|serie|episodio|cancion|noticia|noticias|video|presentacion|charla|conferencia|folleto",
		"prevencion|concientizacion|tasas|tasa|epidemia|linea_de_crisis|linea_de_ayuda",
		"senales|sintomas de",
		"senales de alerta",
		"como ~1 usar|aplicar|reconocer|actuar|prevenir|ayudar",
		"que hacer ~1 si|cuando",
		"aprendi|aprendimos|aprender|ensenaron|ensenan|explicaron|leimos|lei_un|lei_sobre|vimos_un|vimos_una",
		"si ~3 alguien|una_persona|un_amigo|una_amiga|tu|usted|ustedes|la_persona|el_paciente",
		"si ves|notas|encuentras|ven|vemos",
		"si ~1 sientes|tienes|te_dan|te_vienen|andas|estas|quieres|necesitas|te_sientes",
		"cuando alguien",
		"alguien|gente|personas|quienes|los|las que",
		"compartio|conto|dijo|dice que ~1 antes|antes_de",
		"es normal|comun",
		"por ejemplo",
		"el|la personaje|protagonista",
		"alguna vez",
	}},
	{kIdiom, []string{
		"me muero ~1 de ~1 ganas|risa|hambre|sueno|calor|frio|verguenza|pena|envidia|amor|ternura|aburrimiento|miedo|nervios|emocion",
		"morir|morirme|muero|muriendo ~1 de ~1 risa|verguenza|hambre|sueno|calor|frio|envidia|amor|ternura|aburrimiento|ganas|nervios|emocion",
		"muero|moria|muriendo por ~1 verte|verlos|verlas|conocer|saber|ir|ser|tener|comer",
		"me mata|matan|mato|esta_matando|estan_matando ~2 el|la|los|las|este|esta|de|trafico|calor|trabajo|espalda|cabeza|tarea",
		"me estas|estan matando",
		"ganas ~2 de ~1 tomar ~1 agua|cafe|te|jugo|un_cafe|un_te|aire|un_descanso|una_siesta",
		"tome ~1 agua|cafe|te|jugo|un_cafe",
		"tomar|beber|tomarme|tomarnos|tomo|tome|tomamos|tomaron ~2 agua|cafe|un_cafe|te|un_te|jugo|refresco|leche|atole|chocolate|cafecito|un_taxi|el_camion|el_metro|el_bus|una_foto|fotos|nota|apuntes|el_sol|aire|un_descanso|una_siesta|en_cuenta|la_palabra|la_decision|un_curso|clases|terapia|tiempo|mucho_tiempo|rato|valor",
		"tome|me_tome mi_medicina|mis_medicinas|mis_pastillas|la_pastilla",
		"pastillas|medicina|medicinas ~2 de_la_presion|para_la_presion|para_dormir_que_me_receto|del_doctor|de_la_manana|como_me_dijo",
		"no aguanto|soporto ~1 el|la|los|las? ~1 sueno|hambre|calor|frio|pies|cabeza|risa|espalda|panza|trafico",
		"no aguanto|soporto a ~1 mi|mis|la|el|los|las|este|esta|ese|esa|tu|su|nadie|mi_jefe|mi_suegra",
		"desaparecer ~1 del|de_las|de_la|de_los|un|unos|por_un|por_unos ~1 celular|redes|internet|mapa|rato|dias|tiempo|fin|trabajo|grupo|chat|semana",
		"cuerda|soga ~3 para ~1 tender|la_ropa|el_tendedero|acampar|la_tienda|escalar|saltar",
		"no responde|contesta ~2 mensajes|el_telefono|llamadas|whatsapp|el_cel|el_celular|mis_mensajes|mis_llamadas",
		"me pego|pega ~1 la|el|un|una ~1 gripa|gripe|virus|resfriado|sol|chicle|cancion",
		"antojo|antojos ~2 de ~1 tacos|pizza|chocolate|dulce|dulces|helado|pan|cafe|comida|pastel|galletas",
		"atrapado|atrapada ~2 en_el_trafico|en_el_trabajo|en_el_elevador|en_la_lluvia",
		"estoy muerto|muerta de ~1 cansancio|sueno|hambre|risa",
		"muerto|muerta de ~1 cansancio|sueno|hambre|risa",
		"me corte ~1 el ~1 pelo|dedo",
		"no puedo mas ~1 de ~1 risa|felicidad",
		"despierta ~1 temprano|a_tiempo|tarde",
		"acabar con todo ~1 el ~1 trabajo|pendiente",
		"matar|matarme|mato de ~1 risa|hambre|sueno",
		"me voy a matar ~1 estudiando|trabajando|de",
		"ese|esa|este|el|la|los|las|tu|su|aquel|aquella ~1 examen|chiste|video|meme|trabajo|tarea|entrenamiento|partido|comentario|pelicula|clase|dia|jefe|rutina|gym|calor|trafico|viaje|cara|foto|cancion|final|capitulo|episodio ~1 me mato|mataron|mata|matan",
		"morado|morada|azul|azules|rojo|roja ~2 de|del ~1 risa|tanto|frio|coraje|verguenza",
		"no me despierta",
		"no tengo ganas de nada",
		"me ~1 podria|puedo|voy_a morir ~3 aqui_mismo|de|jaja|jajaja",
		"tirar|tirarme|aventar|aventarme ~2 la_cama|a_la_cama|en_la_cama|al_sillon|en_el_sillon|a_dormir|un_rato|la_siesta|al_agua|a_la_alberca|a_la_piscina",
	}},
	{kFarewell, []string{
		"nos vemos",
		"les escribo|cuento ~1 luego|manana|despues|al_rato",
		"hasta ~1 manana|luego|pronto|la_proxima|el|la",
		"buenas noches",
		"un abrazo",
		"me voy a dormir",
		"me mudo|cambio",
		"de vacaciones|viaje",
		"cuidense",
	}},
}

// markersShared hold words both languages use the same way.
var markersShared = []markerSet{
	{kLaugh, []string{
		"jaja*|jeje*|jiji*|haha*|hehe*|lol|lool|lmao|lmfao|rofl|xd|jsjs*|jk",
	}},
	{kSorry, []string{
		"sorry|forgive|perdon|perdonen|perdoname|perdonenme|disculpen|lo_siento ~2 everyone|everybody|all|guys|yall|a_todos|todos|me|for_everything|por_todo",
		"im_sorry|lo_siento|perdon|perdonen|perdonenme",
		"sorry",
	}},
	{kLove, []string{
		"love you|yall|u ~1 all|guys|everyone",
		"love you|u|yall",
		"los|las|les|te quiero|amo",
		"los|las|te quiero|amo mucho",
	}},
	{kBye, []string{
		"bye|goodbye|adios|byebye",
	}},
}

var lexiconES = lexicon{
	negators:    []string{"no", "nunca", "jamas", "tampoco", "ni", "nadita", "sin"},
	negStops:    []string{"y", "pero", "o", "porque", "aunque", "entonces", "pues", "cuando", "si", "que", "despues", "mientras"},
	intensifier: []string{"dejar", "parar", "dejo", "paro", "se", "miento", "aguanto", "soporto"},
	others: []string{"ella", "ellos", "ellas", "amigo", "amiga", "hijo", "hija", "hermano",
		"hermana", "mama", "papa", "madre", "padre", "esposo", "esposa", "marido", "pareja", "novio",
		"novia", "padrino", "madrina", "ahijado", "ahijada", "primo", "prima", "companero",
		"companera", "vecino", "vecina", "alguien", "tio", "tia", "tu", "usted", "ustedes", "gente",
		"personas"},
	firstPerson: []string{"yo"},
	resolved: []string{"pasaron", "paso", "pasando", "mejor", "menos", "menores", "bajaron",
		"bajando", "controladas", "controlados", "control", "desaparecieron", "calmaron", "calmado",
		"calmada", "se_fueron", "pasan", "pasa"},
	pastVerbs: []string{"queria", "sentia", "pensaba", "intente", "estaba", "tenia", "deseaba",
		"podia", "quise", "pense", "estuve", "senti", "hice", "era", "fue", "crei", "creia"},
	copes: []string{"ayuda", "ayudan", "ayudando", "ayudo", "agradecido", "agradecida", "pasan",
		"pasa", "mejor", "bien"},
}

// Spanish cues: weak alone, strong together (see combine).
var cuesES = []cueRule{
	{Suicidal, 0, fSelf, []string{
		"hoy|esta_noche|manana ~1 es|sera ~1 la_noche|el_dia <end>",
		"hoy|esta_noche|manana ~1 es|sera ~1 el ~1 ultimo|ultima ~1 dia|noche <end>",
		"lo ~1 voy_a|pienso|vo_a ~1 hacer ~1 hoy|esta_noche|ya|manana? <end>",
		"voy_a_hacerlo|pienso_hacerlo ~1 hoy|esta_noche|ya? <end>",
		"ya ~1 lo? ~1 decidi",
		"ya_tome_la_decision|ya_esta_decidido|no_hay_vuelta_atras|no_hay_marcha_atras",
		"hoy|esta_noche ~1 se ~1 acaba|termina",
		"se ~1 acaba|termina ~1 todo? ~1 hoy|esta_noche",
		"ya es hora <end>",
		"pensando|pienso|planeando|planeo ~2 como|cuando|donde ~1 hacerlo|lo_voy_a_hacer|lo_hago|lo_haria <end>",
	}, cDecide},
	{Suicidal, 0, fSelf | fJoke, []string{
		"hasta ~1 aqui ~1 llegue|llego|llegamos",
		"ya ~1 estuvo|fue <end>",
		"ya no mas <end>",
	}, cDone},
	{Suicidal, 0, fSelf, []string{
		"me ~1 quiero|voy_a ~1 ir <end>",
		"quiero|ya_quiero irme <end>",
		"quiero|ya_quiero ~1 descansar <end>",
	}, cFinal},
	{Suicidal, 0, fSelf, []string{
		"conte|contando|juntando|acomode|tengo_contadas|tengo_juntadas ~3 " + esPills,
		"escribi|escribiendo|escribir|deje|dejando|grabe|grabando|hice|termine ~4 carta|cartas|nota|notas|mensaje|mensajes|video|videos ~3 para|a ~1 mis|mi ~1 hijos|hijas|hijo|hija|familia|mama|papa|padres|esposo|esposa|pareja|hermanos|nietos",
		"carta|cartas ~3 a|para ~1 mis|mi ~1 hijos|hijas|hijo|hija|familia|mama|papa|padres|esposo|esposa|pareja|hermanos|nietos",
	}, cMeans},
	{Suicidal, 0, fSelf, []string{
		"estoy|parado|parada|sentado|sentada|aqui|arriba ~3 en|arriba_de|encima_de|sobre|al_borde_de|en_la_orilla_de ~2 el|la|del|de_la? puente|azotea|techo|cornisa|vias|barranco|acantilado|borde|edificio|balcon|orilla",
	}, cPlace},
	{Suicidal, 0, fSelf, []string{
		"saltar|brincar|aventarme|tirarme|lanzarme|dejarme_caer",
	}, cJump},
	{Suicidal, 0, 0, []string{
		"son|seran|deben_ser|alcanzan|alcanza|es|sera ~1 suficientes|suficiente|bastantes <end>",
		"por si ~2 me_pasa_algo|algo_me_pasa|me_llega_a_pasar_algo|no_estoy|ya_no_estoy|no_regreso|no_despierto|no_vuelvo",
	}, cEnough},
	{Overdose, 0, fNoStory, []string{
		"se ~1 metio|inyecto|tomo|trago|fumo|pico|puso|metieron|tomaron|inyectaron ~3 " + esAnySub,
		"tomo|tome|bebio|bebi|tomaron|tomaste ~1 mucho|demasiado|bastante|un_monton|de_mas",
		"mezclo|mezcle|mezclando|mezclaron|combino|combine ~4 " + esAnySub,
		"despues de ~1 consumir|meterse|inyectarse|tomar|fumar|drogarse|meterse_algo",
	}, cIntake},
	{Overdose, 0, fJoke | fNoStory, []string{
		"corazon ~3 late|acelerado|a_mil|rapidisimo|muy_rapido|se_me_sale|duele|latiendo",
		"pecho ~3 duele|apretado|dolor|presion|aprieta",
		"no ~1 puedo ~1 respirar",
		"me ~1 falta ~1 el_aire|aire",
		"me ~1 voy_a|siento_que_me_voy_a|siento_que_me_voy ~1 a? ~1 desmayar|morir",
		"no siento ~2 las? ~1 piernas|brazos|cuerpo|labios|manos|cara",
		"todo ~1 me ~1 da_vueltas",
		"labios|manos|cara|lengua ~2 entumid*|dormid*",
		"se ~1 me ~1 cierran ~1 los? ~1 ojos",
		"me ~1 estoy|sigo ~1 desmayando|apagando|quedando_inconsciente|quedando_dormido|quedando_dormida",
		"no ~1 puedo ~1 mantener|tener ~1 los_ojos_abiertos|la_cabeza_arriba|despierto|despierta",
	}, cBodySelf},
	{MedicalEmergency, 0, fJoke | fNoStory, []string{
		"palido|palida|sin_moverse|no_se_mueve|desmayado|desmayada|se_desmayo|inconsciente|ronca_raro|roncando_raro|babeando",
		"lo|la ~1 siento|noto ~1 muy? ~1 frio|fria|helado|helada",
		"se_puso|se_esta_poniendo|esta_poniendo ~1 frio|fria|helado|helada",
		"frio|fria|helado|helada y ~1 palido|palida|morado|morada|no",
		"ojos ~1 en_blanco|volteados",
	}, cOtherStrong},
	{MedicalEmergency, 0, fJoke | fNoStory, []string{
		"vomitando|sangre|sangrando|temblando|sudando|roncando|balbucea|tirado|tirada",
		"se ~1 pego ~1 en ~1 la ~1 cabeza",
		"se cayo|desplomo",
	}, cOtherWeak},
	{MedicalEmergency, 0, fJoke | fNoStory, []string{
		"no|ya_no contesta|responde|reacciona",
	}, cUnresp},
	{MedicalEmergency, 0, fNoPast, []string{
		"ayuda|ayudenme|auxilio|ambulancia|urgente",
	}, cUrgent},
	{Suicidal, 0, 0, []string{
		"gracias ~1 por ~1 todo",
		"gracias a ~1 todos|todas",
	}, cThanks},
	// Toda la provisión tomada, no una dosis: débil sola, crisis a
	// propósito o con una despedida (combine).
	{Overdose, 0, fSelf | fNoStory, []string{
		"tome|meti|inyecte|fume|trague|bebi|puse|esnife|jale|consumi ~2 todo_lo_que|todas_las_que|todos_los_que|lo_que ~2 tenia|quedaba|me_quedaba|habia|compre|guardaba|junte|me_recetaron",
		"tome|meti|inyecte|fume|trague|bebi|puse|esnife|jale|consumi ~2 todo|toda|entero|entera ~2 el|la|mi ~1 frasco|bote|bolsa|caja|paquete|tira|receta|guardado",
		"tome|meti|inyecte|fume|trague|bebi|puse|esnife|jale|consumi ~4 el_resto|lo_que_quedaba|lo_ultimo|lo_que_me_quedaba ~1 de|del|de_la|de_las|de_los|de_mi|de_mis ~1 " + esAnySub,
		"tome|meti|inyecte|fume|trague|bebi|puse|esnife|jale|consumi ~2 todas_las|todos_los ~1 " + esPills,
		"tome|meti|inyecte|fume|trague|bebi|consumi ~2 todo <end>",
	}, cAll},
	{Suicidal, 0, 0, []string{
		"a_proposito|aproposito|adrede|a_conciencia|queriendo",
	}, cPurpose},
	{Suicidal, 0, 0, []string{
		"manana ~1 temprano|en_la_manana|por_la_manana|al_amanecer|en_la_noche|por_la_noche|a_primera_hora",
		"cuando|en_cuanto|apenas ~1 oscurezca|anochezca|se_haga_de_noche|caiga_la_noche|amanezca",
		"al ~1 anochecer|amanecer|oscurecer",
		"a|de ~1 medianoche|madrugada",
		"vuelvo|regreso|voy|ire ~3 esta_noche|manana|en_la_noche|mas_tarde",
	}, cWhen},
	// Peligro de otra persona ahora (combine): cada uno es débil solo
	// ("mi jefe me va a matar si llego tarde", "me encerró afuera"), una
	// crisis junto a otro.
	{UnsafeSituation, 0, fJoke | fNoStory, []string{
		"dice|dijo|diciendo|grita|gritando|jura|juro|amenaza|amenazo|amenazando|escribio|me_escribio|me_dijo|me_grita|me_grito ~2 que ~4 me ~1 va|van ~1 a ~1 matar|ahorcar|apunalar|disparar|acabar|desaparecer",
		"dice|dijo|diciendo|grita|gritando|jura|juro|amenaza|amenazo|me_dijo|me_grita ~2 que ~4 me mata|matara|mataria",
		"amenaza|amenazo|amenazando|amenazaba|amenazado ~3 con ~1 matarme|ahorcarme|apunalarme|dispararme|acabar_conmigo|desaparecerme",
		"me ~1 va|van|quiere|quieren ~1 a? ~1 matar|ahorcar|apunalar|disparar",
		"me ~1 mata|matan esta_noche|hoy|ahorita",
	}, cThreat},
	{UnsafeSituation, 0, fJoke | fNoStory, []string{
		"me ~1 esta|estan|sigue|siguen ~1 amenazando ~4 matarme|cuchillo|pistola|arma|navaja|machete|muerte|matar",
		"me ~1 esta|estan|apunta|apunto|apuntando ~3 con ~1 la|una|el|un|su ~1 pistola|arma|escopeta|cuchillo|navaja|rifle",
	}, cThreat | cHere},
	{UnsafeSituation, 0, fJoke | fNoStory, []string{
		"me ~1 tiene|tienen ~1 encerrada|encerrado|encerradas|encerrados|secuestrada|secuestrado|amarrada|amarrado",
		"me ~1 encerro|encerraron|encierra|encierran|dejo_encerrada|dejo_encerrado|dejaron_encerrada|dejaron_encerrado",
		"no ~1 me ~1 deja|dejan|quiere_dejar ~1 salir|irme|salir_de",
		"sin ~1 poder ~1 salir|irme",
		"cerro|cerraron|tranco|atranco ~1 la|las ~1 puerta|puertas",
		"tapando|bloqueando|tapa|bloquea ~2 la ~1 puerta|salida",
	}, cHeld},
	{UnsafeSituation, 0, fJoke | fNoStory, []string{
		"me ~1 esta|estan|sigue|siguen ~1 golpeando|pegando|apunalando|arrastrando|cacheteando|madreando !el|la|los|las|un|una|fuerte_el|fuerte_la",
	}, cHurting},
	{UnsafeSituation, 0, fJoke | fNoStory, []string{
		"me ~1 ahorco|ahorca|ahorcaba|estrangulo|estrangula|estrangulaba",
		"me ~1 esta|estaba|estan|estaban ~1 ahorcando|estrangulando",
		"me ~1 apreto|agarro|apretaba|agarra|aprieta|agarraba ~1 el|del ~1 cuello",
		"hasta ~1 que ~1 me ~1 desmaye|desmayara|quede_sin_aire",
	}, cChoke},
	{UnsafeSituation, 0, fJoke | fNoStory, []string{
		"tiene|trae|saco|agarro|agarra|fue_por|fue_a_buscar|esta_con|anda_con ~1 un|una|el|la|su ~1 cuchillo|pistola|arma|navaja|machete|escopeta|rifle|fierro|cuchilla",
	}, cArmed},
	{UnsafeSituation, 0, fNoStory, []string{
		"ahorita|ahora_mismo|en_este_momento|ahorita_mismo",
		"sigue|esta|anda ~1 aqui|aca|en_la_casa|afuera|en_la_sala|en_el_cuarto",
		"ya ~1 viene|llega|esta_llegando|va_a_llegar|viene_para",
		"viene ~1 para|pa|hacia ~2 aca|aqui|la_casa|mi_casa|aca",
		"esta|anda|sigue ~1 borracho|borracha|tomando|drogado|drogada|bebiendo ~1 ahorita|ahora|ahora_mismo",
		"escondida|escondido|escondidas|escondidos ~3 en ~2 bano|cuarto|closet|ropero",
		"escribo|escribiendo ~3 escondida|escondido|a_escondidas|desde_el_bano|desde_el_closet",
	}, cHere},
	{UnsafeSituation, 0, fNoStory, []string{
		"miedo|temo ~3 que ~1 me ~1 mate|pegue|lastime|haga_dano|ahorque|golpee|mata",
		"miedo|temo ~2 por ~1 mi ~1 vida",
	}, cFearHurt},
	// Quien escribe se tira desde una altura, o nombra una sin barandal:
	// un lugar junto al cPlace de arriba ("voy al puente" es un mandado).
	{Suicidal, 0, fSelf, []string{
		"me_tiro|me_aviento|me_lanzo|me_dejo_caer|tirarme|aventarme|lanzarme|dejarme_caer ~1 del|de|desde ~2 el|la? ~2 puente|azotea|cornisa|barranco|acantilado|presa|edificio|techo",
		"puente|azotea|cornisa|barranco|acantilado|presa ~6 sin|no_tiene|no_hay ~1 barandal|baranda|barandilla|reja|rejas|proteccion|valla",
	}, cPlace},
}
