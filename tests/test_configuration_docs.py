"""Every environment variable that settings.py reads is documented in docs/configuration.md."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_environment_variable_is_documented():
    settings_source = (ROOT / "src" / "samenkracht" / "settings.py").read_text(encoding="utf-8")
    read = set(re.findall(r'env_(?:str|bool|int|list|secret)\(\s*"([A-Z0-9_]+)"', settings_source))
    documented = set(re.findall(r"`([A-Z0-9_]+)(?:` / `_FILE)?`", (ROOT / "docs" / "configuration.md").read_text()))
    assert read, "no environment variables found; the pattern above is out of date"
    assert read - documented == set()
