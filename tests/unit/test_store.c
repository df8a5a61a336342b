/*
 * test_store.c - the SQLite store (stores/db.h): import, history,
 * cursors, runs and findings.
 *
 * Each case gets a fresh temporary directory holding the database and the
 * files it imports; what the store wrote is checked with plain sqlite3
 * queries on a second connection, as an officer would look at the file.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <sqlite3.h>

#include "../../engine/run/classify.h"
#include "../../stores/db/db.h"

static char dir[4096];
static char dbpath[4200];
static gk_store *st;
static gk_error err;
static gk_import_stats stats;

/* ---- fixtures ----------------------------------------------------------- */

static int setup(void **state)
{
	const char *tmp = getenv("TMPDIR");

	(void)state;
	snprintf(dir, sizeof(dir), "%s/gk-store.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir))
		return -1;
	snprintf(dbpath, sizeof(dbpath), "%s/gk.db", dir);
	gk_error_clear(&err);
	if (gk_store_open(&st, dbpath, 1, &err)) {
		fprintf(stderr, "cannot open %s: %s\n", dbpath, err.msg);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	DIR *d;
	struct dirent *e;

	(void)state;
	gk_store_close(st);
	st = NULL;
	d = opendir(dir);
	if (d) {
		while ((e = readdir(d))) {
			char p[8192];

			if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
				continue;
			snprintf(p, sizeof(p), "%s/%s", dir, e->d_name);
			unlink(p);
		}
		closedir(d);
	}
	rmdir(dir);
	return 0;
}

/* Write name in the case's directory; returns its path (8 rotating buffers). */
static const char *write_file(const char *name, const char *content)
{
	static char paths[8][8192];
	static int next;
	char *p = paths[next++ % 8];
	FILE *f;

	snprintf(p, 8192, "%s/%s", dir, name);
	f = fopen(p, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(content, 1, strlen(content), f), strlen(content));
	assert_int_equal(fclose(f), 0);
	return p;
}

/* The path of name in the case's directory, for expected messages. */
static const char *path_of(const char *name)
{
	static char p[8192];

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	return p;
}

/* Problems reported by an import. */
static int nreports;
static char reports[32][1200];

static void report(void *ud, const char *msg)
{
	(void)ud;
	assert_true(nreports < 32);
	snprintf(reports[nreports++], sizeof(reports[0]), "%s", msg);
}

static int import_files(const char *const *files, int n)
{
	nreports = 0;
	gk_error_clear(&err);
	return gk_store_import(st, files, n, NULL, report, NULL, &stats, &err);
}

static int import1(const char *path)
{
	return import_files(&path, 1);
}

/* ---- reading the database behind the store's back ----------------------- */

static sqlite3 *peek_open(const char *path)
{
	sqlite3 *db = NULL;

	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	return db;
}

/* The first column of the first row of sql, as an integer. */
static long long q_int(const char *sql)
{
	sqlite3 *db = peek_open(dbpath);
	sqlite3_stmt *q = NULL;
	long long v;

	if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	v = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	sqlite3_close(db);
	return v;
}

/* The first column of the first row of sql as text ("(null)" for NULL,
 * "(none)" when there is no row). */
static const char *q_text(const char *sql)
{
	static char buf[4][4096];
	static int next;
	char *out = buf[next++ % 4];
	sqlite3 *db = peek_open(dbpath);
	sqlite3_stmt *q = NULL;
	int s;

	if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	s = sqlite3_step(q);
	if (s != SQLITE_ROW)
		snprintf(out, 4096, "(none)");
	else if (sqlite3_column_type(q, 0) == SQLITE_NULL)
		snprintf(out, 4096, "(null)");
	else
		snprintf(out, 4096, "%s", (const char *)sqlite3_column_text(q, 0));
	sqlite3_finalize(q);
	sqlite3_close(db);
	return out;
}

static const char *fmt(const char *f, ...) __attribute__((format(printf, 1, 2)));

static const char *fmt(const char *f, ...)
{
	static char buf[4][4096];
	static int next;
	char *out = buf[next++ % 4];
	va_list ap;

	va_start(ap, f);
	vsnprintf(out, 4096, f, ap);
	va_end(ap);
	return out;
}

#define RECORDS() q_int("SELECT count(*) FROM records")
#define HISTORY() q_int("SELECT count(*) FROM record_history")
#define IMPORTS() q_int("SELECT count(*) FROM imports")

/* ---- data --------------------------------------------------------------- */

static const char good_csv[] =
	"id,jurisdiction,kind,title,attribute,formed_on,published_on,channels,elements\n"
	"z-1,zezhou,info,开放公告,主动公开,2021-01-22,2021-02-24,政府网站;微信,机构名称; 开放时间\n"
	"z-2,zezhou,info,第二条,proactive,2021-03-01,,website,\n"
	"q-1,quangang,依申请公开,,,,,,\n";

static const char good_jsonl[] =
	"{\"id\":\"e-1\",\"jurisdiction\":\"quangang\",\"kind\":\"event\",\"event_type\":\"座谈会\","
	"\"period\":\"2020\",\"held_on\":\"2020-06-01\",\"samples\":520}\n"
	"{\"id\":\"a-1\",\"jurisdiction\":\"yinchuan\",\"kind\":\"application\","
	"\"received_on\":\"2021-01-04\",\"extended\":true,\"replied_on\":null,"
	"\"channels\":null}\n";

/* ---- opening ------------------------------------------------------------ */

static void open_creates_schema(void **state)
{
	gk_store *again = NULL;

	(void)state;
	assert_string_equal(gk_store_path(st), dbpath);
	assert_string_equal(q_text("SELECT value FROM meta WHERE key = 'schema'"), "6");
	assert_int_equal(RECORDS(), 0);
	assert_int_equal(q_int("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN "
			       "('meta', 'imports', 'records', 'record_history', 'runs', 'findings', "
			       "'feedback')"),
			 7);
	/* and opens again, without create, once it exists */
	gk_store_close(st);
	st = NULL;
	assert_int_equal(gk_store_open(&again, dbpath, 0, &err), 0);
	st = again;
}

static void open_missing_without_create(void **state)
{
	gk_store *s = (gk_store *)(uintptr_t)1;
	const char *missing = path_of("missing.db");

	(void)state;
	gk_error_clear(&err);
	assert_int_equal(gk_store_open(&s, missing, 0, &err), GK_EIO);
	assert_null(s);
	assert_int_equal(err.code, GK_EIO);
	assert_non_null(strstr(err.msg, missing));
	assert_non_null(strstr(err.msg, "create it with"));
	assert_int_equal(access(missing, F_OK), -1);
}

/* Make a database of another application at path. */
static void make_foreign_db(const char *path, const char *sql)
{
	sqlite3 *db = NULL;
	char *msg = NULL;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s", msg);
	sqlite3_close(db);
}

static long long foreign_count(const char *path, const char *sql)
{
	sqlite3 *db = peek_open(path);
	sqlite3_stmt *q = NULL;
	long long v;

	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &q, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	v = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	sqlite3_close(db);
	return v;
}

static void open_foreign_db_refused(void **state)
{
	const char *other = path_of("other.db");
	gk_store *s = NULL;

	(void)state;
	make_foreign_db(other, "CREATE TABLE notes(x TEXT); INSERT INTO notes VALUES('keep me');");
	for (int create = 1; create >= 0; create--) {
		gk_error_clear(&err);
		assert_int_equal(gk_store_open(&s, other, create, &err), GK_EIO);
		assert_null(s);
		assert_string_equal(err.msg, fmt("'%s' is not a gongkai database (it has other tables): "
					"name a new file or a gongkai database",
						 other));
	}
	/* untouched */
	assert_int_equal(foreign_count(other, "SELECT count(*) FROM sqlite_master"), 1);
	assert_int_equal(foreign_count(other, "SELECT count(*) FROM notes"), 1);
}

static void open_foreign_db_with_meta_table_refused(void **state)
{
	/* Many applications keep a key/value table called meta (Chromium's
	 * History file does: meta(key, value) with 'version' rows); without
	 * gongkai's 'schema' key it is still somebody else's database. */
	const char *other = path_of("History");
	gk_store *s = NULL;
	int rc;

	(void)state;
	make_foreign_db(other,
			"CREATE TABLE meta(key LONGVARCHAR NOT NULL UNIQUE PRIMARY KEY, value LONGVARCHAR);"
			"INSERT INTO meta VALUES('version', '42');"
			"CREATE TABLE urls(id INTEGER PRIMARY KEY, url LONGVARCHAR);"
			"INSERT INTO urls(url) VALUES('https://www.gov.cn/');");
	gk_error_clear(&err);
	rc = gk_store_open(&s, other, 1, &err);
	gk_store_close(s);
	assert_int_equal(foreign_count(other, "SELECT count(*) FROM sqlite_master WHERE name = 'records'"), 0);
	assert_int_equal(rc, GK_EIO);
	assert_non_null(strstr(err.msg, "is not a gongkai database"));
}

static void open_non_sqlite_file_refused(void **state)
{
	const char *csv = write_file("records.csv", good_csv);
	gk_store *s = NULL;
	FILE *f;
	char buf[1024];
	size_t n;

	(void)state;
	gk_error_clear(&err);
	assert_int_equal(gk_store_open(&s, csv, 1, &err), GK_EIO);
	assert_null(s);
	assert_non_null(strstr(err.msg, csv));
	/* the file is as it was */
	f = fopen(csv, "rb");
	assert_non_null(f);
	n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	assert_int_equal(n, strlen(good_csv));
	assert_memory_equal(buf, good_csv, n);
}

/* ---- import ------------------------------------------------------------- */

static void import_csv(void **state)
{
	const char *p = write_file("good.csv", good_csv);

	(void)state;
	assert_int_equal(import1(p), 0);
	assert_int_equal(nreports, 0);
	assert_int_equal(stats.rows, 3);
	assert_int_equal(stats.inserted, 3);
	assert_int_equal(stats.replaced, 0);
	assert_int_equal(stats.errors, 0);
	assert_true(stats.import_id > 0);
	assert_int_equal(RECORDS(), 3);
	assert_int_equal(HISTORY(), 0);
	/* values stored canonical */
	assert_string_equal(q_text("SELECT attribute FROM records WHERE id = 'z-1'"), "proactive");
	assert_string_equal(q_text("SELECT channels FROM records WHERE id = 'z-1'"), "website;wechat");
	assert_string_equal(q_text("SELECT elements FROM records WHERE id = 'z-1'"), "机构名称;开放时间");
	assert_string_equal(q_text("SELECT formed_on FROM records WHERE id = 'z-1'"), "2021-01-22");
	assert_string_equal(q_text("SELECT title FROM records WHERE id = 'z-1'"), "开放公告");
	assert_string_equal(q_text("SELECT kind FROM records WHERE id = 'q-1'"), "application");
	/* empty cells are absent */
	assert_string_equal(q_text("SELECT published_on FROM records WHERE id = 'z-2'"), "(null)");
	assert_string_equal(q_text("SELECT title FROM records WHERE id = 'q-1'"), "(null)");
	/* where each record came from */
	assert_string_equal(q_text("SELECT origin FROM records WHERE id = 'z-2'"),
			    fmt("%s:3", p));
	assert_int_equal(q_int("SELECT count(*) FROM records WHERE import_id = (SELECT max(id) FROM imports)"), 3);
	/* the import itself */
	assert_int_equal(IMPORTS(), 1);
	assert_string_equal(q_text("SELECT files FROM imports"), p);
	assert_int_equal(q_int("SELECT rows FROM imports"), 3);
	assert_int_equal(q_int("SELECT inserted FROM imports"), 3);
	assert_int_equal(q_int("SELECT replaced FROM imports"), 0);
	assert_int_equal(q_int("SELECT id FROM imports"), stats.import_id);
}

static void import_jsonl(void **state)
{
	const char *p = write_file("good.jsonl", good_jsonl);

	(void)state;
	assert_int_equal(import1(p), 0);
	assert_int_equal(nreports, 0);
	assert_int_equal(stats.rows, 2);
	assert_int_equal(stats.inserted, 2);
	assert_int_equal(RECORDS(), 2);
	assert_string_equal(q_text("SELECT event_type FROM records WHERE id = 'e-1'"), "symposium");
	assert_string_equal(q_text("SELECT period FROM records WHERE id = 'e-1'"), "2020");
	/* numbers and flags are integers in the database */
	assert_int_equal(q_int("SELECT samples FROM records WHERE id = 'e-1'"), 520);
	assert_string_equal(q_text("SELECT typeof(samples) FROM records WHERE id = 'e-1'"), "integer");
	assert_int_equal(q_int("SELECT extended FROM records WHERE id = 'a-1'"), 1);
	/* JSON null is absent, and so are null values of columns the kind
	 * does not have */
	assert_string_equal(q_text("SELECT replied_on FROM records WHERE id = 'a-1'"), "(null)");
	assert_string_equal(q_text("SELECT origin FROM records WHERE id = 'a-1'"), fmt("%s:2", p));
}

static void import_csv_and_jsonl_together(void **state)
{
	const char *files[2];

	(void)state;
	files[0] = write_file("good.csv", good_csv);
	files[1] = write_file("good.jsonl", good_jsonl);
	assert_int_equal(import_files(files, 2), 0);
	assert_int_equal(stats.rows, 5);
	assert_int_equal(stats.inserted, 5);
	assert_int_equal(RECORDS(), 5);
	assert_int_equal(IMPORTS(), 1);
	assert_string_equal(q_text("SELECT files FROM imports"), fmt("%s;%s", files[0], files[1]));
}

/*
 * A refused import: rc, every report exactly, the summary in err, and the
 * database as it was (one baseline record from an earlier import).
 */
static void refused(const char *const *files, int nfiles, const char *const *want,
		    int nwant)
{
	const char *base = write_file("base.csv", "id,jurisdiction,kind,title\nbase-1,zezhou,info,v1\n");

	assert_int_equal(import1(base), 0);
	assert_int_equal(RECORDS(), 1);
	assert_int_equal(IMPORTS(), 1);

	assert_int_equal(import_files(files, nfiles), GK_EINVAL);
	assert_int_equal(err.code, GK_EINVAL);
	for (int i = 0; i < nwant && i < nreports; i++)
		assert_string_equal(reports[i], want[i]);
	assert_int_equal(nreports, nwant);
	assert_int_equal(stats.errors, nwant);
	assert_string_equal(err.msg,
			    fmt("import refused: %d problem%s; the database is unchanged",
				nwant, nwant == 1 ? "" : "s"));
	assert_int_equal(RECORDS(), 1);
	assert_int_equal(IMPORTS(), 1);
	assert_int_equal(HISTORY(), 0);
	assert_string_equal(q_text("SELECT title FROM records"), "v1");
	assert_string_equal(q_text("SELECT id FROM records"), "base-1");
}

static void refuse_bad_date(void **state)
{
	const char *p = write_file("bad.csv",
				   "id,jurisdiction,kind,formed_on\n"
				   "n-1,zezhou,info,2021-01-05\n"
				   "n-2,zezhou,info,2021-02-29\n");
	const char *want[] = {
		fmt("%s:3: column 'formed_on': '2021-02-29' is not a date: expected YYYY-MM-DD "
		    "(or 2021/1/19, 2021.1.19, 2021年1月19日)", p),
	};

	(void)state;
	refused(&p, 1, want, 1);
}

static void refuse_unknown_column(void **state)
{
	/* reported once, on the header line, however many rows there are */
	const char *p = write_file("bad.csv",
				   "id,jurisdiction,kind,publishd_on\n"
				   "n-1,zezhou,info,2021-01-05\n"
				   "n-2,zezhou,info,2021-01-06\n");
	const char *want[] = {
		fmt("%s:1: column 'publishd_on': unknown column: not a column of the record "
		    "format (docs/records.md), by its name or Chinese name (e.g. 'published_on' or "
		    "发布日期); rename or delete it, or map it in the source system's columns.yaml "
		    "(--columns)", p),
	};

	(void)state;
	refused(&p, 1, want, 1);
}

static void refuse_unknown_column_jsonl(void **state)
{
	const char *p = write_file("bad.jsonl",
				   "{\"id\":\"n-1\",\"jurisdiction\":\"zezhou\",\"kind\":\"info\"}\n"
				   "{\"id\":\"n-2\",\"jurisdiction\":\"zezhou\",\"kind\":\"info\",\"titel\":\"x\"}\n");
	const char *want[] = {
		fmt("%s:2: column 'titel': unknown column (columns are those of the "
		    "interchange format, e.g. 'published_on'): rename or remove it", p),
	};

	(void)state;
	refused(&p, 1, want, 1);
}

static void refuse_unknown_enum_value(void **state)
{
	const char *p = write_file("bad.csv",
				   "id,jurisdiction,kind,attribute\n"
				   "n-1,zezhou,info,proactive\n"
				   "n-2,zezhou,info,公开\n");
	const char *want[] = {
		fmt("%s:3: column 'attribute': '公开' is not one of: proactive, on_request, withheld", p),
	};

	(void)state;
	refused(&p, 1, want, 1);
}

static void refuse_column_not_for_kind(void **state)
{
	const char *p = write_file("bad.csv",
				   "id,jurisdiction,kind,samples\n"
				   "n-1,zezhou,event,5\n"
				   "n-2,zezhou,info,5\n"
				   "n-3,zezhou,info,\n");
	const char *want[] = {
		fmt("%s:3: column 'samples': does not apply to kind 'info' (only to event): "
		    "leave it empty or fix the kind", p),
	};

	(void)state;
	refused(&p, 1, want, 1);
}

static void refuse_missing_required(void **state)
{
	const char *p = write_file("bad.csv",
				   "id,jurisdiction,title\n"
				   "n-1,zezhou,x\n");
	const char *want[] = {
		fmt("%s:2: column 'kind': missing: every record needs id, jurisdiction and kind", p),
	};

	(void)state;
	refused(&p, 1, want, 1);
}

static void refuse_empty_required(void **state)
{
	const char *p = write_file("bad.csv",
				   "id,jurisdiction,kind\n"
				   "n-1,zezhou,info\n"
				   "n-2, ,info\n");
	const char *want[] = {
		fmt("%s:3: column 'jurisdiction': missing: every record needs id, jurisdiction and kind", p),
	};

	(void)state;
	refused(&p, 1, want, 1);
}

static void refuse_invalid_kind_once(void **state)
{
	/* an invalid required value is one problem, not also "missing" */
	const char *p = write_file("bad.csv",
				   "id,jurisdiction,kind,samples\n"
				   "n-1,zezhou,info,\n"
				   "n-2,zezhou,report,5\n");
	const char *want[] = {
		fmt("%s:3: column 'kind': 'report' is not one of: info, application, penalty, "
		    "message, demand, task, event", p),
	};

	(void)state;
	refused(&p, 1, want, 1);
}

static void refuse_duplicate_id_in_file(void **state)
{
	const char *p = write_file("bad.csv",
				   "id,jurisdiction,kind\n"
				   "n-1,zezhou,info\n"
				   "n-2,zezhou,info\n"
				   "n-1,zezhou,task\n");
	const char *want[] = {
		fmt("%s:4: column 'id': 'n-1' appears twice in this file (first on line 2)", p),
	};

	(void)state;
	refused(&p, 1, want, 1);
}

static void refuse_duplicate_of_existing_id_in_file(void **state)
{
	/* base-1 exists already: its first line here replaces it, the second
	 * is still a duplicate within the file */
	const char *p = write_file("bad.csv",
				   "id,jurisdiction,kind,title\n"
				   "base-1,zezhou,info,v2\n"
				   "base-1,zezhou,info,v3\n");
	const char *want[] = {
		fmt("%s:3: column 'id': 'base-1' appears twice in this file (first on line 2)", p),
	};

	(void)state;
	refused(&p, 1, want, 1);
}

static void refuse_syntax_error(void **state)
{
	const char *p = write_file("bad.csv",
				   "id,jurisdiction,kind\n"
				   "n-1,zezhou,info\n"
				   "n-2,zezhou\n");
	const char *want[] = {
		fmt("%s:3: row has 2 cells but the header has 3", p),
	};

	(void)state;
	refused(&p, 1, want, 1);
}

static void refuse_reports_every_problem(void **state)
{
	const char *p = write_file("bad.csv",
				   "id,jurisdiction,kind,formed_on,secrecy\n"
				   "n-1,Zezhou,info,2021-01-05,public\n"
				   "n-2,zezhou,info,2021-13-01,public\n"
				   "n-3,zezhou,info,2021-01-05,机密\n");
	const char *want[] = {
		fmt("%s:2: column 'jurisdiction': 'Zezhou' is not a jurisdiction: expected "
		    "its id (lowercase letters, digits, '-' or '_', such as 'zezhou') or its "
		    "Chinese name (such as 泽州县)", p),
		fmt("%s:3: column 'formed_on': '2021-13-01' is not a date: expected YYYY-MM-DD "
		    "(or 2021/1/19, 2021.1.19, 2021年1月19日)", p),
		fmt("%s:4: column 'secrecy': '机密' is not one of: public, internal, secret", p),
	};

	(void)state;
	refused(&p, 1, want, 3);
}

static void refuse_bad_second_file(void **state)
{
	/* the good first file is refused with the bad second one */
	const char *files[2];
	const char *want[1];

	(void)state;
	files[0] = write_file("good.csv", good_csv);
	files[1] = write_file("bad.jsonl",
			      "{\"id\":\"x-1\",\"jurisdiction\":\"zezhou\",\"kind\":\"info\","
			      "\"channels\":[\"website\",\"fax\"]}\n");
	want[0] = fmt("%s:1: column 'channels': 'fax' is not one of: website, wechat, weibo, "
		      "newspaper, bulletin, app, online, onsite", files[1]);
	refused(files, 2, want, 1);
}

static void refuse_unknown_column_in_second_file(void **state)
{
	/* the header of every file is checked, not only the first file's */
	const char *files[2];
	const char *want[1];

	(void)state;
	files[0] = write_file("good.csv", good_csv);
	files[1] = write_file("typo.csv",
			      "id,jurisdiction,kind,publishd_on\n"
			      "n-1,zezhou,info,2021-01-05\n");
	want[0] = fmt("%s:1: column 'publishd_on': unknown column: not a column of the record "
		    "format (docs/records.md), by its name or Chinese name (e.g. 'published_on' or "
		    "发布日期); rename or delete it, or map it in the source system's columns.yaml "
		    "(--columns)", files[1]);
	refused(files, 2, want, 1);
}

static void refuse_too_many_problems(void **state)
{
	char text[4096];
	size_t n = 0;
	const char *p, *base;

	(void)state;
	base = write_file("base.csv", "id,jurisdiction,kind,title\nbase-1,zezhou,info,v1\n");
	assert_int_equal(import1(base), 0);
	n += (size_t)snprintf(text + n, sizeof(text) - n, "id,jurisdiction,kind,formed_on\n");
	for (int i = 0; i < 30; i++)
		n += (size_t)snprintf(text + n, sizeof(text) - n, "n-%d,zezhou,info,2021-02-30\n", i);
	p = write_file("bad.csv", text);
	assert_int_equal(import1(p), GK_EINVAL);
	assert_int_equal(nreports, GK_IMPORT_MAX_ERRORS);
	assert_string_equal(reports[0],
			    fmt("%s:2: column 'formed_on': '2021-02-30' is not a date: expected YYYY-MM-DD "
		    "(or 2021/1/19, 2021.1.19, 2021年1月19日)", p));
	assert_string_equal(reports[GK_IMPORT_MAX_ERRORS - 1],
			    fmt("%s:%d: column 'formed_on': '2021-02-30' is not a date: expected YYYY-MM-DD "
		    "(or 2021/1/19, 2021.1.19, 2021年1月19日)",
				p, GK_IMPORT_MAX_ERRORS + 1));
	assert_string_equal(err.msg, "import refused: 20 problems (stopped counting); "
			    "the database is unchanged");
	assert_int_equal(RECORDS(), 1);
	assert_int_equal(IMPORTS(), 1);
}

static void import_missing_file(void **state)
{
	const char *files[2];

	(void)state;
	files[0] = write_file("good.csv", good_csv);
	files[1] = path_of("missing.csv");
	nreports = 0;
	gk_error_clear(&err);
	assert_int_equal(gk_store_import(st, files, 2, NULL, report, NULL, &stats, &err), GK_EIO);
	assert_non_null(strstr(err.msg, files[1]));
	assert_int_equal(RECORDS(), 0);
	assert_int_equal(IMPORTS(), 0);
	/* and the store is usable afterwards: no transaction left open */
	assert_int_equal(import1(files[0]), 0);
	assert_int_equal(RECORDS(), 3);
}

static void refuse_empty_file(void **state)
{
	const char *p = write_file("empty.csv", "id,jurisdiction,kind\n");
	const char *want[] = { fmt("%s: no records in this file", p) };

	(void)state;
	refused(&p, 1, want, 1);
}

static void refuse_unknown_format(void **state)
{
	const char *p = write_file("records.txt", "id,jurisdiction,kind\n");
	const char *want[] = { fmt("%s: cannot tell the format: name it .csv, .xlsx, .jsonl or "
				   "(a task schedule) .yaml", p) };

	(void)state;
	refused(&p, 1, want, 1);
}

static void reimport_keeps_history(void **state)
{
	const char *a, *b;
	int64_t first, second, third;

	(void)state;
	a = write_file("a.csv",
		       "id,jurisdiction,kind,title,formed_on\n"
		       "z-1,zezhou,info,v1,2021-01-04\n"
		       "z-2,zezhou,info,other,2021-01-05\n");
	assert_int_equal(import1(a), 0);
	first = stats.import_id;

	/* the same file, edited and imported again */
	a = write_file("a.csv",
		       "id,jurisdiction,kind,title,formed_on\n"
		       "z-1,zezhou,info,v2,2021-01-06\n");
	assert_int_equal(import1(a), 0);
	second = stats.import_id;
	assert_true(second > first);
	assert_int_equal(stats.rows, 1);
	assert_int_equal(stats.inserted, 0);
	assert_int_equal(stats.replaced, 1);
	assert_int_equal(RECORDS(), 2);
	assert_int_equal(HISTORY(), 1);
	assert_string_equal(q_text("SELECT title FROM records WHERE id = 'z-1'"), "v2");
	assert_string_equal(q_text("SELECT formed_on FROM records WHERE id = 'z-1'"), "2021-01-06");
	assert_int_equal(q_int("SELECT import_id FROM records WHERE id = 'z-1'"), second);
	/* the earlier version, whole, with where it came from */
	assert_string_equal(q_text("SELECT id FROM record_history"), "z-1");
	assert_string_equal(q_text("SELECT title FROM record_history"), "v1");
	assert_string_equal(q_text("SELECT formed_on FROM record_history"), "2021-01-04");
	assert_string_equal(q_text("SELECT jurisdiction FROM record_history"), "zezhou");
	assert_string_equal(q_text("SELECT kind FROM record_history"), "info");
	assert_int_equal(q_int("SELECT import_id FROM record_history"), first);
	assert_string_equal(q_text("SELECT origin FROM record_history"), fmt("%s:2", a));
	assert_int_equal(q_int("SELECT replaced_by FROM record_history"), second);
	assert_int_equal(q_int(fmt("SELECT replaced FROM imports WHERE id = %lld",
				   (long long)second)), 1);
	/* z-2 was not in the second file and stays */
	assert_string_equal(q_text("SELECT title FROM records WHERE id = 'z-2'"), "other");

	/* a second import from another file replaces it too */
	b = write_file("b.jsonl",
		       "{\"id\":\"z-1\",\"jurisdiction\":\"zezhou\",\"kind\":\"info\",\"title\":\"v3\"}\n");
	assert_int_equal(import1(b), 0);
	third = stats.import_id;
	assert_int_equal(stats.replaced, 1);
	assert_int_equal(RECORDS(), 2);
	assert_int_equal(HISTORY(), 2);
	assert_string_equal(q_text("SELECT title FROM records WHERE id = 'z-1'"), "v3");
	assert_string_equal(q_text("SELECT origin FROM records WHERE id = 'z-1'"), fmt("%s:1", b));
	assert_string_equal(q_text("SELECT formed_on FROM records WHERE id = 'z-1'"), "(null)");
	assert_string_equal(q_text("SELECT group_concat(title, ',') FROM "
				   "(SELECT title FROM record_history WHERE id = 'z-1' ORDER BY hid)"),
			    "v1,v2");
	assert_int_equal(q_int(fmt("SELECT import_id FROM record_history WHERE title = 'v2'")), second);
	assert_int_equal(q_int(fmt("SELECT replaced_by FROM record_history WHERE title = 'v2'")), third);
}

static void same_id_in_two_files_of_one_import(void **state)
{
	const char *files[2];

	(void)state;
	files[0] = write_file("base.csv", "id,jurisdiction,kind,title\nz-1,zezhou,info,v1\n");
	assert_int_equal(import1(files[0]), 0);
	files[0] = write_file("a.csv", "id,jurisdiction,kind,title\nz-1,zezhou,info,v2\n");
	files[1] = write_file("b.csv", "id,jurisdiction,kind,title\nz-1,zezhou,info,v3\n");
	assert_int_equal(import_files(files, 2), 0);
	assert_int_equal(nreports, 0);
	/* the later file wins; the version before this import is kept */
	assert_int_equal(RECORDS(), 1);
	assert_string_equal(q_text("SELECT title FROM records"), "v3");
	assert_string_equal(q_text("SELECT origin FROM records"), fmt("%s:2", files[1]));
	assert_int_equal(q_int("SELECT count(*) FROM record_history WHERE title = 'v1'"), 1);
}

/* ---- gk_store_put ------------------------------------------------------- */

static void put_one_record(void **state)
{
	const char *keys[] = { "id", "jurisdiction", "kind", "formed_on", "attribute" };
	const char *good[] = { "t-1", "zezhou", "info", "2021-01-22", "主动公开" };
	const char *bad[] = { "t-2", "zezhou", "info", "2021-02-29", "proactive" };

	(void)state;
	assert_int_equal(gk_store_begin(st, &err), 0);
	assert_int_equal(gk_store_put(st, "tests/b1.yaml:12", keys, good, 5, &err), 0);
	assert_int_equal(gk_store_commit(st, &err), 0);
	assert_int_equal(RECORDS(), 1);
	assert_string_equal(q_text("SELECT origin FROM records"), "tests/b1.yaml:12");
	assert_string_equal(q_text("SELECT attribute FROM records"), "proactive");

	assert_int_equal(gk_store_begin(st, &err), 0);
	gk_error_clear(&err);
	assert_int_equal(gk_store_put(st, "tests/b1.yaml:20", keys, bad, 5, &err), GK_EINVAL);
	assert_string_equal(err.msg, "tests/b1.yaml:20: column 'formed_on': '2021-02-29' "
			    "is not a date: expected YYYY-MM-DD "
		    "(or 2021/1/19, 2021.1.19, 2021年1月19日)");
	gk_store_rollback(st);
	assert_int_equal(RECORDS(), 1);
}

/* ---- reading records ---------------------------------------------------- */

static void import_mixed(void)
{
	const char *files[2];

	files[0] = write_file("good.csv", good_csv);
	files[1] = write_file("good.jsonl", good_jsonl);
	assert_int_equal(import_files(files, 2), 0);
	/* seq order: z-1, z-2, q-1, e-1, a-1 */
}

static void jurisdictions(void **state)
{
	gk_juris_count *j = (gk_juris_count *)(uintptr_t)1;
	int n = -1;

	(void)state;
	assert_int_equal(gk_store_jurisdictions(st, 1, &j, &n, &err), 0);
	assert_int_equal(n, 0);
	free(j);
	assert_int_equal(gk_store_jurisdictions(st, 0, &j, &n, &err), 0);
	assert_int_equal(n, 0);
	free(j);
	import_mixed();
	assert_int_equal(gk_store_jurisdictions(st, 1, &j, &n, &err), 0);
	assert_int_equal(n, 3);
	assert_string_equal(j[0].name, "quangang");
	assert_int_equal(j[0].records, 2);
	assert_string_equal(j[1].name, "yinchuan");
	assert_int_equal(j[1].records, 1);
	assert_string_equal(j[2].name, "zezhou");
	assert_int_equal(j[2].records, 2);
	free(j);
	/* Uncounted: the same names, found by seeks. */
	assert_int_equal(gk_store_jurisdictions(st, 0, &j, &n, &err), 0);
	assert_int_equal(n, 3);
	assert_string_equal(j[0].name, "quangang");
	assert_string_equal(j[1].name, "yinchuan");
	assert_string_equal(j[2].name, "zezhou");
	for (int i = 0; i < n; i++)
		assert_int_equal(j[i].records, -1);
	free(j);
}

static void rowid_range(void **state)
{
	int64_t lo = 99, hi = 99;

	(void)state;
	assert_int_equal(gk_store_rowid_range(st, &lo, &hi, &err), 0);
	assert_int_equal(lo, 0);
	assert_int_equal(hi, -1);
	import_mixed();
	assert_int_equal(gk_store_rowid_range(st, &lo, &hi, &err), 0);
	assert_true(lo >= 1);
	assert_int_equal(hi - lo + 1, 5);
	assert_int_equal(lo, q_int("SELECT min(seq) FROM records"));
	assert_int_equal(hi, q_int("SELECT max(seq) FROM records"));
}

/* Stream the records; returns the ids seen, ','-separated. */
static const char *stream(const unsigned char *need, int64_t lo, int64_t hi,
			  const char *const *juris, int njuris)
{
	static char ids[1024];
	gk_cursor *c = NULL;
	gk_rec *r = NULL;
	int64_t prev = 0;
	size_t n = 0;
	int s;

	ids[0] = '\0';
	gk_error_clear(&err);
	assert_int_equal(gk_cursor_open(&c, dbpath, need, lo, hi, juris, njuris, &err), 0);
	while ((s = gk_cursor_next(c, &r, &err)) == 1) {
		size_t len = 99;
		const char *id = gk_rec_get(r, GK_F_ID, &len);

		assert_non_null(r);
		assert_true(gk_rec_seq(r) > prev);
		prev = gk_rec_seq(r);
		assert_non_null(id);
		assert_int_equal(len, strlen(id));
		n += (size_t)snprintf(ids + n, sizeof(ids) - n, "%s%s", n ? "," : "", id);
	}
	assert_int_equal(s, 0);
	assert_null(r);
	gk_cursor_close(c);
	return ids;
}

static void cursor_streams_needed_fields(void **state)
{
	unsigned char need[GK_NFIELDS] = { 0 };
	gk_cursor *c = NULL;
	gk_rec *r = NULL;
	int64_t lo, hi;
	int rows = 0;

	(void)state;
	import_mixed();
	assert_int_equal(gk_store_rowid_range(st, &lo, &hi, &err), 0);
	need[GK_F_ID] = need[GK_F_TITLE] = need[GK_F_EXTENDED] = need[GK_F_SAMPLES] = 1;
	assert_int_equal(gk_cursor_open(&c, dbpath, need, lo, hi, NULL, 0, &err), 0);
	while (gk_cursor_next(c, &r, &err) == 1) {
		const char *id = gk_rec_get(r, GK_F_ID, NULL);
		size_t len = 99;

		rows++;
		/* not needed: absent, even where the record has a value */
		assert_null(gk_rec_get(r, GK_F_JURISDICTION, &len));
		assert_int_equal(len, 0);
		assert_null(gk_rec_get(r, GK_F_KIND, NULL));
		assert_null(gk_rec_get(r, GK_F_FORMED_ON, NULL));
		assert_null(gk_rec_get(r, GK_F_EVENT_TYPE, NULL));
		if (!strcmp(id, "z-1")) {
			assert_string_equal(gk_rec_get(r, GK_F_TITLE, &len), "开放公告");
			assert_int_equal(len, strlen("开放公告"));
			assert_null(gk_rec_get(r, GK_F_EXTENDED, NULL));
		} else if (!strcmp(id, "q-1")) {
			/* needed but empty */
			len = 99;
			assert_null(gk_rec_get(r, GK_F_TITLE, &len));
			assert_int_equal(len, 0);
		} else if (!strcmp(id, "a-1")) {
			assert_string_equal(gk_rec_get(r, GK_F_EXTENDED, NULL), "1");
		} else if (!strcmp(id, "e-1")) {
			assert_string_equal(gk_rec_get(r, GK_F_SAMPLES, NULL), "520");
		}
	}
	gk_cursor_close(c);
	assert_int_equal(rows, 5);
	assert_string_equal(stream(need, lo, hi, NULL, 0), "z-1,z-2,q-1,e-1,a-1");
}

static void cursor_jurisdiction_filter(void **state)
{
	unsigned char need[GK_NFIELDS] = { 0 };
	const char *zz[] = { "zezhou" };
	const char *two[] = { "yinchuan", "zezhou" };
	const char *none[] = { "nowhere" };
	int64_t lo, hi;

	(void)state;
	import_mixed();
	assert_int_equal(gk_store_rowid_range(st, &lo, &hi, &err), 0);
	need[GK_F_ID] = 1;
	assert_string_equal(stream(need, lo, hi, zz, 1), "z-1,z-2");
	assert_string_equal(stream(need, lo, hi, two, 2), "z-1,z-2,a-1");
	assert_string_equal(stream(need, lo, hi, none, 1), "");
	assert_string_equal(stream(need, lo, hi, NULL, 0), "z-1,z-2,q-1,e-1,a-1");
	/* the rowid range bounds it too, inclusive at both ends */
	assert_string_equal(stream(need, lo, lo, NULL, 0), "z-1");
	assert_string_equal(stream(need, lo + 1, lo + 3, NULL, 0), "z-2,q-1,e-1");
	assert_string_equal(stream(need, lo + 1, hi, zz, 1), "z-2");
	assert_string_equal(stream(need, hi + 1, hi + 10, NULL, 0), "");
}

/*
 * Stream the ids in a child process, so that memory corruption inside the
 * cursor fails this case instead of the rest of the suite.  Exit status:
 * 0 when the ids are want, 2 open failed, 3 other ids or a read error.
 */
static int stream_in_child(const unsigned char *need, int64_t lo, int64_t hi,
			   const char *const *juris, int njuris, const char *want)
{
	pid_t pid;
	int status = 0;

	fflush(stdout);
	fflush(stderr);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		gk_cursor *c = NULL;
		gk_rec *r = NULL;
		gk_error e;
		char ids[1024] = "";
		size_t n = 0;
		int s;

		if (gk_cursor_open(&c, dbpath, need, lo, hi, juris, njuris, &e)) {
			fprintf(stderr, "gk_cursor_open: %s\n", e.msg);
			_exit(2);
		}
		while ((s = gk_cursor_next(c, &r, &e)) == 1) {
			const char *id = gk_rec_get(r, GK_F_ID, NULL);
			n += (size_t)snprintf(ids + n, sizeof(ids) - n, "%s%s", n ? "," : "",
					      id ? id : "(null)");
		}
		gk_cursor_close(c);
		if (s != 0 || strcmp(ids, want)) {
			fprintf(stderr, "got '%s', want '%s'\n", ids, want);
			_exit(3);
		}
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	return status;
}

static void cursor_many_jurisdictions(void **state)
{
	/* a long filter list: SQLite takes thousands of parameters */
	enum { NJ = 1000 };
	unsigned char need[GK_NFIELDS] = { 0 };
	static char names[NJ][16];
	const char *juris[NJ];
	int64_t lo, hi;
	int status;

	(void)state;
	import_mixed();
	assert_int_equal(gk_store_rowid_range(st, &lo, &hi, &err), 0);
	for (int i = 0; i < NJ; i++) {
		snprintf(names[i], sizeof(names[i]), "j%d", i);
		juris[i] = names[i];
	}
	juris[NJ - 1] = "yinchuan";
	juris[NJ / 2] = "zezhou";
	need[GK_F_ID] = 1;
	/* the children read on their own connections; the store's stays out
	 * of them (valgrind would count its buffers lost in each child) */
	gk_store_close(st);
	st = NULL;
	/* a short list the same way, so the helper itself is known good */
	status = stream_in_child(need, lo, hi, juris + NJ / 2, 1, "z-1,z-2");
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	status = stream_in_child(need, lo, hi, juris, NJ, "z-1,z-2,a-1");
	if (WIFSIGNALED(status))
		fail_msg("the cursor crashed with signal %d on %d jurisdictions",
			 WTERMSIG(status), NJ);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

static void cursor_sees_replacement(void **state)
{
	unsigned char need[GK_NFIELDS] = { 0 };
	const char *p;
	int64_t lo, hi;

	(void)state;
	import_mixed();
	p = write_file("again.csv", "id,jurisdiction,kind,title\nz-1,zezhou,info,v2\n");
	assert_int_equal(import1(p), 0);
	assert_int_equal(gk_store_rowid_range(st, &lo, &hi, &err), 0);
	need[GK_F_ID] = 1;
	/* the replaced record is read once, as its newest version */
	assert_string_equal(stream(need, lo, hi, NULL, 0), "z-2,q-1,e-1,a-1,z-1");
}

/* A cursor pinned to the newest import reads; pinned to another, it
 * refuses: the run's workers read what the run recorded or nothing. */
static void cursor_pin_checks_the_import(void **state)
{
	gk_cursor *c = NULL;
	gk_rec *rec;
	int64_t last, lo, hi;

	(void)state;
	import_mixed();
	assert_int_equal(import1(write_file("again.csv", "id,jurisdiction,kind,title\n"
					    "z-1,zezhou,info,v2\n")), 0);
	assert_int_equal(gk_store_last_import(st, &last, &err), 0);
	assert_int_equal(last, 2);
	assert_int_equal(gk_store_rowid_range(st, &lo, &hi, &err), 0);
	assert_int_equal(gk_cursor_open(&c, dbpath, NULL, lo, hi, NULL, 0, &err), 0);
	assert_int_equal(gk_cursor_pin(c, last, &err), 0);
	assert_int_equal(gk_cursor_next(c, &rec, &err), 1);
	gk_cursor_close(c);
	assert_int_equal(gk_cursor_open(&c, dbpath, NULL, lo, hi, NULL, 0, &err), 0);
	assert_int_equal(gk_cursor_pin(c, 1, &err), GK_EIO);
	assert_string_equal(err.msg, fmt("the records of '%s' changed under the run (import 2, "
					 "the run read import 1): run it again", dbpath));
	gk_cursor_close(c);
}

/* The ids of db's records in rowid order, ',' separated. */
static const char *ids_in_order(const char *path)
{
	static char out[4096];
	sqlite3 *db = peek_open(path);
	sqlite3_stmt *q = NULL;
	size_t n = 0;

	out[0] = '\0';
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT id FROM records ORDER BY seq", -1, &q,
					    NULL), SQLITE_OK);
	while (sqlite3_step(q) == SQLITE_ROW)
		n += (size_t)snprintf(out + n, sizeof(out) - n, "%s%s", n ? "," : "",
				      (const char *)sqlite3_column_text(q, 0));
	sqlite3_finalize(q);
	sqlite3_close(db);
	return out;
}

/* A replay's scratch copy lays the records out in the order they were
 * imported: by import, by file as the import named them, by line as a
 * number (f.csv:10 after f.csv:9), so what depends on that order (the
 * register of S2, the split between workers) is as it was. */
static void snapshot_keeps_import_order(void **state)
{
	char a[2048] = "id,jurisdiction,kind\n", b[2048] = "id,jurisdiction,kind\n", want[4096];
	const char *files[2], *snap = path_of("snap.db");
	size_t na = strlen(a), nb = strlen(b);

	(void)state;
	for (int i = 1; i <= 12; i++) {
		na += (size_t)snprintf(a + na, sizeof(a) - na, "a-%02d,zezhou,info\n", 13 - i);
		nb += (size_t)snprintf(b + nb, sizeof(b) - nb, "b-%02d,zezhou,info\n", 13 - i);
	}
	files[0] = write_file("z.csv", b);
	files[1] = write_file("a.csv", a);
	assert_int_equal(import_files(files, 2), 0);
	snprintf(want, sizeof(want), "%s", ids_in_order(dbpath));
	assert_string_equal(want, "b-12,b-11,b-10,b-09,b-08,b-07,b-06,b-05,b-04,b-03,b-02,b-01,"
			    "a-12,a-11,a-10,a-09,a-08,a-07,a-06,a-05,a-04,a-03,a-02,a-01");
	/* Import 2 replaces a-10 and b-09: their new versions come last. */
	assert_int_equal(import1(write_file("again.csv", "id,jurisdiction,kind,title\n"
					    "a-10,zezhou,info,v2\nb-09,zezhou,info,v2\n")), 0);
	assert_int_equal(gk_store_snapshot(st, 1, snap, &err), 0);
	assert_string_equal(ids_in_order(snap), want);
	gk_store_remove(snap);
	snprintf(want, sizeof(want), "%s", ids_in_order(dbpath));
	assert_int_equal(gk_store_snapshot(st, 2, snap, &err), 0);
	assert_string_equal(ids_in_order(snap), want);
	gk_store_remove(snap);
}

/* ---- runs and findings -------------------------------------------------- */

struct collected {
	int n;
	int stop_at;	/* the callback fails on this finding (1-based), when non-zero */
	char line[8][1024];
};

static int collect(void *ud, const gk_finding *f, gk_error *e)
{
	struct collected *c = ud;
	char due[GK_DATE_LEN + 1] = "-";

	if (c->n + 1 == c->stop_at)
		return gk_error_set(e, GK_EPOLICY, "stop");
	assert_true(c->n < 8);
	if (f->has_due)
		gk_date_format(f->due_on, due);
	snprintf(c->line[c->n++], sizeof(c->line[0]), "%lld|%s|%s|%s|%s|%s|%s|%s|%s",
		 (long long)f->seq, f->record_id ? f->record_id : "(null)", f->jurisdiction,
		 f->rule, f->category, f->message, f->basis, due,
		 f->period ? f->period : "(null)");
	return 0;
}

static gk_day D(const char *iso)
{
	gk_day d = 0;

	assert_int_equal(gk_date_parse(iso, strlen(iso), &d), 0);
	return d;
}

static void run_info_init(gk_run_info *info)
{
	memset(info, 0, sizeof(*info));
	info->as_of = D("2025-06-30");
	info->policy_source = "directory /srv/policies";
	info->policy_revision = "worktree";
	snprintf(info->policy_digest, sizeof(info->policy_digest), "%s",
		 "0123456789abcdef0123456789abcdef01234567");
	snprintf(info->scope, sizeof(info->scope), "%s", "quangang,zezhou");
	info->jobs = 2;
}

static void runs_and_findings_round_trip(void **state)
{
	gk_run_info info;
	gk_finding late = {
		.seq = 5, .record_id = "z-1", .jurisdiction = "zezhou", .rule = "B1",
		.category = "late", .message = "published 3 working days late",
		.basis = "条例第二十六条", .due_on = 0, .has_due = 1, .period = NULL
	};
	gk_finding missing = {
		.seq = 0, .record_id = NULL, .jurisdiction = "quangang", .rule = "Q5",
		.category = "missing", .message = "no symposium in 2020",
		.basis = "方案2020-3", .has_due = 0, .period = "2020"
	};
	gk_finding other = {
		.seq = 5, .record_id = "z-1", .jurisdiction = "zezhou", .rule = "A0",
		.category = "incomplete", .message = "element 开放时间 missing",
		.basis = "附件1", .has_due = 0, .period = NULL
	};
	struct collected got = { 0 };

	(void)state;
	late.due_on = D("2021-02-24");
	run_info_init(&info);
	assert_int_equal(gk_store_begin(st, &err), 0);
	assert_int_equal(gk_store_run_start(st, &info, &err), 0);
	assert_true(info.id > 0);
	assert_int_equal(strlen(info.started_at), strlen("2025-06-30T00:00:00Z"));
	assert_int_equal(gk_store_finding_add(st, &late, &err), 0);
	assert_int_equal(gk_store_finding_add(st, &missing, &err), 0);
	assert_int_equal(gk_store_finding_add(st, &other, &err), 0);
	snprintf(info.finished_at, sizeof(info.finished_at), "%s", "2025-06-30T01:02:03Z");
	info.records = 10;
	info.rules = 7;
	info.findings = 3;
	assert_int_equal(gk_store_run_finish(st, &info, &err), 0);
	assert_int_equal(gk_store_commit(st, &err), 0);

	/* the run row */
	assert_int_equal(q_int("SELECT count(*) FROM runs"), 1);
	assert_string_equal(q_text("SELECT as_of FROM runs"), "2025-06-30");
	assert_string_equal(q_text("SELECT started_at FROM runs"), info.started_at);
	assert_string_equal(q_text("SELECT finished_at FROM runs"), "2025-06-30T01:02:03Z");
	assert_string_equal(q_text("SELECT policy_source FROM runs"), "directory /srv/policies");
	assert_string_equal(q_text("SELECT policy_revision FROM runs"), "worktree");
	assert_string_equal(q_text("SELECT policy_digest FROM runs"),
			    "0123456789abcdef0123456789abcdef01234567");
	assert_string_equal(q_text("SELECT scope FROM runs"), "quangang,zezhou");
	assert_int_equal(q_int("SELECT records FROM runs"), 10);
	assert_int_equal(q_int("SELECT rules FROM runs"), 7);
	assert_int_equal(q_int("SELECT findings FROM runs"), 3);
	assert_int_equal(q_int("SELECT jobs FROM runs"), 2);
	assert_string_equal(q_text("SELECT due_on FROM findings WHERE rule = 'B1'"), "2021-02-24");

	/* back in a stable order: by record, then rule */
	assert_int_equal(gk_store_findings(st, info.id, collect, &got, &err), 0);
	assert_int_equal(got.n, 3);
	assert_string_equal(got.line[0],
			    "0|(null)|quangang|Q5|missing|no symposium in 2020|方案2020-3|-|2020");
	assert_string_equal(got.line[1],
			    "5|z-1|zezhou|A0|incomplete|element 开放时间 missing|附件1|-|(null)");
	assert_string_equal(got.line[2],
			    "5|z-1|zezhou|B1|late|published 3 working days late|条例第二十六条|2021-02-24|(null)");

	/* another run's findings are its own */
	memset(&got, 0, sizeof(got));
	assert_int_equal(gk_store_findings(st, info.id + 1, collect, &got, &err), 0);
	assert_int_equal(got.n, 0);

	/* a callback error stops the walk and is returned */
	memset(&got, 0, sizeof(got));
	got.stop_at = 2;
	gk_error_clear(&err);
	assert_int_equal(gk_store_findings(st, info.id, collect, &got, &err), GK_EPOLICY);
	assert_int_equal(got.n, 1);
	assert_string_equal(err.msg, "stop");
}

static void rollback_leaves_no_run(void **state)
{
	gk_run_info info;
	gk_finding f = {
		.seq = 1, .record_id = "x", .jurisdiction = "zezhou", .rule = "B1",
		.category = "late", .message = "m", .basis = "b", .has_due = 0
	};
	struct collected got = { 0 };

	(void)state;
	run_info_init(&info);
	assert_int_equal(gk_store_begin(st, &err), 0);
	assert_int_equal(gk_store_run_start(st, &info, &err), 0);
	assert_int_equal(gk_store_finding_add(st, &f, &err), 0);
	gk_store_rollback(st);
	assert_int_equal(q_int("SELECT count(*) FROM runs"), 0);
	assert_int_equal(q_int("SELECT count(*) FROM findings"), 0);

	/* the store is usable afterwards, prepared statements and all */
	run_info_init(&info);
	assert_int_equal(gk_store_begin(st, &err), 0);
	assert_int_equal(gk_store_run_start(st, &info, &err), 0);
	assert_int_equal(gk_store_finding_add(st, &f, &err), 0);
	assert_int_equal(gk_store_commit(st, &err), 0);
	assert_int_equal(q_int("SELECT count(*) FROM runs"), 1);
	assert_int_equal(q_int("SELECT count(*) FROM findings"), 1);
	/* an unfinished run has no finish time */
	assert_string_equal(q_text("SELECT finished_at FROM runs"), "(null)");
	assert_int_equal(gk_store_findings(st, info.id, collect, &got, &err), 0);
	assert_int_equal(got.n, 1);
	assert_string_equal(got.line[0], "1|x|zezhou|B1|late|m|b|-|(null)");
}

static void close_rolls_back_open_transaction(void **state)
{
	gk_run_info info;

	(void)state;
	run_info_init(&info);
	assert_int_equal(gk_store_begin(st, &err), 0);
	assert_int_equal(gk_store_run_start(st, &info, &err), 0);
	gk_store_close(st);
	st = NULL;
	assert_int_equal(q_int("SELECT count(*) FROM runs"), 0);
}

/* ---- comparison with the baseline --------------------------------------- */

static void count_report(void *ud, const char *msg)
{
	(void)ud;
	(void)msg;
}

/* Store one run of the findings (record, message) of rule R in zezhou;
 * compared with its baseline.  Returns the run id. */
static int64_t store_run(const char *as_of, const char *scope, const char *revision,
			 const char *const *recs, const char *const *msgs, int n)
{
	gk_run_info info;

	gk_history h;
	gk_classifier *cls = NULL;
	int64_t *gone = NULL;
	size_t ngone = 0;

	run_info_init(&info);
	info.as_of = D(as_of);
	info.policy_revision = revision;
	snprintf(info.scope, sizeof(info.scope), "%s", scope);
	info.compare = 1;
	/* As a run does: the engine compares (classify.h), the store keeps. */
	gk_store_history(st, &h);
	assert_int_equal(gk_store_begin(st, &err), 0);
	assert_int_equal(gk_classifier_load(&cls, &h, info.scope,
					    strcmp(revision, "worktree") != 0, info.as_of,
					    &info.baseline, &err), 0);
	assert_int_equal(gk_store_run_start(st, &info, &err), 0);
	for (int i = 0; i < n; i++) {
		gk_finding f = {
			.seq = i + 1, .record_id = recs[i], .jurisdiction = "zezhou", .rule = "R",
			.category = "completeness", .message = msgs[i], .basis = "b",
		};
		gk_classify(cls, &f, info.as_of, as_of);
		info.n_new += strcmp(f.status, GK_STATUS_NEW) == 0;
		info.n_persisting += strcmp(f.status, GK_STATUS_PERSISTING) == 0;
		assert_int_equal(gk_store_finding_add(st, &f, &err), 0);
	}
	assert_int_equal(gk_classifier_unmatched(cls, &gone, &ngone, &err), 0);
	for (size_t i = 0; i < ngone; i++)
		assert_int_equal(gk_store_resolved_add(st, gone[i], &err), 0);
	info.n_resolved = (long)ngone;
	free(gone);
	gk_classifier_free(cls);
	snprintf(info.finished_at, sizeof(info.finished_at), "%s", "2025-07-01T00:00:00Z");
	info.findings = n;
	assert_int_equal(gk_store_run_finish(st, &info, &err), 0);
	assert_int_equal(gk_store_commit(st, &err), 0);
	return info.id;
}

static char got_status[1024];

static int status_line(void *ud, const gk_finding *f, gk_error *e)
{
	size_t n = strlen(got_status);

	(void)ud;
	(void)e;
	snprintf(got_status + n, sizeof(got_status) - n, "%s%s:%s:%s:%s:%d", n ? " " : "",
		 f->record_id, f->message, f->status, f->first_seen, f->days_open);
	return 0;
}

static const char *statuses(int64_t run, const char *status)
{
	gk_query q = { .run_id = run, .status = status };

	got_status[0] = '\0';
	assert_int_equal(gk_store_query(st, &q, status_line, NULL, &err), 0);
	return got_status;
}

static void compare_new_persisting_resolved(void **state)
{
	const char *r1[] = { "a", "a", "b" }, *m1[] = { "one", "two", "x" };
	const char *r2[] = { "a", "c" }, *m2[] = { "two", "y" };
	const char *r3[] = { "a", "c" }, *m3[] = { "changed", "y" };
	int64_t id1, id2, id3;

	(void)state;
	id1 = store_run("2025-06-30", "all", "c1", r1, m1, 3);
	assert_string_equal(statuses(id1, NULL),
			    "a:one:new:2025-06-30:0 a:two:new:2025-06-30:0 b:x:new:2025-06-30:0");
	assert_int_equal(q_int("SELECT baseline IS NULL FROM runs WHERE id = 1"), 1);

	/* Of a's two findings, the one with the same message persists. */
	id2 = store_run("2025-07-03", "all", "c2", r2, m2, 2);
	assert_string_equal(statuses(id2, NULL),
			    "a:two:persisting:2025-06-30:3 c:y:new:2025-07-03:0");
	assert_string_equal(statuses(id2, "resolved"),
			    "a:one:resolved:2025-06-30:3 b:x:resolved:2025-06-30:3");
	assert_string_equal(q_text("SELECT baseline || ' ' || n_new || ' ' || n_persisting || ' ' || "
				   "n_resolved FROM runs WHERE id = 2"), "1 1 1 2");

	/* A message that changes (days overdue grow) still persists, and
	 * keeps the date first seen across runs. */
	id3 = store_run("2025-07-10", "all", "c3", r3, m3, 2);
	assert_string_equal(statuses(id3, NULL),
			    "a:changed:persisting:2025-06-30:10 c:y:persisting:2025-07-03:7");
	assert_string_equal(statuses(id3, "resolved"), "");

	/* Each run is sealed with its comparison. */
	{
		int runs, problems;
		char head[GK_SEAL_HEX + 1], note[4400];

		assert_int_equal(gk_store_verify(st, count_report, NULL, &runs, &problems, head,
						 note, sizeof(note), &err), 0);
		assert_int_equal(runs, 3);
		assert_int_equal(problems, 0);
		{
			sqlite3 *db = NULL;

			assert_int_equal(sqlite3_open(dbpath, &db), SQLITE_OK);
			assert_int_equal(sqlite3_exec(db, "UPDATE findings SET status = 'new' "
						      "WHERE id = (SELECT max(id) FROM findings)",
						      NULL, NULL, NULL), SQLITE_OK);
			sqlite3_close(db);
		}
		assert_int_equal(gk_store_verify(st, count_report, NULL, &runs, &problems, head,
						 note, sizeof(note), &err), 0);
		assert_int_equal(problems, 1);
	}
}

/* The text of a file in the case's directory ("" when there is none). */
static const char *file_text(const char *name)
{
	static char buf[4096];
	FILE *f = fopen(path_of(name), "r");
	size_t n = 0;

	buf[0] = '\0';
	if (f) {
		n = fread(buf, 1, sizeof(buf) - 1, f);
		fclose(f);
	}
	buf[n] = '\0';
	return buf;
}

/* Each committed run appends "RUN HASH" to DB.chain; a rolled back one
 * nothing; a scratch database keeps no log. */
static void chain_log_appended_on_commit(void **state)
{
	const char *r[] = { "a" }, *m[] = { "m" };
	gk_run_info info;
	int64_t id;

	(void)state;
	id = store_run("2025-06-30", "all", "c1", r, m, 1);
	assert_string_equal(strchr(file_text("gk.db.chain"), '\n') + 1,
			    fmt("%lld %s\n", (long long)id,
				q_text(fmt("SELECT hash FROM runs WHERE id = %lld", (long long)id))));
	assert_int_equal(q_int("SELECT value FROM meta WHERE key = 'chain_log_since'"), id);
	run_info_init(&info);
	assert_int_equal(gk_store_begin(st, &err), 0);
	assert_int_equal(gk_store_run_start(st, &info, &err), 0);
	assert_int_equal(gk_store_run_finish(st, &info, &err), 0);
	gk_store_rollback(st);
	assert_int_equal(strlen(strchr(file_text("gk.db.chain"), '\n') + 1),
			 strlen(fmt("%lld %s\n", (long long)id,
				    q_text(fmt("SELECT hash FROM runs WHERE id = %lld", (long long)id)))));
	gk_store_close(st);
	unlink(path_of("gk.db.chain"));
	assert_int_equal(gk_store_open(&st, dbpath, 0, &err), 0);
	gk_store_scratch(st);
	store_run("2025-07-01", "all", "c1", r, m, 1);
	assert_int_equal(access(path_of("gk.db.chain"), F_OK), -1);
}

/* A finding stores at most 4096 bytes of any text, cut between characters
 * and marked "…"; a text that ends inside a character (a message cut
 * short by its buffer) loses the partial character. */
static void finding_texts_capped(void **state)
{
	static char msg[10000], basis[64];
	static char caps[5][GK_FINDING_TEXT_MAX + 1];
	gk_run_info info;
	gk_finding f = {
		.seq = 1, .record_id = "z-1", .jurisdiction = "zezhou", .rule = "R",
		.category = "completeness", .message = msg, .basis = basis,
	};
	size_t n = 0;

	(void)state;
	while (n + 3 < sizeof(msg))
		n += (size_t)snprintf(msg + n, sizeof(msg) - n, "依");
	snprintf(basis, sizeof(basis), "条例第二十六条\xe6\x9d");   /* half a 条 */
	run_info_init(&info);
	assert_int_equal(gk_store_begin(st, &err), 0);
	assert_int_equal(gk_store_run_start(st, &info, &err), 0);
	/* The run cuts a finding's texts before any sink sees them. */
	gk_finding_cap(&f, caps);
	assert_int_equal(gk_store_finding_add(st, &f, &err), 0);
	f.days_left = 3;
	assert_int_equal(gk_store_due_add(st, &f, &err), 0);
	assert_int_equal(gk_store_commit(st, &err), 0);
	/* 1364 characters of 3 bytes and the mark: 4095 bytes. */
	assert_int_equal(q_int("SELECT length(CAST(message AS BLOB)) FROM findings"), 4095);
	assert_string_equal(q_text("SELECT substr(message, -2) FROM findings"), "依…");
	assert_string_equal(q_text("SELECT basis FROM findings"), "条例第二十六条");
	assert_int_equal(q_int("SELECT length(CAST(message AS BLOB)) FROM due_soon"), 4095);
	assert_string_equal(q_text("SELECT basis FROM due_soon"), "条例第二十六条");
}

static void compare_same_scope_committed_baseline(void **state)
{
	const char *r[] = { "a" }, *m[] = { "m" }, *rb[] = { "b" };
	int64_t id;

	(void)state;
	store_run("2025-06-30", "all", "c1", r, m, 1);
	/* Another scope has its own line of runs. */
	id = store_run("2025-07-01", "zezhou", "c1", rb, m, 1);
	assert_int_equal(q_int("SELECT baseline IS NULL FROM runs WHERE id = 2"), 1);
	assert_string_equal(statuses(id, NULL), "b:m:new:2025-07-01:0");
	/* A trial run of the folder compares with the committed run ... */
	id = store_run("2025-07-02", "all", "worktree", rb, m, 1);
	assert_int_equal(q_int("SELECT baseline FROM runs WHERE id = 3"), 1);
	/* ... but a committed run skips the trial. */
	id = store_run("2025-07-03", "all", "c2", r, m, 1);
	assert_int_equal(q_int("SELECT baseline FROM runs WHERE id = 4"), 1);
	assert_string_equal(statuses(id, NULL), "a:m:persisting:2025-06-30:3");
}

static void due_soon_kept_apart(void **state)
{
	gk_run_info info;
	gk_finding f = {
		.seq = 3, .record_id = "e", .jurisdiction = "zezhou", .rule = "B1",
		.category = "deadline", .message = "due", .basis = "b", .has_due = 1,
	};

	(void)state;
	f.due_on = D("2025-07-04");
	run_info_init(&info);
	info.compare = 1;
	info.warn_days = 5;
	assert_int_equal(gk_store_begin(st, &err), 0);
	assert_int_equal(gk_store_run_start(st, &info, &err), 0);
	f.days_left = 4;
	assert_int_equal(gk_store_due_add(st, &f, &err), 0);
	info.n_due_soon++;       /* as a run counts what it hands on */
	snprintf(info.finished_at, sizeof(info.finished_at), "%s", "2025-07-01T00:00:00Z");
	assert_int_equal(gk_store_run_finish(st, &info, &err), 0);
	assert_int_equal(gk_store_commit(st, &err), 0);
	assert_int_equal(info.n_due_soon, 1);
	assert_int_equal(q_int("SELECT count(*) FROM findings"), 0);
	assert_string_equal(q_text("SELECT record_id || ' ' || due_on || ' ' || days_left || ' ' || "
				   "warn_days FROM due_soon JOIN runs ON runs.id = run_id"),
			    "e 2025-07-04 4 5");
	assert_string_equal(statuses(info.id, "due_soon"), "e:due:due_soon:(null):0");
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(open_creates_schema),
		T(open_missing_without_create),
		T(open_foreign_db_refused),
		T(open_foreign_db_with_meta_table_refused),
		T(open_non_sqlite_file_refused),
		T(import_csv),
		T(import_jsonl),
		T(import_csv_and_jsonl_together),
		T(refuse_bad_date),
		T(refuse_unknown_column),
		T(refuse_unknown_column_jsonl),
		T(refuse_unknown_enum_value),
		T(refuse_column_not_for_kind),
		T(refuse_missing_required),
		T(refuse_empty_required),
		T(refuse_invalid_kind_once),
		T(refuse_duplicate_id_in_file),
		T(refuse_duplicate_of_existing_id_in_file),
		T(refuse_syntax_error),
		T(refuse_reports_every_problem),
		T(refuse_bad_second_file),
		T(refuse_unknown_column_in_second_file),
		T(refuse_too_many_problems),
		T(import_missing_file),
		T(refuse_empty_file),
		T(refuse_unknown_format),
		T(reimport_keeps_history),
		T(same_id_in_two_files_of_one_import),
		T(put_one_record),
		T(jurisdictions),
		T(rowid_range),
		T(cursor_streams_needed_fields),
		T(cursor_jurisdiction_filter),
		T(cursor_many_jurisdictions),
		T(cursor_sees_replacement),
		T(cursor_pin_checks_the_import),
		T(snapshot_keeps_import_order),
		T(runs_and_findings_round_trip),
		T(rollback_leaves_no_run),
		T(close_rolls_back_open_transaction),
		T(compare_new_persisting_resolved),
		T(compare_same_scope_committed_baseline),
		T(due_soon_kept_apart),
		T(chain_log_appended_on_commit),
		T(finding_texts_capped),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
