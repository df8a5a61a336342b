-- Y3 先审后发
--
-- 《银川市文化旅游广电局2021年政务公开工作要点》：严格落实“先审后发”，
-- 每条公开信息发布前进行保密审查。
--
-- 读法：已公开的信息和处罚决定，须记载保密审查人（reviewer）和审查日期
-- （reviewed_on），审查日期不得晚于公开日期。
-- 施行：2021年7月29日（印发之日）起公开的信息（clock = published_on）。
--
-- 性质：Y3 是违规（先审后发未做到：没有审查日期，或审查晚于公开）。Y3-reviewer
-- 定为提示（severity = "提示"）：要点要求的是“发布前进行保密审查”，并未规定
-- 记载审查人；审查日期在公开之前时，审查已经做了，缺的只是记录中的审查人姓名，
-- 检查人员据此只能说“记录不全、无法核实由谁审查”，不能认定违反了哪一条。
-- 没有审查日期的记录已由 Y3 作为违规报告，不会因此漏报。

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
  severity = "提示",   -- 记录不全，不是违反条款（见上文“性质”）
  effective = "2021-07-29",
  clock    = "published_on",
  kinds    = { "info", "penalty" },
  when     = { published_on = true },
  fields   = { "reviewer" },
  category = "review",
}
