from django.urls import path

from . import views

app_name = "liaison"
urlpatterns = [
    path("", views.point_list, name="point_list"),
    path("points/new/", views.point_create, name="point_create"),
    path("points/<int:pk>/", views.point_detail, name="point_detail"),
    path("points/<int:pk>/end/", views.point_end, name="point_end"),
    path("points/<int:pk>/visits/new/", views.visit_create, name="visit_create"),
    path("points/<int:pk>/problems/new/", views.problem_add, name="problem_add"),
    path("visits/<int:pk>/", views.visit_detail, name="visit_detail"),
    path("problems/", views.problem_list, name="problem_list"),
    path("problems/<int:pk>/resolve/", views.problem_resolve, name="problem_resolve"),
    path("leadership/", views.leadership, name="leadership"),
    path("leadership/meetings/new/", views.meeting_create, name="meeting_create"),
    path("leadership/meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("leadership/funds/new/", views.fund_create, name="fund_create"),
    path("leadership/funds/<int:pk>/", views.fund_detail, name="fund_detail"),
]
