/*
 * fuzz_price_cache.c: the libFuzzer target for the price cache
 * (catalog/catalog_cache.h). `prices update` writes the cache files from
 * what providers serve, and every planning command reads them on top of the
 * embedded catalog, so a cache file can hold anything a server or a person
 * put there. Each input is written as a cache file in a directory made once
 * and read as ipl_catalog_load reads each cache file
 * (ipl_catalog_load_cache_file), on a copy of the embedded catalog loaded
 * once: loading that catalog again for every input took 95% of the time.
 *
 * What the load promises is checked: a bad cache file is a warning, never an
 * error; a file it takes keeps every offer's prices sorted by date, with no
 * field a planner reads left NULL. Then the example plans of the file's
 * provider are priced with that catalog (Hetzner in EUR, AWS converted from
 * USD to EUR through the rates, both for a rates file) and written as
 * cost.json, COST.md and the table. Their totals must be finite: a cached
 * amount of 1e308 is valid JSON, and the loader must drop it.
 *
 * Built only with -DFUZZ=ON (tests/fuzz/CMakeLists.txt); the seed corpus is
 * tests/fuzz/corpus-price_cache/ (files `prices update` wrote from
 * tests/fixtures/prices, and the embedded catalog's own files) and the
 * dictionary tests/fuzz/price_cache.dict.
 */
#include "core/common.h"

#include <fcntl.h>
#include <math.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/atomic.h"
#include "core/buf.h"
#include "core/diag.h"
#include "core/xalloc.h"
#include "planners/cost.h"
#include "planners/plan.h"
#include "planners/spec_load.h"
#include "model/spec.h"
#include "catalog/catalog_cache.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* a plan to price with a cache file of provider (or of rates), and in which currency */
static struct {
	const char *provider;
	const char *example;
	const char *currency;
	struct ipl_spec *spec;
} plans[] = {
	{ "hetzner", "kecalek-hetzner.yaml", "EUR", NULL },
	{ "aws", "raptorflow-aws.yaml", "EUR", NULL },
};

/* the specs and the embedded catalog, for the whole run */
static struct ipl_arena init_arena;
static struct ipl_catalog *embedded;
static char cache_dir[512];
static struct ipl_buf cache_file = IPL_BUF_INIT;

static void
remove_cache_dir(void)
{
	(void)unlink(ipl_buf_str(&cache_file));
	(void)rmdir(cache_dir);
	ipl_buf_release(&cache_file);
	ipl_arena_release(&init_arena);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct ipl_diags diags;
	const char *tmp = getenv("TMPDIR");
	size_t i;

	(void)argc;
	(void)argv;
	snprintf(cache_dir, sizeof(cache_dir), "%s/ipl-fuzz-price-cache-XXXXXX",
		 tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(cache_dir))
		abort();
	/* the name is only the origin its prices record: every cache file is read alike */
	ipl_buf_addf(&cache_file, "%s/rates.json", cache_dir);
	ipl_arena_init(&init_arena);
	ipl_diags_init(&diags);
	/* offline: the embedded catalog as ipl_catalog_load gives it, origins and source marked */
	if (ipl_catalog_load(&embedded, true, NULL, NULL, &init_arena, &diags) < 0)
		abort();
	for (i = 0; i < IPL_ARRAY_SIZE(plans); i++) {
		char path[512];

		snprintf(path, sizeof(path), "%s/examples/%s", IPL_SOURCE_DIR, plans[i].example);
		if (ipl_spec_load(&plans[i].spec, path, &init_arena, &diags) < 0)
			abort();
	}
	ipl_diags_release(&diags);
	atexit(remove_cache_dir);
	return 0;
}

static void
write_cache_file(const uint8_t *data, size_t size)
{
	int fd = open(ipl_buf_str(&cache_file), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

	if (fd < 0 || ipl_write_fully(fd, data, size) < 0 || close(fd) < 0)
		abort();
}

/* what planners and reports read without a NULL check */
static void
check_catalog(const struct ipl_catalog *cat)
{
	size_t i, j;

	if (!cat->date || cat->date_ymd <= 0)
		abort();
	for (i = 0; i < cat->offers_nr; i++) {
		const struct ipl_offer *o = &cat->offers[i];

		if (!o->id || !o->name || !o->provider || !o->prices_nr)
			abort();
		for (j = 0; j < o->prices_nr; j++) {
			const struct ipl_price *p = &o->prices[j];

			if (!p->currency || !p->valid_from_text || !p->source || !p->confidence ||
			    !p->origin)
				abort();
			if (j && p->valid_from < o->prices[j - 1].valid_from)
				abort();
		}
	}
	for (i = 0; i < cat->rates_nr; i++)
		if (!cat->rates[i].code || !cat->rates[i].valid_from_text || !cat->rates[i].origin)
			abort();
}

static void
price(const struct ipl_catalog *cat, const struct ipl_spec *spec, const char *currency,
      struct ipl_arena *arena)
{
	struct ipl_diags diags;
	struct ipl_plan *plan;
	struct ipl_cost *cost;

	ipl_diags_init(&diags);
	if (ipl_plan_build(&plan, spec, cat, NULL, arena, &diags) == 0 &&
	    ipl_cost_estimate(&cost, plan, currency, arena, &diags) == 0) {
		struct ipl_buf out = IPL_BUF_INIT;

		ipl_cost_write_json(cost, &out);
		ipl_cost_write_markdown(cost, &out);
		ipl_cost_write_table(cost, &out);
		ipl_buf_release(&out);
		if (!isfinite(cost->monthly_total))
			abort();
	}
	ipl_diags_release(&diags);
}

/*
 * A copy of the embedded catalog that a cache file can be merged into: the
 * merge writes into the offers (their price lists) and replaces every array
 * it grows, so the offers are the one part to copy.
 */
static struct ipl_catalog *
copy_embedded(struct ipl_arena *arena)
{
	struct ipl_catalog *cat = IPL_ARENA_NEW(arena, struct ipl_catalog);

	*cat = *embedded;
	cat->offers = IPL_ARENA_ARRAY(arena, struct ipl_offer, embedded->offers_nr);
	memcpy(cat->offers, embedded->offers, embedded->offers_nr * sizeof(*cat->offers));
	return cat;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ipl_arena arena;
	struct ipl_diags diags;
	struct ipl_catalog *cat;
	const char *provider;
	size_t i;
	int rc;

	write_cache_file(data, size);
	ipl_arena_init(&arena);
	ipl_diags_init(&diags);
	cat = copy_embedded(&arena);
	rc = ipl_catalog_load_cache_file(cat, ipl_buf_str(&cache_file), &arena, &diags);
	/*
	 * taken (its bad entries dropped, each with a warning), or ignored with
	 * a warning: a broken cache never stops a plan
	 */
	if ((rc != 1 && rc != -1) || ipl_diags_has_errors(&diags) || (rc < 0 && diags.nr == 0) ||
	    cat->sources_nr != (rc == 1 ? 2u : 1u))
		abort();
	if (rc == 1) {
		check_catalog(cat);
		(void)ipl_catalog_check_age(cat, NULL, 20260601, &diags);
		provider = cat->sources[1].provider;
		for (i = 0; i < IPL_ARRAY_SIZE(plans); i++)
			if (!provider || !strcmp(provider, "rates") ||
			    !strcmp(provider, plans[i].provider))
				price(cat, plans[i].spec, plans[i].currency, &arena);
	}
	ipl_diags_release(&diags);
	ipl_arena_release(&arena);
	return 0;
}
