/*
 * fuzz_journal.c: the libFuzzer target for the plan directory's journal
 * (DIR/.infraplan-journal, core/dirtx.h). The journal is a file in the plan
 * directory, so a repository can hold any bytes there, and the next gen or
 * check carries out what it names: each input goes through the parser that
 * ipl_dirtx_open uses, without the file system. A journal that is accepted
 * must be one gen could have written: the magic line first, and every path
 * one that stays inside the plan (ipl_path_check_relative), with a mode a
 * file can have; anything else aborts, so that libFuzzer reports it.
 *
 * Built only with -DFUZZ=ON (tests/fuzz/CMakeLists.txt); the seed corpus is
 * tests/fuzz/corpus-journal/.
 */
#include "core/common.h"

#include "core/dirtx.h"
#include "core/path.h"
#include "core/xalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char magic[] = "infraplan-journal 1\n";

static void
check_accepted(const struct ipl_dirtx *tx, const uint8_t *data, size_t size)
{
	size_t i;

	if (size < sizeof(magic) - 1 || memcmp(data, magic, sizeof(magic) - 1) ||
	    data[size - 1] != '\n')
		abort();
	for (i = 0; i < tx->nr; i++) {
		const struct ipl_dirtx_op *op = &tx->ops[i];

		if (ipl_path_check_relative(op->rel, strlen(op->rel)))
			abort();
		if (op->mode < -1 || op->mode > 0777)
			abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ipl_dirtx tx;

	/* an ipl_dirtx opened on nothing: no directory, no staging, no lock */
	memset(&tx, 0, sizeof(tx));
	tx.dir = ipl_xstrdup("plan");
	tx.fd = tx.staging_fd = -1;
	if (ipl_dirtx_journal_parse(&tx, (const char *)data, size) == 0)
		check_accepted(&tx, data, size);
	else if (!tx.error[0])
		abort(); /* a refusal always says why */
	ipl_dirtx_close(&tx);
	return 0;
}
