"""Sign-in, sessions ended on the server, the rate limit, CSRF and the account commands."""

from pathlib import Path

from click.testing import CliRunner
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session, select

from app.cli import main
from app.users import security, service
from app.users.models import ApiToken, AuditEntry, Role, User
from tests.accounts import PASSWORD, csrf, login, make_user


def test_login_sets_a_signed_httponly_lax_cookie_and_logout_ends_the_session(
    client: TestClient, engine: Engine
) -> None:
    make_user(engine, "ed@example.org")
    token = csrf(client)
    response = client.post("/login", data={"email": "ED@example.org", "password": PASSWORD, "csrf_token": token,
                                           "next": "//evil.example/x"}, follow_redirects=False)  # fmt: skip
    assert response.status_code == 303 and response.headers["location"] == "/editor"
    cookie = next(c for c in response.headers.get_list("set-cookie") if c.startswith("dkb_session="))
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Secure" not in cookie
    stolen = client.cookies.get("dkb_session")
    assert client.get("/editor").status_code == 200
    assert client.post("/logout", data={"csrf_token": token}).status_code == 403  # signing in retired it
    client.post("/logout", data={"csrf_token": csrf(client, "/editor")})
    replay = TestClient(client.app, cookies={"dkb_session": stolen})  # type: ignore[arg-type]
    assert replay.get("/editor", follow_redirects=False).status_code == 303  # ended server-side
    with Session(engine) as session:
        actions = [e.action for e in session.exec(select(AuditEntry)).all()]
    assert {"user.create", "login", "logout"} <= set(actions)


def test_the_tenth_wrong_password_in_a_minute_is_refused_with_a_message(client: TestClient, engine: Engine) -> None:
    make_user(engine, "ed@example.org")
    token = csrf(client)
    statuses = []
    for _ in range(10):
        response = client.post("/login", data={"email": "ed@example.org", "password": "wrong password!",
                                               "csrf_token": token})  # fmt: skip
        statuses.append(response.status_code)
    assert statuses == [401] * 9 + [429]
    assert "Too many wrong passwords for this account" in response.text
    right = client.post("/login", data={"email": "ed@example.org", "password": PASSWORD, "csrf_token": token})
    assert right.status_code == 429  # even the right password waits out the minute


def test_login_without_csrf_token_is_403_and_a_forged_cookie_is_refused(client: TestClient, engine: Engine) -> None:
    make_user(engine, "ed@example.org")
    assert client.post("/login", data={"email": "ed@example.org", "password": PASSWORD}).status_code == 403
    forged = TestClient(client.app, cookies={"dkb_session": "1.abc"})  # type: ignore[arg-type]
    assert forged.get("/editor", follow_redirects=False).status_code == 303


def test_disabled_accounts_cannot_sign_in_and_lose_their_sessions(client: TestClient, engine: Engine) -> None:
    make_user(engine, "ed@example.org")
    login(client, "ed@example.org")
    runner = CliRunner()
    assert runner.invoke(main, ["users", "disable", "ed@example.org"]).exit_code == 0
    assert client.get("/editor", follow_redirects=False).status_code == 303
    token = csrf(client)
    denied = client.post("/login", data={"email": "ed@example.org", "password": PASSWORD, "csrf_token": token})
    assert denied.status_code == 401 and "do not match an active account" in denied.text


def test_user_and_token_commands(env: Path, engine: Engine) -> None:
    runner = CliRunner()
    secret = env / "pw.txt"
    secret.write_text("a sufficiently long password\n")
    made = runner.invoke(
        main, ["users", "create", "Admin@Example.org", "--role", "admin", "--password-file", str(secret)]
    )
    assert made.exit_code == 0 and "created admin admin@example.org" in made.output
    asked = runner.invoke(main, ["users", "create", "ed@example.org", "--role", "editor"],
                          input="another long password\nanother long password\n")  # fmt: skip
    assert asked.exit_code == 0, asked.output
    again = runner.invoke(
        main, ["users", "create", "ed@example.org", "--role", "editor", "--password-file", str(secret)]
    )
    assert again.exit_code == 1 and "already exists" in again.output
    weak = env / "weak.txt"
    weak.write_text("short\n")
    assert "at least 10" in runner.invoke(main, ["users", "create", "x@example.org", "--role", "editor",
                                                 "--password-file", str(weak)]).output  # fmt: skip
    assert runner.invoke(main, ["users", "set-role", "ed@example.org", "admin"]).exit_code == 0
    listing = runner.invoke(main, ["users", "list"]).output
    assert "admin@example.org\tadmin\tactive" in listing and "ed@example.org\tadmin\tactive" in listing
    created = runner.invoke(main, ["tokens", "create", "--user", "ed@example.org", "--scope", "articles:write"])
    token = created.output.strip()
    assert created.exit_code == 0 and token.startswith("dkb_")
    with Session(engine) as session:
        [row] = session.exec(select(ApiToken)).all()
        assert row.token_hash == security.digest(token) and token not in row.token_hash
        user = session.exec(select(User).where(User.email == "ed@example.org")).one()
        assert user.role == Role.admin and user.password_hash.startswith("$argon2id$")
    listed = runner.invoke(main, ["tokens", "list"]).output
    assert listed.startswith("1\ted@example.org\tarticles:write\tactive") and token not in listed
    assert runner.invoke(main, ["tokens", "revoke", "1"]).exit_code == 0
    assert "\trevoked\t" in runner.invoke(main, ["tokens", "list"]).output
    assert "no token 7" in runner.invoke(main, ["tokens", "revoke", "7"]).output
    with Session(engine) as session:
        assert service.actor_for_token(session, token=token) is None
    unknown = runner.invoke(main, ["tokens", "create", "--user", "nobody@example.org", "--scope", "articles:write"])
    assert unknown.exit_code == 1 and "no account nobody@example.org" in unknown.output


def test_the_session_cookie_is_secure_behind_https(client: TestClient, engine: Engine) -> None:
    make_user(engine, "ed@example.org")
    secure = TestClient(client.app, base_url="https://testserver")  # type: ignore[arg-type]
    token = csrf(secure)
    response = secure.post("/login", data={"email": "ed@example.org", "password": PASSWORD, "csrf_token": token},
                           follow_redirects=False)  # fmt: skip
    cookies = response.headers.get_list("set-cookie")
    assert any(c.startswith("dkb_session=") and "Secure" in c for c in cookies)


def test_hostile_ids_are_4xx_not_500(client: TestClient, engine: Engine) -> None:
    from tests.conftest import seed

    with Session(engine) as session:
        seed(session)
    make_user(engine, "ed@example.org")
    token = login(client, "ed@example.org")
    slug = "wilson-center-forced-displacement"
    for path in [f"/editor/articles/{slug}/revisions?a=99999999999999999999", f"/editor/articles/{slug}/revisions?a=7",
                 f"/api/v1/articles/{slug}/revisions/99999999999999999999", "/editor/articles/nope",
                 f"/api/v1/articles/{slug}/revisions/-1", f"/editor/articles/{slug}/revisions?b=abc"]:  # fmt: skip
        assert 400 <= client.get(path).status_code < 500, path
    for data in [{"action": "pin", "event_id": "99999999999999999999"}, {"action": "pin", "event_id": "424242"},
                 {"action": "explode", "event_id": "1"}, {"action": "add", "event_id": "1", "reason": ""}]:  # fmt: skip
        response = client.post(f"/editor/articles/{slug}/links", data={**data, "csrf_token": token})
        assert 400 <= response.status_code < 500, data
    restore = client.post(f"/editor/articles/{slug}/restore", data={"number": "99", "csrf_token": token})
    assert restore.status_code == 404


def test_serve_prints_the_first_admin_command_until_an_account_exists(engine: Engine) -> None:
    from app.users.service import first_admin_hint

    with Session(engine) as session:
        assert "dkb users create you@example.org --role admin" in (first_admin_hint(session) or "")
    make_user(engine, "admin@example.org", Role.admin)
    with Session(engine) as session:
        assert first_admin_hint(session) is None


def test_a_hash_made_with_older_parameters_is_upgraded_at_sign_in(engine: Engine) -> None:
    from argon2 import PasswordHasher

    from app.users import service

    make_user(engine, "ed@example.org")
    with Session(engine) as session:
        user = service.get_by_email(session, email="ed@example.org")
        user.password_hash = PasswordHasher(memory_cost=65536, parallelism=4).hash(PASSWORD)
        session.commit()
        service.authenticate(session, email="ed@example.org", password=PASSWORD, address="127.0.0.1")
        session.refresh(user)
        assert "m=19456,t=2,p=1" in user.password_hash


def test_failures_from_one_address_across_accounts_are_limited_too(engine: Engine) -> None:
    import pytest

    from app.users import service

    with Session(engine) as session:
        for n in range(service.MAX_FAILURES_PER_ADDRESS):
            with pytest.raises(service.LoginRefused):
                service.authenticate(session, email=f"guess{n}@example.org", password="x", address="203.0.113.9")
        with pytest.raises(service.TooManyAttempts, match="from your address"):
            service.authenticate(session, email="someone@example.org", password="x", address="203.0.113.9")
        with pytest.raises(service.LoginRefused):  # another address is not affected
            service.authenticate(session, email="someone@example.org", password="x", address="198.51.100.7")
