#!/bin/sh
# Regenerate the encoded test pages in charset/ from their UTF-8 sources
# (*.utf8.*). The outputs are committed; run this only after editing a
# source. Needs iconv (glibc or libiconv) and printf.
set -eu
cd "$(dirname "$0")/charset"

enc() { # enc SOURCE ICONV-CHARSET OUTPUT
  iconv -f UTF-8 -t "$2" "$1" >"$3"
}

enc ru.utf8.html CP1251 ru.cp1251.html
enc ru.utf8.txt KOI8-R ru.koi8r.txt
enc ru.utf8.txt CP1251 ru.cp1251.txt
enc cs.utf8.html ISO-8859-2 cs.iso88592.html
enc ja.utf8.html SHIFT_JIS ja.sjis.html
enc zh.utf8.html GB18030 zh.gb18030.html
enc foobar.utf8.html CP1251 foobar.cp1251.html

# UTF-16 with and without a byte order mark, and UTF-8 with one.
{ printf '\377\376'; iconv -f UTF-8 -t UTF-16LE mixed.utf8.html; } \
  >mixed.utf16le-bom.html
{ printf '\376\377'; iconv -f UTF-8 -t UTF-16BE mixed.utf8.html; } \
  >mixed.utf16be-bom.html
iconv -f UTF-8 -t UTF-16LE mixed.utf8.html >mixed.utf16le.html
{ printf '\357\273\277'; cat mixed.utf8.html; } >mixed.utf8-bom.html
