from django.urls import path

from . import views

app_name = "admission"
urlpatterns = [
    path("", views.home, name="home"),
    path("pipeline/<int:org_id>/", views.pipeline, name="pipeline"),
    path("cases/", views.case_list, name="case_list"),
    path("cases/new/", views.case_create, name="case_create"),
    path("cases/<int:pk>/", views.case_detail, name="case_detail"),
    path("cases/<int:pk>/act/<str:verb>/", views.case_act, name="case_act"),
    path("cases/<int:pk>/documents/", views.document_upload, name="document_upload"),
    path("cases/<int:pk>/notice/<str:point>/", views.notice_publish, name="notice_publish"),
    path("cases/<int:pk>/ballot/<str:point>/", views.ballot_create, name="ballot_create"),
    path("documents/<int:pk>/", views.document_download, name="document_download"),
    path("overdue/", views.overdue, name="overdue"),
    path("queue/", views.queue, name="queue"),
    path("discipline/", views.discipline, name="discipline"),
    path("discipline/<int:pk>/restore/", views.discipline_restore, name="discipline_restore"),
]
