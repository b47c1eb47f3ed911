/* generate.c: see generate.h. */
#include "core/common.h"

#include "core/buf.h"
#include "planners/forecast.h"
#include "planners/generate.h"
#include "planners/manifest.h"
#include "planners/provider.h"
#include "providers/emit.h"

int
ipl_generate(const struct ipl_plan *plan, const struct ipl_cost *cost, const char *spec_rel,
	     bool rightsized, struct ipl_fileset *fs, struct ipl_diags *diags)
{
	const struct ipl_provider *prov = plan->provider;
	struct ipl_buf b = IPL_BUF_INIT;
	struct ipl_manifest m;
	size_t i;

	if (prov->emit_terraform && prov->emit_terraform(plan, fs, diags) < 0)
		return -1;
	if (ipl_terraform_conventions(plan, fs, diags) < 0)
		return -1;
	if (prov->node_files) {
		if (ipl_emit_node_files(plan, fs, diags) < 0)
			return -1;
	}
	{
		/* with a growth rate, COST.md and cost.json carry the next months */
		struct ipl_cost grown = *cost;
		struct ipl_forecast *f;
		struct ipl_arena arena;
		int rc = 0;
		ipl_arena_init(&arena);
		if (plan->spec->load.monthly_growth.v != IPL_UNSET) {
			rc = ipl_forecast_build(&f, plan->spec, plan->catalog,
						IPL_FORECAST_GEN_MONTHS, cost->currency, &arena,
						diags);
			if (rc == 0)
				grown.forecast = f;
		}
		if (rc == 0) {
			ipl_cost_write_markdown_with_topology(plan, &grown, &b);
			if (prov->node_files && !prov->own_server) {
				struct ipl_buf notes = IPL_BUF_INIT;
				ipl_emit_data_notes(plan, &notes);
				if (notes.len) {
					ipl_buf_adds(&b, "\n");
					ipl_buf_add(&b, notes.data, notes.len);
				}
				ipl_buf_release(&notes);
			}
			ipl_fileset_add(fs, "COST.md", &b, 0644);
			ipl_cost_write_json(&grown, &b);
			ipl_fileset_add(fs, "cost.json", &b, 0644);
		}
		ipl_arena_release(&arena);
		if (rc < 0) {
			ipl_buf_release(&b);
			return -1;
		}
	}
	for (i = 0; i < plan->nodes_nr; i++)
		if (plan->nodes[i].moved_from && plan->nodes_nr > 1)
			ipl_warning(
				diags, plan->spec->path, plan->spec->provider_loc,
				"layout split: a plan that was one server keeps it as node \"%s\" "
				"(moved blocks) and its databases must be migrated to the new "
				"node: dump, restore, switch DB_HOST, retire (nodes/README.md)",
				plan->nodes[i].name);
	ipl_fileset_sort(fs);
	ipl_manifest_init(&m);
	/* each file is hashed once: the manifest says it, gen compares it with the disk */
	for (i = 0; i < fs->nr; i++) {
		struct ipl_file *f = &fs->files[i];
		ipl_sha256_hex(ipl_buf_str(&f->content), f->content.len, f->hash);
		ipl_manifest_add(&m, f->path, f->hash);
	}
	ipl_manifest_write(&m, plan->spec->name.s, spec_rel, rightsized, &b);
	{
		struct ipl_file *f = ipl_fileset_add(fs, IPL_MANIFEST_NAME, &b, 0644);
		ipl_sha256_hex(ipl_buf_str(&f->content), f->content.len, f->hash);
	}
	ipl_manifest_release(&m);
	ipl_buf_release(&b);
	return 0;
}
