/*
 * test_git.c: infraplan's git work (gen --commit, diff between revisions,
 * .infraplan-specs) against real repositories that the tests build with
 * libgit2 in a scratch directory: several commits, two branches, a renamed
 * spec, a removed one. The infraplan binary runs as a child process with
 * HOME pointing at an empty directory and the system configuration off, so
 * nothing of the machine's git setup leaks in; its results are read back
 * with libgit2 too.
 *
 * Every refused commit is checked for its message, its exit status (3) and
 * for having written nothing; the unrelated-changes test compares the
 * index and the work tree byte for byte.
 */
#define _DEFAULT_SOURCE /* mkdtemp, setenv */
#include "core/common.h"

#include <setjmp.h>
#include <cmocka.h>

#include <fcntl.h>
#include <git2.h>
#include <jansson.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/buf.h"

#define EXAMPLES IPL_SOURCE_DIR "/examples/"

/* ---- Scratch repositories built with libgit2 ------------------------------- */

struct repo {
	char dir[256];  /* the work tree */
	char home[300]; /* an empty HOME for the child */
	git_repository *git;
};

static void
write_file(const struct repo *r, const char *rel, const char *text)
{
	struct ipl_buf path = IPL_BUF_INIT;
	char *slash;
	FILE *f;

	ipl_buf_addf(&path, "%s/%s", r->dir, rel);
	for (slash = strchr(path.data + strlen(r->dir) + 1, '/'); slash;
	     slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		mkdir(path.data, 0755);
		*slash = '/';
	}
	f = fopen(path.data, "wb");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
	ipl_buf_release(&path);
}

static char *
read_work_file(const struct repo *r, const char *rel)
{
	struct ipl_buf path = IPL_BUF_INIT, text = IPL_BUF_INIT;

	ipl_buf_addf(&path, "%s/%s", r->dir, rel);
	if (ipl_buf_read_file(&text, path.data, 1 << 24) < 0) {
		ipl_buf_release(&path);
		ipl_buf_release(&text);
		return NULL;
	}
	ipl_buf_release(&path);
	ipl_buf_addc(&text, '\0');
	return ipl_buf_detach(&text, NULL);
}

static bool
exists(const struct repo *r, const char *rel)
{
	struct ipl_buf path = IPL_BUF_INIT;
	bool yes;

	ipl_buf_addf(&path, "%s/%s", r->dir, rel);
	yes = access(path.data, F_OK) == 0;
	ipl_buf_release(&path);
	return yes;
}

static char *
example(const char *name)
{
	struct ipl_buf text = IPL_BUF_INIT, path = IPL_BUF_INIT;

	ipl_buf_addf(&path, "%s%s", EXAMPLES, name);
	assert_int_equal(ipl_buf_read_file(&text, path.data, 1 << 20), 0);
	ipl_buf_release(&path);
	ipl_buf_addc(&text, '\0');
	return ipl_buf_detach(&text, NULL);
}

/* an example spec with its plan renamed, so that two examples read as one plan growing */
static char *
example_named(const char *file, const char *name)
{
	char *s = example(file), *line = strstr(s, "\nname: ");
	struct ipl_buf b = IPL_BUF_INIT;

	assert_non_null(line);
	ipl_buf_add(&b, s, (size_t)(line - s));
	ipl_buf_addf(&b, "\nname: %s", name);
	ipl_buf_adds(&b, strchr(line + 1, '\n'));
	free(s);
	return ipl_buf_detach(&b, NULL);
}

/* makes a repository whose HEAD is the unborn branch main */
static void
repo_init(struct repo *r, bool with_git)
{
	git_repository_init_options opts;

	memset(r, 0, sizeof(*r));
	snprintf(r->dir, sizeof(r->dir), "/tmp/ipl-git-XXXXXX");
	assert_non_null(mkdtemp(r->dir));
	snprintf(r->home, sizeof(r->home), "%s.home", r->dir);
	assert_int_equal(mkdir(r->home, 0700), 0);
	if (!with_git)
		return;
	git_repository_init_options_init(&opts, GIT_REPOSITORY_INIT_OPTIONS_VERSION);
	opts.flags = GIT_REPOSITORY_INIT_MKPATH;
	opts.initial_head = "main";
	assert_int_equal(git_repository_init_ext(&r->git, r->dir, &opts), 0);
}

static void
remove_tree(const char *dir)
{
	pid_t pid = fork();

	if (pid == 0) {
		execlp("rm", "rm", "-rf", dir, (char *)NULL);
		_exit(127);
	}
	waitpid(pid, NULL, 0);
}

static void
repo_free(struct repo *r)
{
	git_repository_free(r->git);
	if (!getenv("KEEP_GIT_REPOS")) {
		remove_tree(r->dir);
		remove_tree(r->home);
	} else {
		fprintf(stderr, "kept %s\n", r->dir);
	}
}

/* stages the given paths as they are in the work tree (a NULL-terminated list; "-x" removes x) */
static void
stage(struct repo *r, const char *const *paths)
{
	git_index *index;

	assert_int_equal(git_repository_index(&index, r->git), 0);
	for (; *paths; paths++) {
		if ((*paths)[0] == '-')
			assert_int_equal(git_index_remove_bypath(index, *paths + 1), 0);
		else
			assert_int_equal(git_index_add_bypath(index, *paths), 0);
	}
	assert_int_equal(git_index_write(index), 0);
	git_index_free(index);
}

/* commits the index on HEAD with a fixed identity and date */
static void
commit_index(struct repo *r, const char *message)
{
	git_index *index;
	git_oid tree_id, id;
	git_tree *tree;
	git_signature *sig;
	git_object *parent = NULL;
	static long long clock = 1767225600; /* 2026-01-01 */

	assert_int_equal(git_repository_index(&index, r->git), 0);
	assert_int_equal(git_index_write_tree(&tree_id, index), 0);
	git_index_free(index);
	assert_int_equal(git_tree_lookup(&tree, r->git, &tree_id), 0);
	assert_int_equal(git_signature_new(&sig, "Setup", "setup@example.com", clock += 3600, 0),
			 0);
	git_revparse_single(&parent, r->git, "HEAD^{commit}");
	assert_int_equal(git_commit_create_v(&id, r->git, "HEAD", sig, sig, NULL, message, tree,
					     parent ? 1 : 0, parent),
			 0);
	git_object_free(parent);
	git_signature_free(sig);
	git_tree_free(tree);
}

static void
checkout_branch(struct repo *r, const char *branch, bool create)
{
	git_reference *ref = NULL;
	git_object *head = NULL;
	git_checkout_options co;
	char name[128];

	if (create) {
		assert_int_equal(git_revparse_single(&head, r->git, "HEAD^{commit}"), 0);
		assert_int_equal(git_branch_create(&ref, r->git, branch, (git_commit *)head, 0), 0);
		git_reference_free(ref);
		git_object_free(head);
	}
	snprintf(name, sizeof(name), "refs/heads/%s", branch);
	git_checkout_options_init(&co, GIT_CHECKOUT_OPTIONS_VERSION);
	co.checkout_strategy = GIT_CHECKOUT_FORCE;
	assert_int_equal(git_revparse_single(&head, r->git, name), 0);
	assert_int_equal(git_checkout_tree(r->git, head, &co), 0);
	assert_int_equal(git_repository_set_head(r->git, name), 0);
	git_object_free(head);
}

/* the blob at REV:path, NUL-terminated, or NULL when absent */
static char *
read_blob(struct repo *r, const char *rev, const char *path)
{
	char spec[512];
	git_object *obj = NULL;
	char *out = NULL;

	snprintf(spec, sizeof(spec), "%s:%s", rev, path);
	if (git_revparse_single(&obj, r->git, spec) == 0) {
		git_blob *b = (git_blob *)obj;
		size_t n = (size_t)git_blob_rawsize(b);
		out = calloc(1, n + 1);
		memcpy(out, git_blob_rawcontent(b), n);
	}
	git_object_free(obj);
	return out;
}

/* the blob the index holds for path, or NULL */
static char *
read_index(struct repo *r, const char *path)
{
	git_index *index;
	const git_index_entry *e;
	git_blob *b = NULL;
	char *out = NULL;

	assert_int_equal(git_repository_index(&index, r->git), 0);
	assert_int_equal(git_index_read(index, 1), 0);
	if ((e = git_index_get_bypath(index, path, 0)) &&
	    git_blob_lookup(&b, r->git, &e->id) == 0) {
		size_t n = (size_t)git_blob_rawsize(b);
		out = calloc(1, n + 1);
		memcpy(out, git_blob_rawcontent(b), n);
		git_blob_free(b);
	}
	git_index_free(index);
	return out;
}

static char *
head_message(struct repo *r)
{
	git_object *obj = NULL;
	char *out;

	assert_int_equal(git_revparse_single(&obj, r->git, "HEAD^{commit}"), 0);
	out = strdup(git_commit_message((git_commit *)obj));
	git_object_free(obj);
	return out;
}

static void
head_id(struct repo *r, git_oid *out)
{
	assert_int_equal(git_reference_name_to_id(out, r->git, "HEAD"), 0);
}

/* ---- Running infraplan ------------------------------------------------------ */

struct result {
	int status;
	char *out, *err;
};

static char *
slurp_fd(int fd)
{
	struct ipl_buf b = IPL_BUF_INIT;
	char chunk[4096];
	ssize_t n;

	lseek(fd, 0, SEEK_SET);
	while ((n = read(fd, chunk, sizeof(chunk))) > 0)
		ipl_buf_add(&b, chunk, (size_t)n);
	close(fd);
	ipl_buf_addc(&b, '\0');
	return ipl_buf_detach(&b, NULL);
}

static int
scratch_fd(void)
{
	char name[] = "/tmp/ipl-git-out-XXXXXX";
	int fd = mkstemp(name);

	assert_true(fd >= 0);
	unlink(name);
	return fd;
}

/*
 * Runs infraplan with args (NULL-terminated) in the work tree. identity:
 * whether GIT_AUTHOR_* and GIT_COMMITTER_* are set (with fixed dates).
 */
static struct result
run_in(struct repo *r, bool identity, const char *const *args)
{
	struct result res = { 0 };
	int out = scratch_fd(), err = scratch_fd(), st;
	const char *argv[24];
	size_t n = 0;
	pid_t pid;

	argv[n++] = IPL_BINARY;
	for (; *args && n < 23; args++)
		argv[n++] = *args;
	argv[n] = NULL;
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		static const char *const vars[] = { "GIT_AUTHOR_NAME",
						    "GIT_AUTHOR_EMAIL",
						    "GIT_AUTHOR_DATE",
						    "GIT_COMMITTER_NAME",
						    "GIT_COMMITTER_EMAIL",
						    "GIT_COMMITTER_DATE",
						    "EMAIL",
						    "GIT_DIR",
						    "GIT_WORK_TREE",
						    "GIT_INDEX_FILE",
						    "XDG_CONFIG_HOME" };
		size_t i;
		for (i = 0; i < IPL_ARRAY_SIZE(vars); i++)
			unsetenv(vars[i]);
		setenv("HOME", r->home, 1);
		setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
		setenv("INFRAPLAN_OFFLINE", "1", 1);
		if (identity) {
			setenv("GIT_AUTHOR_NAME", "Ada Planner", 1);
			setenv("GIT_AUTHOR_EMAIL", "ada@example.com", 1);
			setenv("GIT_AUTHOR_DATE", "@1795000000 +0100", 1);
			setenv("GIT_COMMITTER_NAME", "CI Bot", 1);
			setenv("GIT_COMMITTER_EMAIL", "ci@example.com", 1);
			setenv("GIT_COMMITTER_DATE", "2026-11-22T10:00:00+01:00", 1);
		}
		if (chdir(r->dir) < 0)
			_exit(126);
		dup2(out, 1);
		dup2(err, 2);
		execv(IPL_BINARY, (char *const *)argv);
		_exit(127);
	}
	assert_int_equal(waitpid(pid, &st, 0), pid);
	res.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
	res.out = slurp_fd(out);
	res.err = slurp_fd(err);
	return res;
}

static void
result_free(struct result *res)
{
	free(res->out);
	free(res->err);
}

#define RUN(r, identity, ...) run_in((r), (identity), (const char *const[]){ __VA_ARGS__, NULL })

/* got (freed here) is want */
static void
expect_text(char *got, const char *want)
{
	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

static void
assert_contains(const char *text, const char *needle)
{
	if (!strstr(text, needle))
		fail_msg("expected \"%s\" in:\n%s", needle, text);
}

/* a repository with one commit (a README), on branch main */
static void
repo_with_readme(struct repo *r)
{
	repo_init(r, true);
	write_file(r, "README.md", "# shop\n");
	stage(r, (const char *const[]){ "README.md", NULL });
	commit_index(r, "start\n");
}

/* ---- gen --commit ------------------------------------------------------------ */

static void
test_commit_keeps_unrelated_changes(void **state)
{
	struct repo r;
	struct result res;
	char *msg, *s;
	git_oid before, after;
	git_commit *c;

	(void)state;
	repo_with_readme(&r);
	s = example("kecalek-tier-a.yaml");
	write_file(&r, "chat/infraplan.yaml", s);
	free(s);
	/* a staged change, another unstaged change on top, and an untracked file */
	write_file(&r, "README.md", "# shop\nstaged line\n");
	write_file(&r, "src/app.c", "int main(void) { return 0; }\n");
	stage(&r, (const char *const[]){ "README.md", "src/app.c", NULL });
	write_file(&r, "README.md", "# shop\nstaged line\nunstaged line\n");
	write_file(&r, "notes.txt", "untracked\n");
	head_id(&r, &before);

	res = RUN(&r, true, "gen", "--commit", "-o", "chat/plan", "chat/infraplan.yaml");
	assert_int_equal(res.status, 0);
	assert_contains(res.out, "committed ");
	assert_contains(res.out, "kecalek-tier-a: 5.77 EUR/month (new plan)");
	result_free(&res);

	msg = head_message(&r);
	assert_string_equal(msg, "kecalek-tier-a: 5.77 EUR/month (new plan)\n");
	free(msg);
	head_id(&r, &after);
	assert_int_equal(git_commit_lookup(&c, r.git, &after), 0);
	assert_int_equal(git_commit_parentcount(c), 1);
	assert_true(git_oid_equal(git_commit_parent_id(c, 0), &before));
	assert_string_equal(git_commit_author(c)->name, "Ada Planner");
	assert_int_equal(git_commit_author(c)->when.time, 1795000000);
	assert_int_equal(git_commit_author(c)->when.offset, 60);
	assert_string_equal(git_commit_committer(c)->email, "ci@example.com");
	assert_int_equal(git_commit_committer(c)->when.time, 1795338000);
	git_commit_free(c);

	/* the commit holds the plan and the spec, as written */
	s = read_blob(&r, "HEAD", "chat/plan/cost.json");
	assert_non_null(s);
	assert_contains(s, "\"monthly_total\": 5.77");
	free(s);
	assert_non_null(s = read_blob(&r, "HEAD", "chat/plan/.infraplan-manifest"));
	free(s);
	assert_non_null(s = read_blob(&r, "HEAD", "chat/plan/nodes/main/cloud-init.yaml"));
	free(s);
	assert_non_null(s = read_blob(&r, "HEAD", "chat/infraplan.yaml"));
	free(s);
	/* and nothing else: the staged files are not in it */
	expect_text(read_blob(&r, "HEAD", "README.md"), "# shop\n");
	assert_null(read_blob(&r, "HEAD", "src/app.c"));
	assert_null(read_blob(&r, "HEAD", "notes.txt"));

	/* the index still stages exactly what it staged, the work tree is untouched */
	expect_text(read_index(&r, "README.md"), "# shop\nstaged line\n");
	expect_text(read_index(&r, "src/app.c"), "int main(void) { return 0; }\n");
	assert_null(read_index(&r, "notes.txt"));
	expect_text(read_work_file(&r, "README.md"), "# shop\nstaged line\nunstaged line\n");
	expect_text(read_work_file(&r, "notes.txt"), "untracked\n");
	/* the generated files are staged as committed: no difference to HEAD left */
	s = read_index(&r, "chat/plan/cost.json");
	assert_contains(s, "\"monthly_total\": 5.77");
	free(s);
	repo_free(&r);
}

/*
 * gen --commit on an unborn branch (git init, nothing committed yet: a new
 * user's first run) makes the root commit, with the plan and the spec only
 */
static void
test_commit_unborn_branch(void **state)
{
	struct repo r;
	struct result res;
	char *s, *msg;
	git_oid id;
	git_commit *c;

	(void)state;
	repo_init(&r, true);
	s = example("kecalek-tier-a.yaml");
	write_file(&r, "infraplan.yaml", s);
	free(s);
	write_file(&r, "notes.txt", "untracked\n");
	res = RUN(&r, true, "gen", "--commit", "-o", "plan", "infraplan.yaml");
	assert_int_equal(res.status, 0);
	assert_contains(res.out, "kecalek-tier-a: 5.77 EUR/month (new plan)");
	result_free(&res);
	head_id(&r, &id);
	assert_int_equal(git_commit_lookup(&c, r.git, &id), 0);
	assert_int_equal(git_commit_parentcount(c), 0);
	git_commit_free(c);
	msg = head_message(&r);
	assert_string_equal(msg, "kecalek-tier-a: 5.77 EUR/month (new plan)\n");
	free(msg);
	assert_non_null(s = read_blob(&r, "HEAD", "plan/cost.json"));
	free(s);
	assert_non_null(s = read_blob(&r, "HEAD", "infraplan.yaml"));
	free(s);
	assert_null(read_blob(&r, "HEAD", "notes.txt"));
	/* on the branch HEAD named, which now exists */
	{
		git_reference *ref;
		assert_int_equal(git_reference_lookup(&ref, r.git, "refs/heads/main"), 0);
		assert_true(git_oid_equal(git_reference_target(ref), &id));
		git_reference_free(ref);
	}
	/* and the next run commits on top of it */
	s = example("kecalek-tier-b.yaml");
	write_file(&r, "infraplan.yaml", s);
	free(s);
	res = RUN(&r, true, "gen", "--commit", "-o", "plan", "infraplan.yaml");
	assert_int_equal(res.status, 0);
	result_free(&res);
	head_id(&r, &id);
	assert_int_equal(git_commit_lookup(&c, r.git, &id), 0);
	assert_int_equal(git_commit_parentcount(c), 1);
	git_commit_free(c);
	repo_free(&r);
}

static void
test_commit_message_says_the_change(void **state)
{
	struct repo r;
	struct result res;
	char *msg, *s;
	git_oid before, after;

	(void)state;
	repo_with_readme(&r);
	s = example("kecalek-tier-a.yaml");
	write_file(&r, "infraplan.yaml", s);
	free(s);
	res = RUN(&r, true, "gen", "-q", "--commit", "-o", "plan", "infraplan.yaml");
	assert_int_equal(res.status, 0);
	assert_string_equal(res.out, "");
	result_free(&res);

	/* tier b under the same plan name: the message says by how much it grew */
	s = example_named("kecalek-tier-b.yaml", "kecalek-tier-a");
	write_file(&r, "infraplan.yaml", s);
	free(s);
	res = RUN(&r, true, "gen", "--commit", "-m", "More users after the launch.", "-o", "plan",
		  "infraplan.yaml");
	assert_int_equal(res.status, 0);
	result_free(&res);
	msg = head_message(&r);
	/* the database's server changes type: the log says so (issue "Change without losing data") */
	assert_string_equal(msg, "kecalek-tier-a: 14.20 EUR/month (+8.43)\n\n"
				 "More users after the launch.\n\n"
				 "Warning: this change destroys or replaces resources that hold "
				 "data:\n"
				 "- node main holds db (mysql): its server type changes (Cloud VPS "
				 "10 -> Cloud VPS 20); its data must be migrated first\n");
	free(msg);
	s = read_blob(&r, "HEAD", "infraplan.yaml");
	assert_contains(s, "users: 500");
	free(s);

	/* the same again: nothing to commit, HEAD stays */
	head_id(&r, &before);
	res = RUN(&r, true, "gen", "--commit", "-o", "plan", "infraplan.yaml");
	assert_int_equal(res.status, 0);
	assert_contains(res.out, "nothing to commit");
	result_free(&res);
	head_id(&r, &after);
	assert_true(git_oid_equal(&before, &after));

	/* tier d splits app and database: the single node's files leave the commit and the index */
	s = example_named("kecalek-tier-d.yaml", "kecalek-tier-a");
	write_file(&r, "infraplan.yaml", s);
	free(s);
	res = RUN(&r, true, "gen", "--commit", "-o", "plan", "infraplan.yaml");
	assert_int_equal(res.status, 0);
	result_free(&res);
	msg = head_message(&r);
	assert_string_equal(msg, "kecalek-tier-a: 44.95 EUR/month (+30.75)\n\n"
				 "Warning: this change destroys or replaces resources that hold "
				 "data:\n"
				 "- node main holds db (mysql): the server stays as node app, and "
				 "the data moves to the new node db by migration: dump, restore, "
				 "switch DB_HOST, retire (nodes/README.md)\n");
	free(msg);
	assert_null(read_blob(&r, "HEAD", "plan/nodes/main/cloud-init.yaml"));
	assert_null(read_index(&r, "plan/nodes/main/cloud-init.yaml"));
	assert_false(exists(&r, "plan/nodes/main"));
	assert_non_null(s = read_blob(&r, "HEAD", "plan/nodes/db/cloud-init.yaml"));
	free(s);
	repo_free(&r);
}

static void
test_commit_identity_from_config(void **state)
{
	struct repo r;
	struct result res;
	git_config *cfg;
	git_commit *c;
	git_oid id;
	char *s;

	(void)state;
	repo_with_readme(&r);
	assert_int_equal(git_repository_config(&cfg, r.git), 0);
	assert_int_equal(git_config_set_string(cfg, "user.name", "Config Person"), 0);
	assert_int_equal(git_config_set_string(cfg, "user.email", "config@example.com"), 0);
	git_config_free(cfg);
	s = example("kecalek-tier-a.yaml");
	write_file(&r, "infraplan.yaml", s);
	free(s);
	res = RUN(&r, false, "gen", "--commit", "-o", "plan", "infraplan.yaml");
	assert_int_equal(res.status, 0);
	result_free(&res);
	head_id(&r, &id);
	assert_int_equal(git_commit_lookup(&c, r.git, &id), 0);
	assert_string_equal(git_commit_author(c)->name, "Config Person");
	assert_string_equal(git_commit_committer(c)->email, "config@example.com");
	git_commit_free(c);
	repo_free(&r);
}

/* a refused --commit: exit 3, the message, and no plan directory written */
static void
assert_refused(struct repo *r, bool identity, const char *message)
{
	struct result res = RUN(r, identity, "gen", "--commit", "-o", "plan", "infraplan.yaml");

	if (res.status != 3)
		fail_msg("expected exit 3, got %d:\n%s", res.status, res.err);
	assert_contains(res.err, message);
	assert_false(exists(r, "plan"));
	result_free(&res);
}

static void
test_commit_refusals(void **state)
{
	struct repo r;
	git_object *head;
	char *s = example("kecalek-tier-a.yaml");
	int fd;

	(void)state;
	/* no repository at all */
	repo_init(&r, false);
	write_file(&r, "infraplan.yaml", s);
	assert_refused(&r, true, "not in a git repository; run gen --commit inside a repository");
	repo_free(&r);

	/* detached HEAD */
	repo_with_readme(&r);
	write_file(&r, "infraplan.yaml", s);
	assert_int_equal(git_revparse_single(&head, r.git, "HEAD^{commit}"), 0);
	assert_int_equal(git_repository_set_head_detached(r.git, git_object_id(head)), 0);
	git_object_free(head);
	assert_refused(&r, true, "HEAD is detached at ");
	assert_refused(&r, true, "git switch BRANCH");
	repo_free(&r);

	/* no identity: no variables, no user.name in any configuration */
	repo_with_readme(&r);
	write_file(&r, "infraplan.yaml", s);
	assert_refused(&r, false, "no identity to commit with; set one with git config user.name");
	repo_free(&r);

	/* a locked index */
	repo_with_readme(&r);
	write_file(&r, "infraplan.yaml", s);
	{
		struct ipl_buf lock = IPL_BUF_INIT;
		ipl_buf_addf(&lock, "%s/.git/index.lock", r.dir);
		fd = open(lock.data, O_CREAT | O_WRONLY, 0644);
		assert_true(fd >= 0);
		close(fd);
		ipl_buf_release(&lock);
	}
	assert_refused(&r, true, "the index is locked");
	repo_free(&r);

	/* a plan directory inside a submodule: the commit would land in the submodule */
	repo_with_readme(&r);
	{
		struct repo sub = r;
		git_repository_init_options opts;
		git_index *index;
		git_index_entry e;
		git_oid id;
		struct result res;

		assert_true(strlen(r.dir) + 4 < sizeof(sub.dir));
		memcpy(sub.dir + strlen(r.dir), "/sub", 5);
		git_repository_init_options_init(&opts, GIT_REPOSITORY_INIT_OPTIONS_VERSION);
		opts.flags = GIT_REPOSITORY_INIT_MKPATH;
		opts.initial_head = "main";
		assert_int_equal(git_repository_init_ext(&sub.git, sub.dir, &opts), 0);
		write_file(&sub, "infraplan.yaml", s);
		stage(&sub, (const char *const[]){ "infraplan.yaml", NULL });
		commit_index(&sub, "sub start\n");
		assert_int_equal(git_reference_name_to_id(&id, sub.git, "HEAD"), 0);
		git_repository_free(sub.git);
		write_file(&r, ".gitmodules", "[submodule \"sub\"]\n\tpath = sub\n\turl = ./sub\n");
		assert_int_equal(git_repository_index(&index, r.git), 0);
		memset(&e, 0, sizeof(e));
		e.mode = GIT_FILEMODE_COMMIT;
		e.id = id;
		e.path = "sub";
		assert_int_equal(git_index_add(index, &e), 0);
		assert_int_equal(git_index_write(index), 0);
		git_index_free(index);
		stage(&r, (const char *const[]){ ".gitmodules", NULL });
		commit_index(&r, "add the submodule\n");
		res = RUN(&r, true, "gen", "--commit", "-o", "sub/plan", "sub/infraplan.yaml");
		if (res.status != 3)
			fail_msg("expected exit 3, got %d:\n%s", res.status, res.err);
		assert_contains(res.err, "inside a submodule");
		assert_false(exists(&r, "sub/plan"));
		result_free(&res);
	}
	repo_free(&r);
	free(s);
}

static void
test_message_needs_commit(void **state)
{
	struct repo r;
	struct result res;
	char *s = example("kecalek-tier-a.yaml");

	(void)state;
	repo_with_readme(&r);
	write_file(&r, "infraplan.yaml", s);
	res = RUN(&r, true, "gen", "-m", "text", "-o", "plan", "infraplan.yaml");
	assert_int_equal(res.status, 2);
	assert_contains(res.err, "add --commit");
	assert_false(exists(&r, "plan"));
	result_free(&res);
	repo_free(&r);
	free(s);
}

/* ---- diff between branches ----------------------------------------------------- */

/* runs an infraplan command that prints JSON and must succeed; the caller frees the JSON */
static json_t *
json_of(struct repo *r, const char *const *args)
{
	struct result res = run_in(r, false, args);
	json_error_t e;
	json_t *j;

	if (res.status != 0)
		fail_msg("%s exited %d:\n%s", args[0], res.status, res.err);
	j = json_loads(res.out, 0, &e);
	if (!j)
		fail_msg("not JSON (%s):\n%s", e.text, res.out);
	result_free(&res);
	return j;
}

static json_t *
plan_of(json_t *diff, const char *spec)
{
	json_t *plans = json_object_get(diff, "plans"), *p;
	size_t i;

	json_array_foreach(plans, i, p) if (!strcmp(json_string_value(json_object_get(p, "spec")),
						    spec)) return p;
	fail_msg("no plan %s in the diff", spec);
	return NULL;
}

static double
num(json_t *obj, const char *key)
{
	return json_number_value(json_object_get(obj, key));
}

/*
 * main: chat (tier a) and meetings; feature, branched off main: chat moved
 * to talk/ and grown to tier b, meetings removed, a Hetzner spec added; main
 * then goes on with a commit of its own.
 */
static void
test_diff_branches_rename_and_removal(void **state)
{
	struct repo r;
	json_t *j, *p;
	char *a = example("kecalek-tier-a.yaml"), *b = example("kecalek-tier-b.yaml"),
	     *m = example("meeting-gpu-split.yaml"), *h = example("kecalek-hetzner.yaml");
	struct ipl_buf path = IPL_BUF_INIT;

	(void)state;
	repo_with_readme(&r);
	write_file(&r, "chat/infraplan.yaml", a);
	write_file(&r, "meetings/infraplan.yaml", m);
	stage(&r, (const char *const[]){ "chat/infraplan.yaml", "meetings/infraplan.yaml", NULL });
	commit_index(&r, "two plans\n");
	checkout_branch(&r, "feature", true);

	/* feature: chat moves to talk/ and grows to tier b (a rename with edits) */
	ipl_buf_addf(&path, "%s/chat/infraplan.yaml", r.dir);
	assert_int_equal(unlink(path.data), 0);
	ipl_buf_release(&path);
	write_file(&r, "talk/infraplan.yaml", b);
	write_file(&r, "hetzner/infraplan.yaml", h);
	stage(&r, (const char *const[]){ "-chat/infraplan.yaml", "-meetings/infraplan.yaml",
					 "talk/infraplan.yaml", "hetzner/infraplan.yaml", NULL });
	commit_index(&r, "feature\n");
	checkout_branch(&r, "main", false);
	write_file(&r, "README.md", "# shop\nmain moved on\n");
	stage(&r, (const char *const[]){ "README.md", NULL });
	commit_index(&r, "main moves on\n");

	j = json_of(&r, (const char *const[]){ "diff", "--base", "main", "--head", "feature",
					       "--format", "json", NULL });
	assert_int_equal(json_array_size(json_object_get(j, "plans")), 3);
	p = plan_of(j, "talk/infraplan.yaml");
	assert_string_equal(json_string_value(json_object_get(p, "renamed_from")),
			    "chat/infraplan.yaml");
	assert_string_equal(json_string_value(json_object_get(p, "status")), "changed");
	assert_float_equal(num(p, "base_total"), 5.77, 0.001);
	assert_float_equal(num(p, "head_total"), 14.20, 0.001);
	p = plan_of(j, "meetings/infraplan.yaml");
	assert_string_equal(json_string_value(json_object_get(p, "status")), "removed");
	p = plan_of(j, "hetzner/infraplan.yaml");
	assert_string_equal(json_string_value(json_object_get(p, "status")), "added");
	assert_true(json_is_null(json_object_get(p, "renamed_from")));
	assert_float_equal(num(j, "base_total"),
			   (float)(5.77 + num(plan_of(j, "meetings/infraplan.yaml"), "base_total")),
			   0.001);
	assert_float_equal(num(j, "delta"), (float)(num(j, "head_total") - num(j, "base_total")),
			   0.001);
	json_decref(j);

	/* one spec named at its new path still pairs with its old one */
	j = json_of(&r, (const char *const[]){ "diff", "--base", "main", "--head", "feature",
					       "--format", "json", "talk/infraplan.yaml", NULL });
	assert_int_equal(json_array_size(json_object_get(j, "plans")), 1);
	assert_float_equal(num(j, "delta"), 8.43, 0.001);
	json_decref(j);

	/* --fail-above gates on the increase */
	{
		struct result res = RUN(&r, false, "diff", "--base", "main", "--head", "feature",
					"--fail-above", "1000");
		assert_int_equal(res.status, 0);
		result_free(&res);
	}
	free(a);
	free(b);
	free(m);
	free(h);
	repo_free(&r);
}

/*
 * A Hetzner shop: a native API and postgres. The spec at each step, written
 * by shop_spec: its layout, the API's cpu and arch line, the backup size.
 */
static void
shop_spec(struct repo *r, const char *layout, int cpu, const char *arch, const char *backup)
{
	struct ipl_buf b = IPL_BUF_INIT;

	ipl_buf_addf(&b,
		     "name: shop\nprovider: hetzner\nregion: nbg1\nlayout: %s\nservices:\n"
		     "  - name: api\n    kind: app\n    command: /opt/shop/bin/api\n"
		     "    port: 8080\n    public: true\n    cpu: %d\n    memory: 2Gi\n%s"
		     "  - name: db\n    kind: postgres\n    cpu: 1\n    memory: 2Gi\n"
		     "    storage: 20GB\nbackup:\n  target: b2\n  size: %s\n"
		     "  retention_days: 7\n  schedule:\n    - kind: full\n      every: daily\n",
		     layout, cpu, arch, backup);
	write_file(r, "infraplan.yaml", b.data);
	ipl_buf_release(&b);
}

static json_t *
only_plan(json_t *diff)
{
	return json_array_get(json_object_get(diff, "plans"), 0);
}

/*
 * Lines match by their key: a resize is one ~ change, not - and +; a
 * change that replaces a server holding postgres, or moves a native command
 * to another architecture, is flagged in every format, and
 * --fail-on-replace exits 1 on it (issue "Change without losing data").
 */
static void
test_diff_flags_stateful_replacement(void **state)
{
	struct repo r;
	struct result res;
	json_t *j;

	(void)state;
	repo_with_readme(&r);
	shop_spec(&r, "single", 1, "    arch: x86\n", "40GB");
	stage(&r, (const char *const[]){ "infraplan.yaml", NULL });
	commit_index(&r, "shop\n");

	/* the server grows: one ~ line with the types, and postgres's server is replaced */
	shop_spec(&r, "single", 4, "    arch: x86\n", "40GB");
	res = RUN(&r, false, "diff");
	assert_int_equal(res.status, 0);
	assert_contains(res.out, "    ~ node main: CX33 -> CX43  ");
	assert_null(strstr(res.out, "- node main"));
	assert_contains(res.out, "! replaces stateful: node main holds db (postgres): its server "
				 "type changes (CX33 -> CX43); its data is on volumes, which stay, "
				 "but the server restarts");
	result_free(&res);

	/* a bigger backup replaces nothing: --fail-on-replace passes */
	shop_spec(&r, "single", 1, "    arch: x86\n", "60GB");
	res = RUN(&r, false, "diff", "--fail-on-replace");
	assert_int_equal(res.status, 0);
	assert_contains(res.out, "    ~ backup: 40 GB -> 60 GB  +");
	assert_null(strstr(res.out, "replaces stateful:"));
	result_free(&res);
	j = json_of(&r, (const char *const[]){ "diff", "--format", "json", NULL });
	assert_false(json_is_true(json_object_get(j, "replaces_stateful")));
	assert_false(json_is_true(json_object_get(only_plan(j), "replaces_stateful")));
	json_decref(j);

	/* single -> split: node main, which holds postgres, stays as app; the data migrates */
	shop_spec(&r, "split", 1, "    arch: x86\n", "40GB");
	res = RUN(&r, false, "diff", "--fail-on-replace");
	assert_int_equal(res.status, 1);
	assert_contains(res.out,
			"! replaces stateful: node main holds db (postgres): the server "
			"stays as node app, and the data moves to the new node db by "
			"migration: dump, restore, switch DB_HOST, retire (nodes/README.md)");
	assert_contains(res.out, "~ node app (was node main): ");
	assert_null(strstr(res.out, "- node main"));
	assert_contains(res.err, "a change destroys or replaces a resource holding data");
	result_free(&res);
	res = RUN(&r, false, "diff", "--format", "markdown");
	assert_int_equal(res.status, 0);
	/* the warning comes first, before the table of plans */
	assert_true(strstr(res.out, "> [!WARNING]") &&
		    strstr(res.out, "> [!WARNING]") < strstr(res.out, "| Plan |"));
	assert_contains(res.out, "> - `infraplan.yaml`: node main holds db (postgres): the server "
				 "stays as node app");
	result_free(&res);
	j = json_of(&r, (const char *const[]){ "diff", "--format", "json", NULL });
	assert_true(json_is_true(json_object_get(j, "replaces_stateful")));
	assert_true(json_is_true(json_object_get(only_plan(j), "replaces_stateful")));
	assert_string_equal(
		json_string_value(json_array_get(json_object_get(only_plan(j), "reasons"), 0)),
		"node main holds db (postgres): the server stays as node app, and the data moves to "
		"the new node db by migration: dump, restore, switch DB_HOST, retire "
		"(nodes/README.md)");
	json_decref(j);

	/* split, then the API's node moves to ARM: its native binary does not run there */
	stage(&r, (const char *const[]){ "infraplan.yaml", NULL });
	commit_index(&r, "split\n");
	shop_spec(&r, "split", 1, "    arch: arm\n", "40GB");
	res = RUN(&r, false, "diff", "--fail-on-replace");
	assert_int_equal(res.status, 1);
	assert_contains(res.out, "~ node app: ");
	assert_contains(res.out, ", x86 -> arm  ");
	assert_contains(res.out, "! replaces stateful: service api runs a native command: it "
				 "moves from x86 to arm");
	result_free(&res);
	repo_free(&r);
}

static void
test_diff_worktree_rename_and_spec_list(void **state)
{
	struct repo r;
	json_t *j, *p;
	char *a = example("kecalek-tier-a.yaml"), *d = example("kecalek-tier-d.yaml");
	struct ipl_buf from = IPL_BUF_INIT, to = IPL_BUF_INIT;

	(void)state;
	repo_with_readme(&r);
	write_file(&r, "plans/chat.yaml", a);
	write_file(&r, "plans/big.yaml", d);
	write_file(&r, "examples/infraplan.yaml", a);
	write_file(&r, ".infraplan-specs", "# our plans\nplans/*.yaml\n");
	stage(&r, (const char *const[]){ "plans/chat.yaml", "plans/big.yaml",
					 "examples/infraplan.yaml", ".infraplan-specs", NULL });
	commit_index(&r, "plans\n");

	/* moved on disk, not staged: an untracked file and a deleted one */
	ipl_buf_addf(&from, "%s/plans/chat.yaml", r.dir);
	ipl_buf_addf(&to, "%s/plans/talk.yaml", r.dir);
	assert_int_equal(rename(from.data, to.data), 0);
	ipl_buf_release(&from);
	ipl_buf_release(&to);

	j = json_of(&r, (const char *const[]){ "diff", "--format", "json", NULL });
	/* only the listed specs: examples/infraplan.yaml is not one here */
	assert_int_equal(json_array_size(json_object_get(j, "plans")), 2);
	p = plan_of(j, "plans/talk.yaml");
	assert_string_equal(json_string_value(json_object_get(p, "renamed_from")),
			    "plans/chat.yaml");
	assert_string_equal(json_string_value(json_object_get(p, "status")), "unchanged");
	p = plan_of(j, "plans/big.yaml");
	assert_float_equal(num(p, "head_total"), 44.95, 0.001);
	assert_float_equal(num(j, "delta"), 0, 0.001);
	json_decref(j);
	free(a);
	free(d);
	repo_free(&r);
}

/*
 * A work-tree spec (and .infraplan-specs) that is a link leading out of the
 * work tree is refused: a pull request could otherwise make diff quote the
 * CI runner's environment in its errors. A committed link is never read as
 * a spec either.
 */
static void
test_diff_refuses_links_out_of_the_tree(void **state)
{
	struct repo r;
	struct result res;
	struct ipl_buf link = IPL_BUF_INIT;
	char *a = example("kecalek-tier-a.yaml");

	(void)state;
	repo_with_readme(&r);
	write_file(&r, "infraplan.yaml", a);
	stage(&r, (const char *const[]){ "infraplan.yaml", NULL });
	commit_index(&r, "plan\n");
	ipl_buf_addf(&link, "%s/infraplan.yaml", r.dir);
	assert_int_equal(unlink(link.data), 0);
	assert_int_equal(symlink("/proc/self/environ", link.data), 0);
	setenv("IPL_TEST_SECRET", "hunter2-must-not-leak", 1);
	res = RUN(&r, true, "diff");
	assert_int_not_equal(res.status, 0);
	assert_contains(res.err, "not read: outside the tree it belongs to");
	assert_null(strstr(res.out, "hunter2"));
	assert_null(strstr(res.err, "hunter2"));
	result_free(&res);
	/* committed as a link: the blob is the link's target, not a spec */
	stage(&r, (const char *const[]){ "infraplan.yaml", NULL });
	commit_index(&r, "a link\n");
	res = RUN(&r, true, "diff", "--base", "HEAD~1", "--head", "HEAD");
	assert_int_not_equal(res.status, 0);
	assert_contains(res.err, "a symbolic link at HEAD; only regular files are read");
	result_free(&res);
	unsetenv("IPL_TEST_SECRET");
	ipl_buf_release(&link);
	free(a);
	repo_free(&r);
}

static void
test_history_follows_a_rename(void **state)
{
	struct repo r;
	json_t *j, *commits;
	char *a = example("kecalek-tier-a.yaml"), *b = example("kecalek-tier-b.yaml"),
	     *d = example("kecalek-tier-d.yaml");
	struct ipl_buf old = IPL_BUF_INIT;

	(void)state;
	repo_with_readme(&r);
	write_file(&r, "chat/infraplan.yaml", a);
	stage(&r, (const char *const[]){ "chat/infraplan.yaml", NULL });
	commit_index(&r, "tier a\n");
	write_file(&r, "chat/infraplan.yaml", b);
	stage(&r, (const char *const[]){ "chat/infraplan.yaml", NULL });
	commit_index(&r, "tier b\n");
	ipl_buf_addf(&old, "%s/chat/infraplan.yaml", r.dir);
	assert_int_equal(unlink(old.data), 0);
	ipl_buf_release(&old);
	write_file(&r, "talk/infraplan.yaml", b);
	stage(&r, (const char *const[]){ "-chat/infraplan.yaml", "talk/infraplan.yaml", NULL });
	commit_index(&r, "move\n");
	write_file(&r, "talk/infraplan.yaml", d);
	stage(&r, (const char *const[]){ "talk/infraplan.yaml", NULL });
	commit_index(&r, "tier d\n");

	j = json_of(&r, (const char *const[]){ "history", "--format", "json", "talk/infraplan.yaml",
					       NULL });
	commits = json_object_get(j, "commits");
	assert_int_equal(json_array_size(commits), 4);
	assert_float_equal(num(json_array_get(commits, 0), "total"), 44.95, 0.001);
	assert_float_equal(num(json_array_get(commits, 0), "delta"), 30.75, 0.001);
	assert_string_equal(
		json_string_value(json_object_get(json_array_get(commits, 1), "renamed_from")),
		"chat/infraplan.yaml");
	assert_float_equal(num(json_array_get(commits, 1), "delta"), 0, 0.001);
	assert_float_equal(num(json_array_get(commits, 2), "delta"), 8.43, 0.001);
	assert_float_equal(num(json_array_get(commits, 3), "total"), 5.77, 0.001);
	assert_true(json_is_null(json_object_get(json_array_get(commits, 3), "delta")));
	json_decref(j);
	free(a);
	free(b);
	free(d);
	repo_free(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_commit_keeps_unrelated_changes),
		cmocka_unit_test(test_commit_unborn_branch),
		cmocka_unit_test(test_commit_message_says_the_change),
		cmocka_unit_test(test_commit_identity_from_config),
		cmocka_unit_test(test_commit_refusals),
		cmocka_unit_test(test_message_needs_commit),
		cmocka_unit_test(test_diff_branches_rename_and_removal),
		cmocka_unit_test(test_diff_worktree_rename_and_spec_list),
		cmocka_unit_test(test_diff_flags_stateful_replacement),
		cmocka_unit_test(test_diff_refuses_links_out_of_the_tree),
		cmocka_unit_test(test_history_follows_a_rename),
	};
	int rc;

	git_libgit2_init();
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	git_libgit2_shutdown();
	return rc;
}
