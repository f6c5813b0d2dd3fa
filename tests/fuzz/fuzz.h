/*
 * What the fuzz harnesses share: surviving the exit(3) by which pp says
 * "bad data or configuration", and handing the input to code that reads
 * a path.
 */
#ifndef PP_FUZZ_H
#define PP_FUZZ_H

#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/*
 * Between fuzz_arm and fuzz_disarm, exit(PP_EXIT_DATA) longjmps to
 * fuzz_jmp (the harness links with -Wl,--wrap; see fuzz-common.c); any
 * other status aborts, as a finding: a reader must not exit 2 or 4 on
 * bytes it was given.  Unarmed, exit is exit.  Use as:
 *	fuzz_arm(1);
 *	if (setjmp(fuzz_jmp) == 0)
 *		work();
 *	fuzz_disarm();
 * With reclaim set, what libpp allocated since fuzz_arm is freed before
 * the longjmp: do not free it again.  Without, the harness frees it
 * (through volatile pointers).
 */
extern jmp_buf	 fuzz_jmp;
extern volatile int fuzz_armed;
void	 fuzz_arm(int reclaim);
void	 fuzz_disarm(void);

/*
 * The bytes as an anonymous in-memory file (memfd): returns its
 * descriptor, for fuzz_close, and sets path to "/dev/fd/N", which fopen
 * reads from the start.  Nothing is left on disk.
 */
int	 fuzz_file(const uint8_t *, size_t, char path[32]);
void	 fuzz_close(int fd);

/* The bytes as a NUL-terminated string (NULs inside cut it); free it. */
char	*fuzz_str(const uint8_t *, size_t);

/* Silences pp's warnings and names the program in messages. */
void	 fuzz_init(const char *prog);

#endif
