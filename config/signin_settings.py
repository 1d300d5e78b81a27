"""The settings of sign-in through a directory (DJANGO_LDAP_*) or a unified identity platform
(DJANGO_OIDC_*), read from the environment by config.settings. Nothing here talks to a server: the
LDAP server is asked at each sign-in, the OpenID provider's discovery document when first needed."""

from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured

ROLE_NAMES = {"ADMINISTRATOR": "管理员", "EDITOR": "编辑", "CORRESPONDENT": "通讯员"}


def _split(raw: str, separator: str) -> list[str]:
    return [item.strip() for item in raw.split(separator) if item.strip()]


def ldap(env: Callable[[str, str], str], env_bool: Callable[[str, bool], bool]) -> dict:
    uri = env("DJANGO_LDAP_SERVER_URI", "")
    if not uri:
        return {"LDAP_ENABLED": False}
    try:
        import ldap as python_ldap
        from django_auth_ldap.config import (
            ActiveDirectoryGroupType,
            GroupOfNamesType,
            GroupOfUniqueNamesType,
            LDAPSearch,
            PosixGroupType,
        )
    except ImportError as error:
        raise ImproperlyConfigured("设置了 DJANGO_LDAP_SERVER_URI，但没有安装 python-ldap 和 django-auth-ldap："
                                   "先 apt-get install libldap2-dev libsasl2-dev，再 pip install -e '.[ldap]'。") from error
    user_base = env("DJANGO_LDAP_USER_SEARCH_BASE", "")
    group_base = env("DJANGO_LDAP_GROUP_SEARCH_BASE", "")
    if not user_base or not group_base:
        raise ImproperlyConfigured("LDAP 登录需要 DJANGO_LDAP_USER_SEARCH_BASE 和 DJANGO_LDAP_GROUP_SEARCH_BASE。")
    group_types = {"groupOfNames": (GroupOfNamesType, "(objectClass=groupOfNames)"),
                   "groupOfUniqueNames": (GroupOfUniqueNamesType, "(objectClass=groupOfUniqueNames)"),
                   "posix": (PosixGroupType, "(objectClass=posixGroup)"),
                   "activeDirectory": (ActiveDirectoryGroupType, "(objectClass=group)")}
    kind = env("DJANGO_LDAP_GROUP_TYPE", "groupOfNames")
    if kind not in group_types:
        raise ImproperlyConfigured(f"DJANGO_LDAP_GROUP_TYPE 只能是 {'、'.join(group_types)}，不能是“{kind}”。")
    group_type, group_filter = group_types[kind]
    return {
        "LDAP_ENABLED": True,
        "AUTH_LDAP_SERVER_URI": uri,
        "AUTH_LDAP_BIND_DN": env("DJANGO_LDAP_BIND_DN", ""),
        "AUTH_LDAP_BIND_PASSWORD": env("DJANGO_LDAP_BIND_PASSWORD", ""),
        "AUTH_LDAP_START_TLS": env_bool("DJANGO_LDAP_START_TLS", False),
        "AUTH_LDAP_USER_SEARCH": LDAPSearch(user_base, python_ldap.SCOPE_SUBTREE,
                                            env("DJANGO_LDAP_USER_FILTER", "(uid=%(user)s)")),
        "AUTH_LDAP_GROUP_SEARCH": LDAPSearch(group_base, python_ldap.SCOPE_SUBTREE, group_filter),
        "AUTH_LDAP_GROUP_TYPE": group_type(),
        "AUTH_LDAP_USER_ATTR_MAP": {},  # accounts are written by correspondents.identity, not the library
        "AUTH_LDAP_ALWAYS_UPDATE_USER": False,
        "AUTH_LDAP_CONNECTION_OPTIONS": {python_ldap.OPT_NETWORK_TIMEOUT: 5, python_ldap.OPT_TIMEOUT: 10},
        "LDAP_ROLE_GROUPS": {ROLE_NAMES[role]: [dn.lower() for dn in _split(env(f"DJANGO_LDAP_{role}_GROUPS", ""), ";")]
                             for role in ROLE_NAMES},
        "LDAP_ATTRIBUTES": {"name": env("DJANGO_LDAP_ATTR_NAME", "cn"), "email": env("DJANGO_LDAP_ATTR_EMAIL", "mail"),
                            "mobile": env("DJANGO_LDAP_ATTR_MOBILE", "mobile"),
                            "employee_number": env("DJANGO_LDAP_ATTR_EMPLOYEE_NUMBER", "employeeNumber"),
                            "unit": env("DJANGO_LDAP_ATTR_UNIT", "ou")},
    }


def oidc(env: Callable[[str, str], str]) -> dict:
    issuer = env("DJANGO_OIDC_PROVIDER_URL", "")
    if not issuer:
        return {"OIDC_ENABLED": False}
    client_id = env("DJANGO_OIDC_CLIENT_ID", "")
    if not client_id:
        raise ImproperlyConfigured("统一身份认证登录需要 DJANGO_OIDC_CLIENT_ID（和 DJANGO_OIDC_CLIENT_SECRET）。")
    return {
        "OIDC_ENABLED": True,
        "OIDC_PROVIDER_URL": issuer.rstrip("/"),
        "OIDC_RP_CLIENT_ID": client_id,
        "OIDC_RP_CLIENT_SECRET": env("DJANGO_OIDC_CLIENT_SECRET", ""),
        "OIDC_RP_SCOPES": env("DJANGO_OIDC_SCOPES", "openid profile email phone"),
        "OIDC_RP_SIGN_ALGO": env("DJANGO_OIDC_SIGN_ALGO", "RS256"),
        "OIDC_USE_PKCE": True,
        "OIDC_TIMEOUT": 10,
        "OIDC_BUTTON_LABEL": env("DJANGO_OIDC_BUTTON_LABEL", "统一身份认证登录"),
        "OIDC_ROLES_CLAIM": env("DJANGO_OIDC_ROLES_CLAIM", "roles"),
        "OIDC_ROLE_VALUES": {ROLE_NAMES[role]: _split(env(f"DJANGO_OIDC_{role}_ROLES", ""), ",") for role in ROLE_NAMES},
        "OIDC_CLAIMS": {"username": env("DJANGO_OIDC_CLAIM_USERNAME", "preferred_username"),
                        "name": env("DJANGO_OIDC_CLAIM_NAME", "name"), "email": env("DJANGO_OIDC_CLAIM_EMAIL", "email"),
                        "mobile": env("DJANGO_OIDC_CLAIM_MOBILE", "phone_number"),
                        "employee_number": env("DJANGO_OIDC_CLAIM_EMPLOYEE_NUMBER", "employee_number"),
                        "unit": env("DJANGO_OIDC_CLAIM_UNIT", "department")},
        "LOGIN_REDIRECT_URL_FAILURE": "/accounts/login/?signin=failed",
    }


def common(env: Callable[[str, str], str], env_bool: Callable[[str, bool], bool]) -> dict:
    match_by = _split(env("DJANGO_SIGNIN_MATCH_BY", "email,mobile,employee_number"), ",")
    unknown = set(match_by) - {"email", "mobile", "employee_number"}
    if unknown:
        raise ImproperlyConfigured(f"DJANGO_SIGNIN_MATCH_BY 只能由 email、mobile、employee_number 组成，不认识：{'、'.join(unknown)}。")
    local = env("DJANGO_LOCAL_PASSWORDS", "all")
    if local not in {"all", "superusers"}:
        raise ImproperlyConfigured("DJANGO_LOCAL_PASSWORDS 只能是 all 或 superusers。")
    return {"SIGNIN_MATCH_BY": match_by, "SIGNIN_CREATE_ACCOUNTS": env_bool("DJANGO_SIGNIN_CREATE_ACCOUNTS", False),
            "LOCAL_PASSWORDS": local}
