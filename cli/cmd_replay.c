/*
 * cmd_replay.c - gongkai replay --db DB RUN_ID
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../stores/policyset/waivers_yaml.h"
#include "../engine/i18n.h"
#include "cli.h"
#include "opts.h"
#include "wire.h"

enum { O_DB = 256, O_POLICIES };

static const cli_option options[] = {
	{ "db", 0, "DB", O_DB, N_("the database (default: db: of gongkai.yaml)") },
	{ "policies", 0, "DIR", O_POLICIES, N_("the policy repository (default: the one the run names)") },
	{ NULL, 0, NULL, 0, NULL }
};

static const cli_command command = {
	"replay", options,
	N_("usage: gongkai replay --db DB [--policies DIR] RUN_ID\n"
	"\n"
	"Re-evaluates a stored run with its recorded policy commit and as-of date\n"
	"on the records exactly as they were at that run (the versions current\n"
	"after its last import, earlier ones taken from record_history), and\n"
	"reports whether it reproduces the stored findings exactly.  The policy\n"
	"repository is the one the run names, or DIR.  Nothing is stored.\n"),
	N_("exit status: 0 reproduced exactly, 1 differences, 2 error (a run on an\n"
	"uncommitted policy set cannot be replayed).\n"),
	N_("option"),
};

/* A waiver's label ends "（FILE:LINE）"; runs stored before labels named
 * the file as the policy set does gave the folder too, which depends on
 * where the set was checked out: compare from "waivers.yaml:" on. */
static int waiver_len(const char *w, const char **tail)
{
	const char *file = NULL, *open = NULL;

	*tail = "";
	for (const char *p = w; (p = strstr(p, "/" GK_WAIVERS_FILE ":")); p++)
		file = p + 1;
	for (const char *p = w; file && (p = strstr(p, "（")) && p < file; p++)
		open = p;
	if (!open)
		return (int)strlen(w);
	*tail = file;
	return (int)(open - w) + (int)strlen("（");
}

static int add(void *ud, const gk_finding *f, gk_error *err)
{
	char due[GK_DATE_LEN + 1] = "", *s;
	const char *tail = "";
	int wl = f->waiver ? waiver_len(f->waiver, &tail) : 1;

	if (f->has_due)
		gk_date_format(f->due_on, due);
	if (asprintf(&s, "%s | %s | %s | %s | %s | %s | %s | %s | %.*s%s",
		     f->record_id ? f->record_id : "-", f->jurisdiction, f->rule, f->category, due,
		     f->period ? f->period : "-", f->message, f->basis, wl,
		     f->waiver ? f->waiver : "-", tail) < 0)
		s = NULL;
	return cli_strs_add(ud, s, err);
}

int cmd_replay(int argc, char **argv)
{
	const char *db = NULL, *dir = NULL, *id_s = NULL, *v;
	char source[1024], revision[64], repo[1024], digest[41], tmpdir[] = "/tmp/gk-replay.XXXXXX";
	char snap_path[64], *scope_copy = NULL, *juris[64];
	gk_store *st = NULL, *snap = NULL;
	gk_run_info info, ri = { 0 };
	gk_run_opts o = { .jobs = 1, .limits = GK_LIMITS_DEFAULT, .dry = 1 };
	gk_source *src = NULL;
	cli_policyset ps = { 0 };
	cli_collect cc;
	gk_sink *sink = cli_collect_sink(&cc, add, NULL);
	struct cli_strs stored = { 0 }, replayed = { 0 };
	gk_error err = { 0 };
	cli_args ca;
	int oc;
	int64_t run_id, last_import;
	int rc = GK_EXIT_ERROR, made_tmp = 0, diffs = 0, njuris = 0;
	size_t i = 0, j = 0;

	cli_args_init(&ca, &command, argc, argv);
	while ((oc = cli_next(&ca, &v)) != CLI_END) {
		switch (oc) {
		case CLI_HELP:
			return GK_EXIT_OK;
		case O_DB:
			db = v;
			break;
		case O_POLICIES:
			dir = v;
			break;
		case CLI_ARG:
			if (id_s)
				return cli_fail("replay: give one run id");
			id_s = v;
			break;
		default:
			return GK_EXIT_ERROR;
		}
	}
	db = cli_db_default(db);
	if (!db || !id_s || (run_id = strtoll(id_s, NULL, 10)) <= 0)
		return cli_fail("replay: usage: gongkai replay --db DB RUN_ID");
	if (gk_store_open(&st, db, 0, &err) ||
	    gk_store_run_get(st, run_id, &info, &last_import, source, sizeof(source), revision,
			     sizeof(revision), &err))
		goto fail;
	if (strcmp(revision, "worktree") == 0) {
		cli_fail("replay: run %lld evaluated an uncommitted policy set (--worktree): "
			 "there is no commit to reproduce it from", (long long)run_id);
		goto done;
	}
	if (last_import < 0) {
		cli_fail("replay: run %lld was stored before runs recorded their last import: "
			 "its record versions cannot be told apart", (long long)run_id);
		goto done;
	}
	/* The repository the run names: "git <dir> commit <id>". */
	if (!dir) {
		const char *p = strstr(source, " commit ");

		if (strncmp(source, "git ", 4) != 0 || !p) {
			cli_fail("replay: cannot tell the policy repository of run %lld from '%s': "
				 "give --policies DIR", (long long)run_id, source);
			goto done;
		}
		snprintf(repo, sizeof(repo), "%.*s", (int)(p - source - 4), source + 4);
		dir = repo;
	}
	if (gk_source_open_git(&src, dir, revision, &err) || cli_policyset_open(&ps, src, &err))
		goto fail;
	snprintf(digest, sizeof(digest), "%s", ps.digest);
	if (strcmp(digest, info.policy_digest) != 0) {
		printf(_("run %lld: the policy set at %.12s in %s is not the one the run recorded "
		       "(digest %.12s, recorded %.12s)\n"), (long long)run_id, revision, dir, digest,
		       info.policy_digest);
		rc = GK_EXIT_FINDINGS;
		goto done;
	}
	if (!mkdtemp(tmpdir)) {
		cli_fail("replay: cannot create a scratch directory in /tmp");
		goto done;
	}
	made_tmp = 1;
	snprintf(snap_path, sizeof(snap_path), "%s/snap.db", tmpdir);
	if (gk_store_snapshot(st, last_import, snap_path, &err) ||
	    gk_store_open(&snap, snap_path, 0, &err))
		goto fail;
	if (strcmp(info.scope, "all") != 0) {
		scope_copy = strdup(info.scope);
		for (char *t = strtok(scope_copy, ","); t && njuris < 64; t = strtok(NULL, ","))
			juris[njuris++] = t;
		o.juris = (const char *const *)juris;
		o.njuris = njuris;
	}
	o.as_of = info.as_of;
	cc.ud = &replayed;
	if (cli_run(snap, &ps, &o, &sink, 1, &ri, &err) ||
	    gk_store_findings(st, run_id, add, &stored, &err))
		goto fail;
	cli_strs_sort(&stored);
	cli_strs_sort(&replayed);
	while (i < stored.n || j < replayed.n) {
		int c = i >= stored.n ? 1 : j >= replayed.n ? -1 : strcmp(stored.v[i], replayed.v[j]);

		if (c == 0) {
			i++, j++;
			continue;
		}
		if (diffs++ < 20)
			printf("%s %s\n", c < 0 ? _("stored only:  ") : _("replayed only:"),
			       c < 0 ? stored.v[i] : replayed.v[j]);
		if (c < 0)
			i++;
		else
			j++;
	}
	if (diffs) {
		printf(_("run %lld does NOT reproduce: %d difference%s (%zu stored, %zu replayed)\n"),
		       (long long)run_id, diffs, diffs == 1 ? "" : "s", stored.n, replayed.n);
		rc = GK_EXIT_FINDINGS;
	} else {
		printf(_("run %lld reproduces exactly: %zu finding%s, policy commit %.12s, as of %s\n"),
		       (long long)run_id, stored.n, stored.n == 1 ? "" : "s", revision,
		       (gk_date_format(info.as_of, digest), digest));
		rc = GK_EXIT_OK;
	}
	goto done;
fail:
	cli_fail("%s", err.msg);
done:
	cli_strs_free(&stored);
	cli_strs_free(&replayed);
	cli_policyset_close(&ps);
	gk_store_close(snap);
	gk_store_close(st);
	gk_source_free(src);
	free(scope_copy);
	if (made_tmp) {
		gk_store_remove(snap_path);
		rmdir(tmpdir);
	}
	return rc;
}
