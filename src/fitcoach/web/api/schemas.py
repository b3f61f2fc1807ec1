"""API request and response models for accounts. Public models never carry hashes or secrets."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field


class RegisterIn(BaseModel):
    email: str = Field(description="Email address; also the login name.")
    password: str = Field(description="10-256 characters.")
    display_name: str = Field(description="Shown in the app, 1-100 characters.")


class LoginIn(BaseModel):
    email: str
    password: str


class UserOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    email: str
    display_name: str
    created_at: datetime
    password_changed_at: datetime


class UserUpdateIn(BaseModel):
    display_name: str


class PasswordChangeIn(BaseModel):
    current_password: str
    new_password: str


class DeleteAccountIn(BaseModel):
    password: str = Field(description="Your current password, to confirm.")


class TokenCreateIn(BaseModel):
    name: str = Field(description="A label to tell tokens apart, 1-100 characters.")


class TokenOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class TokenCreatedOut(TokenOut):
    token: str = Field(description="The token itself. Shown this once only: store it now.")
