from django.urls import path

from . import public_views, views

app_name = "notices"
urlpatterns = [
    path("", views.notice_list, name="list"),
    path("<int:pk>/", views.notice_detail, name="detail"),
    path("<int:pk>/withdraw/", views.notice_withdraw, name="withdraw"),
    path("objections/<int:pk>/answer/", views.objection_answer, name="objection_answer"),
    path("holidays/", views.holidays, name="holidays"),
    path("holidays/edit/", views.holiday_edit, name="holiday_edit"),
    # public: no login
    path("public/", public_views.public_list, name="public_list"),
    path("public/<int:pk>/", public_views.public_detail, name="public_detail"),
    path("public/<int:pk>/objection/", public_views.public_objection, name="public_objection"),
    path("public/answers/", public_views.public_objection_lookup, name="public_objection_lookup"),
]
