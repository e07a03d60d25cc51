"""Security headers Django has no setting for, and the client address behind nginx.

Django's SecurityMiddleware already sends HSTS (production, https), X-Content-Type-Options,
Referrer-Policy and Cross-Origin-Opener-Policy; XFrameOptionsMiddleware sends X-Frame-Options;
django-csp sends Content-Security-Policy. This adds Permissions-Policy.
"""

from django.conf import settings

# Powerful features no page of the newsroom uses, denied to the page and to every frame it
# embeds. Features a video embed may ask for (fullscreen, autoplay, encrypted-media,
# picture-in-picture) keep the browser's default, which an iframe's `allow` attribute governs.
# Only features Chromium recognises: it logs a console error for every unknown one.
DEFAULT_PERMISSIONS_POLICY = {
    "accelerometer": (),
    "camera": (),
    "display-capture": (),
    "geolocation": (),
    "gyroscope": (),
    "hid": (),
    "idle-detection": (),
    "magnetometer": (),
    "microphone": (),
    "midi": (),
    "payment": (),
    "publickey-credentials-get": (),
    "serial": (),
    "usb": (),
    "xr-spatial-tracking": (),
}


def permissions_policy_header(policy):
    """``{"camera": (), "fullscreen": ("self",)}`` -> ``camera=(), fullscreen=(self)``."""
    parts = []
    for feature, allowlist in policy.items():
        if allowlist == "*":
            parts.append(f"{feature}=*")
            continue
        items = " ".join(
            origin if origin in {"self", "src"} else f'"{origin}"' for origin in allowlist
        )
        parts.append(f"{feature}=({items})")
    return ", ".join(parts)


class PermissionsPolicyMiddleware:
    """Adds ``Permissions-Policy`` (settings.PERMISSIONS_POLICY) unless a view set its own."""

    def __init__(self, get_response):
        self.get_response = get_response
        policy = getattr(settings, "PERMISSIONS_POLICY", DEFAULT_PERMISSIONS_POLICY)
        self.header = permissions_policy_header(policy) if policy else ""

    def __call__(self, request):
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Permissions-Policy", self.header)
        return response


def client_ip(request):
    """The reader's address: nginx (site/nginx) overwrites X-Real-IP with the peer it sees.

    gunicorn is only reachable through nginx (a unix socket, or a port the compose file does
    not publish), so the header cannot come from a client. Without nginx (runserver, tests)
    it is absent and REMOTE_ADDR is the client.
    """
    return request.META.get("HTTP_X_REAL_IP") or request.META.get("REMOTE_ADDR") or ""


def axes_client_ip(request):
    """AXES_CLIENT_IP_CALLABLE: django-axes counts failed logins per address (and username)."""
    return client_ip(request) or None
