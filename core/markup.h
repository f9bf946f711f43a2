/* markup.h: reading HTML and XML tags as the link check does, for it and
 * for whoever needs a tag's attributes (an SVG's declared size): the next
 * element's name past comments, CDATA, declarations, processing
 * instructions and closing tags, then its attributes one by one. Inline:
 * the link check reads every page a build writes with them. */
#ifndef LEDE_MARKUP_H
#define LEDE_MARKUP_H

#include <ctype.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

static inline bool lede_markup_ws(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* The next opening tag at or after *p (before end): its name in
 * name[0..*nl), *p just past the name; false when there is none.
 * Comments and CDATA sections are skipped whole, and so are declarations
 * (<!DOCTYPE ...>, with an internal subset in brackets), processing
 * instructions and closing tags. */
static inline bool lede_markup_tag(const char **p, const char *end, const char **name, size_t *nl)
{
	const char *s = *p;
	while (s < end) {
		const char *l = memchr(s, '<', (size_t)(end - s));
		if (!l)
			break;
		const char *q = l + 1;
		const char *skip = NULL;
		size_t skip_len = 0;
		if (end - q >= 3 && !memcmp(q, "!--", 3))
			skip = "-->", skip_len = 3, q += 3;
		else if (end - q >= 8 && !memcmp(q, "![CDATA[", 8))
			skip = "]]>", skip_len = 3, q += 8;
		if (skip) {
			const char *c = q;
			while ((c = memchr(c, skip[0], (size_t)(end - c))) &&
			       ((size_t)(end - c) < skip_len || memcmp(c, skip, skip_len)))
				c++;
			s = c ? c + skip_len : end;
			continue;
		}
		if (q < end && (*q == '!' || *q == '?' || *q == '/')) {
			/* (a doctype's internal subset, in brackets, may hold '>') */
			bool decl = *q == '!';
			int depth = 0;
			while (q < end && (*q != '>' || depth > 0)) {
				if (decl)
					depth += *q == '[' ? 1 : *q == ']' && depth > 0 ? -1 : 0;
				q++;
			}
			s = q < end ? q + 1 : end;
			continue;
		}
		const char *nm = q;
		while (q < end && (isalnum((unsigned char)*q) || *q == ':' || *q == '-' ||
		                   *q == '_' || *q == '.'))
			q++;
		if (q == nm) {
			s = l + 1;
			continue;
		}
		*name = nm;
		*nl = (size_t)(q - nm);
		*p = q;
		return true;
	}
	*p = end;
	return false;
}

/* The next attribute of the tag whose name *p is past: its name in
 * name[0..*nl), its value (quoted or not, entities left as they are) in
 * val[0..*vl), *p past it; an attribute without a value is skipped. False
 * at the tag's '>' (*p at it) or at end (*p there: a quote not closed
 * ends the text). *selfclose says whether a '/' came last. */
static inline bool lede_markup_attr(const char **p, const char *end, const char **name, size_t *nl,
                                    const char **val, size_t *vl, bool *selfclose)
{
	const char *q = *p;
	while (q < end && *q != '>') {
		if (lede_markup_ws((unsigned char)*q)) {
			q++;
			continue;
		}
		if (*q == '/') {
			*selfclose = true;
			q++;
			continue;
		}
		*selfclose = false;
		const char *an = q;
		while (q < end && !lede_markup_ws((unsigned char)*q) && *q != '=' && *q != '>' &&
		       *q != '/')
			q++;
		size_t al = (size_t)(q - an);
		if (!al) {
			q++;
			continue;
		}
		while (q < end && lede_markup_ws((unsigned char)*q))
			q++;
		if (q >= end || *q != '=')
			continue;
		q++;
		while (q < end && lede_markup_ws((unsigned char)*q))
			q++;
		if (q < end && (*q == '"' || *q == '\'')) {
			const char *ve = memchr(q + 1, *q, (size_t)(end - q - 1));
			if (!ve)
				break;
			*val = q + 1;
			*vl = (size_t)(ve - *val);
			q = ve + 1;
		} else {
			*val = q;
			while (q < end && !lede_markup_ws((unsigned char)*q) && *q != '>')
				q++;
			*vl = (size_t)(q - *val);
		}
		*name = an;
		*nl = al;
		*p = q;
		return true;
	}
	*p = q < end && *q == '>' ? q : end;
	return false;
}

#endif
