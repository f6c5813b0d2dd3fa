/*
 * Fuzzes the readers of other tools' formats (import.h) and the writers
 * only pp's output has (openmetrics, markdown): the first byte picks the
 * importer (its low nibble: 0 detects, n the importers[n - 1], or the
 * format forced by --input-format) and the output format (its high
 * nibble); the rest is the input.  Every record read is written.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "import.h"
#include "rd.h"
#include "rec.h"
#include "wr.h"
#include "fuzz.h"

static FILE		*devnull;
static struct rd	*volatile rd;
static struct wr	*volatile w;

static void
read_all(void)
{
	struct rec *r;
	const char *text;
	size_t len;

	while ((r = rd_next(rd)) != NULL) {
		if (r->bad != NULL) {
			text = rd_raw(rd, &len);
			if (text != NULL)
				wr_raw(w, text, len);
			continue;
		}
		wr_record(w, r);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int out_fmts[] = { FMT_CSV, FMT_TSV, FMT_JSON, FMT_TABLE,
	    FMT_OPENMETRICS, FMT_MARKDOWN };
	static size_t nimp;
	struct rdopts o;
	char path[32], *paths[1];
	unsigned opt;
	int fd;

	if (size < 1)
		return 0;
	if (devnull == NULL) {
		fuzz_init("fuzz-imports");
		if ((devnull = fopen("/dev/null", "w")) == NULL)
			abort();
		while (importers[nimp] != NULL)
			nimp++;
	}
	opt = data[0];
	data++, size--;

	memset(&o, 0, sizeof(o));
	o.fmt = (opt & 0x0f) == 0 ? FMT_AUTO :
	    FMT_IMPORT + (int)(((opt & 0x0f) - 1) % nimp);
	fd = fuzz_file(data, size, path);
	paths[0] = path;
	rd = NULL;
	w = NULL;
	fuzz_arm(0);
	if (setjmp(fuzz_jmp) == 0) {
		rd = rd_open(paths, 1, &o);
		w = wr_open(devnull, "/dev/null",
		    out_fmts[(opt >> 4) % (sizeof(out_fmts) /
		    sizeof(out_fmts[0]))]);
		read_all();
	}
	fuzz_disarm();
	if (w != NULL)
		wr_close(w);
	rd_close(rd);
	fuzz_close(fd);
	return 0;
}
