"""/api/v1 route for searching the social map (public: no token needed)."""

from ninja import Router

router = Router(tags=["social map search"])
