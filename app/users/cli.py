"""`dkb users ...` and `dkb tokens create`: accounts and API tokens from the command line."""

from pathlib import Path

import click
from sqlmodel import Session

from app.db import get_engine
from app.errors import AppError
from app.users import service
from app.users.models import Role, TokenScope

ROLES = click.Choice([r.value for r in Role])


def _fail(error: AppError) -> None:
    raise click.ClickException(error.message)


def _password(password_file: Path | None) -> str:
    if password_file is None:
        return str(click.prompt("Password", hide_input=True, confirmation_prompt=True))
    try:
        lines = password_file.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise click.ClickException(f"{password_file}: cannot read the password: {error}") from None
    if not lines or not lines[0]:
        raise click.ClickException(f"{password_file}: the first line (the password) is empty")
    return lines[0]


@click.group("users")
def users_cli() -> None:
    """Editor and admin accounts (there is no default account)."""


@users_cli.command("create")
@click.argument("email")
@click.option("--role", type=ROLES, required=True, help="editor writes and reviews; admin also publishes directly.")
@click.option("--password-file", type=click.Path(path_type=Path), help="Read the password from the first line.")
def users_create(email: str, role: str, password_file: Path | None) -> None:
    """Create an account (asks for the password twice unless --password-file)."""
    password = _password(password_file)
    with Session(get_engine()) as session:
        try:
            user = service.create_user(session, email=email, role=Role(role), password=password)
        except AppError as error:
            _fail(error)
            return
    click.echo(f"created {user.role} {user.email}")


@users_cli.command("list")
def users_list() -> None:
    """Every account with its role and state."""
    with Session(get_engine()) as session:
        for user in service.list_users(session):
            state = "active" if user.active else "disabled"
            click.echo(f"{user.email}\t{user.role}\t{state}\tsince {user.created_at:%Y-%m-%d}")


@users_cli.command("disable")
@click.argument("email")
def users_disable(email: str) -> None:
    """Disable an account: its sessions end and its tokens are revoked."""
    with Session(get_engine()) as session:
        try:
            service.set_active(session, email=email, active=False)
        except AppError as error:
            _fail(error)
    click.echo(f"disabled {email}")


@users_cli.command("set-role")
@click.argument("email")
@click.argument("role", type=ROLES)
def users_set_role(email: str, role: str) -> None:
    """Make an account an editor or an admin."""
    with Session(get_engine()) as session:
        try:
            service.set_role(session, email=email, role=Role(role))
        except AppError as error:
            _fail(error)
    click.echo(f"{email} is now {role}")


@click.group("tokens")
def tokens_cli() -> None:
    """API tokens for tools (Authorization: Bearer TOKEN)."""


@tokens_cli.command("create")
@click.option("--user", "email", required=True, help="The account the token acts as.")
@click.option("--scope", type=click.Choice([s.value for s in TokenScope]), required=True)
def tokens_create(email: str, scope: str) -> None:
    """Create a token and print it once (only its hash is stored)."""
    with Session(get_engine()) as session:
        try:
            token = service.create_token(session, email=email, scope=TokenScope(scope))
        except AppError as error:
            _fail(error)
            return
    click.echo(token)


@tokens_cli.command("list")
def tokens_list() -> None:
    """Every token's id, account, scope and use (the tokens themselves are not stored)."""
    with Session(get_engine()) as session:
        for token, email in service.list_tokens(session):
            used = f"last used {token.last_used_at:%Y-%m-%d %H:%M}" if token.last_used_at else "never used"
            state = "revoked" if token.revoked else "active"
            click.echo(f"{token.id}\t{email}\t{token.scope}\t{state}\tcreated {token.created_at:%Y-%m-%d}\t{used}")


@tokens_cli.command("revoke")
@click.argument("token_id", type=click.IntRange(1, 2**31 - 1))
def tokens_revoke(token_id: int) -> None:
    """Revoke a token by the id `dkb tokens list` shows."""
    with Session(get_engine()) as session:
        try:
            service.revoke_token(session, token_id=token_id)
        except AppError as error:
            _fail(error)
    click.echo(f"revoked token {token_id}")
