#!/usr/bin/env python3
"""Static checks of the editor set-ups that CI cannot run (Helix, Zed, Kakoune) and of every
folder's README. Stdlib only (tomllib: Python 3.11+).

    python3 editors/test/check_configs.py              # check editors/
    python3 editors/test/check_configs.py --self-test  # also prove each check can fail

Each config must parse, run `headroom lsp`, attach to YAML and JSON while keeping the editor's
default servers where the editor replaces the list (Helix), and pass only the settings the
server reads (gpu, gpuCount, margin). Each editor folder needs a README with install, verify
and settings sections. One PASS/FAIL line per check; exit status 1 when any failed.
"""

import copy
import json
import os
import re
import sys

try:
    import tomllib
except ImportError:  # Python < 3.11
    tomllib = None

EDITORS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SETTING_KEYS = {"gpu", "gpuCount", "margin"}
FOLDERS = ["vscode", "neovim", "helix", "emacs", "zed", "kakoune"]


def strip_comments(text):
    """// comments outside strings (Zed's settings.json is JSON with comments)."""
    out, in_str, i = [], False, 0
    while i < len(text):
        c = text[i]
        if in_str:
            out.append(c)
            if c == "\\":
                out.append(text[i + 1])
                i += 1
            elif c == '"':
                in_str = False
        elif c == '"':
            in_str = True
            out.append(c)
        elif text.startswith("//", i):
            while i < len(text) and text[i] != "\n":
                i += 1
            continue
        else:
            out.append(c)
        i += 1
    return re.sub(r",(\s*[}\]])", r"\1", "".join(out))


def check_helix(cfg):
    errs = []
    ls = cfg.get("language-server", {}).get("headroom")
    if not isinstance(ls, dict):
        return ["helix: no [language-server.headroom]"]
    if ls.get("command") != "headroom" or ls.get("args") != ["lsp"]:
        errs.append(f"helix: headroom runs {ls.get('command')!r} {ls.get('args')!r}, expected 'headroom' ['lsp']")
    extra = set(ls.get("config", {}).get("headroom", {})) - SETTING_KEYS
    if extra:
        errs.append(f"helix: settings the server does not read: {sorted(extra)}")
    langs = {l.get("name"): l for l in cfg.get("language", []) if isinstance(l, dict)}
    defaults = {"yaml": "yaml-language-server", "json": "vscode-json-language-server"}
    for name, default in defaults.items():
        servers = langs.get(name, {}).get("language-servers", [])
        names = [s if isinstance(s, str) else s.get("name") for s in servers]
        if "headroom" not in names:
            errs.append(f"helix: language {name} does not list headroom")
        if default not in names:
            errs.append(f"helix: language {name} drops its default server {default} (the list replaces the default)")
    return errs


def check_kak_server(server, where):
    errs = []
    if server.get("command") != "headroom" or server.get("args") != ["lsp"]:
        errs.append(f"{where}: headroom runs {server.get('command')!r} {server.get('args')!r}, expected 'headroom' ['lsp']")
    if server.get("settings_section") != "headroom":
        errs.append(f"{where}: settings_section must be 'headroom'")
    extra = set(server.get("settings", {}).get("headroom", {})) - SETTING_KEYS
    if extra:
        errs.append(f"{where}: settings the server does not read: {sorted(extra)}")
    return errs


def check_kakoune(toml_cfg, kakrc):
    errs = []
    server = toml_cfg.get("language_server", {}).get("headroom")
    if not isinstance(server, dict):
        errs.append("kakoune/kak-lsp.toml: no [language_server.headroom]")
    else:
        errs += check_kak_server(server, "kakoune/kak-lsp.toml")
        if not {"yaml", "json"} <= set(server.get("filetypes", [])):
            errs.append("kakoune/kak-lsp.toml: filetypes must include yaml and json")
    m = re.search(r"hook\b[^\n]*WinSetOption filetype=\(([^)]*)\)", kakrc)
    if not m or not {"yaml", "json"} <= set(m.group(1).split("|")):
        errs.append("kakoune/kakrc: the hook must match filetype=(yaml|json)")
    body = re.search(r"set-option -add window lsp_servers %\{(.*?)\n    \}", kakrc, re.S)
    if not body:
        errs.append("kakoune/kakrc: no `set-option -add window lsp_servers %{...}` block")
    elif tomllib:
        try:
            inner = tomllib.loads("\n".join(l.strip() for l in body.group(1).splitlines()))
            errs += check_kak_server(inner.get("headroom", {}), "kakoune/kakrc")
        except tomllib.TOMLDecodeError as e:
            errs.append(f"kakoune/kakrc: the lsp_servers block is not TOML: {e}")
    return errs


def check_zed(ext, cargo, lib_rs, settings):
    errs = []
    for field in ("id", "name", "version", "schema_version", "authors", "description"):
        if field not in ext:
            errs.append(f"zed/extension.toml: missing {field}")
    server = ext.get("language_servers", {}).get("headroom")
    if not isinstance(server, dict):
        errs.append("zed/extension.toml: no [language_servers.headroom]")
    elif not {"YAML", "JSON"} <= set(server.get("languages", [])):
        errs.append("zed/extension.toml: headroom must serve the YAML and JSON languages")
    if "cdylib" not in cargo.get("lib", {}).get("crate-type", []):
        errs.append("zed/Cargo.toml: crate-type must be cdylib")
    if "zed_extension_api" not in cargo.get("dependencies", {}):
        errs.append("zed/Cargo.toml: needs the zed_extension_api dependency")
    for needle, why in [("register_extension!", "register the extension"),
                        ('which("headroom")', "look headroom up on PATH"),
                        ('"lsp"', "run `headroom lsp`"),
                        ('for_worktree("headroom"', "read lsp.headroom settings")]:
        if needle not in lib_rs:
            errs.append(f"zed/src/lib.rs: does not {why} ({needle})")
    lsp = settings.get("lsp", {}).get("headroom", {})
    if lsp.get("binary", {}).get("arguments") not in (None, ["lsp"]):
        errs.append("zed/settings.json: binary.arguments must be [\"lsp\"]")
    extra = set(lsp.get("settings", {})) - SETTING_KEYS
    if extra:
        errs.append(f"zed/settings.json: settings the server does not read: {sorted(extra)}")
    for lang in ("YAML", "JSON"):
        servers = settings.get("languages", {}).get(lang, {}).get("language_servers")
        if servers is not None and ("headroom" not in servers or "..." not in servers):
            errs.append(f"zed/settings.json: {lang} language_servers must keep \"...\" (the defaults) and add headroom")
    return errs


def check_readme(name, text):
    errs = []
    heads = [h.lower() for h in re.findall(r"^#+\s*(.+)$", text, re.M)]
    for section in ("install", "verify", "settings"):
        if not any(section in h for h in heads):
            errs.append(f"{name}/README.md: no section about {section}")
    if "headroom" not in text or "lsp" not in text:
        errs.append(f"{name}/README.md: does not say how the server is run (headroom lsp)")
    return errs


def read(path):
    with open(os.path.join(EDITORS, path), encoding="utf-8") as f:
        return f.read()


def main(argv):
    if tomllib is None:
        print("FAIL config files: Python 3.11+ (tomllib) is needed")
        return 1
    failures = 0

    def report(name, errs):
        nonlocal failures
        if errs:
            failures += len(errs)
            for e in errs:
                print(f"FAIL config files: {e}")
        else:
            print(f"PASS config files: {name}")

    inputs = {}
    try:
        inputs["helix"] = tomllib.loads(read("helix/languages.toml"))
        inputs["kak_toml"] = tomllib.loads(read("kakoune/kak-lsp.toml"))
        inputs["kakrc"] = read("kakoune/kakrc")
        inputs["zed_ext"] = tomllib.loads(read("zed/extension.toml"))
        inputs["zed_cargo"] = tomllib.loads(read("zed/Cargo.toml"))
        inputs["zed_lib"] = read("zed/src/lib.rs")
        inputs["zed_settings"] = json.loads(strip_comments(read("zed/settings.json")))
    except (OSError, ValueError) as e:
        print(f"FAIL config files: {e}")
        return 1
    report("helix/languages.toml runs `headroom lsp` for yaml and json beside their default servers",
           check_helix(inputs["helix"]))
    report("kakoune/kakrc and kak-lsp.toml declare headroom for yaml and json",
           check_kakoune(inputs["kak_toml"], inputs["kakrc"]))
    report("zed extension (extension.toml, Cargo.toml, src/lib.rs) and settings.json are consistent",
           check_zed(inputs["zed_ext"], inputs["zed_cargo"], inputs["zed_lib"], inputs["zed_settings"]))
    for name in FOLDERS:
        try:
            report(f"{name}/README.md has install, verify and settings sections", check_readme(name, read(f"{name}/README.md")))
        except OSError as e:
            report(name, [f"{name}/README.md: {e}"])

    if "--self-test" in argv:
        def mutate(key, fn):
            data = copy.deepcopy(inputs[key])
            r = fn(data)
            return r if r is not None else data

        cases = [
            ("helix without the yaml default server", lambda: check_helix(mutate("helix", lambda c: c["language"][0].__setitem__(
                "language-servers", ["headroom"])))),
            ("helix with args []", lambda: check_helix(mutate("helix", lambda c: c["language-server"]["headroom"].__setitem__("args", [])))),
            ("kak-lsp.toml without json", lambda: check_kakoune(mutate("kak_toml", lambda c: c["language_server"]["headroom"].__setitem__(
                "filetypes", ["yaml"])), inputs["kakrc"])),
            ("kakrc with another command", lambda: check_kakoune(inputs["kak_toml"], inputs["kakrc"].replace(
                'command = "headroom"', 'command = "other"'))),
            ("zed without JSON", lambda: check_zed(mutate("zed_ext", lambda c: c["language_servers"]["headroom"].__setitem__(
                "languages", ["YAML"])), inputs["zed_cargo"], inputs["zed_lib"], inputs["zed_settings"])),
            ("zed settings with an unknown key", lambda: check_zed(inputs["zed_ext"], inputs["zed_cargo"], inputs["zed_lib"], mutate(
                "zed_settings", lambda c: c["lsp"]["headroom"]["settings"].__setitem__("gpus", "x")))),
            ("README without a verify section", lambda: check_readme("x", "# Install\nheadroom lsp\n# Settings\n")),
        ]
        for name, fn in cases:
            errs = fn()
            print(f"{'PASS' if errs else 'FAIL'} config files self-test: {name} is {'caught' if errs else 'NOT caught'}")
            failures += 0 if errs else 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
