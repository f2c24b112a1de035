#!/usr/bin/env python3
"""Builds the seed corpus under fuzz/corpus/<target>/ from the repository's
own claims/, the string literals of the tests under tests/it/ (TOML and
HTML fixtures), and a few small HTML samples. Run from the repository root:

    python3 fuzz/make_corpus.py

Deterministic: the same sources give the same files (named by a hash of
their bytes), so a rerun changes nothing.
"""

import hashlib
import pathlib
import re
import shutil

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "fuzz" / "corpus"
TARGETS = ["load", "fmt", "html", "normalize", "config"]

seeds = {t: set() for t in TARGETS}


def add(target, data):
    if isinstance(data, str):
        data = data.encode()
    if 0 < len(data) <= 64 * 1024:
        seeds[target].add(data)


# --- Rust string literals of the tests -------------------------------------

LIT = re.compile(r'(b?)r(#*)"(.*?)"\2|(b?)"((?:[^"\\]|\\.)*)"', re.S)


def unescape(body):
    out, i = [], 0
    while i < len(body):
        c = body[i]
        if c != "\\":
            out.append(c)
            i += 1
            continue
        n = body[i + 1]
        if n == "\n":  # line continuation: skip the newline and indentation
            i += 2
            while i < len(body) and body[i] in " \t":
                i += 1
            continue
        if n == "u":
            end = body.index("}", i)
            out.append(chr(int(body[i + 3 : end], 16)))
            i = end + 1
            continue
        if n == "x":
            out.append(chr(int(body[i + 2 : i + 4], 16)))
            i += 4
            continue
        out.append({"n": "\n", "t": "\t", "r": "\r", "0": "\0"}.get(n, n))
        i += 2
    return "".join(out)


def literals(text):
    for m in LIT.finditer(text):
        if m.group(3) is not None:
            yield m.group(3)
        else:
            yield unescape(m.group(5))


support = (ROOT / "tests/it/support.rs").read_text()
const = {}
for name in ["OUTLETS", "ARTICLE", "CLAIM"]:
    m = re.search(name + r': &str = r#"(.*?)"#;', support, re.S)
    const[name] = m.group(1)


def interpolate(s):
    """format!() strings: the support constants put in, other holes left."""
    for name, value in const.items():
        s = s.replace("{" + name + "}", value)
    return s.replace("{{", "{").replace("}}", "}")


toml_like, html_like, config_like = set(), set(), set()
for path in sorted((ROOT / "tests/it").glob("*.rs")):
    for lit in literals(path.read_text()):
        lit = interpolate(lit)
        if "<" in lit and ">" in lit and re.search(r"<[a-zA-Z!/]", lit):
            html_like.add(lit)
        if re.search(r"^\s*(\[|[A-Za-z_-]+\s*=)", lit, re.M) and "\n" in lit:
            if re.search(r"^\[(check|archive|publisher)\]", lit, re.M):
                config_like.add(lit)
            else:
                toml_like.add(lit)

# --- load ------------------------------------------------------------------

claims = ROOT / "claims"
outlets = (claims / "outlets.toml").read_text()
for article in sorted(p for p in claims.iterdir() if p.is_dir()):
    files = sorted(p for p in article.glob("*.toml") if p.name != "article.toml")
    art = (article / "article.toml").read_text()
    for start in range(0, len(files), 8):
        parts = [outlets, f"@{article.name}\n{art}"]
        parts += [f"@{p.stem}\n{p.read_text()}" for p in files[start : start + 8]]
        add("load", "\0".join(parts))
for lit in sorted(toml_like):
    if re.search(r"^\[[a-z-]+\]\s*$", lit, re.M) and "domains" in lit:
        add("load", "\0".join([lit, const["ARTICLE"], const["CLAIM"]]))
    elif "title" in lit and "outlet" in lit:
        add("load", "\0".join([const["OUTLETS"], lit, const["CLAIM"]]))
    else:
        add("load", "\0".join([const["OUTLETS"], const["ARTICLE"], "@x\n" + lit]))
        add("load", "\0".join([const["OUTLETS"], const["ARTICLE"], "@x\n" + const["CLAIM"] + lit]))

# --- fmt -------------------------------------------------------------------

for p in sorted(claims.rglob("*.toml")):
    add("fmt", p.read_text())
for lit in sorted(toml_like):
    add("fmt", lit)

# --- config ----------------------------------------------------------------

for lit in sorted(config_like):
    add("config", lit)
for extra in [
    "[check]\nconcurrency = 8\nper-host = 2\ntimeout = 10.5\nretries = 2\n"
    "max-retry-wait = 30\nstrict = true\nno-cache = false\n"
    'cache = ".claimtrack/results.json"\ncache-ttl = "24h"\n'
    'allow-loopback = false\nallow-private = false\nmax-body = "2MiB"\n',
    '[archive]\nwayback-url = "https://archive.org"\nsave-url = "https://web.archive.org"\n',
    '[publisher]\nname = "Desk"\nurl = "https://example.org/"\n',
    '90s\n[check]\ncache-ttl = "2d"\n',
    '512KiB\n[check]\nmax-body = "300k"\n',
]:
    add("config", extra)

# --- html ------------------------------------------------------------------

# The first byte picks the Content-Type (see fuzz_targets/html.rs): 0 none,
# 1 text/html, 2 utf-8, 3 windows-1252, 5 utf-16le, 6 euc-kr, 9 text/plain.
samples = sorted(html_like) + [
    "<!doctype html><html><head><meta charset=\"utf-8\"><title>T</title>"
    "<style>p{color:red}</style></head><body><p>One &amp; two&nbsp;three &#8212; &#x201C;four&#x201D;</p>"
    "<!-- a comment <p>not text</p> --><script>document.write('<p>no</p>')</script>"
    "<div>block<br/>break</div><SCRIPT>x</SCRIPT><p>after</p></body></html>",
    "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\"></head>"
    "<body><p>caf\xe9 \x93quoted\x94</p></body></html>",
    "<p>unclosed <b>bold <i>italic</p><script>never closed",
    "<svg><style>/*</style><p>text</p></svg><noscript><p>js off</p></noscript>",
    "<p>&lt;not a tag&gt; &unknown; &amp &#0; &#xD800; &#1114112;</p>",
    "<p>NFKC \ufb01ne \u2026 [\u2026] soft\u00adhyphen zero\u200bwidth \u00a0nbsp</p>",
    "< p>x <1 y </> <!> <? pi ?> <!-- --> z",
]
for i, s in enumerate(samples):
    data = s.encode("utf-8", "surrogatepass") if "\xe9" not in s else s.encode("latin-1")
    add("html", bytes([i % 3]) + data)
add("html", bytes([5]) + "<p>utf-16 text</p>".encode("utf-16-le"))
add("html", bytes([0]) + b"\xff\xfe" + "<p>bom</p>".encode("utf-16-le"))
add("html", bytes([6]) + "<p>\ud55c\uad6d\uc5b4</p>".encode("euc-kr"))
add("html", bytes([9]) + b"plain text, not <p>html</p>")

# --- normalize -------------------------------------------------------------

texts = []
for p in sorted(claims.rglob("*.toml")):
    for m in re.finditer(r'^(?:excerpt|quote|claim) = "((?:[^"\\]|\\.)*)"', p.read_text(), re.M):
        texts.append(unescape(m.group(1)))
page = " ".join(texts)
for t in texts:
    add("normalize", page[:4000] + "\0" + t)
for pair in [
    "North\u00a0Korea\u2019s  \u201cSoviet\u2013era\u201d\n debt\u00ads\0north korea's \"soviet-era\" debts",
    "The State Duma on Friday ratified an agreement\0ratified [...] agreement",
    "\ufb01ne \u2026 \u00c4\u00d6 \u03a9\u043c\u0435\u0433\u0430\0fine ... \u00e4\u00f6",
    "a b c d e f g\0x c d y",
    "\u0130stanbul \u1e9e \u01c5\0istanbul",
]:
    add("normalize", pair)

# --- write -----------------------------------------------------------------

for target in TARGETS:
    d = OUT / target
    if d.exists():
        shutil.rmtree(d)
    d.mkdir(parents=True)
    for data in sorted(seeds[target]):
        (d / hashlib.sha1(data).hexdigest()).write_bytes(data)
    print(f"{target}: {len(seeds[target])} seeds")
