/*
 * declscan.h - the rule declarations of a policy file, found in its text.
 *
 * A declaration is written `<kind> "<ID>" { ... }`: the name of a
 * declaration kind (gk_rule_type_names: deadline, rule, ...), the id as a
 * literal string without escapes ("B1", 'B1' or [[B1]]), then a table,
 * not inside any bracket (a declaration is a statement of the file, not an
 * argument or a field) and not after '.' or ':'.  The scanner reads Lua's
 * tokens (comments, short and long strings, brackets), so a declaration
 * may take one line or many, and a brace inside a string or a comment
 * does not count.  It runs from the line of the kind to the line of the
 * matching '}' (to the end of the file when there is none); what is inside
 * is not searched for more declarations.
 *
 * `gongkai log` and `gongkai blame` know rules this way, in every
 * revision of the policy set.  The loader (policy.c) requires the rules a
 * file declares when it runs to be exactly the declarations found here,
 * each declared once from its own line: a rule hidden from the history
 * (`local d = deadline; d "X" {...}`, a declaration built in a loop or
 * inside load()) is refused by lint, test and run alike.
 *
 * This header includes no Lua header.
 */
#ifndef GK_DECLSCAN_H
#define GK_DECLSCAN_H

#include <stddef.h>

#include "error.h"

typedef struct gk_decl {
	int type;                 /* enum gk_rule_type */
	char *id;
	int first, last;          /* lines, 1-based, as Lua counts them */
	size_t start, end;        /* bytes: the first line's start; past the
				   * last line (its newline included) */
} gk_decl;

/* The declarations of text[0..len), in order.  Never fails on bad Lua
 * (an unfinished string or comment runs to the end); only GK_ENOMEM. */
int gk_declscan(const char *text, size_t len, gk_decl **out, size_t *n, gk_error *err);
void gk_decls_free(gk_decl *d, size_t n);

#endif
