"""A small OpenID provider for the tests, built on joserfc (JOSE): discovery, a login form at the
authorization endpoint, the code flow with PKCE (S256) at the token endpoint, userinfo and a JWKS
with an RSA key. Enough of the protocol for mozilla-django-oidc to sign someone in for real."""

import base64
import hashlib
import html
import json
import secrets
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from joserfc import jwt
from joserfc.jwk import RSAKey


class Provider:
    def __init__(self, client_id: str, client_secret: str, people: dict[str, dict]):
        self.client_id, self.client_secret, self.people = client_id, client_secret, people
        self.key = RSAKey.generate_key(2048, parameters={"kid": "test-key"})
        self.codes: dict[str, dict] = {}
        self.tokens: dict[str, dict] = {}
        self.discovery_requests = 0
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def _send(self, status: int, body: bytes, kind: str = "application/json", headers: dict | None = None):
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

            def _json(self, data: dict, status: int = 200):
                self._send(status, json.dumps(data).encode())

            def do_GET(self):
                url = urllib.parse.urlsplit(self.path)
                query = dict(urllib.parse.parse_qsl(url.query))
                if url.path == "/.well-known/openid-configuration":
                    provider.discovery_requests += 1
                    return self._json(provider.discovery())
                if url.path == "/jwks":
                    return self._json({"keys": [provider.key.as_dict(private=False)]})
                if url.path == "/authorize":
                    return self._send(200, provider.login_form(query).encode(), "text/html; charset=utf-8")
                if url.path == "/userinfo":
                    token = self.headers.get("Authorization", "").removeprefix("Bearer ")
                    if token not in provider.tokens:
                        return self._json({"error": "invalid_token"}, 401)
                    return self._json(provider.tokens[token])
                self._json({"error": "not_found"}, 404)

            def do_POST(self):
                url = urllib.parse.urlsplit(self.path)
                form = dict(urllib.parse.parse_qsl(self.rfile.read(int(self.headers["Content-Length"])).decode()))
                if url.path == "/authorize":
                    person = provider.people.get(form.get("username"))
                    if person is None or person["password"] != form.get("password"):
                        return self._send(200, provider.login_form(form, "用户名或密码错误").encode(), "text/html; charset=utf-8")
                    code = secrets.token_urlsafe(16)
                    provider.codes[code] = {"form": form, "person": person, "username": form["username"]}
                    back = f"{form['redirect_uri']}?{urllib.parse.urlencode({'code': code, 'state': form['state']})}"
                    return self._send(302, b"", headers={"Location": back})
                if url.path == "/token":
                    return self._json(*provider.token(form, self.headers.get("Authorization", "")))
                self._json({"error": "not_found"}, 404)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.issuer = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def discovery(self) -> dict:
        return {"issuer": self.issuer, "authorization_endpoint": f"{self.issuer}/authorize",
                "token_endpoint": f"{self.issuer}/token", "userinfo_endpoint": f"{self.issuer}/userinfo",
                "jwks_uri": f"{self.issuer}/jwks", "response_types_supported": ["code"],
                "id_token_signing_alg_values_supported": ["RS256"], "code_challenge_methods_supported": ["S256"]}

    def login_form(self, fields: dict, error: str = "") -> str:
        kept = "".join(f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">'
                       for k, v in fields.items() if k not in {"username", "password"})
        return (f'<!doctype html><meta charset="utf-8"><title>统一身份认证平台</title><h1>统一身份认证平台</h1>'
                f'<p id="error">{html.escape(error)}</p><form method="post" action="/authorize">{kept}'
                '<label>账号 <input name="username" id="username"></label>'
                '<label>密码 <input name="password" id="password" type="password"></label>'
                '<button type="submit" id="sign-in">登录</button></form>')

    def token(self, form: dict, authorization: str) -> tuple[dict, int]:
        client_id, secret = form.get("client_id"), form.get("client_secret")
        if authorization.startswith("Basic "):
            client_id, secret = base64.b64decode(authorization[6:]).decode().split(":", 1)
        if (client_id, secret) != (self.client_id, self.client_secret):
            return {"error": "invalid_client"}, 401
        grant = self.codes.pop(form.get("code", ""), None)
        if grant is None or grant["form"]["redirect_uri"] != form.get("redirect_uri"):
            return {"error": "invalid_grant"}, 400
        challenge = base64.urlsafe_b64encode(hashlib.sha256(form.get("code_verifier", "").encode()).digest()).rstrip(b"=")
        if grant["form"].get("code_challenge", "").encode() != challenge:
            return {"error": "invalid_grant", "error_description": "PKCE"}, 400
        now = int(time.time())
        claims = {key: value for key, value in grant["person"].items() if key != "password"}
        claims |= {"sub": grant["username"], "preferred_username": grant["username"]}
        id_token = jwt.encode({"alg": "RS256", "kid": "test-key"},
                              {**claims, "iss": self.issuer, "aud": self.client_id, "iat": now, "exp": now + 300,
                               "nonce": grant["form"].get("nonce")}, self.key)
        access = secrets.token_urlsafe(16)
        self.tokens[access] = claims
        return {"access_token": access, "id_token": id_token, "token_type": "Bearer", "expires_in": 300}, 200

    def close(self):
        self.server.shutdown()
        self.server.server_close()
