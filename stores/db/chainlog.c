/*
 * chainlog.c - the chain log: each sealed run's hash, outside the database.
 *
 * The hash chain inside the database shows a run or finding changed after
 * the fact, but whoever can write the database can also delete the newest
 * run, or recompute every hash after a change.  So every run, once
 * committed, also appends "RUN HASH" to DB.chain beside the database, a
 * plain text file only ever appended to; verify compares the two.  Copies
 * of it (the backup, the nightly log's last line) are what an auditor
 * trusts.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../engine/i18n.h"
#include "../../engine/buf.h"
#include "db_impl.h"

#define CHAIN_HEADER "# gongkai chain log: \"RUN HASH\", one line per sealed run of the " \
	"database beside it; only ever appended to. Keep it with the database " \
	"(gongkai verify --help).\n"

int gk_chain_path(const gk_store *st, char *out, size_t n)
{
	const char *f = sqlite3_db_filename(st->db, "main");

	/* No file (an in-memory database): no log. */
	if (!f || !*f || strlen(f) + sizeof(GK_CHAIN_SUFFIX) > n)
		return -1;
	snprintf(out, n, "%s%s", f, GK_CHAIN_SUFFIX);
	return 0;
}

int gk_chain_append(const char *path, int64_t run_id, const char *hash, gk_error *err)
{
	char line[sizeof(CHAIN_HEADER) + GK_SEAL_HEX + 32];
	struct stat sb;
	size_t n = 0;
	int fd, rc = 0;

	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0)
		return gk_error_set(err, GK_EIO, "cannot open '%s': %s", path, strerror(errno));
	if (fstat(fd, &sb) == 0 && sb.st_size == 0)
		n = (size_t)snprintf(line, sizeof(line), "%s", CHAIN_HEADER);
	n += (size_t)snprintf(line + n, sizeof(line) - n, "%lld %s\n", (long long)run_id, hash);
	/* One write: an append of a few dozen bytes lands whole or not at
	 * all; then to the disk, as the run's commit went before it. */
	if (write(fd, line, n) != (ssize_t)n || fdatasync(fd) != 0)
		rc = gk_error_set(err, GK_EIO, "cannot write '%s': %s", path, strerror(errno));
	if (close(fd) != 0 && !rc)
		rc = gk_error_set(err, GK_EIO, "cannot write '%s': %s", path, strerror(errno));
	return rc;
}

void gk_chain_free(gk_chain *c)
{
	if (!c)
		return;
	free(c->v);
	free(c);
}

static int by_id(const void *a, const void *b)
{
	const gk_chain_entry *x = a, *y = b;

	if (x->id != y->id)
		return x->id < y->id ? -1 : 1;
	return x->line - y->line;
}

int gk_chain_read(const char *path, gk_chain **out, gk_report_fn report, void *ud,
		  int *problems, gk_error *err)
{
	FILE *f = fopen(path, "r");
	gk_chain *c;
	char buf[256], msg[512];
	int line = 0;

	*out = NULL;
	if (!f) {
		if (errno == ENOENT)
			return 0;
		return gk_error_set(err, GK_EIO, "cannot read the chain log '%s': %s", path,
				    strerror(errno));
	}
	if (!(c = calloc(1, sizeof(*c)))) {
		fclose(f);
		return GK_OOM(err);
	}
	while (fgets(buf, sizeof(buf), f)) {
		gk_chain_entry *e;
		long long id;
		char hash[GK_SEAL_HEX + 2];
		size_t hl;
		int used = 0;

		line++;
		if (buf[0] == '#')
			continue;
		/* A seal is 40 hex digits (SHA-1, layouts 2-4) or 64 (SHA-256). */
		if (sscanf(buf, "%lld %65s%n", &id, hash, &used) != 2 || id < 1 ||
		    ((hl = strlen(hash)) != 40 && hl != GK_SEAL_HEX) ||
		    strspn(hash, "0123456789abcdef") != hl ||
		    (buf[used] != '\n' && buf[used] != '\0')) {
			snprintf(msg, sizeof(msg), _("the chain log '%s', line %d: not 'RUN HASH': "
				 "the log was edited"), path, line);
			report(ud, msg);
			(*problems)++;
			continue;
		}
		if (GK_GROW(c->v, c->n, c->cap)) {
			fclose(f);
			gk_chain_free(c);
			return GK_OOM(err);
		}
		e = &c->v[c->n++];
		e->id = id;
		e->line = line;
		e->seen = 0;
		snprintf(e->hash, sizeof(e->hash), "%s", hash);
	}
	if (ferror(f)) {
		fclose(f);
		gk_chain_free(c);
		return gk_error_set(err, GK_EIO, "cannot read the chain log '%s': %s", path,
				    strerror(errno));
	}
	fclose(f);
	qsort(c->v, c->n, sizeof(*c->v), by_id);
	*out = c;
	return 0;
}

gk_chain_entry *gk_chain_find(gk_chain *c, int64_t id)
{
	size_t lo = 0, hi = c ? c->n : 0;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (c->v[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return c && lo < c->n && c->v[lo].id == id ? &c->v[lo] : NULL;
}
