"""A news web page's story and metadata, through trafilatura (made for news pages; its date
reading is htmldate): menus, link lists of related stories and footers are dropped, and the
page's date, author, site name, title and canonical URL are read from its markup.

The page is given as a string, never a URL: nothing is fetched. A fragment that is no page
(a bare ``<p>…</p>``) gives None, and ``kg.text.ingest`` reads it as marked-up text instead.
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.records import ArticleMetadata
from kg.text.metadata import names, parse_date, read_metadata

__all__ = ["Page", "extract_page"]


@dataclass(frozen=True)
class Page:
    text: str  # the story as extracted: a line a paragraph, the offsets' reference
    title: str | None
    metadata: ArticleMetadata  # what the page's markup says


def extract_page(html: str) -> Page | None:
    """The story and metadata of an HTML page, or None when trafilatura finds no story.

    >>> page = extract_page(
    ...     "<html><head><title>開園</title><link rel='canonical' href='https://e.org/1'>"
    ...     "<meta property='article:published_time' content='2025-03-21T08:00:00+08:00'></head>"
    ...     "<body><nav><a href='/'>首頁</a> <a href='/hk'>香港新聞</a></nav>"
    ...     "<article><p>河套深港科技創新合作區香港園區今日開園，兩地科研合作提速。</p>"
    ...     "<p>深圳園區已引進高水平科研機構，推動深港科研資金跨境使用。</p></article>"
    ...     "</body></html>")
    >>> print(page.text)
    河套深港科技創新合作區香港園區今日開園，兩地科研合作提速。
    深圳園區已引進高水平科研機構，推動深港科研資金跨境使用。
    >>> page.metadata.date, page.metadata.url
    (datetime.date(2025, 3, 21), 'https://e.org/1')
    """
    from trafilatura import bare_extraction

    found = bare_extraction(
        html,
        with_metadata=True,
        favor_precision=True,  # a menu or link list left in is names that are no story's
        include_comments=False,
        include_tables=True,
        deduplicate=False,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    text = getattr(found, "text", None)
    if not text or not text.strip():
        return None
    byline = _byline(getattr(found, "author", None) or "")
    published = getattr(found, "date", None)
    return Page(
        text=text,
        title=getattr(found, "title", None) or None,
        metadata=ArticleMetadata(
            date=parse_date(published) if published else None,
            outlet=byline.outlet or getattr(found, "sitename", None) or None,
            reporters=byline.reporters,
            url=getattr(found, "url", None) or None,
        ),
    )


def _byline(author: str) -> ArticleMetadata:
    """Outlet and reporters of the author trafilatura read: often the byline paragraph itself
    (``【大公報訊】記者郭若溪、胡永愛深圳報道``), read as a header line is; else names apart.

    >>> _byline("【大公報訊】記者郭若溪、胡永愛深圳報道").reporters, _byline("許依妍; 李望賢").reporters
    (('郭若溪', '胡永愛'), ('許依妍', '李望賢'))
    """
    read = read_metadata(author)
    if read.reporters or read.outlet:
        return read
    return ArticleMetadata(reporters=tuple(n for n in names(author.split(";")) if len(n) <= 20))
