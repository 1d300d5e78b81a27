"""The client's address, read the way the deployment says (DJANGO_PROXY_COUNT reverse proxies).

Each proxy appends the address it was connected from to X-Forwarded-For, so behind N proxies the
client is the N-th address from the right: what the outermost proxy saw, whatever the client wrote
into the header itself. With no proxy the header is ignored: a client cannot choose its address."""

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    proxies = settings.PROXY_COUNT
    remote = request.META.get("REMOTE_ADDR") or None
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < proxies:  # did not come through the proxies: the connection's own address
        return remote
    return forwarded[-proxies]
