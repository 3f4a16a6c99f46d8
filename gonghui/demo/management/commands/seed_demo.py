from typing import Any

from django.core.management.base import BaseCommand

from gonghui.demo import data
from gonghui.demo.seed import seed_demo


class Command(BaseCommand):
    help = (
        "Build (idempotently) the demo province 浙江省总工会 with its tree, staff and a worker. Prints only what a "
        "newcomer needs (where to go, how to sign in); -v 2 also prints what each module's demo did."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        lines: list[str] = []
        verbose = int(options.get("verbosity", 1)) >= 2
        seed_demo(say=self.stdout.write if verbose else lines.append)
        write = self.stdout.write
        write(self.style.SUCCESS("演示数据已就绪 / demo data ready"))
        write(f"演示账号密码 / demo password: {data.DEMO_PASSWORD}")
        write("工作台 / staff console: http://127.0.0.1:8000/console/  (admin, hz_staff, xh_staff ... see README)")
        write("会员服务 / member portal: http://127.0.0.1:8000/  (13800000001, SMS code printed below when sent)")
        if not verbose:
            write(f"（各模块演示数据的 {len(lines)} 行说明已省略，manage.py seed_demo -v 2 可查看）")
