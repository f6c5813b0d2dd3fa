/* Fuzzes pp-optimize's optimize: section through its loader. */
#define main pp_optimize_main
int	 pp_optimize_main(int, char *[]);
#include "../../src/pp-optimize.c"
#undef main

#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct limits l;
	char path[32];
	int fd;

	fuzz_init("pp-optimize");
	fd = fuzz_file(data, size, path);
	fuzz_arm(1);
	if (setjmp(fuzz_jmp) == 0)
		load_limits(path, &l);
	fuzz_disarm();
	fuzz_close(fd);
	return 0;
}
