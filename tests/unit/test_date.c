/* test_date.c: date parsing, validation, epoch arithmetic and output. */
#include "date.h"

#include "harness.h"

static int parse(const char *s, lede_date *d)
{
	size_t col = 99;
	const char *why = NULL;
	return lede_date_parse(s, strlen(s), d, &col, &why);
}

/* The 0-based offset lede_date_parse blames, or -1 when s parses. */
static long bad_at(const char *s)
{
	lede_date d;
	size_t col = 99;
	const char *why = NULL;
	if (lede_date_parse(s, strlen(s), &d, &col, &why) == 0)
		return -1;
	if (!why || !*why)
		return -2;
	return (long)col;
}

static const char *out_buf(lede_buf *b) { return lede_buf_cstr(b); }

static void test_parse_date_only(void)
{
	lede_date d;
	CHECK_INT(parse("2020-07-24", &d), 0);
	CHECK_INT(d.year, 2020);
	CHECK_INT(d.month, 7);
	CHECK_INT(d.day, 24);
	CHECK(!d.has_time);
	CHECK(!d.has_zone);
	CHECK_INT(d.hour, 0);
}

static void test_parse_forms(void)
{
	lede_date d;
	CHECK_INT(parse("2020-07-24T10:00:00+02:00", &d), 0);
	CHECK_INT(d.hour, 10);
	CHECK_INT(d.offset, 120);
	CHECK(d.has_time && d.has_zone);

	CHECK_INT(parse("2020-07-24t10:05:07Z", &d), 0);
	CHECK_INT(d.min, 5);
	CHECK_INT(d.sec, 7);
	CHECK_INT(d.offset, 0);
	CHECK(d.has_zone);

	CHECK_INT(parse("2020-07-24 10:00", &d), 0);
	CHECK(d.has_time && !d.has_zone);
	CHECK_INT(d.sec, 0);

	CHECK_INT(parse("2020-07-24   10:00:01", &d), 0);
	CHECK_INT(d.sec, 1);

	CHECK_INT(parse("2020-07-24T10:00:00.5Z", &d), 0);
	CHECK_INT(d.nsec, 500000000);
	CHECK_INT(parse("2020-07-24T10:00:00.123456789123-05:30", &d), 0);
	CHECK_INT(d.nsec, 123456789);
	CHECK_INT(d.offset, -330);

	CHECK_INT(parse("2020-07-24T10:00:00+0200", &d), 0);
	CHECK_INT(d.offset, 120);
	CHECK_INT(parse("2020-07-24T10:00:00+02", &d), 0);
	CHECK_INT(d.offset, 120);
	/* YAML's own example: a space before the zone, a one-digit hour. */
	CHECK_INT(parse("2001-12-14 21:59:43.10 -5", &d), 0);
	CHECK_INT(d.offset, -300);
	CHECK_INT(d.nsec, 100000000);
	CHECK_INT(parse("2020-07-24T10:00:00 Z", &d), 0);
	CHECK(d.has_zone);
	/* the zones in use reach +14:00 (Kiribati) and -12:00 */
	CHECK_INT(parse("2020-07-24T10:00:00+14:00", &d), 0);
	CHECK_INT(d.offset, 840);
	CHECK_INT(parse("2020-07-24T10:00:00-12:00", &d), 0);
	CHECK_INT(d.offset, -720);
	CHECK_INT(parse("0001-01-01", &d), 0);
}

static void test_rejections(void)
{
	CHECK_INT(bad_at(""), 0);
	CHECK_INT(bad_at("20-07-24"), 2);
	CHECK_INT(bad_at("2020/07/24"), 4);
	CHECK_INT(bad_at("2020-7-24"), 6);
	CHECK_INT(bad_at("2020-13-01"), 5);
	CHECK_INT(bad_at("2020-00-01"), 5);
	CHECK_INT(bad_at("2020-07-32"), 8);
	CHECK_INT(bad_at("2020-07-00"), 8);
	CHECK_INT(bad_at("2020-04-31"), 8);
	CHECK_INT(bad_at("2020-07-24X10:00"), 10);
	CHECK_INT(bad_at("2020-07-24T24:00"), 11);
	CHECK_INT(bad_at("2020-07-24T1:00"), 12);
	CHECK_INT(bad_at("2020-07-24T10-00"), 13);
	CHECK_INT(bad_at("2020-07-24T10:60"), 14);
	CHECK_INT(bad_at("2020-07-24T10:00:61"), 17);
	/* a leap second, a zone past 14:00, year 0: no date an Atom feed
	 * (xsd:dateTime) or RSS (RFC 822) can hold */
	CHECK_INT(bad_at("2016-12-31T23:59:60Z"), 17);
	CHECK_INT(bad_at("2020-07-24T10:00:00+15:00"), 20);
	CHECK_INT(bad_at("2020-07-24T10:00:00+14:30"), 20);
	CHECK_INT(bad_at("2020-07-24T10:00:00-23:00"), 20);
	/* west of -12:00: no zone in use, and jing (Atom's schema) refuses
	 * one west of -13:00, though xsd:dateTime allows -14:00 */
	CHECK_INT(bad_at("2020-07-24T10:00:00-14:00"), 20);
	CHECK_INT(bad_at("2020-07-24T10:00:00-13:00"), 20);
	CHECK_INT(bad_at("2020-07-24T10:00:00-12:01"), 20);
	CHECK_INT(bad_at("2020-07-24T10:00:00-1201"), 20);
	CHECK_INT(bad_at("2020-07-24T10:00:00-13"), 20);
	CHECK_INT(bad_at("0000-01-01"), 0);
	CHECK_INT(bad_at("2020-07-24T10:00:00."), 20);
	CHECK_INT(bad_at("2020-07-24T10:00:00+25:00"), 20);
	CHECK_INT(bad_at("2020-07-24T10:00:00+02:60"), 23);
	CHECK_INT(bad_at("2020-07-24T10:00:00+020"), 23);
	CHECK_INT(bad_at("2020-07-24T10:00:00 UTC"), 20);
	CHECK_INT(bad_at("2020-07-24T10:00:00Zjunk"), 20);
	CHECK_INT(bad_at("2020-07-24 "), 11);
	CHECK_INT(bad_at("2020-07-24T10:00 "), 16);
	CHECK_INT(bad_at("2020-07-24x"), 10);
}

/* The UTC instant is of the years 0001 to 9999 too, not only the date as
 * written: 9999-12-31T23:59:59-12:00 is 10000-01-01T11:59:59Z, a year
 * no four-digit date holds. Blamed at the date's start. */
static void test_utc_range(void)
{
	lede_date d;
	CHECK_INT(bad_at("9999-12-31T23:59:59-12:00"), 0);
	CHECK_INT(bad_at("9999-12-31T23:59:59-00:01"), 0);
	CHECK_INT(bad_at("9999-12-31T12:00:00-12:00"), 0);
	CHECK_INT(bad_at("0001-01-01T00:00:00+00:01"), 0);
	CHECK_INT(bad_at("0001-01-01T13:59:59+14:00"), 0);
	size_t col;
	const char *why = NULL;
	CHECK(lede_date_parse("9999-12-31T23:59:59-12:00", 25, &d, &col, &why) == -2);
	CHECK_STR(why, "in UTC it is after 9999-12-31T23:59:59Z, the latest date lede takes "
	               "(a feed's dates are of the years 0001 to 9999 in UTC)");
	CHECK(lede_date_parse("0001-01-01T00:00+01", 19, &d, &col, &why) == -2);
	CHECK(why && strstr(why, "before 0001-01-01T00:00:00Z"));
	/* the last and first instants, at any offset */
	CHECK_INT(parse("9999-12-31T23:59:59Z", &d), 0);
	CHECK_INT(parse("9999-12-31T23:59:59.999", &d), 0);
	CHECK_INT(parse("9999-12-31T23:59:59+14:00", &d), 0);
	CHECK_INT(parse("9999-12-31T11:59:59-12:00", &d), 0);
	CHECK_INT(parse("9999-12-31", &d), 0);
	CHECK_INT(parse("0001-01-01", &d), 0);
	CHECK_INT(parse("0001-01-01T00:00:00-12:00", &d), 0);
	CHECK_INT(parse("0001-01-01T14:00:00+14:00", &d), 0);
	CHECK_INT(lede_date_epoch(&d), LEDE_EPOCH_FIRST);
}

static void test_leap_years(void)
{
	lede_date d;
	CHECK_INT(parse("2020-02-29", &d), 0);
	CHECK_INT(parse("2000-02-29", &d), 0);
	CHECK_INT(bad_at("2021-02-29"), 8);
	CHECK_INT(bad_at("1900-02-29"), 8);
	CHECK_INT(bad_at("2020-02-30"), 8);
	size_t col;
	const char *why = NULL;
	CHECK(lede_date_parse("2021-02-29", 10, &d, &col, &why) == -1);
	CHECK(why && strstr(why, "leap"));
}

static void test_epoch(void)
{
	lede_date d;
	CHECK_INT(parse("2020-07-24T10:00:00+02:00", &d), 0);
	CHECK_INT(lede_date_epoch(&d), 1595577600);
	CHECK_INT(parse("1970-01-01", &d), 0);
	CHECK_INT(lede_date_epoch(&d), 0);
	CHECK_INT(parse("2000-03-01T00:00:00Z", &d), 0);
	CHECK_INT(lede_date_epoch(&d), 951868800);
	CHECK_INT(parse("1969-12-31T23:59:59Z", &d), 0);
	CHECK_INT(lede_date_epoch(&d), -1);
	CHECK_INT(parse("2038-01-19T03:14:08Z", &d), 0);
	CHECK_INT(lede_date_epoch(&d), 2147483648LL);
	CHECK_INT(parse("1900-01-01", &d), 0);
	CHECK_INT(lede_date_epoch(&d), -2208988800LL);

	/* Round trips at several offsets, across day and year boundaries. */
	const long long ts[] = {0,          -1,           951782400,    1595577600,
	                        1609459199, 4102444800LL, -2208988800LL};
	const int offs[] = {0, 120, -300, 330, -720};
	for (size_t i = 0; i < sizeof ts / sizeof ts[0]; i++)
		for (size_t j = 0; j < sizeof offs / sizeof offs[0]; j++) {
			lede_date r = lede_date_from_epoch(ts[i], offs[j]);
			CHECK_INT(lede_date_epoch(&r), ts[i]);
			CHECK_INT(r.offset, offs[j]);
		}
	lede_date r = lede_date_from_epoch(1595577600, 120);
	CHECK_INT(r.year, 2020);
	CHECK_INT(r.month, 7);
	CHECK_INT(r.day, 24);
	CHECK_INT(r.hour, 10);
	r = lede_date_from_epoch(-1, 0);
	CHECK_INT(r.year, 1969);
	CHECK_INT(r.month, 12);
	CHECK_INT(r.day, 31);
	CHECK_INT(r.sec, 59);
}

static void test_weekday_compare(void)
{
	lede_date d, e;
	parse("2020-07-24", &d);
	CHECK_INT(lede_date_weekday(&d), 5);
	parse("1970-01-01", &d);
	CHECK_INT(lede_date_weekday(&d), 4);
	parse("1969-12-28", &d);
	CHECK_INT(lede_date_weekday(&d), 0);
	parse("2000-02-29", &d);
	CHECK_INT(lede_date_weekday(&d), 2);

	parse("2020-07-24T10:00:00+02:00", &d);
	parse("2020-07-24T08:00:00Z", &e);
	CHECK_INT(lede_date_compare(&d, &e), 0);
	parse("2020-07-24T09:00:00+02:00", &e);
	CHECK(lede_date_compare(&d, &e) > 0);
	CHECK(lede_date_compare(&e, &d) < 0);
	parse("2020-07-24T08:00:00.1Z", &e);
	CHECK(lede_date_compare(&d, &e) < 0);
}

static void test_rfc(void)
{
	lede_date d;
	lede_buf b = LEDE_BUF_INIT;
	parse("2020-07-24T10:00:00+02:00", &d);
	lede_date_rfc3339(&d, &b);
	CHECK_STR(out_buf(&b), "2020-07-24T10:00:00+02:00");
	lede_buf_reset(&b);
	lede_date_rfc822(&d, &b);
	CHECK_STR(out_buf(&b), "Fri, 24 Jul 2020 10:00:00 +0200");

	parse("2020-07-04", &d);
	lede_buf_reset(&b);
	lede_date_rfc3339(&d, &b);
	CHECK_STR(out_buf(&b), "2020-07-04T00:00:00Z");
	lede_buf_reset(&b);
	lede_date_rfc822(&d, &b);
	CHECK_STR(out_buf(&b), "Sat, 04 Jul 2020 00:00:00 +0000");
	lede_buf_reset(&b);
	lede_date_iso(&d, &b);
	CHECK_STR(out_buf(&b), "2020-07-04");

	parse("2020-07-24T10:00:00.250-05:30", &d);
	lede_buf_reset(&b);
	lede_date_rfc3339(&d, &b);
	CHECK_STR(out_buf(&b), "2020-07-24T10:00:00.25-05:30");
	lede_buf_reset(&b);
	lede_date_rfc822(&d, &b);
	CHECK_STR(out_buf(&b), "Fri, 24 Jul 2020 10:00:00 -0530");

	parse("2020-07-24 10:00", &d);
	lede_buf_reset(&b);
	lede_date_iso(&d, &b);
	CHECK_STR(out_buf(&b), "2020-07-24T10:00:00");
	lede_buf_reset(&b);
	lede_date_rfc3339(&d, &b);
	CHECK_STR(out_buf(&b), "2020-07-24T10:00:00Z");
	parse("2020-07-24T10:00:00Z", &d);
	lede_buf_reset(&b);
	lede_date_iso(&d, &b);
	CHECK_STR(out_buf(&b), "2020-07-24T10:00:00Z");
	lede_buf_free(&b);
}

static void test_localized(void)
{
	lede_date d;
	lede_buf b = LEDE_BUF_INIT;
	parse("2020-07-24T10:00:00+02:00", &d);
	CHECK_INT(lede_date_localized(&d, "en", &b), 0);
	CHECK_STR(out_buf(&b), "Friday 24 July 2020");
	lede_buf_reset(&b);
	CHECK_INT(lede_date_localized(&d, "fr", &b), 0);
	CHECK_STR(out_buf(&b), "vendredi 24 juillet 2020");
	lede_buf_reset(&b);
	CHECK_INT(lede_date_localized(&d, "es", &b), 0);
	CHECK_STR(out_buf(&b), "viernes 24 de julio de 2020");
	lede_buf_reset(&b);
	CHECK_INT(lede_date_localized(&d, "fr-CA", &b), 0);
	CHECK_STR(out_buf(&b), "vendredi 24 juillet 2020");
	lede_buf_reset(&b);
	CHECK_INT(lede_date_localized(&d, "ES_mx", &b), 0);
	CHECK_STR(out_buf(&b), "viernes 24 de julio de 2020");
	lede_buf_reset(&b);
	/* CLDR's full date in each language lede has names for */
	static const char *const full[][2] = {
	    {"de", "Freitag, 24. Juli 2020"},
	    {"it", "venerdì 24 luglio 2020"},
	    {"pt-BR", "sexta-feira, 24 de julho de 2020"},
	    {"nl", "vrijdag 24 juli 2020"},
	    {"ru", "пятница, 24 июля 2020 г."},
	    {"pl", "piątek, 24 lipca 2020"},
	    {"tr", "24 Temmuz 2020 Cuma"},
	    {"ar", "الجمعة، 24 يوليو 2020"},
	    {"he", "יום שישי, 24 ביולי 2020"},
	    {"hi", "शुक्रवार, 24 जुलाई 2020"},
	    {"zh-Hans", "2020年7月24日星期五"},
	    {"ja", "2020年7月24日金曜日"},
	    {"ko", "2020년 7월 24일 금요일"},
	};
	for (size_t i = 0; i < sizeof full / sizeof *full; i++) {
		CHECK_INT(lede_date_localized(&d, full[i][0], &b), 0);
		CHECK_STR(out_buf(&b), full[i][1]);
		lede_buf_reset(&b);
	}
	/* a language lede has no names for: English, and -1 */
	CHECK_INT(lede_date_localized(&d, "sw", &b), -1);
	CHECK_STR(out_buf(&b), "Friday 24 July 2020");
	lede_buf_reset(&b);
	CHECK_INT(lede_date_localized(&d, "fra", &b), -1);
	lede_buf_reset(&b);

	parse("2020-07-01", &d);
	lede_date_localized(&d, "fr", &b);
	CHECK_STR(out_buf(&b), "mercredi 1er juillet 2020");
	lede_buf_reset(&b);
	lede_date_localized(&d, "en", &b);
	CHECK_STR(out_buf(&b), "Wednesday 1 July 2020");
	lede_buf_reset(&b);
	lede_date_localized(&d, "es", &b);
	CHECK_STR(out_buf(&b), "miércoles 1 de julio de 2020");
	lede_buf_reset(&b);
	parse("2021-08-15", &d);
	lede_date_localized(&d, "fr", &b);
	CHECK_STR(out_buf(&b), "dimanche 15 août 2021");
	lede_buf_reset(&b);
	parse("2021-12-04", &d);
	lede_date_localized(&d, "es", &b);
	CHECK_STR(out_buf(&b), "sábado 4 de diciembre de 2021");
	lede_buf_free(&b);
}

static void test_format(void)
{
	lede_date d;
	lede_buf b = LEDE_BUF_INIT;
	parse("2020-07-04T09:05:03+02:00", &d);
	lede_date_format(&d, "%Y-%m-%d %H:%M:%S %z %Z %y %j %e %%", NULL, &b);
	CHECK_STR(out_buf(&b), "2020-07-04 09:05:03 +0200 +02:00 20 186  4 %");
	lede_buf_reset(&b);
	lede_date_format(&d, "%a %A %b %B", "en", &b);
	CHECK_STR(out_buf(&b), "Sat Saturday Jul July");
	lede_buf_reset(&b);
	lede_date_format(&d, "%a %A %b %B", "fr", &b);
	CHECK_STR(out_buf(&b), "sam. samedi juil. juillet");
	lede_buf_reset(&b);
	lede_date_format(&d, "%a %A %b %B", "es-ES", &b);
	CHECK_STR(out_buf(&b), "sáb sábado jul julio");
	lede_buf_reset(&b);
	lede_date_format(&d, "%q %F %T 100%", "xx", &b);
	CHECK_STR(out_buf(&b), "%q 2020-07-04 09:05:03 100%");
	lede_buf_reset(&b);
	parse("2020-12-31", &d);
	lede_date_format(&d, "%j %Z %z", NULL, &b);
	CHECK_STR(out_buf(&b), "366 UTC +0000");
	lede_buf_reset(&b);
	lede_date_format(&d, "", NULL, &b);
	CHECK_STR(out_buf(&b), "");
	lede_buf_free(&b);
}

int main(void)
{
	RUN(test_parse_date_only);
	RUN(test_parse_forms);
	RUN(test_rejections);
	RUN(test_utc_range);
	RUN(test_leap_years);
	RUN(test_epoch);
	RUN(test_weekday_compare);
	RUN(test_rfc);
	RUN(test_localized);
	RUN(test_format);
	DONE();
}
