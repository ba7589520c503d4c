"""/api/v1 routes for maintaining services on the social map."""

from ninja import Router

router = Router(tags=["social map"])
