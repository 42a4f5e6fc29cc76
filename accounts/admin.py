"""Django admin for the email-based user; staff sign in to it with a session, not a JWT."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm, AdminUserCreationForm, UserChangeForm
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.services import user_sessions_end

_EMAIL_TAKEN = _("A user with this email address already exists.")


def _email_clean(form: forms.ModelForm[User]) -> str:
    email: str = User.objects.normalize_email(form.cleaned_data["email"]).strip()
    taken = User.objects.filter(email__iexact=email).exclude(pk=form.instance.pk)
    if taken.exists():
        raise forms.ValidationError(_EMAIL_TAKEN, code="unique")
    return email


class UserAdminCreationForm(AdminUserCreationForm):  # type: ignore[type-arg]
    """Add a user by email and password (or an unusable password)."""

    class Meta:
        model = User
        fields = ("email",)
        field_classes: dict[str, type[forms.Field]] = {}

    def clean_email(self) -> str:
        return _email_clean(self)


class UserAdminChangeForm(UserChangeForm):  # type: ignore[type-arg]
    """Edit a user; the email stays unique in any letter case."""

    class Meta:
        model = User
        fields = "__all__"
        field_classes: dict[str, type[forms.Field]] = {}

    def clean_email(self) -> str:
        return _email_clean(self)


class UserAdminPasswordChangeForm(AdminPasswordChangeForm):  # type: ignore[type-arg]
    """A password set by staff ends every session of the user, as the user's own change does."""

    def save(self, commit: bool = True) -> User:
        with transaction.atomic():
            user: User = super().save(commit=commit)
            if commit:
                user_sessions_end(user)
        return user


@admin.register(User)
class UserAdmin(DjangoUserAdmin):  # type: ignore[type-arg]
    """Users by email; there is no username."""

    form = UserAdminChangeForm
    add_form = UserAdminCreationForm
    change_password_form = UserAdminPasswordChangeForm
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name")}),
        (
            _("Permissions"),
            {
                "fields": (
                    "is_active",
                    "is_staff",
                    "is_superuser",
                    "groups",
                    "user_permissions",
                )
            },
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "usable_password", "password1", "password2"),
            },
        ),
    )
    list_display = ("email", "first_name", "last_name", "is_staff", "is_active", "date_joined")
    list_filter = ("is_staff", "is_superuser", "is_active", "groups")
    search_fields = ("email", "first_name", "last_name")
    ordering = ("email",)
    readonly_fields = ("last_login", "date_joined")
