def autodiscover() -> None:
    return None
