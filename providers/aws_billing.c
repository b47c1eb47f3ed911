/*
 * aws_billing.c: the billing alarm of the AWS module's main.tf: the spec's
 * budget turned into US dollars with the catalog's rates, and a CloudWatch
 * alarm in us-east-1 (where AWS keeps billing metrics). Part of the AWS
 * module (aws.c).
 */
#include "core/common.h"

#include "catalog/catalog.h"
#include "core/escape.h"
#include "core/xalloc.h"
#include "providers/aws_emit.h"
#include "providers/emit.h"
#include "providers/hcl.h"
#include "providers/selfhosted.h"

/* ---- main.tf: billing ---- */

/* 1 EUR = *value code: the spec's own rates first, then the catalog's */
static bool
rate_of(const struct ipl_aws_emit *a, const char *code, double *value, const char **when)
{
	const struct ipl_rate_entry *r;
	size_t i;

	if (!strcmp(code, "EUR")) {
		*value = 1;
		*when = NULL;
		return true;
	}
	for (i = 0; i < a->spec->rates_nr; i++)
		if (!strcmp(a->spec->rates[i].code, code)) {
			*value = a->spec->rates[i].value;
			*when = "the spec's rates";
			return true;
		}
	r = ipl_catalog_rate_at(a->plan->catalog, code, a->plan->prices_date);
	if (!r)
		return false;
	*value = r->value;
	*when = r->valid_from_text;
	return true;
}

/*
 * The alarm compares AWS's estimated charges, in USD, with the budget: a
 * budget in another currency is converted with the rates the cost report
 * uses, and the comment says at which rate.
 */
static double
budget_in_usd(struct ipl_aws_emit *a, struct ipl_buf *why)
{
	const struct ipl_money *b = &a->spec->budget;
	const char *cur = b->currency           ? b->currency
			  : a->spec->currency.s ? a->spec->currency.s
						: "USD";
	const char *wf, *wt;
	double rf, rt;

	if (!strcmp(cur, "USD"))
		return b->amount;
	if (!rate_of(a, cur, &rf, &wf) || !rate_of(a, "USD", &rt, &wt) || rf <= 0) {
		ipl_warning(a->diags, a->spec->path, b->loc,
			    "no rate to convert the budget from %s to USD; the billing alarm "
			    "compares USD charges with %.2f",
			    cur, b->amount);
		ipl_buf_addf(why, "Threshold: the budget, %.2f %s, taken as USD (no rate known).\n",
			     b->amount, cur);
		return b->amount;
	}
	ipl_buf_addf(why, "Threshold: the budget, %.2f %s, in USD at 1 EUR = %.4f USD", b->amount,
		     cur, rt);
	if (strcmp(cur, "EUR"))
		ipl_buf_addf(why, " and %.4f %s", rf, cur);
	if (wt)
		ipl_buf_addf(why, " (%s)", wt);
	ipl_buf_adds(why, ".\n");
	return b->amount / rf * rt;
}

void
ipl_aws_billing_alarm(struct ipl_aws_emit *a)
{
	struct ipl_hcl *h = &a->h;
	struct ipl_buf why = IPL_BUF_INIT;
	char name[AWS_NAME_MAX + 1];
	double usd = budget_in_usd(a, &why);

	ipl_hcl_blank(h);
	ipl_hcl_comment(h,
			"Billing data lives in us-east-1 only, whatever the plan's region (the v6\n"
			"per-resource region argument); enable \"Receive Billing Alerts\" in the\n"
			"account's billing preferences first.");
	ipl_hcl_open(h, "resource \"aws_sns_topic\" \"billing\"");
	ipl_hcl_str(h, "region", "us-east-1");
	ipl_hcl_str(h, "name", ipl_aws_name(a->spec, "billing", AWS_NAME_MAX, name));
	ipl_hcl_close(h);
	ipl_hcl_blank(h);
	ipl_hcl_open(h, "resource \"aws_sns_topic_subscription\" \"billing\"");
	ipl_hcl_expr(h, "count", "var.alarm_email == \"\" ? 0 : 1");
	ipl_hcl_str(h, "region", "us-east-1");
	ipl_hcl_expr(h, "topic_arn", "aws_sns_topic.billing.arn");
	ipl_hcl_str(h, "protocol", "email");
	ipl_hcl_expr(h, "endpoint", "var.alarm_email");
	ipl_hcl_close(h);
	ipl_hcl_blank(h);
	ipl_buf_adds(&why, "The month's charges so far, checked every 6 hours.");
	ipl_hcl_comment(h, why.data);
	ipl_hcl_open(h, "resource \"aws_cloudwatch_metric_alarm\" \"billing\"");
	ipl_hcl_str(h, "region", "us-east-1");
	ipl_hcl_str(h, "alarm_name", ipl_aws_name(a->spec, "monthly-budget", AWS_NAME_MAX, name));
	ipl_hcl_str(h, "alarm_description", "estimated charges over the spec's monthly budget");
	ipl_hcl_str(h, "namespace", "AWS/Billing");
	ipl_hcl_str(h, "metric_name", "EstimatedCharges");
	ipl_hcl_str(h, "statistic", "Maximum");
	ipl_hcl_expr(h, "period", "21600");
	ipl_hcl_expr(h, "evaluation_periods", "1");
	ipl_hcl_str(h, "comparison_operator", "GreaterThanThreshold");
	ipl_hcl_expr(h, "threshold", "%.2f", usd);
	ipl_hcl_expr(h, "alarm_actions", "[aws_sns_topic.billing.arn]");
	ipl_hcl_blank(h);
	ipl_hcl_open(h, "dimensions =");
	ipl_hcl_str(h, "Currency", "USD");
	ipl_hcl_close(h);
	ipl_hcl_close(h);
	ipl_buf_release(&why);
}
