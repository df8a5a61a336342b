/*
 * suggest.h - "did you mean": the known name nearest a misspelt one.
 *
 * Used wherever a name is looked up in a fixed list: a record's fields and
 * a rule's keys in policies, the commands of the command line.
 */
#ifndef GK_SUGGEST_H
#define GK_SUGGEST_H

#include <stddef.h>

/*
 * The edit distance between a and b: insertions, deletions, substitutions
 * and transpositions of two neighbouring bytes each cost 1 ("rnu" is 1 from
 * "run").  Names longer than 62 bytes are never near anything (99).
 */
int gk_suggest_distance(const char *a, const char *b);

/*
 * Of the n names, the one nearest name: the first at distance 1; else the
 * only one name begins, when name is at least 3 bytes long ("find" for
 * "findings"); else the first at distance 2, when name is longer than 2
 * bytes ("q" resembles nothing).  NULL when none is near, or when name is
 * one of them.  The result points into names.
 */
const char *gk_suggest(const char *name, const char *const *names, size_t n);

#endif
