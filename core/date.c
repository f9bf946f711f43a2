/* date.c: ISO 8601 / YAML timestamps, calendar arithmetic and date output in
 * sixteen languages (English, French, Spanish, German, Italian, Portuguese,
 * Dutch, Russian, Polish, Turkish, Arabic, Hebrew, Hindi, Chinese, Japanese,
 * Korean), without locale or time-zone functions so the result is the same
 * on every machine and thread. */
#include "date.h"

#include <string.h>

struct names {
	const char *code;
	const char *const *days; /* Sunday first */
	const char *const *days_abbr;
	const char *const *months; /* January first */
	const char *const *months_abbr;
	const char *full; /* the full date: {W} weekday, {d} day ({D} French), {M} month, {m} its
	                     number, {y} year */
};

static const char *const en_days[] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                      "Thursday", "Friday", "Saturday"};
static const char *const en_days_abbr[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
static const char *const en_months[] = {"January",   "February", "March",    "April",
                                        "May",       "June",     "July",     "August",
                                        "September", "October",  "November", "December"};
static const char *const en_months_abbr[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                             "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

/* The other languages' names follow CLDR's Gregorian calendar in each
 * language (format forms: the genitive where a language declines the
 * month after a day, "24 июля"; lower case where CLDR writes it so; French
 * abbreviations with a period), and `full` is CLDR's full date pattern:
 * {W} the weekday, {d} the day ({D}: French's, "1er" for the first), {M}
 * the month's name, {m} its number, {y} the year. Digits are Western (Latin) ones in every
 * language. */
static const char *const fr_days[] = {"dimanche", "lundi",    "mardi", "mercredi",
                                      "jeudi",    "vendredi", "samedi"};
static const char *const fr_days_abbr[] = {"dim.", "lun.", "mar.", "mer.", "jeu.", "ven.", "sam."};
static const char *const fr_months[] = {"janvier",   "février", "mars",     "avril",
                                        "mai",       "juin",    "juillet",  "août",
                                        "septembre", "octobre", "novembre", "décembre"};
static const char *const fr_months_abbr[] = {"janv.", "févr.", "mars",  "avr.", "mai",  "juin",
                                             "juil.", "août",  "sept.", "oct.", "nov.", "déc."};
static const char *const es_days[] = {"domingo", "lunes",   "martes", "miércoles",
                                      "jueves",  "viernes", "sábado"};
static const char *const es_days_abbr[] = {"dom", "lun", "mar", "mié", "jue", "vie", "sáb"};
static const char *const es_months[] = {"enero",      "febrero", "marzo",     "abril",
                                        "mayo",       "junio",   "julio",     "agosto",
                                        "septiembre", "octubre", "noviembre", "diciembre"};
static const char *const es_months_abbr[] = {"ene", "feb", "mar",  "abr", "may", "jun",
                                             "jul", "ago", "sept", "oct", "nov", "dic"};
static const char *const de_days[] = {"Sonntag",    "Montag",  "Dienstag", "Mittwoch",
                                      "Donnerstag", "Freitag", "Samstag"};
static const char *const de_days_abbr[] = {"So.", "Mo.", "Di.", "Mi.", "Do.", "Fr.", "Sa."};
static const char *const de_months[] = {"Januar",    "Februar", "März",     "April",
                                        "Mai",       "Juni",    "Juli",     "August",
                                        "September", "Oktober", "November", "Dezember"};
static const char *const de_months_abbr[] = {"Jan.", "Feb.", "März",  "Apr.", "Mai",  "Juni",
                                             "Juli", "Aug.", "Sept.", "Okt.", "Nov.", "Dez."};
static const char *const it_days[] = {"domenica", "lunedì",  "martedì", "mercoledì",
                                      "giovedì",  "venerdì", "sabato"};
static const char *const it_days_abbr[] = {"dom", "lun", "mar", "mer", "gio", "ven", "sab"};
static const char *const it_months[] = {"gennaio",   "febbraio", "marzo",    "aprile",
                                        "maggio",    "giugno",   "luglio",   "agosto",
                                        "settembre", "ottobre",  "novembre", "dicembre"};
static const char *const it_months_abbr[] = {"gen", "feb", "mar", "apr", "mag", "giu",
                                             "lug", "ago", "set", "ott", "nov", "dic"};
static const char *const pt_days[] = {"domingo",      "segunda-feira", "terça-feira",
                                      "quarta-feira", "quinta-feira",  "sexta-feira",
                                      "sábado"};
static const char *const pt_days_abbr[] = {"dom.", "seg.", "ter.", "qua.", "qui.", "sex.", "sáb."};
static const char *const pt_months[] = {"janeiro",  "fevereiro", "março",    "abril",
                                        "maio",     "junho",     "julho",    "agosto",
                                        "setembro", "outubro",   "novembro", "dezembro"};
static const char *const pt_months_abbr[] = {"jan.", "fev.", "mar.", "abr.", "mai.", "jun.",
                                             "jul.", "ago.", "set.", "out.", "nov.", "dez."};
static const char *const nl_days[] = {"zondag",    "maandag", "dinsdag", "woensdag",
                                      "donderdag", "vrijdag", "zaterdag"};
static const char *const nl_days_abbr[] = {"zo", "ma", "di", "wo", "do", "vr", "za"};
static const char *const nl_months[] = {"januari",   "februari", "maart",    "april",
                                        "mei",       "juni",     "juli",     "augustus",
                                        "september", "oktober",  "november", "december"};
static const char *const nl_months_abbr[] = {"jan", "feb", "mrt", "apr", "mei", "jun",
                                             "jul", "aug", "sep", "okt", "nov", "dec"};
static const char *const ru_days[] = {"воскресенье", "понедельник", "вторник", "среда",
                                      "четверг",     "пятница",     "суббота"};
static const char *const ru_days_abbr[] = {"вс", "пн", "вт", "ср", "чт", "пт", "сб"};
static const char *const ru_months[] = {"января",   "февраля", "марта",  "апреля",
                                        "мая",      "июня",    "июля",   "августа",
                                        "сентября", "октября", "ноября", "декабря"};
static const char *const ru_months_abbr[] = {"янв.", "февр.", "мар.",  "апр.", "мая",   "июн.",
                                             "июл.", "авг.",  "сент.", "окт.", "нояб.", "дек."};
static const char *const pl_days[] = {"niedziela", "poniedziałek", "wtorek", "środa",
                                      "czwartek",  "piątek",       "sobota"};
static const char *const pl_days_abbr[] = {"niedz.", "pon.", "wt.", "śr.", "czw.", "pt.", "sob."};
static const char *const pl_months[] = {"stycznia", "lutego",       "marca",     "kwietnia",
                                        "maja",     "czerwca",      "lipca",     "sierpnia",
                                        "września", "października", "listopada", "grudnia"};
static const char *const pl_months_abbr[] = {"sty", "lut", "mar", "kwi", "maj", "cze",
                                             "lip", "sie", "wrz", "paź", "lis", "gru"};
static const char *const tr_days[] = {"Pazar",    "Pazartesi", "Salı",     "Çarşamba",
                                      "Perşembe", "Cuma",      "Cumartesi"};
static const char *const tr_days_abbr[] = {"Paz", "Pzt", "Sal", "Çar", "Per", "Cum", "Cmt"};
static const char *const tr_months[] = {"Ocak",   "Şubat",   "Mart",  "Nisan", "Mayıs", "Haziran",
                                        "Temmuz", "Ağustos", "Eylül", "Ekim",  "Kasım", "Aralık"};
static const char *const tr_months_abbr[] = {"Oca", "Şub", "Mar", "Nis", "May", "Haz",
                                             "Tem", "Ağu", "Eyl", "Eki", "Kas", "Ara"};
static const char *const ar_days[] = {"الأحد",  "الاثنين", "الثلاثاء", "الأربعاء",
                                      "الخميس", "الجمعة",  "السبت"};
static const char *const ar_months[] = {"يناير", "فبراير", "مارس",   "أبريل",  "مايو",   "يونيو",
                                        "يوليو", "أغسطس",  "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"};
static const char *const he_days[] = {"יום ראשון", "יום שני",  "יום שלישי", "יום רביעי",
                                      "יום חמישי", "יום שישי", "יום שבת"};
static const char *const he_days_abbr[] = {"יום א׳", "יום ב׳", "יום ג׳", "יום ד׳",
                                           "יום ה׳", "יום ו׳", "שבת"};
static const char *const he_months[] = {"ינואר", "פברואר", "מרץ",    "אפריל",   "מאי",    "יוני",
                                        "יולי",  "אוגוסט", "ספטמבר", "אוקטובר", "נובמבר", "דצמבר"};
static const char *const he_months_abbr[] = {"ינו׳", "פבר׳", "מרץ",  "אפר׳", "מאי",  "יוני",
                                             "יולי", "אוג׳", "ספט׳", "אוק׳", "נוב׳", "דצמ׳"};
static const char *const hi_days[] = {"रविवार", "सोमवार", "मंगलवार", "बुधवार",
                                      "गुरुवार",  "शुक्रवार", "शनिवार"};
static const char *const hi_days_abbr[] = {"रवि", "सोम", "मंगल", "बुध", "गुरु", "शुक्र", "शनि"};
static const char *const hi_months[] = {"जनवरी", "फ़रवरी", "मार्च",  "अप्रैल",  "मई",   "जून",
                                        "जुलाई",  "अगस्त",  "सितंबर", "अक्तूबर", "नवंबर", "दिसंबर"};
static const char *const hi_months_abbr[] = {"जन॰", "फ़र॰", "मार्च", "अप्रैल", "मई",  "जून",
                                             "जुल॰", "अग॰", "सित॰", "अक्तू॰", "नव॰", "दिस॰"};
static const char *const zh_days[] = {"星期日", "星期一", "星期二", "星期三",
                                      "星期四", "星期五", "星期六"};
static const char *const zh_days_abbr[] = {"周日", "周一", "周二", "周三", "周四", "周五", "周六"};
static const char *const zh_months[] = {"一月", "二月", "三月", "四月", "五月",   "六月",
                                        "七月", "八月", "九月", "十月", "十一月", "十二月"};
static const char *const cjk_months_abbr[] = {"1月", "2月", "3月", "4月",  "5月",  "6月",
                                              "7月", "8月", "9月", "10月", "11月", "12月"};
static const char *const ja_days[] = {"日曜日", "月曜日", "火曜日", "水曜日",
                                      "木曜日", "金曜日", "土曜日"};
static const char *const ja_days_abbr[] = {"日", "月", "火", "水", "木", "金", "土"};
static const char *const ko_days[] = {"일요일", "월요일", "화요일", "수요일",
                                      "목요일", "금요일", "토요일"};
static const char *const ko_days_abbr[] = {"일", "월", "화", "수", "목", "금", "토"};
static const char *const ko_months[] = {"1월", "2월", "3월", "4월",  "5월",  "6월",
                                        "7월", "8월", "9월", "10월", "11월", "12월"};

static const struct names languages[] = {
    {"en", en_days, en_days_abbr, en_months, en_months_abbr, "{W} {d} {M} {y}"},
    {"fr", fr_days, fr_days_abbr, fr_months, fr_months_abbr, "{W} {D} {M} {y}"},
    {"es", es_days, es_days_abbr, es_months, es_months_abbr, "{W} {d} de {M} de {y}"},
    {"de", de_days, de_days_abbr, de_months, de_months_abbr, "{W}, {d}. {M} {y}"},
    {"it", it_days, it_days_abbr, it_months, it_months_abbr, "{W} {d} {M} {y}"},
    {"pt", pt_days, pt_days_abbr, pt_months, pt_months_abbr, "{W}, {d} de {M} de {y}"},
    {"nl", nl_days, nl_days_abbr, nl_months, nl_months_abbr, "{W} {d} {M} {y}"},
    {"ru", ru_days, ru_days_abbr, ru_months, ru_months_abbr, "{W}, {d} {M} {y} г."},
    {"pl", pl_days, pl_days_abbr, pl_months, pl_months_abbr, "{W}, {d} {M} {y}"},
    {"tr", tr_days, tr_days_abbr, tr_months, tr_months_abbr, "{d} {M} {y} {W}"},
    {"ar", ar_days, ar_days, ar_months, ar_months, "{W}، {d} {M} {y}"},
    {"he", he_days, he_days_abbr, he_months, he_months_abbr, "{W}, {d} ב{M} {y}"},
    {"hi", hi_days, hi_days_abbr, hi_months, hi_months_abbr, "{W}, {d} {M} {y}"},
    {"zh", zh_days, zh_days_abbr, zh_months, cjk_months_abbr, "{y}年{m}月{d}日{W}"},
    {"ja", ja_days, ja_days_abbr, cjk_months_abbr, cjk_months_abbr, "{y}年{m}月{d}日{W}"},
    {"ko", ko_days, ko_days_abbr, ko_months, ko_months, "{y}년 {M} {d}일 {W}"},
};

/* The names for lang's primary subtag ("fr-CA", "fr_CA", "FR" -> fr), or
 * NULL when lede has no names for it. */
static const struct names *find_names(const char *lang)
{
	if (!lang)
		return NULL;
	size_t n = strcspn(lang, "-_");
	for (size_t i = 0; i < sizeof languages / sizeof languages[0]; i++) {
		const char *c = languages[i].code;
		if (n == strlen(c) && (lang[0] | 0x20) == c[0] && (lang[1] | 0x20) == c[1])
			return &languages[i];
	}
	return NULL;
}

static bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int days_in_month(int y, int m)
{
	static const int dim[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return m == 2 && is_leap(y) ? 29 : dim[m - 1];
}

/* Days since 1970-01-01 in the proleptic Gregorian calendar (H. Hinnant's
 * days_from_civil), valid for any year. */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int *y, int *m, int *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

/* Reads exactly `count` digits at s[*i]; -1 (and *i at the first non-digit)
 * when they are not there. */
static int digits(const char *s, size_t n, size_t *i, int count)
{
	int v = 0;
	for (int k = 0; k < count; k++) {
		if (*i >= n || !is_digit(s[*i]))
			return -1;
		v = v * 10 + (s[(*i)++] - '0');
	}
	return v;
}

static int fail(size_t at, const char *msg, size_t *errcol, const char **why)
{
	if (errcol)
		*errcol = at;
	if (why)
		*why = msg;
	return -1;
}

static int parse_zone(const char *s, size_t n, size_t *pi, lede_date *t, size_t *errcol,
                      const char **why)
{
	size_t i = *pi;
	if (s[i] == 'Z' || s[i] == 'z') {
		t->has_zone = true;
		t->offset = 0;
		*pi = i + 1;
		return 0;
	}
	if (s[i] != '+' && s[i] != '-')
		return fail(i, "expected Z or a +hh:mm zone after the time", errcol, why);
	int sign = s[i] == '-' ? -1 : 1;
	size_t start = ++i, k = 0;
	while (i + k < n && is_digit(s[i + k]))
		k++;
	int h, m = 0;
	if (k == 1 || k == 2) {
		/* "+2", "+02", "+02:00": YAML allows a one-digit hour here. */
		h = digits(s, n, &i, (int)k);
		if (i < n && s[i] == ':') {
			i++;
			size_t mstart = i;
			m = digits(s, n, &i, 2);
			if (m < 0)
				return fail(i, "expected two digits of zone minutes", errcol, why);
			if (m > 59)
				return fail(mstart, "zone minutes must be 00 to 59", errcol, why);
		}
	} else if (k == 4) {
		h = digits(s, n, &i, 2);
		m = digits(s, n, &i, 2);
		if (m > 59)
			return fail(start + 2, "zone minutes must be 00 to 59", errcol, why);
	} else {
		return fail(k ? start + k : start, "expected a zone as +hh:mm, +hhmm or +hh",
		            errcol, why);
	}
	/* The zones in use, Baker Island's -12:00 to Kiribati's +14:00:
	 * xsd:dateTime (Atom) allows -14:00, but jing, the validator of
	 * Atom's schema, refuses a zone west of -13:00 (Java's calendar), so
	 * a feed holding one is not valid there. */
	if (h > 14 || (h == 14 && m > 0) || (sign < 0 && (h > 12 || (h == 12 && m > 0))))
		return fail(start, "a zone is between -12:00 and +14:00 (the zones in use)", errcol,
		            why);
	t->has_zone = true;
	t->offset = sign * (h * 60 + m);
	*pi = i;
	return 0;
}

int lede_date_parse(const char *s, size_t n, lede_date *d, size_t *errcol, const char **why)
{
	lede_date t;
	memset(&t, 0, sizeof t);
	size_t i = 0;
	if (n == 0)
		return fail(0, "empty date; write it as YYYY-MM-DD", errcol, why);
	if ((t.year = digits(s, n, &i, 4)) < 0)
		return fail(i, "expected a 4-digit year (YYYY-MM-DD)", errcol, why);
	if (t.year == 0) /* (no year 0 in xsd:dateTime: Atom's dates) */
		return fail(0, "year must be 0001 or later", errcol, why);
	if (i >= n || s[i] != '-')
		return fail(i, "expected '-' after the year (YYYY-MM-DD)", errcol, why);
	i++;
	if ((t.month = digits(s, n, &i, 2)) < 0)
		return fail(i, "expected a 2-digit month (YYYY-MM-DD)", errcol, why);
	if (t.month < 1 || t.month > 12)
		return fail(5, "month must be 01 to 12", errcol, why);
	if (i >= n || s[i] != '-')
		return fail(i, "expected '-' after the month (YYYY-MM-DD)", errcol, why);
	i++;
	if ((t.day = digits(s, n, &i, 2)) < 0)
		return fail(i, "expected a 2-digit day (YYYY-MM-DD)", errcol, why);
	if (t.day < 1 || t.day > 31)
		return fail(8, "day must be 01 to 31", errcol, why);
	if (t.day > days_in_month(t.year, t.month))
		return fail(8,
		            t.month == 2 && t.day == 29
		                ? "February 29 does not exist in that year (not a leap year)"
		                : "day is past the end of the month",
		            errcol, why);
	if (i == n) {
		*d = t;
		return 0;
	}

	if (s[i] == 'T' || s[i] == 't') {
		i++;
	} else if (s[i] == ' ' || s[i] == '\t') {
		while (i < n && (s[i] == ' ' || s[i] == '\t'))
			i++;
	} else {
		return fail(i, "expected 'T' or a space between the date and the time", errcol,
		            why);
	}
	size_t at = i;
	if ((t.hour = digits(s, n, &i, 2)) < 0)
		return fail(i, "expected a 2-digit hour (hh:mm)", errcol, why);
	if (t.hour > 23)
		return fail(at, "hour must be 00 to 23", errcol, why);
	if (i >= n || s[i] != ':')
		return fail(i, "expected ':' after the hour", errcol, why);
	at = ++i;
	if ((t.min = digits(s, n, &i, 2)) < 0)
		return fail(i, "expected 2-digit minutes", errcol, why);
	if (t.min > 59)
		return fail(at, "minutes must be 00 to 59", errcol, why);
	t.has_time = true;
	if (i < n && s[i] == ':') {
		at = ++i;
		if ((t.sec = digits(s, n, &i, 2)) < 0)
			return fail(i, "expected 2-digit seconds", errcol, why);
		/* (a leap second's :60 is no date RFC 822 or xsd:dateTime can
		 * write: the feeds would be invalid) */
		if (t.sec > 59)
			return fail(at, "seconds must be 00 to 59", errcol, why);
		if (i < n && (s[i] == '.' || s[i] == ',')) {
			i++;
			if (i >= n || !is_digit(s[i]))
				return fail(i, "expected digits after the decimal point", errcol,
				            why);
			int scale = 100000000;
			for (; i < n && is_digit(s[i]); i++, scale /= 10)
				t.nsec += (s[i] - '0') * scale; /* digits past nanoseconds add 0 */
		}
	}
	size_t ws = i;
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (i < n) {
		if (parse_zone(s, n, &i, &t, errcol, why))
			return -1;
	} else if (ws < n) {
		return fail(ws, "unexpected space at the end", errcol, why);
	}
	if (i < n)
		return fail(i, "unexpected character after the date", errcol, why);
	/* The instant too, not only the date as written: Atom's dates are
	 * xsd:dateTime, whose value is the UTC one, so that
	 * 9999-12-31T23:59:59-14:00 (10000-01-01T13:59:59Z) is no date of a
	 * valid feed, nor 0001-01-01T00:00:00+01:00 (in the year 0). */
	int64_t utc = lede_date_epoch(&t);
	const char *range =
	    utc > LEDE_EPOCH_LAST
	        ? "in UTC it is after 9999-12-31T23:59:59Z, the latest date lede takes (a "
	          "feed's dates are of the years 0001 to 9999 in UTC)"
	    : utc < LEDE_EPOCH_FIRST
	        ? "in UTC it is before 0001-01-01T00:00:00Z, the earliest date lede takes (a "
	          "feed's dates are of the years 0001 to 9999 in UTC)"
	        : NULL;
	if (range) {
		fail(0, range, errcol, why);
		return -2;
	}
	*d = t;
	return 0;
}

int64_t lede_date_epoch(const lede_date *d)
{
	int64_t days = days_from_civil(d->year, d->month, d->day);
	return days * 86400 + d->hour * 3600 + d->min * 60 + d->sec - (int64_t)d->offset * 60;
}

lede_date lede_date_from_epoch(int64_t t, int offset)
{
	lede_date d;
	memset(&d, 0, sizeof d);
	int64_t local = t + (int64_t)offset * 60;
	int64_t days = local / 86400, rem = local % 86400;
	if (rem < 0) {
		rem += 86400;
		days--;
	}
	civil_from_days(days, &d.year, &d.month, &d.day);
	d.hour = (int)(rem / 3600);
	d.min = (int)(rem / 60 % 60);
	d.sec = (int)(rem % 60);
	d.offset = offset;
	d.has_time = d.has_zone = true;
	return d;
}

int lede_date_weekday(const lede_date *d)
{
	int64_t w = (days_from_civil(d->year, d->month, d->day) + 4) % 7;
	return (int)(w < 0 ? w + 7 : w);
}

int lede_date_compare(const lede_date *a, const lede_date *b)
{
	int64_t ea = lede_date_epoch(a), eb = lede_date_epoch(b);
	if (ea != eb)
		return ea < eb ? -1 : 1;
	return (a->nsec > b->nsec) - (a->nsec < b->nsec);
}

static void put_zone(const lede_date *d, bool colon, lede_buf *out)
{
	int o = d->offset < 0 ? -d->offset : d->offset;
	lede_buf_putc(out, d->offset < 0 ? '-' : '+');
	lede_buf_put_num(out, o / 60, 2);
	if (colon)
		lede_buf_putc(out, ':');
	lede_buf_put_num(out, o % 60, 2);
}

/* "2020-07-24" */
static void put_day(const lede_date *d, lede_buf *out)
{
	lede_buf_put_num(out, d->year, 4);
	lede_buf_putc(out, '-');
	lede_buf_put_num(out, d->month, 2);
	lede_buf_putc(out, '-');
	lede_buf_put_num(out, d->day, 2);
}

/* "2020-07-24T10:00:00.5", the fraction only when there is one. */
static void put_local(const lede_date *d, lede_buf *out)
{
	put_day(d, out);
	lede_buf_putc(out, 'T');
	lede_buf_put_num(out, d->hour, 2);
	lede_buf_putc(out, ':');
	lede_buf_put_num(out, d->min, 2);
	lede_buf_putc(out, ':');
	lede_buf_put_num(out, d->sec, 2);
	if (d->nsec > 0) {
		char frac[16];
		int len = 9;
		int v = d->nsec;
		for (int k = 8; k >= 0; k--, v /= 10)
			frac[k] = (char)('0' + v % 10);
		while (len > 1 && frac[len - 1] == '0')
			len--;
		lede_buf_putc(out, '.');
		lede_buf_put(out, frac, (size_t)len);
	}
}

void lede_date_rfc3339(const lede_date *d, lede_buf *out)
{
	put_local(d, out);
	if (d->has_zone && d->offset != 0)
		put_zone(d, true, out);
	else
		lede_buf_putc(out, 'Z');
}

void lede_date_rfc822(const lede_date *d, lede_buf *out)
{
	lede_buf_printf(out, "%s, %02d %s %04d %02d:%02d:%02d ", en_days_abbr[lede_date_weekday(d)],
	                d->day, en_months_abbr[d->month - 1], d->year, d->hour, d->min, d->sec);
	put_zone(d, false, out);
}

void lede_date_iso(const lede_date *d, lede_buf *out)
{
	if (!d->has_time) {
		put_day(d, out);
		return;
	}
	/* A wall time written without zone stays without one: adding Z would
	 * claim a precision the author never gave. */
	if (d->has_zone)
		lede_date_rfc3339(d, out);
	else
		put_local(d, out);
}

int lede_date_localized(const lede_date *d, const char *lang, lede_buf *out)
{
	const struct names *nm = find_names(lang);
	const struct names *l = nm ? nm : &languages[0];
	/* "lundi 1er mars 2021", "lunes 1 de marzo de 2021", "2021年3月1日月曜日" */
	for (const char *p = l->full; *p; p++) {
		if (*p != '{' || !p[1] || p[2] != '}') {
			lede_buf_putc(out, *p);
			continue;
		}
		switch (p[1]) {
		case 'W': lede_buf_puts(out, l->days[lede_date_weekday(d)]); break;
		case 'd': lede_buf_put_num(out, d->day, 0); break;
		case 'D': /* French: the first is "1er" */
			lede_buf_put_num(out, d->day, 0);
			if (d->day == 1)
				lede_buf_puts(out, "er");
			break;
		case 'M': lede_buf_puts(out, l->months[d->month - 1]); break;
		case 'm': lede_buf_put_num(out, d->month, 0); break;
		case 'y': lede_buf_put_num(out, d->year, 0); break;
		default: lede_buf_put(out, p, 3); break; /* (no such field: as written) */
		}
		p += 2;
	}
	return nm || !lang ? 0 : -1;
}

void lede_date_format(const lede_date *d, const char *fmt, const char *lang, lede_buf *out)
{
	const struct names *nm = find_names(lang);
	if (!nm)
		nm = &languages[0];
	lede_buf_cstr(out);
	for (const char *p = fmt; *p; p++) {
		if (*p != '%' || !p[1]) {
			lede_buf_putc(out, *p);
			continue;
		}
		switch (*++p) {
		case 'Y': lede_buf_printf(out, "%04d", d->year); break;
		case 'y': lede_buf_printf(out, "%02d", (d->year % 100 + 100) % 100); break;
		case 'm': lede_buf_printf(out, "%02d", d->month); break;
		case 'd': lede_buf_printf(out, "%02d", d->day); break;
		case 'e': lede_buf_printf(out, "%2d", d->day); break;
		case 'H': lede_buf_printf(out, "%02d", d->hour); break;
		case 'M': lede_buf_printf(out, "%02d", d->min); break;
		case 'S': lede_buf_printf(out, "%02d", d->sec); break;
		case 'F': lede_buf_printf(out, "%04d-%02d-%02d", d->year, d->month, d->day); break;
		case 'T': lede_buf_printf(out, "%02d:%02d:%02d", d->hour, d->min, d->sec); break;
		case 'j':
			lede_buf_printf(out, "%03d",
			                (int)(days_from_civil(d->year, d->month, d->day) -
			                      days_from_civil(d->year, 1, 1)) +
			                    1);
			break;
		case 'a': lede_buf_puts(out, nm->days_abbr[lede_date_weekday(d)]); break;
		case 'A': lede_buf_puts(out, nm->days[lede_date_weekday(d)]); break;
		case 'b': lede_buf_puts(out, nm->months_abbr[d->month - 1]); break;
		case 'B': lede_buf_puts(out, nm->months[d->month - 1]); break;
		case 'z': put_zone(d, false, out); break;
		case 'Z':
			/* No zone names without a tz database: UTC or the offset. */
			if (d->offset == 0)
				lede_buf_puts(out, "UTC");
			else
				put_zone(d, true, out);
			break;
		case '%': lede_buf_putc(out, '%'); break;
		default:
			lede_buf_putc(out, '%');
			lede_buf_putc(out, *p);
			break;
		}
	}
}
