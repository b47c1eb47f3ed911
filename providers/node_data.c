/*
 * node_data.c: where each server's data lives and how it survives a change
 * of the plan, as Markdown: nodes/README.md, and the same text at the end of
 * COST.md (planners/generate.c). It says which directory is on which volume
 * (Hetzner), or that the data is on the server's own disk and what replacing
 * that server would lose (Contabo: its provider has no block volumes), and,
 * for a split layout, the steps that move a database off the single layout's
 * server: the old server becomes the app node (moved blocks), the db node
 * comes up beside it, and the data moves by dump and restore before the old
 * copy is retired. Nothing here is destroyed by Terraform.
 */
#include "core/common.h"

#include "catalog/catalog.h"
#include "core/escape.h"
#include "providers/emit.h"
#include "providers/node_emit.h"
#include "providers/selfhosted.h"

/* how one kind's data is dumped on the old server and restored on the new one */
static const struct {
	enum ipl_service_kind kind;
	const char *dump, *restore;
} moves[] = {
	{ IPL_KIND_POSTGRES, "sudo -u postgres pg_dumpall >/root/dump.sql",
	  "sudo -u postgres psql -f /root/dump.sql" },
	{ IPL_KIND_MYSQL,
	  "mysqldump --all-databases --single-transaction --routines --events >/root/dump.sql",
	  "mysql </root/dump.sql" },
	{ IPL_KIND_MONGODB, "mongodump --archive=/root/dump.archive",
	  "mongorestore --archive=/root/dump.archive" },
	{ IPL_KIND_REDIS, "redis-cli SAVE, then copy /var/lib/redis/dump.rdb",
	  "stop redis-server, put dump.rdb in /var/lib/redis (owner redis), start it" },
	{ IPL_KIND_QUEUE, "redis-cli SAVE, then copy /var/lib/redis/dump.rdb",
	  "stop redis-server, put dump.rdb in /var/lib/redis (owner redis), start it" },
	{ IPL_KIND_RABBITMQ,
	  "let the queues drain, then rabbitmqctl export_definitions /root/defs.json",
	  "rabbitmqctl import_definitions /root/defs.json" },
	{ IPL_KIND_OBJECT_STORAGE, "mc mirror OLD/BUCKET NEW/BUCKET for each bucket",
	  "(mc mirror writes straight to the new server)" },
};

static void
code(struct ipl_buf *b, const char *s)
{
	ipl_escape_markdown_code(b, s, false);
}

static void
placement(const struct ipl_plan *plan, const struct ipl_plan_node *n, struct ipl_buf *b)
{
	struct ipl_buf lbl = IPL_BUF_INIT;
	size_t i;

	for (i = 0; i < n->volumes_nr; i++) {
		const struct ipl_plan_volume *v = &n->volumes[i];
		ipl_buf_reset(&lbl);
		ipl_selfhosted_volume_label(&lbl, n->name, v);
		ipl_buf_adds(b, "- node ");
		code(b, n->name);
		ipl_buf_adds(b, ": ");
		code(b, v->mount);
		ipl_buf_addf(b,
			     " (%s, %s) is on volume `hcloud_volume.%s`, %.6g GB, with "
			     "`prevent_destroy`: replacing the server keeps it.\n",
			     v->svc->name.s, ipl_service_kind_name(v->svc->kind), ipl_buf_str(&lbl),
			     v->size_gb);
	}
	for (i = 0; i < n->services_nr && !n->volumes_nr; i++) {
		const struct ipl_service *s = n->services[i].svc;
		if (!ipl_service_is_stateful(s))
			continue;
		ipl_buf_adds(b, "- node ");
		code(b, n->name);
		ipl_buf_addf(b, ": %s (%s) keeps its data on the server's own disk", s->name.s,
			     ipl_service_kind_name(s->kind));
		if (plan->provider->volume_offer)
			ipl_buf_adds(b,
				     " (no volume: its data directory is not one infraplan knows)");
		else
			ipl_buf_addf(b, ": the %s provider has no block volumes",
				     plan->provider->name);
		ipl_buf_adds(b,
			     ". Replacing or reinstalling the server loses everything written "
			     "since the last backup; `prevent_destroy` and `ignore_changes` keep "
			     "Terraform from doing it.\n");
	}
	ipl_buf_release(&lbl);
}

static void
migration(const struct ipl_plan_node *app, const struct ipl_plan_node *db, struct ipl_buf *b)
{
	size_t i, k;
	int step = 1;

	ipl_buf_addf(b,
		     "\n## From one server to two (layout single -> split)\n\n"
		     "If this plan was one server before, `terraform apply` destroys nothing: "
		     "the moved blocks in `terraform/main.tf` make the old `%s` server node `%s` "
		     "(same disk, same public address), and node `%s` comes up beside it, empty. "
		     "Its databases still run on the old server until you move them:\n\n",
		     app->moved_from, app->name, db->name);
	ipl_buf_addf(b,
		     "%d. Apply: `terraform apply` creates node `%s`; the old server keeps "
		     "serving, as server type %s from now on: Hetzner rescales it in place (a "
		     "reboot, never to a smaller disk than it has), Contabo's provider changes "
		     "no product (order the change in the customer panel).\n",
		     step++, db->name, app->type ? app->type->name : "unchanged");
	ipl_buf_addf(b,
		     "%d. Dump, on the old server, once the app services are stopped "
		     "(`systemctl stop infraplan-NAME`):\n",
		     step++);
	for (i = 0; i < db->services_nr; i++) {
		const struct ipl_service *s = db->services[i].svc;
		for (k = 0; k < IPL_ARRAY_SIZE(moves) && moves[k].kind != s->kind; k++)
			;
		if (k < IPL_ARRAY_SIZE(moves))
			ipl_buf_addf(b, "   - %s (%s): `%s`\n", s->name.s,
				     ipl_service_kind_name(moves[k].kind), moves[k].dump);
		else
			/* an app or worker marked stateful: its files are in its StateDirectory= */
			ipl_buf_addf(
				b,
				"   - %s (%s): `rsync -a /var/lib/private/infraplan/%s/` to the "
				"same directory on node `%s`\n",
				s->name.s, ipl_service_kind_name(s->kind), s->name.s, db->name);
	}
	ipl_buf_addf(b, "%d. Restore, on node `%s` (copy the dump over the private network):\n",
		     step++, db->name);
	for (i = 0; i < db->services_nr; i++)
		for (k = 0; k < IPL_ARRAY_SIZE(moves); k++)
			if (moves[k].kind == db->services[i].svc->kind)
				ipl_buf_addf(b, "   - %s: `%s`\n", db->services[i].svc->name.s,
					     moves[k].restore);
	ipl_buf_addf(b,
		     "%d. Switch DB_HOST: install node `%s`'s files on the old server "
		     "(`nodes/%s/`: its units, its environment and the host names that point "
		     "the services at node `%s`'s private address), `systemctl daemon-reload`, "
		     "and start the app services again.\n",
		     step++, app->name, app->name, db->name);
	ipl_buf_addf(b,
		     "%d. Retire the old copy once the app works against node `%s`: stop "
		     "and disable the databases on the old server",
		     step++, db->name);
	if (db->volumes_nr)
		ipl_buf_adds(b,
			     "; Terraform no longer manages the old volumes (removed blocks), "
			     "so detach and delete them yourself (`hcloud volume "
			     "disable-protection NAME delete`, then `hcloud volume delete NAME`): "
			     "they are billed until then");
	else
		ipl_buf_adds(b, ", and delete their data directories when the backups have it");
	ipl_buf_adds(b, ".\n");
}

void
ipl_emit_data_notes(const struct ipl_plan *plan, struct ipl_buf *b)
{
	const struct ipl_plan_node *app = NULL, *db = NULL;
	size_t i, before = b->len;

	ipl_buf_adds(b, "## Where the data lives\n\n");
	for (i = 0; i < plan->nodes_nr; i++) {
		const struct ipl_plan_node *n = &plan->nodes[i];
		if (n->kind != IPL_NODE_SERVER || n->role == IPL_ROLE_SERVICE)
			continue;
		placement(plan, n, b);
		if (n->moved_from)
			app = n;
		if (n->role == IPL_ROLE_DB)
			db = n;
	}
	if (b->len == before + strlen("## Where the data lives\n\n")) {
		b->len = before;
		if (b->data)
			b->data[before] = '\0';
		return;
	}
	ipl_buf_adds(b, "\nServers ignore changes to their user data, image and SSH keys "
			"(`lifecycle`): a changed node file reaches a running server through "
			"`nodes/NODE/apply.sh` (docs/deploy.md), never by replacing it.\n");
	if (app && db)
		migration(app, db, b);
}

int
ipl_emit_data_readme(const struct ipl_plan *plan, struct ipl_fileset *out)
{
	struct ipl_buf b = IPL_BUF_INIT, notes = IPL_BUF_INIT;

	ipl_emit_data_notes(plan, &notes);
	if (notes.len) {
		ipl_buf_adds(&b, "# The servers of this plan and their data\n\n"
				 "Generated by infraplan from the spec: edit the spec and run "
				 "`infraplan gen`, not this file.\n\n");
		ipl_buf_add(&b, notes.data, notes.len);
		ipl_fileset_add(out, "nodes/README.md", &b, 0644);
	}
	ipl_buf_release(&b);
	ipl_buf_release(&notes);
	return 0;
}
