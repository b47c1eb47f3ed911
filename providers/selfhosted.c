/* selfhosted.c: see selfhosted.h. */
#include "core/common.h"

#include "core/escape.h"
#include "providers/selfhosted.h"

void
ipl_selfhosted_ssh_variables(struct ipl_hcl *h, const struct ipl_spec *spec)
{
	ipl_hcl_open(h, "variable \"ssh_public_key\"");
	ipl_hcl_str(h, "description", "OpenSSH public key of the admin user; SSH accepts keys only");
	ipl_hcl_expr(h, "type", "string");
	if (spec->ssh_public_key.s)
		ipl_hcl_str(h, "default", spec->ssh_public_key.s);
	ipl_hcl_close(h);
	ipl_hcl_blank(h);
	ipl_hcl_open(h, "variable \"ssh_allowed_cidrs\"");
	ipl_hcl_str(h, "description",
		    "Networks allowed to reach SSH; empty keeps SSH closed to the internet");
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

void
ipl_selfhosted_label(struct ipl_buf *b, const char *name)
{
	for (; *name; name++)
		ipl_buf_addc(b, *name == '-' ? '_' : *name);
}

static int
cmp_int(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

size_t
ipl_selfhosted_public_ports(const struct ipl_plan_node *n, int *ports, size_t max)
{
	size_t i, nr = 0, out = 0;

	for (i = 0; i < n->services_nr && nr < max; i++)
		if (n->services[i].public_port && n->services[i].port > 0)
			ports[nr++] = n->services[i].port;
	qsort(ports, nr, sizeof(*ports), cmp_int);
	for (i = 0; i < nr; i++)
		if (!out || ports[out - 1] != ports[i])
			ports[out++] = ports[i];
	return out;
}
