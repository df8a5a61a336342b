/*
 * units_yaml.h - read a jurisdiction's unit directory, units.yaml.
 *
 *   name: 泽州县                      # the jurisdiction's own name
 *   units:
 *     - { name: 泽州县文化和旅游局, type: 行政部门 }
 *     - { name: 泽州县图书馆, type: 公共文化服务机构, venue: true,
 *         aliases: [县图书馆] }
 *
 * name and units are required; each unit needs name and type (行政部门,
 * 执法机构, 公共文化服务机构, 乡镇 or 其他).  An unknown key or type, or a
 * name (or alias) given twice, is an error with FILE:LINE:COL.
 */
#ifndef GK_UNITS_YAML_H
#define GK_UNITS_YAML_H

#include "../../engine/error.h"
#include "../../engine/units.h"


int gk_units_parse(const char *name, const char *buf, size_t len, gk_units **out,
		   gk_error *err);

#endif
