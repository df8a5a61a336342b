/*
 * waivers_yaml.h - read the policy set's waivers.yaml:
 *
 *   waivers:
 *     - record: ZZ-2021-000007        # and/or rule: B1, jurisdiction: zezhou
 *       rule: B1
 *       reason: 系统迁移期间无法发布，经局务会同意延后
 *       approver: 张三（办公室主任）
 *       start: 2021-06-01
 *       expiry: 2021-12-31           # no longer in force from this day
 *
 * A missing file is no waivers.  Errors: FILE:LINE:COL.
 */
#ifndef GK_WAIVERS_YAML_H
#define GK_WAIVERS_YAML_H

#include "../../engine/waiver.h"
#include "source.h"

#define GK_WAIVERS_FILE "waivers.yaml"

int gk_waivers_load(gk_source *src, gk_waivers **out, gk_error *err);

#endif
