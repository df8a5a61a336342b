/*
 * suggest.h - "did you mean": the nearest of some names to a misspelt one.
 */
#ifndef GK_SUGGEST_H
#define GK_SUGGEST_H

/* Edit distance (insertions, deletions, substitutions) of a and b; 99
 * for names longer than 62 bytes. */
int gk_distance(const char *a, const char *b);

/* The name of names[0..n) nearest to name, when within 2 edits; else
 * NULL.  Of equally near names, the first. */
const char *gk_suggest(const char *name, const char *const *names, int n);

#endif
