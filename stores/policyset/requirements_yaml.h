/*
 * requirements_yaml.h - read a folder's coverage map, requirements.yaml.
 *
 *   documents:
 *     - source: 《中华人民共和国政府信息公开条例》（2019年修订，国务院令第711号）
 *       requirements:
 *         - clause: 第二十六条
 *           quote: 属于主动公开范围的政府信息，应当自该政府信息形成或者变更之日起20个工作日内及时公开。……
 *           rules: [B1]
 *         - clause: 第五条
 *           quote: 行政机关公开政府信息，应当坚持以公开为常态、不公开为例外……
 *           general: true
 *           reason: 原则性规定，不是可由记录判断的义务。
 *
 * Each document needs source and requirements; each requirement clause,
 * quote, and rules (the ids of the rules that check it) or reason (why
 * records cannot show it, and what data would), or both when the rules
 * check part of it; general: true marks a general exhortation (it needs a
 * reason).  An unknown key, a requirement with neither rules nor reason,
 * or a malformed value is a problem with FILE:LINE:COL.
 */
#ifndef GK_REQUIREMENTS_YAML_H
#define GK_REQUIREMENTS_YAML_H

#include "../../engine/coverage.h"
#include "../../engine/error.h"

#define GK_REQUIREMENTS_FILE "requirements.yaml"

/*
 * Parse buf (len bytes) named name.  With report, each problem of a
 * document or requirement is reported, the requirement left out and
 * *problems counted; a file that is not YAML, or not a map of documents,
 * is one problem and yields no requirements.  Without report the first
 * problem is the error.  *out is always set on success.
 */
int gk_requirements_parse(const char *name, const char *buf, size_t len,
			  gk_requirements **out, gk_report_fn report, void *ud,
			  int *problems, gk_error *err);

#endif
