from typing import Any

from django.core.management.base import BaseCommand

from gonghui.demo import data
from gonghui.demo.seed import seed_demo


class Command(BaseCommand):
    help = "Build (idempotently) the demo province 浙江省总工会 with its tree, staff and a worker."

    def handle(self, *args: Any, **options: Any) -> None:
        seed_demo(say=self.stdout.write)
        self.stdout.write(self.style.SUCCESS("演示数据已就绪 / demo data ready"))
        self.stdout.write(f"演示账号密码 / demo password: {data.DEMO_PASSWORD}")
