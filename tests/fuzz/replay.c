/*
 * Runs a fuzz harness over every file of the given corpus directories
 * (or files), as `make check` does with tests/fuzz/corpus/TARGET: a
 * crash or a sanitizer report fails it, so a finding stays fixed.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "diag.h"
#include "fuzz.h"

static unsigned long nrun;

static int
run_file(const char *path)
{
	FILE *fp;
	uint8_t *p = NULL;
	size_t n = 0, cap = 0, got;

	if ((fp = fopen(path, "rb")) == NULL) {
		perror(path);
		return -1;
	}
	do {
		if (n == cap) {
			cap = cap ? 2 * cap : 4096;
			p = xrealloc(p, cap);
		}
		got = fread(p + n, 1, cap - n, fp);
		n += got;
	} while (got > 0);
	if (ferror(fp)) {
		perror(path);
		fclose(fp);
		free(p);
		return -1;
	}
	fclose(fp);
	/* exactly n bytes, so that ASan sees a read past the end */
	p = xrealloc(p, n ? n : 1);
	LLVMFuzzerTestOneInput(p, n);
	free(p);
	nrun++;
	return 0;
}

static int
cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
run_path(const char *path)
{
	struct stat st;
	struct dirent *e;
	DIR *d;
	char **names = NULL, *full;
	size_t n = 0, i;
	int rc = 0;

	if (stat(path, &st) == -1) {
		perror(path);
		return -1;
	}
	if (!S_ISDIR(st.st_mode))
		return run_file(path);
	if ((d = opendir(path)) == NULL) {
		perror(path);
		return -1;
	}
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		names = xreallocarray(names, n + 1, sizeof(*names));
		names[n++] = xstrdup(e->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(*names), cmp);
	for (i = 0; i < n; i++) {
		full = xasprintf("%s/%s", path, names[i]);
		if (run_path(full) != 0)
			rc = -1;
		free(full);
		free(names[i]);
	}
	free(names);
	return rc;
}

int
main(int argc, char *argv[])
{
	int i, rc = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: %s DIR|FILE ...\n", argv[0]);
		return 2;
	}
	for (i = 1; i < argc; i++)
		if (run_path(argv[i]) != 0)
			rc = 1;
	if (nrun == 0) {
		fprintf(stderr, "%s: no inputs\n", argv[0]);
		return 1;
	}
	printf("%lu inputs\n", nrun);
	return rc;
}
