/*
 * node_apply.c: nodes/NODE/apply.sh (templates/apply.sh.tmpl), the way a
 * changed node file reaches a running server. cloud-init runs once, and the
 * servers ignore changes to their user_data (providers/selfhosted.c), so
 * without it a change would wait for a replacement nobody wants. The script
 * is fixed text but for the node's name: it reads the cloud-init.yaml beside
 * it, so the two cannot drift apart.
 */
#include "core/common.h"

#include "providers/node_emit.h"

int
ipl_node_emit_apply(struct ipl_node_emit *e)
{
	struct ipl_buf text = IPL_BUF_INIT, path = IPL_BUF_INIT;
	const struct ipl_template_var vars[] = { { "node", e->node->name } };
	int rc = ipl_node_render(e, &text, "apply.sh.tmpl", vars, IPL_ARRAY_SIZE(vars));

	if (rc == 0) {
		ipl_buf_addf(&path, "nodes/%s/apply.sh", e->node->name);
		ipl_fileset_add(e->out, ipl_buf_str(&path), &text, 0755);
	}
	ipl_buf_release(&text);
	ipl_buf_release(&path);
	return rc;
}
