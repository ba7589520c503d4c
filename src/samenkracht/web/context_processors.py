from samenkracht.network.permissions import actor_for_user


def navigation(request):
    """The actor for the signed-in person, so templates show only what they may use."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_verified():
        return {"actor": None}
    return {"actor": actor_for_user(user)}
