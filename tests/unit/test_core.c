/*
 * test_core.c: the pieces everyone uses (core/): the growing buffer
 * (buf.h: always NUL-terminated, _detach hands the memory over, read_file
 * refuses a file over its limit and a directory), the arena (arena.h:
 * zeroed and aligned for any type, large objects on their own, growing
 * arrays; with IPL_ARENA_DEBUG, the sanitizer build, every allocation its
 * own malloc block) and the atomic writer (atomic.h: the old content or the
 * new, never a half-written file, and no temporary file left behind when
 * the write fails).
 */
#include "core/common.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <setjmp.h>
#include <cmocka.h>

#include "core/arena.h"
#include "core/atomic.h"
#include "core/buf.h"
#include "core/strmap.h"

/* ---- Buffers ------------------------------------------------------------ */

static void
test_buf_grows(void **state)
{
	struct ipl_buf b = IPL_BUF_INIT;
	size_t i;

	(void)state;
	assert_string_equal(ipl_buf_str(&b), "");
	ipl_buf_adds(&b, "node");
	ipl_buf_addc(&b, ' ');
	ipl_buf_addf(&b, "%s x %d", "cx23", 2);
	ipl_buf_addch(&b, '-', 3);
	assert_string_equal(ipl_buf_str(&b), "node cx23 x 2---");
	assert_int_equal(b.len, 16);
	/* an empty format adds nothing and keeps the NUL */
	ipl_buf_addf(&b, "%s", "");
	assert_int_equal(b.len, 16);
	/* grows across many reallocations, NUL-terminated throughout */
	for (i = 0; i < 200000; i++)
		ipl_buf_addc(&b, (char)('a' + i % 26));
	assert_int_equal(b.len, 200016);
	assert_true(b.alloc > b.len);
	assert_int_equal(b.data[b.len], '\0');
	assert_int_equal(b.data[200015], 'a' + 199999 % 26);
	/* bytes, NUL included, as given */
	ipl_buf_reset(&b);
	assert_int_equal(b.len, 0);
	assert_string_equal(ipl_buf_str(&b), "");
	ipl_buf_add(&b, "a\0b", 3);
	assert_int_equal(b.len, 3);
	assert_memory_equal(b.data, "a\0b", 4);
	ipl_buf_release(&b);
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.alloc, 0);
}

static void
test_buf_detach(void **state)
{
	struct ipl_buf b = IPL_BUF_INIT;
	size_t len = 99;
	char *p;

	(void)state;
	ipl_buf_adds(&b, "owned");
	p = ipl_buf_detach(&b, &len);
	assert_string_equal(p, "owned");
	assert_int_equal(len, 5);
	/* the buffer is empty and owns nothing: releasing it does not free p */
	assert_null(b.data);
	ipl_buf_release(&b);
	free(p);
	/* an empty buffer detaches an empty string, never NULL */
	p = ipl_buf_detach(&b, &len);
	assert_non_null(p);
	assert_string_equal(p, "");
	assert_int_equal(len, 0);
	free(p);
}

static char *
temp_dir(void)
{
	char *dir = strdup("/tmp/ipl-core-XXXXXX");

	assert_non_null(dir);
	assert_non_null(mkdtemp(dir));
	return dir;
}

static void
put(const char *path, const char *text, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	assert_true(fd >= 0);
	assert_int_equal(ipl_write_fully(fd, text, len), 0);
	assert_int_equal(close(fd), 0);
}

static void
test_buf_read_file(void **state)
{
	struct ipl_buf b = IPL_BUF_INIT, big = IPL_BUF_INIT;
	char *dir = temp_dir(), path[256], empty[256];

	(void)state;
	snprintf(path, sizeof(path), "%s/f", dir);
	snprintf(empty, sizeof(empty), "%s/empty", dir);
	/* larger than read_fd's 64 KiB chunk, to read in several */
	ipl_buf_addch(&big, 'x', 100000);
	put(path, big.data, big.len);
	put(empty, "", 0);
	/* exactly the limit is read */
	assert_int_equal(ipl_buf_read_file(&b, path, 100000), 0);
	assert_int_equal(b.len, 100000);
	assert_memory_equal(b.data, big.data, 100000);
	ipl_buf_release(&b);
	/* a byte over it is refused */
	errno = 0;
	assert_int_equal(ipl_buf_read_file(&b, path, 99999), -1);
	assert_int_equal(errno, EFBIG);
	ipl_buf_release(&b);
	/* an empty file is an empty string */
	assert_int_equal(ipl_buf_read_file(&b, empty, 10), 0);
	assert_non_null(b.data);
	assert_int_equal(b.len, 0);
	ipl_buf_release(&b);
	errno = 0;
	assert_int_equal(ipl_buf_read_file(&b, dir, 10), -1);
	assert_int_equal(errno, EISDIR);
	snprintf(path, sizeof(path), "%s/missing", dir);
	errno = 0;
	assert_int_equal(ipl_buf_read_file(&b, path, 10), -1);
	assert_int_equal(errno, ENOENT);
	ipl_buf_release(&b);
	ipl_buf_release(&big);
	snprintf(path, sizeof(path), "%s/f", dir);
	unlink(path);
	unlink(empty);
	rmdir(dir);
	free(dir);
}

/* ---- Arena -------------------------------------------------------------- */

static bool
zeroed(const unsigned char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i])
			return false;
	return true;
}

static void
test_arena_alloc(void **state)
{
	struct ipl_arena a;
	unsigned char *p[3000];
	unsigned char *big;
	size_t i;

	(void)state;
	ipl_arena_init(&a);
	/* 3000 x 100 bytes span several 64 KiB blocks: each zeroed, aligned, apart */
	for (i = 0; i < IPL_ARRAY_SIZE(p); i++) {
		p[i] = ipl_arena_alloc(&a, 100);
		assert_int_equal((uintptr_t)p[i] % 16, 0);
		assert_true(zeroed(p[i], 100));
		memset(p[i], 0xab, 100);
	}
	for (i = 1; i < IPL_ARRAY_SIZE(p); i++)
		assert_true(p[i] != p[i - 1]);
	/* 100 rounds up to 112: the total counts what was handed out */
	assert_int_equal(a.total, IPL_ARRAY_SIZE(p) * 112);
	/* a large object (over a quarter block) gets its own, zeroed */
	big = ipl_arena_alloc(&a, 200000);
	assert_true(zeroed(big, 200000));
	memset(big, 1, 200000);
	/* small allocations go on after it */
	assert_true(zeroed(ipl_arena_alloc(&a, 16), 16));
	/* a zero-sized allocation is still a distinct pointer */
	assert_non_null(ipl_arena_alloc(&a, 0));
	ipl_arena_release(&a);
	assert_null(a.blocks);
	assert_int_equal(a.total, 0);
}

/* a large object first, then small ones: no block is shared wrongly */
static void
test_arena_large_first(void **state)
{
	struct ipl_arena a;
	unsigned char *big, *small;

	(void)state;
	ipl_arena_init(&a);
	big = ipl_arena_alloc(&a, 50000);
	small = ipl_arena_alloc(&a, 32);
	assert_true(small + 32 <= big || small >= big + 50000);
	memset(big, 2, 50000);
	assert_true(zeroed(small, 32));
	ipl_arena_release(&a);
}

static void
test_arena_debug_mode(void **state)
{
	struct ipl_arena a;
	unsigned char *x, *y;

	(void)state;
	ipl_arena_init(&a);
	x = ipl_arena_alloc(&a, 16);
	y = ipl_arena_alloc(&a, 16);
#ifdef IPL_ARENA_DEBUG
	/* each allocation its own malloc block, so AddressSanitizer sees x[16] */
	assert_true(y != x + 16);
	assert_int_equal(a.used, 16);
#else
	/* packed one after the other in the current block */
	assert_ptr_equal(y, x + 16);
	assert_int_equal(a.used, 32);
#endif
	ipl_arena_release(&a);
}

static void
test_arena_strings_and_grow(void **state)
{
	struct ipl_arena a;
	int *arr = NULL;
	size_t nr = 0, alloc = 0, i;

	(void)state;
	ipl_arena_init(&a);
	assert_string_equal(ipl_arena_strdup(&a, "db"), "db");
	assert_string_equal(ipl_arena_strndup(&a, "abcdef", 3), "abc");
	assert_string_equal(ipl_arena_printf(&a, "10.0.1.%zu", (size_t)3), "10.0.1.3");
	assert_string_equal(ipl_arena_printf(&a, "%s", ""), "");
	/* 8, then doubled, each time keeping what the array held */
	for (i = 0; i < 100; i++) {
		arr = ipl_arena_grow(&a, arr, sizeof(*arr), nr, &alloc);
		arr[nr++] = (int)i * 3;
		if (i == 0)
			assert_int_equal(alloc, 8);
	}
	assert_int_equal(alloc, 128);
	for (i = 0; i < nr; i++)
		assert_int_equal(arr[i], (int)i * 3);
	/* room left: the same array back */
	assert_ptr_equal(ipl_arena_grow(&a, arr, sizeof(*arr), 100, &alloc), arr);
	ipl_arena_release(&a);
}

/* ---- Atomic writer ------------------------------------------------------ */

/* the names in dir other than . and .. and keep, joined by spaces */
static void
others_in(const char *dir, const char *keep, struct ipl_buf *out)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	assert_non_null(d);
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..") && strcmp(e->d_name, keep))
			ipl_buf_addf(out, "%s ", e->d_name);
	closedir(d);
}

static void
test_atomic_write_replaces(void **state)
{
	char *dir = temp_dir(), path[256];
	struct ipl_buf b = IPL_BUF_INIT, rest = IPL_BUF_INIT;
	struct stat st;
	int old_fd;

	(void)state;
	snprintf(path, sizeof(path), "%s/main.tf", dir);
	assert_int_equal(ipl_atomic_write(path, "old\n", 4, 0644), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0644);
	/* a reader that opened the old file keeps reading the old content */
	old_fd = open(path, O_RDONLY);
	assert_true(old_fd >= 0);
	assert_int_equal(ipl_atomic_write(path, "new content\n", 12, 0600), 0);
	assert_int_equal(ipl_buf_read_file(&b, path, 1024), 0);
	assert_string_equal(ipl_buf_str(&b), "new content\n");
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	ipl_buf_reset(&b);
	assert_int_equal(ipl_buf_read_fd(&b, old_fd, 1024), 0);
	assert_string_equal(ipl_buf_str(&b), "old\n");
	/* no temporary file is left beside it */
	others_in(dir, "main.tf", &rest);
	assert_string_equal(ipl_buf_str(&rest), "");
	ipl_buf_release(&rest);
	ipl_buf_release(&b);
	unlink(path);
	rmdir(dir);
	free(dir);
}

/* a failed write leaves what was there and no temporary file */
static void
test_atomic_write_failure_leaves_nothing(void **state)
{
	char *dir = temp_dir(), path[256];
	struct ipl_buf rest = IPL_BUF_INIT;

	(void)state;
	/* the target is a directory: the rename fails, the temporary is removed */
	snprintf(path, sizeof(path), "%s/plan", dir);
	assert_int_equal(mkdir(path, 0755), 0);
	errno = 0;
	assert_int_equal(ipl_atomic_write(path, "x", 1, 0644), -1);
	assert_int_equal(errno, EISDIR);
	others_in(dir, "plan", &rest);
	assert_string_equal(ipl_buf_str(&rest), "");
	rmdir(path);
	/* the directory does not exist: nothing is created */
	snprintf(path, sizeof(path), "%s/missing/main.tf", dir);
	errno = 0;
	assert_int_equal(ipl_atomic_write(path, "x", 1, 0644), -1);
	assert_int_equal(errno, ENOENT);
	others_in(dir, "", &rest);
	assert_string_equal(ipl_buf_str(&rest), "");
	ipl_buf_release(&rest);
	rmdir(dir);
	free(dir);
}

static void
test_mkdir_p(void **state)
{
	char *dir = temp_dir(), path[256], file[256];
	struct stat st;

	(void)state;
	snprintf(path, sizeof(path), "%s/a/b/c", dir);
	assert_int_equal(ipl_mkdir_p(path), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	/* again: it exists, fine */
	assert_int_equal(ipl_mkdir_p(path), 0);
	/* through a file: not a directory */
	snprintf(file, sizeof(file), "%s/a/f", dir);
	put(file, "", 0);
	assert_int_equal(ipl_mkdir_p(file), -1);
	assert_int_equal(errno, ENOTDIR);
	snprintf(path, sizeof(path), "%s/a/f/g", dir);
	assert_int_equal(ipl_mkdir_p(path), -1);
	assert_int_equal(errno, ENOTDIR);
	unlink(file);
	snprintf(path, sizeof(path), "%s/a/b/c", dir);
	rmdir(path);
	snprintf(path, sizeof(path), "%s/a/b", dir);
	rmdir(path);
	snprintf(path, sizeof(path), "%s/a", dir);
	rmdir(path);
	rmdir(dir);
	free(dir);
}

/* the map that replaced the AWS emitter's name scans: first value kept, every key found */
static void
test_strmap(void **state)
{
	struct ipl_strmap m = IPL_STRMAP_INIT;
	static char keys[5000][16];
	int values[5000];
	size_t i;

	(void)state;
	assert_null(ipl_strmap_get(&m, "absent")); /* an empty map has no slots yet */
	for (i = 0; i < 5000; i++) {
		snprintf(keys[i], sizeof(keys[i]), "svc-%zu", i);
		values[i] = (int)i;
		assert_true(ipl_strmap_add(&m, keys[i], &values[i]));
	}
	assert_int_equal(m.nr, 5000);
	assert_true(m.cap >= 2 * m.nr);
	assert_false(ipl_strmap_add(&m, "svc-42", &values[0]));
	assert_ptr_equal(ipl_strmap_get(&m, "svc-42"), &values[42]);
	for (i = 0; i < 5000; i++)
		assert_ptr_equal(ipl_strmap_get(&m, keys[i]), &values[i]);
	assert_null(ipl_strmap_get(&m, "svc-5000"));
	assert_null(ipl_strmap_get(&m, ""));
	ipl_strmap_release(&m);
	assert_int_equal(m.cap, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_buf_grows),
		cmocka_unit_test(test_buf_detach),
		cmocka_unit_test(test_buf_read_file),
		cmocka_unit_test(test_arena_alloc),
		cmocka_unit_test(test_arena_large_first),
		cmocka_unit_test(test_arena_debug_mode),
		cmocka_unit_test(test_arena_strings_and_grow),
		cmocka_unit_test(test_atomic_write_replaces),
		cmocka_unit_test(test_atomic_write_failure_leaves_nothing),
		cmocka_unit_test(test_mkdir_p),
		cmocka_unit_test(test_strmap),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
