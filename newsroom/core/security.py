"""Security headers Django has no setting for, and the client address behind proxies.

Django's SecurityMiddleware already sends HSTS (production, https), X-Content-Type-Options,
Referrer-Policy and Cross-Origin-Opener-Policy; XFrameOptionsMiddleware sends X-Frame-Options;
django-csp sends Content-Security-Policy. This adds Permissions-Policy.
"""

import ipaddress

from axes.helpers import get_cool_off, get_lockout_message
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse

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


def _networks(entries):
    networks = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError as exc:
            raise ImproperlyConfigured(
                f"NEWSROOM_TRUSTED_PROXIES: {entry!r} is not an address or a network"
            ) from exc
    return tuple(networks)


def _address(text):
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def is_trusted_proxy(address, networks=None):
    """``address`` (text) is one of NEWSROOM_TRUSTED_PROXIES. An empty address is a peer on
    gunicorn's unix socket, which only a local process (nginx) can reach."""
    if address == "":
        return True
    parsed = _address(address)
    if parsed is None:
        return False
    networks = networks if networks is not None else _networks(settings.NEWSROOM_TRUSTED_PROXIES)
    return any(parsed in network for network in networks)


def client_ip(request):
    """The reader's address, for rate limits, login throttling and logs.

    REMOTE_ADDR, unless that peer is a trusted proxy (NEWSROOM_TRUSTED_PROXIES: nginx, and a
    TLS terminator or CDN in front of it): then the right-most X-Forwarded-For entry that is
    not a trusted proxy, i.e. the address the outermost trusted proxy saw. Entries further
    left were written by the client and are never believed.
    """
    remote = request.META.get("REMOTE_ADDR") or ""
    networks = _networks(settings.NEWSROOM_TRUSTED_PROXIES)
    if not is_trusted_proxy(remote, networks):
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    hops = [hop for hop in hops if hop]
    for hop in reversed(hops):
        if not is_trusted_proxy(hop, networks):
            # Written by a trusted proxy, so an address; anything else is not believed.
            parsed = _address(hop)
            return str(parsed) if parsed else remote
    return hops[0] if hops else remote


def axes_client_ip(request):
    """AXES_CLIENT_IP_CALLABLE: django-axes counts failed logins per address (and username)."""
    return client_ip(request) or None


def axes_lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: django-axes' own lockout answer (429), plus ``Retry-After``."""
    response = HttpResponse(get_lockout_message(), status=429)
    cool_off = get_cool_off(request)
    response["Retry-After"] = str(int(cool_off.total_seconds())) if cool_off else "3600"
    return response
