/*
 * The body of the configuration harnesses: the input is a YAML file for
 * conf_load, and CHECK(root) the section loader under test, which exits
 * 3 on a bad node.  A harness defines CHECK and PROG, then includes this.
 */
#include <stdlib.h>

#include "conf.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cnode *root;
	char path[32];
	int fd;

	fuzz_init(PROG);
	fd = fuzz_file(data, size, path);
	fuzz_arm(1);
	if (setjmp(fuzz_jmp) == 0) {
		root = conf_load(path);
		CHECK(root);
		conf_free(root);
	}
	fuzz_disarm();
	fuzz_close(fd);
	return 0;
}
