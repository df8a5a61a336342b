-- Q2 依申请公开办理流程
--
-- 泉港文综〔2020〕24号：规范依申请公开办理工作，申请经登记、审核、办理、
-- 答复、送达、归档各环节，按顺序进行。记录格式只有收到日期（received_on）
-- 和答复日期（replied_on）两个环节的日期，因此检查这两个环节都有记载且
-- 顺序正确（答复不早于收到）。公开属性源头认定见 B4。

order "Q2" {
  basis    = "泉港文综〔2020〕24号（规范依申请公开办理工作）",
  message  = "依申请公开应先登记收到、后答复",
  kinds    = "application",
  when     = { replied_on = true },
  steps    = { "received_on", "replied_on" },
}
