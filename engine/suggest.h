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
 * and transpositions of two neighbouring characters (UTF-8) each cost 1
 * ("rnu" is 1 from "run", 泽州市 from 泽州县).  Names longer than 62
 * characters are never near anything (99).
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

/*
 * The names nearest name, for a value that names nothing (a filter's
 * jurisdiction, unit or rule): up to max of the n names, in their order,
 * into out; their number.  The name but for its case (B1 for b1); else those at the smallest distance when it is 1, or
 * 2 for a name longer than 2 characters; with no slip of 1, also the names
 * that contain name (教育局 in 泽州县教育局).  0 when none is near.
 */
size_t gk_suggest_near(const char *name, const char *const *names, size_t n, const char **out,
		       size_t max);

#endif
