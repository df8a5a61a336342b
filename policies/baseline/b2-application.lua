-- B2 依申请公开的答复时限
--
-- 《中华人民共和国政府信息公开条例》第三十三条：“行政机关不能当场答复的，应当
-- 自收到申请之日起20个工作日内予以答复；需要延长答复期限的，应当经政府信息公开
-- 工作机构负责人同意并告知申请人，延长的期限最长不得超过20个工作日。行政机关征求
-- 第三方和其他机关意见所需时间不计算在前款规定的期限内。”
-- 第三十条：“政府信息公开申请内容不明确的，行政机关应当给予指导和释明，并自收到
-- 申请之日起7个工作日内一次性告知申请人作出补正……答复期限自行政机关收到补正的
-- 申请之日起计算。”
-- 第三十二条：依申请公开的政府信息公开会损害第三方合法权益的，应当书面征求第三方
-- 的意见。
--
-- 读法：
--   * B2：自收到申请（received_on）起20个工作日内答复（replied_on）；经批准延期
--     （extended = 1）的，最多再加20个工作日。要求补正的，自收到补正的申请
--     （corrected_on）起算（两者取较晚的）。征求第三方或其他机关意见的，从发出
--     征求意见（consult_sent_on）到收到答复（consult_replied_on）之间的工作日不计；
--     尚未收到答复的，征求意见期间一直不计。
--   * B2-correction：要求补正的，应自收到申请之日起7个工作日内一次性告知
--     （correction_requested_on）。
-- 施行：2019年5月15日起收到的申请。

deadline "B2" {
  basis     = "《中华人民共和国政府信息公开条例》第三十三条、第三十条",
  message   = "依申请公开应自收到申请之日起20个工作日内答复（经批准延期的最多再延长20个工作日）",
  effective = "2019-05-15",
  kinds     = "application",
  start     = { "received_on", "corrected_on" },
  workdays  = 20,
  extension = { flag = "extended", workdays = 20 },
  pause     = { "consult_sent_on", "consult_replied_on" },
  stop      = "replied_on",
}

deadline "B2-correction" {
  basis     = "《中华人民共和国政府信息公开条例》第三十条",
  message   = "申请内容不明确的，应自收到申请之日起7个工作日内一次性告知申请人补正",
  effective = "2019-05-15",
  kinds     = "application",
  when      = { correction_requested_on = true },
  start     = "received_on",
  workdays  = 7,
  stop      = "correction_requested_on",
}
