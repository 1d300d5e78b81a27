"""Settings, read from the environment. The same file serves development, tests and production;
`DJANGO_DEBUG=0` turns on the production profile."""

import datetime
import os
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlparse

from django.core.exceptions import ImproperlyConfigured

from . import signin_settings

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


def database_from_url(url: str) -> dict:
    """Turn `sqlite:///path` or `postgres://user:pass@host:port/name?opt=…` into a DATABASES entry."""
    parsed = urlparse(url)
    if parsed.scheme == "sqlite":
        path = unquote(parsed.path[1:] if parsed.path.startswith("/") else parsed.path) or "db.sqlite3"
        return sqlite_database(BASE_DIR / path if not Path(path).is_absolute() else Path(path))
    if parsed.scheme in {"postgres", "postgresql", "pgsql"}:
        options = dict(parse_qsl(parsed.query))
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parsed.path.lstrip("/")),
            "USER": unquote(parsed.username or ""),
            "PASSWORD": unquote(parsed.password or ""),
            "HOST": unquote(parsed.hostname or options.pop("host", "")),
            "PORT": str(parsed.port or options.pop("port", "")),
            "OPTIONS": options,
            "CONN_MAX_AGE": int(env_str("DJANGO_CONN_MAX_AGE", "60")),
            "CONN_HEALTH_CHECKS": True,
        }
    raise ImproperlyConfigured(f"DATABASE_URL 的数据库类型不受支持：{parsed.scheme!r}")


def sqlite_database(path: Path) -> dict:
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": path,
        # Immediate transactions and WAL keep a threaded server clear of "database is locked" for
        # short writes; behind a long one (an import) a writer waits this many seconds, then gets a 503.
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "timeout": int(env_str("DJANGO_SQLITE_TIMEOUT", "20")),
        },
    }


DEBUG = env_bool("DJANGO_DEBUG", True)

SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("生产环境（DJANGO_DEBUG=0）必须设置 DJANGO_SECRET_KEY。")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "config.apps.OfficeAdminConfig",  # django.contrib.admin, open to office staff as the desk is
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_filters",
    "import_export",
    "config.apps.LoginGuardConfig",  # django-axes, named in Chinese
    "csp",
    "simple_history",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "correspondents",
    "messaging",
    "outlets",
    "contributions",
    "planning",
    "liaison",
    "training",
    "awards",
    "journal",
    "datacache",
    "desk",
    "portal",
    "operations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "config.two_factor.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "datacache.cache.DataVersionMiddleware",
    "axes.middleware.AxesMiddleware",
]

# Two-factor sign-in for staff (config.two_factor): required of administrators when on (the default in
# production), optional for editors.
STAFF_2FA = env_bool("DJANGO_STAFF_2FA", not DEBUG)
OTP_TOTP_ISSUER = "人大宣传工作管理系统"

# Sign-in: local passwords, and the office's directory (DJANGO_LDAP_*) or unified identity platform
# (DJANGO_OIDC_*) when configured; see config.signin_settings and the README's 登录 section.
globals().update(signin_settings.common(env_str, env_bool))
globals().update(signin_settings.ldap(env_str, env_bool))
globals().update(signin_settings.oidc(env_str))
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses a locked-out username+address before checking
    *(["config.directory.DirectoryBackend"] if LDAP_ENABLED else []),  # noqa: F821 (set just above)
    *(["config.oidc.OfficeOIDCBackend"] if OIDC_ENABLED else []),  # noqa: F821
    "config.directory.LocalPasswordBackend",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "desk.context.desk_navigation",
            ],
        },
    },
]

DATABASES = {
    "default": database_from_url(env_str("DATABASE_URL"))
    if env_str("DATABASE_URL")
    else sqlite_database(BASE_DIR / "db.sqlite3")
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("DJANGO_STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("DJANGO_MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
# Uploaded files: the server's disk by default; DJANGO_STORAGE=s3 keeps them in S3-compatible object
# storage (several app servers). Either way they are served only by the views that check who may see
# them: the bucket is private and its objects are read through the application.
DEFAULT_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
if env_str("DJANGO_STORAGE") == "s3":
    DEFAULT_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("DJANGO_S3_BUCKET"),
            "endpoint_url": env_str("DJANGO_S3_ENDPOINT_URL") or None,
            "region_name": env_str("DJANGO_S3_REGION") or None,
            "access_key": env_str("DJANGO_S3_ACCESS_KEY_ID") or None,
            "secret_key": env_str("DJANGO_S3_SECRET_ACCESS_KEY") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": 300,
            "file_overwrite": False,
            "location": env_str("DJANGO_S3_PREFIX", "uploads"),
        },
    }
STORAGES = {
    "default": DEFAULT_STORAGE,
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Uploads bigger than this are streamed to a temporary file instead of memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 25 * 1024 * 1024

EMAIL_BACKEND = env_str("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(env_str("DJANGO_EMAIL_PORT", "25"))
EMAIL_HOST_USER = env_str("DJANGO_EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("DJANGO_EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", False)
# Where the site is reached, for links in e-mails sent outside a request (e.g. https://xc.rd.example.gov.cn).
SITE_URL = env_str("DJANGO_SITE_URL", "http://127.0.0.1:8000")
# Messages are written to the outbox with their event and sent right after it commits; cron runs
# `send_messages` every minute for retries. 0: leave every message to cron (no network in a request).
MESSAGES_DELIVER_AT_ONCE = env_bool("DJANGO_MESSAGES_AT_ONCE", True)
DEFAULT_FROM_EMAIL = env_str("DJANGO_DEFAULT_FROM_EMAIL", "人大宣传工作管理系统 <noreply@localhost>")

# Computed numbers and page parts (datacache) and, with Redis, sessions. Shared by every process of
# the server with no extra server: a table of the database on PostgreSQL; files beside a SQLite
# database (whose single writer would otherwise make pages wait behind an import to store a number).
# REDIS_URL switches to Redis, for several app servers.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
elif DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                          "LOCATION": env_str("DJANGO_CACHE_DIR", str(BASE_DIR / "var" / "cache")),
                          "OPTIONS": {"MAX_ENTRIES": 20_000, "CULL_FREQUENCY": 4}}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "datacache_entries",
                          "OPTIONS": {"MAX_ENTRIES": 20_000, "CULL_FREQUENCY": 4}}}
# The benchmark's servers say in a Server-Timing header how many cached numbers a page found warm.
DATACACHE_SERVER_TIMING = env_bool("DJANGO_DATACACHE_SERVER_TIMING", False)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
SERIALIZATION_MODULES = {"exactjson": "config.exact_json"}
FORMS_URLFIELD_ASSUME_HTTPS = True
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "landing"
LOGOUT_REDIRECT_URL = "login"
PASSWORD_RESET_TIMEOUT = 3 * 24 * 3600  # an invitation link stays valid for three days
# Correspondents stay logged in for two weeks; office staff, who can change every number, for a working day.
SESSION_COOKIE_AGE = int(env_str("DJANGO_SESSION_DAYS", "14")) * 24 * 3600
STAFF_SESSION_SECONDS = int(float(env_str("DJANGO_STAFF_SESSION_HOURS", "9")) * 3600)

# Login throttling: five failures for one username from one address lock that pair out for 15 minutes.
AXES_FAILURE_LIMIT = int(env_str("DJANGO_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(env_str("DJANGO_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_HTTP_RESPONSE_CODE = 429
AXES_LOCKOUT_CALLABLE = "config.views.locked_out"
# Reverse proxies in front of the app: the client address is read from X-Forwarded-For accordingly.
PROXY_COUNT = int(env_str("DJANGO_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "config.addresses.client_ip"
# Password reset e-mails: at most this many per address and per e-mail address in an hour.
PASSWORD_RESET_LIMIT = int(env_str("DJANGO_PASSWORD_RESET_LIMIT", "5"))
AXES_VERBOSE = False

IMPORT_EXPORT_USE_TRANSACTIONS = True
# Importing changes rows: only those who may change the model may import it; exporting needs view.
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "change"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
# Offices exchange Excel workbooks and CSV; the other formats only confuse the choice.
from sheets.formats import SafeCSV, SafeXLSX  # noqa: E402  (plain classes, no models)

IMPORT_EXPORT_FORMATS = [SafeXLSX, SafeCSV]
IMPORT_EXPORT_SKIP_ADMIN_LOG = False

# Every script and style is served from static/: no inline code, no CDN.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Preloading HSTS is a commitment for the whole domain that the hosting office makes; opt in by env.
SILENCED_SYSTEM_CHECKS = [] if env_bool("DJANGO_HSTS_PRELOAD", False) else ["security.W021"]

if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    # A load balancer checks health over plain HTTP; a redirect would read as "down".
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
    SECURE_HSTS_SECONDS = int(env_str("DJANGO_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", False)
    if env_bool("DJANGO_BEHIND_TLS_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "INFO" if not DEBUG else "WARNING")},
}
