"""Offset pagination for API lists: ``?limit=`` (1-100, default 20) and ``?offset=`` (0+).

A route takes ``page: PageParams`` and returns ``Page[ItemModel]``; ``next_offset`` is null on the last page.
"""

from __future__ import annotations

from typing import Annotated, Generic, TypeVar

from fastapi import Depends, Query
from pydantic import BaseModel

T = TypeVar("T")
MAX_LIMIT = 100


class PageRequest(BaseModel):
    limit: int
    offset: int


def page_request(
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Items per page (1-100).")] = 20,
    offset: Annotated[int, Query(ge=0, description="Items to skip.")] = 0,
) -> PageRequest:
    return PageRequest(limit=limit, offset=offset)


PageParams = Annotated[PageRequest, Depends(page_request)]


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int
    limit: int
    offset: int
    next_offset: int | None

    @classmethod
    def of(cls, items: list[T], total: int, request: PageRequest) -> Page[T]:
        following = request.offset + len(items)
        return cls(
            items=items,
            total=total,
            limit=request.limit,
            offset=request.offset,
            next_offset=following if following < total else None,
        )
