-- Q4 群众文化活动预告
--
-- 泉港创文办〔2020〕3号 四（一）：各级各类公共文化服务机构将群众文化活动项目
-- 清单“通过张贴海报以及在网站、微信公众号设立专栏等多种方式向辖区内群众预告。
-- 预告中要明确每项服务活动的内容、时间和地点”。
--
-- 读法：目录事项 activity-notice（见 catalog.yaml）的信息，须具备活动内容、
-- 活动时间、活动地点三项要素，至少在方案所列渠道之一（公告栏、政府网站、微信）
-- 预告，并按时公开。方案没有自己的公开时限，时限即条例第二十六条的20个工作日，
-- 因此本规则重述 B1（restates）：同一条预告逾期只出一条发现，依据同时列出两者。
-- Q4-advance：预告是活动之前的告知，公开日期（published_on）须早于活动日期
-- （activity_on）；活动当天才公开、活动之后公开、活动已举行仍未公开，都不是预告。
-- 施行：2020年4月1日（印发之日）。

catalog "Q4" {
  basis     = "泉港创文办〔2020〕3号 四（一）",
  message   = "群众文化活动预告应写明活动内容、时间和地点，在方案所列渠道按时预告",
  effective = "2020-04-01",
  restates  = "B1",
  kinds     = "info",
  when      = { catalog_item = true },
  start     = { "formed_on", "changed_on" },
  stop      = "published_on",
}

order "Q4-advance" {
  basis     = "泉港创文办〔2020〕3号 四（一）（向辖区内群众预告）",
  message   = "群众文化活动应在活动举行之前预告",
  effective = "2020-04-01",
  kinds     = "info",
  when      = { catalog_item = "activity-notice" },
  steps     = { "published_on", "activity_on" },
  strict    = true,
  category  = "deadline",
}
