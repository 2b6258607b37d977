from django.urls import path

from . import public_views, views

app_name = "ballots"
urlpatterns = [
    path("", views.ballot_list, name="list"),
    path("create/", views.ballot_create, name="create"),
    path("<int:pk>/", views.ballot_detail, name="detail"),
    path("<int:pk>/roll/", views.ballot_roll, name="roll"),
    path("<int:pk>/roll/masses/", views.mass_add, name="mass_add"),
    path("<int:pk>/roll/freeze/", views.freeze, name="freeze"),
    path("<int:pk>/roll/<int:entry_pk>/opinion/", views.written_opinion, name="written_opinion"),
    path("<int:pk>/attendance/", views.attendance, name="attendance"),
    path("<int:pk>/codes/", views.codes, name="codes"),
    path("<int:pk>/open/", views.ballot_open, name="open"),
    path("<int:pk>/close/", views.ballot_close, name="close"),
    path("<int:pk>/tally/<str:kind>/", views.tally, name="tally"),
    path("<int:pk>/tally/<str:kind>/sign/", views.tally_sign, name="tally_sign"),
    path("<int:pk>/result/", views.ballot_result, name="result"),
    path("<int:pk>/publish/", views.ballot_publish, name="publish"),
    # public: no login
    path("public/<str:public_id>/vote/", public_views.public_vote, name="public_vote"),
    path("public/<str:public_id>/receipts/", public_views.public_receipts, name="public_receipts"),
]
