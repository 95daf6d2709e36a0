"""Web fixtures: the app over the test engine, a client, and signing in as a demo user."""

from __future__ import annotations

import pytest

from webapp import create_app


@pytest.fixture
def app(demo3, tmp_path):
    """CSRF is checked in its own tests; here forms are posted without the token."""
    return create_app({"TESTING": True, "WTF_CSRF_ENABLED": False, "SECRET_KEY": "test"}, planflow=demo3)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def login_as(app):
    """`login_as("officer.298")` returns a client signed in as that demo user."""

    def sign_in(username: str, password: str = "planflow"):
        client = app.test_client()
        response = client.post("/login", data={"username": username, "password": password})
        assert response.status_code == 302, f"{username} could not sign in"
        return client

    return sign_in


@pytest.fixture
def token_for(client):
    """`token_for("officer.298")` returns the Authorization header of a fresh API token for that demo user."""

    def sign_in(username: str) -> dict:
        response = client.post("/api/v1/tokens", json={"username": username, "password": "planflow"})
        assert response.status_code == 201, response.get_json()
        return {"Authorization": f"Bearer {response.get_json()['token']}"}

    return sign_in
