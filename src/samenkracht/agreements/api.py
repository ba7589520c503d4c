"""REST API of agreements under /api/v1/agreements/."""

from ninja import Router

router = Router(tags=["agreements"])
