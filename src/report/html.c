/*
 * pp-report's HTML text: escaping, dates for people, and the fixed
 * class names the style sheet knows.
 */
#include <stdio.h>
#include <string.h>

#include "clock.h"
#include "report.h"

/*
 * The one way text gets into the page, as element content or as an
 * attribute value between double quotes: every value of the input, of
 * the options and of the configuration, and every number and time
 * formatted from them, is written through it.
 */
void
html_escape(FILE *fp, const char *s)
{
	for (; *s != '\0'; s++)
		switch (*s) {
		case '<':
			fputs("&lt;", fp);
			break;
		case '>':
			fputs("&gt;", fp);
			break;
		case '&':
			fputs("&amp;", fp);
			break;
		case '"':
			fputs("&quot;", fp);
			break;
		case '\'':
			fputs("&#39;", fp);
			break;
		default:
			fputc(*s, fp);
		}
}

void
date_label(pp_time t, char buf[PP_TIME_LEN])
{
	time_format(t, buf);
	buf[16] = '\0';		/* YYYY-MM-DDTHH:MM */
	buf[10] = ' ';
}

/*
 * Class names come from fixed lists, never from the input: the
 * severities of pp-trend's change points, for their lines, and the
 * values that the style sheet colours, for table cells ("v-" and the
 * value).
 */
const char *const change_classes[] = { "minor", "moderate", "major",
    NULL };
const char *const cell_classes[] = { "degrading", "slower", "error",
    "critical", "major", "improving", "faster", "pass", NULL };

/* v when it is one of words, else "". */
const char *
known_word(const char *v, const char *const *words)
{
	size_t i;

	for (i = 0; words[i] != NULL; i++)
		if (strcmp(v, words[i]) == 0)
			return words[i];
	return "";
}
