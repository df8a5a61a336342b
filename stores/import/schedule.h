/*
 * schedule.h - a jurisdiction's task schedule (YAML) as `task` records.
 *
 * A schedule file transcribes a work-task table such as 附件1 of
 * 泉港文综〔2020〕24号 (policies/quangang/tasks.yaml):
 *
 *     document: 泉港文综〔2020〕24号     # optional, for people
 *     issued_on: 2020-07-15             # required: the document's date
 *     jurisdiction: quangang            # required
 *     id_prefix: QG-TASK-               # optional; default "<jurisdiction>-task-"
 *     tasks:                            # required, at least one
 *       - no: 1                         # required, 1..999, unique
 *         item: 全面梳理政务公开事项      # optional: 工作任务
 *         task: 梳理规范权责清单，动态调整更新   # required: 具体事项
 *         responsible: 审批股            # required: 责任股室
 *         guiding: 编办                  # optional: 指导单位
 *         due: 2020-07-20               # required: YYYY-MM-DD, or ongoing (长期)
 *         completed: 2020-07-18         # optional: YYYY-MM-DD
 *
 * gk_schedule_read hands every task to a gk_row_fn (see reader.h) as one
 * row of interchange columns (RECORDS.md), in file order:
 *
 *     id            id_prefix + no in two digits or more: QG-TASK-01
 *     jurisdiction  jurisdiction
 *     kind          task
 *     title         （N）task（工作任务：item；指导单位：guiding）; the
 *                   parenthesised part lists only what is given, and is
 *                   left out when neither is
 *     implementer   responsible
 *     formed_on     issued_on
 *     due_on        due; no cell at all for an ongoing task
 *     completed_on  completed; no cell when not given
 *
 * row->file is the file name as given, row->line the line of the task's
 * first key; cells are numbered 1.. in the order above (cell->col), and
 * every cell is present.  The whole file is checked before the first row
 * is handed over, so a broken file yields no rows.
 *
 * Errors (GK_EINVAL, err = "FILE:LINE:COL: problem"): malformed YAML,
 * unknown keys, a missing or empty required key, a value that is not text,
 * a bad date, a `no` that is not a number from 1 to 999 or that appears
 * twice, a jurisdiction that is not a jurisdiction id.  A negative code
 * returned by fn stops reading and is returned as is, err as fn set it.
 *
 * Ownership: as for reader.h, the row and its strings live until fn
 * returns.
 */
#ifndef GK_SCHEDULE_H
#define GK_SCHEDULE_H

#include <stddef.h>

#include "../../engine/error.h"
#include "reader.h"

/* The `due` value of a task without a deadline (长期 is accepted too). */
#define GK_SCHEDULE_ONGOING "ongoing"

int gk_schedule_read(const char *file, const char *buf, size_t len,
		     gk_row_fn fn, void *ud, gk_error *err);

/* 1 when path names a schedule file: it ends in .yaml or .yml (any
 * letter case, like gk_reader_format_of); else 0. */
int gk_schedule_is(const char *path);

#endif
