#!/usr/bin/env python3
"""gen_big_ftrace.py SRC OUT [LINES]: a large ftrace text file for the parse-time check.

Repeats the event lines of SRC (a real ftrace `trace` file) with the timestamps shifted forward on
every pass so that time keeps increasing, until OUT has LINES lines (default 1,000,000) after
SRC's header. The mix of events is SRC's own.
"""
import re
import sys

src, out = sys.argv[1], sys.argv[2]
want = int(sys.argv[3]) if len(sys.argv) > 3 else 1_000_000
ts_re = re.compile(r'(\]\s+\S+\s+)(\d+)\.(\d{6}):')
header, body = [], []
for line in open(src):
    (header if line.startswith('#') else body).append(line)
stamps = [int(ts_re.search(l).group(2)) * 10**6 + int(ts_re.search(l).group(3)) for l in body]
span = stamps[-1] - stamps[0] + 1000
with open(out, 'w') as f:
    f.writelines(header)
    n, shift = 0, 0
    while n < want:
        for line, us in zip(body, stamps):
            if n == want:
                break
            t = us + shift
            f.write(ts_re.sub(lambda m: '%s%d.%06d:' % (m.group(1), t // 10**6, t % 10**6), line, 1))
            n += 1
        shift += span
