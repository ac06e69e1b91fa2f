#!/usr/bin/python3
"""Writes the files bench-attach reads: one large file per format, shaped like what sites
publish (a 公示 name list, a long notice, a briefing, a plan in OFD and PDF).
    gen-bench.py OUTDIR"""
import importlib.util
import os
import random
import sys

here = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location(
    "fixtures", os.path.join(here, "..", "..", "tests", "fixtures", "attach", "make-fixtures.py"))
fx = importlib.util.module_from_spec(spec)
spec.loader.exec_module(fx)

WORDS = ["政府", "信息", "公开", "工作", "通知", "关于", "开展", "检查", "网站", "管理", "办法",
         "实施", "意见", "人民", "服务", "群众", "，", "。", "2023年", "第一", "季度", "乡村振兴"]


def sentence(rng, n):
    return "".join(rng.choice(WORDS) for _ in range(n))


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    rng = random.Random(42)
    rows = [["序号", "姓名", "身份证号", "联系电话", "地址", "备注"]]
    for i in range(1, 20001):
        rows.append([("n", i), "张" + rng.choice("一二三四五六七八九"), "11010519491231002X",
                     ("n", 13800000000 + i), sentence(rng, 6), ("inline", sentence(rng, 3))])
    files = {
        "bench.xlsx": fx.make_xlsx([("名单", rows)]),
        "bench.docx": fx.make_docx([sentence(rng, 40) for _ in range(12000)],
                                   table=[[sentence(rng, 3), "13812345678"] for _ in range(2000)]),
        "bench.pptx": fx.make_pptx([[sentence(rng, 12) for _ in range(8)] for _ in range(600)]),
        "bench.ofd": fx.make_ofd([[[sentence(rng, 15)] for _ in range(30)] for _ in range(400)]),
        "bench.pdf": fx.make_pdf([[sentence(rng, 15) for _ in range(40)] for _ in range(400)]),
    }
    for name, data in files.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
