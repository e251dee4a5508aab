from django.conf import settings
from django.utils import translation


class UserLanguageMiddleware:
    """Which language a page speaks.

    Pages: the signed-in person's saved language, else the language switch's cookie, else
    Spanish, whatever the browser says (many phones here are set to English by default).
    The API keeps Django's negotiation, so partners get errors in their Accept-Language.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language:
            language = user.language
        elif request.path.startswith("/api/"):
            language = None
        else:
            cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
            supported = {code for code, _name in settings.LANGUAGES}
            language = cookie if cookie in supported else settings.LANGUAGE_CODE
        if language:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)
