-- Q2 依申请公开办理流程
--
-- 泉港文综〔2020〕24号 一、4：“规范政府信息公开申请办理工作，加强依申请公开的
-- ‘全流程管理’，完善登记、审核、办理、答复、送达、归档各环节工作制度”。
--
-- 读法：登记（registered_on）、审核（examined_on）、办理（handled_on）、答复
-- （replied_on）、送达（delivered_on）、归档（archived_on）六个环节按此顺序进行：
-- 后一环节的日期不得早于前一环节；某环节没有记载而其后的环节已有记载的，即跳过了
-- 该环节。尚未进行到的环节不评判。公开属性源头认定见 B4，答复时限见 B2。
-- 施行：2020年7月15日（印发之日）起登记的申请。

order "Q2" {
  basis     = "泉港文综〔2020〕24号 一、4（完善登记、审核、办理、答复、送达、归档各环节）",
  message   = "依申请公开应按登记、审核、办理、答复、送达、归档的顺序办理",
  effective = "2020-07-15",
  kinds     = "application",
  steps     = { "registered_on", "examined_on", "handled_on", "replied_on",
                "delivered_on", "archived_on" },
}
