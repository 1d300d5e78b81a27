"""Real servers for the sign-in tests: an OpenLDAP slapd (Debian's `slapd`) with a few people and
groups, started on a free loopback port for the session. Skipped with a reason where slapd or
python-ldap is missing, except in CI (CI=true), where the test must run."""

import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest

BASE = "dc=renda,dc=example"
ROOT_DN = f"cn=admin,{BASE}"
ROOT_PASSWORD = "slapd-secret"
PEOPLE = [
    # uid, cn, mail, mobile, employeeNumber, ou, password
    ("lihua", "李华", "lihua@example.org", "13900000001", "E1001", "枝江市人大常委会", "lihua-pass"),
    ("wangbian", "王编", "wang@example.org", "13900000002", "E2001", "研究室", "wang-pass"),
    ("outsider", "局外人", "out@example.org", "13900000003", "E3001", "其他", "out-pass"),
    ("newbie", "新通讯员", "new@example.org", "13900000004", "E4001", "枝江市人大常委会", "new-pass"),
    ("boss", "老板", "root@example.org", "13900000005", "E5001", "研究室", "boss-pass"),
]
GROUPS = {"renda-correspondents": ["lihua", "newbie", "boss"], "renda-editors": ["wangbian"],
          "renda-admins": ["boss"], "other-group": ["outsider"]}


def missing(what: str):
    if os.environ.get("CI"):
        pytest.fail(f"CI 必须运行 LDAP 测试，但缺少 {what}（.ci/run 安装 slapd、libldap2-dev）。")
    pytest.skip(f"缺少 {what}（apt-get install slapd libldap2-dev libsasl2-dev，再 make clean && make test）：跳过 LDAP 测试。")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def slapd(tmp_path_factory):
    binary = shutil.which("slapd") or ("/usr/sbin/slapd" if Path("/usr/sbin/slapd").exists() else None)
    if binary is None:
        missing("slapd")
    try:
        import ldap
        import ldap.modlist
    except ImportError:
        missing("python-ldap")
    home = tmp_path_factory.mktemp("slapd")
    (home / "data").mkdir()
    schema = Path("/etc/ldap/schema")
    config = home / "slapd.conf"
    config.write_text("\n".join([
        *(f"include {schema / name}.schema" for name in ("core", "cosine", "nis", "inetorgperson")),
        "modulepath /usr/lib/ldap", "moduleload back_mdb",
        f"pidfile {home / 'slapd.pid'}",
        "database mdb", f"suffix \"{BASE}\"", f"rootdn \"{ROOT_DN}\"", f"rootpw {ROOT_PASSWORD}",
        f"directory {home / 'data'}", "maxsize 10485760",
        "access to attrs=userPassword by anonymous auth by * none",
        "access to * by * read", "",
    ]))
    port = free_port()
    uri = f"ldap://127.0.0.1:{port}"
    process = subprocess.Popen([binary, "-f", str(config), "-h", f"{uri}/", "-d", "0"],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    connection = None
    for _ in range(100):
        try:
            connection = ldap.initialize(uri)
            connection.simple_bind_s(ROOT_DN, ROOT_PASSWORD)
            break
        except ldap.SERVER_DOWN:
            time.sleep(0.1)
    else:
        process.kill()
        pytest.fail(f"slapd did not start: {process.stdout.read().decode(errors='replace')[-2000:]}")

    def add(dn: str, attrs: dict) -> None:
        connection.add_s(dn, ldap.modlist.addModlist(
            {key: [v.encode() for v in (value if isinstance(value, list) else [value])] for key, value in attrs.items()}))

    add(BASE, {"objectClass": ["dcObject", "organization"], "dc": "renda", "o": "人大"})
    add(f"ou=people,{BASE}", {"objectClass": "organizationalUnit", "ou": "people"})
    add(f"ou=groups,{BASE}", {"objectClass": "organizationalUnit", "ou": "groups"})
    for uid, cn, mail, mobile, number, ou, password in PEOPLE:
        add(f"uid={uid},ou=people,{BASE}", {"objectClass": "inetOrgPerson", "uid": uid, "cn": cn, "sn": cn[:1],
                                            "mail": mail, "mobile": mobile, "employeeNumber": number, "ou": ou,
                                            "userPassword": password})
    for group, members in GROUPS.items():
        add(f"cn={group},ou=groups,{BASE}", {"objectClass": "groupOfNames", "cn": group,
                                             "member": [f"uid={m},ou=people,{BASE}" for m in members]})
    connection.unbind_s()
    yield {"uri": uri, "base": BASE}
    process.terminate()
    process.wait(10)


def ldap_environment(uri: str, **more) -> dict:
    return {"DJANGO_LDAP_SERVER_URI": uri, "DJANGO_LDAP_USER_SEARCH_BASE": f"ou=people,{BASE}",
            "DJANGO_LDAP_GROUP_SEARCH_BASE": f"ou=groups,{BASE}",
            "DJANGO_LDAP_CORRESPONDENT_GROUPS": f"cn=renda-correspondents,ou=groups,{BASE}",
            "DJANGO_LDAP_EDITOR_GROUPS": f"cn=renda-editors,ou=groups,{BASE}",
            "DJANGO_LDAP_ADMINISTRATOR_GROUPS": f"cn=renda-admins,ou=groups,{BASE}", **more}


def apply_environment(settings, environment: dict) -> None:
    """What config.settings does with these variables, applied to the test's settings."""
    from config import signin_settings

    def env(name, default=""):
        return environment.get(name, default)

    def env_bool(name, default):
        raw = environment.get(name)
        return default if raw in (None, "") else raw.lower() in {"1", "true", "yes", "on"}

    values = {**signin_settings.common(env, env_bool), **signin_settings.ldap(env, env_bool),
              **signin_settings.oidc(env)}
    for key, value in values.items():
        setattr(settings, key, value)
    settings.AUTHENTICATION_BACKENDS = [
        "axes.backends.AxesStandaloneBackend",
        *(["config.directory.DirectoryBackend"] if values["LDAP_ENABLED"] else []),
        *(["config.oidc.OfficeOIDCBackend"] if values["OIDC_ENABLED"] else []),
        "config.directory.LocalPasswordBackend",
    ]
