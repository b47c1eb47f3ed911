/* manifest.c: see manifest.h. */
#include "core/common.h"

#include <errno.h>

#include "core/path.h"
#include "core/xalloc.h"
#include "planners/manifest.h"
#include "providers/emit.h"

void
ipl_manifest_init(struct ipl_manifest *m)
{
	memset(m, 0, sizeof(*m));
}

void
ipl_manifest_release(struct ipl_manifest *m)
{
	size_t i;

	for (i = 0; i < m->nr; i++)
		free(m->entries[i].path);
	free(m->entries);
	free(m->spec);
	ipl_manifest_init(m);
}

void
ipl_manifest_add(struct ipl_manifest *m, const char *path, const char hash[65])
{
	m->sorted = false;
	m->entries = ipl_xgrow(m->entries, sizeof(*m->entries), m->nr + 1, &m->alloc);
	m->entries[m->nr].path = ipl_xstrdup(path);
	memcpy(m->entries[m->nr].hash, hash, 65);
	m->entries[m->nr].line = 0;
	m->nr++;
}

static int
cmp_entry(const void *a, const void *b)
{
	const struct ipl_manifest_entry *x = a, *y = b;
	int c = strcmp(x->path, y->path);

	return c ? c : (x->line > y->line) - (x->line < y->line);
}

/* by path alone: what a find compares */
static int
cmp_path(const void *a, const void *b)
{
	return strcmp(((const struct ipl_manifest_entry *)a)->path,
		      ((const struct ipl_manifest_entry *)b)->path);
}

const struct ipl_manifest_entry *
ipl_manifest_find(const struct ipl_manifest *m, const char *path)
{
	struct ipl_manifest_entry key = { (char *)path, "", 0 };
	size_t i;

	/* a gen of 10,000 files asks once per file: no linear scan */
	if (m->sorted && m->nr)
		return bsearch(&key, m->entries, m->nr, sizeof(*m->entries), cmp_path);
	for (i = 0; i < m->nr; i++)
		if (!strcmp(m->entries[i].path, path))
			return &m->entries[i];
	return NULL;
}

/*
 * Sorts the entries by path (then line) for bsearch, and refuses a path
 * named twice, at the earliest line that repeats one, as a scan in file
 * order would.
 */
static int
sort_and_refuse_duplicates(struct ipl_manifest *m, const char *file, struct ipl_diags *diags)
{
	size_t i;
	int first = 0;

	if (m->nr)
		qsort(m->entries, m->nr, sizeof(*m->entries), cmp_entry);
	for (i = 1; i < m->nr; i++)
		if (!strcmp(m->entries[i].path, m->entries[i - 1].path) &&
		    (!first || m->entries[i].line < first))
			first = m->entries[i].line;
	if (first)
		return ipl_error(diags, file, (struct ipl_loc){ first, 0 },
				 "names a file a second time");
	m->sorted = true;
	return 0;
}

/*
 * The manifest comes from the repository like any file in it: a pull request
 * can put anything there. Every path is checked before gen may remove or
 * replace the file it names, and the whole manifest is refused at the first
 * line that is not as gen writes it.
 */
int
ipl_manifest_parse(struct ipl_manifest *m, const char *file, const char *text, size_t len,
		   struct ipl_diags *diags)
{
	const char *p = text, *end = text + len;
	int line = 0;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p)), *why;
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p), i;
		struct ipl_loc loc = { ++line, 0 };
		char hash[65];

		if (memchr(p, '\0', n))
			return ipl_error(diags, file, loc, "a NUL byte; not a manifest gen wrote");
		if (n >= 17 && !strncmp(p, "# rightsize: true", 17)) {
			m->rightsized = true;
		} else if (n >= 8 && !strncmp(p, "# spec: ", 8)) {
			if (n == 8 || p[8] == '/')
				return ipl_error(
					diags, file, loc,
					"expected the spec's path relative to the plan directory");
			for (i = 8; i < n; i++)
				if ((unsigned char)p[i] < 0x20 || p[i] == 0x7f)
					return ipl_error(diags, file, loc,
							 "a control character in the spec's path");
			free(m->spec);
			m->spec = ipl_xstrndup(p + 8, n - 8);
		} else if (n && p[0] != '#') {
			if (n < 67 || p[64] != ' ' || p[65] != ' ')
				return ipl_error(
					diags, file, loc,
					"expected \"SHA256  PATH\" (64 hex digits, two spaces, "
					"a path)");
			for (i = 0; i < 64; i++)
				if (!strchr("0123456789abcdef", p[i]) || !p[i])
					return ipl_error(
						diags, file, loc,
						"expected a SHA-256 in lower-case hex at the "
						"start of the line");
			if ((why = ipl_path_check_relative(p + 66, n - 66)))
				return ipl_error(diags, file, loc,
						 "%s; a manifest names files inside its plan "
						 "directory only",
						 why);
			memcpy(hash, p, 64);
			hash[64] = '\0';
			{
				char *path = ipl_xstrndup(p + 66, n - 66);
				if (strcmp(path, IPL_MANIFEST_NAME)) {
					ipl_manifest_add(m, path, hash);
					m->entries[m->nr - 1].line = line;
				}
				free(path);
			}
		}
		p += n + 1;
	}
	return sort_and_refuse_duplicates(m, file, diags);
}

int
ipl_manifest_read(struct ipl_manifest *m, struct ipl_dirtx *tx, struct ipl_diags *diags)
{
	struct ipl_buf text = IPL_BUF_INIT, path = IPL_BUF_INIT;
	int st = ipl_dirtx_read(tx, IPL_MANIFEST_NAME, &text, 16u << 20);

	ipl_buf_addf(&path, "%s/%s", tx->dir, IPL_MANIFEST_NAME);
	if (st < 0) {
		ipl_error(diags, path.data, (struct ipl_loc){ 0, 0 }, "cannot read: %s", tx->error);
		st = errno == ELOOP || errno == EINVAL ? -1 : -2;
	} else if (st == 1 && ipl_manifest_parse(m, path.data, text.data, text.len, diags) < 0) {
		st = -1;
	}
	ipl_buf_release(&text);
	ipl_buf_release(&path);
	return st;
}

void
ipl_manifest_write(const struct ipl_manifest *m, const char *plan_name, const char *spec_rel,
		   bool rightsized, struct ipl_buf *out)
{
	size_t i;

	if (m->nr)
		qsort(m->entries, m->nr, sizeof(*m->entries), cmp_entry);
	ipl_buf_addf(out,
		     "# infraplan: files generated for \"%s\" and their SHA-256; edited files "
		     "are not replaced without --force\n# spec: %s\n",
		     plan_name, spec_rel);
	if (rightsized)
		ipl_buf_adds(out, "# rightsize: true\n");
	for (i = 0; i < m->nr; i++)
		ipl_buf_addf(out, "%s  %s\n", m->entries[i].hash, m->entries[i].path);
}

/* the length of "nodes/NODE/" at the start of path, or 0 when it is not a node's file */
static size_t
node_prefix(const char *path)
{
	const char *slash;

	if (strncmp(path, "nodes/", 6) || !(slash = strchr(path + 6, '/')) || slash == path + 6)
		return 0;
	return (size_t)(slash - path) + 1;
}

/* true when the previous gen wrote a file under prefix: the node existed */
static bool
existed(const struct ipl_manifest *old, const char *prefix, size_t len)
{
	size_t i;

	for (i = 0; i < old->nr; i++)
		if (!strncmp(old->entries[i].path, prefix, len))
			return true;
	return false;
}

bool
ipl_manifest_has_dir(const struct ipl_manifest *m, const char *dir)
{
	return existed(m, dir, strlen(dir));
}

const char *
ipl_file_hash(const struct ipl_file *f, char buf[65])
{
	if (f->hash[0])
		return f->hash;
	ipl_sha256_hex(f->content.data ? f->content.data : "", f->content.len, buf);
	return buf;
}

static bool
node_changed(const struct ipl_manifest *old, const struct ipl_fileset *fs, const char *prefix,
	     size_t len)
{
	size_t i;

	for (i = 0; i < fs->nr; i++) {
		const struct ipl_file *f = &fs->files[i];
		const struct ipl_manifest_entry *e;
		char buf[65];

		if (strncmp(f->path, prefix, len))
			continue;
		if (!(e = ipl_manifest_find(old, f->path)))
			return true;
		if (strcmp(ipl_file_hash(f, buf), e->hash))
			return true;
	}
	for (i = 0; i < old->nr; i++)
		if (!strncmp(old->entries[i].path, prefix, len) &&
		    !ipl_fileset_find(fs, old->entries[i].path))
			return true;
	return false;
}

void
ipl_manifest_changed_nodes(const struct ipl_manifest *old, const struct ipl_fileset *fs,
			   struct ipl_buf *out)
{
	size_t i, len;
	const char *last = NULL;
	size_t last_len = 0;

	/* fs is sorted by path: each node's files are together */
	for (i = 0; i < fs->nr; i++) {
		const char *path = fs->files[i].path;
		if (!(len = node_prefix(path)) ||
		    (last && len == last_len && !strncmp(path, last, len)))
			continue;
		last = path;
		last_len = len;
		if (!existed(old, path, len) || !node_changed(old, fs, path, len))
			continue;
		ipl_buf_addf(out, "%s%.*s", out->len ? ", " : "", (int)(len - 7), path + 6);
	}
}
