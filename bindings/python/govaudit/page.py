"""HTML pages to a document model (include/govaudit/page.h)."""
import ctypes
from dataclasses import dataclass, field
from typing import Dict, List, Optional

from . import _lib
from ._core import lib, out_ptr, require, s


@dataclass(frozen=True)
class Link:
    url: str
    text: str
    in_body: bool = False


@dataclass(frozen=True)
class Item:
    """An entry of a list page: title, url and the date shown next to it (or None)."""
    title: str
    url: str
    date: Optional[str] = None


@dataclass(frozen=True)
class Attachment:
    url: str
    text: str
    type: str


@dataclass
class Page:
    """A parsed page. `kind` is "article", "list", "home" or "other"; `column` the breadcrumb
    path; `meta` the government metadata tags (SiteName, PubDate, ...); `pubdate` ISO 8601."""
    url: Optional[str]
    title: Optional[str]
    pubdate: Optional[str]
    source: Optional[str]
    column: List[str]
    kind: str
    meta: Dict[str, str]
    links: List[Link]
    items: List[Item]
    attachments: List[Attachment]
    text: str
    charset: Optional[str] = None
    html_title: Optional[str] = None
    missing_meta: List[str] = field(default_factory=list)


_META_TAGS = 15  # GA_META_TAG_COUNT


def _list(page, count, *getters):
    n = count(page)
    return [tuple(g(page, i) for g in getters) for i in range(n)]


def parse_page(html, url=None, content_type=None, charset=None, max_bytes=0):
    """Parse an HTML page (bytes in any charset the library detects, or str).

    `content_type` is the HTTP Content-Type as served (its charset wins over the page's
    <meta>); `charset` forces one. Raises govaudit.Error on input the parser refuses.
    """
    require("page")
    if isinstance(html, str):
        html, charset = html.encode("utf-8"), charset or "utf-8"
    html = bytes(html)
    opts = _lib.PageOptions(ctypes.sizeof(_lib.PageOptions),
                            content_type.encode() if content_type else None,
                            charset.encode() if charset else None, max_bytes)
    ptr = out_ptr(lib.ga_page_parse, html, len(html), url.encode() if url else None,
                  ctypes.byref(opts))
    try:
        return _page(ptr)
    finally:
        lib.ga_page_free(ptr)


def _page(p):
    n = ctypes.c_size_t()
    body = lib.ga_page_text(p, ctypes.byref(n))
    text = ctypes.string_at(body, n.value).decode("utf-8", "replace") if body else ""
    meta = {}
    name, content = ctypes.c_char_p(), ctypes.c_char_p()
    for i in range(lib.ga_page_meta_count(p)):
        if lib.ga_page_meta_at(p, i, ctypes.byref(name), ctypes.byref(content)):
            meta[s(name.value)] = s(content.value)
    kind = lib.ga_page_kind(p)
    missing = lib.ga_page_meta_missing(p, kind)
    return Page(
        url=s(lib.ga_page_url(p)) or None,
        title=s(lib.ga_page_title(p)),
        pubdate=s(lib.ga_page_pubdate(p)),
        source=s(lib.ga_page_source(p)),
        column=[s(lib.ga_page_column(p, i)) for i in range(lib.ga_page_column_count(p))],
        kind=s(lib.ga_page_kind_name(kind)),
        meta=meta,
        links=[Link(s(u), s(t) or "", bool(b)) for u, t, b in
               _list(p, lib.ga_page_link_count, lib.ga_page_link_url, lib.ga_page_link_text,
                     lib.ga_page_link_in_body)],
        items=[Item(s(t) or "", s(u), s(d)) for t, u, d in
               _list(p, lib.ga_page_item_count, lib.ga_page_item_title, lib.ga_page_item_url,
                     lib.ga_page_item_date)],
        attachments=[Attachment(s(u), s(t) or "", s(ty) or "") for u, t, ty in
                     _list(p, lib.ga_page_attachment_count, lib.ga_page_attachment_url,
                           lib.ga_page_attachment_text, lib.ga_page_attachment_type)],
        text=text,
        charset=s(lib.ga_page_charset(p)),
        html_title=s(lib.ga_page_html_title(p)),
        missing_meta=[s(lib.ga_page_meta_tag_name(t)) for t in range(_META_TAGS) if missing >> t & 1],
    )
