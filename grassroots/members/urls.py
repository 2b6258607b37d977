from django.urls import path

from . import views, views_io, views_transfers

app_name = "members"
urlpatterns = [
    path("", views.member_list, name="list"),
    path("new/", views.member_create, name="create"),
    path("me/", views.member_me, name="me"),
    path("<int:pk>/", views.member_detail, name="detail"),
    path("<int:pk>/edit/", views.member_edit, name="edit"),
    path("<int:pk>/reveal/", views.member_reveal, name="reveal"),
    path("<int:pk>/status/", views.member_status, name="status"),
    path("<int:pk>/transfer/", views_transfers.transfer_send, name="transfer_send"),
    path("<int:pk>/mobile/", views.mobile_set, name="mobile_set"),
    path("<int:pk>/mobile/end/", views.mobile_end, name="mobile_end"),
    path("<int:pk>/contacts/new/", views.contact_create, name="contact_create"),
    path("<int:pk>/community/", views.community_register, name="community_register"),
    path("<int:pk>/community/end/", views.community_end, name="community_end"),
    path("transfers/", views_transfers.transfer_list, name="transfers"),
    path("transfers/in/", views_transfers.transfer_in, name="transfer_in"),
    path("transfers/<int:pk>/", views_transfers.transfer_detail, name="transfer"),
    path("transfers/<int:pk>/act/", views_transfers.transfer_act, name="transfer_act"),
    path("mobile/", views.mobile_list, name="mobile"),
    path("community/", views.community_list, name="community"),
    path("import/", views_io.import_upload, name="import"),
    path("import/template/", views_io.import_template, name="import_template"),
    path("import/<int:pk>/", views_io.import_job, name="import_job"),
    path("import/<int:pk>/confirm/", views_io.import_confirm, name="import_confirm"),
    path("export/", views_io.export, name="export"),
]
