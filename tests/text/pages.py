"""Invented news pages in both scripts, laid out as news sites are: a menu, a story, related
links, a footer. The names in the menus and links must not reach the graph."""

MENU_HANT = """
<nav class="main-nav"><ul>
<li><a href="/">首頁</a></li><li><a href="/hk">香港新聞</a></li><li><a href="/cn">中國新聞</a></li>
<li><a href="/gba">粵港澳大灣區</a></li><li><a href="/finance">財經</a></li><li><a href="/sport">體育</a></li>
</ul></nav>
<div class="breadcrumb"><a href="/">首頁</a> &gt; <a href="/gba">大灣區</a> &gt; 正文</div>
"""

RELATED_HANT = """
<aside class="related"><h3>相關新聞</h3><ul>
<li><a href="/a/1">李家超訪問前海深港青年夢工場</a></li>
<li><a href="/a/2">落馬洲河套地區港深創新及科技園首座大樓落成</a></li>
<li><a href="/a/3">蓮塘口岸旅檢區明年啟用</a></li>
<li><a href="/a/4">深圳灣口岸延長通關時間</a></li>
</ul></aside>
<div class="hot"><h3>熱門排行</h3><ol>
<li><a href="/b/1">東涌新市鎮擴展區最新進展</a></li><li><a href="/b/2">沙頭角中英街開放參觀</a></li>
</ol></div>
<footer><p>關於我們 | 聯絡我們 | 廣告查詢 | 私隱政策</p><p>版權所有 © 2025 大公文匯傳媒集團</p></footer>
"""

PAGE_HANT = f"""<!DOCTYPE html>
<html lang="zh-HK"><head><meta charset="utf-8">
<title>港委員倡深港共建AI對接平台 - 大公文匯網</title>
<meta property="og:site_name" content="大公文匯網">
<meta property="article:published_time" content="2025-02-09T07:30:00+08:00">
<link rel="canonical" href="https://www.tkww.hk/a/202502/09/AP0001.html">
</head><body>
{MENU_HANT}
<article>
<h1>港委員倡深港共建AI對接平台</h1>
<p class="byline">【大公報訊】記者郭若溪、胡永愛深圳報道：</p>
<p>2月8日，深圳市政協七屆六次會議開幕。港區深圳市政協委員、香港「一國兩制」研究中心研究總監方舟在接受專訪時表示，當前深港合作正進入新階段，河套深港科技創新合作區建設提速。</p>
<p>方舟建議，深港兩地共建人工智能與大數據國際化對接平台，推動科研數據在園區內合規共享，支持兩地聯合科研項目資金高效流轉。</p>
<p>他又提出，應優化河套口岸車輛通行便利度，推動兩地園區物品免關稅無縫流動。</p>
</article>
{RELATED_HANT}
</body></html>
"""

PAGE_HANS = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<title>河套深港科技创新合作区香港园区明日正式开园_深圳新闻网</title>
<meta name="publishdate" content="2025-12-21">
<meta property="og:site_name" content="深圳新闻网">
<link rel="canonical" href="https://www.sznews.com/news/content/2025-12/21/content_31823207.htm">
</head><body>
<div class="top-menu"><a href="/">首页</a> | <a href="/sz">深圳</a> | <a href="/gd">广东</a> |
<a href="/china">国内</a> | <a href="/world">国际</a> | <a href="/video">视频</a></div>
<div class="main">
<div class="article">
<h1>河套深港科技创新合作区香港园区明日正式开园</h1>
<div class="info">来源：深圳新闻网　作者：许依妍　2025-12-21 18:20</div>
<div class="content">
<p>深圳新闻网2025年12月21日讯(深圳特区报记者 许依妍)记者从香港特区政府创新科技及工业局获悉，12月22日，河套深港科技创新合作区香港园区将正式开园。</p>
<p>香港特区政府创新科技及工业局局长孙东表示，香港园区将与深圳园区协同发展，共同打造国际一流的科技创新平台。</p>
<p>深圳市科技创新局有关负责人介绍，深圳园区已引进高水平科研机构，推动深港科研资金跨境使用。</p>
</div></div>
<div class="side"><h3>推荐阅读</h3><ul>
<li><a href="/1">前海管理局发布支持港澳青年创业新措施</a></li>
<li><a href="/2">皇岗口岸重建工程进入冲刺阶段</a></li>
<li><a href="/3">光明科学城论坛开幕</a></li>
</ul></div></div>
<div class="footer">深圳新闻网版权所有 粤ICP备05064219号 | 关于我们 | 联系我们</div>
</body></html>
"""

# Names only the page furniture holds: none may be read as article text.
FURNITURE_NAMES = (
    "前海深港青年夢工場",
    "蓮塘口岸",
    "深圳灣口岸",
    "東涌",
    "沙頭角",
    "大公文匯傳媒集團",
    "皇岗口岸",
    "光明科学城",
    "前海管理局",
)
