"""A site in another layout than the demo (no government meta tags, /col/colN/ lists,
/art/Y/M/D/ articles, breadcrumbs only, footer "X主办"), written as a wget mirror folder:
    variant-site.py OUTDIR
Columns: 今日要闻 (fresh), 部门信息 (40 days old), 公示公告, 规范性文件 (250 days old), 专项资金 (暂无信息);
the home page links a missing 县长信箱 page; the articles share template wording."""
import os, datetime as dt
import sys
root=os.path.join(sys.argv[1], 'www.xx.gov.cn')
T=dt.date(2023,8,15)
def w(p, s):
    p=os.path.join(root,p.lstrip('/')); os.makedirs(os.path.dirname(p),exist_ok=True); open(p,'w').write(s)
nav=''.join(f'<li><a href="/col/col{n}/index.html">{name}</a></li>' for n,name in [(1,'今日要闻'),(2,'部门信息'),(3,'公示公告'),(4,'规范性文件'),(5,'专项资金')])
def page(title, crumb, body):
    return f'<html><head><meta charset="utf-8"><title>{title}-XX县人民政府</title></head><body><div class="head"><ul>{nav}</ul></div><div class="position">当前位置：<a href="/">首页</a> > {crumb}</div>{body}<div class="foot">XX县人民政府办公室主办 网站标识码3300000001 浙公网安备</div></body></html>'
cols={1:('今日要闻',[2,5,9,13,20]),2:('部门信息',[40,55,70]),3:('公示公告',[3,30]),4:('规范性文件',[250,300]),5:('专项资金',[])}
home=[]
for n,(name,ages) in cols.items():
    items=''
    for i,age in enumerate(ages):
        d=T-dt.timedelta(days=age); url=f'/art/{d.year}/{d.month}/{d.day}/art_{n}_{i+100}.html'
        title=f'{name}第{i+1}条信息关于推进重点工作的情况通报'
        items+=f'<li><a href="{url}" title="{title}">{title}</a><span>[{d:%Y-%m-%d}]</span></li>'
        body=f'<div class="art"><h2>{title}</h2><p class="info">发布日期：{d:%Y-%m-%d}　信息来源：县政府办</p><div class="zoom"><p>为深入贯彻落实上级决策部署，{name}栏目第{i+1}条信息，我县认真组织开展各项工作，取得积极成效，群众满意度持续提升，相关工作稳步推进。</p><p>下一步，我县将继续加大工作力度，确保各项任务落到实处，推动经济社会持续健康发展，不断增强人民群众获得感幸福感安全感。</p></div></div>'
        w(url, page(title, f'<a href="/col/col{n}/index.html">{name}</a>', body))
        if n==1: home.append((url,title,d))
    w(f'/col/col{n}/index.html', page(name, name, f'<div class="list"><ul>{items}</ul></div>' if items else '<div class="list"><p>暂无信息</p></div>'))
hl=''.join(f'<li><a href="{u}">{t}</a><span>{d:%m-%d}</span></li>' for u,t,d in home)
w('/index.html', f'<html><head><meta charset="utf-8"><title>XX县人民政府</title></head><body><div class="head"><ul>{nav}</ul></div><div class="news"><ul>{hl}</ul></div><a href="/col/col9/index.html">县长信箱</a><div class="foot">XX县人民政府办公室主办 网站标识码3300000001</div></body></html>')
