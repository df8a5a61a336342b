/*
 * history.c - rule-level history of a policy set in git (see history.h).
 *
 * log walks the commits from HEAD (git_revwalk), diffs the set's folder in
 * each commit against its first parent (git_diff_tree_to_tree, renames
 * found), and compares the rule declarations of the changed .lua files by
 * jurisdiction, id and exact text.  blame runs git_blame_file on the lines
 * of one declaration.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <git2.h>

#include "../../engine/i18n.h"
#include "../../engine/declscan.h"
#include "../../engine/buf.h"
#include "../../engine/suggest.h"
#include "history.h"
#include "source_impl.h"

/* One declaration found in a file. */
struct decl {
	char *jur;      /* top folder of path, "" at the root */
	char *id;
	char *text;     /* from the opening line to the closing "}" */
	char *path;
	size_t first, last;   /* 1-based lines */
	int matched;
};

struct decls {
	struct decl *v;
	size_t n, cap;
};

static void decls_free(struct decls *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->v[i].jur);
		free(d->v[i].id);
		free(d->v[i].text);
		free(d->v[i].path);
	}
	free(d->v);
	d->v = NULL;
	d->n = d->cap = 0;
}

static int oom(gk_error *err)
{
	return GK_OOM(err);
}

/*
 * Add the declarations of buf (path relative to the set's root) to d:
 * found by the same scanner the loader checks every file against
 * (declscan.h), so the rules listed here are the rules that run.
 */
static int parse_decls(struct decls *d, const char *path, const char *buf, size_t len,
		       gk_error *err)
{
	gk_decl *v = NULL;
	size_t n = 0;
	const char *slash = strchr(path, '/');
	int rc;

	if ((rc = gk_declscan(buf, len, &v, &n, err)))
		return rc;
	for (size_t i = 0; i < n && !rc; i++) {
		struct decl *cur;

		if (GK_GROW(d->v, d->n, d->cap)) {
			rc = oom(err);
			break;
		}
		cur = &d->v[d->n++];
		memset(cur, 0, sizeof(*cur));
		cur->first = (size_t)v[i].first;
		cur->last = (size_t)v[i].last;
		if (!(cur->id = strdup(v[i].id)) ||
		    !(cur->text = strndup(buf + v[i].start, v[i].end - v[i].start)) ||
		    !(cur->path = strdup(path)) ||
		    !(cur->jur = slash ? strndup(path, (size_t)(slash - path)) : strdup("")))
			rc = oom(err);
	}
	gk_decls_free(v, n);
	return rc;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* A policy file: .lua, not inside a tests folder. */
static int is_policy_file(const char *path)
{
	return ends_with(path, ".lua") && strncmp(path, "tests/", 6) != 0 &&
	       !strstr(path, "/tests/");
}

static int parse_blob(git_repository *repo, const git_oid *oid, const char *path,
		      struct decls *d, gk_error *err)
{
	git_blob *blob = NULL;
	int rc;

	if (git_blob_lookup(&blob, repo, oid) != 0)
		return gk_error_set(err, GK_EIO, "cannot read '%s' from the repository", path);
	rc = parse_decls(d, path, git_blob_rawcontent(blob), (size_t)git_blob_rawsize(blob), err);
	git_blob_free(blob);
	return rc;
}

/* Open the repository of dir and check it has a commit. */
static int open_repo(const char *dir, git_repository **repo, char *prefix, size_t n,
		     gk_error *err)
{
	int rc = gk_git_locate(dir, repo, prefix, n, N_(", so it has no history: create one "
			       "with 'gongkai init DIR' or 'git init' and commit the policy set"), err);

	if (rc)
		return rc;
	if (git_repository_head_unborn(*repo) == 1) {
		rc = gk_error_set(err, GK_EIO,
				  "the repository '%s' has no commit yet, so the policy set has no "
				  "history: commit it first (git add -A && git commit)",
				  git_repository_workdir(*repo));
		git_repository_free(*repo);
		*repo = NULL;
	}
	return rc;
}

/* The set's folder in commit c (NULL when it does not exist there). */
static git_tree *set_tree(git_repository *repo, const git_commit *c, const char *prefix)
{
	git_tree *root = NULL, *t = NULL;
	git_tree_entry *te = NULL;

	if (git_commit_tree(&root, c) != 0)
		return NULL;
	if (!*prefix)
		return root;
	if (git_tree_entry_bypath(&te, root, prefix) == 0 &&
	    git_tree_entry_type(te) == GIT_OBJECT_TREE)
		git_tree_lookup(&t, repo, git_tree_entry_id(te));
	git_tree_entry_free(te);
	git_tree_free(root);
	return t;
}

static void format_date(const git_signature *s, char out[17])
{
	time_t t = (time_t)(s->when.time + (git_time_t)s->when.offset * 60);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 17, "%Y-%m-%d %H:%M", &tm);
}

static int is_folder(git_tree *t, const char *name)
{
	const git_tree_entry *te = t ? git_tree_entry_byname(t, name) : NULL;

	return te && git_tree_entry_type(te) == GIT_OBJECT_TREE;
}

struct changes {
	gk_rule_change *v;
	size_t n, cap;
	char **files;
	size_t nfiles, fcap;
};

static int add_change(struct changes *c, char op, const struct decl *d)
{
	if (GK_GROW(c->v, c->n, c->cap))
		return -1;
	c->v[c->n].op = op;
	c->v[c->n].id = d->id;
	c->v[c->n].path = d->path;
	c->n++;
	return 0;
}

static int add_file(struct changes *c, const git_diff_delta *dd)
{
	char *s;
	int r;

	if (GK_GROW(c->files, c->nfiles, c->fcap))
		return -1;
	if (dd->status == GIT_DELTA_RENAMED)
		r = asprintf(&s, "%s -> %s", dd->old_file.path, dd->new_file.path);
	else
		r = asprintf(&s, "%s", dd->status == GIT_DELTA_DELETED ? dd->old_file.path
									 : dd->new_file.path);
	if (r < 0)
		return -1;
	c->files[c->nfiles++] = s;
	return 0;
}

static void changes_reset(struct changes *c)
{
	for (size_t i = 0; i < c->nfiles; i++)
		free(c->files[i]);
	c->n = c->nfiles = 0;
}

static int path_has_change(const struct changes *c, const char *path)
{
	for (size_t i = 0; i < c->n; i++)
		if (strcmp(c->v[i].path, path) == 0)
			return 1;
	return 0;
}

/*
 * The rule changes and other changed files of one commit: old and new are
 * the set's folder in the first parent and in the commit (either NULL).
 */
static int commit_changes(git_repository *repo, git_tree *old, git_tree *new_,
			  const char *jur, struct changes *c, struct decls *od,
			  struct decls *nd, gk_error *err)
{
	git_diff *diff = NULL;
	git_diff_options o;
	git_diff_find_options fo;
	char *spec = (char *)jur;
	size_t n;
	int rc = 0;

	git_diff_options_init(&o, GIT_DIFF_OPTIONS_VERSION);
	git_diff_find_options_init(&fo, GIT_DIFF_FIND_OPTIONS_VERSION);
	if (jur) {
		o.pathspec.strings = &spec;
		o.pathspec.count = 1;
	}
	fo.flags = GIT_DIFF_FIND_RENAMES;
	if (git_diff_tree_to_tree(&diff, repo, old, new_, &o) != 0 ||
	    git_diff_find_similar(diff, &fo) != 0) {
		const git_error *e = git_error_last();

		rc = gk_error_set(err, GK_EIO, "cannot compare commits: %s",
				  e && e->message ? e->message : "unknown error");
		goto done;
	}
	n = git_diff_num_deltas(diff);
	for (size_t i = 0; i < n && rc == 0; i++) {
		const git_diff_delta *dd = git_diff_get_delta(diff, i);
		const char *op = dd->old_file.path, *np = dd->new_file.path;

		if (jur && (strncmp(np, jur, strlen(jur)) != 0 || np[strlen(jur)] != '/') &&
		    (strncmp(op, jur, strlen(jur)) != 0 || op[strlen(jur)] != '/'))
			continue;
		if (dd->status != GIT_DELTA_ADDED && is_policy_file(op))
			rc = parse_blob(repo, &dd->old_file.id, op, od, err);
		if (rc == 0 && dd->status != GIT_DELTA_DELETED && is_policy_file(np))
			rc = parse_blob(repo, &dd->new_file.id, np, nd, err);
	}
	/* Match by jurisdiction and id; the text says whether it changed. */
	for (size_t i = 0; i < od->n && rc == 0; i++) {
		struct decl *a = &od->v[i], *b = NULL;

		for (size_t j = 0; j < nd->n && !b; j++)
			if (!nd->v[j].matched && strcmp(nd->v[j].id, a->id) == 0 &&
			    strcmp(nd->v[j].jur, a->jur) == 0)
				b = &nd->v[j];
		if (b) {
			b->matched = 1;
			if (strcmp(a->text, b->text) != 0 && add_change(c, '~', b))
				rc = oom(err);
		} else if (add_change(c, '-', a)) {
			rc = oom(err);
		}
	}
	for (size_t j = 0; j < nd->n && rc == 0; j++)
		if (!nd->v[j].matched && add_change(c, '+', &nd->v[j]))
			rc = oom(err);
	/* Every other changed file: not a policy file, or one whose rules
	 * did not change (comments, a rename). */
	for (size_t i = 0; i < n && rc == 0; i++) {
		const git_diff_delta *dd = git_diff_get_delta(diff, i);
		const char *op = dd->old_file.path, *np = dd->new_file.path;

		if (jur && (strncmp(np, jur, strlen(jur)) != 0 || np[strlen(jur)] != '/') &&
		    (strncmp(op, jur, strlen(jur)) != 0 || op[strlen(jur)] != '/'))
			continue;
		if (is_policy_file(np) || is_policy_file(op)) {
			int touched = (dd->status != GIT_DELTA_ADDED && path_has_change(c, op)) ||
				      (dd->status != GIT_DELTA_DELETED && path_has_change(c, np));

			if (touched && dd->status != GIT_DELTA_RENAMED)
				continue;
		}
		if (add_file(c, dd))
			rc = oom(err);
	}
done:
	git_diff_free(diff);
	return rc;
}

int gk_history_log(const char *dir, const char *filter, gk_history_fn fn, void *ud,
		   size_t *shown, gk_error *err)
{
	git_repository *repo = NULL;
	git_revwalk *walk = NULL;
	git_commit *head = NULL;
	git_tree *head_set = NULL;
	struct changes c = { 0 };
	struct decls od = { 0 }, nd = { 0 };
	char prefix[PATH_MAX];
	const char *jur = NULL, *rule = NULL;
	int seen_rule = 0, rc;
	git_oid oid;

	*shown = 0;
	git_libgit2_init();
	if ((rc = open_repo(dir, &repo, prefix, sizeof(prefix), err)))
		goto done;
	if (git_revparse_single((git_object **)&head, repo, "HEAD^{commit}") != 0) {
		rc = gk_error_set(err, GK_EIO, "cannot read HEAD of the repository '%s'",
				  git_repository_workdir(repo));
		goto done;
	}
	head_set = set_tree(repo, head, prefix);
	if (!head_set) {
		rc = gk_error_set(err, GK_EIO,
				  "'%s' is not in the last commit of the repository '%s': commit "
				  "the policy set first", prefix, git_repository_workdir(repo));
		goto done;
	}
	if (filter && is_folder(head_set, filter))
		jur = filter;
	else
		rule = filter;
	if (git_revwalk_new(&walk, repo) != 0 ||
	    git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME) != 0 ||
	    git_revwalk_push_head(walk) != 0) {
		rc = gk_error_set(err, GK_EIO, "cannot walk the history of '%s'",
				  git_repository_workdir(repo));
		goto done;
	}
	while (rc == 0 && git_revwalk_next(&oid, walk) == 0) {
		git_commit *commit = NULL, *parent = NULL;
		git_tree *nt = NULL, *ot = NULL;
		gk_history_entry e;
		size_t keep = 0;

		if (git_commit_lookup(&commit, repo, &oid) != 0) {
			rc = gk_error_set(err, GK_EIO, "cannot read a commit of '%s'",
					  git_repository_workdir(repo));
			break;
		}
		nt = set_tree(repo, commit, prefix);
		if (git_commit_parentcount(commit) > 0 && git_commit_parent(&parent, commit, 0) == 0)
			ot = set_tree(repo, parent, prefix);
		if ((!nt && !ot) || (nt && ot && git_oid_equal(git_tree_id(nt), git_tree_id(ot))))
			goto next;
		changes_reset(&c);
		decls_free(&od);
		decls_free(&nd);
		if ((rc = commit_changes(repo, ot, nt, jur, &c, &od, &nd, err)))
			goto next;
		if (rule) {
			/* Keep only the rule's changes. */
			for (size_t i = 0; i < c.n; i++)
				if (strcmp(c.v[i].id, rule) == 0)
					c.v[keep++] = c.v[i];
			c.n = keep;
			if (!keep)
				goto next;
			seen_rule = 1;
		} else if (!c.n && !c.nfiles) {
			goto next;
		}
		memset(&e, 0, sizeof(e));
		git_oid_tostr(e.id, sizeof(e.id), &oid);
		memcpy(e.short_id, e.id, 7);
		format_date(git_commit_author(commit), e.date);
		e.author = git_commit_author(commit)->name;
		e.summary = git_commit_summary(commit);
		if (!e.summary)
			e.summary = "";
		e.changes = c.v;
		e.nchanges = c.n;
		e.files = rule ? NULL : (const char *const *)c.files;
		e.nfiles = rule ? 0 : c.nfiles;
		++*shown;
		rc = fn(ud, &e);
next:
		git_tree_free(nt);
		git_tree_free(ot);
		git_commit_free(parent);
		git_commit_free(commit);
	}
	if (rc == 0 && rule && !seen_rule) {
		/* Never changed: declared at all?  (It may live only in a file no
		 * commit diff touched, which cannot happen in a full history.) */
		rc = gk_error_set(err, GK_EINVAL,
				  "'%s' is neither a rule declared in the history of '%s' nor a "
				  "folder of the policy set: name a rule id (B1) or a jurisdiction "
				  "(baseline, zezhou)", rule, git_repository_workdir(repo));
	}
done:
	changes_reset(&c);
	free(c.v);
	free(c.files);
	decls_free(&od);
	decls_free(&nd);
	git_revwalk_free(walk);
	git_tree_free(head_set);
	git_commit_free(head);
	git_repository_free(repo);
	git_libgit2_shutdown();
	return rc;
}

/* Find rule among the policy files of folder (recursively, tests excluded). */
static int find_in_folder(git_repository *repo, git_tree *t, const char *folder,
			  const char *rule, struct decls *d, struct decl **found, gk_error *err)
{
	size_t n = git_tree_entrycount(t);
	int rc = 0;

	for (size_t i = 0; i < n && rc == 0 && !*found; i++) {
		const git_tree_entry *te = git_tree_entry_byindex(t, i);
		const char *name = git_tree_entry_name(te);
		char path[PATH_MAX];

		if (name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", folder, name);
		if (git_tree_entry_type(te) == GIT_OBJECT_TREE) {
			git_tree *sub = NULL;

			if (strcmp(name, "tests") == 0 ||
			    git_tree_lookup(&sub, repo, git_tree_entry_id(te)) != 0)
				continue;
			rc = find_in_folder(repo, sub, path, rule, d, found, err);
			git_tree_free(sub);
		} else if (is_policy_file(path)) {
			size_t from = d->n;

			if ((rc = parse_blob(repo, git_tree_entry_id(te), path, d, err)))
				break;
			for (size_t k = from; k < d->n && !*found; k++)
				if (strcmp(d->v[k].id, rule) == 0)
					*found = &d->v[k];
		}
	}
	return rc;
}

/* The top folder of set nearest name (a misspelt jurisdiction), or NULL. */
static const char *nearest_folder(git_tree *set, const char *name)
{
	const char *names[256];
	size_t n = 0;

	for (size_t i = 0; i < git_tree_entrycount(set) && n < 256; i++) {
		const git_tree_entry *te = git_tree_entry_byindex(set, i);

		if (git_tree_entry_type(te) == GIT_OBJECT_TREE && git_tree_entry_name(te)[0] != '.')
			names[n++] = git_tree_entry_name(te);
	}
	return gk_suggest(name, names, n);
}

int gk_history_blame(const char *dir, const char *rule, const char *jurisdiction,
		     gk_blame_fn fn, void *ud, gk_error *err)
{
	git_repository *repo = NULL;
	git_commit *head = NULL;
	git_tree *set = NULL;
	git_blame *blame = NULL;
	git_blob *blob = NULL;
	git_blame_options bo;
	struct decls d = { 0 };
	struct decl *found = NULL;
	char prefix[PATH_MAX], full[2 * PATH_MAX];
	const char *wd;
	int rc;

	git_libgit2_init();
	if ((rc = open_repo(dir, &repo, prefix, sizeof(prefix), err)))
		goto done;
	wd = git_repository_workdir(repo);
	if (git_revparse_single((git_object **)&head, repo, "HEAD^{commit}") != 0 ||
	    !(set = set_tree(repo, head, prefix))) {
		rc = gk_error_set(err, GK_EIO,
				  "'%s' is not in the last commit of the repository '%s': commit "
				  "the policy set first", dir, wd);
		goto done;
	}
	if (jurisdiction && !is_folder(set, jurisdiction)) {
		const char *near = nearest_folder(set, jurisdiction);

		rc = gk_error_set(err, GK_EINVAL,
				  "'%s' is not a jurisdiction of the policy set in '%s' at HEAD: %s%s%s",
				  jurisdiction, wd, near ? _("did you mean '") : _("name one of its top "
				  "folders (baseline, zezhou, ...)"), near ? near : "", near ? "'?" : "");
		goto done;
	}
	/* baseline first, then the other top folders by name. */
	for (int pass = 0; pass < 2 && !found && rc == 0; pass++) {
		size_t n = git_tree_entrycount(set);

		for (size_t i = 0; i < n && !found && rc == 0; i++) {
			const git_tree_entry *te = git_tree_entry_byindex(set, i);
			const char *name = git_tree_entry_name(te);
			git_tree *sub = NULL;

			if (git_tree_entry_type(te) != GIT_OBJECT_TREE || name[0] == '.' ||
			    strcmp(name, "tests") == 0)
				continue;
			if (jurisdiction ? strcmp(name, jurisdiction) != 0 || pass == 1
					 : (strcmp(name, "baseline") == 0) != (pass == 0))
				continue;
			if (git_tree_lookup(&sub, repo, git_tree_entry_id(te)) != 0)
				continue;
			rc = find_in_folder(repo, sub, name, rule, &d, &found, err);
			git_tree_free(sub);
		}
	}
	if (rc)
		goto done;
	if (!found) {
		/* Every declaration searched was read: the nearest id of them. */
		const char **ids = malloc(sizeof(*ids) * (d.n ? d.n : 1));
		const char *near = NULL;

		for (size_t k = 0; ids && k < d.n; k++)
			ids[k] = d.v[k].id;
		if (ids)
			near = gk_suggest(rule, ids, d.n);
		rc = gk_error_set(err, GK_EINVAL,
				  "rule '%s' is not declared in %s%s of the policy set at HEAD of '%s': "
				  "%s%s%s", rule, jurisdiction ? _("the jurisdiction ") : _("any folder"),
				  jurisdiction ? jurisdiction : "", wd,
				  near ? _("did you mean '") : _("check the id (gongkai log lists the rules "
				  "each commit changed)"), near ? near : "", near ? "'?" : "");
		free(ids);
		goto done;
	}
	snprintf(full, sizeof(full), "%s%s%s", prefix, *prefix ? "/" : "", found->path);
	git_blame_options_init(&bo, GIT_BLAME_OPTIONS_VERSION);
	bo.min_line = found->first;
	bo.max_line = found->last;
	git_oid_cpy(&bo.newest_commit, git_commit_id(head));
	if (git_blame_file(&blame, repo, full, &bo) != 0) {
		const git_error *e = git_error_last();

		rc = gk_error_set(err, GK_EIO, "cannot blame '%s' in '%s': %s", full, wd,
				  e && e->message ? e->message : "unknown error");
		goto done;
	}
	{
		const char *p = found->text;

		for (size_t ln = found->first; ln <= found->last && rc == 0; ln++) {
			const git_blame_hunk *h = git_blame_get_hunk_byline(blame, ln);
			const char *nl = strchr(p, '\n');
			gk_blame_line l;
			char hex[GIT_OID_HEXSZ + 1];

			memset(&l, 0, sizeof(l));
			l.path = found->path;
			l.lineno = ln;
			l.text = p;
			l.len = nl ? (size_t)(nl - p) : strlen(p);
			if (h) {
				git_oid_tostr(hex, sizeof(hex), &h->final_commit_id);
				memcpy(l.short_id, hex, 7);
				if (h->final_signature) {
					format_date(h->final_signature, l.date);
					l.author = h->final_signature->name;
				}
			}
			if (!l.author)
				l.author = "?";
			if (!l.short_id[0])
				memcpy(l.short_id, "0000000", 7);
			rc = fn(ud, &l);
			p = nl ? nl + 1 : p + l.len;
		}
	}
done:
	git_blob_free(blob);
	git_blame_free(blame);
	decls_free(&d);
	git_tree_free(set);
	git_commit_free(head);
	git_repository_free(repo);
	git_libgit2_shutdown();
	return rc;
}
