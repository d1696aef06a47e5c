package safety

import (
	"slices"
	"strings"
	"testing"
)

func TestClassify(t *testing.T) {
	tests := []struct {
		name     string
		text     string
		lang     string
		want     Level
		cat      Category // must be among the categories when set
		overdose bool
	}{
		// Negation and distance.
		{"neg not going to", "I'm not going to hurt myself", "en", None, "", false},
		{"neg would never", "I would never kill myself", "en", None, "", false},
		{"neg dont want to die", "I don't want to die, I want the pain to stop", "en", None, "", false},
		{"neg not suicidal", "I'm not suicidal, just really tired tonight", "en", None, "", false},
		{"neg es no voy", "no voy a hacerme daño", "es", None, "", false},
		{"neg es nunca", "nunca me voy a matar, tengo a mis hijos", "es", None, "", false},
		{"neg no cravings", "No cravings today, first time in weeks", "en", None, "", false},
		{"emphatic cant stop", "I can't stop thinking about killing myself", "en", Crisis, Suicidal, false},
		{"emphatic es no puedo dejar", "no puedo dejar de pensar en matarme", "es", Crisis, Suicidal, false},
		{"negation does not cross subject", "I don't know, I just want to die", "en", Crisis, Suicidal, false},

		// Past tense and recovery stories.
		{"past en", "two years ago I wanted to die; today I'm grateful", "en", None, "", false},
		{"past en used to", "I used to cut myself when I was drinking", "en", None, "", false},
		{"past en story but now", "I felt hopeless for years, but now I have hope", "en", None, "", false},
		{"past es", "hace dos años quería morir, hoy estoy agradecida", "es", None, "", false},
		{"past es cuando consumia", "cuando consumía tuve una sobredosis", "es", None, "", false},
		{"past then present", "A year ago I got clean but tonight I want to die", "en", Crisis, Suicidal, false},

		// Talk about other people or topics.
		{"topic sponsor", "my sponsor talked about suicide prevention at the meeting", "en", None, "", false},
		{"topic article", "the article on overdose rates was scary", "en", None, "", false},
		{"topic training", "Narcan training tonight: if someone is not breathing, call 911 and give naloxone", "en", None, "", false},
		{"topic es", "en el taller hablaron de la prevención del suicidio", "es", None, "", false},
		{"other relapsed", "my sponsee relapsed, I'm trying to be there for her", "en", None, "", false},

		// A present emergency about someone else is a crisis.
		{"od not breathing", "he's not breathing", "en", Crisis, MedicalEmergency, true},
		{"od turning blue", "she's turning blue", "en", Crisis, MedicalEmergency, true},
		{"od friend", "my friend overdosed and won't wake up", "en", Crisis, Overdose, true},
		{"od es no respira", "no respira", "es", Crisis, MedicalEmergency, true},
		{"od es azul", "se está poniendo azul", "es", Crisis, MedicalEmergency, true},
		{"od es sobredosis", "creo que mi hermano tiene una sobredosis, no despierta", "es", Crisis, Overdose, true},

		// Idioms.
		{"idiom commute", "this commute is killing me", "en", None, "", false},
		{"idiom coffee", "I'd kill for a coffee", "en", None, "", false},
		{"idiom dying to", "dying to see you all", "en", None, "", false},
		{"idiom es ganas", "me muero de ganas de verte", "es", None, "", false},
		{"idiom es trafico", "me mata el tráfico", "es", None, "", false},
		{"idiom pizza", "craving pizza so bad lol", "en", None, "", false},

		// Indirect signals.
		{"indirect better off", "everyone would be better off without me", "en", Crisis, Suicidal, false},
		{"indirect pills", "I've been saving up my pills", "en", Crisis, Suicidal, false},
		{"indirect goodbye", "saying goodbye to you all", "en", Crisis, Suicidal, false},
		{"indirect giving away", "giving away my things this week", "en", Crisis, Suicidal, false},
		{"indirect es mejor sin mi", "todos estarían mejor sin mí", "es", Crisis, Suicidal, false},
		{"indirect es pastillas", "he estado guardando pastillas", "es", Crisis, Suicidal, false},
		{"indirect es despido", "me despido de todos", "es", Crisis, Suicidal, false},
		{"farewell everyday", "saying goodbye to everyone for now, see you Thursday!", "en", None, "", false},

		// Concern.
		{"concern hopeless", "I feel hopeless, nothing will ever change", "en", Concern, Hopelessness, false},
		{"concern cravings", "cravings are so strong today I can barely stand it", "en", Concern, Craving, false},
		{"concern used", "I used last night", "en", Concern, RecentUse, false},
		{"concern relapsed", "I relapsed yesterday", "en", Concern, RecentUse, false},
		{"concern es ganas", "tengo muchas ganas de consumir", "es", Concern, Craving, false},
		{"concern es recai", "recaí anoche", "es", Concern, RecentUse, false},
		{"concern unsafe", "I don't feel safe at home", "en", Concern, UnsafeSituation, false},
		{"concern es unsafe", "no me siento segura en mi casa", "es", Concern, UnsafeSituation, false},
		{"cravings passed", "the cravings are gone now, thank god", "en", None, "", false},

		// Obfuscation and mixed language.
		{"leet", "I want to k1ll mys3lf", "en", Crisis, Suicidal, false},
		{"zero width", "kill\u200b my\u200dself", "en", Crisis, Suicidal, false},
		{"cyrillic", "i wаnt tо diе", "en", Crisis, Suicidal, false},
		{"stretched", "i just wanna diiiiie", "en", Crisis, Suicidal, false},
		{"fullwidth", "ｋｉｌｌ ｍｙｓｅｌｆ", "", Crisis, Suicidal, false},
		{"emoji", "😭😭 i relapsed 💔", "", Concern, RecentUse, false},
		{"mixed", "hoy I just want to die, no puedo más", "", Crisis, Suicidal, false},
		{"mixed es in en", "I relapsed anoche y tengo miedo", "en", Concern, RecentUse, false},
		{"lang unknown", "quiero morir", "xx", Crisis, Suicidal, false},
		{"accentless", "todos estarian mejor sin mi", "es", Crisis, Suicidal, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Classify(tt.text, tt.lang)
			if got.Level != tt.want {
				t.Fatalf("Classify(%q) level = %s, want %s (categories %v, evidence %q)", tt.text, got.Level, tt.want, got.Categories, got.Evidence)
			}
			if tt.cat != "" && !slices.Contains(got.Categories, tt.cat) {
				t.Errorf("Classify(%q) categories = %v, want %s among them", tt.text, got.Categories, tt.cat)
			}
			if got.Overdose != tt.overdose {
				t.Errorf("Classify(%q) overdose = %v, want %v", tt.text, got.Overdose, tt.overdose)
			}
			checkResult(t, got)
		})
	}
}

// checkResult checks the invariants every result keeps.
func checkResult(t *testing.T, r Result) {
	t.Helper()
	if r.Categories == nil || r.Evidence == nil {
		t.Errorf("nil slice in %+v", r)
	}
	if !slices.IsSorted(r.Categories) || len(slices.Compact(slices.Clone(r.Categories))) != len(r.Categories) {
		t.Errorf("categories not sorted and unique: %v", r.Categories)
	}
	if Rank(r) != r.Severity {
		t.Errorf("Rank = %d, Severity = %d", Rank(r), r.Severity)
	}
	switch r.Level {
	case None:
		if r.Severity != 0 || len(r.Categories) != 0 || r.Overdose {
			t.Errorf("none result carries findings: %+v", r)
		}
	case Concern:
		if r.Severity < 1 || r.Severity > 3 || len(r.Categories) == 0 || len(r.Evidence) == 0 {
			t.Errorf("bad concern result: %+v", r)
		}
	case Crisis:
		if r.Severity < 4 || r.Severity > 5 || len(r.Categories) == 0 || len(r.Evidence) == 0 {
			t.Errorf("bad crisis result: %+v", r)
		}
	default:
		t.Errorf("unknown level %q", r.Level)
	}
}

func TestSeverityRanksCrisisAboveConcern(t *testing.T) {
	crisis := Classify("he's not breathing, please help", "en")
	concern := Classify("cravings are bad today", "en")
	none := Classify("see you all at the meeting", "en")
	if !(Rank(crisis) > Rank(concern) && Rank(concern) > Rank(none)) {
		t.Fatalf("ranks crisis %d, concern %d, none %d: want strictly decreasing", Rank(crisis), Rank(concern), Rank(none))
	}
	if len(crisis.Evidence) == 0 || !strings.Contains(strings.Join(crisis.Evidence, "|"), "breathing") {
		t.Errorf("crisis evidence = %q, want the matched phrase", crisis.Evidence)
	}
}

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Hello", "hello"},
		{"mí", "mi"},
		{"RECAÍ ANOCHE", "recai anoche"},
		{"año", "ano"},
		{"ki\u200bll my\u00adself", "kill myself"},
		{"\ufeffhi\u2060", "hi"},
		{"ｋｉｌｌ", "kill"},
		{"Ꭰ", "ꭰ"},               // Cherokee lowers; it is not folded
		{"раssеd", "passed"},     // Cyrillic р, а, е
		{"οverdοse", "overdose"}, // Greek omicron
	}
	for _, tt := range tests {
		if got := normalize(tt.in); got != tt.want {
			t.Errorf("normalize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestTokenize(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"I don't want to d1e", []string{"i", "dont", "want", "to", "die"}},
		{"k1ll mys3lf", []string{"kill", "myself"}},
		{"$uicide", []string{"suicide"}},
		{"at 4am I took 30mg", []string{"at", "4am", "i", "took", "30mg"}},
		{"2 years ago", []string{"2", "years", "ago"}},
		{"he's OD'd", []string{"hes", "odd"}},
		{"soooo tiiiired", []string{"soo", "tiired"}},
		{"self-harm", []string{"self", "harm"}},
		{"😭 help 😭", []string{"xxcry", "help", "xxcry"}}, // emoji of a class are words (TestEmojiAreWords)
		{"🐠 help 🦅", []string{"help"}},
		{"@maria hi", []string{"maria", "hi"}},
	}
	for _, tt := range tests {
		toks := tokenize(normalize(tt.in))
		var got []string
		for _, tk := range toks {
			got = append(got, tk.s)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("tokenize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	toks := tokenize("diiiiie")
	if toks[0].s != "diie" || toks[0].alt != "die" {
		t.Errorf("stretched word = %+v, want s=diie alt=die", toks[0])
	}
	toks = tokenize("one. two, three")
	if toks[0].sent == toks[1].sent || toks[1].sent != toks[2].sent || toks[1].clause == toks[2].clause {
		t.Errorf("boundaries wrong: %+v", toks)
	}
}

func TestEmptyInput(t *testing.T) {
	for _, in := range []string{"", "   ", "\n\t", "😀😀", "...", "\u200b\u200b"} {
		got := Classify(in, "")
		if got.Level != None {
			t.Errorf("Classify(%q) = %s, want none", in, got.Level)
		}
		checkResult(t, got)
	}
}

func TestHugeInput(t *testing.T) {
	chunk := "Went to a meeting today and it helped. Coffee was awful lol, see you all Thursday! 😀 "
	var b strings.Builder
	for b.Len() < 1<<20 {
		b.WriteString(chunk)
	}
	quiet := b.String()
	got := Classify(quiet, "en")
	if got.Level != None {
		t.Errorf("1 MB of ordinary chat = %s %v", got.Level, got.Evidence)
	}
	checkResult(t, got)
	// A crisis at the very end of a long message must still be seen.
	got = Classify(quiet+"I want to die.", "en")
	if got.Level != Crisis {
		t.Errorf("crisis after 1 MB = %s, want crisis", got.Level)
	}
	// One enormous clause with no punctuation, and one stretched word.
	got = Classify(strings.Repeat("not ", 1<<18)+strings.Repeat("a", 1<<20), "")
	checkResult(t, got)
	// That it is linear in length, not quadratic, is measured by
	// BenchmarkCheckLength and BenchmarkClassify1MB, not by a clock here.
}

func TestInvalidUTF8(t *testing.T) {
	got := Classify("i want to \xff\xfe die", "en")
	checkResult(t, got)
	if got.Level != Crisis {
		t.Errorf("invalid bytes hid the message: %s", got.Level)
	}
}

func TestClassifyConcurrent(t *testing.T) {
	texts := []string{"he's not breathing", "recaí anoche", "see you thursday", "I want to die"}
	want := make([]Level, len(texts))
	for i, s := range texts {
		want[i] = Classify(s, "").Level
	}
	done := make(chan bool)
	for g := 0; g < 8; g++ {
		go func() {
			ok := true
			for n := 0; n < 200; n++ {
				for i, s := range texts {
					ok = ok && Classify(s, "").Level == want[i]
				}
			}
			done <- ok
		}()
	}
	for g := 0; g < 8; g++ {
		if !<-done {
			t.Error("concurrent Classify gave a different answer")
		}
	}
}

func TestGeneralization(t *testing.T) {
	tests := []struct {
		name string
		text string
		want Level
		cat  Category // must be among the categories when set
	}{
		// Cues alone are nothing; together they are a crisis.
		{"done alone", "I'm done.", None, ""},
		{"done with a task", "I'm done with my 4th step!!!", None, ""},
		{"done + goodbye", "im done. goodbye", Crisis, Suicidal},
		{"decision alone", "tonight is the night", None, ""},
		{"decision + thanks", "tonight I'm going to finally do it. thank you all", Crisis, Suicidal},
		{"height alone", "I'm on the bridge, stuck in traffic", None, ""},
		{"height + jump", "estoy sentada en la azotea pensando en saltar", Crisis, Suicidal},
		{"intake alone", "I had a few beers at the bbq", Concern, RecentUse},
		{"intake + body", "mixed xanax and vodka and my heart is going crazy", Crisis, Overdose},
		{"intake + unresponsive es", "mi papá mezcló pastillas con alcohol y ya no contesta", Crisis, Overdose},
		{"three signs", "he fell and hit his head, theres blood and hes not answering me", Crisis, MedicalEmergency},
		{"one sign", "he fell and hit his head", None, ""},

		// Word lists reach new wording.
		{"gone verbs", "honestly everyone would be relieved if i just vanished", Crisis, Suicidal},
		{"means at hand", "loaded my dads gun and im just sitting here with it", Crisis, Suicidal},
		{"self-harm body", "carved into my leg again tonight", Crisis, SelfHarm},
		{"craving obsession", "all i can think about is a drink", Concern, Craving},
		{"one won't hurt", "one drink cant hurt right?", Concern, Craving},
		{"es height list", "me voy a tirar del tercer piso", Crisis, Suicidal},
		{"es body list", "me corté las piernas otra vez", Crisis, SelfHarm},

		// And do not reach ordinary talk.
		{"bowl of soup", "had a bowl of soup and went to bed", None, ""},
		{"photo shots", "we took a few shots at the wedding, so pretty", None, ""},
		{"wedding date", "we finally set a date!", None, ""},
		{"finish homework", "I'll finish it today", None, ""},
		{"es my turn", "hoy me toca compartir en la junta", None, ""},
		{"es only", "tan solo quería decir gracias", None, ""},
		{"es took a long time", "me tomó mucho tiempo llegar aquí", None, ""},
		{"goodbye letter to alcohol", "my sponsor had me write a goodbye letter to alcohol", None, ""},
		{"sleep forever tired", "i could sleep forever after that retreat lol", None, ""},

		// Context still holds.
		{"past form story", "I'm not going back to that dark place where I wanted to die", None, ""},
		{"past form recent", "last night I wanted to die", Crisis, Suicidal},
		// Laughing about wanting to die is most likely a joke; it still
		// gets a gentle check-in rather than nothing or a crisis.
		{"dark humor", "omg i want to die, i just called my teacher mom 😂", Concern, Suicidal},
		{"without negates", "ya llevo un año sin cortarme, estoy orgullosa", None, ""},
		{"coping after but", "me siento solo a veces pero el grupo me ayuda mucho", None, ""},
		{"since as past", "its been 3 years since I tried to end my life. grateful to be here", None, ""},
		{"slang", "thinking bout picking up tbh", Concern, Craving},
		{"es slang", "ya no kiero vivir", Crisis, Suicidal},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Classify(tt.text, "")
			if got.Level != tt.want {
				t.Fatalf("Classify(%q) level = %s, want %s (categories %v, evidence %q)", tt.text, got.Level, tt.want, got.Categories, got.Evidence)
			}
			if tt.cat != "" && !slices.Contains(got.Categories, tt.cat) {
				t.Errorf("Classify(%q) categories = %v, want %s among them", tt.text, got.Categories, tt.cat)
			}
			checkResult(t, got)
		})
	}
}

func TestEndAnchor(t *testing.T) {
	p := compile("im done <end>", kSignal, &rule{})
	for _, tt := range []struct {
		in   string
		want bool
	}{
		{"im done", true},
		{"ok im done. bye", true},
		{"im done, see you", true},
		{"im done with step 4", false},
	} {
		toks := tokenize(normalize(tt.in))
		found := false
		for i := range toks {
			lim := i + 1
			for lim < len(toks) && toks[lim].clause == toks[i].clause {
				lim++
			}
			if p.matchAt(toks, i, lim, 0) >= 0 {
				found = true
			}
		}
		if found != tt.want {
			t.Errorf("%q: match = %v, want %v", tt.in, found, tt.want)
		}
	}
}

// TestPrefilterExact checks that skipping patterns by the message's words
// never changes a result.
func TestPrefilterExact(t *testing.T) {
	lines := loadCorpus(t)
	want := make([]Result, len(lines))
	for i, l := range lines {
		want[i] = Classify(l.Text, l.Lang)
	}
	prefilter = false
	defer func() { prefilter = true }()
	for i, l := range lines {
		got := Classify(l.Text, l.Lang)
		if got.Level != want[i].Level || !slices.Equal(got.Categories, want[i].Categories) || !slices.Equal(got.Evidence, want[i].Evidence) {
			t.Errorf("%q: with prefilter %+v, without %+v", l.Text, want[i], got)
		}
	}
}

func TestTokenizeSlangAndLaughter(t *testing.T) {
	toks := tokenize(normalize("kiero dormir 😂 bout it"))
	var got []string
	for _, tk := range toks {
		got = append(got, tk.s)
	}
	if want := []string{"quiero", "dormir", "lol", "about", "it"}; !slices.Equal(got, want) {
		t.Errorf("tokens = %q, want %q", got, want)
	}
}

// An emoji that carries meaning is a word of its class for the model,
// shown as itself in the evidence; the rules do not see it, so an emoji
// between two words does not part a phrase.
func TestEmojiAreWords(t *testing.T) {
	got := wordsWhere("🪦🙏 hoy. díganle a todos gracias 💊💊 ✌️", func(token) bool { return true })
	want := []string{"xxgrave", "xxpray", "hoy", "diganle", "a", "todos", "gracias", "xxpill", "xxpill", "xxbye"}
	if !slices.Equal(got, want) {
		t.Errorf("tokens %q, want %q", got, want)
	}
	for _, tc := range []struct{ plain, withEmoji string }{
		{"I want to kill myself tonight", "I want to kill 🔫 myself tonight"},
		{"quiero morirme hoy", "quiero 😞 morirme hoy"},
		{"I'm not going to hurt myself", "I'm not 💪 going to hurt myself"},
	} {
		a, b := Classify(tc.plain, ""), Classify(tc.withEmoji, "")
		if a.Level != b.Level {
			t.Errorf("Classify(%q) = %s, Classify(%q) = %s: the emoji changed the rules' reading", tc.plain, a.Level, tc.withEmoji, b.Level)
		}
	}
	if r := Classify("🪦🪦 🙏", ""); r.Level != None {
		t.Errorf("Classify of emoji alone = %s, want none (the rules read words)", r.Level)
	}
}
