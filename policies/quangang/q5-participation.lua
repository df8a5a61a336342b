-- Q5 群众参与的定期工作
--
-- 泉港创文办〔2020〕3号（2020年4月1日印发）四（二）、四（四）：每年至少召开一次
-- 座谈会；《公共文化服务群众需求调查表》每年度调查一次；在各级各类公共文化服务
-- 场所摆放群众文化需求征集箱，每月收集整理；每年度至少召开一次群众反馈发布会，
-- 发布会线上与线下相结合（记录的 channels 须同时有 online 与 onsite）；
-- 文化生活满意度调查随机抽取不少于500个样本（未写频次，按每年一次读）。
--
-- 读法：每个周期（年或月）内须有相应类型的 event 记录，举办日期（held_on）在该
-- 周期内且不晚于评估日才算；周期结束后才评判。记录写明是哪一期（period）但举办
-- 日期不在该期内的，不算该期完成。since 是开始报告“没有做”的周期：此前的周期若
-- 有记录但做晚了，照样报告。意见箱自印发后的第一个整月（2020-05）起算，按单位
-- 名录（units.yaml）中的每个场馆（venue: true）逐月检查，记录的 implementer 写场馆。
-- 施行：2020年4月1日。

periodic "Q5-symposium" {
  basis     = "泉港创文办〔2020〕3号 四（二）（每年至少召开一次座谈会）",
  message   = "每年至少召开一次群众文化座谈会",
  effective = "2020-04-01",
  event     = "symposium",
  every     = "year",
  since     = "2020",
}

periodic "Q5-survey" {
  basis     = "泉港创文办〔2020〕3号 四（二）（需求调查表每年度调查一次）",
  message   = "每年开展一次群众文化需求调查",
  effective = "2020-04-01",
  event     = "demand_survey",
  every     = "year",
  since     = "2020",
}

periodic "Q5-opinion-box" {
  basis     = "泉港创文办〔2020〕3号 四（二）（各级各类公共文化服务场所摆放群众文化需求征集箱，每月收集整理）",
  message   = "每个公共文化服务场所的意见箱应每月收集一次",
  effective = "2020-04-01",
  event     = "opinion_box",
  every     = "month",
  since     = "2020-05",
  per       = "venue",
}

periodic "Q5-release" {
  basis     = "泉港创文办〔2020〕3号 四（四）（每年度至少召开一次群众反馈，发布会线上与线下相结合）",
  message   = "每年至少召开一次线上与线下相结合的反馈发布会",
  effective = "2020-04-01",
  event     = "release_meeting",
  every     = "year",
  since     = "2020",
  channels  = { "online", "onsite" },
}

periodic "Q5-satisfaction" {
  basis       = "泉港创文办〔2020〕3号 四（四）（满意度调查随机抽取不少于500个样本）",
  message     = "每年开展满意度调查，样本不少于500个",
  effective   = "2020-04-01",
  event       = "satisfaction_survey",
  every       = "year",
  since       = "2020",
  min_samples = 500,
}
