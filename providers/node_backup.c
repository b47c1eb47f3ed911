/*
 * node_backup.c: a node's backups: what is dumped and which paths are kept,
 * the environment of the backup script, and the backup services and timers
 * (templates/backup.sh.tmpl, systemd-backup.*.tmpl). Part of the node files
 * (node_files.c).
 */
#include "core/common.h"

#include "core/escape.h"
#include "core/xalloc.h"
#include "providers/emit.h"
#include "providers/node_emit.h"
#include "templates/template.h"

/* ---- Backups ------------------------------------------------------------ */

bool
ipl_node_has_state(const struct ipl_plan_node *n)
{
	size_t i;

	for (i = 0; i < n->services_nr; i++)
		if (ipl_service_is_stateful(n->services[i].svc))
			return true;
	return false;
}

/*
 * What backup.sh dumps and which directories it snapshots. Returns true when
 * it must read directories other users own (the state of stateful services
 * of ours, kept by DynamicUser= under /var/lib/private), which costs the
 * backup unit CAP_DAC_READ_SEARCH.
 */
static bool
backup_contents(struct ipl_node_emit *e, struct ipl_buf *dumps, struct ipl_buf *paths,
		struct ipl_buf *after)
{
	bool done[IPL_KIND__COUNT] = { false };
	struct ipl_buf a = IPL_BUF_INIT, f = IPL_BUF_INIT;
	bool read_all = false;
	size_t i;

	for (i = 0; i < e->node->services_nr; i++) {
		const struct ipl_placed_service *ps = &e->node->services[i];
		const struct ipl_service *s = ps->svc;
		enum ipl_service_kind k = s->kind;
		const char *name = s->name.s;
		const char *file; /* the dump's file name, as a shell word */

		if (!ipl_service_is_stateful(s))
			continue;
		if (s->image.s) {
			ipl_node_step(
				dumps,
				"# %s: the state of a container is not backed up; mount a volume",
				name);
			ipl_node_step(
				dumps,
				"# under /var/lib/infraplan and mark the service stateful to keep it");
			continue;
		}
		if (ipl_node_runs_own_unit(s)) {
			ipl_buf_reset(&f);
			ipl_buf_addf(&f, "/var/lib/private/infraplan/%s", name);
			ipl_buf_addf(paths, " %s", ipl_node_shell_word(&a, ipl_buf_str(&f)));
			read_all = true;
			continue;
		}
		if (k == IPL_KIND_QUEUE)
			k = IPL_KIND_REDIS;
		if (done[k])
			continue;
		done[k] = true;
		if (ipl_node_kinds[k].unit && k != IPL_KIND_STATIC_SITE &&
		    k != IPL_KIND_OBJECT_STORAGE) {
			const char *unit = ipl_node_unit_of(ps);
			if (after->len)
				ipl_buf_addc(after, '\n');
			ipl_buf_addf(after, "After=%s", unit);
		}
		ipl_buf_reset(&f);
		switch (k) {
		case IPL_KIND_POSTGRES:
			ipl_buf_addf(&f, "%s.sql", name);
			file = ipl_node_shell_word(&a, ipl_buf_str(&f));
			ipl_node_step(
				dumps,
				"# %s (postgres): every database and role, as root mapped to postgres",
				name);
			ipl_node_step(dumps,
				      "pg_dumpall --username=postgres --port=%d --clean "
				      "--if-exists >\"$dumps\"/%s || dump_failed %s",
				      ps->port > 0 ? ps->port : 5432, file, file);
			break;
		case IPL_KIND_MYSQL:
			ipl_buf_addf(&f, "%s.sql", name);
			file = ipl_node_shell_word(&a, ipl_buf_str(&f));
			ipl_node_step(
				dumps,
				"# %s (mysql): every database in one consistent transaction, as root",
				name);
			ipl_node_step(
				dumps,
				"mariadb-dump --all-databases --single-transaction --routines --events "
				">\"$dumps\"/%s || dump_failed %s",
				file, file);
			break;
		case IPL_KIND_MONGODB:
			ipl_buf_addf(&f, "%s.archive", name);
			file = ipl_node_shell_word(&a, ipl_buf_str(&f));
			ipl_node_step(dumps, "# %s (mongodb)", name);
			ipl_node_step(dumps,
				      "mongodump --quiet --port=%d --archive=\"$dumps\"/%s || "
				      "dump_failed %s",
				      ps->port > 0 ? ps->port : 27017, file, file);
			break;
		case IPL_KIND_REDIS: {
			/* the server's password setup.sh made when an app uses it (node_credentials.c) */
			const char *pw = ipl_node_redis_server(e->node)->svc->name.s;
			ipl_buf_addf(&f, "%s.rdb", name);
			file = ipl_node_shell_word(&a, ipl_buf_str(&f));
			ipl_node_step(dumps, "# %s (%s): a snapshot of the data set", name,
				      ipl_service_kind_name(s->kind));
			ipl_node_step(dumps, "if [ -s /etc/infraplan/secrets/%s.password ]; then",
				      pw);
			ipl_node_step(dumps,
				      "\tREDISCLI_AUTH=$(cat /etc/infraplan/secrets/%s.password)",
				      pw);
			ipl_node_step(dumps, "\texport REDISCLI_AUTH");
			ipl_node_step(dumps, "fi");
			ipl_node_step(
				dumps,
				"redis-cli -p %d --rdb \"$dumps\"/%s >/dev/null || dump_failed %s",
				ps->port > 0 ? ps->port : 6379, file, file);
			break;
		}
		case IPL_KIND_RABBITMQ:
			ipl_node_step(
				dumps,
				"# %s (rabbitmq): messages in flight are not backed up; queues and",
				name);
			ipl_node_step(
				dumps,
				"# exchanges are declared again by the services that use them");
			break;
		case IPL_KIND_OBJECT_STORAGE:
			ipl_node_step(
				dumps,
				"# %s (object_storage): MinIO is installed by hand; add its data",
				name);
			ipl_node_step(dumps,
				      "# directory to the restic backup line below once it exists");
			break;
		default:
			break;
		}
	}
	ipl_buf_release(&a);
	ipl_buf_release(&f);
	return read_all;
}

/* /etc/infraplan/backup.env: where restic uploads, and with which credentials, to be filled in */
static void
backup_env_text(struct ipl_buf *b, const char *target, const char *node, bool local)
{
	ipl_buf_addf(b,
		     "# restic settings of the backups of node %s to backup.target \"%s\",\n"
		     "# read by infraplan-backup-*.service.",
		     node, target);
	if (local) {
		/* a local repository needs nothing filled in: its password is made at boot */
		ipl_buf_adds(
			b,
			" Nothing to fill in for a local target.\n"
			"# The repository is /var/backups/infraplan/restic on this server, and its\n"
			"# password is in /etc/infraplan/restic-password (made by setup.sh): keep a\n"
			"# copy of it elsewhere. Local backups do not survive the loss of the "
			"server.\n");
		return;
	}
	ipl_buf_adds(b,
		     " infraplan never writes a secret: fill in\n"
		     "# the values, remove the #, and keep this file mode 0600.\n"
		     "# RESTIC_PASSWORD encrypts the backups: keep a copy off this server, since\n"
		     "# without it they cannot be read.\n"
		     "#RESTIC_PASSWORD=\n");
	if (!strcmp(target, "b2"))
		ipl_buf_addf(b,
			     "#RESTIC_REPOSITORY=b2:BUCKET:/%s\n"
			     "#B2_ACCOUNT_ID=\n"
			     "#B2_ACCOUNT_KEY=\n",
			     node);
	else if (!strcmp(target, "s3"))
		ipl_buf_addf(b,
			     "#RESTIC_REPOSITORY=s3:s3.REGION.amazonaws.com/BUCKET/%s\n"
			     "#AWS_ACCESS_KEY_ID=\n"
			     "#AWS_SECRET_ACCESS_KEY=\n",
			     node);
	else if (!strcmp(target, "r2"))
		ipl_buf_addf(
			b,
			"#RESTIC_REPOSITORY=s3:https://ACCOUNT_ID.r2.cloudflarestorage.com/BUCKET/%s\n"
			"#AWS_ACCESS_KEY_ID=\n"
			"#AWS_SECRET_ACCESS_KEY=\n",
			node);
	else
		ipl_buf_adds(
			b,
			"# Any restic repository: sftp:, s3:, b2:, rest:, rclone: (see restic's\n"
			"# documentation) and the variables its backend reads.\n"
			"#RESTIC_REPOSITORY=\n");
}

static const char *
randomized_delay(const struct ipl_backup *b, const char *kind)
{
	size_t i;

	for (i = 0; i < b->schedules_nr; i++) {
		const char *k = b->schedules[i].kind.s ? b->schedules[i].kind.s : "full";
		const char *every = b->schedules[i].every.s;
		if (!strcmp(k, kind) && every && strcmp(every, "daily") &&
		    strcmp(every, "weekly") && strcmp(every, "monthly"))
			return "5m";
	}
	return "30m";
}

static int
emit_backup_kind(struct ipl_node_emit *e, const char *kind, const char *target_sd,
		 const char *after, const char *caps, const char *env)
{
	const struct ipl_backup *b = &e->spec->backup;
	struct ipl_buf cal = IPL_BUF_INIT, unit = IPL_BUF_INIT, name = IPL_BUF_INIT;
	size_t i;
	int rc = 0;

	for (i = 0; i < b->schedules_nr; i++) {
		const char *k = b->schedules[i].kind.s ? b->schedules[i].kind.s : "full";
		if (strcmp(k, kind) || !b->schedules[i].every.s)
			continue;
		if (cal.len)
			ipl_buf_addc(&cal, '\n');
		/* not quoted: systemd takes OnCalendar= as it is, and the spec loader
		   admits only letters, digits, spaces and *:/,.-~ there */
		ipl_buf_addf(&cal, "OnCalendar=%s", b->schedules[i].every.s);
	}
	if (!cal.len) {
		if (strcmp(kind, "full"))
			goto done;
		ipl_buf_adds(
			&cal,
			"# the spec gives no full schedule: a full backup (which also prunes)\n"
			"# every day\nOnCalendar=daily");
	}
	{
		const struct ipl_template_var vars[] = {
			{ "kind", kind },         { "target", target_sd }, { "after", after },
			{ "capabilities", caps }, { "environment", env },
		};
		if (ipl_node_render(e, &unit, "systemd-backup.service.tmpl", vars,
				    IPL_ARRAY_SIZE(vars)) < 0) {
			rc = -1;
			goto done;
		}
		ipl_buf_addf(&name, "infraplan-backup-%s.service", kind);
		ipl_node_add_unit_file(e, ipl_buf_str(&name), &unit);
	}
	{
		const struct ipl_template_var vars[] = {
			{ "kind", kind },
			{ "on_calendar", ipl_buf_str(&cal) },
			{ "randomized_delay", randomized_delay(b, kind) },
		};
		if (ipl_node_render(e, &unit, "systemd-backup.timer.tmpl", vars,
				    IPL_ARRAY_SIZE(vars)) < 0) {
			rc = -1;
			goto done;
		}
		ipl_buf_reset(&name);
		ipl_buf_addf(&name, "infraplan-backup-%s.timer", kind);
		ipl_node_add_unit_file(e, ipl_buf_str(&name), &unit);
		ipl_node_runcmd(&e->enable, "systemctl", "enable", "--now", ipl_buf_str(&name),
				NULL);
	}
done:
	ipl_buf_release(&cal);
	ipl_buf_release(&unit);
	ipl_buf_release(&name);
	return rc;
}

/*
 * Backups of a node that keeps state: backup.sh (dumps, then a restic
 * snapshot), the env file for its credentials, and a service and timer per
 * kind of schedule (full, incremental). Nodes without state have nothing to
 * back up.
 */
int
ipl_node_emit_backup(struct ipl_node_emit *e)
{
	const struct ipl_backup *b = &e->spec->backup;
	const char *target = b->target.s ? b->target.s : "local";
	bool local = !strcmp(target, "local");
	struct ipl_buf dumps = IPL_BUF_INIT, paths = IPL_BUF_INIT, after = IPL_BUF_INIT,
		       script = IPL_BUF_INIT, text = IPL_BUF_INIT, host = IPL_BUF_INIT,
		       days = IPL_BUF_INIT, target_sd = IPL_BUF_INIT, env = IPL_BUF_INIT;
	const char *caps;
	int rc = 0;

	if (backup_contents(e, &dumps, &paths, &after))
		caps = "# reads the state directories of the services (owned by their dynamic users)\n"
		       "CapabilityBoundingSet=CAP_DAC_READ_SEARCH";
	else
		caps = "CapabilityBoundingSet=";
	if (dumps.len)
		dumps.data[--dumps.len] = '\0';
	ipl_escape_shell_word(&host, e->node->name);
	/* 004: "30-day retention"; the same when the spec says nothing */
	ipl_buf_addf(&days, "%.0f", b->retention_days.v != IPL_UNSET ? b->retention_days.v : 30);
	{
		const struct ipl_template_var vars[] = {
			{ "node", e->node->name },
			{ "host", ipl_buf_str(&host) },
			{ "target", target },
			{ "retention_days", ipl_buf_str(&days) },
			{ "dumps", ipl_buf_str(&dumps) },
			{ "paths", ipl_buf_str(&paths) },
		};
		if (ipl_node_render(e, &script, "backup.sh.tmpl", vars, IPL_ARRAY_SIZE(vars)) < 0) {
			rc = -1;
			goto done;
		}
	}
	ipl_node_yaml_write_file(&e->write_files, "/usr/local/lib/infraplan/backup.sh", "0755",
				 false, ipl_buf_str(&script));
	backup_env_text(&text, target, e->node->name, local);
	/* a local repository and its password are made here: nothing to fill in */
	if (local)
		ipl_node_operator_step(
			e, "keep a copy of /etc/infraplan/restic-password off this server",
			"Keep a copy of `/etc/infraplan/restic-password` (made at the first boot) "
			"off this server: without it the backups cannot be read. The repository, "
			"`/var/backups/infraplan/restic`, is on this server's disk: it undoes "
			"mistakes, not the loss of the server; copy it elsewhere too, or use an "
			"off-site `backup.target`.");
	else
		ipl_node_operator_step(
			e, "fill in /etc/infraplan/backup.env",
			"Fill in `/etc/infraplan/backup.env` (mode 0600): the restic "
			"repository, its password and the target's credentials. Keep a copy "
			"of `RESTIC_PASSWORD` off this server: without it the backups cannot "
			"be read.");
	ipl_node_yaml_write_file(&e->write_files, "/etc/infraplan/backup.env", "0600", true,
				 ipl_buf_str(&text));
	ipl_node_add_package(e, "restic");
	ipl_node_step(&e->setup, "# backups: dumps and, for a local target, the repository");
	ipl_node_step(&e->setup, "install -d -m 0700 /var/backups/infraplan");
	if (local) {
		ipl_buf_adds(&env,
			     "Environment=RESTIC_REPOSITORY=/var/backups/infraplan/restic\n"
			     "Environment=RESTIC_PASSWORD_FILE=/etc/infraplan/restic-password");
		ipl_node_step(&e->setup,
			      "# the local repository's password: made once, never printed");
		ipl_node_step(&e->setup, "if [ ! -s /etc/infraplan/restic-password ]; then");
		ipl_node_step(&e->setup, "\t(umask 077 && head -c 32 /dev/urandom | base64 "
					 ">/etc/infraplan/restic-password)");
		ipl_node_step(&e->setup, "fi");
	}
	ipl_escape_systemd_value(&target_sd, target);
	if (emit_backup_kind(e, "full", ipl_buf_str(&target_sd), ipl_buf_str(&after), caps,
			     ipl_buf_str(&env)) < 0 ||
	    emit_backup_kind(e, "incremental", ipl_buf_str(&target_sd), ipl_buf_str(&after), caps,
			     ipl_buf_str(&env)) < 0)
		rc = -1;
done:
	ipl_buf_release(&dumps);
	ipl_buf_release(&paths);
	ipl_buf_release(&after);
	ipl_buf_release(&script);
	ipl_buf_release(&text);
	ipl_buf_release(&host);
	ipl_buf_release(&days);
	ipl_buf_release(&target_sd);
	ipl_buf_release(&env);
	return rc;
}
