/*
 * run.c - orchestrating a run (see run.h).
 *
 * With one job the records are judged on the calling thread and each
 * finding goes straight into the open transaction.  With more, workers
 * judge disjoint ranges of records and hand findings in batches to the
 * calling thread, the only one that writes; the queue is bounded so memory
 * stays flat however many findings there are.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../stores/policyset/bundle.h"
#include "../stores/policyset/calendar_yaml.h"
#include "../stores/policyset/waivers_yaml.h"
#include "register.h"
#include "run.h"
#include "watchdog.h"

static const char *rec_get(void *rec, enum gk_field f, size_t *len)
{
	return gk_rec_get(rec, f, len);
}

/* The unit that must act on a record's findings: whoever approved it,
 * else implemented, else produced, else published it (谁批准、谁实施、
 * 谁制作、谁公开); NULL when the record names none.  Read while the record
 * is at hand: looking it up later costs a random page read a finding. */
static const enum gk_field unit_fields[] = {
	GK_F_APPROVER, GK_F_IMPLEMENTER, GK_F_PRODUCER, GK_F_PUBLISHER,
};

static const char *unit_of(gk_rec *rec)
{
	const char *u = NULL;

	for (size_t i = 0; rec && !u && i < sizeof(unit_fields) / sizeof(unit_fields[0]); i++)
		u = gk_rec_get(rec, unit_fields[i], NULL);
	return u;
}

static void now_iso(char *buf, size_t n)
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* A finding an approved waiver covers keeps its place, marked. */
static void apply_waiver(gk_run_info *info, gk_day as_of, gk_finding *f)
{
	gk_waiver *w = gk_waivers_match(info->waivers, f->record_id, f->rule,
					f->jurisdiction, as_of);

	f->waiver = w ? w->label : NULL;
	if (w)
		info->waived++;
}

/* ---- one job ----------------------------------------------------------- */

struct direct {
	gk_store *st;
	gk_run_info *info;
	int64_t seq;
	gk_rec *rec;
	gk_day as_of;
};

static int emit_direct(void *ud, const gk_rule *r, const char *record_id,
		       const char *juris, const gk_verdict *v, gk_error *err)
{
	struct direct *d = ud;
	gk_finding f = {
		.seq = d->seq, .record_id = record_id, .jurisdiction = juris,
		.rule = r->id, .category = gk_category_names[v->category],
		.message = v->msg, .basis = v->basis ? v->basis : r->basis,
		.due_on = v->due, .has_due = v->has_due,
		.period = v->period[0] ? v->period : NULL, .unit = unit_of(d->rec),
		.provisional = v->provisional,
	};

	if (v->warn)
		return gk_store_due_add(d->st, d->info->id, &f, v->days_left, err);
	d->info->findings++;
	apply_waiver(d->info, d->as_of, &f);
	return gk_store_finding_add(d->st, d->info->id, &f, err);
}

/* Progress: how many records are done, shared by the workers. */
struct progress {
	long done, total;
	struct timespec last;
};

static void progress_tick(const gk_run_opts *o, struct progress *pg, int force)
{
	struct timespec now;

	if (!o->progress)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (!force && (now.tv_sec - pg->last.tv_sec) * 1000 +
		      (now.tv_nsec - pg->last.tv_nsec) / 1000000 < 200)
		return;
	pg->last = now;
	o->progress(o->progress_ud, __atomic_load_n(&pg->done, __ATOMIC_RELAXED), pg->total);
}

#define PROGRESS_STEP 1024

/* Evaluate the records lo..hi of the snapshot whose newest import is
 * snap, on a connection of this thread's own. */
static int run_range(gk_policy *p, const char *dbpath, const unsigned char *need,
		     int64_t lo, int64_t hi, int64_t snap, const gk_run_opts *o, gk_emit_fn emit,
		     void *ud, int64_t *seq, gk_rec **cur, long *records, struct progress *pg,
		     int report, gk_error *err)
{
	gk_cursor *c = NULL;
	gk_rec *rec;
	int rc, s = 0;

	if ((rc = gk_cursor_open(&c, dbpath, need, lo, hi, o->juris, o->njuris, err)) ||
	    (rc = gk_cursor_pin(c, snap, err))) {
		gk_cursor_close(c);
		return rc;
	}
	while ((s = gk_cursor_next(c, &rec, err)) == 1) {
		*seq = gk_rec_seq(rec);
		*cur = rec;
		if (++(*records) % PROGRESS_STEP == 0 && pg) {
			__atomic_fetch_add(&pg->done, PROGRESS_STEP, __ATOMIC_RELAXED);
			if (report)
				progress_tick(o, pg, 0);
		}
		if ((rc = gk_policy_eval(p, rec_get, rec, o->as_of, emit, ud, err)))
			break;
	}
	*cur = NULL;
	if (pg)
		__atomic_fetch_add(&pg->done, *records % PROGRESS_STEP, __ATOMIC_RELAXED);
	if (s < 0)
		rc = s;
	gk_cursor_close(c);
	return rc;
}

/* ---- several jobs ------------------------------------------------------ */

/* A batch of findings in one buffer: per finding a header, then the
 * record id, jurisdiction, message, basis and unit, each NUL-terminated. */
struct fhead {
	int64_t seq;
	int32_t rule, due, days_left;
	int16_t category, has_due, warn, provisional;
};

struct batch {
	struct batch *next;
	char *buf;
	size_t len, cap;
	int n;
};

#define BATCH_FINDINGS 512
#define QUEUE_MAX 16

struct queue {
	pthread_mutex_t mu;
	pthread_cond_t can_put, can_take;
	struct batch *head, *tail;
	int len, producers, failed;
	gk_error err;
};

struct worker {
	pthread_t thread;
	struct queue *q;
	const gk_bundle *bundle;
	const gk_calendar *cal;
	const gk_run_opts *o;
	const char *dbpath;
	const unsigned char *need;
	int64_t lo, hi, snap;
	long records;
	gk_policy *p;
	struct batch *cur;
	int64_t seq;
	gk_rec *rec;
	const gk_rule *rules;   /* first rule of the worker's policy */
	const gk_register *reg;
	struct progress *pg;
	int warn;
	gk_day warn_until;
};

static void queue_put(struct queue *q, struct batch *b)
{
	pthread_mutex_lock(&q->mu);
	while (q->len >= QUEUE_MAX && !q->failed)
		pthread_cond_wait(&q->can_put, &q->mu);
	if (q->failed) {
		pthread_mutex_unlock(&q->mu);
		free(b->buf);
		free(b);
		return;
	}
	b->next = NULL;
	if (q->tail)
		q->tail->next = b;
	else
		q->head = b;
	q->tail = b;
	q->len++;
	pthread_cond_signal(&q->can_take);
	pthread_mutex_unlock(&q->mu);
}

static void queue_fail(struct queue *q, const gk_error *err)
{
	pthread_mutex_lock(&q->mu);
	if (!q->failed) {
		q->failed = 1;
		q->err = *err;
	}
	pthread_cond_broadcast(&q->can_put);
	pthread_cond_broadcast(&q->can_take);
	pthread_mutex_unlock(&q->mu);
}

static int emit_batch(void *ud, const gk_rule *r, const char *record_id,
		      const char *juris, const gk_verdict *v, gk_error *err)
{
	struct worker *w = ud;
	struct batch *b = w->cur;
	const char *basis = v->basis ? v->basis : r->basis, *unit = unit_of(w->rec);
	size_t il = strlen(record_id) + 1, jl = strlen(juris) + 1, ml = strlen(v->msg) + 1;
	size_t bl = strlen(basis) + 1, ul = unit ? strlen(unit) + 1 : 1;
	size_t need = sizeof(struct fhead) + il + jl + ml + bl + ul;
	struct fhead h = {
		.seq = w->seq, .rule = (int32_t)(r - w->rules), .due = v->due,
		.category = (int16_t)v->category, .has_due = (int16_t)v->has_due,
		.warn = (int16_t)v->warn, .days_left = v->days_left,
		.provisional = (int16_t)v->provisional,
	};

	if (!b) {
		b = w->cur = calloc(1, sizeof(*b));
		if (!b)
			return gk_error_set(err, GK_ENOMEM, "out of memory");
	}
	if (b->len + need > b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 64 * 1024;
		char *g;

		while (cap < b->len + need)
			cap *= 2;
		g = realloc(b->buf, cap);
		if (!g)
			return gk_error_set(err, GK_ENOMEM, "out of memory");
		b->buf = g;
		b->cap = cap;
	}
	memcpy(b->buf + b->len, &h, sizeof(h));
	b->len += sizeof(h);
	memcpy(b->buf + b->len, record_id, il);
	b->len += il;
	memcpy(b->buf + b->len, juris, jl);
	b->len += jl;
	memcpy(b->buf + b->len, v->msg, ml);
	b->len += ml;
	memcpy(b->buf + b->len, basis, bl);
	b->len += bl;
	memcpy(b->buf + b->len, unit ? unit : "", ul);
	b->len += ul;
	if (++b->n >= BATCH_FINDINGS) {
		queue_put(w->q, b);
		w->cur = NULL;
	}
	return w->q->failed ? GK_EIO : 0;
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	gk_error err = { 0 };
	int rc;

	rc = gk_policy_load(w->bundle, w->cal, &w->o->limits, &w->p, &err);
	if (!rc) {
		gk_policy_set_register(w->p, w->reg);
		if (w->warn)
			gk_policy_set_warn(w->p, w->warn_until);
		w->rules = gk_policy_rule(w->p, 0);
		rc = run_range(w->p, w->dbpath, w->need, w->lo, w->hi, w->snap, w->o, emit_batch,
			       w, &w->seq, &w->rec, &w->records, w->pg, 0, &err);
	}
	if (!rc && w->cur) {
		queue_put(w->q, w->cur);
		w->cur = NULL;
	}
	if (rc && !w->q->failed)
		queue_fail(w->q, &err);
	pthread_mutex_lock(&w->q->mu);
	w->q->producers--;
	pthread_cond_signal(&w->q->can_take);
	pthread_mutex_unlock(&w->q->mu);
	return NULL;
}

static int store_batch(gk_store *st, gk_run_info *info, const gk_policy *p,
		       const struct batch *b, gk_day as_of, gk_error *err)
{
	size_t off = 0;
	int rc = 0;

	for (int i = 0; i < b->n && !rc; i++) {
		struct fhead h;
		gk_finding f = { 0 };
		const gk_rule *r;

		memcpy(&h, b->buf + off, sizeof(h));
		off += sizeof(h);
		f.record_id = b->buf + off;
		off += strlen(f.record_id) + 1;
		f.jurisdiction = b->buf + off;
		off += strlen(f.jurisdiction) + 1;
		f.message = b->buf + off;
		off += strlen(f.message) + 1;
		f.basis = b->buf + off;
		off += strlen(f.basis) + 1;
		f.unit = b->buf + off;
		off += strlen(f.unit) + 1;
		if (!*f.unit)
			f.unit = NULL;
		r = gk_policy_rule(p, h.rule);
		f.seq = h.seq;
		f.rule = r->id;
		f.category = gk_category_names[h.category];
		f.due_on = h.due;
		f.has_due = h.has_due;
		f.provisional = h.provisional;
		if (h.warn) {
			rc = gk_store_due_add(st, info->id, &f, h.days_left, err);
			continue;
		}
		info->findings++;
		apply_waiver(info, as_of, &f);
		rc = gk_store_finding_add(st, info->id, &f, err);
	}
	return rc;
}

static int run_parallel(gk_store *st, const gk_run_opts *o, const gk_bundle *b,
			const gk_calendar *cal, const gk_policy *p, const gk_register *reg,
			const unsigned char *need, int64_t lo, int64_t hi, struct progress *pg,
			gk_day warn_until, gk_run_info *info, gk_error *err)
{
	struct queue q = { .producers = o->jobs };
	struct worker *w = calloc((size_t)o->jobs, sizeof(*w));
	int64_t span = (hi - lo + 1 + o->jobs - 1) / o->jobs;
	int started = 0, rc = 0;

	if (!w)
		return gk_error_set(err, GK_ENOMEM, "out of memory");
	pthread_mutex_init(&q.mu, NULL);
	pthread_cond_init(&q.can_put, NULL);
	pthread_cond_init(&q.can_take, NULL);
	for (int i = 0; i < o->jobs; i++) {
		w[i].q = &q;
		w[i].bundle = b;
		w[i].cal = cal;
		w[i].o = o;
		w[i].dbpath = gk_store_path(st);
		w[i].need = need;
		w[i].reg = reg;
		w[i].pg = pg;
		w[i].warn = o->warn_days > 0;
		w[i].warn_until = warn_until;
		w[i].snap = info->last_import;
		w[i].lo = lo + span * i;
		w[i].hi = i == o->jobs - 1 ? hi : lo + span * (i + 1) - 1;
		if (pthread_create(&w[i].thread, NULL, worker_main, &w[i])) {
			gk_error e;
			gk_error_set(&e, GK_EIO, "cannot start worker %d", i + 1);
			pthread_mutex_lock(&q.mu);
			q.producers -= o->jobs - i;
			pthread_mutex_unlock(&q.mu);
			queue_fail(&q, &e);
			break;
		}
		started++;
	}
	for (;;) {
		struct batch *bt;

		pthread_mutex_lock(&q.mu);
		while (!q.head && q.producers > 0 && !q.failed) {
			struct timespec until;

			/* Wake now and then to report progress. */
			clock_gettime(CLOCK_REALTIME, &until);
			until.tv_nsec += 250000000L;
			if (until.tv_nsec >= 1000000000L) {
				until.tv_sec++;
				until.tv_nsec -= 1000000000L;
			}
			pthread_cond_timedwait(&q.can_take, &q.mu, &until);
			pthread_mutex_unlock(&q.mu);
			progress_tick(o, pg, 0);
			pthread_mutex_lock(&q.mu);
		}
		bt = q.failed ? NULL : q.head;
		if (bt) {
			q.head = bt->next;
			if (!q.head)
				q.tail = NULL;
			q.len--;
			pthread_cond_signal(&q.can_put);
		}
		pthread_mutex_unlock(&q.mu);
		if (!bt)
			break;
		rc = store_batch(st, info, p, bt, o->as_of, err);
		progress_tick(o, pg, 0);
		free(bt->buf);
		free(bt);
		if (rc) {
			queue_fail(&q, err);
			break;
		}
	}
	for (int i = 0; i < started; i++) {
		pthread_join(w[i].thread, NULL);
		info->records += w[i].records;
		if (w[i].cur) {
			free(w[i].cur->buf);
			free(w[i].cur);
		}
		gk_policy_free(w[i].p);
	}
	while (q.head) {
		struct batch *bt = q.head;
		q.head = bt->next;
		free(bt->buf);
		free(bt);
	}
	if (q.failed && !rc) {
		*err = q.err;
		rc = q.err.code ? q.err.code : GK_EIO;
	}
	pthread_mutex_destroy(&q.mu);
	pthread_cond_destroy(&q.can_put);
	pthread_cond_destroy(&q.can_take);
	free(w);
	return rc;
}

/* ---- the register and periodic duties ---------------------------------- */

static int add_nonpublic(void *ud, const char *id, const char *juris,
			 const char *doc_number, const char *title, const char *why,
			 gk_error *err)
{
	static const char *const whys[] = { "涉密", "内部", "不予公开", "依申请公开" };
	const char *w = whys[3];

	/* The register keeps pointers to static labels, not SQLite's text. */
	for (int i = 0; i < 4; i++)
		if (strcmp(why, whys[i]) == 0)
			w = whys[i];
	return gk_register_add(ud, id, juris, doc_number, title, w, err);
}

int gk_run_register(gk_store *st, gk_register **out, gk_error *err)
{
	int rc;

	if ((rc = gk_register_new(out, err)) ||
	    (rc = gk_store_nonpublic(st, add_nonpublic, *out, err)) ||
	    (rc = gk_register_build(*out, err)))
		return rc;
	return 0;
}

struct events {
	gk_event *v;
	int n, cap;
};

static void events_free(struct events *e)
{
	for (int i = 0; i < e->n; i++) {
		free((char *)e->v[i].id);
		free((char *)e->v[i].unit);
		free((char *)e->v[i].channels);
	}
	free(e->v);
}

static int add_event(void *ud, const char *id, const char *period, const char *held_on,
		     const char *samples, const char *implementer, const char *channels,
		     gk_error *err)
{
	struct events *e = ud;
	gk_event *ev;

	if (e->n == e->cap) {
		int cap = e->cap ? e->cap * 2 : 64;
		gk_event *g = realloc(e->v, sizeof(*g) * (size_t)cap);

		if (!g)
			return gk_error_set(err, GK_ENOMEM, "out of memory");
		e->v = g;
		e->cap = cap;
	}
	ev = &e->v[e->n++];
	memset(ev, 0, sizeof(*ev));
	snprintf(ev->period, sizeof(ev->period), "%s", period ? period : "");
	ev->has_held = held_on && gk_date_parse(held_on, strlen(held_on), &ev->held_on) == 0;
	if (samples) {
		ev->samples = strtol(samples, NULL, 10);
		ev->has_samples = 1;
	}
	if (!(ev->id = strdup(id ? id : "")) || (implementer && !(ev->unit = strdup(implementer))) ||
	    (channels && !(ev->channels = strdup(channels))))
		return gk_error_set(err, GK_ENOMEM, "out of memory");
	return 0;
}

struct periodic_emit {
	gk_store *st;
	gk_run_info *info;
	gk_day as_of;
	const gk_rule *r;
	const char *juris;
	int64_t seq;
};

static int emit_period(void *ud, const gk_verdict *v, gk_error *err)
{
	struct periodic_emit *pe = ud;
	gk_finding f = {
		.seq = pe->seq, .record_id = NULL, .jurisdiction = pe->juris,
		.rule = pe->r->id, .category = gk_category_names[v->category],
		.message = v->msg, .basis = pe->r->basis, .due_on = v->due,
		.has_due = v->has_due, .period = v->period, .unit = v->unit,
	};

	pe->info->findings++;
	apply_waiver(pe->info, pe->as_of, &f);
	return gk_store_finding_add(pe->st, pe->info->id, &f, err);
}

/* Judge every periodic duty in force in each jurisdiction in scope. */
static int run_periodic(gk_store *st, const gk_run_opts *o, const gk_bundle *b,
			const gk_calendar *cal, const gk_policy *p, char **scope,
			int nscope, int64_t seq, gk_run_info *info, gk_error *err)
{
	gk_judge_ctx cx = { cal, o->as_of, NULL, 0, 0 };
	int rc = 0;

	for (int s = 0; s < nscope && !rc; s++) {
		int j = gk_bundle_juris_index(b, scope[s], strlen(scope[s]));

		for (int i = 0; i < gk_policy_nrules(p) && !rc; i++) {
			const gk_rule *r = gk_policy_rule(p, i);
			struct events ev = { 0 };
			struct periodic_emit pe = { st, info, o->as_of, r, scope[s], seq };

			if (r->type != GK_RULE_PERIODIC || !gk_policy_in_force(p, i, j))
				continue;
			rc = gk_store_events(st, scope[s], r->event, r->monthly, r->by_next,
					     add_event, &ev, err);
			if (!rc)
				rc = gk_rule_judge_periodic(r, &cx, ev.v, ev.n, emit_period, &pe, err);
			events_free(&ev);
		}
	}
	return rc;
}

/* ---- the run ----------------------------------------------------------- */

/*
 * For tests only (tests/cli/test_store.sh): with GONGKAI_TEST_PAUSE=FILE
 * a run creates FILE once it has read what it evaluates, and waits (at
 * most a minute) until FILE is removed, so that a test can start an
 * import at exactly that moment.  Unset, this costs one getenv a run.
 */
static void test_pause(void)
{
	const char *f = getenv("GONGKAI_TEST_PAUSE");
	FILE *fp;

	if (!f || !*f || !(fp = fopen(f, "w")))
		return;
	fclose(fp);
	for (int i = 0; i < 6000 && access(f, F_OK) == 0; i++)
		nanosleep(&(struct timespec){ 0, 10000000L }, NULL);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Every jurisdiction in scope with records must have rules; a filter
 * naming a jurisdiction the policy set lacks is an error too. */
static int check_scope(gk_store *st, const gk_run_opts *o, const gk_bundle *b,
		       const gk_policy *p, gk_run_info *info, char ***scope, int *nscope,
		       long *in_scope, gk_error *err)
{
	gk_juris_count *jc = NULL;
	long total = 0;
	int n = 0, rc;
	size_t sl = 0;

	for (int i = 0; i < o->njuris; i++)
		if (strcmp(o->juris[i], "baseline") == 0)
			return gk_error_set(err, GK_EINVAL,
					    "'baseline' is not a jurisdiction: its rules apply to "
					    "every jurisdiction; name one such as '%s'",
					    gk_bundle_njuris(b) ? gk_bundle_juris(b, 0) : "zezhou");
		else if (gk_bundle_juris_index(b, o->juris[i], strlen(o->juris[i])) < 0)
			return gk_error_set(err, GK_EINVAL,
					    "no policies for jurisdiction '%s' in '%s' (add a folder "
					    "%s/%s/ or check the name)", o->juris[i],
					    gk_source_root(o->src), gk_source_root(o->src), o->juris[i]);
	if ((rc = gk_store_jurisdictions(st, &jc, &n, err)))
		return rc;
	for (int i = 0; i < n; i++) {
		int in = o->njuris == 0, j;

		for (int k = 0; k < o->njuris; k++)
			in |= strcmp(o->juris[k], jc[i].name) == 0;
		if (!in)
			continue;
		j = gk_bundle_juris_index(b, jc[i].name, strlen(jc[i].name));
		if (j < 0) {
			rc = gk_error_set(err, GK_EINVAL,
					  "%ld record%s of jurisdiction '%s' but '%s' has no policies "
					  "for it: add %s/%s/ or fix the records' jurisdiction",
					  jc[i].records, jc[i].records == 1 ? "" : "s", jc[i].name,
					  gk_source_root(o->src), gk_source_root(o->src), jc[i].name);
			goto cleanup;
		}
		if (gk_policy_nrules_for(p, j) == 0) {
			rc = gk_error_set(err, GK_EINVAL,
					  "jurisdiction '%s' has %ld records but no rule applies to it "
					  "in '%s'", jc[i].name, jc[i].records, gk_source_root(o->src));
			goto cleanup;
		}
		total += jc[i].records;
		{
			char **g = realloc(*scope, sizeof(*g) * (size_t)(*nscope + 1));

			if (!g || !(g[*nscope] = strdup(jc[i].name))) {
				if (g)
					*scope = g;
				rc = gk_error_set(err, GK_ENOMEM, "out of memory");
				goto cleanup;
			}
			*scope = g;
			(*nscope)++;
		}
	}
	*in_scope = total;
	if (total == 0) {
		rc = gk_error_set(err, GK_EINVAL,
				  "no records to evaluate%s%s in '%s': import records first",
				  o->njuris ? " for " : "", o->njuris ? o->juris[0] : "",
				  gk_store_path(st));
		goto cleanup;
	}
	if (o->njuris == 0) {
		snprintf(info->scope, sizeof(info->scope), "all");
	} else {
		/* One name for one set of jurisdictions, whatever the order
		 * they were given in: the scope is what runs are compared by. */
		const char **v = malloc(sizeof(*v) * (size_t)o->njuris);

		if (!v) {
			rc = gk_error_set(err, GK_ENOMEM, "out of memory");
			goto cleanup;
		}
		memcpy(v, o->juris, sizeof(*v) * (size_t)o->njuris);
		qsort(v, (size_t)o->njuris, sizeof(*v), cmp_str);
		info->scope[0] = '\0';
		for (int i = 0; i < o->njuris; i++) {
			if (i && strcmp(v[i], v[i - 1]) == 0)
				continue;
			sl += (size_t)snprintf(info->scope + sl, sizeof(info->scope) - sl, "%s%s",
					       sl ? "," : "", v[i]);
			if (sl >= sizeof(info->scope)) {
				rc = gk_error_set(err, GK_EINVAL, "too many jurisdictions for one "
						  "run (%d): run them in smaller groups", o->njuris);
				break;
			}
		}
		free(v);
	}
cleanup:
	free(jc);
	return rc;
}

int gk_run(gk_store *st, const gk_run_opts *o, gk_run_info *info, gk_error *err)
{
	gk_calendar *cal = NULL;
	gk_bundle *b = NULL;
	gk_policy *p = NULL;
	gk_register *reg = NULL;
	unsigned char need[GK_NFIELDS];
	char **scope = NULL;
	int64_t lo, hi;
	int rc, nscope = 0;
	struct progress pg = { 0 };
	gk_day warn_until = 0;

	memset(info, 0, sizeof(*info));
	info->as_of = o->as_of;
	info->jobs = o->jobs;
	info->compare = !o->dry;
	info->warn_days = o->warn_days;
	info->policy_source = gk_source_describe(o->src);
	info->policy_revision = gk_source_revision(o->src);
	/* The whole run's CPU time counts against the watchdog's run limit
	 * until the findings are stored (watchdog.h). */
	gk_watchdog_run_begin();
	if ((rc = gk_calendar_load(o->src, &cal, err)) ||
	    (rc = gk_waivers_load(o->src, &info->waivers, err)))
		goto cleanup;
	if (!gk_calendar_covers(cal, o->as_of, err)) {
		rc = gk_error_prefix(err, "cannot evaluate as of this date");
		goto cleanup;
	}
	{
		/* Recorded with the run: its reports say what the calendar lacked. */
		gk_calendar_state cs;
		size_t n = 0;

		gk_calendar_state_of(cal, &cs);
		info->cal_first = cs.first;
		info->cal_last = cs.last;
		for (int i = 0; i < cs.nprovisional && n < sizeof(info->cal_provisional); i++)
			n += (size_t)snprintf(info->cal_provisional + n,
					      sizeof(info->cal_provisional) - n, "%s%d", i ? "," : "",
					      cs.provisional[i]);
	}
	if (o->warn_days > 0 &&
	    (rc = gk_calendar_add_workdays(cal, o->as_of, o->warn_days, &warn_until, err))) {
		if (rc != GK_ERANGE)
			goto cleanup;
		/* Late in December, before next year's calendar is published:
		 * warn up to the calendar's last day rather than fail the run. */
		warn_until = gk_date_from_ymd(gk_calendar_last_year(cal), 12, 31);
		info->warn_capped = 1;
		gk_error_clear(err);
		rc = 0;
	}
	info->warn_until = warn_until;
	if ((rc = gk_bundle_read(o->src, &b, err)) ||
	    (rc = gk_source_digest(o->src, info->policy_digest, err)) ||
	    (rc = gk_policy_load(b, cal, &o->limits, &p, err)))
		goto cleanup;
	/*
	 * One snapshot: the write lock first, then everything the run reads
	 * from the records (the newest import, the scope, the rowid range,
	 * the register, the events).  No import can commit until the run
	 * does, so what the workers' own connections read later is this same
	 * state (gk_cursor_pin checks it).  Read before the lock, an import
	 * committing in between would replace records outside the range read.
	 */
	if ((rc = gk_store_begin(st, err)) ||
	    (rc = gk_store_last_import(st, &info->last_import, err)) ||
	    (rc = check_scope(st, o, b, p, info, &scope, &nscope, &pg.total, err)) ||
	    (rc = gk_store_rowid_range(st, &lo, &hi, err)))
		goto cleanup;
	for (int i = 0; i < gk_policy_nrules(p); i++)
		info->rules += gk_policy_rule(p, i)->type != GK_RULE_DISABLE;
	gk_policy_needs(p, need);
	for (size_t i = 0; i < sizeof(unit_fields) / sizeof(unit_fields[0]); i++)
		need[unit_fields[i]] = 1;
	if (gk_policy_needs_register(p)) {
		if ((rc = gk_run_register(st, &reg, err)))
			goto cleanup;
		gk_policy_set_register(p, reg);
	}
	if (o->warn_days > 0)
		gk_policy_set_warn(p, warn_until);

	test_pause();
	if ((rc = gk_store_run_start(st, info, err)))
		goto cleanup;
	if (o->jobs <= 1 || hi - lo < o->jobs) {
		struct direct d = { .st = st, .info = info, .as_of = o->as_of };
		rc = run_range(p, gk_store_path(st), need, lo, hi, info->last_import, o,
			       emit_direct, &d,
			       &d.seq, &d.rec, &info->records, &pg, 1, err);
	} else {
		rc = run_parallel(st, o, b, cal, p, reg, need, lo, hi, &pg, warn_until, info, err);
	}
	if (!rc)
		progress_tick(o, &pg, 1);
	if (rc || (rc = run_periodic(st, o, b, cal, p, scope, nscope, hi + 1, info, err)))
		goto cleanup;
	if (info->records == 0) {
		rc = gk_error_set(err, GK_EINVAL, "the run evaluated no record");
		goto cleanup;
	}
	/* No policy code runs from here on: close the Lua state (under the
	 * watchdog) before anything is committed, and stop counting. */
	gk_policy_free(p);
	p = NULL;
	gk_watchdog_run_end();
	now_iso(info->finished_at, sizeof(info->finished_at));
	if (o->dry) {
		rc = gk_store_findings(st, info->id, o->collect, o->collect_ud, err);
		gk_store_rollback(st);
		goto cleanup;
	}
	if ((rc = gk_store_run_finish(st, info, err)))
		goto cleanup;
	rc = gk_store_commit(st, err);
cleanup:
	if (rc)
		gk_store_rollback(st);
	gk_watchdog_run_end();
	for (int i = 0; i < nscope; i++)
		free(scope[i]);
	free(scope);
	gk_policy_free(p);
	gk_register_free(reg);
	gk_bundle_free(b);
	gk_calendar_free(cal);
	return rc;
}
