"""Response headers that keep the browser on our side: a content policy for every page, and user files that can
never run as a page of this site.

Every response gets a Content-Security-Policy without inline script or eval (templates load only
`/static/...` scripts; htmx needs neither for `hx-*` attributes), `X-Frame-Options: DENY`, `nosniff` and a
same-origin referrer. A file a user or a designer supplied (attachments, BPMN/DMN sources and drafts, generated
documents) is marked by `untrusted_file`: a download (Content-Disposition: attachment), `nosniff`, and
`Content-Security-Policy: sandbox`, so that even opened directly it has no script and no origin. The modeler
reads sources with fetch(), which ignores the disposition and reads the body whatever its type.

Session cookies are `Secure` when `SESSION_COOKIE_SECURE` is set (`PLANFLOW_SESSION_COOKIE_SECURE=true` in
production behind HTTPS, docs/web.md); the remember-me cookie follows it unless set on its own.
"""

from __future__ import annotations

from flask import Flask, Response

# style-src allows inline styles: templates use style attributes, and htmx 2 and the modeler insert <style>.
# Fonts and a few icons of the modeler's stylesheet are data: URLs; fetch() may read a data: URL (it leaks nothing,
# and the modeler's tests hand it diagrams that way).
SITE_POLICY = "; ".join((
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self' data:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
))
# A user-supplied file: no script, an opaque origin, nothing loaded, never framed.
FILE_POLICY = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'"
SITE_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


def untrusted_file(response: Response, filename: str | None = None) -> Response:
    """Mark a response whose body someone else wrote: a download, never sniffed, sandboxed if opened anyway."""
    if not response.headers.get("Content-Disposition", "").startswith("attachment"):
        if filename:
            response.headers.set("Content-Disposition", "attachment", filename=filename)
        else:
            response.headers["Content-Disposition"] = "attachment"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = FILE_POLICY
    return response


def secure_headers(response: Response) -> Response:
    """The site's policy, unless the view chose a stricter one (a user file); no server banner from the app."""
    response.headers.setdefault("Content-Security-Policy", SITE_POLICY)
    for name, value in SITE_HEADERS.items():
        response.headers.setdefault(name, value)
    response.headers.pop("Server", None)
    response.headers.pop("X-Powered-By", None)
    return response


def init_app(app: Flask) -> None:
    app.config.setdefault("SESSION_COOKIE_SECURE", False)
    app.config.setdefault("SESSION_COOKIE_HTTPONLY", True)
    app.config.setdefault("REMEMBER_COOKIE_SECURE", bool(app.config["SESSION_COOKIE_SECURE"]))
    app.config.setdefault("REMEMBER_COOKIE_HTTPONLY", True)
    app.config.setdefault("REMEMBER_COOKIE_SAMESITE", app.config.get("SESSION_COOKIE_SAMESITE") or "Lax")
    app.after_request(secure_headers)
