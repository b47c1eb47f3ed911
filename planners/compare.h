/*
 * compare.h: the same services planned and priced on other providers
 * (`infraplan compare`, and the budget warning's cheapest plan on any
 * provider). Each provider gets a copy of the spec with what belongs to the
 * spec's own provider taken out (docs/compare.md): its region becomes the
 * provider's default region, pinned nodes and placements, managed instance
 * classes, Koyeb routes and price overrides of nodes or services are
 * dropped, an unknown backup target becomes b2, and prices are those of the
 * catalog's date. The spec's own provider plans the spec unchanged, so its
 * column is `infraplan cost`, to the cent.
 *
 * A provider that cannot host a service does not drop it: the column keeps
 * the planner's reason and what the service would need, an external line
 * priced from the catalog (the service planned alone on AWS: RDS,
 * ElastiCache, SQS, S3), or "not offered".
 */
#ifndef IPL_COMPARE_H
#define IPL_COMPARE_H

#include "core/arena.h"
#include "core/buf.h"
#include "model/cost.h"
#include "model/plan.h"
#include "model/provider.h"

/* a service the column's provider cannot host */
struct ipl_compare_refusal {
	const char *service;
	const char *reason; /* the planner's message */
	/* the external line that would host it, NULL when not offered */
	const char *external; /* "RDS db.t4g.micro on aws" */
	double monthly;       /* the external line in the column's currency */
	double monthly_spec;  /* and in the spec's */
	const char *valid_from, *confidence;
};

/* for a service that scales to zero: the hours at which another column, always on, is cheaper */
struct ipl_compare_breakeven {
	const char *service;
	const char *against; /* the other provider */
	double hours;        /* active hours a month */
	double planned_hours;
};

enum ipl_compare_status {
	IPL_COMPARE_HOSTS,         /* every service planned here */
	IPL_COMPARE_WITH_EXTERNAL, /* with external lines for the services it cannot host */
	IPL_COMPARE_CANNOT_HOST,   /* a service is not offered, or nothing fits */
};

struct ipl_compare_column {
	const struct ipl_provider *provider;
	bool own; /* the spec's own provider: the spec as written */
	enum ipl_compare_status status;
	const struct ipl_spec *spec;      /* the copy planned (the spec itself when own) */
	const struct ipl_plan *plan;      /* NULL when nothing could be planned */
	const struct ipl_cost *cost;      /* in the provider's currency */
	const struct ipl_cost *converted; /* in the spec's currency */
	double total, total_spec;         /* with the external lines; IPL_UNSET when cannot host */
	const char **problems;            /* reasons that are no one service's */
	size_t problems_nr;
	struct ipl_compare_refusal *refusals;
	size_t refusals_nr;
	const char **notes; /* what of the spec was not carried over */
	size_t notes_nr;
	/* what differs: database, backups, load balancer, egress */
	const char *database, *backups, *load_balancer, *egress;
	struct ipl_compare_breakeven *breakevens;
	size_t breakevens_nr;
};

struct ipl_compare {
	const struct ipl_spec *spec;
	const char *currency; /* the spec's */
	struct ipl_compare_column *columns;
	size_t columns_nr;
};

/*
 * Plans and prices spec on each of the nr providers (the spec's own among
 * them or not) in catalog; everything in arena. Never fails: a provider
 * that cannot plan the spec says why in its column.
 */
void ipl_compare_build(struct ipl_compare *out, const struct ipl_spec *spec,
		       const struct ipl_catalog *catalog, const enum ipl_provider_id *providers,
		       size_t nr, struct ipl_arena *arena);
/* the providers compare plans on when none are named: every one that sells servers or services */
size_t ipl_compare_default_providers(const struct ipl_spec *spec,
				     enum ipl_provider_id out[IPL_PROVIDER__COUNT]);
/* the column with the lowest total in the spec's currency, NULL when none can host */
const struct ipl_compare_column *ipl_compare_cheapest(const struct ipl_compare *cmp);

void ipl_compare_write_table(const struct ipl_compare *cmp, struct ipl_buf *out);
void ipl_compare_write_markdown(const struct ipl_compare *cmp, struct ipl_buf *out);
void ipl_compare_write_json(const struct ipl_compare *cmp, struct ipl_buf *out);

#endif
