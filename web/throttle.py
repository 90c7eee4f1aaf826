"""The sign-in throttle: failures per account refuse that account for a while; failures per
client address only slow it down, with a growing delay, because a whole town hall may sit
behind one NAT address and must not be locked out by one person's typos (or an attacker's).

Failures live in a store every web process shares: the broker's Redis when the broker is
Redis, else the database. (Flask-Limiter counts requests and refuses above a fixed rate; this
counts failures only, and slows rather than refuses per address, so it is a small module.)
"""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import math
import secrets
import time
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import delete, func, select

from intake import config
from intake.models import LoginFailure, utcnow

SETTINGS = {  # app.config key: (environment variable, default)
    "LOGIN_MAX_FAILURES": ("INTAKE_LOGIN_MAX_FAILURES", 5),
    "LOGIN_WINDOW_SECONDS": ("INTAKE_LOGIN_WINDOW_S", 15 * 60),
    "LOGIN_ADDRESS_FREE": ("INTAKE_LOGIN_ADDRESS_FREE", 10),
    "LOGIN_DELAY_SECONDS": ("INTAKE_LOGIN_DELAY_S", 1),
    "LOGIN_DELAY_MAX_SECONDS": ("INTAKE_LOGIN_DELAY_MAX_S", 60),
    "PROXY_HOPS": ("INTAKE_PROXY_HOPS", 0),   # trusted X-Forwarded-For hops (the client address)
}


def defaults() -> dict[str, int]:
    return {key: config.env_int(env, default) for key, (env, default) in SETTINGS.items()}


@dataclass(frozen=True)
class Policy:
    max_failures: int      # per account in the window, then refused until the window passes
    window: float          # seconds
    address_free: int      # failures per address in the window before any delay
    delay: float           # the first delay; it doubles with every further failure
    delay_max: float

    @classmethod
    def from_config(cls, cfg: dict) -> "Policy":
        return cls(cfg["LOGIN_MAX_FAILURES"], cfg["LOGIN_WINDOW_SECONDS"],
                   cfg["LOGIN_ADDRESS_FREE"], cfg["LOGIN_DELAY_SECONDS"],
                   cfg["LOGIN_DELAY_MAX_SECONDS"])

    def address_delay(self, failures: int) -> float:
        if failures < self.address_free:
            return 0.0
        return min(self.delay_max, self.delay * 2 ** (failures - self.address_free))


class Store(Protocol):
    def recent(self, scope: str, key: str, window: float) -> tuple[int, float | None]:
        """How many failures within the window, and when the last one was (epoch seconds)."""

    def add(self, scope: str, key: str, window: float) -> None: ...

    def clear(self, scope: str, key: str) -> None: ...


class RedisStore:
    """A sorted set of failure times per key, expiring with the window."""

    def __init__(self, url: str):
        import redis
        self.redis = redis.Redis.from_url(url)

    @staticmethod
    def _name(scope: str, key: str) -> str:
        return f"intake:login:{scope}:{key}"

    def recent(self, scope: str, key: str, window: float) -> tuple[int, float | None]:
        name, now = self._name(scope, key), time.time()
        pipe = self.redis.pipeline()
        pipe.zremrangebyscore(name, "-inf", now - window)
        pipe.zcard(name)
        pipe.zrange(name, -1, -1, withscores=True)
        _, count, last = pipe.execute()
        return count, (last[0][1] if last else None)

    def add(self, scope: str, key: str, window: float) -> None:
        name, now = self._name(scope, key), time.time()
        pipe = self.redis.pipeline()
        pipe.zadd(name, {f"{now}:{secrets.token_hex(4)}": now})
        pipe.expire(name, math.ceil(window))
        pipe.execute()

    def clear(self, scope: str, key: str) -> None:
        self.redis.delete(self._name(scope, key))


class DatabaseStore:
    """Rows of login_failures, in the request's own session (committed at once)."""

    def __init__(self, session_factory):  # noqa: ANN001
        self.session = session_factory

    def recent(self, scope: str, key: str, window: float) -> tuple[int, float | None]:
        since = utcnow() - _seconds(window)
        count, last = self.session().execute(
            select(func.count(), func.max(LoginFailure.at))
            .where(LoginFailure.scope == scope, LoginFailure.key == key, LoginFailure.at >= since)).one()
        return count, (_epoch(last) if last else None)

    def add(self, scope: str, key: str, window: float) -> None:
        session = self.session()
        session.execute(delete(LoginFailure).where(LoginFailure.at < utcnow() - _seconds(window)))
        session.add(LoginFailure(scope=scope, key=key, at=utcnow()))
        session.commit()

    def clear(self, scope: str, key: str) -> None:
        session = self.session()
        session.execute(delete(LoginFailure).where(LoginFailure.scope == scope,
                                                   LoginFailure.key == key))
        session.commit()


def _seconds(window: float) -> dt.timedelta:
    return dt.timedelta(seconds=window)


def _epoch(naive_utc: dt.datetime) -> float:
    return naive_utc.replace(tzinfo=dt.timezone.utc).timestamp()


class Throttle:
    def __init__(self, store: Store, policy: Policy, secret: str):
        self.store, self.policy, self.secret = store, policy, secret.encode()

    def _key(self, scope: str, value: str) -> str:
        """A keyed hash: the store never holds e-mail or IP addresses in the clear."""
        return hmac.new(self.secret, f"{scope}:{value}".encode(), hashlib.sha256).hexdigest()

    def account_blocked(self, email: str) -> bool:
        count, _ = self.store.recent("account", self._key("account", email), self.policy.window)
        return count >= self.policy.max_failures

    def address_wait(self, address: str) -> int:
        """Seconds this address must still wait before its next attempt (0: go ahead)."""
        count, last = self.store.recent("address", self._key("address", address), self.policy.window)
        if not count or last is None:
            return 0
        return max(0, math.ceil(self.policy.address_delay(count) - (time.time() - last)))

    def failed(self, email: str, address: str) -> None:
        self.store.add("account", self._key("account", email), self.policy.window)
        self.store.add("address", self._key("address", address), self.policy.window)

    def succeeded(self, email: str) -> None:
        """The account's failures are forgotten; the address's are not (one good account of
        one's own must not buy an attacker more guesses at others)."""
        self.store.clear("account", self._key("account", email))


def store_for(settings: config.Settings, session_factory) -> Store:  # noqa: ANN001
    if settings.broker_url.startswith(("redis://", "rediss://")):
        return RedisStore(settings.broker_url)
    return DatabaseStore(session_factory)
