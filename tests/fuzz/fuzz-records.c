/*
 * Fuzzes the record readers (CSV, TSV, JSON Lines, detection, --metrics)
 * as the programs use them: every record read, its time, value and
 * series taken, then written back in some format, bad ones passed
 * through.  The first byte picks the options; the rest is the input.
 * A header the reader refuses (a duplicate name) exits 3: the reader
 * and writer are closed then as at the end.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "metric.h"
#include "opts.h"
#include "rd.h"
#include "rec.h"
#include "wr.h"
#include "fuzz.h"

static FILE		*devnull;
static const char	*metrics[2];
static struct rd	*volatile rd;
static struct wr	*volatile w;
static struct buf	 key;

static void
read_all(unsigned opt, const struct pp_common *c)
{
	struct rec *r;
	const char *text;
	const char *const *hdr;
	size_t len, nh;
	pp_time t;
	double v;

	while ((r = rd_next(rd)) != NULL) {
		(void)rd_file(rd);
		if (r->bad != NULL) {
			/* pass-through filters write a bad record as read */
			hdr = rd_header(rd, &nh);
			if (hdr != NULL && (opt & 0x80) && nh > 0)
				wr_header(w, hdr, nh);
			text = rd_raw(rd, &len);
			if (text != NULL)
				wr_raw(w, text, len);
			continue;
		}
		(void)metric_time(r, c, &t, &text);
		(void)metric_value(r, c, &v, &text);
		series_key(r, c, &key);
		if (opt & 0x80)
			rec_set(r, interns("added"), "1");
		wr_record(w, r);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int in_fmts[] = { FMT_AUTO, FMT_CSV, FMT_TSV, FMT_JSON };
	static const int out_fmts[] = { FMT_CSV, FMT_TSV, FMT_JSON, FMT_TABLE };
	/* series_key caches by options: one set for each, as a program has */
	static struct pp_common common[2];
	struct pp_common *c;
	struct rdopts o;
	char path[32], *paths[1];
	unsigned opt;
	int fd;

	if (size < 1)
		return 0;
	if (devnull == NULL) {
		fuzz_init("fuzz-records");
		if ((devnull = fopen("/dev/null", "w")) == NULL)
			abort();
		metrics[0] = interns("value");
		metrics[1] = interns("b");
		pp_common_init(&common[0]);
		pp_common_init(&common[1]);
		common[1].time_field = interns("t");
	}
	opt = data[0];
	data++, size--;

	c = &common[(opt & 0x40) != 0];
	memset(&o, 0, sizeof(o));
	o.fmt = in_fmts[opt & 3];
	o.keep_raw = (opt & 0x10) != 0;
	if (opt & 0x20) {
		o.metrics = metrics;
		o.nmetrics = 2;
	}

	fd = fuzz_file(data, size, path);
	paths[0] = path;
	rd = NULL;
	w = NULL;
	fuzz_arm(0);
	if (setjmp(fuzz_jmp) == 0) {
		rd = rd_open(paths, 1, &o);
		(void)rd_format(rd);
		w = wr_open(devnull, "/dev/null", out_fmts[(opt >> 2) & 3]);
		read_all(opt, c);
	}
	fuzz_disarm();
	if (w != NULL)
		wr_close(w);
	rd_close(rd);
	fuzz_close(fd);
	buf_free(&key);
	return 0;
}
