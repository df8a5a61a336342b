-- Q1 工作任务按进度完成
--
-- 泉港文综〔2020〕24号 附件1《任务分工及进度安排》：18项任务各有责任股室、
-- 指导单位和完成时间（见同目录 tasks.yaml，可用 gongkai import 导入）。
--
-- 读法：有完成时间（due_on）的任务，完成日期（completed_on）不得晚于完成时间；
-- 过了完成时间仍未完成也是违规。“长期”任务没有完成时间，不评判。
-- 施行：泉港文综〔2020〕24号于2020年7月15日印发。

deadline "Q1" {
  basis    = "泉港文综〔2020〕24号 附件1《任务分工及进度安排》",
  message  = "工作任务应在完成时间前完成",
  effective = "2020-07-15",
  kinds    = "task",
  when     = { due_on = true },
  start    = "due_on",
  workdays = 0,
  stop     = "completed_on",
}
