#!/usr/bin/env python3
"""Checks the VS Code extension's manifest without npm (CI cannot install npm packages).

    python3 editors/vscode/check_package.py              # check editors/vscode
    python3 editors/vscode/check_package.py --self-test  # also prove each check can fail

What it checks (each failure is one line; exit status 1 if any):
- package.json parses and has the fields `vsce package` and VS Code need: name, displayName,
  description, version (semver), publisher, engines.vscode, main, activationEvents, the
  vscode-languageclient dependency, compile scripts, and @types/vscode not newer than
  engines.vscode (vsce refuses that);
- activation on the yaml and json languages;
- contributes.configuration has exactly the four settings headroom.path, headroom.gpu,
  headroom.gpuCount, headroom.margin, with their types, defaults (each default valid for its
  own type and bounds) and descriptions;
- `main` is the file tsc writes for src/extension.ts under tsconfig.json's outDir/rootDir,
  and .vscodeignore does not leave it out of the package;
- src/extension.ts uses vscode-languageclient/node, runs `<headroom.path> lsp`, selects yaml
  and json, synchronizes the `headroom` section, sends initializationOptions, and registers
  exactly the commands package.json contributes;
- the server reads the settings keys the extension sends (gpu, gpuCount, margin) — looked up
  in Sources/LanguageServer when the repository is there.
"""

import copy
import fnmatch
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))

SETTINGS = {
    # key: (allowed JSON types, default, extra checks)
    "headroom.path": (["string"], "headroom", {}),
    "headroom.gpu": (["string"], "", {}),
    "headroom.gpuCount": (["integer", "null"], None, {"minimum": 1}),
    "headroom.margin": (["number"], 0.05, {"minimum": 0, "maximum_below": 1}),
}
SERVER_KEYS = ["gpu", "gpuCount", "margin"]


def strip_json_comments(text):
    """tsconfig.json may hold // and /* */ comments (tsc accepts them); drop them outside strings."""
    out, i, n, in_str = [], 0, len(text), False
    while i < n:
        c = text[i]
        if in_str:
            out.append(c)
            if c == "\\" and i + 1 < n:
                out.append(text[i + 1])
                i += 2
                continue
            if c == '"':
                in_str = False
        elif c == '"':
            in_str = True
            out.append(c)
        elif text.startswith("//", i):
            while i < n and text[i] != "\n":
                i += 1
            continue
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            i = n if end < 0 else end + 2
            continue
        else:
            out.append(c)
        i += 1
    return re.sub(r",(\s*[}\]])", r"\1", "".join(out))


def json_type_ok(value, types):
    for t in types:
        if t == "null" and value is None:
            return True
        if t == "string" and isinstance(value, str):
            return True
        if t == "boolean" and isinstance(value, bool):
            return True
        if t == "integer" and isinstance(value, int) and not isinstance(value, bool):
            return True
        if t == "number" and isinstance(value, (int, float)) and not isinstance(value, bool):
            return True
    return False


def min_version(spec):
    """'^1.82.0' / '>=1.82' / '1.82.0' -> (1, 82, 0); None when unreadable."""
    m = re.search(r"(\d+)\.(\d+)(?:\.(\d+))?", spec or "")
    if not m:
        return None
    return (int(m.group(1)), int(m.group(2)), int(m.group(3) or 0))


def check(pkg, tsconfig, extension_ts, vscodeignore, server_sources):
    """Returns a list of failure messages (empty: all good)."""
    errors = []

    def need(cond, msg):
        if not cond:
            errors.append(msg)

    if not isinstance(pkg, dict):
        return ["package.json is not a JSON object"]
    for field in ("name", "displayName", "description", "version", "publisher", "main"):
        need(isinstance(pkg.get(field), str) and pkg.get(field).strip() != "",
             f"package.json: '{field}' must be a non-empty string")
    name = pkg.get("name", "")
    need(isinstance(name, str) and re.fullmatch(r"[a-z0-9][a-z0-9._-]*", name or "") is not None,
         "package.json: 'name' must be lower-case without spaces (vsce rule)")
    need(isinstance(pkg.get("version"), str) and re.fullmatch(r"\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?", pkg["version"]),
         "package.json: 'version' must be semver (x.y.z)")
    engines = pkg.get("engines") if isinstance(pkg.get("engines"), dict) else {}
    engine = min_version(engines.get("vscode"))
    need(engine is not None, "package.json: engines.vscode must name a version range such as ^1.82.0")
    deps = pkg.get("dependencies") if isinstance(pkg.get("dependencies"), dict) else {}
    dev = pkg.get("devDependencies") if isinstance(pkg.get("devDependencies"), dict) else {}
    need("vscode-languageclient" in deps, "package.json: dependencies must include vscode-languageclient")
    need("vscode" not in deps, "package.json: the 'vscode' module must not be a dependency (it is provided by the editor)")
    need("typescript" in dev, "package.json: devDependencies must include typescript")
    types_vscode = min_version(dev.get("@types/vscode"))
    need(types_vscode is not None, "package.json: devDependencies must include @types/vscode")
    if engine and types_vscode:
        need(types_vscode[:2] <= engine[:2],
             f"package.json: @types/vscode {dev.get('@types/vscode')} is newer than engines.vscode "
             f"{engines.get('vscode')} (vsce package refuses this)")
    scripts = pkg.get("scripts") if isinstance(pkg.get("scripts"), dict) else {}
    need("tsc" in str(scripts.get("compile", "")), "package.json: scripts.compile must run tsc")
    need("compile" in str(scripts.get("vscode:prepublish", "")),
         "package.json: scripts['vscode:prepublish'] must compile (vsce package runs it)")

    events = pkg.get("activationEvents")
    need(isinstance(events, list), "package.json: activationEvents must be a list")
    events = events if isinstance(events, list) else []
    for lang in ("yaml", "json"):
        need(f"onLanguage:{lang}" in events, f"package.json: activationEvents must include onLanguage:{lang}")

    contributes = pkg.get("contributes") if isinstance(pkg.get("contributes"), dict) else {}
    conf = contributes.get("configuration")
    if isinstance(conf, list):  # a list of sections is allowed too
        props = {}
        for section in conf:
            if isinstance(section, dict) and isinstance(section.get("properties"), dict):
                props.update(section["properties"])
    elif isinstance(conf, dict):
        props = conf.get("properties") if isinstance(conf.get("properties"), dict) else {}
    else:
        props = {}
    need(bool(props), "package.json: contributes.configuration.properties is missing")
    extra = sorted(set(props) - set(SETTINGS))
    need(not extra, f"package.json: unexpected settings {extra} (the server reads only {sorted(SETTINGS)})")
    for key, (types, default, rules) in SETTINGS.items():
        p = props.get(key)
        if not isinstance(p, dict):
            errors.append(f"package.json: setting {key} is missing")
            continue
        declared = p.get("type")
        declared = declared if isinstance(declared, list) else [declared]
        need(sorted(map(str, declared)) == sorted(types),
             f"package.json: {key} type is {p.get('type')!r}, expected {types if len(types) > 1 else types[0]!r}")
        need("default" in p and p.get("default") == default and type(p.get("default")) is type(default),
             f"package.json: {key} default is {p.get('default')!r}, expected {default!r}")
        if "default" in p:
            need(json_type_ok(p["default"], types), f"package.json: {key} default {p['default']!r} is not of type {types}")
        need(isinstance(p.get("description") or p.get("markdownDescription"), str),
             f"package.json: {key} needs a description")
        if "minimum" in rules:
            need(p.get("minimum") == rules["minimum"], f"package.json: {key} minimum must be {rules['minimum']}")
            d = p.get("default")
            if isinstance(d, (int, float)) and not isinstance(d, bool) and isinstance(p.get("minimum"), (int, float)):
                need(d >= p["minimum"], f"package.json: {key} default is below its minimum")
        if "maximum_below" in rules:
            mx = p.get("maximum", p.get("exclusiveMaximum"))
            need(isinstance(mx, (int, float)) and mx <= rules["maximum_below"],
                 f"package.json: {key} must have a maximum of at most {rules['maximum_below']}")
            d = p.get("default")
            if isinstance(mx, (int, float)) and isinstance(d, (int, float)):
                need(d <= mx, f"package.json: {key} default is above its maximum")
    path_prop = props.get("headroom.path")
    if isinstance(path_prop, dict):
        need(path_prop.get("scope") in ("machine", "application"),
             "package.json: headroom.path must have scope 'machine' (a workspace must not pick the executable)")

    # main <-> tsconfig outDir/rootDir
    opts = tsconfig.get("compilerOptions", {}) if isinstance(tsconfig, dict) else {}
    out_dir = os.path.normpath(opts.get("outDir", "."))
    root_dir = os.path.normpath(opts.get("rootDir", "."))
    rel = os.path.relpath(os.path.normpath("src/extension.ts"), root_dir)
    need(not rel.startswith(".."), f"tsconfig.json: rootDir {root_dir!r} does not contain src/extension.ts")
    expected_main = os.path.normpath(os.path.join(out_dir, os.path.splitext(rel)[0] + ".js"))
    main = pkg.get("main", "")
    main_norm = os.path.normpath(main[:-3] + ".js" if isinstance(main, str) and not main.endswith(".js") else main or "")
    need(main_norm == expected_main,
         f"package.json: main {main!r} is not what tsc writes for src/extension.ts ({'./' + expected_main})")
    need(opts.get("module") in ("commonjs", "CommonJS", "node16", "Node16", "nodenext", "NodeNext"),
         "tsconfig.json: module must be commonjs (VS Code loads the extension with require)")
    for pattern in vscodeignore:
        pat = pattern.strip()
        if not pat or pat.startswith("#") or pat.startswith("!"):
            continue
        pat = pat.lstrip("/")
        excluded = fnmatch.fnmatch(main_norm, pat) or (pat.endswith("/**") and main_norm.startswith(pat[:-3] + "/"))
        need(not excluded, f".vscodeignore: pattern {pattern.strip()!r} leaves {main_norm} out of the package")

    # the client source
    src = extension_ts or ""
    need("vscode-languageclient/node" in src, "src/extension.ts: must import from 'vscode-languageclient/node'")
    need(re.search(r"new\s+LanguageClient\s*\(", src) is not None, "src/extension.ts: must create a LanguageClient")
    need(re.search(r"args\s*:\s*\[\s*['\"]lsp['\"]\s*\]", src) is not None, "src/extension.ts: the server must run with args ['lsp']")
    need(re.search(r"get(?:<[^>]*>)?\(\s*['\"]path['\"]\s*\)", src) is not None and "'headroom'" in src,
         "src/extension.ts: the command must come from the headroom.path setting")
    for lang in ("yaml", "json"):
        need(re.search(r"language\s*:\s*['\"]%s['\"]" % lang, src) is not None,
             f"src/extension.ts: documentSelector must select language {lang}")
    need(re.search(r"configurationSection\s*:\s*['\"]headroom['\"]", src) is not None,
         "src/extension.ts: synchronize.configurationSection must be 'headroom'")
    need("initializationOptions" in src, "src/extension.ts: must send initializationOptions")
    for key in SERVER_KEYS:
        need(re.search(r"['\"]%s['\"]" % key, src) is not None, f"src/extension.ts: does not read the {key} setting")
    need(re.search(r"export\s+(async\s+)?function\s+activate\b", src) is not None, "src/extension.ts: must export activate")
    need(re.search(r"export\s+(async\s+)?function\s+deactivate\b", src) is not None,
         "src/extension.ts: must export deactivate (stops the server)")
    declared_cmds = {c.get("command") for c in contributes.get("commands", []) if isinstance(c, dict)}
    registered = set(re.findall(r"registerCommand\(\s*['\"]([^'\"]+)['\"]", src))
    need(declared_cmds == registered,
         f"commands: package.json contributes {sorted(declared_cmds)} but src/extension.ts registers {sorted(registered)}")

    # the server side of the settings
    if server_sources is not None:
        for key in SERVER_KEYS:
            need(f'"{key}"' in server_sources,
                 f"server: Sources/LanguageServer never reads the setting key \"{key}\" that the extension sends")
    return errors


def load(directory):
    with open(os.path.join(directory, "package.json"), encoding="utf-8") as f:
        pkg = json.load(f)
    with open(os.path.join(directory, "tsconfig.json"), encoding="utf-8") as f:
        tsconfig = json.loads(strip_json_comments(f.read()))
    with open(os.path.join(directory, "src", "extension.ts"), encoding="utf-8") as f:
        extension_ts = f.read()
    ignore_path = os.path.join(directory, ".vscodeignore")
    vscodeignore = open(ignore_path, encoding="utf-8").read().splitlines() if os.path.exists(ignore_path) else []
    server_dir = os.path.join(REPO, "Sources", "LanguageServer")
    server_sources = None
    if os.path.isdir(server_dir):
        parts = []
        for root, _, files in os.walk(server_dir):
            for name in files:
                if name.endswith(".swift"):
                    with open(os.path.join(root, name), encoding="utf-8", errors="replace") as f:
                        parts.append(f.read())
        server_sources = "\n".join(parts)
    return pkg, tsconfig, extension_ts, vscodeignore, server_sources


def self_test(base):
    """Every mutation below must be reported; the unmodified inputs must pass."""
    pkg, tsconfig, ts, ignore, server = base

    def mutated(fn):
        p, t, s, i = copy.deepcopy(pkg), copy.deepcopy(tsconfig), ts, list(ignore)
        r = fn(p, t, s, i)
        return r if isinstance(r, tuple) and len(r) == 4 else (p, t, s, i)

    def drop_setting(key):
        def f(p, t, s, i):
            del p["contributes"]["configuration"]["properties"][key]
        return f

    def set_in(key, field, value):
        def f(p, t, s, i):
            p["contributes"]["configuration"]["properties"][key][field] = value
        return f

    cases = {
        "missing publisher": lambda p, t, s, i: p.pop("publisher"),
        "no onLanguage:json": lambda p, t, s, i: p.__setitem__("activationEvents", ["onLanguage:yaml"]),
        "no onLanguage:yaml": lambda p, t, s, i: p.__setitem__("activationEvents", ["onLanguage:json"]),
        "main elsewhere": lambda p, t, s, i: p.__setitem__("main", "./dist/extension.js"),
        "outDir changed": lambda p, t, s, i: t["compilerOptions"].__setitem__("outDir", "lib"),
        "gpu setting missing": drop_setting("headroom.gpu"),
        "path setting missing": drop_setting("headroom.path"),
        "gpuCount wrong type": set_in("headroom.gpuCount", "type", "string"),
        "gpuCount default 1 (would override 8xH100)": set_in("headroom.gpuCount", "default", 1),
        "margin default as string": set_in("headroom.margin", "default", "0.05"),
        "margin maximum 1": set_in("headroom.margin", "maximum", 1.5),
        "path scope window": set_in("headroom.path", "scope", "window"),
        "extra setting": lambda p, t, s, i: p["contributes"]["configuration"]["properties"].__setitem__(
            "headroom.debug", {"type": "boolean", "default": False, "description": "x"}),
        "types newer than engine": lambda p, t, s, i: p["devDependencies"].__setitem__("@types/vscode", "^1.99.0"),
        "no languageclient dependency": lambda p, t, s, i: p["dependencies"].pop("vscode-languageclient"),
        "bad version": lambda p, t, s, i: p.__setitem__("version", "1.0"),
        "main ignored by .vscodeignore": lambda p, t, s, i: i.append("out/**"),
        "client without lsp arg": lambda p, t, s, i: (p, t, s.replace("args: ['lsp']", "args: []"), i),
        "client without yaml": lambda p, t, s, i: (p, t, s.replace("language: 'yaml'", "language: 'toml'"), i),
        "client without configurationSection": lambda p, t, s, i: (
            p, t, s.replace("configurationSection: 'headroom'", "configurationSection: 'other'"), i),
        "undeclared command": lambda p, t, s, i: p["contributes"].__setitem__("commands", []),
    }
    failures = 0
    if check(pkg, tsconfig, ts, ignore, server):
        print("FAIL self-test: the unmodified extension does not pass")
        failures += 1
    for name, fn in cases.items():
        p, t, s, i = mutated(fn)
        errs = check(p, t, s, i, server)
        if errs:
            print(f"PASS self-test: {name} is caught ({errs[0]})")
        else:
            print(f"FAIL self-test: {name} is not caught")
            failures += 1
    if server is not None:
        errs = check(pkg, tsconfig, ts, ignore, server.replace('"margin"', '"marg"'))
        if errs:
            print(f"PASS self-test: a server that does not read margin is caught ({errs[0]})")
        else:
            print("FAIL self-test: a server that does not read margin is not caught")
            failures += 1
    return failures


def main(argv):
    directory = HERE
    args = [a for a in argv if not a.startswith("--")]
    if args:
        directory = args[0]
    try:
        base = load(directory)
    except (OSError, ValueError) as e:
        print(f"FAIL vscode package: {e}")
        return 1
    errors = check(*base)
    for e in errors:
        print(f"FAIL vscode package: {e}")
    failures = len(errors)
    if not errors:
        print(f"PASS vscode package: {os.path.relpath(os.path.join(directory, 'package.json'), os.getcwd())} "
              f"({len(SETTINGS)} settings, activation on yaml/json, main {base[0]['main']})")
    if "--self-test" in argv:
        failures += self_test(base)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
