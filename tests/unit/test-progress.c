/*
 * Unit tests of the progress line (progress.h): readable counts and
 * rates, the percentage and what is left when the inputs' size is
 * known, and the total size of the inputs.  tests/terminal.bats shows
 * the line on a real terminal.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "progress.h"
#include "tap.h"

static const char *
line(unsigned long nrec, int64_t nbytes, int64_t total, double elapsed)
{
	static char buf[256];

	progress_format(buf, sizeof(buf), "pp-trend", "big.csv", nrec,
	    nbytes, total, elapsed);
	return buf;
}

static void
test_counts(void)
{
	tap_str(line(0, 0, -1, 1), "pp-trend: big.csv: 0 records  0 rec/s",
	    "no record yet");
	tap_str(line(1, 0, -1, 1), "pp-trend: big.csv: 1 record  1 rec/s",
	    "one record");
	tap_str(line(999, 0, -1, 1),
	    "pp-trend: big.csv: 999 records  999 rec/s", "999 as it is");
	tap_str(line(1000, 0, -1, 1),
	    "pp-trend: big.csv: 1.0k records  1.0k rec/s", "1000 is 1.0k");
	tap_str(line(9949, 0, -1, 2),
	    "pp-trend: big.csv: 9.9k records  5.0k rec/s",
	    "one decimal below 10");
	tap_str(line(9950, 0, -1, 1),
	    "pp-trend: big.csv: 10k records  10k rec/s",
	    "none from 10 (9950 rounds up)");
	tap_str(line(850000, 0, -1, 1),
	    "pp-trend: big.csv: 850k records  850k rec/s", "850k");
	tap_str(line(999499, 0, -1, 1),
	    "pp-trend: big.csv: 999k records  999k rec/s", "999k");
	tap_str(line(999500, 0, -1, 1),
	    "pp-trend: big.csv: 1.0M records  1.0M rec/s",
	    "999.5k rounds to 1.0M, not 1000k");
	tap_str(line(1234567, 0, -1, 1.5),
	    "pp-trend: big.csv: 1.2M records  823k rec/s",
	    "the rate is records per second");
	tap_str(line(1234567890, 0, -1, 1000),
	    "pp-trend: big.csv: 1.2G records  1.2M rec/s", "billions");
	tap_str(line(5000, 0, -1, 0), "pp-trend: big.csv: 5.0k records  "
	    "0 rec/s", "no time yet: no rate");
}

static void
test_size_known(void)
{
	tap_str(line(4200, 420, 1000, 2.1),
	    "pp-trend: big.csv: 4.2k records  2.0k rec/s  42%  left ~2.9s",
	    "percentage and seconds left");
	tap_str(line(4200, 999, 1000, 2),
	    "pp-trend: big.csv: 4.2k records  2.1k rec/s  99%  left ~0.0s",
	    "99.9% is 99%, not done");
	tap_str(line(100, 1, 100, 1.85),
	    "pp-trend: big.csv: 100 records  54 rec/s  1%  left ~3m03s",
	    "minutes left");
	tap_str(line(100, 1, 4000, 1.875),
	    "pp-trend: big.csv: 100 records  53 rec/s  0%  left ~2h04m",
	    "hours left");
	tap_str(line(100, 150, 100, 1),
	    "pp-trend: big.csv: 100 records  100 rec/s  100%  left ~0.0s",
	    "more than the size (a growing file) is 100%");
	tap_str(line(100, 0, 100, 1),
	    "pp-trend: big.csv: 100 records  100 rec/s",
	    "no byte read yet: nothing to say of what is left");
	tap_str(line(100, 50, 0, 1),
	    "pp-trend: big.csv: 100 records  100 rec/s",
	    "an empty size is no size");
}

static void
test_truncated(void)
{
	char buf[16];
	size_t n;

	n = progress_format(buf, sizeof(buf), "pp-trend", "big.csv", 5, 0,
	    -1, 1);
	tap_str(buf, "pp-trend: big.c", "cut to the buffer");
	tap_ok(n == 15, "the length of what was kept");
}

static void
test_total(void)
{
	char path[2][64];
	char *paths[3];
	struct progress p;
	int i, fd;

	for (i = 0; i < 2; i++) {
		snprintf(path[i], sizeof(path[i]), "/tmp/pp-progress.XXXXXX");
		if ((fd = mkstemp(path[i])) < 0 ||
		    write(fd, "0123456789", (size_t)(i + 1) * 5) < 0)
			pp_die_errno(PP_EXIT_SYS, "%s", path[i]);
		close(fd);
		paths[i] = path[i];
	}
	progress_start(&p, 1, paths, 2);
	tap_ok(p.on && p.total == 15, "the size of two files is their sum");
	progress_end(&p);
	tap_ok(!p.on, "ended");
	paths[2] = (char *)"/dev/null";
	progress_start(&p, 1, paths, 3);
	tap_ok(p.total == -1, "a device among them: no size");
	progress_end(&p);
	progress_start(&p, 0, paths, 2);
	progress_add(&p, 5000, 1 << 20);
	tap_ok(!p.on && p.nrec == 0 && p.total == 0,
	    "off: nothing is counted");
	for (i = 0; i < 2; i++)
		unlink(path[i]);
}

int
main(void)
{
	test_counts();
	test_size_known();
	test_truncated();
	test_total();
	return tap_done();
}
