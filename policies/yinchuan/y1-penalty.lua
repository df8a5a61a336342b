-- Y1 行政处罚决定的公示
--
-- 《银川市文化旅游广电局2021年政务公开工作要点》：行政处罚决定
-- 自作出之日起7个工作日内公示，按照“谁执法、谁公示”的原则由执法单位公示。
--
-- 读法：处罚决定日期（formed_on）起第7个工作日当天公示仍算按时；
-- 公示单位（publisher）必须是实施处罚的执法单位（implementer）。

deadline "Y1" {
  basis    = "《银川市文化旅游广电局2021年政务公开工作要点》（行政处罚决定7个工作日内公示）",
  message  = "行政处罚决定应自作出之日起7个工作日内公示",
  kinds    = "penalty",
  start    = "formed_on",
  workdays = 7,
  stop     = "published_on",
}

publisher "Y1-unit" {
  basis    = "《银川市文化旅游广电局2021年政务公开工作要点》（谁执法、谁公示）",
  message  = "行政处罚决定应由作出处罚的执法单位公示（谁执法、谁公示）",
  kinds    = "penalty",
  unit     = "implementer",
}
