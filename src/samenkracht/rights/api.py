"""REST API of rights under /api/v1/rights/."""

from ninja import Router

router = Router(tags=["rights"])
