-- Q5 群众参与的定期工作
--
-- 泉港创文办〔2020〕3号（2020年4月1日印发）要求：每年至少召开一次座谈会；
-- 每年开展一次群众文化需求调查；意见箱每月收集一次；每年至少召开一次
-- 反馈发布会；开展满意度调查，样本不少于500个（未写频次，按每年一次读）。
--
-- 读法：每个周期（年或月）内须有相应类型的 event 记录；周期结束后才评判。
-- 意见箱自印发后的第一个整月（2020-05）起算。

periodic "Q5-symposium" {
  basis    = "泉港创文办〔2020〕3号（每年至少召开一次座谈会）",
  message  = "每年至少召开一次群众文化座谈会",
  event    = "symposium",
  every    = "year",
  since    = "2020",
}

periodic "Q5-survey" {
  basis    = "泉港创文办〔2020〕3号（每年开展一次需求调查）",
  message  = "每年开展一次群众文化需求调查",
  event    = "demand_survey",
  every    = "year",
  since    = "2020",
}

periodic "Q5-opinion-box" {
  basis    = "泉港创文办〔2020〕3号（意见箱每月收集）",
  message  = "意见箱应每月收集一次",
  event    = "opinion_box",
  every    = "month",
  since    = "2020-05",
}

periodic "Q5-release" {
  basis    = "泉港创文办〔2020〕3号（每年至少召开一次反馈发布会）",
  message  = "每年至少召开一次反馈发布会",
  event    = "release_meeting",
  every    = "year",
  since    = "2020",
}

periodic "Q5-satisfaction" {
  basis       = "泉港创文办〔2020〕3号（满意度调查样本不少于500个）",
  message     = "每年开展满意度调查，样本不少于500个",
  event       = "satisfaction_survey",
  every       = "year",
  since       = "2020",
  min_samples = 500,
}
