-- S4 答复告知救济途径
--
-- 中山市工作方案：依申请公开的答复应告知申请人依法申请行政复议、提起行政
-- 诉讼的权利及期限。
--
-- 读法：已答复（有 replied_on）的申请，remedy_notice 必须为 1。
-- 这条规则用 Lua 写成，示范一般规则的写法。

rule "S4" {
  basis    = "中山市公共文化领域社会公益事业建设领域政府信息公开工作方案；《中华人民共和国政府信息公开条例》第三十六条",
  message  = "答复应告知申请人申请行政复议、提起行政诉讼的权利和期限",
  kinds    = "application",
  category = "completeness",
  reads    = { "replied_on", "remedy_notice" },
  check    = function(r)
    if r.replied_on and r.remedy_notice ~= 1 then
      return "答复（" .. r.replied_on .. "）未告知申请人申请行政复议、提起行政诉讼的权利和期限"
    end
  end,
}
