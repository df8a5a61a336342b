/*
 * catalog_yaml.h - read a jurisdiction's catalog.yaml.
 *
 *   title: 公共文化服务领域基层政务公开目录
 *   items:
 *     - id: free-opening
 *       name: 公共文化机构免费开放信息
 *       elements: [机构名称, 开放时间, 机构地址, 联系电话, 临时停止开放信息]
 *       basis: 《中华人民共和国公共文化服务保障法》…
 *       workdays: 20                 # time limit from formation or change
 *       responsible: [文化和旅游行政部门, 相关公共文化服务机构]
 *       channels: [政府网站]          # channel names or their Chinese aliases
 *       audience: 全社会
 *       mode: 主动
 *       levels: [县级, 乡级]
 *
 * Every item needs id, name, elements, basis and workdays; an unknown key,
 * an unknown channel, a duplicate id or a missing time limit is an error
 * with FILE:LINE:COL.
 */
#ifndef GK_CATALOG_YAML_H
#define GK_CATALOG_YAML_H

#include "../../engine/catalog.h"
#include "../../engine/error.h"


int gk_catalog_parse(const char *name, const char *buf, size_t len,
		     gk_catalog **out, gk_error *err);

#endif
