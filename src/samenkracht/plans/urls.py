"""Web pages of households and plans, under /plannen/. Numbers in URLs are record ids, never personal data."""

from django.urls import path

from samenkracht.plans import views

app_name = "plans"

urlpatterns = [
    path("", views.household_list, name="household_list"),
    path("huishouden/<int:pk>/", views.household_detail, name="household_detail"),
    path("huishouden/<int:pk>/eigen-kracht/", views.strengths_edit, name="strengths_edit"),
    path("huishouden/<int:pk>/plan-starten/", views.plan_create, name="plan_create"),
    path("huishouden/<int:pk>/noodtoegang/", views.emergency_access, name="emergency_access"),
    path("plan/<int:pk>/bewerken/", views.plan_edit, name="plan_edit"),
    path("plan/<int:pk>/doelen/nieuw/", views.goal_create, name="goal_create"),
    path("plan/<int:pk>/acties/nieuw/", views.action_create, name="action_create"),
    path("plan/<int:pk>/budget/nieuw/", views.budget_line_create, name="budget_line_create"),
    path("plan/<int:pk>/regiewissel/", views.handover, name="handover"),
    path("plan/<int:pk>/evaluatie/", views.evaluate, name="evaluate"),
    path("plan/<int:pk>/zrm/nieuw/", views.assessment_create, name="assessment_create"),
    path("plan/<int:pk>/afsluiten/", views.plan_close, name="plan_close"),
    path("plan/<int:pk>/doorbraak/nieuw/", views.breakthrough_create, name="breakthrough_create"),
    path("doel/<int:pk>/bewerken/", views.goal_edit, name="goal_edit"),
    path("actie/<int:pk>/bewerken/", views.action_edit, name="action_edit"),
    path("budgetregel/<int:pk>/bewerken/", views.budget_line_edit, name="budget_line_edit"),
    path("versie/<int:pk>/", views.version_detail, name="version_detail"),
    path("doorbraak/<int:pk>/afsluiten/", views.breakthrough_close, name="breakthrough_close"),
    path("doorbraken/", views.breakthrough_overview, name="breakthrough_overview"),
    path("doorbraken/<int:pk>/besluit/", views.breakthrough_decide, name="breakthrough_decide"),
    path("regie/", views.coordination, name="coordination"),
]
