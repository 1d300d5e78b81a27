"""Sign-in backends: the office's LDAP / Active Directory (django-auth-ldap, linked to accounts by
correspondents.identity) and local passwords (for everyone, or for superusers only)."""

from django.conf import settings
from django.contrib.auth.backends import ModelBackend

from correspondents.identity import Identity, Refused, sign_in


def refuse(request, message: str) -> None:
    """Keep the reason of a refused sign-in for the login page (the form only knows "not signed in")."""
    if request is not None:
        request.signin_refusal = message


class LocalPasswordBackend(ModelBackend):
    """Local passwords: everyone's, or only superusers' when DJANGO_LOCAL_PASSWORDS=superusers (the
    others sign in through the directory)."""

    def user_can_authenticate(self, user):
        if getattr(settings, "LOCAL_PASSWORDS", "all") == "superusers" and not user.is_superuser:
            return False
        return super().user_can_authenticate(user)


try:
    from django_auth_ldap.backend import LDAPBackend
except ImportError:  # python-ldap not installed: LDAP sign-in is off (config.signin_settings says so)
    LDAPBackend = object


class DirectoryBackend(LDAPBackend):
    """The directory checks the password and names the groups; correspondents.identity decides the account."""

    def get_or_build_user(self, username, ldap_user):
        attrs = ldap_user.attrs or {}
        names = settings.LDAP_ATTRIBUTES

        def first(key: str) -> str:
            values = attrs.get(names[key]) or attrs.get(names[key].lower()) or [""]
            return values[0]

        member_of = {dn.lower() for dn in ldap_user.group_dns}
        who = Identity(username=username, method="ldap", name=first("name"), email=first("email"),
                       mobile=first("mobile"), employee_number=first("employee_number"), unit=first("unit"),
                       roles={role for role, dns in settings.LDAP_ROLE_GROUPS.items() if member_of & set(dns)})
        try:
            return sign_in(who, match_by=settings.SIGNIN_MATCH_BY, create=settings.SIGNIN_CREATE_ACCOUNTS), False
        except Refused as refusal:
            refuse(ldap_user._request, str(refusal))
            raise ldap_user.AuthenticationFailed(str(refusal)) from refusal
