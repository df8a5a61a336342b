/*
 * coverage.c - the coverage map in the auditors' HTML report.
 *
 * The report of a run shows the map of the policy set that run evaluated
 * (read from the source and revision the run recorded, like the
 * jurisdictions' names): which requirements of the source documents its
 * rules check, and which they cannot, so an auditor reading the findings
 * sees what no finding could be about.  Static HTML, no script: a summary
 * table per document, then each document's requirements in a <details>.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../engine/coverage.h"
#include "../../stores/policyset/source.h"
#include "../cli.h"
#include "../wire.h"

struct cli_coverage {
	gk_coverage *map;         /* NULL when it could not be read */
	int problems;             /* disagreements between map and rules */
	int worktree;             /* read from a folder as it is now */
	char why[GK_ERROR_MAX];   /* why there is no map */
};

static void ignore(void *ud, const char *msg)
{
	(void)ud;
	(void)msg;
}

struct cli_coverage *cli_coverage_for_run(const char *source, const char *revision)
{
	struct cli_coverage *c = calloc(1, sizeof(*c));
	gk_source *src = NULL;
	gk_error err = { 0 };

	if (!c)
		return NULL;
	c->worktree = strcmp(revision, "worktree") == 0;
	if (cli_run_source(source, revision, &src, &err) ||
	    cli_coverage_load(src, &c->map, &c->problems, ignore, NULL, &err))
		snprintf(c->why, sizeof(c->why), "%s", err.msg);
	gk_source_free(src);
	return c;
}

void cli_coverage_free(struct cli_coverage *c)
{
	if (!c)
		return;
	gk_coverage_free(c->map);
	free(c);
}

static gk_req_counts totals(const struct cli_coverage *c)
{
	gk_req_counts n = { 0 };

	for (int f = 0; c && c->map && f < gk_coverage_nfiles(c->map); f++)
		gk_req_count(gk_coverage_file(c->map, f, NULL), NULL, &n);
	return n;
}

void cli_coverage_html_meta(FILE *f, const struct cli_coverage *c)
{
	gk_req_counts n = totals(c);

	fputs("<div><dt>要求覆盖</dt><dd id=\"coverage-summary\">", f);
	if (c && c->map)
		fprintf(f, "<a href=\"#coverage\">来源文件 %d 项要求，%d 项由规则检查，"
			"%d 项无法从记录判断</a>", n.requirements, n.checked, n.unchecked);
	else
		fputs("<a href=\"#coverage\">不可用</a>", f);
	fputs("</dd></div>\n", f);
}

static void count_cell(FILE *f, const char *key, int v)
{
	fprintf(f, "<td class=\"n\" data-col=\"%s\">%d</td>", key, v);
}

static void put_summary_row(FILE *f, int doc, const char *source, const gk_req_counts *n)
{
	fprintf(f, "<tr data-doc=\"%d\"><td><a href=\"#cov-doc-%d\">", doc, doc);
	cli_html_str(f, source);
	fputs("</a></td>", f);
	count_cell(f, "requirements", n->requirements);
	count_cell(f, "checked", n->checked);
	count_cell(f, "partly", n->partly);
	count_cell(f, "unchecked", n->unchecked);
	count_cell(f, "general", n->general);
	fputs("</tr>\n", f);
}

static void put_requirement(FILE *f, const gk_requirement *r)
{
	static const char *const ids[] = { "checked", "partly", "unchecked" };
	static const char *const labels[] = { "由规则检查", "部分检查", "无法检查" };
	enum gk_req_status st = gk_requirement_status(r);

	fprintf(f, "<tr class=\"req-%s\" data-req=\"%s\"><td class=\"nw\">", ids[st], ids[st]);
	cli_html_str(f, r->clause);
	fputs("</td><td class=\"q\">", f);
	cli_html_str(f, r->quote);
	fprintf(f, "</td><td class=\"nw\"><span class=\"cov-tag t-%s\">%s</span>", ids[st],
		r->general ? "一般性要求" : labels[st]);
	for (int i = 0; i < r->nrules; i++) {
		fputs(i ? "、" : "<br>", f);
		fputs("<span class=\"mono\">", f);
		cli_html_str(f, r->rules[i].id);
		fputs("</span>", f);
	}
	fputs("</td><td>", f);
	if (r->reason)
		cli_html_str(f, r->reason);
	else
		fputs("<span class=\"none\">—</span>", f);
	fputs("</td></tr>\n", f);
}

void cli_coverage_html(FILE *f, const struct cli_coverage *c)
{
	gk_req_counts all = totals(c);
	int doc = 0;

	fputs("<section id=\"coverage\">\n<h2>要求覆盖图<small>来源文件的每项要求，检查它的"
	      "规则，或记录为什么不能显示</small></h2>\n", f);
	if (!c || !c->map) {
		fputs("<p class=\"note\" id=\"coverage-missing\">无法读取该次检查所用政策版本的"
		      "要求覆盖图", f);
		if (c && *c->why) {
			fputs("：", f);
			cli_html_str(f, c->why);
		}
		fputs("。</p>\n</section>\n", f);
		return;
	}
	fprintf(f, "<p>该次检查所用政策版本的来源文件共 <b data-count=\"req-total\">%d</b> "
		"项要求：<b data-count=\"req-checked\">%d</b> 项由规则检查（其中 "
		"<b data-count=\"req-partly\">%d</b> 项只检查一部分），"
		"<b data-count=\"req-unchecked\">%d</b> 项无法从记录判断（其中 "
		"<b data-count=\"req-general\">%d</b> 项是一般性要求）。没有规则检查的要求"
		"不会产生发现：没有发现不等于做到了。</p>\n", all.requirements, all.checked,
		all.partly, all.unchecked, all.general);
	if (c->problems)
		fprintf(f, "<div class=\"banner\" id=\"coverage-problems\" role=\"alert\">"
			"<span class=\"icon\">⚠</span><div><b>覆盖图与规则不一致（%d 个问题）</b>"
			"有规则没有对应的要求，或有要求引用了不存在的规则；在政策目录运行 "
			"<code>gongkai lint</code> 查看。</div></div>\n", c->problems);
	if (c->worktree)
		fputs("<p class=\"note\">该次检查使用的是未提交的政策文件夹，覆盖图按文件夹"
		      "现在的内容生成，可能与检查时不同。</p>\n", f);
	fputs("<div class=\"scroll\"><table class=\"tally\" id=\"coverage-documents\">"
	      "<thead><tr><th>来源文件</th><th class=\"n\">要求</th><th class=\"n\">由规则检查"
	      "</th><th class=\"n\">其中部分检查</th><th class=\"n\">无法检查</th>"
	      "<th class=\"n\">其中一般性要求</th></tr></thead>\n<tbody>\n", f);
	for (int i = 0; i < gk_coverage_nfiles(c->map); i++) {
		const gk_requirements *file = gk_coverage_file(c->map, i, NULL);

		for (int s = 0; file && s < file->nsources; s++) {
			gk_req_counts n = { 0 };

			gk_req_count(file, file->sources[s], &n);
			put_summary_row(f, doc++, file->sources[s], &n);
		}
	}
	fprintf(f, "</tbody>\n<tfoot><tr><td>合计（规则 %d 条）</td>", gk_coverage_nrules(c->map));
	fprintf(f, "<td class=\"n\">%d</td><td class=\"n\">%d</td><td class=\"n\">%d</td>"
		"<td class=\"n\">%d</td><td class=\"n\">%d</td></tr></tfoot></table></div>\n",
		all.requirements, all.checked, all.partly, all.unchecked, all.general);
	doc = 0;
	for (int i = 0; i < gk_coverage_nfiles(c->map); i++) {
		const gk_requirements *file = gk_coverage_file(c->map, i, NULL);

		for (int s = 0; file && s < file->nsources; s++) {
			fprintf(f, "<details class=\"cov-doc\" id=\"cov-doc-%d\"><summary>", doc++);
			cli_html_str(f, file->sources[s]);
			fputs(" <small>", f);
			cli_html_str(f, file->file);
			fputs("</small></summary>\n<div class=\"table-wrap\"><table class=\"cov\">"
			      "<thead><tr><th>条款</th><th>原文</th><th>检查</th><th>未检查的部分，"
			      "或无法检查的原因</th></tr></thead>\n<tbody>\n", f);
			for (int k = 0; k < file->nreqs; k++)
				if (file->reqs[k].source == file->sources[s])
					put_requirement(f, &file->reqs[k]);
			fputs("</tbody></table></div></details>\n", f);
		}
	}
	fputs("</section>\n", f);
}
