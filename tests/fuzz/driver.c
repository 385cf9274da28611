/*
 * A main() for the fuzz targets without libFuzzer: runs
 * LLVMFuzzerTestOneInput once on each file named on the command line,
 * each in a buffer of exactly its size. For replaying seeds and
 * regressions under valgrind (tests/suites/valgrind.sh), which, unlike
 * ASan, also sees what the system libraries (md4c, cmark-gfm, libyaml,
 * jansson) read and write. Built with the plain objects by `make
 * fuzz-plain` into build/fuzz/plain/.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "fs.h"

int	LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));
int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
main(int argc, char **argv)
{
	int i, rc = 0;

	if (LLVMFuzzerInitialize != NULL)
		LLVMFuzzerInitialize(&argc, &argv);
	for (i = 1; i < argc; i++) {
		struct buf b = BUF_INIT;
		uint8_t *exact;
		size_t len;

		if (fs_read_file(argv[i], &b) < 0) {
			fprintf(stderr, "%s: cannot read\n", argv[i]);
			rc = 2;
			continue;
		}
		/* no NUL or slack after the input, as libFuzzer gives it */
		len = b.len;
		exact = malloc(len ? len : 1);
		if (exact == NULL)
			abort();
		if (len > 0)
			memcpy(exact, b.data, len);
		buf_free(&b);
		LLVMFuzzerTestOneInput(exact, len);
		free(exact);
		printf("Executed %s\n", argv[i]);
	}
	return rc;
}
