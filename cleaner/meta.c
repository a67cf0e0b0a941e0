/* Metadata from the pre-pass's captures and the block list (meta.h). */
#include "meta.h"

#include <jansson.h>
#include <string.h>

#include "feat.h"
#include "prepass.h"

/* Values kept per multi-valued field (authors, tags): real pages list a
 * handful; keyword stuffing lists hundreds. */
#define MULTI_MAX 32
/* JSON-LD: objects looked at per script (top level, arrays and @graph,
 * never deeper than GRAPH_DEPTH), and values read from one array. jansson
 * itself refuses nesting past JSON_PARSER_MAX_DEPTH (2048) before any of
 * this runs. */
#define JSONLD_NODES_MAX 256
#define GRAPH_DEPTH 4
#define ARRAY_ITEMS_MAX 32
/* Digits read of a numeric character reference: seven hold U+10FFFF in
 * decimal (1114111); more make U+FFFD anyway. */
#define REF_DIGITS_MAX 7

static const cleaner_field multi_fields[] = {CLEANER_FIELD_AUTHOR,
                                             CLEANER_FIELD_TAGS};

void cl_meta_init(cl_meta *m, const cl_mem *mem) {
  memset(m, 0, sizeof *m);
  m->mem = mem;
  for (int i = 0; i < CLEANER_FIELD_COUNT; i++)
    cl_buf_init(&m->f[i], mem);
  cl_buf_init(&m->alt_title, mem);
}

void cl_meta_free(cl_meta *m) {
  for (int i = 0; i < CLEANER_FIELD_COUNT; i++)
    cl_buf_free(&m->f[i]);
  cl_buf_free(&m->alt_title);
}

static int is_multi(cleaner_field f) {
  for (size_t i = 0; i < sizeof multi_fields / sizeof multi_fields[0]; i++)
    if (multi_fields[i] == f)
      return 1;
  return 0;
}

/* ---- Character references ---------------------------------------------- */

static const struct {
  const char *name;
  unsigned cp;
} refs[] = {{"amp", '&'},      {"lt", '<'},        {"gt", '>'},
            {"quot", '"'},     {"apos", '\''},     {"nbsp", ' '},
            {"laquo", 0xAB},   {"raquo", 0xBB},    {"mdash", 0x2014},
            {"ndash", 0x2013}, {"hellip", 0x2026}, {"rsquo", 0x2019},
            {"lsquo", 0x2018}, {"rdquo", 0x201D},  {"ldquo", 0x201C},
            {"bdquo", 0x201E}, {"copy", 0xA9},     {"middot", 0xB7}};

static int digit_of(char c, int hex) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (hex && (c | 32) >= 'a' && (c | 32) <= 'f')
    return (c | 32) - 'a' + 10;
  return -1;
}

/* The code point of the reference at s[0] == '&', and its length. */
static unsigned ref_at(const char *s, size_t n, size_t *len) {
  size_t i = 1;
  unsigned cp = 0;
  if (i < n && s[i] == '#') {
    int hex = ++i < n && (s[i] == 'x' || s[i] == 'X');
    i += hex;
    size_t d0 = i;
    for (; i < n && i - d0 < REF_DIGITS_MAX; i++) {
      int v = digit_of(s[i], hex);
      if (v < 0)
        break;
      cp = cp * (hex ? 16 : 10) + (unsigned)v;
    }
    if (i == d0)
      return 0;
    *len = i + (i < n && s[i] == ';');
    return cp ? cp : 0xFFFD;
  }
  for (size_t k = 0; k < sizeof refs / sizeof refs[0]; k++) {
    size_t l = strlen(refs[k].name);
    if (l + 1 < n && !memcmp(s + 1, refs[k].name, l) && s[l + 1] == ';') {
      *len = l + 2;
      return refs[k].cp;
    }
  }
  return 0;
}

/* Append s with character references decoded, white space collapsed. */
static void decode_into(const char *s, size_t n, cl_buf *tmp, cl_buf *out) {
  cl_buf_clear(tmp);
  for (size_t i = 0; i < n; i++) {
    size_t len = 0;
    unsigned cp = s[i] == '&' ? ref_at(s + i, n - i, &len) : 0;
    if (!cp) {
      cl_buf_putc(tmp, s[i]);
      continue;
    }
    char u[4];
    cl_buf_append(tmp, u, cl_utf8_encode(cp, u));
    i += len - 1;
  }
  cl_collapse(tmp->ptr, tmp->len, out);
}

/* A value cut at CL_CAP_VALUE_MAX may end inside a character. */
static size_t whole_chars(const char *s, size_t n) {
  size_t k = n;
  while (k > 0 && ((unsigned char)s[k - 1] & 0xC0) == 0x80)
    k--;
  if (k > 0 && (unsigned char)s[k - 1] >= 0xC0) {
    unsigned char c = (unsigned char)s[k - 1];
    size_t need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
    if (n - (k - 1) < need)
      return k - 1;
  }
  return n;
}

/* ---- Setting fields ------------------------------------------------------ */

static int has_value(const cl_buf *b, const char *v, size_t n) {
  for (size_t i = 0; i + n <= b->len;) {
    const char *e = memchr(b->ptr + i, '\n', b->len - i);
    size_t l = e ? (size_t)(e - b->ptr) - i : b->len - i;
    if (l == n && !memcmp(b->ptr + i, v, n))
      return 1;
    i += l + 1;
  }
  return 0;
}

static size_t count_values(const cl_buf *b) {
  size_t c = b->len ? 1 : 0;
  for (size_t i = 0; i < b->len; i++)
    c += b->ptr[i] == '\n';
  return c;
}

/* One clean value (decoded, collapsed, no newline) into a field. */
static void put_value(cl_meta *m, cleaner_field f, cl_meta_src src,
                      const char *v, size_t n) {
  cl_buf *b = &m->f[f];
  if (n == 0 || src < m->src[f])
    return;
  if (src > m->src[f]) {
    cl_buf_clear(b);
    m->src[f] = (uint8_t)src;
  }
  if (is_multi(f)) {
    if (has_value(b, v, n) || count_values(b) >= MULTI_MAX)
      return;
    if (b->len)
      cl_buf_putc(b, '\n');
  } else if (b->len) {
    return;
  }
  cl_buf_append(b, v, n);
}

/* Tags from a keywords string: "a, b; c". */
static void put_tags(cl_meta *m, cl_meta_src src, const char *v, size_t n) {
  size_t a = 0;
  for (size_t i = 0; i <= n; i++) {
    if (i < n && v[i] != ',' && v[i] != ';')
      continue;
    size_t s = a, e = i;
    cl_trim(v, &s, &e);
    put_value(m, CLEANER_FIELD_TAGS, src, v + s, e - s);
    a = i + 1;
  }
}

cleaner_status cl_meta_set(cl_meta *m, cleaner_field f, cl_meta_src src,
                           const char *v, size_t n) {
  cl_buf clean, tmp;
  if ((unsigned)f >= CLEANER_FIELD_COUNT || !v)
    return CLEANER_OK;
  if (src < m->src[f] || (src == m->src[f] && !is_multi(f) && m->f[f].len))
    return CLEANER_OK; /* the common case on pages with many sources */
  cl_buf_init(&clean, m->mem);
  cl_buf_init(&tmp, m->mem);
  /* JSON-LD strings are not cut by the capture: cut them as attributes. */
  if (n > CL_CAP_VALUE_MAX)
    n = CL_CAP_VALUE_MAX;
  decode_into(v, whole_chars(v, n), &tmp, &clean);
  const char *s = clean.ptr;
  size_t len = clean.len;
  if (f == CLEANER_FIELD_DATE || f == CLEANER_FIELD_MODIFIED) {
    char iso[CL_DATE_MAX];
    len = cl_meta_date(s, len, iso, NULL);
    put_value(m, f, src, iso, len);
  } else if (f == CLEANER_FIELD_TAGS) {
    put_tags(m, src, s, len);
  } else if (f == CLEANER_FIELD_AUTHOR &&
             (len >= 4 && (!memcmp(s, "http", 4) || s[0] == '@'))) {
    /* article:author is often a profile URL, twitter:creator a handle. */
  } else if (f == CLEANER_FIELD_AUTHOR) {
    size_t skip = cl_meta_byline_skip(s, len); /* "By Jane Doe" */
    put_value(m, f, src, s + skip, len - skip);
  } else {
    put_value(m, f, src, s, len);
  }
  int oom = clean.oom || tmp.oom;
  cl_buf_free(&clean);
  cl_buf_free(&tmp);
  for (int i = 0; i < CLEANER_FIELD_COUNT; i++)
    oom |= m->f[i].oom;
  return oom ? CLEANER_ENOMEM : CLEANER_OK;
}

/* ---- <meta>, itemprop and the rest of the head -----------------------------
 */

/* Which field a <meta> key sets, and how much it is trusted. The key is
 * lowercase; "name:" and "property:" are interchangeable on real pages. */
static const struct meta_key {
  const char *key;
  cleaner_field f;
  cl_meta_src src;
} meta_keys[] = {
    {"og:title", CLEANER_FIELD_TITLE, CL_SRC_OG},
    {"og:site_name", CLEANER_FIELD_SITE, CL_SRC_OG},
    {"og:url", CLEANER_FIELD_URL, CL_SRC_OG},
    {"og:image", CLEANER_FIELD_IMAGE, CL_SRC_OG},
    {"og:image:url", CLEANER_FIELD_IMAGE, CL_SRC_OG},
    {"og:image:secure_url", CLEANER_FIELD_IMAGE, CL_SRC_OG},
    {"og:description", CLEANER_FIELD_DESCRIPTION, CL_SRC_OG},
    {"og:updated_time", CLEANER_FIELD_MODIFIED, CL_SRC_OG},
    {"article:published_time", CLEANER_FIELD_DATE, CL_SRC_OG},
    {"article:published", CLEANER_FIELD_DATE, CL_SRC_OG},
    {"article:modified_time", CLEANER_FIELD_MODIFIED, CL_SRC_OG},
    {"article:author", CLEANER_FIELD_AUTHOR, CL_SRC_OG},
    {"article:tag", CLEANER_FIELD_TAGS, CL_SRC_OG},
    {"twitter:title", CLEANER_FIELD_TITLE, CL_SRC_TWITTER},
    {"twitter:description", CLEANER_FIELD_DESCRIPTION, CL_SRC_TWITTER},
    {"twitter:image", CLEANER_FIELD_IMAGE, CL_SRC_TWITTER},
    {"twitter:image:src", CLEANER_FIELD_IMAGE, CL_SRC_TWITTER},
    {"author", CLEANER_FIELD_AUTHOR, CL_SRC_NAME},
    {"dc.creator", CLEANER_FIELD_AUTHOR, CL_SRC_NAME},
    {"dcterms.creator", CLEANER_FIELD_AUTHOR, CL_SRC_NAME},
    {"sailthru.author", CLEANER_FIELD_AUTHOR, CL_SRC_NAME},
    {"parsely-author", CLEANER_FIELD_AUTHOR, CL_SRC_NAME},
    {"byl", CLEANER_FIELD_AUTHOR, CL_SRC_NAME},
    {"description", CLEANER_FIELD_DESCRIPTION, CL_SRC_NAME},
    {"dc.description", CLEANER_FIELD_DESCRIPTION, CL_SRC_NAME},
    {"keywords", CLEANER_FIELD_TAGS, CL_SRC_NAME},
    {"news_keywords", CLEANER_FIELD_TAGS, CL_SRC_NAME},
    {"date", CLEANER_FIELD_DATE, CL_SRC_NAME},
    {"pubdate", CLEANER_FIELD_DATE, CL_SRC_NAME},
    {"publishdate", CLEANER_FIELD_DATE, CL_SRC_NAME},
    {"publish-date", CLEANER_FIELD_DATE, CL_SRC_NAME},
    {"publish_date", CLEANER_FIELD_DATE, CL_SRC_NAME},
    {"publication_date", CLEANER_FIELD_DATE, CL_SRC_NAME},
    {"article.published", CLEANER_FIELD_DATE, CL_SRC_NAME},
    {"article_date_original", CLEANER_FIELD_DATE, CL_SRC_NAME},
    {"sailthru.date", CLEANER_FIELD_DATE, CL_SRC_NAME},
    {"parsely-pub-date", CLEANER_FIELD_DATE, CL_SRC_NAME},
    {"dc.date", CLEANER_FIELD_DATE, CL_SRC_NAME},
    {"dc.date.issued", CLEANER_FIELD_DATE, CL_SRC_NAME},
    {"dc.date.created", CLEANER_FIELD_DATE, CL_SRC_NAME},
    {"dcterms.date", CLEANER_FIELD_DATE, CL_SRC_NAME},
    {"dcterms.created", CLEANER_FIELD_DATE, CL_SRC_NAME},
    {"dcterms.issued", CLEANER_FIELD_DATE, CL_SRC_NAME},
    {"citation_publication_date", CLEANER_FIELD_DATE, CL_SRC_NAME},
    {"last-modified", CLEANER_FIELD_MODIFIED, CL_SRC_NAME},
    {"dcterms.modified", CLEANER_FIELD_MODIFIED, CL_SRC_NAME},
    {"dc.title", CLEANER_FIELD_TITLE, CL_SRC_NAME},
    {"application-name", CLEANER_FIELD_SITE, CL_SRC_NAME},
};

/* itemprop names (on <meta> or any element with content/datetime). */
static const struct meta_key itemprop_keys[] = {
    {"datepublished", CLEANER_FIELD_DATE, CL_SRC_ITEMPROP},
    {"datecreated", CLEANER_FIELD_DATE, CL_SRC_ITEMPROP},
    {"datemodified", CLEANER_FIELD_MODIFIED, CL_SRC_ITEMPROP},
    {"author", CLEANER_FIELD_AUTHOR, CL_SRC_ITEMPROP},
    {"headline", CLEANER_FIELD_TITLE, CL_SRC_ITEMPROP},
    {"description", CLEANER_FIELD_DESCRIPTION, CL_SRC_ITEMPROP},
    {"keywords", CLEANER_FIELD_TAGS, CL_SRC_ITEMPROP},
    {"image", CLEANER_FIELD_IMAGE, CL_SRC_ITEMPROP},
    {"thumbnailurl", CLEANER_FIELD_IMAGE, CL_SRC_ITEMPROP},
};

static const struct meta_key *find_key(const struct meta_key *t, size_t n,
                                       const char *k, size_t kn) {
  for (size_t i = 0; i < n; i++)
    if (strlen(t[i].key) == kn && !memcmp(t[i].key, k, kn))
      return &t[i];
  return NULL;
}

/* ASCII lowercase copy of a short key; 0 when too long. */
static size_t lower_key(const char *k, size_t n, char *out, size_t cap) {
  if (n >= cap)
    return 0;
  for (size_t i = 0; i < n; i++)
    out[i] = (char)(k[i] >= 'A' && k[i] <= 'Z' ? k[i] + 32 : k[i]);
  return n;
}

#define KEY_MAX 64
static cleaner_status read_meta(cl_meta *m, const cl_cap *r) {
  const struct meta_key *k = NULL;
  const char *key = memchr(r->key, ':', r->klen);
  size_t kn;
  char low[KEY_MAX];
  if (!key)
    return CLEANER_OK;
  key++;
  kn = lower_key(key, r->klen - (size_t)(key - r->key), low, sizeof low);
  if (r->klen > 9 && !memcmp(r->key, "itemprop:", 9))
    k = find_key(itemprop_keys, sizeof itemprop_keys / sizeof itemprop_keys[0],
                 low, kn);
  else
    k = find_key(meta_keys, sizeof meta_keys / sizeof meta_keys[0], low, kn);
  return k ? cl_meta_set(m, k->f, k->src, r->val, r->vlen) : CLEANER_OK;
}

static cleaner_status read_itemprop(cl_meta *m, const char *key, size_t klen,
                                    const char *v, size_t n) {
  char low[KEY_MAX];
  size_t kn = lower_key(key, klen, low, sizeof low);
  const struct meta_key *k = find_key(
      itemprop_keys, sizeof itemprop_keys / sizeof itemprop_keys[0], low, kn);
  return k ? cl_meta_set(m, k->f, k->src, v, n) : CLEANER_OK;
}

static void read_lang(cl_meta *m, const char *v, size_t n) {
  size_t k = 0;
  while (k < n && k + 1 < sizeof m->html_lang &&
         ((v[k] | 32) >= 'a' && (v[k] | 32) <= 'z'))
    k++;
  if (k < 2 || k > 3 || m->html_lang[0])
    return;
  for (size_t i = 0; i < k; i++)
    m->html_lang[i] = (char)(v[i] | 32);
  m->html_lang[k] = '\0';
}

/* ---- JSON-LD --------------------------------------------------------------
 */

/* How much an object's @type says it is the article: 3 an article or post,
 * 2 a web page, 1 the site or its owner, 0 anything else. */
static int type_rank1(const char *t) {
  size_t n = strlen(t);
  static const char *const pages[] = {"WebPage",     "ItemPage",
                                      "AboutPage",   "CollectionPage",
                                      "ProfilePage", "QAPage"};
  if ((n >= 7 && !strcmp(t + n - 7, "Article")) ||
      (n >= 7 && !strcmp(t + n - 7, "Posting")) || !strcmp(t, "Report") ||
      !strcmp(t, "Review") || !strcmp(t, "Recipe") || !strcmp(t, "Blog"))
    return 3;
  for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++)
    if (!strcmp(t, pages[i]))
      return 2;
  if (!strcmp(t, "WebSite") || !strcmp(t, "Organization") ||
      !strcmp(t, "NewsMediaOrganization"))
    return 1;
  return 0;
}

static int type_rank(json_t *o) {
  json_t *t = json_object_get(o, "@type");
  int best = 0;
  if (json_is_string(t))
    return type_rank1(json_string_value(t));
  for (size_t i = 0;
       json_is_array(t) && i < json_array_size(t) && i < ARRAY_ITEMS_MAX; i++) {
    json_t *x = json_array_get(t, i);
    int r = json_is_string(x) ? type_rank1(json_string_value(x)) : 0;
    best = r > best ? r : best;
  }
  return best;
}

static cleaner_status set_json(cl_meta *m, cleaner_field f, json_t *v) {
  if (!json_is_string(v))
    return CLEANER_OK;
  return cl_meta_set(m, f, CL_SRC_JSONLD, json_string_value(v),
                     json_string_length(v));
}

/* A string, an object with `key` (name, url), or an array of those; each
 * value goes to f (the first only when f is single-valued). */
static cleaner_status set_json_any(cl_meta *m, cleaner_field f, json_t *v,
                                   const char *key) {
  cleaner_status st = CLEANER_OK;
  size_t n = json_is_array(v) ? json_array_size(v) : 1;
  for (size_t i = 0; i < n && i < ARRAY_ITEMS_MAX && st == CLEANER_OK; i++) {
    json_t *x = json_is_array(v) ? json_array_get(v, i) : v;
    if (json_is_object(x))
      x = json_object_get(x, key);
    st = set_json(m, f, x);
  }
  return st;
}

/* The fields an Article (or NewsArticle, BlogPosting ...) gives, in order
 * of preference: the key, and for a value that may be an object or an
 * array of them (a Person, an ImageObject), the key inside it. */
static const struct article_key {
  cleaner_field field;
  const char *key, *sub;
} article_keys[] = {{CLEANER_FIELD_AUTHOR, "author", "name"},
                    {CLEANER_FIELD_DATE, "datePublished", NULL},
                    {CLEANER_FIELD_DATE, "dateCreated", NULL},
                    {CLEANER_FIELD_MODIFIED, "dateModified", NULL},
                    {CLEANER_FIELD_SITE, "publisher", "name"},
                    {CLEANER_FIELD_URL, "url", NULL},
                    {CLEANER_FIELD_DESCRIPTION, "description", NULL},
                    {CLEANER_FIELD_TAGS, "keywords", "name"},
                    {CLEANER_FIELD_IMAGE, "image", "url"},
                    {CLEANER_FIELD_IMAGE, "thumbnailUrl", NULL}};

static cleaner_status read_article(cl_meta *m, json_t *o, int rank) {
  cleaner_status st = CLEANER_OK;
  json_t *t = json_object_get(o, "headline");
  if (!t && rank >= 2)
    t = json_object_get(o, "name");
  if (rank == 1) /* WebSite, Organization: its name is the site's */
    return set_json(m, CLEANER_FIELD_SITE, json_object_get(o, "name"));
  st = set_json(m, CLEANER_FIELD_TITLE, t);
  /* Some sites put a summary in "headline" (Wikipedia: the Wikidata
   * description); "name" is kept for clean_title to choose by the visible
   * headline. */
  json_t *name = json_object_get(o, "name");
  if (json_is_string(name) && t != name && !m->alt_title.len &&
      json_string_length(name) <= CL_CAP_VALUE_MAX)
    cl_collapse(json_string_value(name), json_string_length(name),
                &m->alt_title);
  for (size_t i = 0;
       i < sizeof article_keys / sizeof article_keys[0] && st == CLEANER_OK;
       i++) {
    const struct article_key *k = &article_keys[i];
    json_t *v = json_object_get(o, k->key);
    st = k->sub ? set_json_any(m, k->field, v, k->sub)
                : set_json(m, k->field, v);
  }
  return st;
}

/* The objects of a JSON-LD document that may describe the page: the top
 * level, array items and @graph members, walked with an explicit stack. */
typedef struct jitem {
  json_t *v;
  int depth;
} jitem;

static size_t collect(json_t *root, json_t **objs, size_t max) {
  jitem stack[JSONLD_NODES_MAX];
  size_t ns = 0, no = 0, seen = 0;
  stack[ns++] = (jitem){root, 0};
  while (ns && seen++ < JSONLD_NODES_MAX) {
    jitem it = stack[--ns];
    json_t *kids = json_is_array(it.v) ? it.v : NULL;
    if (json_is_object(it.v)) {
      if (no < max)
        objs[no++] = it.v;
      kids = json_object_get(it.v, "@graph");
    }
    if (!kids || it.depth >= GRAPH_DEPTH)
      continue;
    if (json_is_object(kids) && ns < JSONLD_NODES_MAX) {
      stack[ns++] = (jitem){kids, it.depth + 1};
      continue;
    }
    /* Pushed in reverse so that the first item comes out first. */
    size_t n = json_is_array(kids) ? json_array_size(kids) : 0;
    for (size_t i = n; i-- > 0;)
      if (ns < JSONLD_NODES_MAX)
        stack[ns++] = (jitem){json_array_get(kids, i), it.depth + 1};
  }
  return no;
}

static cleaner_status read_jsonld(cl_meta *m, const char *s, size_t n) {
  json_error_t err;
  json_t *objs[JSONLD_NODES_MAX];
  json_t *root = json_loadb(s, n, JSON_DECODE_ANY | JSON_ALLOW_NUL, &err);
  cleaner_status st = CLEANER_OK;
  if (!root)
    return CLEANER_OK; /* bad JSON-LD is common; the other sources remain */
  size_t no = collect(root, objs, JSONLD_NODES_MAX);
  /* Most trusted kind first: the article, then the page, then the site;
   * within a kind the first object wins. */
  for (int rank = 3; rank >= 1 && st == CLEANER_OK; rank--)
    for (size_t i = 0; i < no && st == CLEANER_OK; i++)
      if (type_rank(objs[i]) == rank)
        st = read_article(m, objs[i], rank);
  json_decref(root);
  return st;
}

cleaner_status cl_meta_read(cl_meta *m, const cl_buf *cap) {
  cl_cap r;
  size_t pos = 0;
  cleaner_status st = CLEANER_OK;
  while (st == CLEANER_OK && cl_cap_next(cap, &pos, &r)) {
    switch (r.kind) {
    case CL_CAP_META:
      st = read_meta(m, &r);
      break;
    case CL_CAP_ITEMPROP:
      st = read_itemprop(m, r.key, r.klen, r.val, r.vlen);
      break;
    case CL_CAP_TIME:
      st = r.klen
               ? read_itemprop(m, r.key, r.klen, r.val, r.vlen)
               : cl_meta_set(m, CLEANER_FIELD_DATE, CL_SRC_TIME, r.val, r.vlen);
      break;
    case CL_CAP_CANONICAL:
      st = cl_meta_set(m, CLEANER_FIELD_URL, CL_SRC_CANON, r.val, r.vlen);
      break;
    case CL_CAP_LANG:
      read_lang(m, r.val, r.vlen);
      break;
    case CL_CAP_TITLE:
      st = cl_meta_set(m, CLEANER_FIELD_TITLE, CL_SRC_TITLE, r.val, r.vlen);
      break;
    case CL_CAP_JSONLD:
      st = read_jsonld(m, r.val, r.vlen);
      break;
    }
  }
  return st;
}
