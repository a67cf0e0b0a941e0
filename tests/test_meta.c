/*
 * Tests of metadata (cleaner/meta*.c) and language identification
 * (cl_text_lang in cleaner/classify.c), all on inputs written here:
 *  - every head source and their order of trust, JSON-LD in @graph and
 *    top-level arrays, authors as string/object/array, bad, deeply nested
 *    and oversized JSON-LD;
 *  - dates in each supported form, visible datelines and bylines, and the
 *    removal of byline, dateline and tag-list blocks from the text;
 *  - title cleaning;
 *  - the pre-pass writes the same bytes with and without the capture;
 *  - language of short texts in 24 languages, ru/uk/be/bg, <html lang>;
 *  - the corpus: title, date and language against corpus/NAME.meta.json
 *    (written by reading each page) on at least META_MIN_SHARE of pages.
 *
 * Run: test_meta SOURCE_DIR.
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdlib.h>
#include <time.h>

#include <jansson.h>

#include "cleaner.h"
#include "meta.h"
#include "prepass.h"
#include "support.h"
#include "test.h"

/* The bar: title, date and language right on 95 % of the corpus
 * pages that carry them. */
#define META_MIN_SHARE 0.95
/* Authors and site names are not in the bar; most pages must still get
 * them. */
#define EXTRA_MIN_SHARE 0.85
/* Hostile JSON-LD: nesting far past jansson's limit of 2048. */
#define DEEP_JSON 100000
/* The time a hostile page may take (the brief allows this bound). */
#define HOSTILE_SECONDS 2.0

static cleaner_t *cl;

static cleaner_result *clean(const char *html) {
  cleaner_result *r = NULL;
  cleaner_status st = cleaner_clean(cl, html, strlen(html), &r);
  CHECK_MSG(st == CLEANER_OK, "status %d", (int)st);
  return r;
}

static const char *field(const cleaner_result *r, cleaner_field f) {
  return cleaner_result_field(r, f);
}

/* A page with a head, a headline and enough prose to be an article. */
static char *page(const char *head, const char *lang, const char *body) {
  static const char prose[] =
      "<p>The council met on Tuesday evening to discuss the plan for the new "
      "library, which has been delayed for two years because the costs of "
      "the building rose and the contractor left the project.</p>"
      "<p>Residents who came to the meeting asked whether the reading rooms "
      "would open before the summer, and the mayor said that the work would "
      "be finished in time if the weather allowed it.</p>";
  size_t n = strlen(head) + strlen(body) + sizeof prose + 256;
  char *s = malloc(n);
  snprintf(s, n,
           "<!DOCTYPE html><html%s%s%s><head><meta charset=utf-8>%s</head>"
           "<body><article><h1>Library plan delayed again</h1>%s%s"
           "</article></body></html>",
           lang ? " lang=\"" : "", lang ? lang : "", lang ? "\"" : "", head,
           body, prose);
  return s;
}

static cleaner_result *clean_page(const char *head, const char *body) {
  char *s = page(head, NULL, body);
  cleaner_result *r = clean(s);
  free(s);
  return r;
}

/* ---- Sources and their order of trust ------------------------------------ */

static const char JSONLD_FULL[] =
    "<script type=\"application/ld+json\">{\"@context\":\"https://"
    "schema.org\",\"@type\":\"NewsArticle\",\"headline\":\"JSON headline\","
    "\"author\":[{\"@type\":\"Person\",\"name\":\"Ann One\"},\"Bob Two\"],"
    "\"datePublished\":\"2024-04-10T09:30:00+02:00\",\"dateModified\":"
    "\"2024-04-11T10:00:00Z\",\"publisher\":{\"@type\":\"Organization\","
    "\"name\":\"JSON Site\"},\"image\":{\"@type\":\"ImageObject\",\"url\":"
    "\"https://j.example/i.jpg\"},\"keywords\":[\"alpha\",\"beta\"],"
    "\"description\":\"JSON description\",\"url\":\"https://j.example/a\"}"
    "</script>";
static const char OG_FULL[] =
    "<meta property=\"og:title\" content=\"OG headline\">"
    "<meta property=\"og:site_name\" content=\"OG Site\">"
    "<meta property=\"og:url\" content=\"https://o.example/a\">"
    "<meta property=\"og:image\" content=\"https://o.example/i.jpg\">"
    "<meta property=\"og:description\" content=\"OG description\">"
    "<meta property=\"article:published_time\" "
    "content=\"2023-01-02T03:04:05+01:00\">"
    "<meta property=\"article:modified_time\" content=\"2023-01-03\">"
    "<meta property=\"article:author\" content=\"Olga Og\">"
    "<meta property=\"article:tag\" content=\"gamma\">"
    "<meta property=\"article:tag\" content=\"delta\">";
static const char NAME_FULL[] =
    "<title>Title headline | Name Site</title>"
    "<meta name=\"author\" content=\"Nina Name\">"
    "<meta name=\"description\" content=\"Name description\">"
    "<meta name=\"keywords\" content=\"one, two; three\">"
    "<meta name=\"date\" content=\"2022-05-06\">"
    "<meta name=\"twitter:title\" content=\"Twitter headline\">"
    "<link rel=\"canonical\" href=\"https://c.example/a\">";

static void test_trust(void) {
  char head[4096];
  snprintf(head, sizeof head, "%s%s%s", NAME_FULL, OG_FULL, JSONLD_FULL);
  cleaner_result *r = clean_page(head, "");
  CHECK_STREQ(field(r, CLEANER_FIELD_TITLE), "JSON headline");
  CHECK_STREQ(field(r, CLEANER_FIELD_AUTHOR), "Ann One\nBob Two");
  CHECK_STREQ(field(r, CLEANER_FIELD_DATE), "2024-04-10T09:30:00+02:00");
  CHECK_STREQ(field(r, CLEANER_FIELD_MODIFIED), "2024-04-11T10:00:00Z");
  CHECK_STREQ(field(r, CLEANER_FIELD_SITE), "JSON Site");
  CHECK_STREQ(field(r, CLEANER_FIELD_IMAGE), "https://j.example/i.jpg");
  CHECK_STREQ(field(r, CLEANER_FIELD_TAGS), "alpha\nbeta");
  CHECK_STREQ(field(r, CLEANER_FIELD_DESCRIPTION), "JSON description");
  CHECK_STREQ(field(r, CLEANER_FIELD_URL), "https://j.example/a");
  cleaner_result_free(r);

  /* Without JSON-LD, OpenGraph and article:* win over the rest. */
  snprintf(head, sizeof head, "%s%s", NAME_FULL, OG_FULL);
  r = clean_page(head, "");
  CHECK_STREQ(field(r, CLEANER_FIELD_TITLE), "OG headline");
  CHECK_STREQ(field(r, CLEANER_FIELD_AUTHOR), "Olga Og");
  CHECK_STREQ(field(r, CLEANER_FIELD_DATE), "2023-01-02T03:04:05+01:00");
  CHECK_STREQ(field(r, CLEANER_FIELD_MODIFIED), "2023-01-03");
  CHECK_STREQ(field(r, CLEANER_FIELD_SITE), "OG Site");
  CHECK_STREQ(field(r, CLEANER_FIELD_TAGS), "gamma\ndelta");
  CHECK_STREQ(field(r, CLEANER_FIELD_DESCRIPTION), "OG description");
  CHECK_STREQ(field(r, CLEANER_FIELD_URL), "https://o.example/a");
  cleaner_result_free(r);

  /* Then Twitter cards, then <meta name>, canonical, <title>. */
  r = clean_page(NAME_FULL, "");
  CHECK_STREQ(field(r, CLEANER_FIELD_TITLE), "Twitter headline");
  CHECK_STREQ(field(r, CLEANER_FIELD_AUTHOR), "Nina Name");
  CHECK_STREQ(field(r, CLEANER_FIELD_DATE), "2022-05-06");
  CHECK_STREQ(field(r, CLEANER_FIELD_TAGS), "one\ntwo\nthree");
  CHECK_STREQ(field(r, CLEANER_FIELD_URL), "https://c.example/a");
  CHECK_STREQ(field(r, CLEANER_FIELD_DESCRIPTION), "Name description");
  cleaner_result_free(r);

  /* itemprop beats <time datetime>; a bare <time> is the last resort. */
  r = clean_page("<title>T</title>",
                 "<time datetime=\"2021-01-01\">1 Jan</time>"
                 "<span itemprop=\"datePublished\" content=\"2021-02-03\">"
                 "</span><meta itemprop=\"author\" content=\"Ida Item\">");
  CHECK_STREQ(field(r, CLEANER_FIELD_DATE), "2021-02-03");
  CHECK_STREQ(field(r, CLEANER_FIELD_AUTHOR), "Ida Item");
  cleaner_result_free(r);
  r = clean_page("<title>T</title>",
                 "<time datetime=\"2021-01-01T08:00\">1 Jan</time>");
  CHECK_STREQ(field(r, CLEANER_FIELD_DATE), "2021-01-01T08:00");
  cleaner_result_free(r);

  /* Character references in attribute values and JSON-LD strings. */
  r = clean_page("<meta property=\"og:title\" content=\"Tom &amp; Jerry&#39;s "
                 "&laquo;day&raquo;\">",
                 "");
  CHECK_STREQ(field(r, CLEANER_FIELD_TITLE), "Tom & Jerry's \xC2\xAB"
                                             "day\xC2\xBB");
  cleaner_result_free(r);
}

static void test_jsonld_shapes(void) {
  /* @graph with a site, a page and the article; the article wins. */
  cleaner_result *r = clean_page(
      "<script type='application/ld+json'>{\"@context\":\"https://"
      "schema.org\",\"@graph\":[{\"@type\":\"WebSite\",\"name\":\"Graph "
      "Site\"},{\"@type\":\"WebPage\",\"name\":\"Page name | Graph Site\","
      "\"datePublished\":\"2020-01-01\"},{\"@type\":[\"BlogPosting\"],"
      "\"headline\":\"Graph headline\",\"author\":{\"@type\":\"Person\","
      "\"name\":\"Gail Graph\"},\"datePublished\":\"2020-02-02\","
      "\"keywords\":\"k1, k2\"}]}</script>",
      "");
  CHECK_STREQ(field(r, CLEANER_FIELD_TITLE), "Graph headline");
  CHECK_STREQ(field(r, CLEANER_FIELD_AUTHOR), "Gail Graph");
  CHECK_STREQ(field(r, CLEANER_FIELD_DATE), "2020-02-02");
  CHECK_STREQ(field(r, CLEANER_FIELD_SITE), "Graph Site");
  CHECK_STREQ(field(r, CLEANER_FIELD_TAGS), "k1\nk2");
  cleaner_result_free(r);

  /* A top-level array; author as a plain string; image as an array. */
  r = clean_page(
      "<script type=\"application/ld+json\">[{\"@type\":\"Organization\","
      "\"name\":\"Org\"},{\"@type\":\"ReportageNewsArticle\",\"headline\":"
      "\"Array headline\",\"author\":\"Sam String\",\"image\":[\"https://"
      "a.example/1.jpg\",\"https://a.example/2.jpg\"]}]</script>",
      "");
  CHECK_STREQ(field(r, CLEANER_FIELD_TITLE), "Array headline");
  CHECK_STREQ(field(r, CLEANER_FIELD_AUTHOR), "Sam String");
  CHECK_STREQ(field(r, CLEANER_FIELD_IMAGE), "https://a.example/1.jpg");
  cleaner_result_free(r);

  /* Bad JSON-LD is skipped; the other sources stand. */
  r = clean_page("<script type=\"application/ld+json\">{\"@type\":"
                 "\"NewsArticle\",\"headline\":\"Broken</script>"
                 "<meta property=\"og:title\" content=\"OG stands\">",
                 "");
  CHECK_STREQ(field(r, CLEANER_FIELD_TITLE), "OG stands");
  cleaner_result_free(r);
}

static double seconds(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + t.tv_nsec / 1e9;
}

/* Nesting far past jansson's depth limit, arrays and objects, and a body
 * over the size cap: no crash, bounded time, other sources used. */
static void test_jsonld_hostile(void) {
  size_t n = 4 * DEEP_JSON + 1024;
  char *s = malloc(n), *p = s;
  p += sprintf(p, "<meta property=\"og:title\" content=\"Still here\">"
                  "<script type=\"application/ld+json\">");
  for (int i = 0; i < DEEP_JSON; i++)
    *p++ = '[';
  for (int i = 0; i < DEEP_JSON; i++)
    *p++ = ']';
  p += sprintf(p, "</script><script type=\"application/ld+json\">");
  for (int i = 0; i < DEEP_JSON / 8; i++)
    p += sprintf(p, "{\"a\":");
  p += sprintf(p, "</script>");
  double t0 = seconds();
  cleaner_result *r = clean_page(s, "");
  CHECK(seconds() - t0 < HOSTILE_SECONDS);
  CHECK_STREQ(field(r, CLEANER_FIELD_TITLE), "Still here");
  cleaner_result_free(r);
  free(s);

  /* Over CL_CAP_JSONLD_MAX: skipped whole, although it is valid. */
  n = CL_CAP_JSONLD_MAX + 4096;
  s = malloc(n);
  p = s;
  p += sprintf(p, "<script type=\"application/ld+json\">{\"@type\":"
                  "\"Article\",\"headline\":\"Too big\",\"x\":\"");
  memset(p, 'x', CL_CAP_JSONLD_MAX);
  p += CL_CAP_JSONLD_MAX;
  sprintf(p, "\"}</script><title>Small title</title>");
  r = clean_page(s, "");
  CHECK_STREQ(field(r, CLEANER_FIELD_TITLE), "Small title");
  cleaner_result_free(r);
  free(s);
}

/* ---- Dates ------------------------------------------------------------------
 */

static void check_date(const char *in, const char *want) {
  char out[CL_DATE_MAX];
  size_t n = cl_meta_date(in, strlen(in), out, NULL);
  out[n] = '\0';
  CHECK_MSG(!strcmp(out, want), "%s -> [%s], want [%s]", in, out, want);
}

static void test_dates(void) {
  check_date("2024-04-10", "2024-04-10");
  check_date("2024-04-10T23:37:00+03:00", "2024-04-10T23:37:00+03:00");
  check_date("2024-04-10T23:37:00.123Z", "2024-04-10T23:37:00Z");
  check_date("2024-04-10 23:37", "2024-04-10T23:37");
  check_date("2024/04/10", "2024-04-10");
  check_date("Wed, 10 Apr 2024 23:37:00 GMT", "2024-04-10T23:37:00Z");
  check_date("10 апреля 2024", "2024-04-10");
  check_date("Среда, 10 апреля 2024, 23:37", "2024-04-10T23:37");
  check_date("23.04.2025", "2025-04-23");
  check_date("23.04.2025 в 08:15", "2025-04-23T08:15");
  check_date("10 квітня 2024 р.", "2024-04-10");
  check_date("10 красавіка 2024", "2024-04-10");
  check_date("10 април 2024", "2024-04-10");
  check_date("April 10, 2024", "2024-04-10");
  check_date("Apr 10th, 2024 at 9:05", "2024-04-10T09:05");
  check_date("10. März 2024", "2024-03-10");
  check_date("10 de abril de 2024", "2024-04-10");
  check_date("10 avril 2024", "2024-04-10");
  check_date("10 aprile 2024", "2024-04-10");
  check_date("10 kwietnia 2024, 10:12", "2024-04-10T10:12");
  check_date("10. dubna 2024", "2024-04-10");
  check_date("10 Απριλίου 2024", "2024-04-10");
  check_date("10 Nisan 2024", "2024-04-10");
  check_date("2024年4月10日", "2024-04-10");
  check_date("2024년 4월 10일", "2024-04-10");
  check_date("Published 3/25/2024", "2024-03-25");
  /* Not dates. */
  check_date("32.13.2024", "");
  check_date("Выборы 2024", "");
  check_date("10 апреля", "");
  check_date("", "");
}

/* ---- The visible page ------------------------------------------------------
 */

static void test_visible(void) {
  /* Dateline and byline under the headline, tags at the end: found, and
   * not in the text. */
  cleaner_result *r;
  char *s;
  r = clean_page("<meta name=keywords content=\"alpha, beta, gamma\">",
                 "<p class=date>Среда, 10 апреля 2024, 23:37</p><p>By Jane "
                 "Doe</p>");
  const char *text = cleaner_result_text(r, NULL);
  CHECK_STREQ(field(r, CLEANER_FIELD_DATE), "2024-04-10T23:37");
  CHECK_STREQ(field(r, CLEANER_FIELD_AUTHOR), "Jane Doe");
  CHECK(strstr(text, "library") != NULL);
  CHECK(strstr(text, "Jane Doe") == NULL);
  CHECK(strstr(text, "2024") == NULL);
  cleaner_result_free(r);

  s = page("<meta name=keywords content=\"alpha, beta, gamma\">", NULL,
           "<p>Before the vote the library board wrote a long letter to the "
           "council, and the letter was read out at the start of the "
           "meeting.</p><p>Tags: alpha, beta, gamma</p>");
  r = clean(s);
  text = cleaner_result_text(r, NULL);
  CHECK(strstr(text, "letter") != NULL);
  CHECK(strstr(text, "alpha") == NULL);
  cleaner_result_free(r);
  free(s);

  /* A label line: "Автор: Имя Фамилия | 23.04.2025". */
  r = clean_page("", "<div class=info>Автор: Мария Иванова | 23.04.2025</div>");
  CHECK_STREQ(field(r, CLEANER_FIELD_AUTHOR), "Мария Иванова");
  CHECK_STREQ(field(r, CLEANER_FIELD_DATE), "2025-04-23");
  cleaner_result_free(r);

  /* A sentence that mentions a date is no dateline. */
  r = clean_page("<meta name=date content=2024-01-01>",
                 "<p>On 10 April 2024 the council voted to delay the plan for "
                 "another year, citing the costs of the building.</p>");
  CHECK(strstr(cleaner_result_text(r, NULL), "10 April 2024") != NULL);
  cleaner_result_free(r);
}

/* ---- Title cleaning --------------------------------------------------------
 */

static void check_title(const char *head, const char *want) {
  cleaner_result *r = clean_page(head, "");
  CHECK_STREQ(field(r, CLEANER_FIELD_TITLE), want);
  cleaner_result_free(r);
}

static void test_titles(void) {
  check_title("<title>Budget talks stall again | The Daily Example</title>"
              "<meta property=og:site_name content=\"The Daily Example\">",
              "Budget talks stall again");
  check_title("<title>Daily Example - Budget talks stall again in the "
              "city</title><meta property=og:site_name "
              "content=\"Daily Example\">",
              "Budget talks stall again in the city");
  check_title("<title>Budget talks stall again :: Politics :: Example "
              "News</title><meta property=og:site_name "
              "content=\"Example News\">",
              "Budget talks stall again");
  /* Unknown site: the short generic part goes. */
  check_title("<title>Budget talks stall again after the council meeting — "
              "Example News</title>",
              "Budget talks stall again after the council meeting");
  /* The title part that equals the visible headline wins. */
  check_title("<title>Section | Library plan delayed again | Site</title>",
              "Library plan delayed again");
  /* A JSON-LD headline with a dash is a headline, not a site. */
  check_title("<script type=application/ld+json>{\"@type\":\"NewsArticle\","
              "\"headline\":\"Rain - and more rain - for the weekend\"}"
              "</script>",
              "Rain - and more rain - for the weekend");
  /* No <title> at all: the visible headline. */
  check_title("", "Library plan delayed again");
}

/* ---- The capture changes nothing in the pre-pass output
 * ---------------------- */

static void test_capture_same_output(const char *src) {
  char dir[4096];
  snprintf(dir, sizeof dir, "%s/corpus", src);
  DIR *d = opendir(dir);
  struct dirent *e;
  cl_mem mem;
  int pages = 0;
  cl_mem_init(&mem, NULL);
  while (d && (e = readdir(d))) {
    size_t l = strlen(e->d_name);
    if (l < 6 || strcmp(e->d_name + l - 5, ".html"))
      continue;
    size_t n;
    char *html = test_read_file(test_path(dir, e->d_name), &n);
    cl_buf a, b, cap;
    cl_buf_init(&a, &mem);
    cl_buf_init(&b, &mem);
    cl_buf_init(&cap, &mem);
    CHECK(cl_prepass(html, n, 512, &a) == CLEANER_OK);
    CHECK(cl_prepass_capture(html, n, 512, &b, &cap) == CLEANER_OK);
    CHECK_MSG(a.len == b.len && !memcmp(a.ptr, b.ptr, a.len), "%s", e->d_name);
    CHECK_MSG(cap.len > 0, "%s: nothing captured", e->d_name);
    cl_buf_free(&a);
    cl_buf_free(&b);
    cl_buf_free(&cap);
    free(html);
    pages++;
  }
  if (d)
    closedir(d);
  CHECK(pages > 0);
}

/* ---- Language ---------------------------------------------------------------
 */

static const struct {
  const char *lang, *text;
} lang_cases[] = {
    {"en", "The children walked to the school in the rain, and their "
           "teacher was waiting for them at the gate with a large umbrella."},
    {"ru", "Дети шли в школу под дождём, и учитель ждал их у ворот с "
           "большим зонтом. Это было уже третий день подряд."},
    {"uk", "Діти йшли до школи під дощем, і вчитель чекав на них біля "
           "воріт з великою парасолькою. Це був уже третій день поспіль."},
    {"be", "Дзеці ішлі ў школу пад дажджом, і настаўнік чакаў іх каля "
           "брамы з вялікай парасонай. Гэта быў ужо трэці дзень запар."},
    {"bg", "Децата вървяха към училище в дъжда, а учителят ги чакаше на "
           "портата с голям чадър. Това беше вече третият ден подред."},
    {"de", "Die Kinder gingen im Regen zur Schule, und der Lehrer wartete "
           "am Tor mit einem großen Schirm auf sie. Es war schon der dritte "
           "Tag."},
    {"fr", "Les enfants allaient à l'école sous la pluie, et le maître les "
           "attendait devant le portail avec un grand parapluie."},
    {"es", "Los niños caminaban a la escuela bajo la lluvia, y el maestro "
           "los esperaba en la puerta con un paraguas grande."},
    {"it", "I bambini andavano a scuola sotto la pioggia, e il maestro li "
           "aspettava al cancello con un grande ombrello."},
    {"pt", "As crianças iam para a escola debaixo da chuva, e o professor "
           "esperava por elas no portão com um guarda-chuva grande."},
    {"nl", "De kinderen liepen in de regen naar school, en de leraar "
           "wachtte bij het hek op hen met een grote paraplu."},
    {"pl", "Dzieci szły do szkoły w deszczu, a nauczyciel czekał na nie "
           "przy bramie z dużym parasolem. To był już trzeci dzień."},
    {"cs", "Děti šly do školy v dešti a učitel na ně čekal u brány s "
           "velkým deštníkem. Byl to už třetí den, který pršelo."},
    {"el", "Τα παιδιά πήγαιναν στο σχολείο μέσα στη βροχή, και ο δάσκαλος "
           "τα περίμενε στην πύλη με μια μεγάλη ομπρέλα."},
    {"tr", "Çocuklar yağmurda okula yürüdüler ve öğretmen onları kapıda "
           "büyük bir şemsiye ile bekliyordu. Bu da üçüncü gündü ve çok "
           "soğuktu."},
    {"zh", "孩子们冒着雨走向学校，老师拿着一把大伞在校门口等着他们。"},
    {"ja", "子供たちは雨の中を学校へ歩いて行き、先生は大きな傘を持って門の前"
           "で待っていました。"},
    {"ko", "아이들은 비를 맞으며 학교로 걸어갔고, 선생님은 큰 우산을 들고 "
           "교문 앞에서 기다리고 있었다."},
    {"ar", "ذهب الأطفال إلى المدرسة تحت المطر، وكان المعلم ينتظرهم عند "
           "البوابة بمظلة كبيرة."},
    {"he", "הילדים הלכו לבית הספר בגשם, והמורה חיכה להם בשער עם מטרייה "
           "גדולה."},
    {"hi", "बच्चे बारिश में स्कूल गए, और शिक्षक बड़े छाते के साथ गेट पर "
           "उनका इंतज़ार कर रहे थे।"},
    {"th", "เด็กๆ เดินไปโรงเรียนท่ามกลางสายฝน และครูก็รออยู่ที่ประตูพร้อมร่ม"
           "คันใหญ่"},
    /* Close pairs once more, in other words. */
    {"ru", "Правительство также объявило, что новые правила вступят в силу "
           "ещё до конца этого года, чтобы все успели подготовиться."},
    {"uk", "Уряд також оголосив, що нові правила набудуть чинності ще до "
           "кінця цього року, щоб усі встигли підготуватися."},
    {"be", "Урад таксама абвясціў, што новыя правілы ўступяць у сілу яшчэ "
           "да канца гэтага года, каб усе паспелі падрыхтавацца."},
    {"bg", "Правителството също обяви, че новите правила ще влязат в сила "
           "още преди края на тази година, за да могат всички да се "
           "подготвят."},
};

static void test_languages(void) {
  for (size_t i = 0; i < sizeof lang_cases / sizeof lang_cases[0]; i++) {
    char html[2048];
    snprintf(html, sizeof html, "<html><body><p>%s</p></body></html>",
             lang_cases[i].text);
    cleaner_result *r = clean(html);
    CHECK_MSG(!strcmp(cleaner_result_lang(r), lang_cases[i].lang),
              "case %zu: got [%s], want [%s]", i, cleaner_result_lang(r),
              lang_cases[i].lang);
    CHECK_STREQ(field(r, CLEANER_FIELD_LANG), lang_cases[i].lang);
    cleaner_result_free(r);
  }
  /* <html lang> decides when the text says little ... */
  cleaner_result *r =
      clean("<html lang=\"de-AT\"><body><p>Rapid Wien 2:1 Sturm Graz "
            "(1:0)</p></body></html>");
  CHECK_STREQ(cleaner_result_lang(r), "de");
  cleaner_result_free(r);
  /* ... but text that is clearly another language wins. */
  r = clean("<html lang=\"en\"><body><article><p>Дети шли в школу под "
            "дождём, и учитель ждал их у ворот с большим зонтом. Это было "
            "уже третий день подряд, и никто не знал, когда это закончится. "
            "Все говорили, что так будет до конца недели, а потом станет ещё "
            "холоднее. Но мы не верили и ходили в школу без зонта, потому что "
            "так было веселее.</p></article></body></html>");
  CHECK_STREQ(cleaner_result_lang(r), "ru");
  cleaner_result_free(r);
}

/* ---- The corpus against NAME.meta.json --------------------------------------
 */

typedef struct score {
  int n, ok;
} score;

static void compare(score *s, const char *page_name, const char *key,
                    json_t *want, const char *got, size_t prefix) {
  const char *w = json_string_value(want);
  if (!w)
    return;
  size_t n = prefix ? prefix : strlen(w) + 1;
  s->n++;
  if (!strncmp(w, got, n))
    s->ok++;
  else
    fprintf(stderr, "%s: %s: got [%s], want [%s]\n", page_name, key, got, w);
}

static void test_corpus(const char *src) {
  char dir[4096];
  snprintf(dir, sizeof dir, "%s/corpus", src);
  DIR *d = opendir(dir);
  struct dirent *e;
  score title = {0, 0}, date = {0, 0}, lang = {0, 0}, author = {0, 0},
        site = {0, 0};
  while (d && (e = readdir(d))) {
    size_t l = strlen(e->d_name), n;
    if (l < 11 || strcmp(e->d_name + l - 10, ".meta.json"))
      continue;
    char name[512], html_name[600];
    snprintf(name, sizeof name, "%.*s", (int)(l - 10), e->d_name);
    snprintf(html_name, sizeof html_name, "%s.html", name);
    json_t *want = json_load_file(test_path(dir, e->d_name), 0, NULL);
    char *html = test_read_file(test_path(dir, html_name), &n);
    cleaner_result *r = NULL;
    CHECK_MSG(want && html, "%s", name);
    if (!want || !html || cleaner_clean(cl, html, n, &r) != CLEANER_OK) {
      json_decref(want);
      free(html);
      continue;
    }
    compare(&title, name, "title", json_object_get(want, "title"),
            field(r, CLEANER_FIELD_TITLE), 0);
    compare(&date, name, "date", json_object_get(want, "date"),
            field(r, CLEANER_FIELD_DATE), 10);
    compare(&lang, name, "lang", json_object_get(want, "lang"),
            field(r, CLEANER_FIELD_LANG), 0);
    /* The first author, up to its newline. */
    char first[256];
    snprintf(first, sizeof first, "%s", field(r, CLEANER_FIELD_AUTHOR));
    first[strcspn(first, "\n")] = '\0';
    compare(&author, name, "author", json_object_get(want, "author"), first, 0);
    compare(&site, name, "site", json_object_get(want, "site"),
            field(r, CLEANER_FIELD_SITE), 0);
    cleaner_result_free(r);
    json_decref(want);
    free(html);
  }
  if (d)
    closedir(d);
  printf("corpus metadata: title %d/%d, date %d/%d, lang %d/%d, author "
         "%d/%d, site %d/%d\n",
         title.ok, title.n, date.ok, date.n, lang.ok, lang.n, author.ok,
         author.n, site.ok, site.n);
  CHECK(title.n >= 30 && date.n >= 25 && lang.n >= 30);
  CHECK(title.ok >= META_MIN_SHARE * title.n);
  CHECK(date.ok >= META_MIN_SHARE * date.n);
  CHECK(lang.ok >= META_MIN_SHARE * lang.n);
  CHECK(author.ok >= EXTRA_MIN_SHARE * author.n);
  CHECK(site.ok >= EXTRA_MIN_SHARE * site.n);
}

int main(int argc, char **argv) {
  const char *src = argc > 1 ? argv[1] : ".";
  if (cleaner_new(NULL, &cl) != CLEANER_OK)
    return 1;
  test_trust();
  test_jsonld_shapes();
  test_jsonld_hostile();
  test_dates();
  test_visible();
  test_titles();
  test_capture_same_output(src);
  test_languages();
  test_corpus(src);
  cleaner_free(cl);
  return test_summary("test_meta");
}
