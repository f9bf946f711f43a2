/* extract_quotes_lang.c: the words quotation attribution walks, as data:
 * per language, the speech verbs, role nouns, bodies, places, sentence
 * openers and the small grammatical words the rules ask about. The cue,
 * title and "according to" patterns are built from these tables, and every
 * word gets its classes in one hash table (x->qwords), so a new language or
 * a new verb is a line here (or in lede.yaml `quotes:`), not a new branch
 * in extract_quotes.c. See docs/internals.md, "Quotations". */
#include "extract_internal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

typedef const char *const wl[];

typedef struct qlang {
	const char *lang;
	/* Speech verbs in every form a text uses ("said", "says"); a space
	 * matches any white space. */
	const char *const *verbs;
	/* A participle after an auxiliary ("a déclaré", "ont-elles ajouté") and
	 * verbs with an inverted pronoun ("précise-t-il"). */
	const char *const *aux, *const *participles, *const *inverted;
	const char *const *roles;      /* nouns of a role: "minister", "adjointe" */
	const char *const *bodies;     /* heads of an institution's name */
	const char *const *places;     /* heads of a place name: "Street", "calle" */
	const char *const *pronouns;   /* subject pronouns a speaker hides behind */
	const char *const *particles;  /* inside names: "de", "van" */
	const char *const *openers;    /* open a sentence without being a name */
	const char *const *preps;      /* a capitalised word after them is a place or body */
	const char *const *lead_preps; /* open a phrase of place or time before the subject */
	const char *const *determiners;
	const char *const *stand_ins;   /* "the company said": a stand-in for a named speaker */
	const char *const *titles;      /* abbreviated titles: "Dr." */
	const char *const *relatives;   /* "that", "qui": a clause inside a subject */
	const char *const *ands;        /* "Burton and Nick" */
	const char *const *clause_ends; /* end the words naming a speaker: "who", "during" */
	const char *const *at_preps;    /* with a determiner after, end them too: "in the" */
	const char *const *according;   /* "according to": the speaker follows */
	const char *const *agents;      /* "« … » par le Syndeac": a passive's agent */
	const char *const *works;       /* "the report", "titled": a title follows */
	const char *const *work_links;  /* "dit du « … »": between a title cue and the title */
	const char *const *copulas;     /* "the plan is called" */
	const char *const *finite;      /* finite verbs: an apposition holding one is a clause */
	const char *const *namers;      /* "called", "dubbed" */
	/* Nouns any body can be called ("the organisation", "el organismo"):
	 * after a determiner they stand for the last body the article named. */
	const char *const *generics;
} qlang;

static wl particles = {"de",  "del", "della", "der", "den", "van", "von", "da",  "di", "du", "dos",
                       "das", "la",  "le",    "y",   "bin", "ibn", "al",  "ter", "zu", NULL};

static const qlang langs[] = {
    {
        .lang = "fr",
        .verbs =
            (wl){"déclare",   "affirme",    "ajoute",     "explique",   "précise",  "souligne",
                 "estime",    "prévient",   "indique",    "assure",     "salue",    "rappelle",
                 "raconte",   "poursuit",   "conclut",    "confie",     "insiste",  "martèle",
                 "lance",     "reconnaît",  "dit",        "répond",     "regrette", "dénonce",
                 "annonce",   "avertit",    "juge",       "commente",   "note",     "observe",
                 "résume",    "écrit",      "selon",      "estimait",   "jugeait",  "soulignait",
                 "affirmait", "indiquait",  "considère",  "qualifie",   "promet",   "relève",
                 "ajoutent",  "soupire",    "tranche",    "alerte",     "ironise",  "déplore",
                 "nuance",    "plaide",     "détaille",   "glisse",     "lâche",    "renchérit",
                 "demande",   "témoigne",   "avoue",      "admet",      "défend",   "parle",
                 "évoque",    "s'inquiète", "s'indigne",  "se réjouit", "s'agace",  "insistent",
                 "estiment",  "dénoncent",  "affirment",  "expliquent", "réclame",  "réclament",
                 "exige",     "exigent",    "revendique", "rétorque",   "répète",   "souffle",
                 "poursuit",  NULL},
        .aux = (wl){"a", "ont", "avait", NULL},
        .participles =
            (wl){
                "déclaré",   "affirmé",  "ajouté",  "expliqué", "précisé",   "souligné", "estimé",
                "prévenu",   "indiqué",  "assuré",  "salué",    "rappelé",   "raconté",  "conclu",
                "confié",    "insisté",  "martelé", "lancé",    "reconnu",   "admis",    "dit",
                "répondu",   "regretté", "dénoncé", "annoncé",  "poursuivi", "averti",   "jugé",
                "commenté",  "noté",     "observé", "résumé",   "écrit",     "qualifié", "appelé",
                "considéré", "promis",   "défendu", "soupiré",  "tranché",   "alerté",   "ironisé",
                "déploré",   "nuancé",   "plaidé",  "détaillé", "glissé",    "lâché",    "renchéri",
                "demandé",   "témoigné", "avoué",   "parlé",    "évoqué",    NULL},
        /* Inverted after a vowel with "-t-" ("précise-t-il"), after t or d
         * without ("écrit-elle", "répond-il"). */
        .inverted =
            (wl){"observe",  "précise",   "explique",    "ajoute",     "assure",     "estime",
                 "souligne", "insiste",   "reconnaît",   "confie",     "raconte",    "rappelle",
                 "affirme",  "déclare",   "indique",     "regrette",   "tranche",    "soupire",
                 "demande",  "lance",     "ironise",     "déplore",    "nuance",     "martèle",
                 "glisse",   "résume",    "note",        "dit",        "écrit",      "répond",
                 "poursuit", "conclut",   "admet",       "promet",     "avertit",    "prévient",
                 "lâche",    "interroge", "s'interroge", "s'inquiète", "se demande", NULL},
        .roles = (wl){"directeur",
                      "directrice",
                      "présidente",
                      "président",
                      "ministre",
                      "maire",
                      "porte-parole",
                      "fondateur",
                      "fondatrice",
                      "secrétaire",
                      "députée",
                      "député",
                      "économiste",
                      "adjointe",
                      "adjoint",
                      "déléguée",
                      "délégué",
                      "vice-président",
                      "vice-présidente",
                      "étudiante",
                      "étudiant",
                      "commerçant",
                      "commerçante",
                      "conseillère",
                      "conseiller",
                      "professeure",
                      "professeur",
                      "avocate",
                      "avocat",
                      "militante",
                      "militant",
                      "habitante",
                      "habitant",
                      "responsable",
                      "cheffe",
                      "chef",
                      "sociologue",
                      "historienne",
                      "historien",
                      "ingénieure",
                      "ingénieur",
                      "médecin",
                      "préfet",
                      "préfète",
                      "juge",
                      "syndicaliste",
                      "bénévole",
                      "bibliothécaire",
                      "urbaniste",
                      "architecte",
                      "chercheur",
                      "chercheuse",
                      "directeur",
                      "sénatrice",
                      "sénateur",
                      "infirmière",
                      "infirmier",
                      "enseignante",
                      "enseignant",
                      "porte-parole",
                      "coordinatrice",
                      "coordinateur",
                      "gérante",
                      "gérant",
                      NULL},
        .bodies = (wl){"université",    "assemblée", "gouvernement", "observatoire",
                       "parti",         "fondation", "ministère",    "préfecture",
                       "mairie",        "agence",    "association",  "commission",
                       "conseil",       "syndicat",  "institut",     "chambre",
                       "cour",          "tribunal",  "collectif",    "fédération",
                       "confédération", "direction", "métropole",    "région",
                       "département",   "rapport",   "étude",        "enquête",
                       "avis",          "audit",     "réseau",       "organisation",
                       "organisme",     NULL},
        .places = (wl){"rue", "place", "quai", "quartier", "gare", "marché", "avenue", "boulevard",
                       "pont", "parc", "impasse", "allée", NULL},
        .pronouns = (wl){"il", "elle", "ils", "elles", NULL},
        .openers =
            (wl){"la",    "le",     "les",         "un",       "une",       "ce",         "cette",
                 "ces",   "son",    "sa",          "ses",      "selon",     "pour",       "du",
                 "des",   "au",     "aux",         "et",       "mais",      "il",         "elle",
                 "nous",  "vous",   "aujourd'hui", "entre",    "interrogé", "interrogée", "sur",
                 "en",    "dans",   "si",          "depuis",   "comme",     "malgré",     "parmi",
                 "lors",  "avant",  "après",       "hier",     "demain",    "maintenant", "leur",
                 "leurs", "chaque", "plusieurs",   "certains", "ainsi",     "puis",       "alors",
                 NULL},
        .preps =
            (wl){"de", "du", "des", "la", "le", "les", "à", "au", "aux", "en", "par", "avec", NULL},
        .lead_preps = (wl){"depuis", "dans", "après", "avant", "pendant", "en", NULL},
        .determiners = (wl){"la", "le", "les", "l'", "l’", "un", "une", "ce", "cette", "ces", "son",
                            "sa", "ses", "leur", "leurs", NULL},
        .stand_ins = (wl){"communiqué", "entreprise", "société", NULL},
        .generics = (wl){"organisation", "organisme", "institution", NULL},
        .titles = (wl){"mme", "mlle", "me", "pr", NULL},
        .relatives = (wl){"que", "qui", NULL},
        .ands = (wl){"et", NULL},
        .clause_ends = (wl){"qui", "que", "lors", "devant", "dans", NULL},
        .at_preps = (wl){"en", NULL},
        .according = (wl){"selon", "d'après", "d’après", "pour", NULL},
        .agents = (wl){"par", NULL},
        .works = (wl){"baptisé",      "baptisée", "intitulé", "intitulée",    "appelé",
                      "appelée",      "nommé",    "nommée",   "dit",          "dite",
                      "l'opéra",      "le texte", "le livre", "le film",      "le plan",
                      "le programme", "la loi",   "présente", "présenté",     "publie",
                      "publié",       "joue",     "sort",     "met en scène", NULL},
        .work_links = (wl){"du", "de la", "de l'", "des", "de", NULL},
        .copulas = (wl){"est", "était", NULL},
        .finite = (wl){"est", "sont", "était", "étaient", "ont", "avait", "sera", "seront", "fait",
                       "va", "vont", "doit", "peut", NULL},
    },
    {
        .lang = "es",
        .verbs = (wl){"afirmó",    "afirma",    "dijo",      "dice",     "declaró",  "declara",
                      "explicó",   "explica",   "añadió",    "añade",    "agregó",   "agrega",
                      "señaló",    "señala",    "aseguró",   "asegura",  "indicó",   "indica",
                      "recordó",   "recuerda",  "advirtió",  "advierte", "subrayó",  "subraya",
                      "destacó",   "destaca",   "sostuvo",   "sostiene", "comentó",  "comenta",
                      "reconoció", "reconoce",  "manifestó", "precisó",  "apuntó",   "apunta",
                      "insistió",  "concluyó",  "respondió", "responde", "contó",    "cuenta",
                      "relató",    "lamentó",   "denunció",  "anunció",  "escribió", "según",
                      "considera", "consideró", "calificó",  "califica", "se queja", "se quejó",
                      "advertía",  "afirmaba",  "señalaba",  "resume",   "resumió",  "defendió",
                      "insiste",   "sostenía",  "explicaba", NULL},
        .roles = (wl){"directora",
                      "director",
                      "presidente",
                      "presidenta",
                      "ministro",
                      "ministra",
                      "alcalde",
                      "alcaldesa",
                      "portavoz",
                      "fundadora",
                      "fundador",
                      "secretario",
                      "secretaria",
                      "consejera",
                      "consejero",
                      "catedrática",
                      "catedrático",
                      "violinista",
                      "coordinadora",
                      "coordinador",
                      "delegado",
                      "delegada",
                      "vicepresidente",
                      "vicepresidenta",
                      "enfermera",
                      "enfermero",
                      "camarero",
                      "camarera",
                      "concejal",
                      "concejala",
                      "profesora",
                      "profesor",
                      "abogada",
                      "abogado",
                      "militante",
                      "vecina",
                      "vecino",
                      "habitante",
                      "jefa",
                      "jefe",
                      "socióloga",
                      "sociólogo",
                      "historiadora",
                      "historiador",
                      "ingeniera",
                      "ingeniero",
                      "médica",
                      "médico",
                      "jueza",
                      "juez",
                      "sindicalista",
                      "voluntaria",
                      "voluntario",
                      "bibliotecaria",
                      "bibliotecario",
                      "responsable",
                      "diputada",
                      "diputado",
                      "senadora",
                      "senador",
                      "investigadora",
                      "investigador",
                      "economista",
                      "urbanista",
                      "arquitecta",
                      "arquitecto",
                      NULL},
        .bodies = (wl){"universidad", "generalitat",   "gobierno",     "partido",
                       "fundación",   "ministerio",    "ayuntamiento", "agencia",
                       "asociación",  "comisión",      "consejo",      "sindicato",
                       "instituto",   "autoridad",     "consejería",   "tribunal",
                       "federación",  "confederación", "junta",        "diputación",
                       "informe",     "estudio",       "encuesta",     "auditoría",
                       "red",         "organismo",     "organización", NULL},
        .places = (wl){"calle", "avenida", "plaza", "paseo", "barrio", "puente", "parque",
                       "estación", "mercado", "glorieta", "ronda", NULL},
        .pronouns = (wl){"él", "ella", "ellos", "ellas", NULL},
        .openers =
            (wl){"la",     "el",    "los",        "las",        "un",      "una",     "uno",
                 "este",   "esta",  "estos",      "su",         "sus",     "según",   "al",
                 "y",      "pero",  "cada",       "ella",       "él",      "allí",    "aquí",
                 "hoy",    "entre", "preguntado", "preguntada", "en",      "si",      "desde",
                 "hasta",  "como",  "pese",       "antes",      "después", "tras",    "ayer",
                 "mañana", "ahora", "plaza",      "varios",     "varias",  "algunos", "muchos",
                 "luego",  "así",   NULL},
        .preps = (wl){"de", "del", "la", "el", "los", "las", "en", "por", "con", NULL},
        .lead_preps = (wl){"desde", "tras", "durante", "en", "para", NULL},
        .determiners =
            (wl){"el", "la", "los", "las", "un", "una", "su", "sus", "este", "esta", NULL},
        .stand_ins = (wl){"comunicado", "empresa", NULL},
        .generics = (wl){"organismo", "organización", "institución", "entidad", NULL},
        .titles = (wl){"sr", "sra", "srta", "dra", "lic", NULL},
        .relatives = (wl){"que", "quien", NULL},
        .ands = (wl){"y", "e", NULL},
        .clause_ends = (wl){"tras", "durante", "ante", "quien", NULL},
        .at_preps = (wl){"en", NULL},
        .according = (wl){"según", "de acuerdo con", NULL},
        .agents = (wl){"por", NULL},
        .works = (wl){"titulado",
                      "titulada",
                      "llamado",
                      "llamada",
                      "denominado",
                      "denominada",
                      "bautizado como",
                      "bautizada como",
                      "bautizado",
                      "bautizada",
                      "el disco",
                      "el libro",
                      "la película",
                      "el plan",
                      "el programa",
                      "la ley",
                      "presenta",
                      "presentó",
                      "publica",
                      "publicó",
                      "estrena",
                      "estrenó",
                      NULL},
        .work_links = (wl){"del", "de la", "de los", "de", NULL},
        .copulas = (wl){"es", "era", "fue", NULL},
        .finite = (wl){"es", "son", "era", "eran", "fue", "está", "están", "ha", "han", "será",
                       "va", "van", "debe", "puede", NULL},
    },
    {
        .lang = "en",
        .verbs = (wl){"said",         "says",        "say",         "stated",     "states",
                      "added",        "adds",        "told",        "tells",      "asked",
                      "asks",         "explained",   "explains",    "noted",      "notes",
                      "recalled",     "recalls",     "warned",      "warns",      "wrote",
                      "writes",       "highlighted", "highlights",  "insisted",   "insists",
                      "argued",       "argues",      "claimed",     "claims",     "declared",
                      "declares",     "announced",   "announces",   "replied",    "replies",
                      "answered",     "answers",     "continued",   "continues",  "concluded",
                      "concludes",    "commented",   "comments",    "observed",   "observes",
                      "remarked",     "remarks",     "admitted",    "admits",     "acknowledged",
                      "acknowledges", "emphasised",  "emphasized",  "emphasises", "emphasizes",
                      "stressed",     "stresses",    "pointed out", "points out", "recounted",
                      "recounts",     "suggested",   "suggests",    "confirmed",  "confirms",
                      "described",    "describes",   "called",      "calls",      "shared",
                      "shares",       "laughed",     "laughs",      "whispered",  "shouted",
                      "cautioned",    "predicted",   "promised",    "vowed",      "urged",
                      "reply",        "conceded",    "concedes",    "insist",     "add",
                      "considers",    "considered",  "complained",  "complains",  "believes",
                      "maintains",    "maintained",  "repeated",    "repeats",    NULL},
        .roles = (wl){"director",       "secretary",   "general",      "president",   "minister",
                      "mayor",          "chief",       "officer",      "ceo",         "head",
                      "spokesman",      "spokeswoman", "spokesperson", "member",      "fellow",
                      "professor",      "councillor",  "councilor",    "chair",       "chairman",
                      "chairwoman",     "manager",     "founder",      "editor",      "economist",
                      "analyst",        "senator",     "governor",     "deputy",      "conservator",
                      "archivist",      "researcher",  "chef",         "coordinator", "advisor",
                      "adviser",        "leader",      "executive",    "official",    "urbanist",
                      "student",        "nurse",       "teacher",      "lawyer",      "owner",
                      "shopkeeper",     "activist",    "resident",     "organiser",   "organizer",
                      "representative", "historian",   "engineer",     "doctor",      "judge",
                      "campaigner",     "volunteer",   "librarian",    "architect",   "scientist",
                      "commissioner",   NULL},
        .bodies = (wl){"council",    "project",    "university",  "agency",       "ministry",
                       "bank",       "institute",  "association", "committee",    "commission",
                       "department", "trust",      "foundation",  "authority",    "government",
                       "assembly",   "affairs",    "combined",    "organisation", "organization",
                       "office",     "union",      "fund",        "party",        "court",
                       "board",      "federation", "report",      "study",        "survey",
                       "audit",      "review",     "network",     "body",         NULL},
        .places = (wl){"street", "road", "avenue", "lane", "square", "boulevard", "bridge",
                       "district", "estate", "quay", "station", "centre", "center", "market", NULL},
        .pronouns = (wl){"he", "she", "they", NULL},
        .openers = (wl){"the",       "a",         "an",        "this",     "that",      "it",
                        "in",        "on",        "at",        "for",      "with",      "related",
                        "according", "following", "its",       "her",      "his",       "their",
                        "our",       "asked",     "when",      "while",    "as",        "after",
                        "before",    "but",       "and",       "critics",  "residents", "several",
                        "many",      "some",      "analysts",  "local",    "recently",  "during",
                        "one",       "each",      "every",     "then",     "also",      "however",
                        "yet",       "still",     "mr",        "we",       "i",         "you",
                        "they",      "he",        "she",       "there",    "here",      "today",
                        "between",   "if",        "since",     "until",    "like",      "unlike",
                        "despite",   "outside",   "inside",    "near",     "around",    "across",
                        "along",     "behind",    "beyond",    "among",    "amid",      "later",
                        "earlier",   "meanwhile", "yesterday", "tomorrow", "now",       "place",
                        NULL},
        .preps = (wl){"of", "at", "for", "the", "from", "in", "by", "with", "to", NULL},
        .lead_preps = (wl){"from", "in", "at", "after", "before", "during", NULL},
        .determiners = (wl){"the", "a", "an", "this", "its", "his", "her", "their", NULL},
        .stand_ins = (wl){"statement", "company", "firm", "group", NULL},
        .generics = (wl){"organisation", "organization", "body", NULL},
        .titles =
            (wl){"dr", "mr", "mrs", "ms", "st", "jr", "prof", "gen", "col", "sen", "rep", NULL},
        .relatives = (wl){"that", "who", "which", NULL},
        .ands = (wl){"and", NULL},
        .clause_ends =
            (wl){"who", "which", "during", "after", "before", "outside", "on", "to", NULL},
        .at_preps = (wl){"in", "at", NULL},
        .according = (wl){"according to", "for", NULL},
        .agents = (wl){"by", NULL},
        .works = (wl){"webinar",   "seminar",    "paper",      "report",       "book",
                      "novel",     "film",       "movie",      "documentary",  "album",
                      "record",    "song",       "play",       "opera",        "series",
                      "show",      "exhibition", "conference", "programme",    "program",
                      "plan",      "campaign",   "project",    "strategy",     "initiative",
                      "law",       "bill",       "motto",      "slogan",       "hashtag",
                      "titled",    "entitled",   "so-called",  "known as the", "known as",
                      "the term",  "the word",   "presents",   "presented",    "publishes",
                      "published", "stars in",   "releases",   "released",     NULL},
        .copulas = (wl){"is", "was", NULL},
        .finite =
            (wl){"is", "are", "was", "were", "has", "have", "had", "will", "must", "can", NULL},
        .namers = (wl){"called", "named", "dubbed", NULL},
    },
};

#define NLANGS (sizeof langs / sizeof *langs)

/* ---- patterns ------------------------------------------------------------ */

#define WB_L "(?<![\\p{L}\\p{N}'’-])"
#define WB_R "(?![\\p{L}\\p{N}])"

void lede_x_put_word(lede_buf *b, const char *w)
{
	for (; *w; w++) {
		if (*w == ' ')
			lede_buf_puts(b, "\\s+");
		else if ((unsigned char)*w < 0x80 && !isalnum((unsigned char)*w))
			lede_buf_printf(b, "\\%c", *w);
		else
			lede_buf_put(b, w, 1);
	}
}

/* Appends "w1|w2|..." for one list; *first says whether a '|' is due. */
static void put_list(lede_buf *b, const char *const *l, bool *first)
{
	for (; l && *l; l++) {
		if (!*first)
			lede_buf_puts(b, "|");
		*first = false;
		lede_x_put_word(b, *l);
	}
}

/* The alternatives of one member of qlang (by offset) over every language. */
static void put_all(lede_buf *b, size_t off, bool *first)
{
	for (size_t i = 0; i < NLANGS; i++)
		put_list(b, *(const char *const *const *)((const char *)&langs[i] + off), first);
}

#define PUT_ALL(b, member, first) put_all(b, offsetof(qlang, member), first)

/* Speech verbs: compound and inverted forms first, as PCRE2 takes the
 * first alternative that fits. */
static void put_cues(lede_buf *b)
{
	bool first = true;
	for (size_t i = 0; i < NLANGS; i++) {
		const qlang *L = &langs[i];
		if (L->participles) {
			bool f = true;
			lede_buf_puts(b, first ? "(?:" : "|(?:");
			put_list(b, L->aux, &f);
			lede_buf_puts(b, ")-t-(?:");
			f = true;
			put_list(b, L->pronouns, &f);
			lede_buf_puts(b, ")\\s+(?:");
			f = true;
			put_list(b, L->participles, &f);
			lede_buf_puts(b, ")|(?:");
			f = true;
			put_list(b, L->aux, &f);
			lede_buf_puts(b, ")\\s+(?:");
			f = true;
			put_list(b, L->participles, &f);
			lede_buf_puts(b, ")");
			first = false;
		}
		for (int tee = 1; tee >= 0 && L->inverted; tee--) {
			/* tee: the verbs ending in a vowel, with "-t-"; then those ending
			 * in t or d, with "-". */
			bool f = true;
			lede_buf_puts(b, first ? "(?:" : "|(?:");
			for (const char *const *v = L->inverted; *v; v++) {
				size_t n = strlen(*v);
				bool td = n && ((*v)[n - 1] == 't' || (*v)[n - 1] == 'd');
				if (td == (tee == 1))
					continue;
				if (!f)
					lede_buf_puts(b, "|");
				f = false;
				lede_x_put_word(b, *v);
			}
			lede_buf_puts(b, tee ? ")-t-(?:" : ")-(?:");
			f = true;
			put_list(b, L->pronouns, &f);
			lede_buf_puts(b, ")");
			first = false;
		}
		put_list(b, L->verbs, &first);
	}
}

char *lede_x_quote_pattern(int id, const char *extra)
{
	lede_buf b = LEDE_BUF_INIT;
	bool first = true;
	switch (id) {
	case RX_Q_CUE:
	case RX_Q_AT_CUE:
		/* No leading lookbehind on RX_Q_CUE, so PCRE2 can use its
		 * start-character bitmap; cue_search checks the word boundary
		 * before the match in C. */
		lede_buf_puts(&b, id == RX_Q_AT_CUE ? "[\\s,.;:—–-]*((?:" : "((?:");
		put_cues(&b);
		if (extra && *extra)
			lede_buf_puts(&b, extra); /* "|user|verbs", already escaped */
		lede_buf_puts(&b, "))" WB_R);
		break;
	case RX_Q_TITLE:
		/* "the webinar", "titled", "the plan is called" just before a span,
		 * with up to three capitalised words between. */
		lede_buf_puts(&b, WB_L "(?:");
		PUT_ALL(&b, works, &first);
		lede_buf_puts(&b, ")(?:\\s+(?:");
		first = true;
		PUT_ALL(&b, work_links, &first);
		lede_buf_puts(&b, "))?(?:\\s+(?:");
		first = true;
		PUT_ALL(&b, copulas, &first);
		lede_buf_puts(&b, "))?(?:\\s+(?:");
		first = true;
		PUT_ALL(&b, namers, &first);
		lede_buf_puts(&b, "))?(?:\\s+[\\p{Lu}0-9][\\p{L}0-9.-]*){0,3}\\s*[:,]?\\s*$");
		break;
	case RX_Q_ACCORDING:
		lede_buf_puts(&b, WB_L "(");
		PUT_ALL(&b, according, &first);
		lede_buf_puts(&b, ")\\s+");
		break;
	case RX_Q_DOC:
		/* "This is how the report begins:" after a quotation. */
		lede_buf_puts(&b,
		              "^\\s*(?:this|that|it) is how "
		              "(?:the\\s+)?([^:“\"«,]{1,80}?)\\s*(?::|“|\"|«|\\s(?:begins|starts|"
		              "opens|ends|concludes))");
		break;
	default: lede_buf_free(&b); return NULL;
	}
	lede_buf_cstr(&b);
	return lede_buf_detach(&b, NULL);
}

/* ---- the word table -------------------------------------------------------- */

/* A key of x->qwords is stored after its classes (an int), in one block
 * that x->qkeys owns; the key's value points to the block. */

typedef struct wentry {
	char *w; /* lower-cased copy */
	int bits;
} wentry;

typedef struct wlist_acc {
	wentry *v;
	size_t n, cap;
} wlist_acc;

static void add_list(wlist_acc *acc, const char *const *l, int bit)
{
	for (; l && *l; l++) {
		size_t n = strlen(*l);
		if (!n || n >= 64)
			continue;
		if (acc->n == acc->cap) {
			acc->cap = acc->cap ? acc->cap * 2 : 512;
			acc->v = lede_xrealloc(acc->v, acc->cap * sizeof *acc->v);
		}
		char *d = lede_xstrdup(*l);
		for (char *c = d; *c; c++)
			if (*c >= 'A' && *c <= 'Z')
				*c = (char)(*c + 32);
		acc->v[acc->n++] = (wentry){d, bit};
	}
}

static int wentry_cmp(const void *a, const void *b)
{
	return strcmp(((const wentry *)a)->w, ((const wentry *)b)->w);
}

void lede_x_quote_words(lede_extractor *x)
{
	wlist_acc acc = {0};
	add_list(&acc, particles, W_PARTICLE);
	for (size_t i = 0; i < NLANGS; i++) {
		const qlang *L = &langs[i];
		add_list(&acc, L->roles, W_ROLE);
		add_list(&acc, L->bodies, W_ORG);
		add_list(&acc, L->places, W_ORG | W_PLACE);
		add_list(&acc, L->pronouns, W_PRON);
		add_list(&acc, L->openers, W_INITIAL);
		add_list(&acc, L->preps, W_PREP);
		add_list(&acc, L->lead_preps, W_LEAD);
		add_list(&acc, L->determiners, W_DET);
		add_list(&acc, L->stand_ins, W_STANDIN);
		add_list(&acc, L->titles, W_TITLE);
		add_list(&acc, L->relatives, W_REL);
		add_list(&acc, L->ands, W_AND);
		add_list(&acc, L->clause_ends, W_CLAUSE);
		add_list(&acc, L->at_preps, W_AT);
		add_list(&acc, L->finite, W_FINITE);
		add_list(&acc, L->agents, W_AGENT);
		add_list(&acc, L->generics, W_GENERIC);
	}
	add_list(&acc, (const char *const *)x->roles, W_ROLE);
	/* One key per word, its classes OR-ed together. */
	if (acc.n)
		qsort(acc.v, acc.n, sizeof *acc.v, wentry_cmp);
	x->qwords = lede_xcalloc(1, sizeof *x->qwords);
	x->qkeys = lede_xcalloc(acc.n + 1, sizeof *x->qkeys);
	size_t nk = 0;
	for (size_t i = 0; i < acc.n;) {
		size_t j = i + 1;
		int bits = acc.v[i].bits;
		while (j < acc.n && !strcmp(acc.v[j].w, acc.v[i].w)) {
			bits |= acc.v[j].bits;
			free(acc.v[j].w);
			j++;
		}
		size_t len = strlen(acc.v[i].w);
		char *blk = lede_xmalloc(sizeof bits + len + 1);
		memcpy(blk, &bits, sizeof bits);
		memcpy(blk + sizeof bits, acc.v[i].w, len + 1);
		free(acc.v[i].w);
		x->qkeys[nk++] = blk;
		lede_xmap_put(x->qwords, blk + sizeof bits, blk);
		i = j;
	}
	free(acc.v);
}

void lede_x_quote_words_free(lede_extractor *x)
{
	if (x->qwords)
		lede_xmap_free(x->qwords);
	free(x->qwords);
	for (char **k = x->qkeys; k && *k; k++)
		free(*k);
	free(x->qkeys);
}

int lede_x_word_bits(const lede_extractor *x, const char *w, size_t n)
{
	char k[64];
	if (n == 0 || n >= sizeof k)
		return 0;
	for (size_t i = 0; i < n; i++)
		k[i] = (char)(w[i] >= 'A' && w[i] <= 'Z' ? w[i] + 32 : w[i]);
	k[n] = 0;
	const char *v = lede_xmap_get(x->qwords, k);
	int bits = 0;
	if (v)
		memcpy(&bits, v, sizeof bits);
	return bits;
}
