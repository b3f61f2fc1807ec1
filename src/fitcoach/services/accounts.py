"""Accounts: registration, login, password change, account deletion and API tokens."""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import datetime, timedelta

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from fitcoach.domain.errors import FieldProblem, InvalidInput
from fitcoach.services import passwords
from fitcoach.services.errors import AuthenticationFailed, Conflict, NotFound
from fitcoach.store.models import ApiToken, User, utcnow
from fitcoach.store.repo import users

EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
EMAIL_MAX = 320
NAME_MAX = 100
PASSWORD_MIN = 10  # NIST SP 800-63B asks for at least 8; 10 leaves margin without composition rules
PASSWORD_MAX = 256
TOKEN_NAME_MAX = 100
TOKEN_PREFIX = "fc_"
# A token's last_used_at is written at most this often: a busy client must not cost a write per request.
TOKEN_TOUCH_EVERY = timedelta(minutes=1)


def normalise_email(email: str) -> str:
    return email.strip().lower()


def _email_problem(email: str) -> FieldProblem | None:
    if len(email) > EMAIL_MAX or not EMAIL_RE.match(email):
        return FieldProblem("email", f"must be an email address like name@example.org (got {email[:60]!r})")
    return None


def _text_problem(field: str, value: str, max_len: int) -> FieldProblem | None:
    if not value.strip():
        return FieldProblem(field, f"must not be empty; allowed: 1-{max_len} characters")
    if len(value) > max_len:
        return FieldProblem(field, f"is {len(value)} characters long; allowed: 1-{max_len} characters")
    if any(ord(ch) < 32 for ch in value):
        return FieldProblem(field, "must not contain control characters such as newlines")
    return None


def _password_problem(field: str, password: str) -> FieldProblem | None:
    if not PASSWORD_MIN <= len(password) <= PASSWORD_MAX:
        return FieldProblem(field, f"must be {PASSWORD_MIN}-{PASSWORD_MAX} characters long (got {len(password)})")
    return None


def _raise_if(*problems: FieldProblem | None) -> None:
    found = [p for p in problems if p is not None]
    if found:
        raise InvalidInput(found)


def session_auth_hash(user: User) -> str:
    """Kept in the session cookie: a password change alters it, which logs out every other session."""
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:32]


def register(session: Session, *, email: str, password: str, display_name: str) -> User:
    email = normalise_email(email)
    display_name = display_name.strip()
    _raise_if(
        _email_problem(email),
        _text_problem("display_name", display_name, NAME_MAX),
        _password_problem("password", password),
    )
    if users.by_email(session, email=email) is not None:
        raise Conflict("an account with this email already exists", field="email")
    try:
        user = users.add(
            session, email=email, display_name=display_name, password_hash=passwords.hash_password(password)
        )
        session.commit()
    except IntegrityError:  # the same email registered concurrently by another request
        session.rollback()
        raise Conflict("an account with this email already exists", field="email") from None
    return user


def authenticate(session: Session, *, email: str, password: str) -> User:
    """The user with this email and password; ``AuthenticationFailed`` otherwise (never says which was wrong)."""
    user = users.by_email(session, email=normalise_email(email))
    if user is None:
        passwords.burn_time(password)
        raise AuthenticationFailed("wrong email or password")
    if not passwords.verify_password(user.password_hash, password):
        raise AuthenticationFailed("wrong email or password")
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.hash_password(password)
        session.commit()
    return user


def get_user(session: Session, user_id: int) -> User:
    user = users.by_id(session, user_id)
    if user is None:
        raise NotFound("user")
    return user


def update_display_name(session: Session, user_id: int, display_name: str) -> User:
    display_name = display_name.strip()
    _raise_if(_text_problem("display_name", display_name, NAME_MAX))
    user = get_user(session, user_id)
    user.display_name = display_name
    session.commit()
    return user


def change_password(session: Session, user_id: int, *, current_password: str, new_password: str) -> User:
    user = get_user(session, user_id)
    if not passwords.verify_password(user.password_hash, current_password):
        raise InvalidInput([FieldProblem("current_password", "is not your current password")])
    _raise_if(_password_problem("new_password", new_password))
    user.password_hash = passwords.hash_password(new_password)
    user.password_changed_at = utcnow()
    session.commit()
    return user


def delete_account(session: Session, user_id: int, *, password: str) -> None:
    """Delete the user and, through ON DELETE CASCADE, every row they own."""
    user = get_user(session, user_id)
    if not passwords.verify_password(user.password_hash, password):
        raise InvalidInput([FieldProblem("password", "is not your current password")])
    session.delete(user)
    session.commit()


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(session: Session, user_id: int, *, name: str) -> tuple[ApiToken, str]:
    """A new API token: the stored record and the token itself, which is shown this once only."""
    name = name.strip()
    _raise_if(_text_problem("name", name, TOKEN_NAME_MAX))
    get_user(session, user_id)
    plaintext = TOKEN_PREFIX + secrets.token_urlsafe(32)
    record = users.add_token(
        session,
        user_id=user_id,
        name=name,
        token_hash=hash_token(plaintext),
        prefix=plaintext[: len(TOKEN_PREFIX) + 6],
        now=utcnow(),
    )
    session.commit()
    return record, plaintext


def list_tokens(session: Session, user_id: int, *, limit: int = 100, offset: int = 0) -> tuple[list[ApiToken], int]:
    """One page of the user's tokens, newest first, and how many there are."""
    return users.tokens_page(session, user_id=user_id, limit=limit, offset=offset)


def revoke_token(session: Session, user_id: int, token_id: int) -> ApiToken:
    token = users.token_of(session, user_id=user_id, token_id=token_id)
    if token is None:
        raise NotFound("token")
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        session.commit()
    return token


def user_for_token(session: Session, token: str, *, now: datetime | None = None) -> User:
    """The owner of an active token; ``AuthenticationFailed`` for an unknown or revoked one."""
    record = None
    if token.startswith(TOKEN_PREFIX):
        record = users.active_token_by_hash(session, token_hash=hash_token(token))
    if record is None:
        raise AuthenticationFailed("invalid or revoked API token")
    now = now or utcnow()
    if record.last_used_at is None or now - record.last_used_at > TOKEN_TOUCH_EVERY:
        record.last_used_at = now
        session.commit()
    return record.user
