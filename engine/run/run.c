/*
 * run.c - a run as one stream (see run.h).
 *
 * Layout:
 *   the run      what every lane shares; the scope; the register
 *   a record     its verdicts kept until its rules are judged, then
 *                sorted and turned into findings, each handed on once
 *   lanes        a worker: its cursor, its Lua state, its batches
 *   periodic     the events seen in the pass, judged at the end
 *   gk_run       the order of it all, inside one transaction
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../buf.h"
#include "../suggest.h"
#include "../watchdog.h"
#include "answers.h"
#include "classify.h"
#include "run.h"

#define NONE ((size_t)-1)
#define MAX_SINKS 16

/* ---- the run ----------------------------------------------------------- */

/* Progress: how many records are done, shared by the lanes. */
struct progress {
	long done, total;
	struct timespec last;
};

struct lane;

struct run {
	const gk_run_opts *o;
	gk_run_info *info;
	gk_policy *p;                 /* the calling thread's Lua state */
	gk_register *reg;
	gk_classifier *cls;
	gk_answers *answers;
	unsigned char need[GK_NFIELDS];
	int warn;
	gk_day warn_until;
	char as_of[GK_DATE_LEN + 1];
	int64_t lo, hi;
	char **scope;                 /* the jurisdictions evaluated, sorted */
	int nscope;
	int lanes;                    /* workers */
	gk_sink *serial[MAX_SINKS], *parallel[MAX_SINKS];
	int nserial, nparallel, full_resolved;
	int periodic;                 /* some rule is a periodic duty */
	struct progress pg;
	struct queue *q;              /* with more than one lane */

	/* The baseline (cls, answers) is read by a thread of its own while
	 * the register is built and the records are judged; a lane holds
	 * its findings until it is there (ready, with release/acquire). */
	pthread_t base_thread;
	int base_started, base_ready, base_rc;
	gk_error base_err;
	pthread_mutex_t base_mu;
	pthread_cond_t base_cv;
};

/* The unit that must act on a record's findings: whoever approved it,
 * else implemented, else produced, else published it (谁批准、谁实施、
 * 谁制作、谁公开); NULL when the record names none.  Read while the record
 * is at hand: looking it up later costs a random page read a finding. */
static const enum gk_field unit_fields[] = {
	GK_F_APPROVER, GK_F_IMPLEMENTER, GK_F_PRODUCER, GK_F_PUBLISHER,
};

/* What a periodic duty's events carry, read in the main pass. */
static const enum gk_field event_fields[] = {
	GK_F_EVENT_TYPE, GK_F_PERIOD, GK_F_HELD_ON, GK_F_SAMPLES, GK_F_IMPLEMENTER,
	GK_F_CHANNELS,
};

static void now_iso(char *buf, size_t n)
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

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

/* ---- a record ------------------------------------------------------------ */

/* One verdict of the record being judged (or one periodic duty's), kept
 * until all of them are known: they are handed on sorted. */
struct pend {
	const gk_rule *r;
	const char *juris;        /* the bundle's string */
	int order;                /* as judged: ties keep it */
	size_t msg, basis, period, unit;  /* offsets in the lane's text, or NONE */
	enum gk_category category;
	gk_day due;
	int has_due, provisional, warn, days_left;
};

/* An event a periodic duty may count, seen in the pass: its texts are
 * offsets in the lane's event text. */
struct event {
	int juris;                /* index in the bundle */
	size_t type, id, period, held_on, samples, unit, channels;
};

/* A worker's findings on their way to the calling thread: each string a
 * finding does not share with the run (record, message, ...) is an offset
 * in text, set when the batch is taken. */
enum { S_RECORD, S_MESSAGE, S_BASIS, S_UNIT, S_TITLE, S_PERIOD, NSTR };

struct packed {
	gk_finding f;
	int rule;                 /* index in the policy's rules */
	size_t s[NSTR];
};

struct batch {
	struct batch *next;
	struct packed *v;
	size_t n, cap;
	gk_buf text;
};

#define BATCH_FINDINGS 512
#define QUEUE_MAX 16

struct lane {
	struct run *run;
	int index;
	gk_policy *p;             /* this lane's Lua state (the run's for the main thread) */
	int own_policy;
	int64_t lo, hi;
	long records, findings, waived, n_new, n_persisting, n_due;
	long unwaived[GK_NSEVERITIES]; /* findings not waived, by severity */
	const gk_records *rs;
	gk_cursor *cur;           /* the record being judged */
	const char *juris;        /* the periodic duties': the one judged */
	struct pend *pend;
	size_t npend, pcap;
	gk_buf text;
	struct event *ev;
	size_t nev, evcap;
	gk_buf evtext;
	struct batch *batch;      /* being filled (several lanes) */
	struct batch *held;       /* made before the baseline was read */
	int have_base;            /* the baseline has been seen ready */
	pthread_t thread;
	int started;
	char caps[5][GK_FINDING_TEXT_MAX + 1];
};

static size_t text_add(gk_buf *b, const char *s)
{
	size_t at = b->len;

	if (!s || gk_buf_add(b, s, strlen(s) + 1))
		return NONE;
	return at;
}

static const char *text_at(const gk_buf *b, size_t off)
{
	return off == NONE ? NULL : b->p + off;
}

/* gk_emit_fn: one verdict of the current record, kept until the record
 * is done (the verdict's buffers are reused by the next rule). */
static int keep_verdict(void *ud, const gk_rule *r, const char *record_id,
			const char *juris, const gk_verdict *v, gk_error *err)
{
	struct lane *l = ud;
	struct pend *e;

	(void)record_id;
	if (GK_GROW(l->pend, l->npend, l->pcap))
		return GK_OOM(err);
	e = &l->pend[l->npend];
	memset(e, 0, sizeof(*e));
	e->r = r;
	e->juris = juris;
	e->order = (int)l->npend;
	e->category = v->category;
	e->due = v->due;
	e->has_due = v->has_due;
	e->provisional = v->provisional;
	e->warn = v->warn;
	e->days_left = v->days_left;
	e->msg = text_add(&l->text, v->msg);
	e->basis = v->basis ? text_add(&l->text, v->basis) : NONE;
	e->period = v->period[0] ? text_add(&l->text, v->period) : NONE;
	e->unit = v->unit ? text_add(&l->text, v->unit) : NONE;
	if (e->msg == NONE || (v->basis && e->basis == NONE) ||
	    (v->period[0] && e->period == NONE) || (v->unit && e->unit == NONE))
		return GK_OOM(err);
	l->npend++;
	return 0;
}

static int period_cmp(const char *a, const char *b)
{
	/* No period sorts first, as NULL does in SQL. */
	if (!a || !b)
		return (a != NULL) - (b != NULL);
	return strcmp(a, b);
}

static const gk_buf *sort_text;   /* qsort has no context: set per sort, lanes lock */
static pthread_mutex_t sort_mu = PTHREAD_MUTEX_INITIALIZER;

static int by_rule(const void *a, const void *b)
{
	const struct pend *x = a, *y = b;
	int c = strcmp(x->r->id, y->r->id);

	if (!c)
		c = period_cmp(text_at(sort_text, x->period), text_at(sort_text, y->period));
	return c ? c : x->order - y->order;
}

/* Sort a record's (or the periodic duties') verdicts by rule, then
 * period, then as judged: the order every output lists them in. */
static void sort_pend(struct lane *l)
{
	int periods = 0;

	if (l->npend < 2)
		return;
	for (size_t i = 0; i < l->npend && !periods; i++)
		periods = l->pend[i].period != NONE;
	if (!periods) {
		/* A record's verdicts: insertion sort by rule (they are few). */
		for (size_t i = 1; i < l->npend; i++) {
			struct pend x = l->pend[i];
			size_t k = i;

			while (k > 0 && strcmp(l->pend[k - 1].r->id, x.r->id) > 0) {
				l->pend[k] = l->pend[k - 1];
				k--;
			}
			l->pend[k] = x;
		}
		return;
	}
	pthread_mutex_lock(&sort_mu);
	sort_text = &l->text;
	qsort(l->pend, l->npend, sizeof(*l->pend), by_rule);
	pthread_mutex_unlock(&sort_mu);
}

/* ---- the queue ----------------------------------------------------------- */

struct queue {
	pthread_mutex_t mu;
	pthread_cond_t can_put, can_take;
	struct batch *head, *tail;
	int len, producers, failed;
	gk_error err;
};

static void batch_free(struct batch *b)
{
	if (!b)
		return;
	free(b->v);
	gk_buf_release(&b->text);
	free(b);
}

static void queue_put(struct queue *q, struct batch *b)
{
	pthread_mutex_lock(&q->mu);
	while (q->len >= QUEUE_MAX && !q->failed)
		pthread_cond_wait(&q->can_put, &q->mu);
	if (q->failed) {
		pthread_mutex_unlock(&q->mu);
		batch_free(b);
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

/* The next batch, or NULL when the lanes are done or one failed; wakes
 * now and then to report progress. */
static struct batch *queue_take(struct run *run)
{
	struct queue *q = run->q;
	struct batch *b;

	pthread_mutex_lock(&q->mu);
	while (!q->head && q->producers > 0 && !q->failed) {
		struct timespec until;

		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += 250000000L;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&q->can_take, &q->mu, &until);
		pthread_mutex_unlock(&q->mu);
		progress_tick(run->o, &run->pg, 0);
		pthread_mutex_lock(&q->mu);
	}
	b = q->failed ? NULL : q->head;
	if (b) {
		q->head = b->next;
		if (!q->head)
			q->tail = NULL;
		q->len--;
		pthread_cond_signal(&q->can_put);
	}
	pthread_mutex_unlock(&q->mu);
	return b;
}

/* ---- handing findings on -------------------------------------------------- */

static int put_serial(struct run *run, int lane, gk_finding *f, gk_error *err)
{
	int rc = 0;

	for (int i = 0; i < run->nserial && !rc; i++)
		rc = run->serial[i]->put(run->serial[i], lane, f, err);
	return rc;
}

static size_t pack_str(struct batch *b, const char *s, int *bad)
{
	size_t off = text_add(&b->text, s);

	*bad |= s && off == NONE;
	return off;
}

/* Copy f, made by lane l, into the batch *bp (made when NULL). */
static int pack_into(struct batch **bp, struct lane *l, const gk_finding *f, const gk_rule *r,
		     gk_error *err)
{
	struct batch *b = *bp;
	struct packed *x;
	int bad = 0;

	if (!b && !(b = *bp = calloc(1, sizeof(*b))))
		return GK_OOM(err);
	if (GK_GROW(b->v, b->n, b->cap))
		return GK_OOM(err);
	x = &b->v[b->n];
	x->f = *f;
	x->rule = (int)(r - gk_policy_rule(l->p, 0));
	x->s[S_RECORD] = pack_str(b, f->record_id, &bad);
	x->s[S_MESSAGE] = pack_str(b, f->message, &bad);
	/* The rule's own basis is the calling thread's policy's too. */
	x->s[S_BASIS] = f->basis == r->basis ? NONE : pack_str(b, f->basis, &bad);
	x->s[S_UNIT] = pack_str(b, f->unit, &bad);
	x->s[S_TITLE] = pack_str(b, f->title, &bad);
	x->s[S_PERIOD] = pack_str(b, f->period, &bad);
	if (bad)
		return GK_OOM(err);
	b->n++;
	return 0;
}

/* Copy f into the lane's batch for the calling thread; queue a full one. */
static int pack(struct lane *l, const gk_finding *f, const gk_rule *r, gk_error *err)
{
	struct batch *b;
	int rc;

	if ((rc = pack_into(&l->batch, l, f, r, err)))
		return rc;
	b = l->batch;
	if (b->n >= BATCH_FINDINGS) {
		queue_put(l->run->q, b);
		l->batch = NULL;
	}
	return l->run->q->failed ? GK_EIO : 0;
}

/* Finding i of batch b, its rule one of p's (every policy of the run
 * has the same rules in the same order). */
static void unpack_one(const struct batch *b, size_t i, const gk_policy *p, gk_finding *f,
		       const gk_rule **rule)
{
	const struct packed *x = &b->v[i];
	const gk_rule *r = gk_policy_rule(p, x->rule);

	*f = x->f;
	f->rule = r->id;
	f->record_id = text_at(&b->text, x->s[S_RECORD]);
	f->message = text_at(&b->text, x->s[S_MESSAGE]);
	f->basis = x->s[S_BASIS] == NONE ? r->basis : text_at(&b->text, x->s[S_BASIS]);
	f->unit = text_at(&b->text, x->s[S_UNIT]);
	f->title = text_at(&b->text, x->s[S_TITLE]);
	f->period = text_at(&b->text, x->s[S_PERIOD]);
	*rule = r;
}

/* A batch taken by the calling thread: each finding to the serial sinks. */
static int unpack(struct run *run, struct batch *b, gk_error *err)
{
	int rc = 0;

	for (size_t i = 0; i < b->n && !rc; i++) {
		const gk_rule *r;
		gk_finding f;

		unpack_one(b, i, run->p, &f, &r);
		rc = put_serial(run, 0, &f, err);
	}
	return rc;
}

/* ---- the baseline ------------------------------------------------------------- */

/* Findings a lane holds at most while the baseline is read; then it waits. */
#define HOLD_MAX 8192

static void *baseline_main(void *arg)
{
	struct run *run = arg;
	const gk_run_opts *o = run->o;
	gk_history own, *h = &own;
	gk_error err = { 0 };
	int rc = 0;
	const char *slow = getenv("GONGKAI_TEST_BASELINE_MS");

	/* For tests only (tests/cli/test_nightly.sh): a baseline read late,
	 * so that the lanes hold what they find until it is there. */
	if (slow && *slow) {
		long ms = strtol(slow, NULL, 10);

		nanosleep(&(struct timespec){ ms / 1000, ms % 1000 * 1000000L }, NULL);
	}

	/* A reader of its own: the run's connection is busy meanwhile. */
	if (o->history->reader)
		rc = o->history->reader(o->history->ud, &own, &err);
	else
		h = (gk_history *)o->history;
	if (!rc)
		rc = gk_classifier_load(&run->cls, h, run->info->scope,
					strcmp(o->policy_revision, "worktree") != 0, o->as_of,
					&run->info->baseline, &err);
	if (!rc)
		rc = gk_answers_load(&run->answers, h, &err);
	if (h == &own && own.close)
		own.close(&own);
	pthread_mutex_lock(&run->base_mu);
	run->base_rc = rc;
	run->base_err = err;
	__atomic_store_n(&run->base_ready, 1, __ATOMIC_RELEASE);
	pthread_cond_broadcast(&run->base_cv);
	pthread_mutex_unlock(&run->base_mu);
	return NULL;
}

/* Start reading the baseline; without a reader of its own, read it now. */
static int baseline_start(struct run *run, gk_error *err)
{
	pthread_mutex_init(&run->base_mu, NULL);
	pthread_cond_init(&run->base_cv, NULL);
	run->base_started = 1;
	if (!run->o->history->reader ||
	    pthread_create(&run->base_thread, NULL, baseline_main, run)) {
		baseline_main(run);
		run->base_started = 2;      /* nothing to join */
		if (run->base_rc)
			*err = run->base_err;
		return run->base_rc;
	}
	return 0;
}

/* Wait until the baseline is read: 0, or its error. */
static int baseline_wait(struct run *run, gk_error *err)
{
	int rc;

	if (!run->base_started)
		return 0;
	pthread_mutex_lock(&run->base_mu);
	while (!run->base_ready)
		pthread_cond_wait(&run->base_cv, &run->base_mu);
	rc = run->base_rc;
	if (rc)
		*err = run->base_err;
	pthread_mutex_unlock(&run->base_mu);
	return rc;
}

static void baseline_join(struct run *run)
{
	if (run->base_started == 1)
		pthread_join(run->base_thread, NULL);
	if (run->base_started) {
		pthread_mutex_destroy(&run->base_mu);
		pthread_cond_destroy(&run->base_cv);
	}
	run->base_started = 0;
}

static int hand_on(struct lane *l, gk_finding *f, const gk_rule *r, gk_error *err);

/* The baseline is there (waiting for it when wait, or when the lane
 * holds HOLD_MAX findings): hand on what lane l held, in order.  1 while
 * it is not there yet, else 0 or an error. */
static int release_held(struct lane *l, int wait, gk_error *err)
{
	struct run *run = l->run;
	struct batch *b = l->held;
	int rc = 0;

	if (l->have_base)
		return 0;
	if (run->base_started && !__atomic_load_n(&run->base_ready, __ATOMIC_ACQUIRE) && !wait &&
	    (!b || b->n < HOLD_MAX))
		return 1;
	if ((rc = baseline_wait(run, err)))
		return rc;
	l->have_base = 1;
	l->held = NULL;
	for (size_t i = 0; b && i < b->n && !rc; i++) {
		const gk_rule *r;
		gk_finding f;

		unpack_one(b, i, l->p, &f, &r);
		rc = hand_on(l, &f, r, err);
	}
	batch_free(b);
	return rc;
}

/* One finding of lane l, made: cut, waived, compared, answered, then to
 * the parallel sinks here and the serial ones here or through a batch.
 * Made before the baseline is read, it is held until then. */
static int hand_on(struct lane *l, gk_finding *f, const gk_rule *r, gk_error *err)
{
	struct run *run = l->run;
	int rc = 0;

	if (!l->have_base && (rc = release_held(l, 0, err)))
		return rc < 0 ? rc : pack_into(&l->held, l, f, r, err);
	gk_finding_cap(f, l->caps);
	if (f->status) {
		l->n_due++;
	} else {
		gk_waiver *w = gk_waivers_match(run->o->waivers, f->record_id, f->rule,
						f->jurisdiction, run->o->as_of);

		f->waiver = w ? w->label : NULL;
		l->waived += w != NULL;
		l->unwaived[gk_finding_severity(f)] += w == NULL;
		l->findings++;
		gk_classify(run->cls, f, run->o->as_of, run->as_of);
		if (*f->status == 'n')
			l->n_new++;
		else
			l->n_persisting++;
	}
	gk_answers_attach(run->answers, f);
	for (int i = 0; i < run->nparallel && !rc; i++)
		rc = run->parallel[i]->put(run->parallel[i], l->index, f, err);
	if (rc)
		return rc;
	if (run->q && l->index < run->lanes)
		return pack(l, f, r, err);
	return put_serial(run, l->index, f, err);
}

/* The record judged: its verdicts, sorted, become findings. */
static int record_done(struct lane *l, gk_error *err)
{
	const gk_records *rs = l->rs;
	const char *id, *unit = NULL, *title;
	int64_t seq;
	int rc = 0;

	if (!l->npend)
		return 0;
	sort_pend(l);
	id = rs->get(l->cur, GK_F_ID, NULL);
	title = rs->get(l->cur, GK_F_TITLE, NULL);
	seq = rs->seq(l->cur);
	for (size_t i = 0; !unit && i < sizeof(unit_fields) / sizeof(unit_fields[0]); i++)
		unit = rs->get(l->cur, unit_fields[i], NULL);
	for (size_t i = 0; i < l->npend && !rc; i++) {
		const struct pend *e = &l->pend[i];
		gk_finding f = {
			.seq = seq, .record_id = id, .jurisdiction = e->juris, .rule = e->r->id,
			.category = gk_category_names[e->category],
			.severity = gk_severity_names[e->r->severity],
			.message = text_at(&l->text, e->msg),
			.basis = e->basis == NONE ? e->r->basis : text_at(&l->text, e->basis),
			.due_on = e->due, .has_due = e->has_due, .unit = unit, .title = title,
			.provisional = e->provisional,
		};

		if (e->warn) {
			f.status = GK_STATUS_DUE_SOON;
			f.days_left = e->days_left;
		}
		rc = hand_on(l, &f, e->r, err);
	}
	l->npend = 0;
	gk_buf_reset(&l->text);
	return rc;
}

/* ---- periodic duties ---------------------------------------------------- */

/* An event record of a type some periodic duty counts: kept for the end. */
static int keep_event(struct lane *l, gk_cursor *c, gk_error *err)
{
	const gk_records *rs = l->rs;
	const struct run *run = l->run;
	size_t len;
	const char *kind = rs->get(c, GK_F_KIND, &len), *type, *j;
	struct event *e;
	int want = 0, bad = 0;

	if (!kind || len != 5 || memcmp(kind, "event", 5) != 0 ||
	    !(type = rs->get(c, GK_F_EVENT_TYPE, NULL)))
		return 0;
	for (int i = 0; i < gk_policy_nrules(run->p) && !want; i++) {
		const gk_rule *r = gk_policy_rule(run->p, i);

		want = r->type == GK_RULE_PERIODIC && strcmp(r->event, type) == 0;
	}
	if (!want)
		return 0;
	if (GK_GROW(l->ev, l->nev, l->evcap))
		return GK_OOM(err);
	e = &l->ev[l->nev];
	j = rs->get(c, GK_F_JURISDICTION, &len);
	e->juris = gk_bundle_juris_index(run->o->bundle, j, len);
#define KEEP(field) text_add(&l->evtext, rs->get(c, (field), NULL))
	e->type = KEEP(GK_F_EVENT_TYPE);
	e->id = KEEP(GK_F_ID);
	e->period = KEEP(GK_F_PERIOD);
	e->held_on = KEEP(GK_F_HELD_ON);
	e->samples = KEEP(GK_F_SAMPLES);
	e->unit = KEEP(GK_F_IMPLEMENTER);
	e->channels = KEEP(GK_F_CHANNELS);
#undef KEEP
	bad = e->type == NONE || e->id == NONE;
	if (bad)
		return GK_OOM(err);
	l->nev++;
	return 0;
}

/* The event as duty r counts it.  A record without a period gets one
 * from held_on: its year (the year before, for a duty done the next year
 * such as an annual report), or year-month for a monthly duty. */
static void event_of(const struct lane *l, const struct event *e, const gk_rule *r,
		     gk_event *ev)
{
	const char *period = text_at(&l->evtext, e->period);
	const char *held = text_at(&l->evtext, e->held_on);
	const char *samples = text_at(&l->evtext, e->samples);

	memset(ev, 0, sizeof(*ev));
	if (period)
		snprintf(ev->period, sizeof(ev->period), "%s", period);
	else if (held && r->by_next)
		snprintf(ev->period, sizeof(ev->period), "%04d", (atoi(held) + 9999) % 10000);
	else if (held)
		snprintf(ev->period, sizeof(ev->period), "%.*s", r->monthly ? 7 : 4, held);
	ev->has_held = held && gk_date_parse(held, strlen(held), &ev->held_on) == 0;
	if (samples) {
		ev->samples = strtol(samples, NULL, 10);
		ev->has_samples = 1;
	}
	ev->id = text_at(&l->evtext, e->id);
	ev->unit = text_at(&l->evtext, e->unit);
	ev->channels = text_at(&l->evtext, e->channels);
}

struct period_emit {
	struct lane *main;
	const gk_rule *r;
};

static int keep_period(void *ud, const gk_verdict *v, gk_error *err)
{
	struct period_emit *pe = ud;

	return keep_verdict(pe->main, pe->r, NULL, pe->main->juris, v, err);
}

/* Judge every periodic duty in force in each jurisdiction in scope, on
 * the events the lanes kept (in seq order: lanes are in range order);
 * the findings go on from the main lane. */
static int run_periodic(struct run *run, struct lane *lanes, int nlanes, struct lane *main,
			gk_error *err)
{
	const gk_run_opts *o = run->o;
	gk_judge_ctx cx = { o->cal, o->as_of, NULL, 0, 0 };
	gk_event *evs = NULL;
	size_t cap = 0;
	int rc = 0;

	for (int s = 0; s < run->nscope && !rc; s++) {
		int j = gk_bundle_juris_index(o->bundle, run->scope[s], strlen(run->scope[s]));

		main->juris = gk_bundle_juris(o->bundle, j);
		for (int i = 0; i < gk_policy_nrules(run->p) && !rc; i++) {
			const gk_rule *r = gk_policy_rule(run->p, i);
			struct period_emit pe = { main, r };
			size_t n = 0;

			if (r->type != GK_RULE_PERIODIC || !gk_policy_in_force(run->p, i, j))
				continue;
			for (int k = 0; k < nlanes && !rc; k++)
				for (size_t m = 0; m < lanes[k].nev && !rc; m++) {
					const struct event *e = &lanes[k].ev[m];

					if (e->juris != j ||
					    strcmp(text_at(&lanes[k].evtext, e->type), r->event))
						continue;
					if (GK_GROW(evs, n, cap)) {
						rc = GK_OOM(err);
						break;
					}
					event_of(&lanes[k], e, r, &evs[n++]);
				}
			if (!rc)
				rc = gk_rule_judge_periodic(r, &cx, evs, (int)n, keep_period, &pe, err);
		}
	}
	free(evs);
	if (rc)
		return rc;
	sort_pend(main);
	for (size_t i = 0; i < main->npend && !rc; i++) {
		const struct pend *e = &main->pend[i];
		gk_finding f = {
			.seq = run->hi + 1, .jurisdiction = e->juris, .rule = e->r->id, .category = gk_category_names[e->category],
			.severity = gk_severity_names[e->r->severity],
			.message = text_at(&main->text, e->msg),
			.basis = e->basis == NONE ? e->r->basis : text_at(&main->text, e->basis),
			.due_on = e->due, .has_due = e->has_due,
			.period = text_at(&main->text, e->period),
			.unit = text_at(&main->text, e->unit),
		};

		rc = hand_on(main, &f, e->r, err);
	}
	main->npend = 0;
	return rc;
}

/* ---- lanes ------------------------------------------------------------------ */

/* Judge the records of lane l's range on a cursor of its own, pinned to
 * the run's snapshot. */
static int lane_run(struct lane *l, int report, gk_error *err)
{
	struct run *run = l->run;
	const gk_run_opts *o = run->o;
	const gk_records *rs = o->records;
	gk_cursor *c = NULL;
	int rc, s = 0;

	l->rs = rs;
	if ((rc = rs->open(rs->ud, run->need, l->lo, l->hi, o->juris, o->njuris,
			   run->info->last_import, &c, err)))
		return rc;
	while ((s = rs->next(c, err)) == 1) {
		l->cur = c;
		if (++l->records % PROGRESS_STEP == 0) {
			__atomic_fetch_add(&run->pg.done, PROGRESS_STEP, __ATOMIC_RELAXED);
			if (report)
				progress_tick(o, &run->pg, 0);
		}
		if (run->periodic && (rc = keep_event(l, c, err)))
			break;
		if ((rc = gk_policy_eval(l->p, rs->get, c, o->as_of, keep_verdict, l, err)) ||
		    (rc = record_done(l, err)))
			break;
	}
	l->cur = NULL;
	__atomic_fetch_add(&run->pg.done, l->records % PROGRESS_STEP, __ATOMIC_RELAXED);
	if (s < 0)
		rc = s;
	rs->close(c);
	if (!rc)
		rc = release_held(l, 1, err);
	return rc;
}

static void *lane_main(void *arg)
{
	struct lane *l = arg;
	struct run *run = l->run;
	struct queue *q = run->q;
	gk_error err = { 0 };
	int rc;

	rc = gk_policy_load(run->o->bundle, run->o->cal, &run->o->limits, &l->p, &err);
	if (!rc) {
		l->own_policy = 1;
		gk_policy_set_register(l->p, run->reg);
		if (run->warn)
			gk_policy_set_warn(l->p, run->warn_until);
		rc = lane_run(l, 0, &err);
	}
	if (!rc && l->batch) {
		queue_put(q, l->batch);
		l->batch = NULL;
	}
	if (rc && !q->failed)
		queue_fail(q, &err);
	pthread_mutex_lock(&q->mu);
	q->producers--;
	pthread_cond_signal(&q->can_take);
	pthread_mutex_unlock(&q->mu);
	return NULL;
}

static void lane_release(struct lane *l)
{
	if (l->own_policy)
		gk_policy_free(l->p);
	l->p = NULL;
	l->own_policy = 0;
	free(l->pend);
	gk_buf_release(&l->text);
	free(l->ev);
	gk_buf_release(&l->evtext);
	batch_free(l->batch);
	batch_free(l->held);
	l->pend = NULL;
	l->ev = NULL;
	l->batch = NULL;
	l->held = NULL;
}

/* Several lanes: start the workers, then store what they find as it
 * comes. */
static int run_lanes(struct run *run, struct lane *lanes, int n, gk_error *err)
{
	struct queue q = { .producers = n };
	int64_t span = (run->hi - run->lo + 1 + n - 1) / n;
	int started = 0, rc = 0;
	struct batch *b;

	pthread_mutex_init(&q.mu, NULL);
	pthread_cond_init(&q.can_put, NULL);
	pthread_cond_init(&q.can_take, NULL);
	run->q = &q;
	for (int i = 0; i < n; i++) {
		lanes[i].lo = run->lo + span * i;
		lanes[i].hi = i == n - 1 ? run->hi : run->lo + span * (i + 1) - 1;
		if (pthread_create(&lanes[i].thread, NULL, lane_main, &lanes[i])) {
			gk_error e;

			gk_error_set(&e, GK_EIO, "cannot start worker %d", i + 1);
			pthread_mutex_lock(&q.mu);
			q.producers -= n - i;
			pthread_mutex_unlock(&q.mu);
			queue_fail(&q, &e);
			break;
		}
		lanes[i].started = 1;
		started++;
	}
	while ((b = queue_take(run))) {
		rc = unpack(run, b, err);
		progress_tick(run->o, &run->pg, 0);
		batch_free(b);
		if (rc) {
			queue_fail(&q, err);
			break;
		}
	}
	for (int i = 0; i < started; i++)
		pthread_join(lanes[i].thread, NULL);
	while (q.head) {
		b = q.head;
		q.head = b->next;
		batch_free(b);
	}
	if (q.failed && !rc) {
		*err = q.err;
		rc = q.err.code ? q.err.code : GK_EIO;
	}
	run->q = NULL;
	pthread_mutex_destroy(&q.mu);
	pthread_cond_destroy(&q.can_put);
	pthread_cond_destroy(&q.can_take);
	return rc;
}

/* ---- the register ------------------------------------------------------------ */

static int add_nonpublic(void *ud, const char *id, const char *juris,
			 const char *doc_number, const char *title, const char *why,
			 gk_error *err)
{
	static const char *const whys[] = { "涉密", "内部", "不予公开", "依申请公开" };
	const char *w = whys[3];

	/* The register keeps pointers to static labels, not the store's text. */
	for (int i = 0; i < 4; i++)
		if (strcmp(why, whys[i]) == 0)
			w = whys[i];
	return gk_register_add(ud, id, juris, doc_number, title, w, err);
}

int gk_register_read(const gk_records *r, const gk_policy *p, const gk_bundle *b,
		     gk_register **out, gk_error *err)
{
	const char **titled = malloc(sizeof(char *) * (size_t)(b->njuris ? b->njuris : 1));
	int rc, n = 0;

	if (!titled)
		return GK_OOM(err);
	/* The jurisdictions whose texts a rule scans for citations. */
	for (int j = 0; j < b->njuris; j++) {
		int scans = 0;

		for (int i = 0; i < gk_policy_nrules(p) && !scans; i++) {
			const gk_rule *x = gk_policy_rule(p, i);

			scans = x->type == GK_RULE_CONFIDENTIAL && x->nscan > 0 &&
				gk_policy_in_force(p, i, j);
		}
		if (scans)
			titled[n++] = b->juris[j];
	}
	if (!(rc = gk_register_new(out, err)) &&
	    !(rc = gk_register_titles_of(*out, titled, n, err)) &&
	    !(rc = r->nonpublic(r->ud, add_nonpublic, *out, err)))
		rc = gk_register_build(*out, err);
	free(titled);
	return rc;
}

/* ---- the scope -------------------------------------------------------------- */

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

/* Records of jurisdiction name, counted for a message (-1 if unknown). */
static long juris_records(const gk_records *rs, const char *name)
{
	gk_juris_count *jc = NULL;
	gk_error e = { 0 };
	long n = -1;
	int k = 0;

	if (rs->jurisdictions(rs->ud, 1, &jc, &k, &e) == 0)
		for (int i = 0; i < k; i++)
			if (strcmp(jc[i].name, name) == 0)
				n = jc[i].records;
	free(jc);
	return n;
}

/* A scope naming no jurisdiction folder: the nearest id or name, else
 * the folders there are. */
static int unknown_juris(const gk_bundle *b, const char *root, const char *given,
			 gk_error *err)
{
	const char *near = gk_suggest(given, (const char *const *)b->juris, (size_t)b->njuris);
	gk_buf list = GK_BUF_INIT;
	int rc;

	for (int j = 0; !near && j < b->njuris; j++)
		if (gk_suggest_distance(given, gk_bundle_juris_name(b, j)) <= 1)
			near = b->juris[j];
	for (int j = 0; !near && j < b->njuris; j++)
		gk_buf_addf(&list, "%s%s", j ? ", " : "", b->juris[j]);
	if (near)
		rc = gk_error_set(err, GK_EINVAL, "no policies for jurisdiction '%s' in '%s'; did "
				  "you mean '%s' (%s)?", given, root, near,
				  gk_bundle_juris_name(b, gk_bundle_juris_index(b, near,
										 strlen(near))));
	else
		rc = gk_error_set(err, GK_EINVAL, "no policies for jurisdiction '%s' in '%s' (it "
				  "has %s; add a folder %s/%s/ or check the name)", given, root,
				  list.p ? list.p : "none", root, given);
	gk_buf_release(&list);
	return rc;
}

/* Every jurisdiction in scope with records must have rules; a filter
 * naming a jurisdiction the policy set lacks is an error too. */
static int check_scope(struct run *run, gk_error *err)
{
	const gk_run_opts *o = run->o;
	const gk_bundle *b = o->bundle;
	gk_run_info *info = run->info;
	gk_juris_count *jc = NULL;
	size_t sl = 0, cap = 0;
	long total = 0;
	int n = 0, rc, counted = o->progress != NULL;

	for (int i = 0; i < o->njuris; i++)
		if (strcmp(o->juris[i], "baseline") == 0)
			return gk_error_set(err, GK_EINVAL,
					    "'baseline' is not a jurisdiction: its rules apply to "
					    "every jurisdiction; name one such as '%s'",
					    gk_bundle_njuris(b) ? gk_bundle_juris(b, 0) : "zezhou");
		else if (gk_bundle_juris_index(b, o->juris[i], strlen(o->juris[i])) < 0)
			return unknown_juris(b, o->root, o->juris[i], err);
	/* Counting reads every record's index entry: only the progress
	 * display needs the total, and a message the count it names. */
	if ((rc = o->records->jurisdictions(o->records->ud, counted, &jc, &n, err)))
		return rc;
	for (int i = 0; i < n; i++) {
		int in = o->njuris == 0, j;

		for (int k = 0; k < o->njuris; k++)
			in |= strcmp(o->juris[k], jc[i].name) == 0;
		if (!in)
			continue;
		j = gk_bundle_juris_index(b, jc[i].name, strlen(jc[i].name));
		if ((j < 0 || gk_policy_nrules_for(run->p, j) == 0) && jc[i].records < 0)
			jc[i].records = juris_records(o->records, jc[i].name);
		if (j < 0) {
			rc = gk_error_set(err, GK_EINVAL,
					  "%ld record%s of jurisdiction '%s' but '%s' has no policies "
					  "for it: add %s/%s/ or fix the records' jurisdiction",
					  jc[i].records, jc[i].records == 1 ? "" : "s", jc[i].name,
					  o->root, o->root, jc[i].name);
			goto cleanup;
		}
		if (gk_policy_nrules_for(run->p, j) == 0) {
			rc = gk_error_set(err, GK_EINVAL,
					  "jurisdiction '%s' has %ld records but no rule applies to it "
					  "in '%s'", jc[i].name, jc[i].records, o->root);
			goto cleanup;
		}
		total += counted ? jc[i].records : 1;
		if (GK_GROW(run->scope, run->nscope, cap) ||
		    !(run->scope[run->nscope] = strdup(jc[i].name))) {
			rc = GK_OOM(err);
			goto cleanup;
		}
		run->nscope++;
	}
	run->pg.total = counted ? total : 0;
	if (total == 0) {
		rc = gk_error_set(err, GK_EINVAL,
				  "no records to evaluate%s%s in '%s': import records first",
				  o->njuris ? " for " : "", o->njuris ? o->juris[0] : "",
				  o->records->name);
		goto cleanup;
	}
	if (o->njuris == 0) {
		snprintf(info->scope, sizeof(info->scope), "all");
	} else {
		/* One name for one set of jurisdictions, whatever the order
		 * they were given in: the scope is what runs are compared by. */
		const char **v = malloc(sizeof(*v) * (size_t)o->njuris);

		if (!v) {
			rc = GK_OOM(err);
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

/* The calendar the run uses and its warning window, recorded with it:
 * its reports say what the calendar lacked. */
static int calendar_of(struct run *run, gk_error *err)
{
	const gk_run_opts *o = run->o;
	gk_run_info *info = run->info;
	gk_calendar_state cs;
	size_t n = 0;
	int rc;

	if (!gk_calendar_covers(o->cal, o->as_of, err))
		return gk_error_prefix(err, "cannot evaluate as of this date");
	gk_calendar_state_of(o->cal, &cs);
	info->cal_first = cs.first;
	info->cal_last = cs.last;
	for (int i = 0; i < cs.nprovisional && n < sizeof(info->cal_provisional); i++)
		n += (size_t)snprintf(info->cal_provisional + n, sizeof(info->cal_provisional) - n,
				      "%s%d", i ? "," : "", cs.provisional[i]);
	if (o->warn_days <= 0)
		return 0;
	run->warn = 1;
	if ((rc = gk_calendar_add_workdays(o->cal, o->as_of, o->warn_days, &run->warn_until,
					   err))) {
		if (rc != GK_ERANGE)
			return rc;
		/* Late in December, before next year's calendar is published:
		 * warn up to the calendar's last day rather than fail the run. */
		run->warn_until = gk_date_from_ymd(gk_calendar_last_year(o->cal), 12, 31);
		info->warn_capped = 1;
		gk_error_clear(err);
	}
	info->warn_until = run->warn_until;
	return 0;
}

/* ---- the end: resolved findings --------------------------------------------- */

struct resolved_put {
	struct run *run;
	struct lane *main;
};

static int put_resolved(void *ud, const gk_finding *in, gk_error *err)
{
	struct resolved_put *rp = ud;
	struct run *run = rp->run;
	gk_finding f = *in;
	gk_day first;
	int rc = 0;

	f.status = GK_STATUS_RESOLVED;
	/* Open until this run found it gone. */
	if (f.first_seen && !gk_date_parse(f.first_seen, strlen(f.first_seen), &first))
		f.days_open = (int)(run->o->as_of - first);
	for (int i = 0; i < run->nparallel && !rc; i++)
		rc = run->parallel[i]->put(run->parallel[i], rp->main->index, &f, err);
	return rc ? rc : put_serial(run, rp->main->index, &f, err);
}

/* The baseline's findings no finding matched are resolved: to the sinks
 * (in full when one asked, else their ids). */
static int hand_on_resolved(struct run *run, struct lane *main, gk_error *err)
{
	struct resolved_put rp = { run, main };
	const gk_history *h = run->o->history;
	int64_t *ids = NULL;
	size_t n = 0;
	int rc;

	if ((rc = gk_classifier_unmatched(run->cls, &ids, &n, err)) || !n)
		goto cleanup;
	run->info->n_resolved = (long)n;
	if (run->full_resolved) {
		rc = h->findings(h->ud, ids, n, put_resolved, &rp, err);
	} else {
		for (size_t i = 0; i < n && !rc; i++) {
			gk_finding f = { .id = ids[i] };

			rc = put_resolved(&rp, &f, err);
		}
	}
cleanup:
	free(ids);
	return rc;
}

/* ---- the run ------------------------------------------------------------------- */

static void sinks_abort(struct run *run)
{
	for (int i = 0; i < run->o->nsinks; i++)
		if (run->o->sinks[i]->abort)
			run->o->sinks[i]->abort(run->o->sinks[i]);
}

double gk_run_clock(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int gk_run(const gk_run_opts *o, gk_run_info *info, gk_error *err)
{
	struct run run = { .o = o, .info = info };
	const gk_records *rs = o->records;
	struct lane *lanes = NULL, main = { 0 };
	int rc, nlanes = 1, begun = 0, started = 0;

	memset(info, 0, sizeof(*info));
	info->t_begin = gk_run_clock();
	info->as_of = o->as_of;
	info->jobs = o->jobs;
	info->compare = !o->dry && o->history;
	info->warn_days = o->warn_days;
	info->policy_source = o->policy_source;
	info->policy_revision = o->policy_revision;
	info->waivers = o->waivers;
	snprintf(info->policy_digest, sizeof(info->policy_digest), "%s", o->policy_digest);
	gk_date_format(o->as_of, run.as_of);
	if (o->nsinks > MAX_SINKS)
		return gk_error_set(err, GK_EINVAL, "too many outputs for one run (%d)", o->nsinks);
	for (int i = 0; i < o->nsinks; i++) {
		if (o->sinks[i]->parallel)
			run.parallel[run.nparallel++] = o->sinks[i];
		else
			run.serial[run.nserial++] = o->sinks[i];
		run.full_resolved |= o->sinks[i]->full_resolved;
	}
	/* The whole run's CPU time counts against the watchdog's run limit
	 * until the findings are stored (watchdog.h). */
	gk_watchdog_run_begin();
	if ((rc = calendar_of(&run, err)) ||
	    (rc = gk_policy_load(o->bundle, o->cal, &o->limits, &run.p, err)))
		goto cleanup;
	/*
	 * One snapshot: the write lock first, then everything the run reads
	 * from the records (the newest import, the scope, the seq range, the
	 * register, the baseline).  No import can commit until the run does,
	 * so what the lanes' own cursors read later is this same state.
	 * Read before the lock, an import committing in between would replace
	 * records outside the range read.
	 */
	if ((rc = rs->begin(rs->ud, err)))
		goto cleanup;
	begun = 1;
	if ((rc = rs->last_import(rs->ud, &info->last_import, err)) ||
	    (rc = check_scope(&run, err)) || (rc = rs->range(rs->ud, &run.lo, &run.hi, err)))
		goto cleanup;
	for (int i = 0; i < gk_policy_nrules(run.p); i++) {
		const gk_rule *r = gk_policy_rule(run.p, i);

		info->rules += r->type != GK_RULE_DISABLE;
		run.periodic |= r->type == GK_RULE_PERIODIC;
	}
	gk_policy_needs(run.p, run.need);
	run.need[GK_F_TITLE] = 1;
	for (size_t i = 0; i < sizeof(unit_fields) / sizeof(unit_fields[0]); i++)
		run.need[unit_fields[i]] = 1;
	for (size_t i = 0; run.periodic && i < sizeof(event_fields) / sizeof(event_fields[0]); i++)
		run.need[event_fields[i]] = 1;
	/* The baseline is read meanwhile: nothing needs it before a finding. */
	if (info->compare && (rc = baseline_start(&run, err)))
		goto cleanup;
	if (gk_policy_needs_register(run.p)) {
		if ((rc = gk_register_read(rs, run.p, o->bundle, &run.reg, err)))
			goto cleanup;
		gk_policy_set_register(run.p, run.reg);
	}
	if (run.warn)
		gk_policy_set_warn(run.p, run.warn_until);
	test_pause();
	now_iso(info->started_at, sizeof(info->started_at));
	if (o->jobs > 1 && run.hi - run.lo >= o->jobs)
		nlanes = o->jobs;
	run.lanes = nlanes;
	for (int i = 0; i < o->nsinks && !rc; i++, started++)
		rc = o->sinks[i]->start(o->sinks[i], info, nlanes, err);
	if (rc || !(lanes = calloc((size_t)nlanes, sizeof(*lanes)))) {
		rc = rc ? rc : GK_OOM(err);
		goto cleanup;
	}
	for (int i = 0; i < nlanes; i++) {
		lanes[i].run = &run;
		lanes[i].index = i;
		lanes[i].rs = rs;
	}
	main.run = &run;
	main.index = nlanes;
	main.p = run.p;
	main.rs = rs;
	info->t_pass = gk_run_clock();
	if (nlanes == 1) {
		lanes[0].p = run.p;
		lanes[0].lo = run.lo;
		lanes[0].hi = run.hi;
		rc = lane_run(&lanes[0], 1, err);
	} else {
		rc = run_lanes(&run, lanes, nlanes, err);
	}
	for (int i = 0; i < nlanes; i++) {
		info->records += lanes[i].records;
		info->findings += lanes[i].findings;
		info->waived += lanes[i].waived;
		for (int k = 0; k < GK_NSEVERITIES; k++)
			info->unwaived[k] += lanes[i].unwaived[k];
		info->n_new += lanes[i].n_new;
		info->n_persisting += lanes[i].n_persisting;
		info->n_due_soon += lanes[i].n_due;
	}
	info->t_passed = gk_run_clock();
	if (!rc)
		progress_tick(o, &run.pg, 1);
	if (rc || (rc = release_held(&main, 1, err)) ||
	    (run.periodic && (rc = run_periodic(&run, lanes, nlanes, &main, err))))
		goto cleanup;
	info->t_periodic = gk_run_clock();
	info->findings += main.findings;
	info->waived += main.waived;
	for (int k = 0; k < GK_NSEVERITIES; k++)
		info->unwaived[k] += main.unwaived[k];
	info->n_new += main.n_new;
	info->n_persisting += main.n_persisting;
	if (info->records == 0) {
		rc = gk_error_set(err, GK_EINVAL, "the run evaluated no record");
		goto cleanup;
	}
	/* No policy code runs from here on: close the Lua states (under the
	 * watchdog) before anything is committed, and stop counting. */
	for (int i = 0; i < nlanes; i++)
		lane_release(&lanes[i]);
	gk_policy_free(run.p);
	run.p = main.p = NULL;
	gk_watchdog_run_end();
	now_iso(info->finished_at, sizeof(info->finished_at));
	if ((rc = hand_on_resolved(&run, &main, err)))
		goto cleanup;
	for (int i = 0; i < o->nsinks && !rc; i++)
		rc = o->sinks[i]->finish(o->sinks[i], info, err);
	if (rc)
		goto cleanup;
	if (o->dry)
		rs->rollback(rs->ud);
	else
		rc = rs->commit(rs->ud, err);
	begun = 0;
	info->t_end = gk_run_clock();
cleanup:
	if (rc) {
		if (begun)
			rs->rollback(rs->ud);
		if (started)
			sinks_abort(&run);
	}
	gk_watchdog_run_end();
	baseline_join(&run);
	for (int i = 0; lanes && i < nlanes; i++)
		lane_release(&lanes[i]);
	free(lanes);
	lane_release(&main);
	for (int i = 0; i < run.nscope; i++)
		free(run.scope[i]);
	free(run.scope);
	gk_policy_free(run.p);
	gk_register_free(run.reg);
	gk_classifier_free(run.cls);
	gk_answers_free(run.answers);
	return rc;
}
