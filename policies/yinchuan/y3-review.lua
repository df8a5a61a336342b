-- Y3 先审后发
--
-- 《银川市文化旅游广电局2021年政务公开工作要点》：严格落实“先审后发”，
-- 每条公开信息发布前进行保密审查。
--
-- 读法：已公开的信息和处罚决定，须记载保密审查人（reviewer）和审查日期
-- （reviewed_on），审查日期不得晚于公开日期。
-- 施行：2021年7月29日（印发之日）起公开的信息（clock = published_on）。

order "Y3" {
  basis    = "《银川市文化旅游广电局2021年政务公开工作要点》（先审后发）",
  message  = "信息应先经保密审查再公开",
  effective = "2021-07-29",
  clock    = "published_on",
  kinds    = { "info", "penalty" },
  when     = { published_on = true },
  steps    = { "reviewed_on", "published_on" },
  category = "review",
}

required "Y3-reviewer" {
  basis    = "《银川市文化旅游广电局2021年政务公开工作要点》（先审后发）",
  message  = "保密审查应记载审查人",
  effective = "2021-07-29",
  clock    = "published_on",
  kinds    = { "info", "penalty" },
  when     = { published_on = true },
  fields   = { "reviewer" },
  category = "review",
}
