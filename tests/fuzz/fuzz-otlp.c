/*
 * Fuzzes the OTLP/JSON reader of pp-optimize: every span read as a
 * record, its numbers taken as pp-optimize takes them, and written back
 * as JSON Lines.
 */
#include <stdio.h>
#include <stdlib.h>

#include "buf.h"
#include "rd.h"
#include "rec.h"
#include "units.h"
#include "wr.h"
#include "otlp.h"
#include "fuzz.h"

static void
span(struct rec *r, void *arg)
{
	const char *v;
	double d;

	if ((v = rec_get(r, interns("start"))) != NULL)
		(void)parse_double(v, &d);
	if ((v = rec_get(r, interns("duration"))) != NULL)
		(void)parse_seconds(v, &d);
	wr_record(arg, r);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *devnull;
	struct wr *w;
	char path[32], *paths[1];
	int fd;

	if (devnull == NULL) {
		fuzz_init("fuzz-otlp");
		if ((devnull = fopen("/dev/null", "w")) == NULL)
			abort();
	}
	fd = fuzz_file(data, size, path);
	paths[0] = path;
	w = wr_open(devnull, "/dev/null", FMT_JSON);
	otlp_read(paths, 1, span, w);
	wr_close(w);
	fuzz_close(fd);
	return 0;
}
