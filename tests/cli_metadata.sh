#!/usr/bin/env bash
# --metadata: a header of "key: value" lines (non-empty fields, several
# values joined by ", "), a blank line, then the same text as without it;
# also with -o. Inputs are written here.
source "$(dirname "$0")/check.sh"

cat >"$tmp/p.html" <<'HTML'
<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Ferry timetable changes for winter | Harbour Post</title>
<meta property="og:site_name" content="Harbour Post">
<meta property="article:published_time" content="2024-11-02T07:15:00+00:00">
<meta name="author" content="Rosa Quay">
<meta property="article:tag" content="ferries">
<meta property="article:tag" content="winter">
</head><body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Ferry timetable changes for winter</h1>
<p>From the first weekend of November the island ferry will run every two
hours instead of every hour, the operator said on Friday, because fewer
passengers travel in the cold months and two of the boats need repairs.</p>
<p>The last crossing of the day will leave the harbour at nine in the
evening, and the early boat for commuters will keep its time.</p>
</article></body></html>
HTML

"$bin" --metadata "$tmp/p.html" >"$tmp/m.txt"
check '[ $? -eq 0 ]' "exit 0"
check 'grep -qx "title: Ferry timetable changes for winter" "$tmp/m.txt"' \
  "title cleaned of the site name"
check 'grep -qx "author: Rosa Quay" "$tmp/m.txt"' "author"
check 'grep -qx "published: 2024-11-02T07:15:00+00:00" "$tmp/m.txt"' "published date"
check 'grep -qx "site: Harbour Post" "$tmp/m.txt"' "site"
check 'grep -qx "lang: en" "$tmp/m.txt"' "lang"
check 'grep -qx "tags: ferries, winter" "$tmp/m.txt"' "tags joined by ', '"
check '! grep -q "^canonical:" "$tmp/m.txt"' "empty fields are left out"

# Header, one blank line, then exactly the text without --metadata.
"$bin" "$tmp/p.html" >"$tmp/t.txt"
blank=$(grep -n -m1 '^$' "$tmp/m.txt" | cut -d: -f1)
check '[ -n "$blank" ] && tail -n +$((blank + 1)) "$tmp/m.txt" | cmp -s - "$tmp/t.txt"' \
  "text after the header is unchanged"
check '! head -n $((blank - 1)) "$tmp/m.txt" | grep -qv "^[a-z]*: "' \
  "every header line is key: value"

# Without --metadata nothing changes; with -o the file has the header.
check '! grep -q "^title: " "$tmp/t.txt"' "no header by default"
mkdir "$tmp/out"
"$bin" --metadata -o "$tmp/out" "$tmp/p.html"
check 'cmp -s "$tmp/out/p.txt" "$tmp/m.txt"' "-o writes the same"

finish cli_metadata
