import json

from django.core.management.base import BaseCommand

from samenkracht.api import api

DOCUMENT = "docs/openapi.json"


def openapi_document() -> str:
    schema = api.get_openapi_schema(path_prefix="/api/v1")
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


class Command(BaseCommand):
    help = f"Print the OpenAPI document of /api/v1/ (the checked-in copy is {DOCUMENT})."

    def add_arguments(self, parser):
        parser.add_argument("--write", action="store_true", help=f"write it to {DOCUMENT}")

    def handle(self, *args, write, **options):
        document = openapi_document()
        if write:
            with open(DOCUMENT, "w", encoding="utf-8") as handle:
                handle.write(document)
            self.stdout.write(f"Wrote {DOCUMENT}.")
        else:
            self.stdout.write(document, ending="")
