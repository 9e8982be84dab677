"""Every relative link of the built docs site points to a file that exists (and, with a
#fragment, to an id in it): no link of the site leads nowhere.

python hack/check_site_links.py build/docs/build/html
"""

import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.ids = [], set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        for key in ("href", "src"):
            if attrs.get(key) and (tag, key) in (("a", "href"), ("img", "src"), ("link", "href"), ("script", "src")):
                self.links.append(attrs[key])


PARSED = {}


def parse(path):
    """The links and ids of a page (each page parsed once)."""
    if path not in PARSED:
        parser = Links()
        parser.feed(path.read_text(errors="replace"))
        PARSED[path] = parser
    return PARSED[path]


def broken(root):
    problems = []
    for page in sorted(root.rglob("*.html")):
        for link in parse(page).links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or link.startswith(("mailto:", "javascript:")):
                continue
            if not parts.path:
                target = page
            elif parts.path.startswith("/"):  # the theme's home link: the site's root
                target = (root / unquote(parts.path).lstrip("/")).resolve()
            else:
                target = (page.parent / unquote(parts.path)).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                problems.append("%s: %s (no such file)" % (page.relative_to(root), link))
            elif parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in parse(target).ids:
                problems.append("%s: %s (no such anchor)" % (page.relative_to(root), link))
    return problems


if __name__ == "__main__":
    root = Path(sys.argv[1]).resolve()
    pages = len(list(root.rglob("*.html")))
    problems = broken(root)
    for problem in problems:
        print("broken link: " + problem)
    print("check_site_links: %d pages, %d broken links" % (pages, len(problems)))
    sys.exit(1 if problems or pages == 0 else 0)
