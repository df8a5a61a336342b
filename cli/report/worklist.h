/*
 * worklist.h - the items of a unit's work list (units.c), shared with the
 * .xlsx writer (xlsx.c).
 */
#ifndef GK_WORKLIST_H
#define GK_WORKLIST_H

#include <stddef.h>
#include <stdint.h>

#include "../../engine/error.h"

enum section { SEC_OVERDUE, SEC_OTHER, SEC_SOON, SEC_WAIVED, NSECTIONS };

/* 逾期, 其他问题, 即将到期, 已豁免 */
extern const char *const section_names[NSECTIONS];

struct item {
	gk_finding f;             /* the finding, its texts the kept list's */
	enum section sec;
	const char *status;       /* f's, NULL for a deadline due soon */
	char *unit;               /* the list it is on (its own) */
	char *jurisdiction;       /* the jurisdiction's name (its own) */
	char *due;                /* the deadline, or NULL (its own) */
	char ref[24];             /* F12 or D3: how the unit's answer names it */
	int disputed;             /* answered 已整改 on an earlier list, still found */
	size_t order;             /* where the run listed it */
};

/*
 * Write the work list of one unit as an Excel workbook at path (via
 * path.tmp, renamed when complete): v[0..n) its items, sorted; head the
 * sentence that dates the list.
 */
int cli_worklist_xlsx(const char *path, const struct item *v, size_t n, const char *head,
		      gk_error *err);

#endif
