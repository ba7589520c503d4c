from django.urls import path

from samenkracht.accounts import views

app_name = "accounts"

urlpatterns = [
    path("inloggen/", views.login_view, name="login"),
    path("inloggen/code/", views.verify_view, name="verify"),
    path("account/tweestapsverificatie/", views.setup_2fa_view, name="setup_2fa"),
    path("uitloggen/", views.logout_view, name="logout"),
]

from samenkracht.accounts import token_views  # noqa: E402

urlpatterns += [
    path("netwerk/organisaties/<int:pk>/api-sleutels/", token_views.token_list, name="token_list"),
    path("netwerk/organisaties/<int:pk>/api-sleutels/<int:token_pk>/intrekken/", token_views.token_revoke,
         name="token_revoke"),
]
