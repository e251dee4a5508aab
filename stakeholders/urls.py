from django.contrib.auth import views as auth_views
from django.urls import path

from lap import converters  # noqa: F401 (registers <id:...>)
from stakeholders import views
from stakeholders.forms import LockoutAuthenticationForm

urlpatterns = [
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=LockoutAuthenticationForm),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/change/", views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "accounts/password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "accounts/password/reset/",
        views.PasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "accounts/password/reset/done/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("account/", views.account, name="account"),
    path("account/organization/", views.switch_organization, name="switch-organization"),
    path("organizations/", views.organization_list, name="organization-list"),
    path("organizations/new/", views.organization_create, name="organization-create"),
    path("organizations/<id:pk>/", views.organization_detail, name="organization-detail"),
    path("organizations/<id:pk>/edit/", views.organization_edit, name="organization-edit"),
    path("organizations/<id:pk>/invite/", views.invitation_create, name="invitation-create"),
    path("organizations/<id:pk>/join/", views.join_request_create, name="join-request-create"),
    path("organizations/<id:pk>/api-keys/new/", views.api_key_create, name="api-key-create"),
    path("invitations/<id:pk>/revoke/", views.invitation_revoke, name="invitation-revoke"),
    path("invitations/accept/<str:token>/", views.invitation_accept, name="invitation-accept"),
    path("memberships/<id:pk>/decide/", views.join_request_decide, name="join-request-decide"),
    path("memberships/<id:pk>/role/", views.membership_set_role, name="membership-set-role"),
    path("memberships/<id:pk>/revoke/", views.membership_revoke, name="membership-revoke"),
    path("api-keys/<id:pk>/revoke/", views.api_key_revoke, name="api-key-revoke"),
]
