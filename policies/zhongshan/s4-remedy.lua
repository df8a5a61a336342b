-- S4 答复告知救济途径
--
-- 中山市工作方案：依申请公开的答复应告知申请人依法申请行政复议、提起行政
-- 诉讼的权利及期限。
--
-- 读法：已答复（有 replied_on）的申请，remedy_notice 必须为 1。
-- 这条规则用 Lua 写成，示范一般规则的写法。
-- 施行日期：工作方案原文没有落款日期。它落实粤办函〔2018〕225号，并把2017年当作
-- “去年”（“去年共发布微信推送消息303条”“2017年文广新局局长……参加了”），可知
-- 印发于2018年；取2019年1月1日——可以确定方案已经施行的最早日期——作为施行日期。
-- 查到正式印发日期后，请改为该日期（四个 S 规则一起改）。

rule "S4" {
  basis    = "中山市公共文化领域社会公益事业建设领域政府信息公开工作方案；《中华人民共和国政府信息公开条例》第三十六条",
  message  = "答复应告知申请人申请行政复议、提起行政诉讼的权利和期限",
  effective = "2019-01-01",
  clock    = "replied_on",
  kinds    = "application",
  category = "completeness",
  reads    = { "replied_on", "remedy_notice" },
  check    = function(r)
    if r.replied_on and r.remedy_notice ~= 1 then
      return "答复（" .. r.replied_on .. "）未告知申请人申请行政复议、提起行政诉讼的权利和期限"
    end
  end,
}
