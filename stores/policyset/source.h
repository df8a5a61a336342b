/*
 * source.h - where a policy set comes from.
 *
 * The engine reads policies, catalogs and the calendar only through this
 * interface, by paths relative to the policy set's root ("calendar.yaml",
 * "baseline/b1.lua").  A directory is one implementation; a commit of a git
 * repository is another, so the engine never knows which it runs on.
 */
#ifndef GK_SOURCE_H
#define GK_SOURCE_H

#include <stddef.h>

#include "../../engine/error.h"

typedef struct gk_source gk_source;

typedef struct gk_source_entry {
	char *name;    /* entry name, no slashes */
	int is_dir;
} gk_source_entry;

/* Open the policy set in directory dir (which must exist). */
int gk_source_open_dir(gk_source **out, const char *dir, gk_error *err);

/*
 * Open the policy set at dir as it is in a commit of the git repository
 * that contains dir: rev is a commit, tag or branch (NULL: HEAD).  Files
 * are read from the commit's tree, never from the working tree.  Errors
 * name the repository, the revision and what to do.
 */
int gk_source_open_git(gk_source **out, const char *dir, const char *rev,
		       gk_error *err);

/* *dirty = 1 when the policy set at dir (inside a git repository) has
 * uncommitted changes, untracked files included. */
int gk_source_git_dirty(const char *dir, int *dirty, gk_error *err);

/* Create the git repository dir (which must not exist) holding every file
 * of from, as one commit with message, signed by the git configuration's
 * user or else "gongkai". */
int gk_policy_repo_init(const char *dir, gk_source *from, const char *message,
			gk_error *err);

/* Commit every change to the policy set at dir (additions, edits,
 * deletions; nothing outside it) with message, signed by author ("Name
 * <email>") or the git configuration's user; id_out (41 bytes) gets the
 * commit id.  Nothing to commit is an error. */
int gk_policy_repo_commit(const char *dir, const char *message, const char *author,
			  char *id_out, gk_error *err);

void gk_source_free(gk_source *src);

/* Display root used in messages and Lua chunk names, e.g. "policies". */
const char *gk_source_root(const gk_source *src);

/* What the set is, for the run record: "directory /abs/path" or
 * "git <repo> <commit>". */
const char *gk_source_describe(const gk_source *src);

/* The revision evaluated: a commit id, or "worktree" for a directory. */
const char *gk_source_revision(const gk_source *src);

/*
 * List the entries of folder path ("" for the root), sorted by name,
 * skipping names that begin with '.'.  *out (and each name) belongs to the
 * caller: free with gk_source_entries_free.  A missing folder is GK_EIO.
 */
int gk_source_list(gk_source *src, const char *path, gk_source_entry **out,
		   size_t *n, gk_error *err);
void gk_source_entries_free(gk_source_entry *e, size_t n);

/* 1 if the file exists, else 0. */
int gk_source_exists(gk_source *src, const char *path);

/* Read a whole file: *buf (NUL-terminated, caller frees) and *len. */
int gk_source_read(gk_source *src, const char *path, char **buf, size_t *len,
		   gk_error *err);

/* Read a whole file of the file system the same way: errors say
 * "cannot read <what>'PATH': why" (what: NULL or e.g. "the configuration ", an
 * English msgid translated here: engine/i18n.h). */
int gk_file_read(const char *path, const char *what, char **buf, size_t *len,
		 gk_error *err);

/*
 * A digest of every file in the set (paths and contents), hex in out
 * (41 bytes), so a run can prove which content it evaluated even when the
 * set is a plain directory.
 */
int gk_source_digest(gk_source *src, char *out, gk_error *err);

#endif
