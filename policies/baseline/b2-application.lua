-- B2 依申请公开的答复时限
--
-- 《中华人民共和国政府信息公开条例》第三十三条：
-- “行政机关不能当场答复的，应当自收到申请之日起20个工作日内予以答复；
-- 需要延长答复期限的，应当经政府信息公开工作机构负责人同意并告知申请人，
-- 延长的期限最长不得超过20个工作日。”
--
-- 读法：收到申请（received_on）后20个工作日内答复（replied_on）；
-- 经批准延期（extended = 1）的，最多再加20个工作日。

deadline "B2" {
  basis     = "《中华人民共和国政府信息公开条例》第三十三条",
  message   = "依申请公开应自收到申请之日起20个工作日内答复（经批准延期的最多再延长20个工作日）",
  kinds     = "application",
  start     = "received_on",
  workdays  = 20,
  extension = { flag = "extended", workdays = 20 },
  stop      = "replied_on",
}
