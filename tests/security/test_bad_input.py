"""No input gives a 5xx (DESIGN "Limits, bad input, budgets"), on SQLite and on PostgreSQL.

Every case a fuzzer or an attacker sends, replayed over the URLs the resolver knows: NUL bytes in
the path, query, body, cookies and headers; malformed ids and ids beyond the database's integer
range; integers beyond that range in filters; JSON nested too deep or carrying absurd numbers;
bodies over the upload limit. Each gets a 400 or a 404: `{"detail": "..."}` under /api/, the
site's translated error page elsewhere.
"""

import json
import re
from html.parser import HTMLParser

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import RegexPattern

from lap.api.routers import id_kwargs
from lap.converters import IdConverter
from lap.forms.actions import ActionFilterForm
from lap.forms.resources import ReportForm
from tests.factories import PASSWORD
from tests.security.access_table import ACCESS
from tests.security.test_access import objects  # noqa: F401 (the access rows' objects)

API_PREFIX = "/api/"
BIG = "99999999999999999999"
# Malformed ids and ids just beyond PostgreSQL's integer and bigint (and SQLite's 64 bits).
BAD_IDS = ["null,null", "abc", "-1", "1.5", BIG, str(2**31), str(2**63), "0" * 30 + "1"]
# Integers (and numbers that become integers) beyond every database range, and junk.
BAD_NUMBERS = [BIG, f"-{BIG}", str(2**31), str(2**63), str(-(2**63) - 1), "1e30", "null", "NaN"]
METHODS = ("get", "post", "patch", "put", "delete")


def _routes(patterns=None, prefix="/", namespace=""):
    """(url name, path template with {kwarg} placeholders, kwarg names, URL pattern) for every
    URL but the admin site's."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = str(pattern.pattern)
        if isinstance(pattern.pattern, RegexPattern):
            # A router's regex: drop the anchors, name each group.
            route = re.sub(r"\(\?P<(\w+)>[^)]*\)", r"{\1}", route.lstrip("^").rstrip("$"))
        else:
            route = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            if inner.startswith("admin:"):
                continue
            yield from _routes(pattern.url_patterns, prefix + route, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            template = prefix + route
            yield f"{namespace}{pattern.name}", template, re.findall(r"{(\w+)}", template), pattern


ROUTES = {name: (template, kwargs, pattern) for name, template, kwargs, pattern in _routes()}
WITH_IDS = sorted(name for name, (_t, kwargs, _p) in ROUTES.items() if kwargs)
API_WITH_IDS = [name for name in WITH_IDS if name.startswith("api:")]
PAGES_WITH_IDS = [name for name in WITH_IDS if not name.startswith("api:")]
WITHOUT_IDS = sorted(name for name, (_t, kwargs, _p) in ROUTES.items() if not kwargs)
# The schema and the docs page answer in their own formats.
NOT_JSON = {"api:schema", "api:docs"}
API_LISTS = [name for name in WITHOUT_IDS if name.startswith("api:") and name not in NOT_JSON]
PAGES = [name for name in WITHOUT_IDS if not name.startswith("api:")]


def _url(name, value, first=None):
    """The route with every kwarg set to `value` (or the first one to `first`)."""
    template, kwargs, _pattern = ROUTES[name]
    values = dict.fromkeys(kwargs, value)
    if first is not None:
        values[kwargs[0]] = first
    return template.format(**values)


def _bad_urls(name):
    """(url, whether it must be a 404) for every bad id, alone or after a good first id."""
    kwargs = ROUTES[name][1]
    for value in BAD_IDS:
        refused = not value.isdigit() or len(value) > 19 or int(value) > 2**63 - 1
        yield _url(name, value), refused
        if len(kwargs) > 1:
            yield _url(name, value, first="1"), refused


def _filterset_class(name):
    callback = ROUTES[name][2].callback
    view = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
    return getattr(view, "filterset_class", None)


def _filter_names(name):
    filterset_class = _filterset_class(name)
    return sorted(filterset_class.base_filters) if filterset_class else []


def assert_api_error(response, url):
    """An answer in the API's shape: a JSON object, and `{"detail": "..."}` for a 404."""
    assert response.status_code < 500, f"{url}: {response.status_code}"
    assert response["Content-Type"].startswith("application/json"), (
        f"{url}: {response.status_code} {response['Content-Type']}"
    )
    body = response.json()
    assert isinstance(body, dict), f"{url}: {body!r}"
    if response.status_code == 404:
        assert isinstance(body.get("detail"), str), f"{url}: {body!r}"


def assert_page_error(response, url, site_error_page=True):
    """A refusal on the site: an HTML page of the site (base.html), by default its error page
    (a view may answer a 404 with a page of its own, e.g. an invalid invitation)."""
    assert response.status_code < 500, f"{url}: {response.status_code}"
    if response.status_code in (400, 404):
        assert response["Content-Type"].startswith("text/html"), (
            f"{url}: {response['Content-Type']}"
        )
        content = response.content.decode()
        assert 'class="site-header"' in content, f"{url}: not a page of the site"
        if site_error_page:
            title = {400: "Solicitud no válida", 404: "Página no encontrada"}[response.status_code]
            assert title in content, f"{url}: not the site's error page"


@pytest.fixture
def coordinator_client(world, client):
    client.force_login(world.coordinator)
    return client


# --- 1. NUL bytes ---


@pytest.mark.parametrize(
    ("url", "api"),
    [
        ("/api/v1/sources/%00/", True),
        ("/api/v1/actions/?q=%00", True),
        ("/api/v1/organizations/?name=a%00b", True),
        ("/territory/districts/%00/", False),
        ("/organizations/?q=%00", False),
        ("/actions/?q=%00", False),
        ("/static/%00", False),
    ],
)
def test_nul_in_path_or_query_is_a_clean_400(url, api, coordinator_client):
    response = coordinator_client.get(url)
    assert response.status_code == 400
    if api:
        assert_api_error(response, url)
        assert "NUL" in response.json()["detail"]
    else:
        assert_page_error(response, url)


@pytest.mark.parametrize("name", WITH_IDS + WITHOUT_IDS)
def test_nul_anywhere_in_any_url_is_a_clean_400(name, coordinator_client):
    _template, kwargs, _pattern = ROUTES[name]
    urls = [_url(name, "1%00")] if kwargs else []
    urls.append(_url(name, "1") + "?q=%00&page=%001")
    for url in urls:
        response = coordinator_client.get(url)
        assert response.status_code == 400, f"{url}: {response.status_code}"
        (assert_api_error if name.startswith("api:") else assert_page_error)(response, url)


@pytest.mark.parametrize("url", ["/api/v1/actions/", "/actions/", "/"])
@pytest.mark.parametrize(
    "meta",
    [
        {"HTTP_COOKIE": "sessionid=abc\x00def"},
        {"HTTP_COOKIE": "csrftoken=\x00; django_language=es"},
        {"HTTP_ACCEPT_LANGUAGE": "es\x00"},
        {"HTTP_AUTHORIZATION": "Token abc\x00"},
        {"HTTP_AUTHORIZATION": "Api-Key abc\x00def"},
        {"HTTP_X_FORWARDED_FOR": "1.2.3.4\x00"},
        {"HTTP_USER_AGENT": "fuzzer\x00"},
    ],
)
def test_nul_in_a_cookie_or_header_is_a_clean_400(url, meta, world, client):
    response = client.get(url, **meta)
    assert response.status_code == 400
    (assert_api_error if url.startswith(API_PREFIX) else assert_page_error)(response, url)


def test_nul_in_a_session_cookie_on_the_database_is_a_clean_400(world, client):
    """The session backend would look the key up in the database (psycopg refuses NUL)."""
    client.cookies["sessionid"] = "x\x00y"
    response = client.get("/account/")
    assert_page_error(response, "/account/")
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("url", "data"),
    [
        ("/organizations/new/", {"name": "Org\x00", "sector": "company"}),
        ("/account/organization/", {"organization": "1\x00", "next": "/"}),
        ("/language/", {"language": "es\x00", "next": "/\x00"}),
        ("/actions/new/", {"title\x00": "x"}),
    ],
)
def test_nul_in_a_form_body_is_a_clean_400(url, data, coordinator_client):
    response = coordinator_client.post(url, data)
    assert response.status_code == 400
    assert_page_error(response, url)


@pytest.mark.parametrize(
    ("url", "body"),
    [
        ("/api/v1/actions/", {"title": "A\x00", "description": "x"}),
        ("/api/v1/actions/", {"title\x00": "A"}),
        ("/api/v1/organizations/", {"name": "Org", "sector": ["company\x00"]}),
        ("/api/v1/auth/token/", {"username": "coordinator\x00", "password": "x"}),
    ],
)
def test_nul_in_a_json_body_is_a_clean_400(url, body, coordinator_client):
    response = coordinator_client.post(url, json.dumps(body), content_type="application/json")
    assert response.status_code == 400
    assert_api_error(response, url)
    assert "NUL" in response.json()["detail"]  # refused whole, before any serializer


@pytest.mark.parametrize("content_type", ["multipart", "urlencoded"])
def test_nul_in_an_api_form_body_is_a_clean_400(content_type, coordinator_client):
    from urllib.parse import urlencode

    data = {"title": "A\x00", "description": "x"}
    if content_type == "multipart":
        response = coordinator_client.post("/api/v1/actions/", data)
    else:
        response = coordinator_client.post(
            "/api/v1/actions/", urlencode(data), content_type="application/x-www-form-urlencoded"
        )
    assert response.status_code == 400
    assert_api_error(response, "/api/v1/actions/")
    assert "NUL" in response.json()["detail"]


# --- 2. Malformed ids and ids beyond the database's range ---


def test_a_malformed_round_id_is_a_json_404(coordinator_client):
    response = coordinator_client.post("/api/v1/rounds/null,null/close/")
    assert response.status_code == 404
    assert_api_error(response, "rounds/null,null/close/")


@pytest.mark.parametrize("name", API_WITH_IDS)
def test_bad_ids_on_every_api_route_never_give_a_5xx(name, coordinator_client):
    _template, kwargs, pattern = ROUTES[name]
    by_id = set(id_kwargs(pattern)) == set(kwargs)  # not a district's ubigeo, a source's key
    for url, refused in _bad_urls(name):
        for method in METHODS:
            response = getattr(coordinator_client, method)(url, {}, content_type="application/json")
            assert_api_error(response, f"{method.upper()} {url}")
            if by_id and refused:
                assert response.status_code == 404, f"{method.upper()} {url}"


@pytest.mark.parametrize("name", PAGES_WITH_IDS)
def test_bad_ids_on_every_page_never_give_a_5xx(name, coordinator_client):
    _template, kwargs, pattern = ROUTES[name]
    integer_ids = all(
        isinstance(pattern.pattern.converters.get(kwarg), IdConverter) for kwarg in kwargs
    )
    for url, refused in _bad_urls(name):
        for method in ("get", "post"):
            response = getattr(coordinator_client, method)(url)
            assert_page_error(response, f"{method.upper()} {url}", site_error_page=integer_ids)
            if integer_ids and refused:
                assert response.status_code == 404, f"{method.upper()} {url}"


# --- 3. Integers beyond the database's range in filters and pages ---


@pytest.mark.parametrize("name", API_LISTS)
def test_numbers_beyond_range_in_api_filters_never_give_a_5xx(name, coordinator_client):
    url = _url(name, "")
    for parameter in [*_filter_names(name), "page", "page_size", "ordering"]:
        for value in BAD_NUMBERS:
            response = coordinator_client.get(url, {parameter: value})
            assert_api_error(response, f"{url}?{parameter}={value}")


@pytest.mark.parametrize("name", PAGES)
def test_numbers_beyond_range_in_page_queries_never_give_a_5xx(name, coordinator_client):
    parameters = {"page", "q", "sector", "person", "action", "old", "new"}
    parameters |= set(ActionFilterForm.base_fields) | set(ReportForm.base_fields)
    url = _url(name, "")
    for value in BAD_NUMBERS:
        response = coordinator_client.get(url, dict.fromkeys(sorted(parameters), value))
        assert_page_error(response, f"{url}?...={value}")


class _FormValues(HTMLParser):
    """What a browser would send back from a page's forms, and which fields are numbers."""

    def __init__(self):
        super().__init__()
        self.values: dict[str, str] = {}
        self.numbers: set[str] = set()
        self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.values.setdefault(name, attrs.get("value", "on"))
            elif kind != "file":
                self.values[name] = attrs.get("value") or ""
            if kind == "number":
                self.numbers.add(name)
        elif tag == "select" and name:
            self._select = name
            self.values.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in attrs:
            self.values[self._select] = attrs.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.values[name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.values[self._textarea] += data


FORM_PAGES = sorted(name for name in ACCESS if not name.startswith("api:"))


@pytest.mark.parametrize("name", FORM_PAGES)
def test_numbers_beyond_range_in_every_page_form_never_give_a_5xx(
    name,
    world,
    objects,  # noqa: F811 (the access test's fixture, imported above)
    client,
):
    """Each number field of each page's form, sent back with the form's other values, beyond
    the range of the column behind it (PostgreSQL's smallint and integer refuse to store it)."""
    spec = ACCESS[name]
    url = reverse(name, kwargs=spec["kwargs"](world, objects) if spec["kwargs"] else {})
    client.force_login(world.coordinator)
    page = client.get(url)
    if page.status_code != 200 or not page["Content-Type"].startswith("text/html"):
        return
    form = _FormValues()
    form.feed(page.content.decode())
    for field in ("language", "next"):  # the header's language switch
        form.values.pop(field, None)
    for field in sorted(form.numbers):
        for value in (str(2**15), str(2**31), str(2**63), "9" * 30, "1e30", f"-{2**63 + 1}"):
            response = client.post(url, {**form.values, field: value})
            assert_page_error(response, f"POST {url} {field}={value}", site_error_page=False)


# --- 4. JSON nested too deep or carrying absurd numbers ---

DEEP = "[" * 50_000 + "]" * 50_000
ABSURD_BODIES = [
    DEEP,
    '{"title": ' + DEEP + "}",
    '{"a": ' + '{"b": ' * 64 + "1" + "}" * 64 + "}",
    '{"title": 1' + "0" * 200 + "}",
    '{"title": 1e99999}',
    '{"title": NaN}',
    '{"title": -Infinity}',
    '{"title": 1.' + "5" * 200 + "}",
    '{"title": ',  # not JSON at all
    "[" * 64 + "]" * 63,  # within the depth, unbalanced
]


@pytest.mark.parametrize("url", ["/api/v1/auth/token/", "/api/v1/actions/", "/api/v1/rounds/"])
@pytest.mark.parametrize("body", ABSURD_BODIES, ids=lambda body: body[:20])
def test_deep_or_absurd_json_is_a_clean_400(url, body, coordinator_client):
    response = coordinator_client.post(url, body, content_type="application/json")
    assert response.status_code == 400, response.content[:200]
    assert_api_error(response, url)
    assert isinstance(response.json()["detail"], str)


def test_json_nested_to_the_limit_and_long_numbers_are_still_read(world, client):
    """Depth 64 and 100 digits are allowed: the refusal is about absurd input, not ordinary
    nesting or a long decimal amount."""
    body = (
        f'{{"username": "coordinator", "password": "{PASSWORD}", "number": 1.{"5" * 98},'
        f' "extra": {"[" * 63}{"]" * 63}}}'
    )
    response = client.post("/api/v1/auth/token/", body, content_type="application/json")
    assert response.status_code == 200, response.content
    assert response.json()["token"]


@pytest.mark.parametrize("name", [*API_LISTS, "api:me"])
def test_deep_json_on_every_api_route_never_gives_a_5xx(name, coordinator_client):
    url = _url(name, "")
    for method in ("post", "patch", "put"):
        response = getattr(coordinator_client, method)(url, DEEP, content_type="application/json")
        assert_api_error(response, f"{method.upper()} {url}")


# --- 5. Bodies over the upload limit ---


@pytest.fixture
def small_upload_limit(settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2_000
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 50
    return settings


def test_a_json_body_over_the_limit_is_a_json_400(small_upload_limit, coordinator_client):
    body = json.dumps({"title": "x" * 5_000, "description": "y"})
    response = coordinator_client.post("/api/v1/actions/", body, content_type="application/json")
    assert response.status_code == 400
    assert_api_error(response, "/api/v1/actions/")
    assert set(response.json()) == {"detail"}


@pytest.mark.parametrize("url", ["/api/v1/actions/", "/api/v1/auth/token/"])
def test_a_form_body_over_the_limit_is_a_json_400(url, small_upload_limit, coordinator_client):
    from urllib.parse import urlencode

    for response in (
        coordinator_client.post(url, {"title": "x" * 5_000}),
        coordinator_client.post(
            url, urlencode({"title": "x" * 5_000}), content_type="application/x-www-form-urlencoded"
        ),
        coordinator_client.post(url, {f"field{i}": "x" for i in range(100)}),
    ):
        assert response.status_code == 400
        assert_api_error(response, url)
        assert set(response.json()) == {"detail"}


@pytest.mark.parametrize("url", ["/api/v1/actions/", "/actions/"])
def test_a_query_with_too_many_fields_is_a_clean_400(url, small_upload_limit, coordinator_client):
    response = coordinator_client.get(url, {f"field{i}": "x" for i in range(100)})
    assert response.status_code == 400
    (assert_api_error if url.startswith(API_PREFIX) else assert_page_error)(response, url)


def test_too_many_files_is_a_json_400(settings, coordinator_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 3
    files = {f"file{i}": SimpleUploadedFile(f"f{i}.pdf", b"%PDF-1.4") for i in range(5)}
    response = coordinator_client.post("/api/v1/actions/", files)
    assert response.status_code == 400
    assert_api_error(response, "/api/v1/actions/")


def test_a_page_form_over_the_limit_is_the_site_error_page(small_upload_limit, coordinator_client):
    response = coordinator_client.post("/organizations/new/", {"name": "x" * 5_000})
    assert response.status_code == 400
    assert_page_error(response, "/organizations/new/")


def test_error_pages_and_bodies_speak_the_request_language(world, client):
    response = client.get("/territory/districts/%00/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "Solicitud no válida" in response.content.decode()
    response = client.get("/api/v1/sources/%00/", HTTP_ACCEPT_LANGUAGE="en")
    assert "NUL" in response.json()["detail"]
    response = client.get("/api/v1/rounds/null/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.json() == {"detail": "Not found."}
    response = client.get("/api/v1/rounds/null/")
    assert response.json() == {"detail": "No encontrado."}
    # Pages speak the language switch's choice, not the browser's (stakeholders.middleware).
    client.cookies["django_language"] = "en"
    response = client.get("/rounds/null/")
    assert "Page not found" in response.content.decode()
    response = client.get("/territory/districts/%00/")
    assert "Bad request" in response.content.decode()


# --- The pieces, directly ---


@pytest.mark.parametrize(
    ("filterset_path", "data", "refused"),
    [
        ("territory.api.filters.ForestLossFilter", {"year_from": BIG}, {"year_from"}),
        ("territory.api.filters.ForestLossFilter", {"year_from": "-5"}, set()),
        ("territory.api.filters.SourceFilter", {"year": "1e30", "year_to": "2020"}, {"year"}),
        ("lap.api.resources.filters.DeliveryFilter", {"action": str(2**63)}, {"action"}),
        ("lap.api.resources.filters.DeliveryFilter", {"action": str(2**63 - 1)}, set()),
        ("lap.api.resources.filters.CommitmentFilter", {"need": BIG, "status": BIG}, {"need"}),
        # Text columns take any text, digits included.
        ("lap.api.vision.filters.ObjectiveFilter", {"code": BIG}, set()),
        ("territory.api.filters.DistrictFilter", {"ubigeo": BIG, "name": BIG}, set()),
    ],
)
def test_filters_refuse_exactly_the_numbers_their_column_cannot_hold(
    filterset_path, data, refused, db
):
    from django.utils.module_loading import import_string

    from lap.api.filtering import out_of_range_errors

    filterset_class = import_string(filterset_path)
    filterset = filterset_class(data, queryset=filterset_class._meta.model.objects.all())
    assert set(out_of_range_errors(filterset)) == refused


def test_an_api_filter_beyond_range_names_the_filter(coordinator_client):
    response = coordinator_client.get("/api/v1/deliveries/", {"action": BIG})
    assert response.status_code == 400
    assert list(response.json()) == ["action"]
    response = coordinator_client.get("/api/v1/objectives/", {"code": BIG})
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("text", "depth"),
    [
        ("1", 0),
        ("{}", 1),
        ("[[[]]]", 3),
        ('{"a": "[[[[", "b": [{"c": "}}"}]}', 3),
        (r'["\"[[", ["\\"]]', 2),
    ],
)
def test_json_depth_skips_brackets_inside_strings(text, depth):
    from lap.api.parsers import json_depth

    assert json_depth(text) == depth
