/*
 * node_emit.h: private to the node files (providers/node_*.c): the state of
 * writing one server's cloud-init and systemd files, and the pieces the
 * files of that job share. Nothing outside them includes it; the one entry
 * point, ipl_emit_node_files, is in emit.h.
 */
#ifndef IPL_NODE_EMIT_H
#define IPL_NODE_EMIT_H

#include "core/common.h"
#include "core/buf.h"
#include "providers/emit.h"
#include "templates/template.h"

#define MAX_PACKAGES 32
/* where private-address.sh writes the settings that carry the address it found */
#define PRIVATE_DIR "/etc/infraplan/private"
/*
 * where a node that uses another node's service answers its name on the
 * private network (infraplan-node-name.socket), where the provider gives the
 * servers no names (Contabo): the other node admits its port from that server
 * only
 */
#define NODE_NAME_PORT 7361

struct ipl_node_kind_info {
	const char *package; /* the Debian package, or NULL */
	const char *unit;    /* the unit it runs, for the budget drop-in */
	const char *origin;  /* where the unit comes from, for the drop-in's comment */
};

/* a budget drop-in for a packaged unit; several services may share one (redis, queue) */
struct ipl_node_package_unit {
	const char *unit;
	const char *origin;
	double cpu_m, memory_mib; /* IPL_UNSET when no service gave one */
	struct ipl_buf services;  /* "cache, jobs" */
	const struct ipl_placed_service *first;
};

struct ipl_node_emit {
	const struct ipl_plan *plan;
	const struct ipl_spec *spec;
	const struct ipl_plan_node *node;
	struct ipl_fileset *out;
	struct ipl_diags *diags;
	const char *packages[MAX_PACKAGES];
	size_t packages_nr;
	struct ipl_node_package_unit units[IPL_KIND__COUNT];
	size_t units_nr;
	struct ipl_buf write_files; /* items of write_files: */
	struct ipl_buf firewall;    /* runcmd items */
	struct ipl_buf enable;      /* runcmd items */
	struct ipl_buf setup;       /* steps of setup.sh */
	struct ipl_buf setup_last;  /* steps that install from outside Debian: last */
	struct ipl_buf setup_roles; /* the apps' roles and connection settings (node_credentials.c) */
	struct ipl_buf setup_fail;       /* what cannot be installed: stops setup.sh, at its end */
	bool password_function;          /* setup_roles defines password() */
	bool redis_password;             /* setup_roles makes redis-server's password */
	struct ipl_buf operator_steps;   /* what is left to the operator: README items (Markdown) */
	struct ipl_buf operator_summary; /* the same in a line, for gen's summary */
	struct ipl_buf deploy;           /* the README's section on deploying code (Markdown) */
	bool private_binds;              /* a service listens on the private address */
	bool image_tools;                /* image-unpack.sh and its packages are written */
	bool hosts_unit;                 /* infraplan-hosts.service is written */
	struct ipl_buf private_steps; /* private-address.sh: what needs the address found at boot */
	struct ipl_buf private_before; /* Before= lines of its unit */
	struct ipl_buf bootcmd;        /* bootcmd items: the volumes' mounts (node_volumes.c) */
	int rc;
};

/* node_files.c */
extern const struct ipl_node_kind_info ipl_node_kinds[IPL_KIND__COUNT];
void ipl_node_add_package(struct ipl_node_emit *e, const char *name);
const struct ipl_node_kind_info *ipl_node_kind_of(const struct ipl_service *s);
bool ipl_node_runs_own_unit(const struct ipl_service *s);
const struct ipl_placed_service *ipl_node_find_on_node(const struct ipl_plan_node *n,
						       const char *name);
const char *ipl_node_unit_of(const struct ipl_placed_service *ps);
const char *ipl_node_bind_address(const struct ipl_node_emit *e,
				  const struct ipl_placed_service *ps);
bool ipl_node_finds_private_address(const struct ipl_node_emit *e);
void ipl_node_add_cpu_quota(struct ipl_buf *b, double cpu_m);
void ipl_node_add_memory_max(struct ipl_buf *b, double mib);
int ipl_node_render(struct ipl_node_emit *e, struct ipl_buf *out, const char *name,
		    const struct ipl_template_var *vars, size_t nvars);
void ipl_node_yaml_write_file(struct ipl_buf *b, const char *path, const char *perms, bool defer,
			      const char *content);
void ipl_node_runcmd(struct ipl_buf *b, const char *arg, ...);
void ipl_node_add_unit_file(struct ipl_node_emit *e, const char *path, struct ipl_buf *content);
void ipl_node_service_list(const struct ipl_plan_node *n, struct ipl_buf *b);

/* node_units.c */
int ipl_node_split_command(const char *cmd, struct ipl_buf *words);
int ipl_node_emit_image_unpack(struct ipl_node_emit *e, const struct ipl_placed_service *ps);
int ipl_node_emit_service_unit(struct ipl_node_emit *e, const struct ipl_placed_service *ps);

/* node_packages.c */
void ipl_node_step(struct ipl_buf *b, const char *fmt, ...) IPL_PRINTF(2, 3);
const char *ipl_node_shell_word(struct ipl_buf *scratch, const char *s);
void ipl_node_configure_package(struct ipl_node_emit *e, const struct ipl_placed_service *ps,
				bool backups);
void ipl_node_emit_dropins(struct ipl_node_emit *e);

/* node_backup.c */
bool ipl_node_has_state(const struct ipl_plan_node *n);
int ipl_node_emit_backup(struct ipl_node_emit *e);

/* node_credentials.c */
bool ipl_node_gets_credentials(const struct ipl_node_emit *e, const struct ipl_service *s);
bool ipl_node_credential_fills(const struct ipl_node_emit *e, const struct ipl_service *s,
			       const char *key);
int ipl_node_emit_credentials(struct ipl_node_emit *e);
/* the redis or queue service whose name n's one redis-server password has, or NULL */
const struct ipl_placed_service *ipl_node_redis_server(const struct ipl_plan_node *n);

/* node_runtime.c */
int ipl_node_runtime_profile(struct ipl_node_emit *e, const struct ipl_placed_service *ps,
			     struct ipl_buf *mdwe, struct ipl_buf *condition,
			     struct ipl_buf *paths);

/* node_tls.c */
void ipl_node_emit_caddy(struct ipl_node_emit *e);
int ipl_node_static_site_port(const struct ipl_placed_service *ps);
bool ipl_node_caddy_serves_files(const struct ipl_placed_service *ps);
size_t ipl_node_public_ports(const struct ipl_placed_service *ps, int ports[2]);

/* node_readme.c */
void ipl_node_operator_step(struct ipl_node_emit *e, const char *summary, const char *fmt, ...)
	IPL_PRINTF(3, 4);
void ipl_node_emit_readme(struct ipl_node_emit *e);

/* node_network.c */
void ipl_node_emit_firewall(struct ipl_node_emit *e);
int ipl_node_check_ports(struct ipl_node_emit *e);
int ipl_node_emit_private_address(struct ipl_node_emit *e);
int ipl_node_emit_hosts(struct ipl_node_emit *e);
void ipl_node_add_name_units(const struct ipl_node_emit *e, const struct ipl_service *s,
			     struct ipl_buf *b);

/* node_apply.c */
int ipl_node_emit_apply(struct ipl_node_emit *e);

/* node_volumes.c */
int ipl_node_emit_volumes(struct ipl_node_emit *e);

#endif
