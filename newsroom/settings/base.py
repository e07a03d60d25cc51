"""Settings shared by every environment; everything deployment-specific comes from the env."""

import datetime
import os
import zoneinfo
from pathlib import Path

import dj_database_url

from newsroom.core import languages
from newsroom.search.opensearch import search_backends

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("NEWSROOM_VAR_DIR", BASE_DIR / "var"))


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
WAGTAILADMIN_BASE_URL = SITE_URL
CSRF_TRUSTED_ORIGINS = [SITE_URL]

INSTALLED_APPS = [
    "newsroom.core",
    "newsroom.content",
    "newsroom.events",
    "newsroom.search",
    "newsroom.feeds",
    "newsroom.demo",
    "newsletter",
    "newsroom.registrations",
    "newsroom.api",
    "newsroom.editorial",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.typed_table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_tasks",
    "django_celery_beat",
    "csp",
    "axes",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Above the session, CSRF and locale middleware: it must see the cookies and Vary they add.
    "newsroom.core.caching.MicroCacheMiddleware",
    "newsroom.core.security.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "newsroom.core.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "newsroom.core.sites.SiteMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes requires
]

# django-axes checks every login attempt first (admin logins are throttled, see below).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "OPTIONS": {
            "loaders": [
                (
                    "newsroom.core.template_loader.Loader",
                    [
                        "django.template.loaders.filesystem.Loader",
                        "django.template.loaders.app_directories.Loader",
                    ],
                )
            ],
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "newsroom.core.context_processors.newsroom",
            ],
        },
    },
]

# --- Database: SQLite in var/ unless DATABASE_URL says otherwise.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'newsroom.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default lives in var/, which a fresh clone does not have yet.
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # Persistent connections buy nothing on SQLite and keep files locked in tests.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})
    # Web, worker and beat processes share the file: write-ahead logging lets readers go on
    # while one writes, and commits need not wait for the disk each time (a crash of the
    # machine may lose the last commits, never corrupt the file; production uses PostgreSQL).
    DATABASES["default"]["OPTIONS"].update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and (
    os.environ.get("NEWSROOM_DB_PREPARE", "1") != "0"
):
    # Parameters sent apart from the query text, so psycopg prepares a query the connection
    # has run five times and PostgreSQL stops planning it anew on every page: planning took
    # longer than running most of a page's queries. A pooler in transaction mode that cannot
    # keep prepared statements (PgBouncer before 1.21) needs NEWSROOM_DB_PREPARE=0.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"server_side_binding": True, "prepare_threshold": 5}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: broker, result backend and cache when REDIS_URL is set; eager otherwise.
REDIS_URL = os.environ.get("REDIS_URL", "")
# Nothing a reader or a sign-up needs waits for Redis: the cache fails open (a miss) and
# emails wait in the outbox (newsroom.core.breaker, .redis_cache, .outbox). A call gives up
# after this many seconds, and after a failure Redis is left alone for RETRY_SECONDS.
NEWSROOM_REDIS_TIMEOUT = float(os.environ.get("NEWSROOM_REDIS_TIMEOUT", "0.5"))
NEWSROOM_REDIS_RETRY_SECONDS = float(os.environ.get("NEWSROOM_REDIS_RETRY_SECONDS", "5"))

if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "newsroom.core.redis_cache.FailOpenRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "newsroom",
            "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient"},
        }
    }
else:
    # One process's memory. Django's default of 300 entries is less than a crawl of the archive
    # touches in a minute (a page's language versions are one entry): the fragments every page
    # shares (navigation, "Latest", the home page's lists) were pushed out and drawn again.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        }
    }

CELERY_BROKER_URL = REDIS_URL or "memory://"
# Deployments (or test runs) sharing one Redis database keep their tasks apart by queue name.
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("NEWSROOM_CELERY_QUEUE", "celery")
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 15 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 14 * 60
CELERY_RESULT_EXPIRES = 24 * 60 * 60
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 60 * 60}
CELERY_TIMEZONE = "UTC"
# Several beat processes may run (one per node, say): only the one holding a lock in Redis
# sends tasks; another takes over within NEWSROOM_BEAT_LOCK_SECONDS of its death
# (newsroom.core.beat). Each task sent is saved at once, so a new leader does not repeat it.
CELERY_BEAT_SCHEDULER = "newsroom.core.beat:LeaderDatabaseScheduler"
CELERY_BEAT_SYNC_EVERY = 1
NEWSROOM_BEAT_LOCK_SECONDS = int(os.environ.get("NEWSROOM_BEAT_LOCK_SECONDS", "30"))

# --- Outbox (newsroom.core.outbox): emails owed to sign-ups are stored with them and handed to
# Celery after the commit; beat's drain hands over what the broker could not take (Redis
# down) and, LEASE seconds later, what was handed over and never ran.
NEWSROOM_OUTBOX_LEASE = int(os.environ.get("NEWSROOM_OUTBOX_LEASE", str(15 * 60)))
NEWSROOM_OUTBOX_MAX_ATTEMPTS = 10
CELERY_BEAT_SCHEDULE = globals().get("CELERY_BEAT_SCHEDULE", {})
CELERY_BEAT_SCHEDULE["core-outbox-drain"] = {
    "task": "newsroom.core.outbox_drain",
    "schedule": 60.0,
    "options": {"expires": 55},  # a run still queued a minute later is superseded
}

# The query planner's statistics, as the archive grows (newsroom.core.query_planner).
CELERY_BEAT_SCHEDULE["core-database-statistics"] = {
    "task": "newsroom.core.refresh_statistics",
    "schedule": 60 * 60,
    "options": {"expires": 55 * 60},
}

# --- Editorial workflow (newsroom.editorial): beat publishes scheduled pages every minute, so
# go-live and expiry times are kept to the minute without cron (the DatabaseScheduler installs
# the entry at start).
CELERY_BEAT_SCHEDULE = globals().get("CELERY_BEAT_SCHEDULE", {})
CELERY_BEAT_SCHEDULE["editorial-publish-scheduled"] = {
    "task": "newsroom.editorial.publish_scheduled",
    "schedule": 60.0,
    "options": {"expires": 55},  # a run still queued a minute later is superseded
}
# Translating a page creates the translation as a draft (it carries the source text until
# translated) instead of publishing it at once under /ar/ or /en/.
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False

# Wagtail 8 queues its own background work (reference index, file deletion) through
# Django's tasks framework; with a broker it goes to the Celery worker, else it runs inline.
TASKS = {
    "default": {
        "BACKEND": (
            "newsroom.core.jobs.CeleryTaskBackend"
            if REDIS_URL
            else "django_tasks.backends.immediate.ImmediateBackend"
        ),
    }
}
# wagtail-localize syncs whole trees; never do that inside a web request.
WAGTAILLOCALIZE_JOBS = {"BACKEND": "newsroom.core.jobs.CeleryLocalizeJobBackend"}

# --- Feeds (newsroom.feeds): RSS, Atom, JSON Feed and ICS built by Celery into FEEDS_ROOT and
# served from there as files; web processes and workers then share FEEDS_ROOT. With object
# storage (NEWSROOM_S3_BUCKET, below) they live in the bucket instead and FEEDS_ROOT is unused.
FEEDS_ROOT = Path(os.environ.get("NEWSROOM_FEEDS_ROOT", VAR_DIR / "feeds"))
FEEDS_LENGTH = int(os.environ.get("FEEDS_LENGTH", "50"))  # newest items per feed
FEEDS_COALESCE_SECONDS = 1.0  # changes within this window are rebuilt together
FEEDS_CACHE_SECONDS = 300  # Cache-Control max-age of feeds and calendars
# WebSub: feeds advertise this hub, and every rebuild that changes a feed pings it.
WEBSUB_HUB_URL = os.environ.get("WEBSUB_HUB_URL", "")
# Every feed is rebuilt hourly as well (the DatabaseScheduler picks this schedule up too).
CELERY_BEAT_SCHEDULE = globals().get("CELERY_BEAT_SCHEDULE", {})
CELERY_BEAT_SCHEDULE["feeds-rebuild-all"] = {
    "task": "newsroom.feeds.rebuild_all",
    "schedule": 60 * 60,
}

# --- Email: SMTP when EMAIL_HOST is set, .eml files in var/mail otherwise.
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "newsroom@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
    EMAIL_TIMEOUT = 30
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"

# --- Newsletter (newsletter/): double opt-in, digests sent by Celery through a delivery ledger,
# one-click unsubscribe, bounces from anymail webhooks. See the README's Newsletter section.
# Newsletter mail may go through another backend than EMAIL_BACKEND (an anymail ESP, say).
NEWSLETTER_EMAIL_BACKEND = os.environ.get("NEWSLETTER_EMAIL_BACKEND", "")
NEWSLETTER_FROM_EMAIL = os.environ.get("NEWSLETTER_FROM_EMAIL", "") or DEFAULT_FROM_EMAIL
# The mailto: of List-Unsubscribe; mail to it reaches the anymail inbound webhook.
NEWSLETTER_UNSUBSCRIBE_MAILTO = os.environ.get("NEWSLETTER_UNSUBSCRIBE_MAILTO", "") or (
    "unsubscribe@" + DEFAULT_FROM_EMAIL.rpartition("@")[2].strip("> ")
)
NEWSLETTER_POSTAL_ADDRESS = os.environ.get("NEWSLETTER_POSTAL_ADDRESS", "")  # email footer
NEWSLETTER_CONFIRM_MAX_AGE = 3 * 24 * 60 * 60  # confirmation links expire after three days
NEWSLETTER_PREFERENCES_MAX_AGE = 400 * 24 * 60 * 60  # preference links in old emails
NEWSLETTER_SIGNUP_RATE = (10, 60 * 60)  # form posts per client address per hour
NEWSLETTER_RESEND_INTERVAL = 15 * 60  # at most one confirmation email per address per 15 min
NEWSLETTER_BATCH_SIZE = int(os.environ.get("NEWSLETTER_BATCH_SIZE", "500"))  # per Celery task
NEWSLETTER_CLAIM_SIZE = 100  # ledger rows claimed per transaction
NEWSLETTER_LEASE_SECONDS = int(os.environ.get("NEWSLETTER_LEASE_SECONDS", "600"))
NEWSLETTER_MAX_ATTEMPTS = 6  # temporary SMTP failures, retried after 1, 2, 4, 8, 16 minutes
NEWSLETTER_RETRY_DELAY = 60
# Bounce and complaint webhooks (anymail) only answer requests with this basic-auth secret
# ("user:password"); without it they are switched off.
ANYMAIL = globals().get("ANYMAIL", {})
ANYMAIL.setdefault("WEBHOOK_SECRET", os.environ.get("ANYMAIL_WEBHOOK_SECRET", ""))
from celery.schedules import crontab  # noqa: E402 - kept with the schedule it builds

CELERY_BEAT_SCHEDULE = globals().get("CELERY_BEAT_SCHEDULE", {})
CELERY_BEAT_SCHEDULE["newsletter-daily-digest"] = {
    "task": "newsletter.send_digests",
    "schedule": crontab(hour=6, minute=0),
    "args": ("daily",),
}
CELERY_BEAT_SCHEDULE["newsletter-weekly-digest"] = {
    "task": "newsletter.send_digests",
    "schedule": crontab(hour=6, minute=30, day_of_week="mon"),
    "args": ("weekly",),
}
# Picks up ledger rows left behind by a worker that died or by temporary SMTP failures.
CELERY_BEAT_SCHEDULE["newsletter-resume"] = {
    "task": "newsletter.resume",
    "schedule": 15 * 60,
}

# --- Event registrations (newsroom.registrations): sign-ups with capacity, waiting list,
# invitations and calendar invitations by email. See the README's "Event registrations".
REGISTRATION_CONFIRM_MAX_AGE = 3 * 24 * 60 * 60  # the "confirm your address" link
REGISTRATION_OFFER_HOLD_HOURS = int(os.environ.get("REGISTRATION_OFFER_HOLD_HOURS", "48"))
REGISTRATION_RETENTION_DAYS = int(os.environ.get("REGISTRATION_RETENTION_DAYS", "90"))
REGISTRATION_REMINDER_HOURS = 24  # the reminder goes out this long before the start
REGISTRATION_SIGNUP_RATE = (20, 60 * 60)  # form posts per client address per hour
REGISTRATION_RESEND_INTERVAL = 15 * 60  # at most one "already registered" email per 15 min
CELERY_BEAT_SCHEDULE["registrations-reminders"] = {
    "task": "registrations.send_reminders",
    "schedule": 15 * 60,
}
CELERY_BEAT_SCHEDULE["registrations-expire-offers"] = {
    "task": "registrations.expire_offers",
    "schedule": 5 * 60,
}
CELERY_BEAT_SCHEDULE["registrations-purge"] = {
    "task": "registrations.purge",
    "schedule": crontab(hour=3, minute=15),
}

# --- Languages: NEWSROOM_LANGUAGES lists them, the default first ("en,ar": English, then
# Arabic as a full mirror, never a fallback). Adding one ("en,ar,ckb") is this setting, a
# catalogue and translations (README, "Adding a language"); names and direction come from
# Django's LANG_INFO.
_LANGUAGE_CODES = languages.parse(os.environ.get("NEWSROOM_LANGUAGES", languages.DEFAULT_LANGUAGES))
LANGUAGE_CODE = _LANGUAGE_CODES[0]
# Readers' switchers name each language in itself (LANGUAGES); the admin names content
# languages in the interface language ("Arabic", or "العربيّة" in an Arabic admin).
LANGUAGES = languages.reader_languages(_LANGUAGE_CODES)
WAGTAIL_CONTENT_LANGUAGES = languages.content_languages(_LANGUAGE_CODES)
WAGTAIL_I18N_ENABLED = True
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"
LOCALE_PATHS = [BASE_DIR / "locale"]
# Arabic pages print numbers with Arabic-Indic digits ("arab") or Latin digits ("latn").
NEWSROOM_ARABIC_DIGITS = os.environ.get("NEWSROOM_ARABIC_DIGITS", "arab")

# --- Content API (/api/v1/): anonymous requests allowed per client address in each period
# (seconds), and how long browsers and shared caches may reuse a response.
NEWSROOM_API_RATE_LIMIT = int(os.environ.get("NEWSROOM_API_RATE_LIMIT", "300"))
NEWSROOM_API_RATE_PERIOD = int(os.environ.get("NEWSROOM_API_RATE_PERIOD", "60"))
NEWSROOM_API_CACHE_SECONDS = int(os.environ.get("NEWSROOM_API_CACHE_SECONDS", "60"))

# --- Static and media.
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "static_collected"))
STATICFILES_DIRS = [BASE_DIR / "site" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# --- Object storage: with NEWSROOM_S3_BUCKET set, media (images, documents) and feed artefacts
# live in that S3-compatible bucket instead of MEDIA_ROOT and FEEDS_ROOT, so web nodes and
# workers share no disk (README, "Deployment"). Credentials come the usual boto3 way
# (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or the machine's role). Image URLs are
# unsigned, so pages stay cacheable: NEWSROOM_S3_PUBLIC_URL (a CDN or the bucket's public
# address, e.g. https://media.example.org) or the endpoint itself. Documents are never linked
# there: Django checks access and streams them, so only media/images/ and
# media/original_images/ need to be publicly readable.
NEWSROOM_S3_BUCKET = os.environ.get("NEWSROOM_S3_BUCKET", "")
NEWSROOM_S3_PUBLIC_URL = os.environ.get("NEWSROOM_S3_PUBLIC_URL", "").rstrip("/")
if NEWSROOM_S3_BUCKET:
    _public_scheme, _, _public_address = NEWSROOM_S3_PUBLIC_URL.partition("://")
    _s3_options = {
        "bucket_name": NEWSROOM_S3_BUCKET,
        "endpoint_url": os.environ.get("NEWSROOM_S3_ENDPOINT_URL") or None,
        "region_name": os.environ.get("NEWSROOM_S3_REGION") or None,
        "custom_domain": _public_address or None,
        "url_protocol": f"{_public_scheme or 'https'}:",
        "querystring_auth": False,
        "default_acl": None,  # the bucket's policy decides what is public
    }
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {**_s3_options, "location": "media", "file_overwrite": False},
    }
    # Read and written by newsroom.feeds.store; a rebuild replaces an artefact in place.
    STORAGES["feeds"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {**_s3_options, "location": "feeds", "file_overwrite": True},
    }

# --- Wagtail.
WAGTAIL_SITE_NAME = "Newsroom"
WAGTAILDOCS_DOCUMENT_MODEL = "core.NewsroomDocument"
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILIMAGES_IMAGE_MODEL = "wagtailimages.Image"
# Search (newsroom/search): Wagtail's database backend on SQLite or PostgreSQL, indexing and
# queried with the terms of newsroom.search.analysis; OPENSEARCH_URL selects OpenSearch with
# analyzers generated from the same word lists (see newsroom/search/opensearch.py).
WAGTAILSEARCH_BACKENDS = search_backends(os.environ.get("OPENSEARCH_URL", ""))
WAGTAILEMBEDS_RESPONSIVE_HTML = True
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No gravatar: it would send a hash of every editor's address to a third party (and break
# offline). The admin shows the avatar an editor uploads, or Wagtail's default one.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Wagtail 8's autosave on the create form races the editor's own Publish: the autosave creates
# the page while Publish creates it again, and the second fails on the slug with a 500 (caught
# by the editor journey in CI). Editors save drafts themselves until that race is gone.
WAGTAIL_AUTOSAVE_INTERVAL = 0
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
# The time zones an editor may choose for the admin: the tz database's, without "localtime"
# (Debian's name for the machine's own zone, no IANA name): browsers refuse it, and the account
# page's script failed on it for every editor.
WAGTAIL_USER_TIME_ZONES = sorted(zoneinfo.available_timezones() - {"localtime"})
WAGTAIL_DATE_FORMAT = "%Y-%m-%d"
WAGTAIL_DATETIME_FORMAT = "%Y-%m-%d %H:%M"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Serving: nginx's micro-cache keeps anonymous pages this long (newsroom.core.caching).
NEWSROOM_MICRO_CACHE = {"seconds": 1, "stale_while_revalidate": 1, "stale_if_error": 3600}

# --- Security headers (README, "Serving and security"). Content-Security-Policy (django-csp)
# without 'unsafe-inline': public templates carry no inline script or style attribute (JSON-LD
# is a data block, which CSP does not block). Wagtail's admin still needs inline styles and
# scripts, so /admin/ (and the previews it renders) keeps Django's other headers but no CSP.
_CSP_SELF, _CSP_NONE = "'self'", "'none'"
NEWSROOM_EMBED_ORIGINS = env_list(
    "NEWSROOM_EMBED_ORIGINS",
    "https://www.youtube.com,https://www.youtube-nocookie.com,https://player.vimeo.com,"
    "https://w.soundcloud.com,https://open.spotify.com,https://www.dailymotion.com",
)  # the embed providers whose players may appear in articles
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": [_CSP_SELF],
        "script-src": [_CSP_SELF],
        "style-src": [_CSP_SELF],
        "img-src": [_CSP_SELF, "data:"],
        "font-src": [_CSP_SELF],
        "connect-src": [_CSP_SELF],
        "media-src": [_CSP_SELF],
        "frame-src": NEWSROOM_EMBED_ORIGINS or [_CSP_NONE],
        "object-src": [_CSP_NONE],
        "base-uri": [_CSP_SELF],
        "form-action": [_CSP_SELF],
        "frame-ancestors": [_CSP_NONE],
    },
}
if NEWSROOM_S3_BUCKET:  # images are linked straight to the bucket or the CDN in front of it
    # With a trailing slash, a CSP source with a path allows everything under it.
    _media_origin = (NEWSROOM_S3_PUBLIC_URL or _s3_options["endpoint_url"] or "").rstrip("/")
    for _directive in ("img-src", "media-src"):
        CONTENT_SECURITY_POLICY["DIRECTIVES"][_directive].append(
            f"{_media_origin}/" if _media_origin else "https://*.amazonaws.com"
        )
if os.environ.get("CSP_REPORT_URI"):  # where browsers report violations, if anywhere
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["report-uri"] = [os.environ["CSP_REPORT_URI"]]
# Permissions-Policy: the default (newsroom.core.security) denies camera, microphone,
# geolocation, payment, USB, sensors and the like to every page and frame.

# --- Admin login throttling (django-axes): 5 failed attempts for one username from one
# address lock that pair out for 15 minutes (429); a success resets the count. Locking the
# pair, not the username, keeps an attacker from locking editors out from everywhere.
# `manage.py axes_reset` lifts every lock.
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "newsroom.core.security.axes_client_ip"
AXES_LOCKOUT_CALLABLE = "newsroom.core.security.axes_lockout_response"  # 429 + Retry-After
# Passwords of protected pages: the same number of wrong guesses per address and page in the
# same time (newsroom.core.page_passwords), then 429 with Retry-After.
NEWSROOM_PAGE_PASSWORD_RATE = (AXES_FAILURE_LIMIT, int(AXES_COOLOFF_TIME.total_seconds()))

# --- Client addresses (rate limits, login throttling): the proxies whose X-Forwarded-For is
# believed, as addresses or networks. nginx on this machine (loopback, or gunicorn's unix
# socket) by default; add a TLS terminator or CDN in front of it (README, Configuration).
NEWSROOM_TRUSTED_PROXIES = env_list("NEWSROOM_TRUSTED_PROXIES", "127.0.0.0/8,::1")

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"

# --- Logs on stderr: one JSON object per line with LOG_FORMAT=json (newsroom.core.logging).
LOG_FORMAT = os.environ.get("LOG_FORMAT", "plain").strip().lower()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "newsroom.core.logging.JSONFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "plain",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
# Celery workers keep the logging above (JSON included) instead of installing their own.
CELERY_WORKER_HIJACK_ROOT_LOGGER = LOG_FORMAT != "json"

# --- Error reporting: Sentry with the Django and Celery integrations when SENTRY_DSN is set
# (newsroom.core.monitoring; SENTRY_ENVIRONMENT, SENTRY_RELEASE, SENTRY_TRACES_SAMPLE_RATE).
from newsroom.core.monitoring import init_error_reporting  # noqa: E402

init_error_reporting()
