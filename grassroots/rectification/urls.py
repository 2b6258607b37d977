from django.urls import path

from . import views

app_name = "rectification"
urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("new/", views.case_propose, name="case_propose"),
    path("<int:pk>/", views.case_detail, name="case_detail"),
    path("<int:pk>/approve/", views.case_approve, name="case_approve"),
    path("<int:pk>/reject/", views.case_reject, name="case_reject"),
    path("<int:pk>/assign/", views.case_assign, name="case_assign"),
    path("<int:pk>/actions/<str:heading>/new/", views.action_create, name="action_create"),
    path("<int:pk>/review/", views.case_review, name="case_review"),
    path("actions/<int:pk>/evidence/", views.action_evidence, name="action_evidence"),
]
