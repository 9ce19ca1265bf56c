"""Old page addresses keep working: a document's front matter `aliases` (its former slugs,
written when a document is renamed, e.g. from its Word file's name to a short slug) each
get a redirect page at the old address, and the site has one redirects map for hosts that
can answer with a real 301 (`_redirects`, the format Netlify and Cloudflare Pages read) and
for tools (`api/redirects.json`).

A redirect page is plain HTML: a `<meta http-equiv="refresh">` to the new address (allowed
by the site's Content-Security-Policy, which governs scripts, not navigation), a canonical
link, and a visible link for whoever arrives without it following. An alias that is the
address of another document, or that another document claims first, is not written: the
document stays where it is and `antwoord check` says why.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from html import escape

from generator.config import SiteConfig
from generator.document import Card, Diagnostic
from generator.export import dumps

WORDS = {
    "nl": ("Deze pagina is verhuisd", "Dit document staat nu op"),
    "en": ("This page has moved", "This document is now at"),
}


def alias_urls(doc: Card) -> list[str]:
    """Site-relative former addresses of `doc` (same year folder, former slug)."""
    return [f"/{doc.year}/{alias}/" for alias in doc.meta.aliases if alias != doc.slug]


def redirects(documents: Sequence[Card]) -> tuple[dict[str, str], list[Diagnostic]]:
    """Old address → new address for every alias that may be written, and why others not."""
    pages = {doc.url: doc for doc in documents}
    found: dict[str, str] = {}
    problems: list[Diagnostic] = []
    for doc in sorted(documents, key=lambda d: d.path):
        for old in alias_urls(doc):
            if old in pages:
                why = f"alias {old} is the address of {pages[old].path}; no redirect written"
            elif old in found:
                why = f"alias {old} is claimed by another document too; no redirect written"
            else:
                found[old] = doc.url
                continue
            problems.append(Diagnostic(doc.path, None, "warning", "alias-taken", why))
    return dict(sorted(found.items())), problems


def redirect_page(old: str, new: str, config: SiteConfig) -> str:
    from generator.render import CONTENT_SECURITY_POLICY, relative_root

    title, text = WORDS.get(config.language, WORDS["nl"])
    # Relative, as every link of the site: it works under any sub-path and from the disk.
    target = escape(relative_root(old) + new.lstrip("/"))
    canonical = escape(config.absolute_url(new))
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{escape(config.language)}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{escape(CONTENT_SECURITY_POLICY)}">\n'
        f'<meta http-equiv="refresh" content="0; url={target}">\n'
        f'<meta name="robots" content="noindex">\n'
        f'<link rel="canonical" href="{canonical}">\n'
        f"<title>{escape(title)}</title>\n</head>\n<body>\n"
        f'<p>{escape(text)} <a href="{target}">{canonical}</a>.</p>\n</body>\n</html>\n'
    )


def iter_redirect_files(documents: Sequence[Card], config: SiteConfig) -> Iterator[tuple[str, str]]:
    """The redirect pages, `_redirects` and `api/redirects.json`."""
    found, _problems = redirects(documents)
    for old, new in found.items():
        yield old.lstrip("/") + "index.html", redirect_page(old, new, config)
    lines = [f"{config.path_url(old)} {config.path_url(new)} 301" for old, new in found.items()]
    yield "_redirects", "".join(f"{line}\n" for line in lines)
    yield "api/redirects.json", dumps({config.absolute_url(o): config.absolute_url(n)
                                       for o, n in found.items()})  # fmt: skip
