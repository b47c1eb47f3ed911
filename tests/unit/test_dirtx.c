/*
 * test_dirtx.c: the plan directory as gen writes it (core/dirtx.h) and the
 * manifest that names its files (planners/manifest.h): a transaction puts
 * every file or none, an interrupted one is rolled forward from its journal
 * or back without it, a second writer meets the lock, and no path read from
 * the repository leads out of the directory.
 */
#include "core/common.h"

#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <cmocka.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/diag.h"
#include "core/dirtx.h"
#include "core/path.h"
#include "planners/manifest.h"

static char dir[64];

static int
setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/ipl-dirtx-XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int
teardown(void **state)
{
	pid_t pid = fork();

	(void)state;
	if (pid == 0) {
		execlp("rm", "rm", "-rf", dir, (char *)NULL);
		_exit(127);
	}
	waitpid(pid, NULL, 0);
	return 0;
}

static void
put_file(const char *rel, const char *text)
{
	struct ipl_buf p = IPL_BUF_INIT;
	FILE *f;

	ipl_buf_addf(&p, "%s/%s", dir, rel);
	assert_non_null(f = fopen(p.data, "w"));
	fputs(text, f);
	fclose(f);
	ipl_buf_release(&p);
}

/* the file's text, or NULL when absent; the caller frees it */
static char *
file_text(const char *rel)
{
	struct ipl_buf p = IPL_BUF_INIT, b = IPL_BUF_INIT;
	int rc;

	ipl_buf_addf(&p, "%s/%s", dir, rel);
	rc = ipl_buf_read_file(&b, p.data, 1 << 20);
	ipl_buf_release(&p);
	if (rc < 0) {
		ipl_buf_release(&b);
		return NULL;
	}
	return ipl_buf_detach(&b, NULL);
}

static void
expect_file(const char *rel, const char *want)
{
	char *got = file_text(rel);

	if (!want) {
		if (got)
			fail_msg("%s: expected absent, holds \"%s\"", rel, got);
		return;
	}
	if (!got)
		fail_msg("%s: expected \"%s\", absent", rel, want);
	assert_string_equal(got, want);
	free(got);
}

static bool
present(const char *rel)
{
	struct ipl_buf p = IPL_BUF_INIT;
	struct stat st;
	bool yes;

	ipl_buf_addf(&p, "%s/%s", dir, rel);
	yes = lstat(p.data, &st) == 0;
	ipl_buf_release(&p);
	return yes;
}

static void
test_commit_puts_and_removes(void **state)
{
	struct ipl_dirtx tx;
	char sub[128];

	(void)state;
	put_file("old.txt", "old\n");
	snprintf(sub, sizeof(sub), "%s/gone", dir);
	assert_int_equal(mkdir(sub, 0755), 0);
	put_file("gone/last.txt", "x\n");
	assert_int_equal(ipl_dirtx_open(&tx, dir, false), 0);
	assert_int_equal(ipl_dirtx_put(&tx, "a/b/new.txt", "new\n", 4, 0644), 0);
	assert_int_equal(ipl_dirtx_put(&tx, "old.txt", "replaced\n", 9, 0600), 0);
	ipl_dirtx_remove(&tx, "gone/last.txt");
	/* staged, not committed: the directory still holds the old files */
	expect_file("old.txt", "old\n");
	expect_file("a/b/new.txt", NULL);
	assert_int_equal(ipl_dirtx_commit(&tx), 0);
	ipl_dirtx_close(&tx);
	expect_file("a/b/new.txt", "new\n");
	expect_file("old.txt", "replaced\n");
	expect_file("gone/last.txt", NULL);
	assert_false(present("gone")); /* left empty, removed */
	assert_false(present(IPL_DIRTX_STAGING));
	assert_false(present(IPL_DIRTX_JOURNAL));
}

static void
test_close_without_commit_changes_nothing(void **state)
{
	struct ipl_dirtx tx;

	(void)state;
	put_file("keep.txt", "keep\n");
	assert_int_equal(ipl_dirtx_open(&tx, dir, false), 0);
	assert_int_equal(ipl_dirtx_put(&tx, "keep.txt", "lost\n", 5, 0644), 0);
	ipl_dirtx_remove(&tx, "keep.txt");
	ipl_dirtx_close(&tx);
	expect_file("keep.txt", "keep\n");
	assert_false(present(IPL_DIRTX_STAGING));
}

/* a journal and its staged files as a gen killed after its commit point leaves them */
static void
test_open_rolls_a_journal_forward(void **state)
{
	struct ipl_dirtx tx;
	char sub[128];

	(void)state;
	put_file("a.txt", "old a\n");
	put_file("b.txt", "old b\n");
	snprintf(sub, sizeof(sub), "%s/%s", dir, IPL_DIRTX_STAGING);
	assert_int_equal(mkdir(sub, 0700), 0);
	put_file(IPL_DIRTX_STAGING "/2", "new c\n");
	/* file 1 was already moved into place before the kill */
	put_file("a.txt", "new a\n");
	put_file(IPL_DIRTX_JOURNAL,
		 "infraplan-journal 1\nput 1 0644 a.txt\nput 2 0640 d/c.txt\ndel b.txt\nend 3\n");
	assert_int_equal(ipl_dirtx_open(&tx, dir, false), 0);
	assert_true(tx.recovered);
	ipl_dirtx_close(&tx);
	expect_file("a.txt", "new a\n");
	expect_file("d/c.txt", "new c\n");
	expect_file("b.txt", NULL);
	assert_false(present(IPL_DIRTX_STAGING));
	assert_false(present(IPL_DIRTX_JOURNAL));
}

/* staged files without a journal: the gen died before its commit point */
static void
test_open_rolls_staging_back(void **state)
{
	struct ipl_dirtx tx;
	char sub[128];

	(void)state;
	put_file("a.txt", "old a\n");
	snprintf(sub, sizeof(sub), "%s/%s", dir, IPL_DIRTX_STAGING);
	assert_int_equal(mkdir(sub, 0700), 0);
	put_file(IPL_DIRTX_STAGING "/1", "new a\n");
	put_file(IPL_DIRTX_JOURNAL ".tmp", "infraplan-journal 1\nput 1 0644 a.txt\n");
	assert_int_equal(ipl_dirtx_open(&tx, dir, false), 0);
	assert_true(tx.recovered);
	ipl_dirtx_close(&tx);
	expect_file("a.txt", "old a\n");
	assert_false(present(IPL_DIRTX_STAGING));
	assert_false(present(IPL_DIRTX_JOURNAL ".tmp"));
}

static void
test_hostile_journals_are_refused_whole(void **state)
{
	static const char *const journals[] = {
		"infraplan-journal 1\ndel ../victim\nend 1\n",
		"infraplan-journal 1\ndel /etc/passwd\nend 1\n",
		"infraplan-journal 1\nput 1 0644 a/../../x\nend 1\n",
		"infraplan-journal 1\ndel a.txt\n",               /* no end */
		"infraplan-journal 1\ndel a.txt\nend 2\n",        /* a wrong count */
		"infraplan-journal 1\nput 1 9999 a.txt\nend 1\n", /* not a mode */
		"infraplan-journal 2\nend 0\n",
		"something else\n",
	};
	size_t i;

	(void)state;
	for (i = 0; i < IPL_ARRAY_SIZE(journals); i++) {
		struct ipl_dirtx tx;
		put_file("a.txt", "a\n");
		put_file(IPL_DIRTX_JOURNAL, journals[i]);
		errno = 0;
		if (ipl_dirtx_open(&tx, dir, false) == 0)
			fail_msg("journal %zu accepted: %s", i, journals[i]);
		assert_int_equal(errno, EINVAL);
		assert_non_null(strstr(tx.error, IPL_DIRTX_JOURNAL ", line "));
		ipl_dirtx_close(&tx);
		expect_file("a.txt", "a\n");
		assert_true(present(IPL_DIRTX_JOURNAL)); /* left for a person to look at */
	}
}

static void
test_second_writer_meets_the_lock(void **state)
{
	struct ipl_dirtx a, b;

	(void)state;
	assert_int_equal(ipl_dirtx_open(&a, dir, false), 0);
	assert_int_equal(ipl_dirtx_open(&b, dir, false), -1);
	assert_int_equal(errno, EWOULDBLOCK);
	assert_non_null(strstr(b.error, "another infraplan is writing this plan"));
	ipl_dirtx_close(&b);
	ipl_dirtx_close(&a);
	assert_int_equal(ipl_dirtx_open(&b, dir, false), 0);
	ipl_dirtx_close(&b);
}

static void
test_links_are_never_followed(void **state)
{
	struct ipl_dirtx tx;
	struct ipl_buf out = IPL_BUF_INIT, link = IPL_BUF_INIT;

	(void)state;
	ipl_buf_addf(&link, "%s/terraform", dir);
	assert_int_equal(symlink("/etc", link.data), 0);
	ipl_buf_reset(&link);
	ipl_buf_addf(&link, "%s/COST.md", dir);
	assert_int_equal(symlink("/etc/passwd", link.data), 0);
	assert_int_equal(ipl_dirtx_open(&tx, dir, false), 0);
	assert_int_equal(ipl_dirtx_check_path(&tx, "terraform/main.tf"), -1);
	assert_non_null(strstr(tx.error, "terraform is a symbolic link"));
	assert_int_equal(ipl_dirtx_read(&tx, "terraform/passwd", &out, 1 << 20), -1);
	assert_int_equal(ipl_dirtx_read(&tx, "COST.md", &out, 1 << 20), -1);
	assert_int_equal(errno, ELOOP);
	assert_int_equal(ipl_dirtx_check_path(&tx, "COST.md"), 0);
	/* a linked file is replaced by the file, never written through */
	assert_int_equal(ipl_dirtx_put(&tx, "COST.md", "cost\n", 5, 0644), 0);
	assert_int_equal(ipl_dirtx_commit(&tx), 0);
	ipl_dirtx_close(&tx);
	expect_file("COST.md", "cost\n");
	ipl_buf_release(&out);
	ipl_buf_release(&link);
}

/* a path named twice is refused at the earliest line that repeats one */
static void
test_manifest_duplicates(void **state)
{
	const char *hash = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
	struct ipl_manifest m;
	struct ipl_diags d;
	struct ipl_buf text = IPL_BUF_INIT;

	(void)state;
	ipl_manifest_init(&m);
	ipl_diags_init(&d);
	ipl_buf_addf(&text, "# spec: ../s.yaml\n%s  b\n%s  a\n%s  c\n%s  a\n%s  b\n", hash, hash,
		     hash, hash, hash);
	assert_int_equal(ipl_manifest_parse(&m, "M", text.data, text.len, &d), -1);
	assert_int_equal(d.nr, 1);
	assert_int_equal(d.items[0].loc.line, 5);
	assert_non_null(strstr(d.items[0].message, "names a file a second time"));
	ipl_buf_release(&text);
	ipl_diags_release(&d);
	ipl_manifest_release(&m);
}

static void
test_manifest_paths_stay_inside(void **state)
{
	static const struct {
		const char *line, *message;
	} bad[] = {
		{ "../victim", "a '..' component" },
		{ "nodes/../../victim", "a '..' component" },
		{ "/etc/passwd", "an absolute path" },
		{ "./COST.md", "a '.' component" },
		{ "terraform/", "an empty component" },
		{ "a//b", "an empty component" },
		{ "a\tb", "a control character" },
	};
	const char *hash = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
	size_t i;

	(void)state;
	for (i = 0; i < IPL_ARRAY_SIZE(bad); i++) {
		struct ipl_manifest m;
		struct ipl_diags d;
		struct ipl_buf text = IPL_BUF_INIT;
		ipl_manifest_init(&m);
		ipl_diags_init(&d);
		ipl_buf_addf(&text, "# infraplan: files\n# spec: ../s.yaml\n%s  COST.md\n%s  %s\n",
			     hash, hash, bad[i].line);
		assert_int_equal(ipl_manifest_parse(&m, "M", text.data, text.len, &d), -1);
		assert_int_equal(d.nr, 1);
		assert_int_equal(d.items[0].loc.line, 4);
		assert_int_equal(d.items[0].loc.col, 0);
		if (!strstr(d.items[0].message, bad[i].message))
			fail_msg("'%s': %s", bad[i].line, d.items[0].message);
		ipl_buf_release(&text);
		ipl_diags_release(&d);
		ipl_manifest_release(&m);
	}
	{
		/* what gen writes is read back whole; a NUL does not cut a path short */
		struct ipl_manifest m;
		struct ipl_diags d;
		static const char nul[] =
			"0123456789abcdef0123456789abcdef0123456789abcdef0123456789"
			"abcdef  COST.md\0../victim\n";
		struct ipl_buf text = IPL_BUF_INIT;
		ipl_manifest_init(&m);
		ipl_diags_init(&d);
		ipl_buf_addf(&text, "# spec: ../s.yaml\n# rightsize: true\n%s  terraform/main.tf\n",
			     hash);
		assert_int_equal(ipl_manifest_parse(&m, "M", text.data, text.len, &d), 0);
		assert_int_equal(m.nr, 1);
		assert_string_equal(m.spec, "../s.yaml");
		assert_true(m.rightsized);
		/* parsed entries are found by path (bsearch over the sorted entries) */
		assert_non_null(ipl_manifest_find(&m, "terraform/main.tf"));
		assert_null(ipl_manifest_find(&m, "terraform/main.tfx"));
		assert_int_equal(ipl_manifest_parse(&m, "M", nul, sizeof(nul) - 1, &d), -1);
		assert_non_null(strstr(d.items[0].message, "a NUL byte"));
		ipl_buf_release(&text);
		ipl_diags_release(&d);
		ipl_manifest_release(&m);
	}
}

/* the manifest's hash: the SHA instructions' path and libmd's agree at every length */
static void
test_sha256_matches_libmd(void **state)
{
	static const size_t large[] = { 4095, 4096, 65536 + 7, 1u << 20 };
	unsigned char *data = malloc(1u << 20);
	char fast[65], portable[65];
	size_t i, n;

	(void)state;
	assert_non_null(data);
	for (i = 0; i < (1u << 20); i++)
		data[i] = (unsigned char)(i * 131 + (i >> 8));
	for (n = 0; n <= 300; n++) {
		ipl_sha256_hex(data, n, fast);
		ipl_sha256_hex_portable(data, n, portable);
		assert_string_equal(fast, portable);
	}
	for (i = 0; i < IPL_ARRAY_SIZE(large); i++) {
		ipl_sha256_hex(data, large[i], fast);
		ipl_sha256_hex_portable(data, large[i], portable);
		assert_string_equal(fast, portable);
	}
	/* FIPS 180-2's "abc" */
	ipl_sha256_hex("abc", 3, fast);
	assert_string_equal(fast,
			    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	free(data);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_commit_puts_and_removes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_close_without_commit_changes_nothing, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_open_rolls_a_journal_forward, setup, teardown),
		cmocka_unit_test_setup_teardown(test_open_rolls_staging_back, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hostile_journals_are_refused_whole, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_second_writer_meets_the_lock, setup, teardown),
		cmocka_unit_test_setup_teardown(test_links_are_never_followed, setup, teardown),
		cmocka_unit_test(test_manifest_paths_stay_inside),
		cmocka_unit_test(test_manifest_duplicates),
		cmocka_unit_test(test_sha256_matches_libmd),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
