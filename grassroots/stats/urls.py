from django.urls import path

from . import views

app_name = "stats"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("org/<int:pk>/", views.dashboard_org, name="dashboard_org"),
    path("org/<int:pk>/indicator/<str:key>/", views.drilldown, name="drilldown"),
    path("org/<int:pk>/report/", views.report, name="report"),
    path("indicators/", views.indicators, name="indicators"),
    path("reports/", views.reports, name="reports"),
]
