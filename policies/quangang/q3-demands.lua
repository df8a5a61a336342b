-- Q3 群众文化需求的办理
--
-- 泉港创文办〔2020〕3号：对群众提出的文化需求，能直接办理的，在10个工作日内
-- 办结，并将办理结果公开或答复本人。
--
-- 读法：可直接办理（direct = 1）的需求，自收到日期起10个工作日内办理
-- （handled_on）；办理后须有公开日期或答复日期之一。

deadline "Q3" {
  basis    = "泉港创文办〔2020〕3号《泉州市泉港区深化公共文化群众参与性治理的实施方案》",
  message  = "可直接办理的群众文化需求应在10个工作日内办结",
  kinds    = "demand",
  when     = { direct = "1" },
  start    = "received_on",
  workdays = 10,
  stop     = "handled_on",
}

required "Q3-result" {
  basis    = "泉港创文办〔2020〕3号《泉州市泉港区深化公共文化群众参与性治理的实施方案》",
  message  = "群众文化需求办结后，办理结果应公开或答复本人",
  kinds    = "demand",
  when     = { direct = "1", handled_on = true },
  fields   = { "published_on", "replied_on" },
  any      = true,
}
