/* selfhosted.c: see selfhosted.h. */
#include "core/common.h"

#include "core/escape.h"
#include "core/xalloc.h"
#include "providers/emit.h"
#include "providers/node_emit.h"
#include "providers/selfhosted.h"

void
ipl_selfhosted_ssh_variables(struct ipl_hcl *h, const struct ipl_spec *spec)
{
	ipl_hcl_open(h, "variable \"ssh_public_key\"");
	ipl_hcl_str(h, "description",
		    "OpenSSH public key of the admin user: the one line of ~/.ssh/id_ed25519.pub "
		    "(ssh-keygen -t ed25519 makes the pair); SSH accepts keys only");
	ipl_hcl_expr(h, "type", "string");
	if (spec->ssh_public_key.s)
		ipl_hcl_str(h, "default", spec->ssh_public_key.s);
	ipl_hcl_close(h);
	ipl_hcl_blank(h);
	ipl_hcl_open(h, "variable \"ssh_allowed_cidrs\"");
	ipl_hcl_str(h, "description",
		    "Networks allowed to reach SSH, as CIDRs such as [\"203.0.113.7/32\"] (your "
		    "public address and /32); empty keeps SSH closed to the internet");
	ipl_hcl_expr(h, "type", "list(string)");
	if (spec->settings.ssh_allowed_cidr.s) {
		struct ipl_buf v = IPL_BUF_INIT;
		ipl_buf_addc(&v, '[');
		ipl_escape_hcl_string(&v, spec->settings.ssh_allowed_cidr.s);
		ipl_buf_addc(&v, ']');
		ipl_hcl_expr(h, "default", "%s", v.data);
		ipl_buf_release(&v);
	} else {
		ipl_hcl_expr(h, "default", "[]");
	}
	ipl_hcl_close(h);
}

int
ipl_selfhosted_region_variable(struct ipl_hcl *h, const struct ipl_plan *plan, const char *var,
			       const char *description, const char *const *allowed,
			       size_t allowed_nr, const char *dflt, struct ipl_diags *diags)
{
	const struct ipl_spec *spec = plan->spec;
	int rc = 0;
	struct ipl_buf list = IPL_BUF_INIT, names = IPL_BUF_INIT;
	const char *value = spec->region.s ? spec->region.s : dflt;
	bool known = false;
	size_t i;

	for (i = 0; i < allowed_nr; i++) {
		if (i) {
			ipl_buf_adds(&list, ", ");
			ipl_buf_adds(&names, i + 1 == allowed_nr ? " or " : ", ");
		}
		ipl_escape_hcl_string(&list, allowed[i]);
		ipl_buf_adds(&names, allowed[i]);
		if (!strcmp(value, allowed[i]))
			known = true;
	}
	/* refused here and not only by terraform plan: a plan that cannot be applied is no plan */
	if (!known)
		rc = ipl_error(diags, spec->path, spec->region.loc,
			       "region \"%s\" is not a %s %s; expected %s", value,
			       plan->provider->name, var, names.data);
	ipl_hcl_open(h, "variable \"%s\"", var);
	ipl_hcl_str(h, "description", description);
	ipl_hcl_expr(h, "type", "string");
	ipl_hcl_str(h, "default", value);
	ipl_hcl_blank(h);
	ipl_hcl_open(h, "validation");
	ipl_hcl_expr(h, "condition", "contains([%s], var.%s)", list.data, var);
	ipl_buf_reset(&list);
	ipl_buf_addf(&list, "The %s must be one of %s.", var, names.data);
	ipl_hcl_str(h, "error_message", list.data);
	ipl_hcl_close(h);
	ipl_hcl_close(h);
	ipl_buf_release(&list);
	ipl_buf_release(&names);
	return rc;
}

void
ipl_selfhosted_label(struct ipl_buf *b, const char *name)
{
	for (; *name; name++)
		ipl_buf_addc(b, *name == '-' ? '_' : *name);
}

void
ipl_selfhosted_name(struct ipl_buf *b, const struct ipl_plan *plan, const struct ipl_plan_node *n)
{
	ipl_buf_addc(b, '"');
	ipl_hcl_template_text(b, plan->spec->name.s);
	ipl_buf_addc(b, '-');
	ipl_hcl_template_text(b, n->name);
	if (n->count > 1)
		ipl_buf_adds(b, "-${count.index + 1}");
	ipl_buf_addc(b, '"');
}

void
ipl_selfhosted_user_data(struct ipl_buf *b, const struct ipl_plan_node *n)
{
	struct ipl_buf lbl = IPL_BUF_INIT;
	size_t i;

	/* each volume's id reaches cloud-init through its placeholder: replace(file(), ...) */
	for (i = n->volumes_nr; i > 0; i--)
		ipl_buf_adds(b, "replace(");
	/* ${path.module} is Terraform's own interpolation; the node name is text */
	ipl_buf_adds(b, "file(\"${path.module}/../nodes/");
	ipl_hcl_template_text(b, n->name);
	ipl_buf_adds(b, "/cloud-init.yaml\")");
	for (i = 0; i < n->volumes_nr; i++) {
		ipl_buf_reset(&lbl);
		ipl_selfhosted_volume_token(&lbl, n->name, &n->volumes[i]);
		ipl_buf_adds(b, ", ");
		ipl_escape_hcl_string(b, ipl_buf_str(&lbl));
		ipl_buf_reset(&lbl);
		ipl_selfhosted_volume_label(&lbl, n->name, &n->volumes[i]);
		ipl_buf_addf(b, ", hcloud_volume.%s.id)", ipl_buf_str(&lbl));
	}
	ipl_buf_release(&lbl);
}

void
ipl_selfhosted_volume_label(struct ipl_buf *b, const char *node, const struct ipl_plan_volume *v)
{
	ipl_selfhosted_label(b, node);
	ipl_buf_addc(b, '_');
	ipl_selfhosted_label(b, v->svc->name.s);
}

void
ipl_selfhosted_volume_token(struct ipl_buf *b, const char *node, const struct ipl_plan_volume *v)
{
	ipl_buf_adds(b, "@hcloud_volume.");
	ipl_selfhosted_volume_label(b, node, v);
	ipl_buf_adds(b, ".id@");
}

void
ipl_selfhosted_moved(struct ipl_hcl *h, const struct ipl_plan *plan, const char *server,
		     const char *firewall)
{
	const char *types[] = { server, firewall };
	struct ipl_buf from = IPL_BUF_INIT, to = IPL_BUF_INIT;
	size_t i, t;

	for (i = 0; i < plan->nodes_nr; i++) {
		const struct ipl_plan_node *n = &plan->nodes[i];
		if (!n->moved_from)
			continue;
		ipl_buf_reset(&from);
		ipl_buf_reset(&to);
		ipl_selfhosted_label(&from, n->moved_from);
		ipl_selfhosted_label(&to, n->name);
		ipl_hcl_blank(h);
		ipl_hcl_comment(h,
				"Layout single -> split: the single node's server stays as the "
				"app node (it keeps\nits public address and disk); the database "
				"moves to the new db node by\nmigration (nodes/README.md), never "
				"by replacing this server. Each block is a\nno-op when there "
				"never was a main server.");
		for (t = 0; t < IPL_ARRAY_SIZE(types); t++) {
			if (t)
				ipl_hcl_blank(h);
			ipl_hcl_open(h, "moved");
			ipl_hcl_expr(h, "from", "%s.%s", types[t], ipl_buf_str(&from));
			/* to a node with copies, the old server is the first copy: moved to
			   the whole counted resource, Terraform would destroy it */
			ipl_hcl_expr(h, "to", "%s.%s%s", types[t], ipl_buf_str(&to),
				     t == 0 && n->count > 1 ? "[0]" : "");
			ipl_hcl_close(h);
		}
	}
	ipl_buf_release(&from);
	ipl_buf_release(&to);
}

static int
cmp_int(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

int *
ipl_selfhosted_public_ports(const struct ipl_plan_node *n, size_t *nr)
{
	/* two ports per service at most: the array grows with the node, never drops a port */
	int *ports = ipl_xcalloc(2 * n->services_nr + 1, sizeof(*ports));
	size_t i, in = 0, out = 0;

	*nr = 0;
	if (n->role == IPL_ROLE_DB)
		return ports;
	for (i = 0; i < n->services_nr; i++) {
		if (n->services[i].private_only)
			continue;
		in += ipl_node_public_ports(&n->services[i], ports + in);
	}
	qsort(ports, in, sizeof(*ports), cmp_int);
	for (i = 0; i < in; i++)
		if (!out || ports[out - 1] != ports[i])
			ports[out++] = ports[i];
	*nr = out;
	return ports;
}

void
ipl_selfhosted_lifecycle(struct ipl_hcl *h, const struct ipl_plan_node *n,
			 const char *ignore_changes)
{
	struct ipl_buf why = IPL_BUF_INIT;
	bool stateful = ipl_node_has_state(n);

	/*
	 * the hcloud provider replaces a server whenever its user_data changes,
	 * so one new environment variable would destroy the server holding the
	 * database; image and ssh_keys are only read at creation too
	 */
	ipl_buf_adds(&why, "user_data runs at the first boot only: a later change to nodes/");
	ipl_buf_adds(&why, n->name);
	ipl_buf_adds(&why,
		     "/ does not\nreplace the server and its disk; copy the changed files to it "
		     "instead.");
	if (stateful)
		ipl_buf_adds(&why,
			     "\nIt holds state: to destroy it on purpose, remove prevent_destroy "
			     "first.");
	ipl_hcl_blank(h);
	ipl_hcl_comment(h, why.data);
	ipl_hcl_open(h, "lifecycle");
	ipl_hcl_expr(h, "ignore_changes", "[%s]", ignore_changes);
	if (stateful)
		ipl_hcl_expr(h, "prevent_destroy", "true");
	ipl_hcl_close(h);
	ipl_buf_release(&why);
}

void
ipl_selfhosted_ipv4_description(struct ipl_buf *b, const struct ipl_spec *spec,
				const struct ipl_plan_node *n)
{
	ipl_buf_addf(b, "Public IPv4 address of node %s%s: log in with ssh %s@ADDRESS", n->name,
		     n->count > 1 ? ", one per server" : "",
		     spec->admin_user.s ? spec->admin_user.s : "deploy");
}
