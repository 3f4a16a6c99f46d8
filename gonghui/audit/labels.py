"""Human-readable labels for audit events: action names, target types, changed fields and extra data.

``ACTION_LABELS`` covers every action string written by the code base (a test greps for them); an unknown
action falls back to its raw string, so an event is always shown.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Field, Model
from django.utils import formats, timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

ACTION_LABELS: dict[str, Promise] = {
    # accounts
    "accounts.staff_create": _("开设工作人员账户"),
    "accounts.worker_register": _("职工注册账户"),
    "accounts.phone_reveal": _("查看完整手机号码"),
    "accounts.password_change": _("修改密码"),
    "accounts.totp_enrol": _("绑定身份验证器"),
    # authz
    "authz.role_sync": _("同步预置角色"),
    "authz.role_save": _("保存角色定义"),
    "authz.grant_create": _("授予角色"),
    "authz.grant_revoke": _("收回角色"),
    "authz.grant_bootstrap": _("初始授权"),
    # orgs
    "orgs.unit_create": _("新建组织"),
    "orgs.unit_update": _("修改组织信息"),
    "orgs.unit_rename": _("组织更名"),
    "orgs.unit_move": _("迁移组织"),
    "orgs.unit_merge": _("合并组织（并出）"),
    "orgs.unit_absorb": _("合并组织（并入）"),
    "orgs.unit_dissolve": _("撤销组织"),
    "orgs.employer_create": _("新增用人单位"),
    "orgs.employer_update": _("修改用人单位"),
    # policy
    "policy.policy_set": _("设置政策参数"),
    "policy.policy_seed": _("补录既有政策参数"),
    # review: process definitions
    "review.process_save": _("保存审核流程"),
    "review.step_save": _("保存审核步骤"),
    "review.step_delete": _("删除审核步骤"),
    "review.objection_resolve": _("处理公示异议"),
    # review: case transitions (``review.case_<EventAction>``)
    "review.case_submit": _("提交审核"),
    "review.case_approve": _("审核通过"),
    "review.case_return": _("退回修改"),
    "review.case_reject": _("驳回"),
    "review.case_resubmit": _("重新提交"),
    "review.case_withdraw": _("撤回申请"),
    "review.case_publicity_start": _("开始公示"),
    "review.case_publicity_close": _("结束公示"),
    "review.case_objection": _("收到公示异议"),
    "review.case_objection_resolve": _("处理公示异议（流转）"),
    # workdays
    "workdays.day_set": _("设置工作日历日期"),
    "workdays.day_clear": _("清除工作日历日期"),
    "workdays.calendar_seed": _("导入法定节假日安排"),
    # members
    "members.member_create": _("新增会员"),
    "members.member_rejoin": _("会员重新入会"),
    "members.member_update": _("修改会员信息"),
    "members.member_set_status": _("变更会员状态"),
    "members.member_unflag": _("取消疑似失联标记"),
    "members.flag_inactive": _("标记疑似失联会员"),
    "members.id_reveal": _("查看完整证件号码"),
    "members.import_upload": _("上传会员导入文件"),
    "members.import_confirm": _("确认导入会员"),
    "members.import_cancel": _("取消会员导入"),
    "members.import_failed_rows": _("下载导入失败的行"),
    "members.import_recheck": _("重新校验会员导入文件"),
    "members.import_worker_lost": _("会员导入的后台进程失去响应"),
    "members.import_file_purged": _("按保存期限删除会员导入文件"),
    "members.import_orphans_purged": _("删除无主的会员导入文件"),
    "members.import_batch": _("导入一批会员"),
    "members.export": _("导出会员名册"),
    "members.stats_export": _("导出会员统计"),
    "members.join_apply": _("提交入会申请"),
    "members.join_decide": _("入会申请审批结果"),
    "members.join_edit": _("修改并重新提交入会申请"),
    "members.gig_route_save": _("设置新就业形态入会路由"),
    "members.gig_route_deactivate": _("停用新就业形态入会路由"),
    "members.card_issue": _("发放会员卡"),
    "members.card_revoke": _("注销会员卡"),
    "members.transfer_request": _("申请组织关系接转"),
    "members.transfer_release": _("原工会同意转出"),
    "members.transfer_accept": _("新工会接收转入"),
    "members.transfer_reject": _("拒绝组织关系接转"),
    "members.transfer_cancel": _("撤销组织关系接转"),
    "members.merge_follow": _("会员随组织合并转入"),
    # finance
    "finance.ledger_open": _("建账"),
    "finance.account_create": _("新增会计科目"),
    "finance.account_update": _("修改会计科目"),
    "finance.period_close": _("期末结账"),
    "finance.year_close_prepare": _("生成年度结转凭证"),
    "finance.voucher_create": _("填制凭证"),
    "finance.voucher_update": _("修改凭证"),
    "finance.voucher_submit": _("提交凭证审核"),
    "finance.voucher_return": _("退回凭证"),
    "finance.voucher_approve": _("审核凭证"),
    "finance.voucher_post": _("凭证记账"),
    "finance.voucher_void": _("作废凭证"),
    "finance.voucher_reverse": _("填制冲销凭证"),
    "attachments.add": _("上传附件"),
    "attachments.open": _("查看敏感附件"),
    "attachments.remove": _("移除附件"),
    "attachments.purge": _("清除已移除附件的文件"),
    "finance.attachment_add": _("上传凭证附件"),
    "finance.attachment_open": _("查看凭证附件"),
    "finance.payment_request": _("提交支付申请"),
    "finance.payment_approve": _("审批通过支付申请"),
    "finance.payment_reject": _("驳回支付申请"),
    "finance.payment_record": _("登记付款"),
    "finance.payment_reveal_account": _("查看完整收款账号"),
    # finance (ledger)
    "finance.report_export": _("导出财务报表"),
    # finance (allocation)
    "finance.allocation_declare": _("登记拨缴经费申报"),
    "finance.allocation_redeclare": _("更正拨缴经费申报"),
    "finance.allocation_receipt_record": _("登记拨缴经费到账"),
    "finance.allocation_receipt_confirm": _("确认拨缴经费到账并分成入账"),
    "finance.allocation_receipt_cancel": _("撤销拨缴经费到账"),
    "finance.late_charge_record": _("登记滞纳金收取或减免"),
    "finance.late_charge_confirm": _("确认滞纳金收取或减免"),
    "finance.late_charge_cancel": _("撤销滞纳金收取或减免"),
    "finance.bank_statement_upload": _("导入银行流水"),
    "finance.bank_line_dismiss": _("忽略银行流水行"),
    # finance (dues)
    "finance.dues_wage_set": _("申报会费基数"),
    "finance.dues_record": _("登记会费收缴"),
    "finance.dues_confirm": _("确认会费收缴并入账"),
    "finance.dues_cancel": _("撤销会费收缴"),
    # finance (budgets)
    "finance.budget_create": _("编制年度预算"),
    "finance.budget_lines_save": _("修改预算明细"),
    "finance.budget_submit": _("提交预算审批"),
    "finance.budget_outcome": _("预算审批结果"),
    "finance.budget_revise": _("调整已批复预算"),
    "finance.budget_export": _("导出预算执行表"),
    # finance (audits)
    "finance.audit_plan": _("经审立项"),
    "finance.audit_transition": _("经审项目状态变更"),
    "finance.audit_paper_add": _("添加审计工作底稿"),
    "finance.audit_file_add": _("上传经审附件"),
    "finance.audit_file_open": _("查看经审附件"),
    "finance.finding_record": _("记录审计发现问题"),
    "finance.rectification_issue": _("下达整改通知"),
    "finance.rectification_reply": _("回复整改通知"),
    "finance.rectification_accept": _("验收整改"),
    "finance.rectification_return": _("退回重新整改"),
    "finance.rectification_escalate": _("逾期整改上报"),
    "finance.audit_report_export": _("导出审计报告"),
    # hardship assistance (困难职工帮扶)
    "assistance.hardship_create": _("填写困难帮扶申请"),
    "assistance.hardship_update": _("修改困难帮扶申请"),
    "assistance.hardship_submit": _("提交困难帮扶申请"),
    "assistance.hardship_visit": _("记录入户调查"),
    "assistance.hardship_send": _("困难帮扶申请送审"),
    "assistance.hardship_return": _("困难帮扶申请退回补充"),
    "assistance.hardship_resubmit": _("困难帮扶申请重新送审"),
    "assistance.hardship_approve": _("困难帮扶申请批准"),
    "assistance.hardship_reject": _("困难帮扶申请不予批准"),
    "assistance.hardship_withdraw": _("撤回困难帮扶申请"),
    "assistance.hardship_reveal": _("查看困难家庭详情"),
    "assistance.hardship_export": _("导出困难帮扶名单"),
    "assistance.hardship_stats_export": _("导出困难帮扶统计"),
    "assistance.file_open": _("建立困难职工档案"),
    "assistance.file_move": _("困难职工档案随会员转移"),
    "assistance.file_income_check": _("记录困难家庭收入核查"),
    "assistance.file_close": _("困难职工档案退出"),
    "assistance.support_plan": _("安排帮扶项目"),
    "assistance.support_pay": _("申请支付帮扶资金"),
    "assistance.support_deliver": _("发放帮扶"),
    "assistance.support_cancel": _("取消帮扶项目"),
    "assistance.review_open": _("开启年审"),
    "assistance.review_remind": _("年审超期提醒"),
    "assistance.review_complete": _("完成年审"),
    # congress (workers' congresses, sessions, proposals)
    "congress.congress_create": _("建立职工代表大会"),
    "congress.term_create": _("登记职代会届次"),
    "congress.section_add": _("添加职代会选区"),
    "congress.representative_elect": _("登记职工代表"),
    "congress.representative_end": _("终止职工代表资格"),
    "congress.representatives_export": _("导出职工代表名单"),
    "congress.session_create": _("筹备职代会会议"),
    "congress.item_add": _("添加职代会议题"),
    "congress.session_open": _("职代会开幕"),
    "congress.session_close": _("职代会闭会"),
    "congress.session_publish": _("公布职代会纪要和决议"),
    "congress.attendance_sign": _("职代会代表签到"),
    "congress.item_open": _("开始表决"),
    "congress.vote_cast": _("代表投票"),
    "congress.item_close": _("结束表决并计票"),
    "congress.proposal_draft": _("起草职代会提案"),
    "congress.proposal_update": _("修改职代会提案"),
    "congress.proposal_invite": _("邀请附议职代会提案"),
    "congress.proposal_second": _("附议职代会提案"),
    "congress.proposal_submit": _("提交职代会提案"),
    "congress.proposal_decide": _("审查职代会提案"),
    "congress.proposal_answer": _("登记职代会提案答复"),
    "congress.proposal_rate": _("评价职代会提案办理结果"),
    "congress.proposals_export": _("导出职代会提案"),
    # assistance (critical-illness relief)
    "assistance.relief_create": _("建立大病救助申请"),
    "assistance.relief_export": _("导出大病救助名单"),
    "assistance.relief_update": _("修改大病救助申请"),
    "assistance.relief_invoice_add": _("添加大病救助医疗票据"),
    "assistance.relief_invoice_remove": _("删除大病救助医疗票据"),
    "assistance.relief_submit": _("提交大病救助申请"),
    "assistance.relief_resubmit": _("重新提交大病救助申请"),
    "assistance.relief_withdraw": _("撤回大病救助申请"),
    "assistance.relief_decide": _("大病救助审批结果"),
    "assistance.relief_pay": _("申请支付大病救助金"),
    "assistance.relief_reveal": _("查看大病救助病情与票据明细"),
    # recuperation (trips and bookings)
    "recuperation.sanatorium_create": _("登记疗休养基地"),
    "recuperation.trip_create": _("建立疗休养线路"),
    "recuperation.trip_update": _("修改疗休养线路"),
    "recuperation.trip_publish": _("发布疗休养线路"),
    "recuperation.trip_cancel": _("取消疗休养线路"),
    "recuperation.trip_close": _("办结疗休养线路"),
    "recuperation.quota_allot": _("分配疗休养名额"),
    "recuperation.quota_hand_back": _("退回疗休养名额"),
    "recuperation.booking_create": _("代职工预订疗休养"),
    "recuperation.booking_cancel": _("取消疗休养预订"),
    "recuperation.booking_promote": _("疗休养候补转为预订"),
    "recuperation.booking_export": _("导出疗休养预订名单"),
    # assistance (campaigns)
    "assistance.campaign_create": _("建立帮扶活动"),
    "assistance.campaign_update": _("修改帮扶活动"),
    "assistance.campaign_open": _("启动帮扶活动"),
    "assistance.campaign_close": _("结束帮扶活动"),
    "assistance.campaign_cancel": _("取消帮扶活动"),
    "assistance.campaign_allot": _("分配帮扶活动名额"),
    "assistance.campaign_recipient_add": _("列入帮扶活动对象"),
    "assistance.campaign_recipient_remove": _("移出帮扶活动对象"),
    "assistance.campaign_deliver": _("登记帮扶活动发放"),
    "assistance.campaign_pay": _("申请支付帮扶活动慰问金"),
    "assistance.campaign_export": _("导出帮扶活动进度"),
    # mutual aid (plans)
    "mutual_aid.plan_create": _("建立互助保障计划"),
    "mutual_aid.plan_update": _("修改互助保障计划"),
    "mutual_aid.plan_publish": _("发布互助保障计划"),
    "mutual_aid.plan_close": _("结束互助保障计划"),
    "mutual_aid.rule_set": _("设置互助保障给付规则"),
    "mutual_aid.rule_remove": _("删除互助保障给付规则"),
    "mutual_aid.version_create": _("新建互助保障规则版本"),
    "mutual_aid.version_publish": _("发布互助保障规则版本"),
    "mutual_aid.version_delete": _("删除互助保障规则版本"),
    # mutual aid (enrolment)
    "mutual_aid.enrolment_create": _("生成互助保障参保名单"),
    "mutual_aid.enrolment_refresh": _("按名册更新互助保障参保名单"),
    "mutual_aid.enrolment_exclude": _("将会员排除在互助保障参保名单之外"),
    "mutual_aid.enrolment_include": _("将会员恢复到互助保障参保名单"),
    "mutual_aid.enrolment_submit": _("提交互助保障参保名单"),
    "mutual_aid.enrolment_resubmit": _("重新提交互助保障参保名单"),
    "mutual_aid.enrolment_cancel": _("撤销互助保障参保名单"),
    "mutual_aid.enrolment_decide": _("互助保障参保名单审核结果"),
    "mutual_aid.enrolment_pay": _("申请支付互助保障会费"),
    "mutual_aid.enrolment_fee": _("登记互助保障会费到账"),
    "mutual_aid.enrolment_export": _("导出互助保障参保名单"),
    "mutual_aid.correction_create": _("生成互助保障月度调整"),
    "mutual_aid.correction_import": _("导入互助保障月度调整"),
    "mutual_aid.correction_confirm": _("确认互助保障月度调整"),
    "mutual_aid.correction_fee": _("登记互助保障补缴会费到账"),
    "mutual_aid.correction_cancel": _("撤销互助保障月度调整"),
    # mutual aid (claims)
    "mutual_aid.claim_create": _("建立互助保障给付申请"),
    "mutual_aid.claim_update": _("修改互助保障给付申请"),
    "mutual_aid.claim_invoice_add": _("添加互助保障给付票据"),
    "mutual_aid.claim_invoice_remove": _("删除互助保障给付票据"),
    "mutual_aid.claim_submit": _("提交互助保障给付申请"),
    "mutual_aid.claim_resubmit": _("重新提交互助保障给付申请"),
    "mutual_aid.claim_withdraw": _("撤回互助保障给付申请"),
    "mutual_aid.claim_decide": _("互助保障给付审核结果"),
    "mutual_aid.claim_pay": _("申请支付互助保障给付金"),
    "mutual_aid.claim_reveal": _("查看互助保障病种与票据明细"),
    "mutual_aid.claim_appeal": _("提出互助保障给付申诉"),
    "mutual_aid.appeal_decide": _("复核互助保障给付申诉"),
    "mutual_aid.claim_export": _("导出互助保障给付名单"),
    "mutual_aid.claim_batch": _("批量上报互助保障给付申请"),
    # honours (the register of model workers and craftsmen)
    "honors.honoree_add": _("登记劳模工匠"),
    "honors.honoree_revoke": _("撤销劳模工匠荣誉"),
    "honors.honoree_import": _("导入劳模工匠名录"),
    "honors.honoree_export": _("导出劳模工匠名录"),
    "honors.campaign_create": _("建立劳模工匠评选"),
    "honors.campaign_award": _("授予评选荣誉"),
    "honors.quota_allot": _("分配评选推荐名额"),
    "honors.quota_hand_back": _("退回评选推荐名额"),
    "honors.nomination_create": _("推荐劳模工匠人选"),
    "honors.nomination_update": _("修改推荐材料"),
    "honors.nomination_submit": _("提交劳模工匠推荐"),
    "honors.nomination_withdraw": _("撤回劳模工匠推荐"),
    "honors.nomination_decide": _("劳模工匠推荐审核结果"),
    "honors.nomination_export": _("导出评选推荐名单"),
    "honors.benefit_plan": _("生成年度劳模待遇计划"),
    "honors.benefit_allowance_add": _("登记困难劳模帮扶补助"),
    "honors.benefit_done": _("落实劳模待遇"),
    "honors.benefit_cancel": _("取消劳模待遇项目"),
    "honors.benefit_pay": _("申请支付困难劳模帮扶补助"),
    "honors.studio_apply": _("申报创新工作室"),
    "honors.studio_resubmit": _("重新提交创新工作室申报"),
    "honors.studio_decide": _("创新工作室审核结果"),
    "honors.studio_grant": _("申请支付创新工作室补助"),
    "honors.studio_evaluate": _("创新工作室年度考核"),
    "honors.studio_revoke": _("撤销创新工作室命名"),
    "honors.studio_result_add": _("登记创新工作室成果"),
    "honors.apprenticeship_add": _("登记名师带徒结对"),
    "honors.apprenticeship_progress": _("记录带徒进展"),
    "honors.studio_export": _("导出创新工作室"),
    "honors.praise_post": _("发布点赞"),
    "honors.praise_publish": _("审核发布点赞"),
    "honors.praise_reject": _("点赞不予发布"),
    "honors.praise_hide": _("下架点赞"),
    "honors.praise_feature": _("设置精选点赞"),
    "honors.praise_report": _("举报点赞"),
    "honors.praise_report_dismiss": _("不予处理点赞举报"),
    "honors.stats_export": _("导出劳模工匠统计"),
    # recuperation (model workers' check-ups)
    "recuperation.hospital_create": _("登记体检医院"),
    "recuperation.checkup_book": _("预约劳模体检"),
    "recuperation.checkup_book_all": _("统一预约劳模体检"),
    "recuperation.checkup_change_request": _("劳模申请改约体检"),
    "recuperation.checkup_reschedule": _("调整劳模体检日期"),
    "recuperation.checkup_cancel": _("取消劳模体检预约"),
    "recuperation.checkup_results": _("登记劳模体检结果"),
    "recuperation.checkup_follow_up": _("登记体检异常复查情况"),
    "recuperation.checkup_reveal": _("查看劳模体检结果"),
    # recuperation (the sanatorium side)
    "recuperation.check_in": _("疗休养报到"),
    "recuperation.roll": _("疗休养每日点名"),
    "recuperation.incident_record": _("登记疗休养突发情况"),
    "recuperation.incident_update": _("更新疗休养突发情况处置"),
    "recuperation.trip_finish": _("结束疗休养线路"),
    "recuperation.feedback": _("提交疗休养满意度评价"),
    # congress (rational suggestions, board seats, openness of affairs, statistics)
    "congress.suggestion_create": _("提交合理化建议"),
    "congress.suggestion_withdraw": _("撤回合理化建议"),
    "congress.suggestion_review": _("合理化建议转入评审"),
    "congress.suggestion_decide": _("合理化建议评审结果"),
    "congress.suggestion_implement": _("登记合理化建议实施情况"),
    "congress.suggestion_reward": _("核定合理化建议奖励并申请支付"),
    "congress.suggestion_export": _("导出合理化建议"),
    "congress.seat_create": _("登记职工董事监事"),
    "congress.seat_report": _("登记职工董事监事述职"),
    "congress.seat_end": _("职工董事监事提前终止任职"),
    "congress.seat_remind": _("职工董事监事任期届满提醒"),
    "congress.disclosure_create": _("建立厂务公开事项"),
    "congress.disclosure_publish": _("公开厂务公开事项"),
    "congress.disclosure_withdraw": _("撤下厂务公开事项"),
    "congress.disclosure_ask": _("职工就厂务公开提出问询"),
    "congress.disclosure_answer": _("答复厂务公开问询"),
    "congress.disclosure_escalate": _("厂务公开问询逾期督办"),
    "congress.stats_export": _("导出民主管理统计"),
    # legal_aid (legal aid cases, lawyers, labour-law supervision, statistics)
    "legal_aid.case_apply": _("申请法律援助"),
    "legal_aid.case_withdraw": _("撤回法律援助申请"),
    "legal_aid.case_decide": _("作出法律援助审查决定"),
    "legal_aid.case_assign": _("指派法律援助律师"),
    "legal_aid.case_progress": _("登记法律援助案件进展"),
    "legal_aid.case_close": _("法律援助案件结案"),
    "legal_aid.case_rate": _("评价法律援助"),
    "legal_aid.case_fee": _("申请支付法律援助律师费"),
    "legal_aid.cases_export": _("导出法律援助案件"),
    "legal_aid.lawyer_add": _("援助律师加入名册"),
    "legal_aid.lawyer_update": _("修改援助律师信息"),
    "legal_aid.notice_issue": _("发出劳动法律监督意见书"),
    "legal_aid.notice_reply": _("登记监督意见书单位回复"),
    "legal_aid.notice_follow_up": _("跟踪督促监督意见书"),
    "legal_aid.notice_refer": _("提请处理监督意见书事项"),
    "legal_aid.notice_close": _("监督意见书结案"),
    "legal_aid.notices_export": _("导出劳动法律监督意见书"),
    "legal_aid.stats_export": _("导出法律维权统计"),
    # contests: skill and teaching contests (``contests/competitions``)
    "contests.contest_create": _("建立技能或教学竞赛"),
    "contests.entry_register": _("报送竞赛选手"),
    "contests.judge_assign": _("安排竞赛评委"),
    "contests.stage_open": _("竞赛赛段开始评分"),
    "contests.timing_record": _("登记竞赛用时"),
    "contests.score_submit": _("评委提交评分"),
    "contests.stage_close": _("竞赛赛段结束并计算名次"),
    "contests.results_publish": _("公布竞赛结果"),
    "contests.competition_stats_export": _("导出竞赛参赛统计"),
    "legal_aid.request_submit": _("职工提交诉求"),
    "legal_aid.request_answer": _("答复职工诉求"),
    "legal_aid.request_transfer": _("转办职工诉求"),
    "legal_aid.request_rate": _("职工评价诉求答复"),
    "legal_aid.request_escalate": _("职工诉求逾期督办"),
    "legal_aid.request_category_save": _("保存职工诉求类别"),
    "legal_aid.requests_export": _("导出职工诉求"),
    "legal_aid.requests_stats_export": _("导出职工诉求统计"),
    "bargaining.case_request": _("登记平等协商要约"),
    "bargaining.case_reply": _("登记协商要约的书面回应"),
    "bargaining.negotiator_add": _("添加协商代表"),
    "bargaining.negotiator_remove": _("移除协商代表"),
    "bargaining.case_open": _("开始平等协商"),
    "bargaining.session_record": _("登记协商会议纪要"),
    "bargaining.subject_set": _("登记协商事项"),
    "bargaining.case_draft": _("形成集体合同草案"),
    "bargaining.case_vote": _("登记集体合同草案表决结果"),
    "bargaining.case_sign": _("登记集体合同签订"),
    "bargaining.coverage_add": _("添加集体合同覆盖企业"),
    "bargaining.coverage_remove": _("移除集体合同覆盖企业"),
    "bargaining.agreement_file": _("登记集体合同报送审查"),
    "bargaining.agreement_objection": _("登记集体合同审查异议"),
    "bargaining.agreement_publish": _("登记集体合同向职工公布"),
    "bargaining.cases_export": _("导出平等协商案件"),
    "bargaining.agreements_export": _("导出集体合同"),
    "bargaining.stats_export": _("导出平等协商统计"),
    # contests (knowledge quizzes)
    "contests.quiz_category_create": _("新建题目分类"),
    "contests.question_create": _("新增竞赛题目"),
    "contests.question_update": _("启用或停用竞赛题目"),
    "contests.question_import": _("导入竞赛题库"),
    "contests.quiz_create": _("新建知识竞赛"),
    "contests.quiz_publish": _("发布知识竞赛"),
    "contests.quiz_close": _("结束知识竞赛"),
    "contests.quiz_attempt_start": _("开始知识竞赛答题"),
    "contests.quiz_attempt_submit": _("知识竞赛交卷"),
    "contests.quiz_attempt_expire": _("知识竞赛答题超时"),
    # contests (skill training, statistics)
    "contests.course_create": _("新建培训课程"),
    "contests.course_session_add": _("添加培训课次"),
    "contests.course_open": _("培训课程开放报名"),
    "contests.course_cancel": _("取消培训课程"),
    "contests.course_enrol": _("报名培训课程"),
    "contests.course_enrol_cancel": _("退出培训课程"),
    "contests.training_attendance_sign": _("培训签到"),
    "contests.course_finish": _("培训结业并发证"),
    "contests.certificate_revoke": _("作废培训证书"),
    "contests.stats_export": _("导出竞赛和培训统计"),
    # notifications, ratings (kernel)
    "notifications.preference_set": _("设置消息提醒方式"),
    "ratings.rate": _("评价已办结的服务"),
    "ratings.follow_up": _("登记差评回访"),
    "ratings.stats_export": _("导出服务满意度统计"),
    # worker_services (activities, benefits partners, service points, needs surveys, statistics)
    "worker_services.activity_create": _("发布服务活动（草稿）"),
    "worker_services.activity_update": _("修改服务活动"),
    "worker_services.activity_publish": _("发布服务活动"),
    "worker_services.activity_close": _("截止服务活动报名"),
    "worker_services.activity_cancel": _("取消服务活动"),
    "worker_services.activity_finish": _("服务活动结束"),
    "worker_services.signup_create": _("报名服务活动"),
    "worker_services.signup_cancel": _("取消活动报名"),
    "worker_services.signup_promote": _("候补转为报名成功"),
    "worker_services.signup_check_in": _("活动签到"),
    "worker_services.signup_export": _("导出活动报名名单"),
    "worker_services.partner_create": _("登记优惠商户"),
    "worker_services.partner_update": _("修改优惠商户"),
    "worker_services.verifier_add": _("添加商户核验员"),
    "worker_services.verifier_remove": _("移除商户核验员"),
    "worker_services.redemption_verify": _("核验会员优惠"),
    "worker_services.redemption_export": _("导出会员优惠核验记录"),
    "worker_services.point_create": _("登记服务阵地"),
    "worker_services.point_update": _("修改服务阵地"),
    "worker_services.point_verify": _("核实服务阵地信息"),
    "worker_services.point_publish": _("在门户公开服务阵地"),
    "worker_services.point_unpublish": _("取消公开服务阵地"),
    "worker_services.point_suspend": _("暂停开放服务阵地"),
    "worker_services.point_reopen": _("恢复开放服务阵地"),
    "worker_services.point_close": _("撤销服务阵地"),
    "worker_services.point_stale": _("服务阵地超期未核实"),
    "worker_services.points_import": _("导入服务阵地"),
    "worker_services.points_export": _("导出服务阵地"),
    "worker_services.point_report": _("反映服务阵地问题"),
    "worker_services.point_report_resolve": _("处理服务阵地问题反映"),
    "worker_services.survey_create": _("新建需求调查问卷"),
    "worker_services.survey_update": _("修改需求调查问卷"),
    "worker_services.survey_question_add": _("添加问卷题目"),
    "worker_services.survey_question_update": _("修改问卷题目"),
    "worker_services.survey_question_remove": _("删除问卷题目"),
    "worker_services.survey_question_move": _("调整问卷题目顺序"),
    "worker_services.survey_open": _("发布需求调查问卷"),
    "worker_services.survey_close": _("结束需求调查问卷"),
    "worker_services.survey_publish": _("公布问卷结果"),
    "worker_services.survey_answer": _("提交问卷"),
    "worker_services.survey_export": _("导出问卷结果"),
    "worker_services.stats_export": _("导出职工服务统计"),
    # retirees (clubs, visits, condolences, statistics)
    "retirees.club_create": _("成立退休职工社团"),
    "retirees.club_update": _("修改退休职工社团"),
    "retirees.club_member_add": _("添加社团成员"),
    "retirees.club_member_remove": _("移除社团成员"),
    "retirees.club_join": _("加入退休职工社团"),
    "retirees.club_leave": _("退出退休职工社团"),
    "retirees.activity_create": _("发布社团活动"),
    "retirees.activity_signup": _("报名社团活动"),
    "retirees.activity_signup_cancel": _("取消社团活动报名"),
    "retirees.activity_record": _("登记社团活动出勤"),
    "retirees.activity_cancel": _("取消社团活动"),
    "retirees.visit_plan": _("计划走访退休职工"),
    "retirees.visit_plan_birthday": _("安排生日走访"),
    "retirees.visit_done": _("登记走访完成"),
    "retirees.visit_cancel": _("取消走访"),
    "retirees.condolence_decide": _("决定发放慰问金"),
    "retirees.roster_export": _("导出退休职工名册"),
    "retirees.stats_export": _("导出退休职工统计"),
}

# Keys of ``AuditEvent.data`` written by the services above.
DATA_LABELS: dict[str, Promise] = {
    "added": _("新增权限"),
    "children": _("迁移的下级组织"),
    "employers": _("迁移的用人单位"),
    "field": _("字段"),
    "new_parent": _("新上级组织"),
    "old_parent": _("原上级组织"),
    "parent_id": _("上级组织编号"),
    "reason": _("原因"),
    "source": _("并入的组织"),
    "source_id": _("并入的组织编号"),
    "target": _("并入到"),
}

# Keys of ``AuditEvent.changes`` that are not model fields.
CHANGE_LABELS: dict[str, Promise] = {
    "active": _("有效"),
    "parent": _("上级组织"),
    "permissions": _("权限"),
    "role": _("角色"),
    "unit": _("组织"),
    "user": _("用户"),
}


def action_label(action: str) -> str:
    label = ACTION_LABELS.get(action)
    return str(label) if label is not None else action


def action_choices() -> list[tuple[str, str]]:
    """``(prefix, label)`` pairs for a filter: each app, then each action."""
    app_prefixes = sorted({a.split(".", 1)[0] for a in ACTION_LABELS})
    choices: list[tuple[str, str]] = []
    for prefix in app_prefixes:
        choices.append((f"{prefix}.", _app_label(prefix)))
        choices.extend(
            (action, f"  {label}") for action, label in sorted(ACTION_LABELS.items()) if action.startswith(f"{prefix}.")
        )
    return choices


def _app_label(app_label: str) -> str:
    try:
        return str(apps.get_app_config(app_label).verbose_name)
    except LookupError:
        return app_label


def _model(target_type: str) -> type[Model] | None:
    try:
        return apps.get_model(target_type)
    except (LookupError, ValueError):
        return None


def target_type_label(target_type: str) -> str:
    model = _model(target_type)
    return str(model._meta.verbose_name) if model is not None else target_type


def _field(model: type[Model] | None, name: str) -> Field[Any, Any] | None:
    if model is None:
        return None
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return field if isinstance(field, Field) else None


def field_label(target_type: str, name: str) -> str:
    field = _field(_model(target_type), name)
    if field is not None:
        return str(field.verbose_name)
    label = CHANGE_LABELS.get(name) or DATA_LABELS.get(name)
    return str(label) if label is not None else name


def display_value(target_type: str, name: str, value: Any) -> str:
    """A stored value as shown to staff: choice labels for choice fields, ``—`` for empty values."""
    if value is None or value == "" or value == []:
        return "—"
    field = _field(_model(target_type), name)
    if field is not None and field.choices:
        for key, label in field.flatchoices:
            if key == value:
                return str(label)
    if isinstance(value, bool):
        return str(_("是")) if value else str(_("否"))
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, str):
        return _local_time(value)
    return str(value)


def _local_time(text: str) -> str:
    """An ISO timestamp stored in an event ("2026-12-06T05:35:34+08:00") shown in local time ("2026-12-06 05:35:34");
    any other text unchanged."""
    if len(text) < 19 or text[10] != "T" or not text[:4].isdigit():
        return text
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return text
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return formats.date_format(moment, "Y-m-d H:i:s")


@dataclass(frozen=True)
class ChangeRow:
    field: str
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class DataRow:
    key: str
    label: str
    value: str


def change_rows(target_type: str, changes: dict[str, Any]) -> list[ChangeRow]:
    """One row per changed field; a field that was empty and stays empty (``None`` → ``""``) is left out."""
    rows: list[ChangeRow] = []
    for name, pair in sorted(changes.items()):
        old, new = (pair[0], pair[1]) if isinstance(pair, list | tuple) and len(pair) == 2 else (None, pair)
        before, after = display_value(target_type, name, old), display_value(target_type, name, new)
        if before == after:
            continue
        rows.append(ChangeRow(field=name, label=field_label(target_type, name), before=before, after=after))
    return rows


def data_rows(data: dict[str, Any]) -> list[DataRow]:
    return [
        DataRow(key=key, label=field_label("", key), value=display_value("", key, value))
        for key, value in sorted(data.items())
    ]


@dataclass(frozen=True)
class EventRow:
    """An audit event prepared for a template (labels resolved, changes as rows)."""

    event: Any
    action_label: str
    target_type_label: str
    changes: list[ChangeRow]
    data: list[DataRow]


def event_rows(events: Any) -> list[EventRow]:
    return [
        EventRow(
            event=event,
            action_label=action_label(event.action),
            target_type_label=target_type_label(event.target_type),
            changes=change_rows(event.target_type, event.changes or {}),
            data=data_rows(event.data or {}),
        )
        for event in events
    ]
