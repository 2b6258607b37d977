from django.urls import path

from . import public_views, views

app_name = "commitments"
urlpatterns = [
    path("", views.letter_list, name="letter_list"),
    path("new/", views.letter_create, name="letter_create"),
    path("<int:pk>/", views.letter_detail, name="letter_detail"),
    path("<int:pk>/edit/", views.letter_edit, name="letter_edit"),
    path("<int:pk>/publish/", views.letter_publish, name="letter_publish"),
    path("<int:pk>/items/new/", views.item_create, name="item_create"),
    path("items/<int:pk>/", views.item_detail, name="item_detail"),
    path("items/<int:pk>/edit/", views.item_edit, name="item_edit"),
    path("items/<int:pk>/remove/", views.item_remove, name="item_remove"),
    path("items/<int:pk>/progress/", views.progress_create, name="progress_create"),
    path("items/<int:pk>/milestones/new/", views.milestone_create, name="milestone_create"),
    path("items/<int:pk>/shortfall/", views.shortfall, name="shortfall"),
    path("items/<int:pk>/review/", views.item_review, name="item_review"),
    path("milestones/<int:pk>/done/", views.milestone_done, name="milestone_done"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence"),
    # public: no login
    path("public/", public_views.public_overview, name="public_overview"),
    path("public/org/<int:org_id>/", public_views.public_organization, name="public_organization"),
    path("public/<int:pk>/", public_views.public_letter, name="public_letter"),
    path("public/evidence/<int:pk>/", public_views.public_evidence, name="public_evidence"),
]
