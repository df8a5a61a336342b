/*
 * source_git.c - a policy set as it is in a git commit (see source.h).
 *
 * The commit's tree is resolved once at open; every read is a tree lookup
 * and a blob copy, so uncommitted edits can never slip into a run.
 */
#include <errno.h>
#include <limits.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <git2.h>

#include "../../engine/i18n.h"
#include "../../engine/buf.h"
#include "source_impl.h"

#define NOT_A_REPO N_(": create one with 'gongkai init DIR'")

struct git_src {
	git_repository *repo;
	git_tree *tree;       /* the policy set's folder in the commit */
};

static int git_fail(gk_error *err, const char *fmt, const char *a, const char *b)
{
	const git_error *e = git_error_last();
	char head[1024];

	snprintf(head, sizeof(head), _(fmt), a, b);
	return gk_error_set(err, GK_EIO, "%s%s%s", head, e && e->message ? ": " : "",
			    e && e->message ? e->message : "");
}

/* The subtree at path ("" for the set's root), or NULL. */
static git_tree *subtree(struct git_src *g, const char *path)
{
	git_tree_entry *te = NULL;
	git_tree *t = NULL;

	if (!*path) {
		git_tree_dup(&t, g->tree);
		return t;
	}
	if (git_tree_entry_bypath(&te, g->tree, path) == 0 &&
	    git_tree_entry_type(te) == GIT_OBJECT_TREE)
		git_tree_lookup(&t, g->repo, git_tree_entry_id(te));
	git_tree_entry_free(te);
	return t;
}

static int git_list(gk_source *src, const char *path, gk_source_entry **out,
		    size_t *nout, gk_error *err)
{
	struct git_src *g = src->impl;
	git_tree *t = subtree(g, path);
	gk_source_entry *e;
	size_t n, k = 0;

	*out = NULL;
	*nout = 0;
	if (!t)
		return gk_error_set(err, GK_EIO, "cannot list '%s/%s': not in %s", src->root,
				    path, src->describe);
	n = git_tree_entrycount(t);
	e = calloc(n ? n : 1, sizeof(*e));
	if (!e) {
		git_tree_free(t);
		return GK_OOM(err);
	}
	for (size_t i = 0; i < n; i++) {
		const git_tree_entry *te = git_tree_entry_byindex(t, i);
		const char *name = git_tree_entry_name(te);

		if (name[0] == '.')
			continue;
		if (!(e[k].name = strdup(name))) {
			gk_source_entries_free(e, k);
			git_tree_free(t);
			return GK_OOM(err);
		}
		e[k++].is_dir = git_tree_entry_type(te) == GIT_OBJECT_TREE;
	}
	git_tree_free(t);
	gk_source_sort(e, k);
	*out = e;
	*nout = k;
	return 0;
}

static int git_exists(gk_source *src, const char *path)
{
	struct git_src *g = src->impl;
	git_tree_entry *te = NULL;
	int ok = git_tree_entry_bypath(&te, g->tree, path) == 0 &&
		 git_tree_entry_type(te) == GIT_OBJECT_BLOB;

	git_tree_entry_free(te);
	return ok;
}

static int git_read(gk_source *src, const char *path, char **buf, size_t *len,
		    gk_error *err)
{
	struct git_src *g = src->impl;
	git_tree_entry *te = NULL;
	git_blob *blob = NULL;
	int rc = 0;

	*buf = NULL;
	*len = 0;
	if (git_tree_entry_bypath(&te, g->tree, path) != 0 ||
	    git_tree_entry_type(te) != GIT_OBJECT_BLOB) {
		rc = gk_error_set(err, GK_EIO, "cannot read '%s/%s': not in %s", src->root,
				  path, src->describe);
		goto cleanup;
	}
	if (git_blob_lookup(&blob, g->repo, git_tree_entry_id(te)) != 0) {
		rc = git_fail(err, "cannot read '%s/%s'", src->root, path);
		goto cleanup;
	}
	*len = (size_t)git_blob_rawsize(blob);
	if (!(*buf = malloc(*len + 1))) {
		rc = GK_OOM(err);
		goto cleanup;
	}
	memcpy(*buf, git_blob_rawcontent(blob), *len);
	(*buf)[*len] = '\0';
cleanup:
	git_blob_free(blob);
	git_tree_entry_free(te);
	return rc;
}

static void git_release(gk_source *src)
{
	struct git_src *g = src->impl;

	if (!g)
		return;
	git_tree_free(g->tree);
	git_repository_free(g->repo);
	free(g);
	git_libgit2_shutdown();
}

static const struct gk_source_ops git_ops = { git_list, git_exists, git_read, git_release };

int gk_git_locate(const char *dir, git_repository **repo, char *prefix, size_t n,
		  const char *advice, gk_error *err)
{
	char abs[PATH_MAX], wabs[PATH_MAX];
	const char *wd;
	size_t wl;

	if (!realpath(dir, abs))
		return gk_error_set(err, GK_EIO, "cannot open policy set '%s': no such directory",
				    dir);
	if (git_repository_open_ext(repo, abs, 0, NULL) != 0)
		return gk_error_set(err, GK_EIO, "'%s' is not in a git repository%s", dir,
				    gk_tr(advice));
	wd = git_repository_workdir(*repo);
	if (!wd || !realpath(wd, wabs)) {
		git_repository_free(*repo);
		*repo = NULL;
		return gk_error_set(err, GK_EIO, "the repository of '%s' has no work tree", dir);
	}
	wl = strlen(wabs);
	if (strncmp(abs, wabs, wl) != 0 || (abs[wl] && abs[wl] != '/')) {
		git_repository_free(*repo);
		*repo = NULL;
		return gk_error_set(err, GK_EIO, "'%s' is outside its repository's work tree", dir);
	}
	snprintf(prefix, n, "%s", abs[wl] ? abs + wl + 1 : "");
	return 0;
}

int gk_source_open_git(gk_source **out, const char *dir, const char *rev,
		       gk_error *err)
{
	struct git_src *g;
	gk_source *src = NULL;
	git_object *obj = NULL;
	git_commit *commit = NULL;
	git_tree *root = NULL;
	char prefix[PATH_MAX], hex[GIT_OID_HEXSZ + 1];
	const char *wd;
	int rc;

	*out = NULL;
	git_libgit2_init();
	g = calloc(1, sizeof(*g));
	if (!g) {
		git_libgit2_shutdown();
		return GK_OOM(err);
	}
	if ((rc = gk_git_locate(dir, &g->repo, prefix, sizeof(prefix), NOT_A_REPO, err)))
		goto fail;
	wd = git_repository_workdir(g->repo);
	if ((!rev || strcmp(rev, "HEAD") == 0) && git_repository_head_unborn(g->repo) == 1) {
		rc = gk_error_set(err, GK_EIO,
				  "the repository '%s' has no commit yet: commit the policy set "
				  "first (gongkai commit -m MESSAGE or git commit)", wd);
		goto fail;
	}
	if (git_revparse_single(&obj, g->repo, rev ? rev : "HEAD") != 0) {
		rc = gk_error_set(err, GK_EINVAL,
				  "revision '%s' does not exist in the repository '%s': name a "
				  "commit, tag or branch (git log lists them)", rev ? rev : "HEAD", wd);
		goto fail;
	}
	if (git_object_peel((git_object **)&commit, obj, GIT_OBJECT_COMMIT) != 0) {
		rc = gk_error_set(err, GK_EINVAL, "revision '%s' in '%s' is not a commit",
				  rev ? rev : "HEAD", wd);
		goto fail;
	}
	if (git_commit_tree(&root, commit) != 0) {
		rc = git_fail(err, "cannot read the tree of '%s' in '%s'", rev ? rev : "HEAD", wd);
		goto fail;
	}
	if (*prefix) {
		git_tree_entry *te = NULL;

		if (git_tree_entry_bypath(&te, root, prefix) != 0 ||
		    git_tree_entry_type(te) != GIT_OBJECT_TREE ||
		    git_tree_lookup(&g->tree, g->repo, git_tree_entry_id(te)) != 0) {
			git_tree_entry_free(te);
			rc = gk_error_set(err, GK_EIO,
					  "'%s' is not in revision '%s' of '%s': commit it first, "
					  "or evaluate the folder as it is with --worktree",
					  prefix, rev ? rev : "HEAD", wd);
			goto fail;
		}
		git_tree_entry_free(te);
	} else {
		g->tree = root;
		root = NULL;
	}
	git_oid_tostr(hex, sizeof(hex), git_commit_id(commit));
	src = gk_source_alloc(&git_ops, dir);
	if (!src || !(src->revision = strdup(hex)) ||
	    asprintf(&src->describe, "git %s%s commit %s", wd, prefix, hex) < 0) {
		if (src)
			src->describe = NULL;
		rc = GK_OOM(err);
		goto fail;
	}
	src->impl = g;
	g = NULL;
	*out = src;
	src = NULL;
	rc = 0;
fail:
	git_tree_free(root);
	git_commit_free(commit);
	git_object_free(obj);
	if (src) {
		src->impl = NULL;
		gk_source_free(src);
	}
	if (g) {
		git_tree_free(g->tree);
		git_repository_free(g->repo);
		free(g);
		git_libgit2_shutdown();
	}
	return rc;
}

int gk_source_git_dirty(const char *dir, int *dirty, gk_error *err)
{
	git_repository *repo = NULL;
	git_status_list *st = NULL;
	git_status_options o;
	char prefix[PATH_MAX], *spec;
	int rc;

	*dirty = 0;
	git_libgit2_init();
	git_status_options_init(&o, GIT_STATUS_OPTIONS_VERSION);
	if ((rc = gk_git_locate(dir, &repo, prefix, sizeof(prefix), NOT_A_REPO, err)))
		goto cleanup;
	spec = prefix;
	o.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR;
	o.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS;
	if (*prefix) {
		o.pathspec.strings = &spec;
		o.pathspec.count = 1;
	}
	if (git_status_list_new(&st, repo, &o) != 0) {
		rc = git_fail(err, "cannot read the status of '%s'%s", dir, "");
		goto cleanup;
	}
	*dirty = git_status_list_entrycount(st) > 0;
cleanup:
	git_status_list_free(st);
	git_repository_free(repo);
	git_libgit2_shutdown();
	return rc;
}

/* Copy every file of src under path into the directory out. */
static int copy_tree(gk_source *src, const char *path, const char *out, gk_error *err)
{
	gk_source_entry *e;
	size_t n;
	int rc = gk_source_list(src, path, &e, &n, err);

	for (size_t i = 0; rc == 0 && i < n; i++) {
		char rel[PATH_MAX], dst[2 * PATH_MAX + 2], *buf;
		size_t len;
		FILE *f;

		snprintf(rel, sizeof(rel), "%s%s%s", path, *path ? "/" : "", e[i].name);
		snprintf(dst, sizeof(dst), "%s/%s", out, rel);
		if (e[i].is_dir) {
			if (mkdir(dst, 0777) != 0 && errno != EEXIST)
				rc = gk_error_set(err, GK_EIO, "cannot create '%s': %s", dst,
						  strerror(errno));
			else
				rc = copy_tree(src, rel, out, err);
			continue;
		}
		if ((rc = gk_source_read(src, rel, &buf, &len, err)))
			break;
		f = fopen(dst, "wb");
		if (!f || fwrite(buf, 1, len, f) != len || fclose(f) != 0) {
			if (f)
				fclose(f);
			rc = gk_error_set(err, GK_EIO, "cannot write '%s': %s", dst, strerror(errno));
		}
		free(buf);
	}
	gk_source_entries_free(e, n);
	return rc;
}

int gk_policy_repo_init(const char *dir, gk_source *from, const char *message,
			gk_error *err)
{
	git_repository *repo = NULL;
	git_index *index = NULL;
	git_signature *sig = NULL;
	git_tree *tree = NULL;
	git_oid tree_id, commit_id;
	char *spec = "*";
	git_strarray all = { &spec, 1 };
	struct stat st;
	int rc = 0;

	git_libgit2_init();
	if (stat(dir, &st) == 0) {
		rc = gk_error_set(err, GK_EIO, "'%s' already exists: name a new directory", dir);
		goto cleanup;
	}
	if (mkdir(dir, 0777) != 0) {
		rc = gk_error_set(err, GK_EIO, "cannot create '%s': %s", dir, strerror(errno));
		goto cleanup;
	}
	if ((rc = copy_tree(from, "", dir, err)))
		goto cleanup;
	if (git_repository_init(&repo, dir, 0) != 0 ||
	    git_repository_index(&index, repo) != 0 ||
	    git_index_add_all(index, &all, GIT_INDEX_ADD_DEFAULT, NULL, NULL) != 0 ||
	    git_index_write(index) != 0 ||
	    git_index_write_tree(&tree_id, index) != 0 ||
	    git_tree_lookup(&tree, repo, &tree_id) != 0) {
		rc = git_fail(err, "cannot create the repository '%s'%s", dir, "");
		goto cleanup;
	}
	/* The officer's name from the git configuration, else gongkai's. */
	if (git_signature_default(&sig, repo) != 0 &&
	    git_signature_now(&sig, "gongkai", "gongkai@localhost") != 0) {
		rc = git_fail(err, "cannot sign the first commit in '%s'%s", dir, "");
		goto cleanup;
	}
	if (git_commit_create_v(&commit_id, repo, "HEAD", sig, sig, NULL, message, tree, 0) != 0)
		rc = git_fail(err, "cannot commit in '%s'%s", dir, "");
cleanup:
	git_signature_free(sig);
	git_tree_free(tree);
	git_index_free(index);
	git_repository_free(repo);
	git_libgit2_shutdown();
	return rc;
}

int gk_policy_repo_commit(const char *dir, const char *message, const char *author,
			  char *id_out, gk_error *err)
{
	git_repository *repo = NULL;
	git_index *index = NULL;
	git_signature *sig = NULL;
	git_tree *tree = NULL;
	git_commit *parent = NULL;
	git_object *head = NULL;
	git_oid tree_id, commit_id;
	char prefix[PATH_MAX], spec[PATH_MAX + 2], *specp = spec;
	git_strarray paths = { &specp, 1 };
	int rc;

	git_libgit2_init();
	if ((rc = gk_git_locate(dir, &repo, prefix, sizeof(prefix), NOT_A_REPO, err)))
		goto cleanup;
	snprintf(spec, sizeof(spec), "%s", *prefix ? prefix : "*");
	/* Stage the policy set's additions, changes and deletions only. */
	if (git_repository_index(&index, repo) != 0 ||
	    git_index_add_all(index, &paths, GIT_INDEX_ADD_DEFAULT, NULL, NULL) != 0 ||
	    git_index_update_all(index, &paths, NULL, NULL) != 0 ||
	    git_index_write(index) != 0 || git_index_write_tree(&tree_id, index) != 0 ||
	    git_tree_lookup(&tree, repo, &tree_id) != 0) {
		rc = git_fail(err, "cannot stage the policy set '%s'%s", dir, "");
		goto cleanup;
	}
	if (author && *author) {
		char name[256], email[256];

		if (sscanf(author, " %255[^<]<%255[^>]>", name, email) != 2) {
			rc = gk_error_set(err, GK_EINVAL,
					  "--author '%s': expected \"Name <email>\"", author);
			goto cleanup;
		}
		for (size_t n = strlen(name); n && name[n - 1] == ' '; n--)
			name[n - 1] = '\0';
		if (git_signature_now(&sig, name, email) != 0) {
			rc = git_fail(err, "--author '%s'%s", author, "");
			goto cleanup;
		}
	} else if (git_signature_default(&sig, repo) != 0) {
		rc = gk_error_set(err, GK_EINVAL,
				  "no author: set user.name and user.email in git's configuration, "
				  "or give --author \"Name <email>\"");
		goto cleanup;
	}
	if (git_revparse_single(&head, repo, "HEAD") == 0 &&
	    git_object_peel((git_object **)&parent, head, GIT_OBJECT_COMMIT) == 0 &&
	    git_oid_equal(git_tree_id(tree), git_commit_tree_id(parent))) {
		rc = gk_error_set(err, GK_EINVAL, "nothing to commit in '%s'", dir);
		goto cleanup;
	}
	if (git_commit_create_v(&commit_id, repo, "HEAD", sig, sig, NULL, message, tree,
				parent ? 1 : 0, parent) != 0) {
		rc = git_fail(err, "cannot commit in '%s'%s", dir, "");
		goto cleanup;
	}
	git_oid_tostr(id_out, GIT_OID_HEXSZ + 1, &commit_id);
cleanup:
	git_object_free(head);
	git_commit_free(parent);
	git_tree_free(tree);
	git_signature_free(sig);
	git_index_free(index);
	git_repository_free(repo);
	git_libgit2_shutdown();
	return rc;
}
