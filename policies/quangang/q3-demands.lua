-- Q3 群众文化需求的办理
--
-- 泉港创文办〔2020〕3号 四（二）七：“对于可以直接处理的事项，要在10个工作日内
-- 处理，并将处理结果通过网站、媒体等形式向社会公布，或直接回复当事人”。
--
-- 读法：可直接办理（direct = 1）的需求，自收到日期起10个工作日内办理
-- （handled_on，Q3），处理结果也在这10个工作日内公布（published_on）或答复本人
-- （replied_on）（Q3-result，两者取较早的一个）。
-- 施行：泉港创文办〔2020〕3号于2020年4月1日印发，此后收到的需求。

deadline "Q3" {
  basis     = "泉港创文办〔2020〕3号 四（二）（可以直接处理的事项10个工作日内处理）",
  message   = "可直接办理的群众文化需求应在10个工作日内办结",
  effective = "2020-04-01",
  kinds     = "demand",
  when      = { direct = "1" },
  start     = "received_on",
  workdays  = 10,
  stop      = "handled_on",
}

deadline "Q3-result" {
  basis     = "泉港创文办〔2020〕3号 四（二）（处理结果向社会公布或直接回复当事人）",
  message   = "可直接办理的群众文化需求，处理结果应在10个工作日内公布或答复本人",
  effective = "2020-04-01",
  kinds     = "demand",
  when      = { direct = "1" },
  start     = "received_on",
  workdays  = 10,
  stop      = { "published_on", "replied_on" },
}
