"""A custom import-linter contract: domain apps meet only through each other's public facade.

``facade`` contracts list the domain apps (``domains``) and the public part of each (``public``, patterns relative
to the app: ``*`` matches one name, ``**`` one or more). A module of one domain app may import another domain app's
module only when its relative name matches a public pattern; anything else (views, forms, internal helpers,
tasks, demo) is a broken contract, reported with the importing line.
"""

from __future__ import annotations

import fnmatch
import re
from typing import Any

from importlinter import Contract, ContractCheck, fields, output


def _pattern(expression: str) -> re.Pattern[str]:
    parts = []
    for part in expression.split("."):
        if part == "**":
            parts.append(r"[^.]+(?:\.[^.]+)*")
        else:
            parts.append(fnmatch.translate(part).replace(r"\Z", "").replace("(?s:", "(?:").replace(".*", "[^.]*"))
    return re.compile(r"^" + r"\.".join(parts) + r"$")


class FacadeContract(Contract):
    type_name = "facade"

    domains = fields.ListField(subfield=fields.StringField())
    public = fields.ListField(subfield=fields.StringField())

    def check(self, graph: Any, verbose: bool) -> ContractCheck:
        domains: list[str] = list(self.domains)  # type: ignore[call-overload]
        public = [_pattern(p) for p in self.public]  # type: ignore[attr-defined]
        broken: list[dict[str, Any]] = []
        for domain in domains:
            for importer in sorted(graph.find_descendants(domain) | {domain}):
                for imported in sorted(graph.find_modules_directly_imported_by(importer)):
                    other = next(
                        (d for d in domains if d != domain and (imported == d or imported.startswith(d + "."))), None
                    )
                    if other is None:
                        continue
                    relative = imported[len(other) + 1 :]
                    if relative and any(p.match(relative) for p in public):
                        continue
                    details = graph.get_import_details(importer=importer, imported=imported)
                    lines = ", ".join(str(d["line_number"]) for d in details) or "?"
                    broken.append({"importer": importer, "imported": imported, "lines": lines})
        return ContractCheck(kept=not broken, metadata={"broken": broken})

    def render_broken_contract(self, check: ContractCheck) -> None:
        for item in check.metadata["broken"]:
            output.print_error(f"{item['importer']} -> {item['imported']} (l. {item['lines']}): not a public module")
            output.new_line()
