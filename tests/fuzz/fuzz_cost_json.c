/*
 * fuzz_cost_json.c: the libFuzzer target for cost.json as infraplan reads it
 * back from git history. gen --commit reads the cost.json that HEAD holds for
 * the plan and writes the change into the commit message
 * (planners/commit_message.h); that file is whatever the repository holds.
 * `diff` and `history` re-plan the committed specs instead of reading
 * cost.json, so ipl_commit_message is its only reader. Each input is the
 * committed cost.json beside a fixed current cost of 14.20 EUR.
 *
 * Always checked: the first line names the plan and its total and ends with
 * the change in parentheses, the message is one line, and no figure in it is
 * "inf" or "nan", whatever the old file says (1e308 is valid JSON); a word
 * such as "infraplan" in a message is not a figure.
 *
 * Built only with -DFUZZ=ON (tests/fuzz/CMakeLists.txt); the seed corpus is
 * tests/fuzz/corpus-cost_json/.
 */
#include "core/common.h"

#include "core/buf.h"
#include "core/xalloc.h"
#include "planners/commit_message.h"
#include "planners/cost.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char subject_start[] = "fuzz: 14.20 EUR/month (";

/* true when word stands alone in text: "inf" as a figure, not inside "infraplan" */
static bool
has_word(const char *text, const char *word)
{
	const char *p;
	size_t n = strlen(word);

	for (p = text; (p = strstr(p, word)) != NULL; p++)
		if ((p == text || !isalpha((unsigned char)p[-1])) && !isalpha((unsigned char)p[n]))
			return true;
	return false;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ipl_cost cost = { .name = "fuzz", .currency = "EUR", .monthly_total = 14.2 };
	struct ipl_buf previous, msg = IPL_BUF_INIT;
	const char *text;

	/*
	 * a buf is NUL-terminated, as the one gen reads from git is; the copy is
	 * exactly that long, so that AddressSanitizer sees a read past the end
	 */
	previous.data = ipl_xmalloc(size + 1);
	memcpy(previous.data, data, size);
	previous.data[size] = '\0';
	previous.len = size;
	previous.alloc = size + 1;
	ipl_commit_message(&cost, &previous, NULL, NULL, &msg);
	text = ipl_buf_str(&msg);
	if (strncmp(text, subject_start, strlen(subject_start)) || msg.len < 2 ||
	    strcmp(text + msg.len - 2, ")\n"))
		abort();
	if (strchr(text, '\n') != text + msg.len - 1 || has_word(text, "inf") ||
	    has_word(text, "nan"))
		abort();
	ipl_buf_release(&msg);
	free(previous.data);
	return 0;
}
