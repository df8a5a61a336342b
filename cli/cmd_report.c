/*
 * cmd_report.c - gongkai report: work lists per unit and the auditors' HTML.
 */
#include <stdlib.h>
#include <string.h>

#include "../stores/db/db.h"
#include "../engine/i18n.h"
#include "../engine/buf.h"
#include "../engine/run/ports.h"
#include "cli.h"
#include "opts.h"
#include "../stores/config_yaml.h"

enum { O_DB = 256, O_RUN, O_OUT, O_HTML, O_BY_UNIT };

static const cli_option options[] = {
	{ "db", 0, "DB", O_DB, N_("the database (default: db: of gongkai.yaml)") },
	{ "run", 0, "ID", O_RUN, N_("the run (default: the newest)") },
	{ "by-unit", 0, NULL, O_BY_UNIT, N_("one work list per responsible unit, in --out DIR:\n"
	  "UNIT.xlsx (Excel and WPS: Chinese headers, dates,\n"
	  "filters, and 整改情况, 整改日期, 备注 for the unit to fill\n"
	  "in and return: gongkai feedback), UNIT.csv (UTF-8 with a\n"
	  "byte-order mark) and UNIT.md, each listing the unit's\n"
	  "overdue items, other findings and deadlines due soon,\n"
	  "with the deadline and the rule's basis; index.md lists\n"
	  "them") },
	{ "out", 0, "DIR", O_OUT, N_("the folder of --by-unit") },
	{ "html", 0, "FILE", O_HTML, N_("one self-contained HTML file for auditors (no external\n"
	  "assets, works offline): counts by jurisdiction,\n"
	  "category and unit, findings over the last runs, what is\n"
	  "new and resolved, and every finding in sortable,\n"
	  "filterable tables") },
	{ NULL, 0, NULL, 0, NULL }
};

static const cli_command command = {
	"report", options,
	N_("usage: gongkai report --db DB [--run ID] [--by-unit --out DIR] [--html FILE]\n"
	"\n"
	"Writes the reports of a stored run (default: the newest).\n"),
	N_("Without --by-unit or --html, both are written to the report folder of the\n"
	"configuration (report_dir in gongkai.yaml), under DATE-runID/.  Files of\n"
	"units that no longer have work are not removed from a reused --out DIR.\n"
	"The responsible unit of a finding is the record's approver, else its\n"
	"implementer, else its producer, else its publisher; periodic duties and\n"
	"records naming no unit are listed as 未指明责任单位（JURISDICTION）.\n"
	"\n"
	"exit status: 0 written, 2 error.\n"),
	N_("argument"),
};

/* "DIR/2025-06-30-run12": the folder of one run's reports (DATE-runID). */
int cli_report_folder(gk_store *st, int64_t run_id, const char *root, char *out,
		      size_t outsz, gk_error *err)
{
	gk_run_info info;
	int64_t last_import;
	char src[512], rev[128], asof[GK_DATE_LEN + 1];
	int rc;

	if ((rc = gk_store_run_get(st, run_id, &info, &last_import, src, sizeof(src), rev,
				   sizeof(rev), err)))
		return rc;
	gk_date_format(info.as_of, asof);
	snprintf(out, outsz, "%s/%s-run%lld", root, asof, (long long)run_id);
	return 0;
}

/* Both reports of run_id into DIR/RUN-DATE/ (report.html and units/). */
int cli_report_all(gk_store *st, int64_t run_id, const char *root, char *folder,
		   size_t foldersz, gk_error *err)
{
	char units[4096], html[4096];
	int files, rc;

	if ((rc = cli_report_folder(st, run_id, root, folder, foldersz, err)))
		return rc;
	snprintf(units, sizeof(units), "%s/units", folder);
	snprintf(html, sizeof(html), "%s/report.html", folder);
	if ((rc = cli_mkdirs(units, err)) ||
	    (rc = cli_report_units(st, run_id, units, &files, err)) ||
	    (rc = cli_report_html(st, run_id, html, err)))
		return rc;
	return 0;
}

/* ---- the reports of a run, from its stream ------------------------------ */

struct cli_reports {
	gk_sink sink;
	struct cli_units *units;
	struct cli_html *html;
};

static int reports_start(gk_sink *s, gk_run_info *info, int lanes, gk_error *err)
{
	struct cli_reports *r = s->ud;

	(void)lanes;
	return cli_html_new(&r->html, info->id, err);
}

static int reports_put(gk_sink *s, int lane, gk_finding *f, gk_error *err)
{
	struct cli_reports *r = s->ud;
	int rc;

	(void)lane;
	if ((rc = cli_units_add(r->units, f, err)))
		return rc;
	return cli_html_add(r->html, f, err);
}

static int reports_finish(gk_sink *s, gk_run_info *info, gk_error *err)
{
	(void)s;
	(void)info;
	(void)err;
	return 0;
}

int cli_reports_new(struct cli_reports **out, gk_error *err)
{
	struct cli_reports *r = calloc(1, sizeof(*r));

	*out = NULL;
	if (!r)
		return GK_OOM(err);
	if (cli_units_new(&r->units, err)) {
		free(r);
		return GK_ENOMEM;
	}
	r->sink.start = reports_start;
	r->sink.put = reports_put;
	r->sink.finish = reports_finish;
	r->sink.full_resolved = 1;    /* the HTML report lists what was resolved */
	r->sink.ud = r;
	*out = r;
	return 0;
}

gk_sink *cli_reports_sink(struct cli_reports *r)
{
	return &r->sink;
}

int cli_reports_write(struct cli_reports *r, gk_store *st, int64_t run_id, const char *root,
		      char *folder, size_t foldersz, gk_error *err)
{
	char units[4096], html[4096];
	int files, rc;

	if ((rc = cli_report_folder(st, run_id, root, folder, foldersz, err)))
		return rc;
	snprintf(units, sizeof(units), "%s/units", folder);
	snprintf(html, sizeof(html), "%s/report.html", folder);
	if ((rc = cli_mkdirs(units, err)) ||
	    (rc = cli_units_write(r->units, st, run_id, units, &files, err)) ||
	    (rc = cli_html_write(r->html, st, html, err)))
		return rc;
	return 0;
}

void cli_reports_free(struct cli_reports *r)
{
	if (!r)
		return;
	cli_units_free(r->units);
	cli_html_free(r->html);
	free(r);
}

int cmd_report(int argc, char **argv)
{
	const char *db = NULL, *out = NULL, *html = NULL, *v;
	int64_t run_id = 0;
	int by_unit = 0, rc = GK_EXIT_ERROR, files = 0;
	gk_store *st = NULL;
	gk_error err = { 0 };
	const gk_config *cfg;
	cli_args ca;
	int oc;

	cli_args_init(&ca, &command, argc, argv);
	while ((oc = cli_next(&ca, &v)) != CLI_END) {
		switch (oc) {
		case CLI_HELP:
			return GK_EXIT_OK;
		case O_DB:
			db = v;
			break;
		case O_RUN:
			if (cli_parse_id(v, "--run", &run_id))
				return GK_EXIT_ERROR;
			break;
		case O_OUT:
			out = v;
			break;
		case O_HTML:
			html = v;
			break;
		case O_BY_UNIT:
			by_unit = 1;
			break;
		case CLI_ARG:
			return cli_fail("report: unknown argument '%s'; see 'gongkai report --help'", v);
		default:
			return GK_EXIT_ERROR;
		}
	}
	if (!(cfg = cli_config()))
		return GK_EXIT_ERROR;
	if (!db)
		db = cfg->db;
	if (!db)
		return cli_fail("report: --db is required (or db: in gongkai.yaml); see "
				"'gongkai report --help'");
	if (by_unit && !out)
		return cli_fail("report: --by-unit needs --out DIR, the folder for the files");
	if (out && !by_unit)
		return cli_fail("report: --out names the folder of --by-unit; did you mean "
				"--by-unit --out %s?", out);
	if (!by_unit && !html && !cfg->report_dir)
		return cli_fail("report: say what to write: --by-unit --out DIR, --html FILE, "
				"or report_dir: in gongkai.yaml");
	if (gk_store_open(&st, db, 0, &err))
		goto fail;
	if (cli_pick_run(st, "report", db, &run_id))
		goto done;
	if (by_unit) {
		if (cli_mkdirs(out, &err) || cli_report_units(st, run_id, out, &files, &err))
			goto fail;
		printf(_("run %lld: %d unit work list%s in %s\n"), (long long)run_id, files,
		       files == 1 ? "" : "s", out);
	}
	if (html) {
		if (cli_report_html(st, run_id, html, &err))
			goto fail;
		printf(_("run %lld: HTML report %s\n"), (long long)run_id, html);
	}
	if (!by_unit && !html) {
		char folder[4096];

		if (cli_report_all(st, run_id, cfg->report_dir, folder, sizeof(folder), &err))
			goto fail;
		printf(_("run %lld: reports in %s\n"), (long long)run_id, folder);
	}
	rc = GK_EXIT_OK;
	goto done;
fail:
	cli_fail("%s", err.msg);
done:
	gk_store_close(st);
	return rc;
}
