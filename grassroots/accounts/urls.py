from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("otp/verify/", views.otp_verify, name="otp_verify"),
    path("otp/setup/", views.otp_setup, name="otp_setup"),
    path("profile/", views.profile, name="profile"),
    path("profile/password/", views.password_change, name="password_change"),
    path("tokens/", views.token_create, name="token_create"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
    path("scope/", views.scope_switch, name="scope_switch"),
    path("users/", views.users, name="users"),
    path("users/create/", views.user_create, name="user_create"),
    path("roles/grant/", views.role_grant, name="role_grant"),
    path("roles/<int:pk>/revoke/", views.role_revoke, name="role_revoke"),
    path("otp/backup/", views.otp_backup_renew, name="otp_backup_renew"),
    path("users/<int:pk>/otp-reset/", views.user_otp_reset, name="user_otp_reset"),
    path("users/<int:pk>/deactivate/", views.user_deactivate, name="user_deactivate"),
]
