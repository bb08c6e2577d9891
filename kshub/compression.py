"""gzip for the portal's responses, when gunicorn serves alone or behind nginx.

Compressing a page that holds a secret next to text an attacker chose can leak the
secret through the compressed length (BREACH). What this portal's pages hold:

- the CSRF token of their forms: Django masks it with a new random pad for every
  response, so no two pages carry the same bytes for it and its length gives
  nothing away;
- the session id: in its cookie only, never in a page;
- Django's GZipMiddleware adds up to 100 random bytes to each compressed body
  ("Heal the BREACH"), so a length read once tells little;
- the session and CSRF cookies are SameSite=Lax: the requests another site makes a
  browser send (images, scripts, forms in frames) come without them, so what such
  requests can fetch is what any visitor sees;
- a member's own pages (their profile and account, the moderation desk with
  people's messages and e-mail addresses) are not compressed at all when someone
  is signed in: their size never depends on both a secret and a guess.
"""

from django.middleware.gzip import GZipMiddleware

# Pages that show a signed-in member's own data, or data of others to moderators.
PRIVATE_PREFIXES = ("/me/", "/accounts/", "/moderation/", "/admin/")


def is_private(request) -> bool:
    # The path first: reading the user loads the session, which must not happen
    # for every page (nor again after the database failed to load it).
    if not request.path.startswith(PRIVATE_PREFIXES):
        return False
    user = getattr(request, "user", None)
    return user is not None and user.is_authenticated


class CompressionMiddleware(GZipMiddleware):
    def process_response(self, request, response):
        # Error pages are small, and after an outage the session cannot be read.
        if response.status_code >= 500 or is_private(request):
            return response
        return super().process_response(request, response)
