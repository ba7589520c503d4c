from django.urls import path

from samenkracht.privacy import views

app_name = "privacy"

urlpatterns = [
    path("toegangslog/", views.access_log, name="access_log"),
    path("noodtoegang/", views.emergency_list, name="emergency_list"),
    path("noodtoegang/<int:pk>/", views.emergency_review, name="emergency_review"),
]
