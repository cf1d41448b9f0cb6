"""The OpenAPI 3.1 description of the API, served at /api/v1/openapi.json.

Written by hand as data so that it says what the API promises, not what a generator guessed;
``tests/api/test_openapi.py`` validates it and runs a contract test against it.
"""

from __future__ import annotations

from typing import Any

from wwidw.api.resources import DEFAULT_PER_PAGE, FILTERS, MAX_PER_PAGE
from wwidw.interventions.catalogue import SORTS
from wwidw.neighbourhoods.models import AREA_LEVELS


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _nullable(kind: str, **extra) -> dict:
    return {"type": [kind, "null"], **extra}


def _errors(*codes: int) -> dict:
    words = {400: "Invalid parameter", 401: "Unknown or revoked token",
             404: "Not found, or not visible to the caller", 500: "Server error"}
    return {str(code): {"description": words[code], "content": {
        "application/json": {"schema": _ref("Error")}}} for code in codes}


def _ok(schema: dict, description: str) -> dict:
    return {"200": {"description": description,
                    "content": {"application/json": {"schema": schema}}}}


PAGING = [
    {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1,
                                                "maximum": 100_000, "default": 1}},
    {"name": "per_page", "in": "query", "schema": {"type": "integer", "minimum": 1,
                                                    "maximum": MAX_PER_PAGE,
                                                    "default": DEFAULT_PER_PAGE}},
]
FILTER_HELP = {
    "theme": "Theme key (see the vocabularies); repeat for several.",
    "effect": "Effect key of the effect taxonomy.",
    "target_group": "Target group key.",
    "area": "CBS area code (GM…, WK…, BU…); an area includes the areas inside it.",
    "organisation": "Organisation id.",
    "organisation_kind": "housing, municipality, welfare, health or other.",
    "status": "idea, running, finished or stopped.",
    "year": "Start year.",
    "kind": "practice or archetype.",
    "recognition": "Recognition level.",
}


def _schemas() -> dict[str, Any]:
    string_list = {"type": "array", "items": {"type": "string"}}
    links = {"type": "object", "required": ["self", "first", "last", "prev", "next"],
             "properties": {name: ({"type": "string"} if name in ("self", "first", "last")
                                   else _nullable("string"))
                            for name in ("self", "first", "last", "prev", "next")}}
    status = {"type": ["object", "null"], "properties": {
        "code": {"type": "string"}, "progress": _nullable("number"),
        "expected": _nullable("number"), "actual": _nullable("number")}}
    return {
        "Error": {"type": "object", "required": ["error"], "properties": {"error": {
            "type": "object", "required": ["status", "message"],
            "properties": {"status": {"type": "integer"}, "message": {"type": "string"}}}}},
        "Links": links,
        "AreaRef": {"type": "object", "required": ["code", "name", "level"], "properties": {
            "code": {"type": "string"}, "name": {"type": "string"},
            "level": {"type": "string", "enum": list(AREA_LEVELS)}}},
        "InterventionSummary": {
            "type": "object",
            "description": "Members and peers also get summary, visibility and is_draft; "
                           "anonymous callers get resident_summary instead.",
            "required": ["id", "title", "organisation", "status", "themes", "areas"],
            "properties": {
                "id": {"type": "integer"}, "title": {"type": "string"},
                "organisation": {"type": "object", "properties": {
                    "id": {"type": "integer"}, "name": {"type": "string"}}},
                "status": {"type": "string"}, "kind": {"type": "string"},
                "themes": string_list, "target_groups": string_list, "effects": string_list,
                "areas": {"type": "array", "items": _ref("AreaRef")},
                "start_date": _nullable("string", format="date"),
                "end_date": _nullable("string", format="date"),
                "summary": {"type": "string"}, "resident_summary": {"type": "string"},
                "visibility": {"type": "string"}, "is_draft": {"type": "boolean"},
            }},
        "Intervention": {"allOf": [_ref("InterventionSummary"), {
            "type": "object",
            "description": "For logged-in callers: the whole description, and the answers to "
                           "the organisation's own questions the caller may see (all for "
                           "members, shared questions for peers).",
            "properties": {
                "budget_cents": _nullable("integer"), "contact_name": {"type": "string"},
                "recognition_level": {"type": "string"},
                "recognition_date": _nullable("string", format="date"),
                "free_fields": {"type": "array", "items": {"type": "object", "properties": {
                    "key": {"type": "string"}, "label": {"type": "string"},
                    "type": {"type": "string"}, "value": {}, "text": {},
                    "active": {"type": "boolean"}}}},
            }}]},
        "InterventionPage": {"type": "object",
                             "required": ["total", "page", "pages", "items", "links"],
                             "properties": {
                                 "total": {"type": "integer"}, "page": {"type": "integer"},
                                 "pages": {"type": "integer"}, "per_page": {"type": "integer"},
                                 "items": {"type": "array",
                                           "items": _ref("InterventionSummary")},
                                 "links": _ref("Links")}},
        "Monitoring": {
            "type": "object", "required": ["intervention_id", "access", "goals"],
            "description": "access 'member': goals with baseline, targets, status, "
                           "measurements, reach and costs. 'peer' and 'public': only the goals "
                           "the owner marked for residents, with their status code.",
            "properties": {
                "intervention_id": {"type": "integer"},
                "access": {"type": "string", "enum": ["member", "peer", "public"]},
                "goals": {"type": "array", "items": {"type": "object", "properties": {
                    "id": {"type": "integer"}, "description": {"type": "string"},
                    "indicator_name": {"type": "string"}, "unit": {"type": "string"},
                    "measure": {"type": "string"}, "direction": {"type": "string"},
                    "status": {"oneOf": [status, {"type": "string"}]},
                    "baseline": {"type": "object"},
                    "targets": {"type": "array", "items": {"type": "object"}},
                    "measurements": {"type": "array", "items": {"type": "object"}},
                    "observations": {"type": "array", "items": {"type": "object"}},
                }}},
                "reach": {"type": "object"}, "costs": {"type": "object"},
            }},
        "Area": {"type": "object", "required": ["code", "name", "level"], "properties": {
            "code": {"type": "string"}, "name": {"type": "string"},
            "level": {"type": "string", "enum": list(AREA_LEVELS)},
            "parent_code": _nullable("string"), "first_year": _nullable("integer"),
            "last_year": _nullable("integer")}},
        "AreaPage": {"type": "object", "required": ["total", "page", "pages", "items", "links"],
                     "properties": {
                         "total": {"type": "integer"}, "page": {"type": "integer"},
                         "pages": {"type": "integer"}, "per_page": {"type": "integer"},
                         "items": {"type": "array", "items": _ref("Area")},
                         "links": _ref("Links")}},
        "AreaDetail": {"allOf": [_ref("Area"), {"type": "object", "properties": {
            "children": {"type": "array", "items": _ref("AreaRef")},
            "indicators": {"type": "array", "items": {"type": "object", "properties": {
                "key": {"type": "string"}, "label": {"type": "string"},
                "unit": _nullable("string"),
                "values": {"type": "array", "items": {"type": "object", "properties": {
                    "year": {"type": "integer"},
                    "value": {"type": ["number", "null"],
                              "description": "null when the source marks it unknown"},
                    "source": {"type": "string"}, "local": {"type": "boolean"},
                    "organisation_id": _nullable("integer")}}}}}}}}]},
        "Indicator": {"type": "object", "required": ["key", "label"], "properties": {
            name: {"type": "string"} for name in (
                "key", "label", "label_nl", "label_en", "unit", "better", "life_domain",
                "source", "description")}},
    }


def document() -> dict[str, Any]:
    intervention_id = {"name": "intervention_id", "in": "path", "required": True,
                       "schema": {"type": "integer", "minimum": 1,
                                                    "maximum": 2**31 - 1}}
    filters = [{"name": name, "in": "query", "description": FILTER_HELP[name],
                "schema": {"type": "array", "items": {"type": "string"}},
                "style": "form", "explode": True} for name in FILTERS]
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "wwidw — Wat werkt in de wijk API", "version": "1.0.0",
            "description": (
                "Read-only access to interventions, their monitoring, areas and indicators. "
                "Send a personal token (made on /account/api-tokens) as "
                "`Authorization: Bearer <token>` to read with that user's permissions; a "
                "browser session works too. Without either you see what the public site "
                "shows residents. An unknown or revoked token gives 401."),
        },
        "servers": [{"url": "/api/v1"}],
        "security": [{}, {"bearerToken": []}],
        "components": {
            "securitySchemes": {"bearerToken": {"type": "http", "scheme": "bearer"}},
            "schemas": _schemas(),
        },
        "paths": {
            "/interventions": {"get": {
                "operationId": "listInterventions",
                "summary": "Interventions the caller may see, filtered and searched like the "
                           "catalogue",
                "parameters": [
                    {"name": "q", "in": "query", "schema": {"type": "string"},
                     "description": "Search text (Dutch stemming)."},
                    {"name": "sort", "in": "query",
                     "schema": {"type": "string", "enum": list(SORTS)}},
                    *filters, *PAGING],
                "responses": {**_ok(_ref("InterventionPage"), "One page of interventions"),
                              **_errors(400, 401)},
            }},
            "/interventions/{intervention_id}": {"get": {
                "operationId": "getIntervention", "summary": "One intervention",
                "parameters": [intervention_id],
                "responses": {**_ok(_ref("Intervention"), "The intervention"),
                              **_errors(401, 404)},
            }},
            "/interventions/{intervention_id}/monitoring": {"get": {
                "operationId": "getMonitoring",
                "summary": "Monitoring results of one intervention",
                "parameters": [intervention_id],
                "responses": {**_ok(_ref("Monitoring"), "Goals and results"),
                              **_errors(401, 404)},
            }},
            "/areas": {"get": {
                "operationId": "listAreas", "summary": "Areas by name or CBS code",
                "parameters": [
                    {"name": "q", "in": "query", "schema": {"type": "string"}},
                    {"name": "level", "in": "query",
                     "schema": {"type": "string", "enum": list(AREA_LEVELS)}},
                    *PAGING],
                "responses": {**_ok(_ref("AreaPage"), "One page of areas"),
                              **_errors(400, 401)},
            }},
            "/areas/{code}": {"get": {
                "operationId": "getArea",
                "summary": "An area with the figures the caller may see, per indicator and year",
                "parameters": [{"name": "code", "in": "path", "required": True,
                                "schema": {"type": "string"}, "example": "GM0797"}],
                "responses": {**_ok(_ref("AreaDetail"), "The area"), **_errors(401, 404)},
            }},
            "/indicators": {"get": {
                "operationId": "listIndicators", "summary": "Every indicator with its unit",
                "responses": {**_ok({"type": "object", "properties": {
                    "total": {"type": "integer"},
                    "items": {"type": "array", "items": _ref("Indicator")}}},
                    "The indicators"), **_errors(401)},
            }},
            "/openapi.json": {"get": {
                "operationId": "getOpenApi", "summary": "This document",
                "responses": {"200": {"description": "OpenAPI document", "content": {
                    "application/json": {"schema": {"type": "object"}}}}},
            }},
        },
    }
