-- Q4 群众文化活动预告
--
-- 泉港创文办〔2020〕3号 三（一）：群众文化活动项目清单向辖区群众预告，
-- 预告中要明确每项服务活动的内容、时间和地点。
--
-- 读法：目录事项 activity-notice（见 catalog.yaml）的信息，须具备活动内容、
-- 活动时间、活动地点三项要素，并按时公开。

catalog "Q4" {
  basis    = "泉港创文办〔2020〕3号 三（一）",
  message  = "群众文化活动预告应写明活动内容、时间和地点",
  kinds    = "info",
  when     = { catalog_item = true },
  start    = { "formed_on", "changed_on" },
  stop     = "published_on",
}
