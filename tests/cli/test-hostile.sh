#!/bin/sh
# Hostile input to every command: the answer is a result (exit 0 or 1) or a message and
# exit 2, never a crash, a sanitizer report or a hang. Under scripts/run-tests this also
# runs against the ASan+UBSan build, where any report aborts the process.
set -u
ga=$1
fx=$(cd "$(dirname "$0")/../fixtures/warc" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/testlib.sh"
py=/usr/bin/python3

# survive NAME ALLOWED-STATUSES COMMAND...: ALLOWED is e.g. "0" or "0 2". A status 2 must
# come with a "govaudit: " message; 124 is the hang guard (timeout) firing.
survive() {
    name=$1 allowed=$2
    shift 2
    timeout 240 "$@" >"$tmp/out" 2>"$tmp/err"
    st=$?
    case " $allowed " in
    *" $st "*) pass ;;
    *) fail "$name: exit $st, wanted one of: $allowed"; head -c 3000 "$tmp/err"; return ;;
    esac
    if [ "$st" = 2 ]; then
        if grep -q '^govaudit: ' "$tmp/err"; then pass; else fail "$name: exit 2 without a message"; fi
    fi
    if grep -q 'runtime error\|Sanitizer' "$tmp/err"; then fail "$name: sanitizer report"; head -c 3000 "$tmp/err"; fi
}

$py - "$tmp" <<'EOF'
import gzip, os, random, sys
d = sys.argv[1]
def w(name, data):
    with open(os.path.join(d, name), 'wb') as f:
        f.write(data if isinstance(data, bytes) else data.encode())
random.seed(11)
n = 200000
w('deep.html', '<html><body>' + '<div>' * n + '深层文本' + '</div>' * n)
w('deep-mixed.html', '<table><tr><td><ul><li>' * (n // 4) + '<p>正文' * 1000)
w('attrs.html', '<html><body><div id="zoom"><p ' + ' '.join('a%d="%d"' % (i, i) for i in range(n)) +
  '>各级政府网站要依法依规公开政府信息，及时回应社会关切。</p></div>')
w('attrs-dup.html', '<p ' + 'x ' * n + '>文本</p>')
w('attrs-many-tags.html', ''.join('<br ' + ' '.join('a%d' % j for j in range(200)) + '>' for _ in range(2000)))
w('script-trick.html', '<div><script></div>' + '<p ' + ' '.join('b%d' % i for i in range(20000)) + '>' * 3)
w('comment-open.html', '<!--' + '<p a b c>' * 10000)
w('bad-utf8.html', b'<html><body><p>\xff\xfe\xc3\x28\xe2\x82\x00\xf0\x90\x80</p>' * 1000)
w('random.bin', bytes(random.getrandbits(8) for _ in range(200000)))
w('nul.txt', b'\x00' * 10000 + '中文'.encode() + b'\x00')
w('bad-utf8.txt', b'\xe4\xb8\xad\xff\xe6\x96\x87' * 1000)
w('long-line.txt', '政府网站' * 500000)
w('empty', b'')
# WARC: a lying length, a negative one, a truncated gzip member, a compressed block that
# inflates to 200 MB (over the record limit), garbage between records.
head = 'WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://a.gov.cn/x.html\r\nContent-Length: %s\r\n\r\n'
w('lie.warc', head % '99999999999' + 'HTTP/1.1 200 OK\r\n\r\nabc')
w('negative.warc', head % '-5' + 'abc')
w('huge-header.warc', 'WARC/1.0\r\n' + 'X-Pad: ' + 'a' * (2 << 20) + '\r\n\r\n')
body = b'HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n' + b'\0' * (200 << 20)
rec = (head % len(body)).encode() + body + b'\r\n\r\n'
w('bomb.warc.gz', gzip.compress(rec, 6))
page = ('<html><body><p ' + ' '.join('a%d' % i for i in range(n)) + '>x</p>').encode()
http = b'HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n' + page
w('attrs.warc', (head % len(http)).encode() + http + b'\r\n\r\n')
# Rules: a broken regex, invalid UTF-8, an over-long pattern, a regex that nests deeply.
w('broken-regex.rules', '@category 敏感词\nre:(((测试\t-\n')
w('bad-utf8.rules', b'@category x\n\xff\xfe\t-\n')
w('long.rules', '@category x\n' + '长' * 2000 + '\t-\n')
w('nested.rules', '@category x\nre:' + '(' * 5000 + 'a' + ')' * 5000 + '\t-\n')
w('catastrophic.rules', '@category x\nre:(a+)+$\t-\n')
w('aaaa.txt', 'a' * 100000 + '!')
# JSON: deep nesting, invalid UTF-8, truncation, absurd numbers.
w('deep.json', '[' * n + ']' * n)
w('deep-object.json', '{"a":' * n + '1' + '}' * n)
w('bad-utf8.json', b'{"title":"\xff\xfe"}\n')
w('truncated.json', '{"account":"x","posts":[{"title":"a","date":"2023-')
w('numbers.json', '{"account":"x","posts":[{"title":"a","date":"2023-01-01","reads":1e999999}]}')
w('articles.jsonl', '{"id":"a","title":"t","text":"' + '文' * 100 + '"}\n{"id":' + '[' * 1000 + '\n')
EOF

# Pages
for f in deep deep-mixed attrs attrs-dup attrs-many-tags script-trick comment-open bad-utf8; do
    survive "page $f" 0 "$ga" page --json "$tmp/$f.html"
done
survive "page deep text" 0 "$ga" page --json "$tmp/deep.html"
contains "page deep text" "$tmp/out" '"kind"'
survive "page attrs text" 0 "$ga" page --json "$tmp/attrs.html"
contains "page attrs text" "$tmp/out" '及时回应社会关切'
survive "page random" 0 "$ga" page "$tmp/random.bin"
survive "page empty" 0 "$ga" page "$tmp/empty"
survive "page missing" 2 "$ga" page "$tmp/no-such-file"
survive "page endless" 2 "$ga" page /dev/zero
contains "page endless" "$tmp/err" "more than 67108864 bytes"

# Crawls
survive "warc empty" 0 "$ga" warc "$fx/empty.warc"
survive "warc random" 2 "$ga" warc "$tmp/random.bin"
survive "warc lie" 2 "$ga" warc "$tmp/lie.warc"
contains "warc lie" "$tmp/err" "truncated"
survive "warc negative" 2 "$ga" warc "$tmp/negative.warc"
survive "warc huge header" 2 "$ga" warc "$tmp/huge-header.warc"
# A record cut short is kept damaged (exit 1), not lost (exit 2).
survive "warc truncated gzip" 1 "$ga" warc "$fx/truncated.warc.gz"
survive "warc cut member" 1 "$ga" warc "$fx/cut-member.warc.gz"
survive "warc bomb" "0 2" "$ga" warc "$tmp/bomb.warc.gz"
survive "audit empty" 2 "$ga" audit "$fx/empty.warc"
contains "audit empty" "$tmp/err" "no HTML page"
survive "audit random" 2 "$ga" audit "$tmp/random.bin"
survive "audit truncated" "0 1 2" "$ga" audit --date 2023-08-01 "$fx/truncated.warc"
survive "audit bomb" 2 "$ga" audit "$tmp/bomb.warc.gz"
survive "audit attrs" "0 1" "$ga" audit --date 2023-08-01 --json "$tmp/attrs.warc"

# Rules and text
survive "rules broken regex" 2 "$ga" check --rules "$tmp/broken-regex.rules" "$tmp/empty"
contains "rules broken regex" "$tmp/err" "broken-regex.rules:2:"
survive "rules bad utf8" 2 "$ga" check --rules "$tmp/bad-utf8.rules" "$tmp/empty"
contains "rules bad utf8" "$tmp/err" "bad-utf8.rules:2:"
survive "rules too long" 2 "$ga" check --rules "$tmp/long.rules" "$tmp/empty"
contains "rules too long" "$tmp/err" "long.rules:2:"
survive "rules nested" 2 "$ga" check --rules "$tmp/nested.rules" "$tmp/empty"
survive "rules binary" 2 "$ga" check --rules "$tmp/random.bin" "$tmp/empty"
survive "rules catastrophic" "0 1 2" "$ga" check --rules "$tmp/catastrophic.rules" "$tmp/aaaa.txt"
cp "$tmp/empty" "$tmp/empty.gamatch"
survive "rules truncated image" 2 "$ga" check --rules "$tmp/empty.gamatch" "$tmp/empty"
# a rule file without rules is an empty rule set, not an error
survive "rules empty file" 0 "$ga" check --no-spell --rules "$tmp/empty" "$tmp/empty"
survive "check bad utf8" 2 "$ga" check "$tmp/bad-utf8.txt"
contains "check bad utf8" "$tmp/err" "byte 3"
survive "check nul" "0 1" "$ga" check "$tmp/nul.txt"
survive "check long line" "0 1" "$ga" check "$tmp/long-line.txt"
survive "check random" 2 "$ga" check "$tmp/random.bin"
survive "seg bad utf8" 2 "$ga" seg "$tmp/bad-utf8.txt"
survive "seg nul" 0 "$ga" seg "$tmp/nul.txt"
survive "seg long line" 0 "$ga" seg "$tmp/long-line.txt"
survive "seg icu long line" 0 "$ga" seg --mode icu "$tmp/long-line.txt"
survive "seg user dict binary" 2 "$ga" seg --user-dict "$tmp/random.bin" "$tmp/empty"
survive "normalize bad utf8" 2 "$ga" normalize "$tmp/bad-utf8.txt"
survive "normalize nul" 0 "$ga" normalize "$tmp/nul.txt"

# JSON inputs
echo '{"site": "甲", "passed": true}' >"$tmp/result.json"
for f in deep deep-object bad-utf8 truncated; do
    survive "audit-media $f" 2 "$ga" audit-media "$tmp/$f.json"
    survive "summary $f" 2 "$ga" summary "$tmp/$f.json"
    survive "notice $f" 2 "$ga" notice "$tmp/$f.json"
    survive "notice previous $f" 2 "$ga" notice --previous "$tmp/$f.json" "$tmp/result.json"
    survive "notice messages $f" 2 "$ga" notice --date 2023-09-01 --messages "$tmp/$f.json" "$tmp/result.json"
    survive "notice reports $f" 2 "$ga" notice --date 2023-09-01 --reports "$tmp/$f.json" "$tmp/result.json"
    survive "dedup $f" 2 "$ga" dedup "$tmp/$f.json"
done
contains "dedup truncated" "$tmp/err" "truncated.json:1:"
survive "audit-media numbers" "0 1 2" "$ga" audit-media --date 2023-08-01 "$tmp/numbers.json"
survive "dedup broken line" 2 "$ga" dedup "$tmp/articles.jsonl"
contains "dedup broken line" "$tmp/err" "articles.jsonl:2:"
survive "profile deep" 2 "$ga" audit --profile "$tmp/deep.json" "$fx/basic.warc"

# Probes and probe logs. Every URL is loopback (refused by default: nothing is sent) or not
# http(s), so no test traffic leaves the machine.
$py - "$tmp" <<'EOF'
import os, random, sys
d = sys.argv[1]
random.seed(12)
with open(os.path.join(d, "urls.txt"), "w") as f:
    for i in range(20000):
        f.write("http://127.0.0.%d:%d/%s\n" % (i % 250 + 1, 1 + i % 60000, "x" * (i % 300)))
    f.write("http://127.0.0.1/" + "a" * 200000 + "\n")
    f.write("gopher://127.0.0.1/\nfile:///etc/passwd\nhttp://[::1\nhttp://\n%s\n" % ("\u00ff" * 50))
with open(os.path.join(d, "probes.log"), "wb") as f:
    f.write(b'{"url":"http://www.example.gov.cn/","time":"2023-08-01T00:00:00+08:00","ok":false}\n' * 1000)
    f.write(b'{"url":"http://example.gov.cn/","time":"9999-12-31T23:59:59-23:59","ok":true}\n')
    f.write(b'{"url":"http://example.gov.cn/","time":"0000-01-01T00:00:00+23:59","ok":true}\n')
    f.write(b'{"url":"http://127.0.0.1/' + b'x' * 1000000 + b'","time":"2023-08-01","ok":true}\n')
    f.write(b'[' * 100000 + b'\n' + bytes(random.randrange(256) for _ in range(100000)))
EOF
survive "probe hostile urls" 0 "$ga" probe --json --timeout 2 --urls "$tmp/urls.txt"
contains "probe hostile urls" "$tmp/out" '"outcome":"blocked"'
contains "probe hostile urls" "$tmp/out" '"outcome":"bad-url"'
survive "audit hostile probe log" "0 1" "$ga" audit --date 2023-08-01 --json \
    --probes "$tmp/probes.log" "$fx/basic.warc"
contains "audit hostile probe log" "$tmp/out" "probes in the day ending 2023-07-31"
survive "audit random probe log" "0 1" "$ga" audit --date 2023-08-01 --probes "$tmp/random.bin" \
    "$fx/basic.warc"

finish
