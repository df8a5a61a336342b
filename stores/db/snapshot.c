/*
 * snapshot.c - the records as an earlier import left them (replay).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>

#include "db_impl.h"

int gk_store_snapshot(gk_store *st, int64_t last_import, const char *out_path, gk_error *err)
{
	gk_store *snap = NULL;
	char cols[1024], sql[4096];
	size_t n = 0;
	sqlite3_stmt *q = NULL;
	int rc;

	for (int f = 0; f < GK_NFIELDS; f++)
		n += (size_t)snprintf(cols + n, sizeof(cols) - n, "%s, ", gk_fields[f].name);
	if ((rc = gk_store_open(&snap, out_path, 1, err)))
		return rc;
	gk_store_scratch(snap);
	if ((rc = gk_db_prepare(snap, "ATTACH ? AS src", &q, err)))
		goto cleanup;
	sqlite3_bind_text(q, 1, st->path, -1, SQLITE_STATIC);
	if (sqlite3_step(q) != SQLITE_DONE) {
		rc = gk_db_error(err, snap->db, st->path, "cannot read");
		goto cleanup;
	}
	sqlite3_finalize(q);
	q = NULL;
	/* The versions current after import last_import: those it or an
	 * earlier import wrote and no import up to it replaced, in the order
	 * they were written: by import, then by file in the order the import
	 * named them, then by line (a number: "f.csv:10" after "f.csv:2").
	 * An origin is "FILE:LINE": rtrim of the digits leaves "FILE:". */
#define ORIGIN_FILE "substr(rtrim(v.origin, '0123456789'), 1, " 	"length(rtrim(v.origin, '0123456789')) - 1)"
#define ORIGIN_LINE "CAST(substr(v.origin, length(rtrim(v.origin, '0123456789')) + 1) AS INTEGER)"
	snprintf(sql, sizeof(sql),
		 "BEGIN; INSERT INTO imports SELECT * FROM src.imports WHERE id <= %lld;"
		 "INSERT INTO records(%simport_id, origin) SELECT * FROM ("
		 " SELECT %simport_id, origin FROM src.records WHERE import_id <= %lld"
		 " UNION ALL SELECT %simport_id, origin FROM src.record_history"
		 " WHERE import_id <= %lld AND replaced_by > %lld) v"
		 " ORDER BY v.import_id, (SELECT instr(';' || i.files || ';', ';' || " ORIGIN_FILE
		 " || ';') FROM src.imports i WHERE i.id = v.import_id), " ORIGIN_LINE ";"
		 " COMMIT; DETACH src;",
		 (long long)last_import, cols, cols, (long long)last_import, cols,
		 (long long)last_import, (long long)last_import);
#undef ORIGIN_FILE
#undef ORIGIN_LINE
	rc = gk_db_exec(snap, sql, err);
cleanup:
	sqlite3_finalize(q);
	gk_store_close(snap);
	return rc;
}

