"""Segment a file with Debian's python3-jieba (default mode, HMM on) for bench-seg.

usage: run-jieba.py DICT IN OUT -> prints "seconds maxrss_kib" (segmentation only)."""
import resource
import sys
import time

import jieba

jieba.setLogLevel(60)
dict_path, src, dst = sys.argv[1:4]
tk = jieba.Tokenizer(dictionary=dict_path)
tk.initialize()
lines = open(src, encoding="utf-8").read().split("\n")
t0 = time.process_time()
out = [" ".join(w for w in tk.cut(line) if w.strip()) for line in lines]
t1 = time.process_time()
open(dst, "w", encoding="utf-8").write("\n".join(out))
print("%.6f %d" % (t1 - t0, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))
