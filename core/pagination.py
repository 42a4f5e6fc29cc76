"""Page-number pagination with `page` and `pageSize` query parameters (default 20, max 100)."""

from __future__ import annotations

import re
from typing import Any

from rest_framework import pagination
from rest_framework.exceptions import NotFound as DRFNotFound
from rest_framework.request import Request

from core.exceptions import ValidationFailed


class PageNumberPagination(pagination.PageNumberPagination):
    """API.md pagination; a page past the end is an empty 404, bad numbers a 400."""

    page_size = 20
    # The camel-case middleware has already turned `?pageSize=` into `page_size` by now.
    page_size_query_param = "page_size"
    max_page_size = 100

    def get_page_size(self, request: Request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        try:
            size = int(raw)
        except ValueError:
            raise ValidationFailed({"pageSize": ["A whole number is required."]}) from None
        if not 1 <= size <= self.max_page_size:
            raise ValidationFailed({"pageSize": [f"Must be between 1 and {self.max_page_size}."]})
        return size

    def paginate_queryset(self, queryset: Any, request: Request, view: Any = None) -> Any:
        raw = request.query_params.get(self.page_query_param, "1")
        # fullmatch on ASCII digits: str.isdigit() also accepts "²", which int() refuses.
        if not re.fullmatch(r"[0-9]{1,9}", raw) or int(raw) < 1:
            raise ValidationFailed({"page": ["A page number (1 or more) is required."]})
        try:
            return super().paginate_queryset(queryset, request, view)
        except DRFNotFound:
            raise DRFNotFound("That page does not exist; it is past the last page.") from None
