/*
 * node_volumes.c: the data directories that live on block volumes
 * (node->volumes, Hetzner). Each volume gets a bootcmd item
 * (templates/volume-mount.sh.tmpl) that waits for the device
 * /dev/disk/by-id/scsi-0HC_Volume_ID, formats it only when it has no
 * filesystem, adds it to /etc/fstab by id and mounts it; bootcmd runs before
 * cloud-init installs the packages, so their data lands on the volume. The id
 * is known only to Terraform: the file holds a placeholder that the server's
 * user_data replaces (providers/selfhosted.c). The services' units get a
 * drop-in with RequiresMountsFor=, so they never start without their data.
 */
#include "core/common.h"

#include "core/escape.h"
#include "providers/node_emit.h"
#include "providers/selfhosted.h"

/* one bootcmd item as a literal block: "  - |" and the script indented under it */
static void
bootcmd_item(struct ipl_buf *b, const char *script)
{
	const char *line, *nl;

	ipl_buf_adds(b, "  - |\n");
	for (line = script; *line; line = nl + 1) {
		nl = strchr(line, '\n');
		if (!nl)
			nl = line + strlen(line);
		if (nl > line)
			ipl_buf_adds(b, "    ");
		ipl_buf_add(b, line, (size_t)(nl - line));
		ipl_buf_addc(b, '\n');
		if (!*nl)
			break;
	}
}

/*
 * the unit the mount script starts once it has moved a late volume's data, as
 * a shell word ('' for none): a template unit (postgresql@.service) through
 * the unit its instances are part of (postgresql.service), which starts them
 */
static void
start_unit(struct ipl_buf *out, const char *unit)
{
	struct ipl_buf name = IPL_BUF_INIT;
	const char *at = unit ? strstr(unit, "@.") : NULL;

	if (at)
		ipl_buf_addf(&name, "%.*s%s", (int)(at - unit), unit, at + 1);
	else if (unit)
		ipl_buf_adds(&name, unit);
	ipl_escape_shell_word(out, ipl_buf_str(&name));
	ipl_buf_release(&name);
}

int
ipl_node_emit_volumes(struct ipl_node_emit *e)
{
	struct ipl_buf dev = IPL_BUF_INIT, tok = IPL_BUF_INIT, script = IPL_BUF_INIT,
		       text = IPL_BUF_INIT, path = IPL_BUF_INIT, word = IPL_BUF_INIT;
	size_t i, j;
	int rc = 0;

	for (i = 0; i < e->node->volumes_nr; i++) {
		const struct ipl_plan_volume *v = &e->node->volumes[i];
		const struct ipl_node_kind_info *k = ipl_node_kind_of(v->svc);
		const struct ipl_placed_service *ps;
		const char *unit;

		ipl_buf_reset(&tok);
		ipl_selfhosted_volume_token(&tok, e->node->name, v);
		ipl_buf_reset(&dev);
		ipl_buf_addf(&dev, "/dev/disk/by-id/scsi-0HC_Volume_%s", ipl_buf_str(&tok));
		ps = ipl_node_find_on_node(e->node, v->svc->name.s);
		if (ps && ipl_node_runs_own_unit(v->svc))
			unit = ps->unit_name; /* its StateDirectory= is on the volume */
		else if (k && k->unit)
			unit = k->unit;
		else
			unit = NULL;
		ipl_buf_reset(&script);
		ipl_buf_reset(&word);
		ipl_escape_shell_word(&word, ipl_buf_str(&dev));
		{
			struct ipl_buf dir = IPL_BUF_INIT, start = IPL_BUF_INIT;
			ipl_escape_shell_word(&dir, v->mount);
			start_unit(&start, unit);
			const struct ipl_template_var vars[] = {
				{ "service", v->svc->name.s },
				{ "device", ipl_buf_str(&word) },
				{ "dir", v->mount },
				{ "dir_word", ipl_buf_str(&dir) },
				{ "unit_word", ipl_buf_str(&start) },
			};
			if (ipl_node_render(e, &script, "volume-mount.sh.tmpl", vars,
					    IPL_ARRAY_SIZE(vars)) < 0)
				rc = -1;
			ipl_buf_release(&dir);
			ipl_buf_release(&start);
		}
		bootcmd_item(&e->bootcmd, ipl_buf_str(&script));
		if (!unit)
			continue;
		/* the services that share the volume (redis and a queue): all in the comment */
		ipl_buf_reset(&word);
		for (j = 0; j < e->node->services_nr; j++) {
			const struct ipl_service *s = e->node->services[j].svc;
			const char *d = ipl_service_data_dir(s);
			if (s == v->svc ||
			    (ipl_service_is_stateful(s) && d && !strcmp(d, v->mount)))
				ipl_buf_addf(&word, "%s%s", word.len ? ", " : "", s->name.s);
		}
		ipl_buf_reset(&text);
		{
			const struct ipl_template_var vars[] = {
				{ "services", ipl_buf_str(&word) },
				{ "dir", v->mount },
			};
			if (ipl_node_render(e, &text, "systemd-volume-dropin.conf.tmpl", vars,
					    IPL_ARRAY_SIZE(vars)) < 0)
				rc = -1;
		}
		ipl_buf_reset(&path);
		ipl_buf_addf(&path, "%s.d/infraplan-volume.conf", unit);
		ipl_node_add_unit_file(e, ipl_buf_str(&path), &text);
	}
	ipl_buf_release(&dev);
	ipl_buf_release(&tok);
	ipl_buf_release(&script);
	ipl_buf_release(&text);
	ipl_buf_release(&path);
	ipl_buf_release(&word);
	return rc;
}
