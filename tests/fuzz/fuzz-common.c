/*
 * The fuzz harnesses' common part: exit wrapped into a longjmp, inputs
 * as in-memory files.
 *
 * A program that exits 3 leaves its memory to the kernel; a harness that
 * longjmps instead would pile up what the aborted input allocated (a
 * YAML parser alone is 64 KiB) until the fuzzer runs out of memory.  So
 * while armed, what libpp allocates (the x* functions, linked with
 * -Wl,--wrap) is tracked, and freed before the longjmp, with the YAML
 * parser conf_load was using.  Interned names live on: intern is not
 * tracked.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <yaml.h>

#include "buf.h"
#include "diag.h"
#include "fuzz.h"

jmp_buf		 fuzz_jmp;
volatile int	 fuzz_armed;

/*
 * The pointers allocated since fuzz_arm: an open-addressing set whose
 * slots count only if their generation is the current one, so that
 * arming empties it in constant time.  Past TRACK_MAX pointers the
 * rest is not tracked (and leaks if the input exits).
 */
#define TRACK_SLOTS	(1 << 16)
#define TRACK_MAX	(TRACK_SLOTS / 2)
static struct {
	void		*p;		/* NULL once freed */
	unsigned	 gen;
} slot[TRACK_SLOTS];
static unsigned	 used[TRACK_MAX];	/* the slots taken, in order */
static size_t	 nused;
static unsigned	 gen;
static int	 paused;		/* in intern */
static yaml_parser_t *parser;		/* conf_load's, while it parses */

static int	 reclaiming;		/* fuzz_arm(1): free on exit(3) */

static int
tracking(void)
{
	return fuzz_armed && !paused;
}

void
fuzz_arm(int reclaim)
{
	reclaiming = reclaim;
	gen++;
	nused = 0;
	parser = NULL;
	fuzz_armed = 1;
}

void
fuzz_disarm(void)
{
	fuzz_armed = 0;
}

static size_t
hash(const void *p)
{
	uintptr_t h = (uintptr_t)p;

	h ^= h >> 17;
	h *= 0x9e3779b97f4a7c15ULL;
	return (size_t)(h >> 48) & (TRACK_SLOTS - 1);
}

static void
track(void *p)
{
	size_t i;

	if (p == NULL || !tracking() || nused == TRACK_MAX)
		return;
	for (i = hash(p); slot[i].gen == gen; i = (i + 1) & (TRACK_SLOTS - 1))
		;
	slot[i].p = p;
	slot[i].gen = gen;
	used[nused++] = (unsigned)i;
}

/* Forgets p; 1 if it was tracked. */
static int
untrack(void *p)
{
	size_t i;

	if (p == NULL || !tracking())
		return 0;
	for (i = hash(p); slot[i].gen == gen; i = (i + 1) & (TRACK_SLOTS - 1))
		if (slot[i].p == p) {
			slot[i].p = NULL;	/* the slot stays taken */
			return 1;
		}
	return 0;
}

void	*__real_xmalloc(size_t);
void	*__real_xcalloc(size_t, size_t);
void	*__real_xrealloc(void *, size_t);
void	*__real_xreallocarray(void *, size_t, size_t);
char	*__real_xstrdup(const char *);
char	*__real_xstrndup(const char *, size_t);
void	 __real_free(void *);
const char *__real_intern(const char *, size_t);
int	 __real_yaml_parser_initialize(yaml_parser_t *);
void	 __real_yaml_parser_delete(yaml_parser_t *);
void	 __real_exit(int) __attribute__((noreturn));

void	*__wrap_xmalloc(size_t);
void	*__wrap_xcalloc(size_t, size_t);
void	*__wrap_xrealloc(void *, size_t);
void	*__wrap_xreallocarray(void *, size_t, size_t);
char	*__wrap_xstrdup(const char *);
char	*__wrap_xstrndup(const char *, size_t);
char	*__wrap_xasprintf(const char *, ...);
void	 __wrap_free(void *);
const char *__wrap_intern(const char *, size_t);
int	 __wrap_yaml_parser_initialize(yaml_parser_t *);
void	 __wrap_yaml_parser_delete(yaml_parser_t *);
void	 __wrap_exit(int) __attribute__((noreturn));

void *
__wrap_xmalloc(size_t n)
{
	void *p = __real_xmalloc(n);

	track(p);
	return p;
}

void *
__wrap_xcalloc(size_t n, size_t size)
{
	void *p = __real_xcalloc(n, size);

	track(p);
	return p;
}

/* A block allocated before arming stays untracked when it moves. */
void *
__wrap_xrealloc(void *old, size_t n)
{
	int was = old == NULL || untrack(old);
	void *p = __real_xrealloc(old, n);

	if (was)
		track(p);
	return p;
}

void *
__wrap_xreallocarray(void *old, size_t n, size_t size)
{
	int was = old == NULL || untrack(old);
	void *p = __real_xreallocarray(old, n, size);

	if (was)
		track(p);
	return p;
}

char *
__wrap_xstrdup(const char *s)
{
	char *p = __real_xstrdup(s);

	track(p);
	return p;
}

char *
__wrap_xstrndup(const char *s, size_t n)
{
	char *p = __real_xstrndup(s, n);

	track(p);
	return p;
}

char *
__wrap_xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *p;

	va_start(ap, fmt);
	if (vasprintf(&p, fmt, ap) == -1) {
		perror("fuzz: vasprintf");
		abort();
	}
	va_end(ap);
	track(p);
	return p;
}

void
__wrap_free(void *p)
{
	untrack(p);
	__real_free(p);
}

const char *
__wrap_intern(const char *s, size_t len)
{
	const char *p;

	paused++;
	p = __real_intern(s, len);
	paused--;
	return p;
}

int
__wrap_yaml_parser_initialize(yaml_parser_t *p)
{
	if (tracking())
		parser = p;
	return __real_yaml_parser_initialize(p);
}

void
__wrap_yaml_parser_delete(yaml_parser_t *p)
{
	if (p == parser)
		parser = NULL;
	__real_yaml_parser_delete(p);
}

/* Frees what the aborted input allocated; the stack is still whole. */
static void
reclaim(void)
{
	size_t i;

	if (!tracking() || !reclaiming)
		return;
	if (parser != NULL)
		__real_yaml_parser_delete(parser);
	parser = NULL;
	for (i = 0; i < nused; i++)
		if (slot[used[i]].p != NULL) {
			__real_free(slot[used[i]].p);
			slot[used[i]].p = NULL;
		}
	nused = 0;
}

void
__wrap_exit(int status)
{
	if (!fuzz_armed)
		__real_exit(status);
	if (status == PP_EXIT_DATA) {
		reclaim();
		fuzz_armed = 0;
		longjmp(fuzz_jmp, 1);
	}
	fprintf(stderr, "fuzz: exit(%d) on fuzzed input\n", status);
	abort();
}

int
fuzz_file(const uint8_t *data, size_t size, char path[32])
{
	int fd;
	size_t off = 0;
	ssize_t n;

	if ((fd = memfd_create("fuzz", MFD_CLOEXEC)) == -1) {
		perror("fuzz: memfd_create");
		abort();
	}
	while (off < size) {
		if ((n = write(fd, data + off, size - off)) <= 0) {
			perror("fuzz: write");
			abort();
		}
		off += (size_t)n;
	}
	snprintf(path, 32, "/dev/fd/%d", fd);
	return fd;
}

void
fuzz_close(int fd)
{
	close(fd);
}

char *
fuzz_str(const uint8_t *data, size_t size)
{
	char *s = xmalloc(size + 1);

	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

void
fuzz_init(const char *prog)
{
	pp_setprog(prog);
	pp_quiet(1);
}
