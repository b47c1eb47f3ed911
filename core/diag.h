/*
 * diag.h: diagnostics as values. Library code adds errors and warnings to a
 * list the caller passes in and returns a negative code; cmd/ prints the list
 * once, sorted by position, in the form `file:line:col: error: message`
 * followed by the source line and a caret (as jq does). Lines and columns
 * count from 1; 0 means "the whole file".
 */
#ifndef IPL_DIAG_H
#define IPL_DIAG_H

#include "core/common.h"

enum ipl_severity {
	IPL_ERROR,
	IPL_WARNING,
	IPL_NOTE
};

struct ipl_loc {
	int line;
	int col;
};

struct ipl_diag {
	enum ipl_severity severity;
	char *file;
	struct ipl_loc loc;
	char *message;
	unsigned seq; /* insertion order, to keep the sort stable */
};

struct ipl_diag_source {
	char *file;
	char *text;
	size_t len;
};

struct ipl_diags {
	struct ipl_diag *items;
	size_t nr, alloc;
	struct ipl_diag_source *sources;
	size_t sources_nr, sources_alloc;
	size_t errors;
	size_t max_items; /* further diagnostics are counted, not stored */
	size_t dropped;
};

void ipl_diags_init(struct ipl_diags *d);
void ipl_diags_release(struct ipl_diags *d);
/* keeps a copy of a file's text so that reports can quote its lines */
void ipl_diags_add_source(struct ipl_diags *d, const char *file, const char *text, size_t len);
void ipl_diag_add(struct ipl_diags *d, enum ipl_severity sev, const char *file, struct ipl_loc loc,
		  const char *fmt, ...) IPL_PRINTF(5, 6);
void ipl_diag_vadd(struct ipl_diags *d, enum ipl_severity sev, const char *file, struct ipl_loc loc,
		   const char *fmt, va_list ap) IPL_PRINTF(5, 0);
/* returns -1, so that `return ipl_error(...)` reads naturally */
int ipl_error(struct ipl_diags *d, const char *file, struct ipl_loc loc, const char *fmt, ...)
	IPL_PRINTF(4, 5);
void ipl_warning(struct ipl_diags *d, const char *file, struct ipl_loc loc, const char *fmt, ...)
	IPL_PRINTF(4, 5);
void ipl_note(struct ipl_diags *d, const char *file, struct ipl_loc loc, const char *fmt, ...)
	IPL_PRINTF(4, 5);
bool ipl_diags_has_errors(const struct ipl_diags *d);
/* adds a copy of every error of from (not its warnings) to to */
void ipl_diags_copy_errors(struct ipl_diags *to, const struct ipl_diags *from);
/* sorts by file, line, column and insertion order */
void ipl_diags_sort(struct ipl_diags *d);
/* prints every diagnostic of at least `min` severity (IPL_NOTE prints all) */
void ipl_diags_print(const struct ipl_diags *d, FILE *out, enum ipl_severity min);

#endif
