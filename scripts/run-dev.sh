#!/usr/bin/env bash
# Serve the platform with its background worker (django-tasks database backend) and the scheduler of recurring
# jobs (run_periodic) alongside.
set -euo pipefail
HOST=${1:-127.0.0.1}
PORT=${2:-8000}
PY=.venv/bin/python
PASSWORD=$($PY -c 'from gonghui.demo.data import DEMO_PASSWORD; print(DEMO_PASSWORD)')
cat <<MSG

  工会数字化服务平台 Gonghui  ·  http://$HOST:$PORT/
  ------------------------------------------------------------
  会员门户 Member portal   http://$HOST:$PORT/
  工作台   Staff console   http://$HOST:$PORT/console/
  接口文档 API docs        http://$HOST:$PORT/api/docs/

  演示账号 Demo logins (password for all: $PASSWORD)
    admin     浙江省总工会（全部角色）
    hz_staff  杭州市总工会（经办人 + 审核人 + 财务）
    nb_staff  宁波市总工会（经办人 + 审核人）
    xh_staff  杭州西湖数字科技有限公司工会委员会（经办人 + 审核人 + 财务）
    fin_checker  杭州市总工会、西湖数字科技工会（财务复核：审核凭证、审批支付）
    xh_finance    西湖数字科技工会（财务：预算、经审整改回复）
    xihu_finance  西湖区总工会（财务：审批下级预算）
    xh_cw / xh_cw2  西湖区总工会（财务：拨缴经费与会费的登记 / 确认入账）
    hz_auditor    杭州市总工会（经审：审计项目与整改督办）
    13800000001  职工（会员门户，短信验证码见下方控制台与 var/sms-outbox.log）
  工作人员首次登录需用身份验证器 App（TOTP）扫码绑定。
  Staff bind an authenticator app (TOTP) at their first sign-in.

MSG
$PY manage.py db_worker --queue-name '*' >var/worker.log 2>&1 &
WORKER=$!
$PY manage.py run_periodic >var/periodic.log 2>&1 &
PERIODIC=$!
trap 'kill $WORKER $PERIODIC 2>/dev/null || true' EXIT INT TERM
exec_status=0
$PY manage.py runserver "$HOST:$PORT" --noreload || exec_status=$?
exit $exec_status
