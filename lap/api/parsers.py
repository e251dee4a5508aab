"""The API's body parsers: DRF's, refusing what no field can hold with a 400.

`json.loads` recurses once per nesting level, so a body nested 50,000 deep raises RecursionError
(a 500) before any serializer sees it: the JSON parser measures the depth first, without
recursing. It also refuses numbers no field can hold (NaN, Infinity, more than MAX_DIGITS
digits) and NUL characters, which PostgreSQL cannot store or compare. The form parsers refuse NUL
in field names, values and file names (the contents of files may be anything).
"""

import json
import math
import re
from itertools import accumulate

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError

from lap.middleware import NUL, NUL_REFUSED, query_dict_has_nul

MAX_DEPTH = 64
MAX_DIGITS = 100

# Strings (where brackets are text) and the brackets left outside them.
STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
BRACKET = re.compile(r"[\[\]{}]")
DEPTH_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            text = stream.read().decode(encoding)
        except UnicodeDecodeError as error:
            raise ParseError(
                _("The body is not valid %(encoding)s.") % {"encoding": encoding}
            ) from error
        if json_depth(text) > MAX_DEPTH:
            raise ParseError(
                _("The JSON body is nested more than %(depth)d levels deep.") % {"depth": MAX_DEPTH}
            )
        try:
            data = json.loads(
                text, parse_int=_integer, parse_float=_float, parse_constant=_refuse_constant
            )
        except AbsurdNumber as error:
            raise ParseError(
                _(
                    "The JSON body holds a number that is not finite or has more than %(digits)d "
                    "digits."
                )
                % {"digits": MAX_DIGITS}
            ) from error
        except json.JSONDecodeError as error:
            raise ParseError(
                _("The body is not valid JSON (line %(line)d, column %(column)d).")
                % {"line": error.lineno, "column": error.colno}
            ) from error
        except ValueError as error:  # defensive: any other refusal of the json module
            raise ParseError(_("The body is not valid JSON.")) from error
        if has_nul_text(data):
            raise ParseError(NUL_REFUSED)
        return data


class FormParser(parsers.FormParser):
    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        if query_dict_has_nul(data):
            raise ParseError(NUL_REFUSED)
        return data


class MultiPartParser(parsers.MultiPartParser):
    def parse(self, stream, media_type=None, parser_context=None):
        parsed = super().parse(stream, media_type, parser_context)
        file_names = [
            name
            for field, uploads in parsed.files.lists()
            for name in (field, *(upload.name or "" for upload in uploads))
        ]
        if query_dict_has_nul(parsed.data) or any(NUL in name for name in file_names):
            raise ParseError(NUL_REFUSED)
        return parsed


class AbsurdNumber(ValueError):
    pass


def json_depth(text: str) -> int:
    """The deepest nesting of arrays and objects in `text`, counted without recursion."""
    brackets = BRACKET.findall(STRING.sub("", text))
    return max(accumulate(map(DEPTH_STEP.__getitem__, brackets)), default=0)


def _integer(literal: str) -> int:
    if len(literal.lstrip("-")) > MAX_DIGITS:
        raise AbsurdNumber(literal)
    return int(literal)


def _float(literal: str) -> float:
    value = float(literal)
    if sum(character.isdigit() for character in literal) > MAX_DIGITS or not math.isfinite(value):
        raise AbsurdNumber(literal)
    return value


def _refuse_constant(literal: str):
    raise AbsurdNumber(literal)


def has_nul_text(data) -> bool:
    """A NUL in any string or key of parsed JSON, walked without recursion."""
    pending = [data]
    while pending:
        value = pending.pop()
        if isinstance(value, str):
            if NUL in value:
                return True
        elif isinstance(value, dict):
            pending.extend(value.keys())
            pending.extend(value.values())
        elif isinstance(value, list):
            pending.extend(value)
    return False
