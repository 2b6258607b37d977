from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("audit/", views.audit_search, name="audit"),
    path("jobs/<int:pk>/", views.job_detail, name="job_detail"),
    path("jobs/<int:pk>/download/", views.job_download, name="job_download"),
]
