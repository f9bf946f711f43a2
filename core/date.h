/* date.h: calendar dates with optional time and UTC offset, parsed from
 * ISO 8601 / YAML timestamps and written as RFC 3339, RFC 822 and long
 * dates in English, French and Spanish. Plain values: no allocation. */
#ifndef LEDE_DATE_H
#define LEDE_DATE_H

#include "buf.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct lede_date {
	int year, month, day;    /* local calendar date, as written */
	int hour, min, sec;      /* local wall time; 0 when !has_time */
	int nsec;                /* fraction of a second, nanoseconds */
	int offset;              /* minutes east of UTC; 0 when !has_zone */
	bool has_time, has_zone; /* a date alone is allowed in front matter */
} lede_date;

/* The first and last instants lede takes, 0001-01-01T00:00:00Z and
 * 9999-12-31T23:59:59Z, in seconds since the epoch: the years a feed's
 * dates can have (xsd:dateTime, whose value is the UTC instant; RFC 822's
 * four digits). */
#define LEDE_EPOCH_FIRST (-62135596800LL)
#define LEDE_EPOCH_LAST  253402300799LL

/* Parses "2020-07-24", "2020-07-24T10:00:00+02:00", "2020-07-24 10:00",
 * "2020-07-24T10:00:00.5Z" (also a space before the zone, as YAML allows),
 * both the date as written and its UTC instant of the years 0001 to 9999.
 * Returns 0, or -1 with *errcol set to the 0-based byte offset of the first
 * bad character and *why to a static description; -2 the same way (*errcol
 * 0) for a date well written whose UTC instant is outside those years. */
int lede_date_parse(const char *s, size_t n, lede_date *d, size_t *errcol, const char **why);
/* Seconds since the epoch (UTC); a date without zone is read as UTC. */
int64_t lede_date_epoch(const lede_date *d);
/* A date from epoch seconds at the given offset in minutes. */
lede_date lede_date_from_epoch(int64_t t, int offset);
/* 0 Sunday .. 6 Saturday */
int lede_date_weekday(const lede_date *d);
/* Negative, zero, positive as a is before, at, after b (by UTC instant). */
int lede_date_compare(const lede_date *a, const lede_date *b);
/* "2020-07-24T10:00:00+02:00"; a date without time gets T00:00:00, a date
 * without zone gets Z. */
void lede_date_rfc3339(const lede_date *d, lede_buf *out);
/* "Fri, 24 Jul 2020 10:00:00 +0200" */
void lede_date_rfc822(const lede_date *d, lede_buf *out);
/* The date as written: "2020-07-24" or the RFC 3339 form when it had a time. */
void lede_date_iso(const lede_date *d, lede_buf *out);
/* "Friday 24 July 2020", "vendredi 24 juillet 2020", "viernes 24 de julio de
 * 2020"; an unknown language falls back to English. Returns 0, or -1 when
 * lang was unknown (the English form is still written). */
int lede_date_localized(const lede_date *d, const char *lang, lede_buf *out);
/* strftime-like: %Y %m %d %e %H %M %S %y %b %B %a %A %j %z %Z %% with
 * names in lang (NULL: English). Unknown conversions are copied as is. */
void lede_date_format(const lede_date *d, const char *fmt, const char *lang, lede_buf *out);

#endif
