"""The reader's language in the parents' space, kept without JavaScript: a link sets it, the
session and a cookie remember it for the next pages and visits."""

from outreach.selectors import LANGUAGE_COOKIE, LANGUAGE_SESSION_KEY

ONE_YEAR = 365 * 24 * 3600


def remember_language(request, response, language: str) -> None:
    request.session[LANGUAGE_SESSION_KEY] = language
    response.set_cookie(
        LANGUAGE_COOKIE,
        language,
        max_age=ONE_YEAR,
        samesite="Lax",
        httponly=True,
        secure=request.is_secure(),
    )
