/* pipeline.c: see pipeline.h. */
#include "core/common.h"

#include "cmd/cmd.h"
#include "cmd/pipeline.h"
#include "planners/spec_load.h"
#include "core/path.h"
#include "planners/budget.h"
#include "planners/generate.h"
#include "planners/manifest.h"
#include "planners/provider.h"
#include "planners/vcs.h"
#include "catalog/catalog_cache.h"

void
ipl_run_init(struct ipl_run *run, const struct ipl_env *env)
{
	run->env = env;
	ipl_arena_init(&run->arena);
	ipl_diags_init(&run->diags);
	run->spec = NULL;
	run->catalog = NULL;
	run->catalog_region = NULL;
}

void
ipl_run_finish(struct ipl_run *run)
{
	ipl_report(&run->diags);
	ipl_diags_release(&run->diags);
	ipl_arena_release(&run->arena);
}

void
ipl_run_take_warnings(struct ipl_run *run, struct ipl_diags *warnings)
{
	struct ipl_diags kept;
	size_t i;

	ipl_diags_sort(&run->diags);
	ipl_diags_init(warnings);
	ipl_diags_init(&kept);
	for (i = 0; i < run->diags.sources_nr; i++)
		ipl_diags_add_source(&kept, run->diags.sources[i].file, run->diags.sources[i].text,
				     run->diags.sources[i].len);
	for (i = 0; i < run->diags.nr; i++) {
		const struct ipl_diag *d = &run->diags.items[i];
		ipl_diag_add(d->severity == IPL_WARNING ? warnings : &kept, d->severity, d->file,
			     d->loc, "%s", d->message);
	}
	ipl_diags_release(&run->diags);
	run->diags = kept;
}

/*
 * The embedded catalog with the price cache on top, unless INFRAPLAN_OFFLINE=1,
 * with the cached AWS prices of the spec's region; kept for the next spec of
 * the same region (diff and history plan many).
 */
static int
load_catalog(struct ipl_run *run, const struct ipl_spec *spec, struct ipl_diags *diags)
{
	const char *region = ipl_provider_get(spec->provider)->regional_prices ? spec->region.s
									       : NULL;

	if (run->catalog &&
	    (region == run->catalog_region ||
	     (region && run->catalog_region && !strcmp(region, run->catalog_region))))
		return IPL_EXIT_OK;
	run->catalog = NULL;
	if (ipl_catalog_load(&run->catalog, run->env->offline, run->env->cache_dir, region,
			     &run->arena, diags) < 0)
		return IPL_EXIT_ENV;
	run->catalog_region = region ? ipl_arena_strdup(&run->arena, region) : NULL;
	return IPL_EXIT_OK;
}

/* the catalog of the spec just loaded into run->spec, and the age of its prices */
static int
load_spec_catalog(struct ipl_run *run)
{
	const struct ipl_spec *spec = run->spec;
	int rc;

	if ((rc = load_catalog(run, spec, &run->diags)) != IPL_EXIT_OK)
		return rc;
	/*
	 * Old prices are said on stderr only, so generated files stay the same
	 * from day to day; a spec that pins prices_as_of asked for old prices.
	 */
	if (!spec->prices_as_of_ymd)
		ipl_catalog_check_age(run->catalog, ipl_provider_name(spec->provider),
				      run->env->today, &run->diags);
	return IPL_EXIT_OK;
}

int
ipl_run_load(struct ipl_run *run, const char *spec_path)
{
	if (ipl_spec_load(&run->spec, spec_path, &run->arena, &run->diags) < 0)
		return IPL_EXIT_USAGE;
	return load_spec_catalog(run);
}

int
ipl_run_load_text(struct ipl_run *run, const char *label, const char *text, size_t len)
{
	if (ipl_spec_parse(&run->spec, label, text, len, &run->arena, &run->diags) < 0)
		return IPL_EXIT_USAGE;
	return load_spec_catalog(run);
}

int
ipl_run_cost(struct ipl_run *run, const struct ipl_spec *spec, const struct ipl_plan_options *opts,
	     const char *currency, bool errors_only, struct ipl_plan **plan, struct ipl_cost **cost,
	     struct ipl_diags *diags)
{
	struct ipl_diags quiet, *to = errors_only ? &quiet : diags;
	int rc = IPL_EXIT_OK;

	ipl_diags_init(&quiet);
	if (ipl_plan_build(plan, spec, run->catalog, opts, &run->arena, to) < 0 ||
	    ipl_cost_estimate(cost, *plan, currency, &run->arena, to) < 0)
		rc = IPL_EXIT_USAGE;
	ipl_diags_copy_errors(diags, &quiet);
	ipl_diags_release(&quiet);
	return rc;
}

int
ipl_run_cost_text(struct ipl_run *run, const char *label, const struct ipl_buf *text,
		  const char *currency, struct ipl_plan **plan_out, struct ipl_cost **cost,
		  struct ipl_diags *diags)
{
	struct ipl_spec *spec;
	struct ipl_plan *plan, **pp = plan_out ? plan_out : &plan;
	int rc;

	if (ipl_spec_parse(&spec, label, text->data ? text->data : "", text->len, &run->arena,
			   diags) < 0)
		return IPL_EXIT_USAGE;
	if ((rc = load_catalog(run, spec, diags)) != IPL_EXIT_OK)
		return rc;
	return ipl_run_cost(run, spec, NULL, currency, true, pp, cost, diags);
}

int
ipl_run_plan(struct ipl_run *run, const char *spec_rel, bool rightsized, struct ipl_plan **plan,
	     struct ipl_cost **cost, struct ipl_fileset *fs)
{
	struct ipl_fileset dropped;
	int rc;

	ipl_fileset_init(&dropped);
	rc = ipl_run_cost(run, run->spec, NULL, NULL, false, plan, cost, &run->diags);
	if (rc == IPL_EXIT_OK &&
	    ipl_generate(*plan, *cost, spec_rel, rightsized, fs ? fs : &dropped, &run->diags) < 0)
		rc = IPL_EXIT_USAGE;
	if (rc == IPL_EXIT_OK)
		ipl_budget_check(*plan, *cost, &run->arena, &run->diags);
	ipl_fileset_release(&dropped);
	return rc;
}

char *
ipl_plan_spec_path(const char *plan_dir, const char *spec_rel, const char *outside_root,
		   struct ipl_diags *diags)
{
	char *root = ipl_vcs_discover_workdir(plan_dir), *real;
	struct ipl_buf path = IPL_BUF_INIT, manifest = IPL_BUF_INIT;
	const char *why;

	ipl_buf_addf(&path, "%s/%s", plan_dir, spec_rel);
	real = ipl_path_resolve_inside(root ? root : outside_root, path.data, &why);
	if (!real) {
		ipl_buf_addf(&manifest, "%s/%s", plan_dir, IPL_MANIFEST_NAME);
		ipl_error(diags, manifest.data, (struct ipl_loc){ 0, 0 },
			  "the spec it names, '%s', is not opened: %s (the %s at %s)", spec_rel,
			  why, root ? "work tree" : "directory", root ? root : outside_root);
		ipl_buf_release(&manifest);
		ipl_buf_release(&path);
		free(root);
		return NULL;
	}
	free(real);
	free(root);
	return ipl_buf_detach(&path, NULL);
}
