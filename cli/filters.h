/*
 * filters.h - the filters of a command that name a jurisdiction, rule,
 * unit, category or status: a value that names nothing is an error that
 * names the nearest names (engine/suggest.h), never an empty listing.
 */
#ifndef GK_FILTERS_H
#define GK_FILTERS_H

#include <stddef.h>

#include "../stores/db/db.h"

/* value among the n choices (a status, a category, a severity): 0 when
 * it is one; else the error printed ("CMD: FLAG 'V': expected a, b or c;
 * did you mean 'b'?") and -1. */
int cli_check_choice(const char *cmd, const char *flag, const char *value,
		     const char *const *choices, size_t n);

/*
 * The jurisdiction, rule and unit filters of q on the stored run
 * q->run_id: each must name one the run has (its findings, early warnings
 * or resolved findings) or one of the policy set it evaluated (read from
 * the source and revision the run recorded: its jurisdiction folders,
 * units.yaml names and aliases, declared rules), where it may have no
 * finding that night.  A jurisdiction given by its name (泽州县) is
 * replaced by its id; the names stay registered (engine/juris.h) until
 * cli_names_free.  0, or the error printed ("did you mean ...", else the
 * names when few, else where to see them) and -1.
 */
int cli_check_filters(gk_store *st, const char *cmd, gk_query *q);

#endif
