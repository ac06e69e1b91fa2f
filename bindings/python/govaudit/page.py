"""HTML pages to a document model (include/govaudit/page.h)."""
import ctypes
from dataclasses import dataclass, field
from typing import Dict, List, Optional

from . import _lib
from ._core import has_module, lib, out_ptr, require, s


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


@dataclass(frozen=True)
class Message:
    """A message (留言, 信件) a page shows: times in ISO 8601; None for what it does not show."""
    title: Optional[str]
    url: Optional[str]
    time: Optional[str]
    status: Optional[str]
    reply_time: Optional[str]
    replier: Optional[str]


@dataclass(frozen=True)
class Guide:
    """A service guide (办事指南): its 事项名称 and the elements it shows by canonical name."""
    name: str
    elements: List[str]


@dataclass
class Page:
    """A parsed page. `kind` is "article", "list", "home" or "other"; `column` the breadcrumb
    path (else ColumnName, else known URL folders); `meta` the government metadata tags
    (SiteName, PubDate, ...); `pubdate` ISO 8601, chosen among `dates` (what the "meta" tag,
    the "shown" text and the "url" give). `identity` maps each footer item the page shows
    (conac, site_code, icp, police, owner, contact, zhaocuo) to (value, link or None).
    The 1.1 fields stay empty with an older library."""
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
    dates: Dict[str, Optional[str]] = field(default_factory=dict)
    identity: Dict[str, tuple] = field(default_factory=dict)
    messages: List[Message] = field(default_factory=list)
    message_form: bool = False
    guide: Optional[Guide] = None


_META_TAGS = 15  # GA_META_TAG_COUNT
_DATE_SOURCES = ("meta", "shown", "url")  # ga_page_date_source_t
_IDENTITY_ITEMS = 7  # GA_PAGE_IDENTITY_ITEMS
_MESSAGE_FIELDS = 6  # GA_PAGE_MSG_FIELDS


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
    page = Page(
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
    if has_module("page-evidence"):
        _evidence(p, page)
    return page


def _evidence(p, page):
    page.dates = {name: s(lib.ga_page_pubdate_from(p, i)) for i, name in enumerate(_DATE_SOURCES)}
    for i in range(_IDENTITY_ITEMS):
        value = lib.ga_page_identity(p, i)
        if value is not None:
            page.identity[s(lib.ga_page_identity_name(i))] = (s(value), s(lib.ga_page_identity_link(p, i)))
    page.messages = [Message(*(s(lib.ga_page_message(p, i, f)) for f in range(_MESSAGE_FIELDS)))
                     for i in range(lib.ga_page_message_count(p))]
    page.message_form = bool(lib.ga_page_message_form(p))
    n = lib.ga_page_guide_element_count(p)
    if n:
        page.guide = Guide(s(lib.ga_page_guide_name(p)),
                           [s(lib.ga_page_guide_element(p, i)) for i in range(n)])
