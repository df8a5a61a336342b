/*
 * history.h - the history of a policy set kept in git: which commits
 * added, changed or removed which rules (log), and which commit wrote each
 * line of a rule's declaration (blame).
 *
 * A rule declaration is `<kind> "<ID>" { ... }` in a .lua file of the set,
 * found by the scanner the loader checks every policy file against
 * (engine/declscan.h): its lines run from the kind to the matching brace.
 * Since the loader refuses a rule that scanner cannot see, what log and
 * blame show is what runs.  A rule's jurisdiction is the top folder of its
 * file ("baseline" for the national rules).
 */
#ifndef GK_HISTORY_H
#define GK_HISTORY_H

#include <stddef.h>

#include "../../engine/error.h"

typedef struct gk_rule_change {
	char op;                /* '+' added, '~' changed, '-' removed */
	const char *id;         /* "B1" */
	const char *path;       /* file relative to the set's root: the new
				 * file for + and ~, the old one for - */
} gk_rule_change;

typedef struct gk_history_entry {
	char id[41];            /* full commit id */
	char short_id[8];
	char date[17];          /* author date, "YYYY-MM-DD HH:MM", author's zone */
	const char *author;
	const char *summary;    /* first line of the message */
	const gk_rule_change *changes;
	size_t nchanges;
	const char *const *files;  /* other changed files, "a" or "old -> new" */
	size_t nfiles;
} gk_history_entry;

/* Called newest first; a non-zero return stops the walk and is returned. */
typedef int (*gk_history_fn)(void *ud, const gk_history_entry *e);

/*
 * Walk the history of the policy set at dir (HEAD of the git repository
 * containing dir; only commits changing files under dir count).  filter:
 * NULL for every commit; the name of a top folder of the set at HEAD for
 * the commits touching that folder (only its changes are reported); else a
 * rule id for the commits that added, changed or removed that rule (only
 * its changes are reported).  *shown counts the entries passed to fn.
 * A rule id no commit ever declared is GK_EINVAL.
 */
int gk_history_log(const char *dir, const char *filter, gk_history_fn fn, void *ud,
		   size_t *shown, gk_error *err);

typedef struct gk_blame_line {
	const char *path;       /* file relative to the set's root */
	size_t lineno;          /* 1-based line in the file at HEAD */
	char short_id[8];
	char date[17];
	const char *author;
	const char *text;       /* the line, without its newline */
	size_t len;
} gk_blame_line;

typedef int (*gk_blame_fn)(void *ud, const gk_blame_line *l);

/*
 * For each line of rule's declaration at HEAD, the commit that last wrote
 * it.  The declaring file is looked up in jurisdiction when given, else in
 * baseline first and then in every other top folder (by name).
 */
int gk_history_blame(const char *dir, const char *rule, const char *jurisdiction,
		     gk_blame_fn fn, void *ud, gk_error *err);

#endif
