"""The Django admin, for functional administrators only.

Access follows the role (functional administrator), not Django's is_staff flag, so that one source
decides who may manage the platform. The second factor is enforced for all pages by middleware.
"""

from __future__ import annotations

from django.contrib import admin
from django.shortcuts import redirect
from django.urls import reverse

from samenkracht.network.permissions import actor_for_user


def is_functional_admin(request) -> bool:
    user = request.user
    return bool(user.is_active and user.is_authenticated and user.is_verified()
                and actor_for_user(user).can_manage_network)


class FunctionalAdminMixin:
    """Grants a functional administrator every permission on the registered model."""

    def has_module_permission(self, request):
        return is_functional_admin(request)

    def has_view_permission(self, request, obj=None):
        return is_functional_admin(request)

    def has_add_permission(self, request, *args):
        return is_functional_admin(request)

    def has_change_permission(self, request, obj=None):
        return is_functional_admin(request)

    def has_delete_permission(self, request, obj=None):
        return is_functional_admin(request)


def _has_permission(request) -> bool:
    return is_functional_admin(request)


def _login(request, extra_context=None):
    return redirect(f"{reverse('accounts:login')}?next={request.get_full_path()}")


admin.site.has_permission = _has_permission
admin.site.login = _login
admin.site.site_header = "Samenkracht – beheer"
admin.site.site_title = "Samenkracht"
