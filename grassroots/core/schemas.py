from __future__ import annotations

from ninja import Schema


class ErrorOut(Schema):
    detail: str
    rule: str | None = None
    field: str | None = None


class LogEntryOut(Schema):
    id: int
    created_at: str
    action_type: str
    sentence: str
    actor: str
    data: dict

    @staticmethod
    def resolve_created_at(obj) -> str:  # type: ignore[no-untyped-def]
        return obj.created_at.isoformat()

    @staticmethod
    def resolve_actor(obj) -> str:  # type: ignore[no-untyped-def]
        return obj.actor_label

    @staticmethod
    def resolve_data(obj) -> dict:  # type: ignore[no-untyped-def,type-arg]
        return obj.shown_data
