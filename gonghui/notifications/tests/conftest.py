from gonghui.notifications.tests.kit import categories, outbox  # noqa: F401 - fixtures
