/*
 * commit_message.h: the message of gen --commit. Its first line names the
 * plan, its monthly total and the change from the plan the branch had
 * ("kecalek: 14.20 EUR/month (+8.43)"), so `git log --oneline` of a plan
 * directory reads as its cost history.
 */
#ifndef IPL_COMMIT_MESSAGE_H
#define IPL_COMMIT_MESSAGE_H

#include "core/buf.h"
#include "planners/cost.h"
#include "planners/costdiff.h"

/*
 * Writes the message into out. previous is the cost.json the last commit
 * holds for this plan (NULL when it has none: a new plan); body, the user's
 * -m text or NULL, follows the first line after a blank line. change is
 * NULL, or the diff from the plan of the spec as HEAD has it: a change that
 * replaces a resource holding data (costdiff.h) is a warning after the
 * body, so that the log says it where the change was made.
 */
void ipl_commit_message(const struct ipl_cost *cost, const struct ipl_buf *previous,
			const char *body, const struct ipl_plan_diff *change, struct ipl_buf *out);

#endif
