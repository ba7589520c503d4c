from django.urls import path

from samenkracht.accounts import views

app_name = "accounts"

urlpatterns = [
    path("inloggen/", views.login_view, name="login"),
    path("inloggen/code/", views.verify_view, name="verify"),
    path("account/tweestapsverificatie/", views.setup_2fa_view, name="setup_2fa"),
    path("uitloggen/", views.logout_view, name="logout"),
]
