"""GraphQL-style shaping of a resource: ``fields=`` picks, ``include=`` expands.

``fields=title,year,authors.name`` returns only those fields; a dotted name
selects fields inside a relation and expands that relation. ``include=authors``
expands a relation to full records; a relation that is not expanded is shown
as the identifiers it points to, so a client can follow it later.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from kg.errors import ParameterError

Collapse = Callable[[Any], Any]


def _ids(value: Any) -> Any:
    if isinstance(value, list):
        return [item["id"] for item in value]
    return None if value is None else value["id"]


@dataclass(frozen=True)
class Shape:
    """The fields of a resource and the relations that can be expanded."""

    fields: tuple[str, ...]
    relations: Mapping[str, type[BaseModel]] = field(default_factory=dict)

    def apply(
        self, data: dict[str, Any], fields: str | None, include: str | None
    ) -> dict[str, Any]:
        picked = _split("fields", fields)
        expanded = set(_split("include", include))
        for name in expanded - set(self.relations):
            raise ParameterError(
                "include",
                f"cannot expand '{name}'; expandable: {_listed(self.relations)}",
            )

        top: dict[str, set[str]] = {}
        for name in picked:
            head, _, rest = name.partition(".")
            self._check_field(head, name)
            top.setdefault(head, set())
            if rest:
                self._check_subfield(head, rest)
                top[head].add(rest)
                expanded.add(head)

        shaped: dict[str, Any] = {}
        for name in top or self.fields:
            value = data[name]
            if name in self.relations:
                value = value if name in expanded else _ids(value)
                if top.get(name):
                    value = _pick(value, top[name])
            shaped[name] = value
        return shaped

    def _check_field(self, head: str, name: str) -> None:
        if head not in self.fields:
            raise ParameterError(
                "fields", f"unknown field '{name}'; known: {_listed(self.fields)}"
            )

    def _check_subfield(self, head: str, sub: str) -> None:
        model = self.relations.get(head)
        if model is None:
            raise ParameterError(
                "fields", f"'{head}' is not a relation; '{head}.{sub}' has no meaning"
            )
        if sub not in model.model_fields:
            raise ParameterError(
                "fields",
                f"unknown field '{head}.{sub}'; known: "
                f"{_listed(f'{head}.{n}' for n in model.model_fields)}",
            )


def _split(parameter: str, value: str | None) -> list[str]:
    names = [part.strip() for part in (value or "").split(",")]
    return [name for name in names if name]


def _listed(names: Any) -> str:
    return ", ".join(sorted(names))


def _pick(value: Any, names: set[str]) -> Any:
    if isinstance(value, list):
        return [{k: v for k, v in item.items() if k in names} for item in value]
    if value is None:
        return None
    return {k: v for k, v in value.items() if k in names}
