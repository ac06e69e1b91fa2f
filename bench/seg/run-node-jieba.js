// Segment a file with @node-rs/jieba (cut, HMM on) for bench-seg, with the given dictionary.
// usage: node run-node-jieba.js MODULE_DIR DICT IN OUT -> prints "seconds maxrss_kib"
const fs = require('fs');
const path = require('path');
const [modDir, dictPath, src, dst] = process.argv.slice(2);
const { Jieba } = require(path.join(modDir, 'node_modules', '@node-rs', 'jieba'));
const jieba = Jieba.withDict(fs.readFileSync(dictPath));
const lines = fs.readFileSync(src, 'utf8').split('\n');
jieba.cut('预热', true);
const t0 = process.cpuUsage();
const out = lines.map((l) => jieba.cut(l, true).filter((w) => w.trim() !== '').join(' '));
const t1 = process.cpuUsage(t0);
fs.writeFileSync(dst, out.join('\n'));
console.log(((t1.user + t1.system) / 1e6).toFixed(6) + ' ' + process.resourceUsage().maxRSS);
