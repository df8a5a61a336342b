/*
 * gen.c - gk-gen: a deterministic generator of realistic disclosure records.
 *
 * Writes records in the interchange format of RECORDS.md, format 2 (CSV
 * with one header row of all 41 columns, or JSON Lines with only the
 * present keys)
 * for the four jurisdictions zezhou, quangang, zhongshan and yinchuan.  The
 * text is Chinese, composed from fragments modelled on the source documents,
 * and a known share of the records breaks a rule (late, unpublished, wrong
 * publisher, missing element or attribute, review after publication, cited
 * internal document, exposed ID number...), so that a run of the rules has
 * something to find.
 *
 * Same arguments, same bytes: the only randomness is a splitmix64 stream
 * seeded from --seed.  Records come out in roughly chronological order: the
 * i-th record's base date (formed, received or held) lies in the i-th slice
 * of [--start, --end].  --end is the export date: a derived date that would
 * fall after it (a publication, a reply) has not happened yet and is left
 * empty.
 *
 * Depends on libc only.  No allocation per record: every record is built in
 * a static arena and written through a large output buffer.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum exit_code {
	EXIT_OK = 0,    /* records written */
	EXIT_IO = 1,    /* writing to stdout failed */
	EXIT_USAGE = 2  /* bad arguments */
};

#define COUNT_MAX 1000000000ULL

/* ------------------------------------------------------------------ */
/* Random numbers                                                      */
/* ------------------------------------------------------------------ */

static uint64_t rng_state;

static uint64_t rng_next(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Uniform in [0, n) (n > 0); the bias of the multiply-shift is negligible. */
static uint32_t rnd(uint32_t n)
{
	return (uint32_t)(((rng_next() >> 32) * (uint64_t)n) >> 32);
}

/* Uniform in [lo, hi]. */
static int rrange(int lo, int hi)
{
	return lo + (int)rnd((uint32_t)(hi - lo + 1));
}

/* True with probability permille/1000. */
static int chance(unsigned permille)
{
	return rnd(1000) < permille;
}

typedef struct strs {
	const char *const *v;
	unsigned n;
} strs;

#define S(a) { a, sizeof(a) / sizeof((a)[0]) }
#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static const char *pick(strs s)
{
	return s.v[rnd(s.n)];
}

#define PICKA(a) ((a)[rnd(NELEM(a))])

/* ------------------------------------------------------------------ */
/* Dates: days since 1970-01-01 (proleptic Gregorian)                  */
/* ------------------------------------------------------------------ */

#define NO_DATE INT32_MIN

static int32_t days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	int era = (y >= 0 ? y : y - 399) / 400;
	int yoe = y - era * 400;
	int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

static void civil_from_days(int32_t z, int *y, int *m, int *d)
{
	z += 719468;
	int era = (z >= 0 ? z : z - 146096) / 146097;
	int doe = z - era * 146097;
	int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int mp = (5 * doy + 2) / 153;

	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yoe + era * 400 + (*m <= 2);
}

static int days_in_month(int y, int m)
{
	static const int dim[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return dim[m - 1];
}

static int year_of(int32_t day)
{
	int y, m, d;

	civil_from_days(day, &y, &m, &d);
	return y;
}

/* ------------------------------------------------------------------ */
/* Columns                                                             */
/* ------------------------------------------------------------------ */

enum field {
	F_ID, F_JURISDICTION, F_KIND, F_TITLE, F_DOC_NUMBER, F_CATALOG_ITEM,
	F_ATTRIBUTE, F_SECRECY, F_PRODUCER, F_APPROVER, F_IMPLEMENTER,
	F_PUBLISHER, F_FORMED_ON, F_CHANGED_ON, F_RECEIVED_ON, F_EXTENDED,
	F_REPLIED_ON, F_REMEDY_NOTICE, F_HANDLED_ON, F_DIRECT, F_REVIEWER,
	F_REVIEWED_ON, F_PUBLISHED_ON, F_CHANNELS, F_ELEMENTS, F_DUE_ON,
	F_COMPLETED_ON, F_EVENT_TYPE, F_PERIOD, F_HELD_ON, F_SAMPLES, F_BODY,
	/* format 2 */
	F_REGISTERED_ON, F_EXAMINED_ON, F_DELIVERED_ON, F_ARCHIVED_ON,
	F_CORRECTION_REQUESTED_ON, F_CORRECTED_ON, F_CONSULT_SENT_ON,
	F_CONSULT_REPLIED_ON, F_ACTIVITY_ON,
	NF
};

enum kind { K_INFO, K_APPLICATION, K_PENALTY, K_MESSAGE, K_DEMAND, K_TASK,
	    K_EVENT, NK };

static const char *const kind_names[NK] = {
	"info", "application", "penalty", "message", "demand", "task", "event"
};

#define KB(k) (1u << (k))
#define KALL ((1u << NK) - 1)

/* Column names and the kinds each applies to, in the order of RECORDS.md. */
static const struct {
	const char *name;
	unsigned kinds;
	int numeric; /* written as a JSON number */
} cols[NF] = {
	[F_ID] = { "id", KALL, 0 },
	[F_JURISDICTION] = { "jurisdiction", KALL, 0 },
	[F_KIND] = { "kind", KALL, 0 },
	[F_TITLE] = { "title", KALL, 0 },
	[F_DOC_NUMBER] = { "doc_number", KB(K_INFO), 0 },
	[F_CATALOG_ITEM] = { "catalog_item", KB(K_INFO), 0 },
	[F_ATTRIBUTE] = { "attribute", KB(K_INFO), 0 },
	[F_SECRECY] = { "secrecy", KB(K_INFO), 0 },
	[F_PRODUCER] = { "producer", KALL, 0 },
	[F_APPROVER] = { "approver", KALL, 0 },
	[F_IMPLEMENTER] = { "implementer", KALL, 0 },
	[F_PUBLISHER] = { "publisher", KALL, 0 },
	[F_FORMED_ON] = { "formed_on", KB(K_INFO) | KB(K_PENALTY) | KB(K_TASK), 0 },
	[F_CHANGED_ON] = { "changed_on", KB(K_INFO), 0 },
	[F_RECEIVED_ON] = { "received_on", KB(K_APPLICATION) | KB(K_MESSAGE) | KB(K_DEMAND), 0 },
	[F_EXTENDED] = { "extended", KB(K_APPLICATION), 1 },
	[F_REPLIED_ON] = { "replied_on", KB(K_APPLICATION) | KB(K_MESSAGE) | KB(K_DEMAND), 0 },
	[F_REMEDY_NOTICE] = { "remedy_notice", KB(K_APPLICATION), 1 },
	[F_HANDLED_ON] = { "handled_on", KB(K_DEMAND) | KB(K_APPLICATION), 0 },
	[F_DIRECT] = { "direct", KB(K_DEMAND), 1 },
	[F_REVIEWER] = { "reviewer", KB(K_INFO) | KB(K_PENALTY), 0 },
	[F_REVIEWED_ON] = { "reviewed_on", KB(K_INFO) | KB(K_PENALTY), 0 },
	[F_PUBLISHED_ON] = { "published_on", KB(K_INFO) | KB(K_PENALTY) | KB(K_DEMAND), 0 },
	[F_CHANNELS] = { "channels", KB(K_INFO) | KB(K_PENALTY) | KB(K_EVENT), 0 },
	[F_ELEMENTS] = { "elements", KB(K_INFO) | KB(K_EVENT), 0 },
	[F_DUE_ON] = { "due_on", KB(K_TASK), 0 },
	[F_COMPLETED_ON] = { "completed_on", KB(K_TASK), 0 },
	[F_EVENT_TYPE] = { "event_type", KB(K_EVENT), 0 },
	[F_PERIOD] = { "period", KB(K_EVENT), 0 },
	[F_HELD_ON] = { "held_on", KB(K_EVENT), 0 },
	[F_SAMPLES] = { "samples", KB(K_EVENT), 1 },
	[F_BODY] = { "body", KB(K_INFO) | KB(K_PENALTY) | KB(K_MESSAGE), 0 },
	[F_REGISTERED_ON] = { "registered_on", KB(K_APPLICATION), 0 },
	[F_EXAMINED_ON] = { "examined_on", KB(K_APPLICATION), 0 },
	[F_DELIVERED_ON] = { "delivered_on", KB(K_APPLICATION), 0 },
	[F_ARCHIVED_ON] = { "archived_on", KB(K_APPLICATION), 0 },
	[F_CORRECTION_REQUESTED_ON] = { "correction_requested_on", KB(K_APPLICATION), 0 },
	[F_CORRECTED_ON] = { "corrected_on", KB(K_APPLICATION), 0 },
	[F_CONSULT_SENT_ON] = { "consult_sent_on", KB(K_APPLICATION), 0 },
	[F_CONSULT_REPLIED_ON] = { "consult_replied_on", KB(K_APPLICATION), 0 },
	[F_ACTIVITY_ON] = { "activity_on", KB(K_INFO), 0 },
};

/* ------------------------------------------------------------------ */
/* The record being built                                              */
/* ------------------------------------------------------------------ */

static struct {
	const char *p[NF];
	size_t n[NF];
	enum kind kind;
} rec;

/* Text of the current record; reset per record.  Far larger than a record
 * can grow: bodies stop near 900 bytes and every other cell is short. */
static char arena[1 << 16];
static size_t alen;
static size_t mark;

static void fail_internal(const char *what)
{
	fprintf(stderr, "gk-gen: internal error: %s\n", what);
	exit(EXIT_IO);
}

static void b_mem(const char *s, size_t n)
{
	if (n > sizeof(arena) - alen)
		fail_internal("record text overflows its buffer");
	memcpy(arena + alen, s, n);
	alen += n;
}

static void b_str(const char *s)
{
	b_mem(s, strlen(s));
}

static void b_uint(unsigned long long v)
{
	char tmp[24];
	int i = (int)sizeof(tmp);

	do {
		tmp[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	b_mem(tmp + i, sizeof(tmp) - (size_t)i);
}

/* v zero-padded to width digits (more when it needs more). */
static void b_uint_pad(unsigned long long v, int width)
{
	char tmp[24];
	int i = (int)sizeof(tmp);

	do {
		tmp[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v || (int)sizeof(tmp) - i < width);
	b_mem(tmp + i, sizeof(tmp) - (size_t)i);
}

static void b_date_iso(int32_t day)
{
	int y, m, d;
	char t[10];

	civil_from_days(day, &y, &m, &d);
	t[0] = (char)('0' + y / 1000 % 10);
	t[1] = (char)('0' + y / 100 % 10);
	t[2] = (char)('0' + y / 10 % 10);
	t[3] = (char)('0' + y % 10);
	t[4] = '-';
	t[5] = (char)('0' + m / 10);
	t[6] = (char)('0' + m % 10);
	t[7] = '-';
	t[8] = (char)('0' + d / 10);
	t[9] = (char)('0' + d % 10);
	b_mem(t, 10);
}

/* 2023年5月12日 */
static void b_date_cn(int32_t day)
{
	int y, m, d;

	civil_from_days(day, &y, &m, &d);
	b_uint((unsigned)y);
	b_str("年");
	b_uint((unsigned)m);
	b_str("月");
	b_uint((unsigned)d);
	b_str("日");
}

static void field_begin(void)
{
	mark = alen;
}

static void field_end(enum field f)
{
	if (!(cols[f].kinds & KB(rec.kind)))
		fail_internal("column set for a kind it does not apply to");
	rec.p[f] = arena + mark;
	rec.n[f] = alen - mark;
}

/* A cell whose text lives elsewhere (a string constant). */
static void set_lit(enum field f, const char *s)
{
	if (!(cols[f].kinds & KB(rec.kind)))
		fail_internal("column set for a kind it does not apply to");
	rec.p[f] = s;
	rec.n[f] = strlen(s);
}

static void set_date(enum field f, int32_t day)
{
	if (day == NO_DATE)
		return;
	field_begin();
	b_date_iso(day);
	field_end(f);
}

static void set_uint(enum field f, unsigned long long v)
{
	field_begin();
	b_uint(v);
	field_end(f);
}

/* ------------------------------------------------------------------ */
/* Jurisdictions                                                       */
/* ------------------------------------------------------------------ */

typedef struct juris {
	const char *id;        /* policy jurisdiction id */
	const char *pfx;       /* record id prefix */
	const char *name;      /* 泽州县 */
	const char *bureau;    /* the culture and tourism bureau */
	const char *enforcer;  /* the enforcement unit (penalties) */
	const char *govoffice; /* the government office (guiding unit) */
	const char *area;      /* telephone area code */
	const char *court;     /* court for administrative litigation */
	const char *recon;     /* body for administrative reconsideration */
	const char *penabbr;   /* penalty decision number prefix */
	const char *opera;     /* local opera or folk art */
	const char *region;    /* 6-digit administrative division code */
	const char *mailbox;   /* 县长信箱 / 区长信箱 / 市长信箱 */
	strs insts;            /* public cultural institutions */
	strs towns;            /* towns and streets */
	strs roads;
	strs docpre;           /* document number prefixes of the bureau */
	strs cites;            /* public documents the bureau cites */
	strs sections;         /* sections of the bureau */
} juris;

static const char *const zz_insts[] = {
	"泽州县图书馆", "泽州县文化馆", "泽州县博物馆",
	"泽州县非物质文化遗产保护中心",
};
static const char *const zz_towns[] = {
	"巴公镇", "高都镇", "大东沟镇", "金村镇", "南村镇", "北义城镇",
	"下村镇", "周村镇", "犁川镇", "柳树口镇", "大箕镇", "川底乡",
	"山河镇", "晋庙铺镇", "李寨乡", "南岭乡", "陈沟乡",
};
static const char *const zz_roads[] = {
	"泽州路", "凤台东街", "白水街", "太行路", "金匠路", "红星东街",
};
static const char *const zz_docpre[] = { "泽文旅发", "泽文旅函", "泽文旅字" };
static const char *const zz_cites[] = {
	"《泽州县人民政府办公室关于印发全面推进基层政务公开标准化规范化进一步做好政务公开工作的实施细则的通知》（泽政办发〔2020〕22号）",
	"《泽州县文化和旅游局推进公共文化服务领域基层政务公开标准化规范化工作指引》",
};
static const char *const zz_sections[] = {
	"办公室", "文化股", "文物股", "旅游股", "市场股",
};

static const char *const qg_insts[] = {
	"泉港区图书馆", "泉港区文化馆", "泉港区博物馆", "泉港区少年儿童业余体育学校",
};
static const char *const qg_towns[] = {
	"山腰街道", "南埔镇", "界山镇", "后龙镇", "峰尾镇", "前黄镇", "涂岭镇",
};
static const char *const qg_roads[] = {
	"驿峰中路", "泉港大道", "前黄路", "山腰中路", "沙格路", "惠屿路",
};
static const char *const qg_docpre[] = { "泉港文综", "泉港文体旅", "泉港文体旅审" };
static const char *const qg_cites[] = {
	"《泉港区文化体育和旅游局关于印发政务公开标准化规范化工作实施细则的通知》（泉港文综〔2020〕24号）",
	"《泉州市泉港区深化公共文化群众参与性治理的实施方案》（泉港创文办〔2020〕3号）",
	"《福建省人民政府办公厅关于全面推进基层政务公开标准化规范化工作的通知》（闽政办〔2020〕26号）",
};
static const char *const qg_sections[] = {
	"综合股", "文化股", "体育股", "旅游股", "审批股",
};

static const char *const zs_insts[] = {
	"中山纪念图书馆", "中山市文化馆", "中山市博物馆", "中山市文化艺术中心",
	"中山市美术馆",
};
static const char *const zs_towns[] = {
	"石岐街道", "东区街道", "西区街道", "南区街道", "火炬开发区", "小榄镇",
	"古镇镇", "坦洲镇", "三乡镇", "南朗街道", "沙溪镇", "黄圃镇",
};
static const char *const zs_roads[] = {
	"博爱路", "兴中道", "孙文中路", "中山路", "松苑路", "莲塘路",
};
static const char *const zs_docpre[] = { "中文广旅", "中文广旅函", "中文广旅通" };
static const char *const zs_cites[] = {
	"《广东省人民政府办公厅关于加快推进社会公益事业建设领域政府信息公开工作的通知》（粤办函〔2018〕225号）",
	"《中山市文化广电旅游局社会公益事业建设领域政府信息公开工作方案》",
};
static const char *const zs_sections[] = {
	"办公室", "公共服务科", "产业发展科", "市场管理科", "行政审批科",
};

static const char *const yc_insts[] = {
	"银川市图书馆", "银川市文化馆", "银川市博物馆", "银川市艺术剧院",
};
static const char *const yc_towns[] = {
	"兴庆区", "金凤区", "西夏区", "永宁县", "贺兰县", "灵武市",
};
static const char *const yc_roads[] = {
	"北京中路", "上海西路", "解放西街", "正源北街", "宁安大街", "贺兰山中路",
};
static const char *const yc_docpre[] = { "银文旅广发", "银文旅广办发", "银文旅广函" };
static const char *const yc_cites[] = {
	"《银川市人民政府政务公开办公室关于印发银川市2021年政务公开工作要点的通知》（银政公开办发〔2021〕1号）",
	"《银川市文化旅游广电局2021年政务公开工作要点》",
};
static const char *const yc_sections[] = {
	"办公室", "政策法规和市场管理科", "公共服务科", "产业发展科", "文物保护科",
};

static const juris jurs[4] = {
	{ "zezhou", "ZZ", "泽州县", "泽州县文化和旅游局",
	  "泽州县文化市场综合行政执法队", "泽州县人民政府办公室", "0356",
	  "泽州县人民法院", "泽州县人民政府", "泽文旅执罚", "上党梆子",
	  "140525", "县长信箱",
	  S(zz_insts), S(zz_towns), S(zz_roads), S(zz_docpre), S(zz_cites),
	  S(zz_sections) },
	{ "quangang", "QG", "泉港区", "泉港区文化体育和旅游局",
	  "泉港区文化市场综合执法大队", "泉港区人民政府办公室", "0595",
	  "泉州市泉港区人民法院", "泉州市泉港区人民政府", "泉港文执罚", "泉港北管",
	  "350505", "区长信箱",
	  S(qg_insts), S(qg_towns), S(qg_roads), S(qg_docpre), S(qg_cites),
	  S(qg_sections) },
	{ "zhongshan", "ZS", "中山市", "中山市文化广电旅游局",
	  "中山市文化市场综合行政执法支队", "中山市人民政府办公室", "0760",
	  "中山市第一人民法院", "中山市人民政府", "中文广旅罚", "咸水歌",
	  "442000", "市长信箱",
	  S(zs_insts), S(zs_towns), S(zs_roads), S(zs_docpre), S(zs_cites),
	  S(zs_sections) },
	{ "yinchuan", "YC", "银川市", "银川市文化旅游广电局",
	  "银川市文化市场综合执法支队", "银川市人民政府办公室", "0951",
	  "银川市兴庆区人民法院", "银川市人民政府", "银文执罚", "宁夏花儿",
	  "640100", "市长信箱",
	  S(yc_insts), S(yc_towns), S(yc_roads), S(yc_docpre), S(yc_cites),
	  S(yc_sections) },
};

enum { J_ZEZHOU, J_QUANGANG, J_ZHONGSHAN, J_YINCHUAN, NJ };

static const char *const generic_cites[] = {
	"《中华人民共和国政府信息公开条例》（国务院令第711号）",
	"《国务院办公厅关于全面推进基层政务公开标准化规范化工作的指导意见》（国办发〔2019〕54号）",
	"《中华人民共和国公共文化服务保障法》",
	"《中华人民共和国公共图书馆法》",
	"《文化部 财政部关于推进全国美术馆、公共图书馆、文化馆（站）免费开放工作的意见》（文财务发〔2011〕5号）",
	"《文化部 财政部关于做好城市社区（街道）文化中心免费开放工作的通知》（文财务函〔2016〕171号）",
	"《中共中央办公厅 国务院办公厅印发〈关于加快构建现代公共文化服务体系的意见〉的通知》（中办发〔2015〕2号）",
};

/* ------------------------------------------------------------------ */
/* Shared vocabulary                                                   */
/* ------------------------------------------------------------------ */

static const char *const surnames[] = {
	"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙",
	"马", "朱", "胡", "郭", "何", "林", "罗", "高", "庄", "邱", "肖", "郑",
	"梁", "谢", "宋", "韩", "冯", "丁",
};
static const char *const givennames[] = {
	"志宏", "娜", "伟", "秀英", "建国", "晓燕", "丽", "明", "海涛", "小平",
	"学民", "嘉辉", "蓉蓉", "雄伟", "静", "文娟", "敏", "刚", "磊", "婷",
	"思远", "桂卿", "东坤", "美宗", "永祥", "秀松", "雪梅", "俊杰", "红霞",
	"国庆",
};
static const char *const festivals[] = {
	"元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节",
};
static const char *const hours[] = {
	"周二至周日9:00—17:00，周一闭馆（法定节假日除外）",
	"每日8:30—12:00、14:30—18:00，全年无休",
	"周一至周日9:00—21:00",
	"夏季（5月1日至9月30日）8:00—18:00，冬季（10月1日至次年4月30日）9:00—17:00",
	"周二至周五9:00—20:00，周六、周日9:00—17:00，周一闭馆",
	"周三至周日9:00—17:00（16:30停止入馆），周一、周二闭馆",
};
static const char *const closures[] = {
	"因馆内消防设施改造，{D}起临时停止开放，恢复开放时间另行公告",
	"因设备检修，{D}临时停止开放一天，由此带来的不便敬请谅解",
	"如遇恶劣天气等不可抗力因素需临时停止开放，将提前在政府网站和微信公众号发布公告",
	"受场馆维修影响，{D}至次周周日暂停对外开放，期间网上服务正常",
	"因承办全县重大活动，{D}部分区域临时停止开放",
};
static const char *const stop_activity[] = {
	"如遇恶劣天气等不可抗力因素，活动将临时停止或延期举办，另行通知",
	"因场地维修，原定{D}举办的活动临时停止，具体时间另行公告",
	"活动如有临时调整或停止，将提前通过政府网站和微信公众号告知",
};
static const char *const rooms[] = {
	"多功能厅", "报告厅", "一楼展厅", "少儿阅览室", "文化广场", "培训教室",
	"排练厅", "数字体验区",
};
static const char *const activities[] = {
	"广场舞展演", "“我们的节日·春节”文艺演出", "少儿书法公益培训",
	"非遗展示体验活动", "全民阅读分享会", "公益电影放映", "戏曲进乡村演出",
	"摄影作品展", "老年人智能手机使用培训", "亲子绘本阅读", "红色故事宣讲",
	"群众合唱比赛", "“文化惠民”送戏下乡", "农民丰收节文艺汇演",
	"民间艺术作品展", "少儿美术公益课堂",
};
static const char *const exhib_topics[] = {
	"百年征程 红色记忆", "非遗传承 匠心永续", "书画摄影精品", "馆藏文物精品",
	"美丽乡村", "丝路文化", "传统节日民俗", "家风家训",
};
static const char *const lecture_topics[] = {
	"国学经典诵读", "家庭教育", "健康养生", "非物质文化遗产保护",
	"地方历史文化", "文物鉴赏", "防范电信诈骗", "青少年心理健康",
};

/* ------------------------------------------------------------------ */
/* Internal and public documents remembered for citations              */
/* ------------------------------------------------------------------ */

typedef struct docref {
	char title[240];
	unsigned char pre;  /* index into the jurisdiction's docpre */
	int year;
	unsigned num;
} docref;

#define RING 32

static struct {
	docref pub[RING], priv[RING];
	unsigned npub, npriv;
} memory[NJ];

static void remember(docref *ring, unsigned *count, const char *title,
		     size_t tlen, unsigned pre, int year, unsigned num)
{
	docref *r = &ring[*count % RING];

	/* Cut on a UTF-8 character boundary. */
	if (tlen >= sizeof(r->title)) {
		tlen = sizeof(r->title) - 1;
		while (tlen && ((unsigned char)title[tlen] & 0xc0) == 0x80)
			tlen--;
	}
	memcpy(r->title, title, tlen);
	r->title[tlen] = '\0';
	r->pre = (unsigned char)pre;
	r->year = year;
	r->num = num;
	(*count)++;
}

/*
 * A document number in one of the styles offices write: 〔2023〕 mostly,
 * sometimes [2023], (2023) or （2023）, and now and then a stray space
 * before the number.
 */
static void b_docnum(const juris *j, unsigned pre, int year, unsigned num,
		     int vary)
{
	static const char *const open[] = { "〔", "[", "(", "（" };
	static const char *const close[] = { "〕", "]", ")", "）" };
	unsigned style = 0;

	if (vary && chance(150))
		style = 1 + rnd(3);
	b_str(j->docpre.v[pre]);
	b_str(open[style]);
	b_uint((unsigned)year);
	b_str(close[style]);
	if (vary && chance(30))
		b_str(" ");
	b_uint(num);
	b_str("号");
}

/* ------------------------------------------------------------------ */
/* Templates                                                           */
/* ------------------------------------------------------------------ */

/* What the placeholders of a template expand to, per record. */
static struct ctx {
	const juris *j;
	int jx;
	const char *unit;     /* {U} */
	int32_t day;          /* {d}: the record's base date; {Y} its year */
	int32_t evday;        /* {D}: an activity date */
	const char *party;    /* {E} (penalty) */
	const char *topic;    /* {K} */
	const char *source;   /* {S} */
	const char *act;      /* {X} */
} cx;

static void b_person(void)
{
	b_str(PICKA(surnames));
	b_str(PICKA(givennames));
}

static void b_phone(void)
{
	b_str(cx.j->area);
	b_str("-");
	b_uint_pad(2000000u + rnd(7000000u), 7);
}

static void b_cite(void);
static void b_tpl(const char *t);

/*
 * Expand template t: literal text with one-letter placeholders in braces.
 *   {U} unit        {B} bureau       {J} jurisdiction   {T} town
 *   {d} base date   {D} activity date {Y} base year     {N} small number
 *   {A} address     {P} phone        {H} opening hours  {V} venue
 *   {R} person      {Q} a cited document                {X} activity
 *   {O} local opera {E} party        {K} topic          {S} message source
 *   {F} festival    {C} closure note {Z} activity stop note
 *   {G} enforcer    {M} exhibition   {L} lecture topic  {I} institution
 */
static void b_tpl(const char *t)
{
	for (;;) {
		const char *b = strchr(t, '{');

		if (!b) {
			b_str(t);
			return;
		}
		b_mem(t, (size_t)(b - t));
		switch (b[1]) {
		case 'U': b_str(cx.unit); break;
		case 'B': b_str(cx.j->bureau); break;
		case 'J': b_str(cx.j->name); break;
		case 'T': b_str(pick(cx.j->towns)); break;
		case 'd': b_date_cn(cx.day); break;
		case 'D': b_date_cn(cx.evday); break;
		case 'Y': b_uint((unsigned)year_of(cx.day)); break;
		case 'N': b_uint((unsigned)rrange(2, 30)); break;
		case 'A':
			b_str(cx.j->name);
			b_str(pick(cx.j->roads));
			b_uint((unsigned)rrange(1, 399));
			b_str("号");
			break;
		case 'P': b_phone(); break;
		case 'H': b_str(PICKA(hours)); break;
		case 'V':
			b_str(pick(cx.j->insts));
			b_str(PICKA(rooms));
			break;
		case 'R': b_person(); break;
		case 'Q': b_cite(); break;
		case 'X': b_str(cx.act); break;
		case 'O': b_str(cx.j->opera); break;
		case 'E': b_str(cx.party); break;
		case 'K': b_str(cx.topic); break;
		case 'S': b_str(cx.source); break;
		case 'F': b_str(PICKA(festivals)); break;
		case 'C': b_tpl(PICKA(closures)); break;
		case 'Z': b_tpl(PICKA(stop_activity)); break;
		case 'G': b_str(cx.j->enforcer); break;
		case 'I': b_str(pick(cx.j->insts)); break;
		case 'M': b_str(PICKA(exhib_topics)); break;
		case 'L': b_str(PICKA(lecture_topics)); break;
		default: fail_internal("unknown template placeholder");
		}
		if (b[1] == '\0' || b[2] != '}')
			fail_internal("malformed template placeholder");
		t = b + 3;
	}
}

/* A public document: a national or local one, or one the bureau issued. */
static void b_cite(void)
{
	unsigned n = memory[cx.jx].npub;

	if (n && chance(200)) {
		const docref *r = &memory[cx.jx].pub[rnd(n < RING ? n : RING)];

		b_str("《");
		b_str(r->title);
		b_str("》（");
		b_docnum(cx.j, r->pre, r->year, r->num, 0);
		b_str("）");
	} else if (chance(400)) {
		b_str(pick(cx.j->cites));
	} else {
		b_str(PICKA(generic_cites));
	}
}

/* ------------------------------------------------------------------ */
/* Bodies                                                              */
/* ------------------------------------------------------------------ */

/* Generic sentences that lengthen a text: for activities and services... */
static const char *const filler_act[] = {
	"欢迎广大群众积极参与，共享公共文化服务发展成果。",
	"请广大群众遵守场馆管理规定，爱护公共设施，文明参观，共同营造良好的公共文化环境。",
	"活动期间请服从工作人员安排，注意人身和财产安全。",
	"各乡镇综合文化站要结合实际，积极组织辖区群众参与，扩大活动覆盖面。",
	"本次活动坚持公益性、基本性、均等性、便利性原则，面向全社会免费开放。",
	"我们将认真听取群众意见建议，根据群众需求动态调整服务项目，实现供需有效对接。",
	"各级各类公共文化服务机构要通过张贴海报、网站和微信公众号专栏等多种方式向群众预告。",
	"如有疑问，请在工作时间内拨打{P}咨询。",
	"相关信息将同步在{B}门户网站和微信公众号发布，请及时关注。",
};

/* ...and for notices, reports and announcements. */
static const char *const filler_doc[] = {
	"各单位要高度重视，加强组织领导，明确责任分工，确保各项工作落到实处。",
	"工作中如遇重大问题，请及时向{B}报告。",
	"请各相关单位于{D}前将工作开展情况报送{B}，逾期未报送的将予以通报。",
	"坚持以人民为中心的发展思想，着力提高公共文化服务效能，推动基本公共文化服务标准化、均等化。",
	"我局将持续完善公共文化服务体系，不断提升群众的满意度和获得感。",
	"欢迎社会各界提出意见和建议，意见建议可通过电子邮件或信函方式反馈至{B}办公室。",
	"为保障群众知情权、参与权、表达权和监督权，现将有关情况予以公开，接受社会监督。",
	"以上信息如有变动，以{B}门户网站发布的最新信息为准。",
	"如有疑问，请在工作时间内拨打{P}咨询。",
	"相关信息将同步在{B}门户网站和微信公众号发布，请及时关注。",
	"本信息由{B}负责解释。",
};

static const char *const closing[] = {
	"特此公告。", "特此通知。", "特此公示。", "以上，请认真贯彻执行。",
	"特此公告，欢迎广大群众踊跃参与。",
};

enum cat {
	C_FREE_OPEN, C_SPECIAL, C_MASS, C_GRASS, C_EXHIB, C_TRAIN,
	C_ACT_NOTICE, C_POLICY, C_BUDGET, C_PROCURE, C_PROJECT, C_APPROVAL,
	C_PLAN, C_INTERNAL, NCAT
};

/* Zezhou's catalog (附件1) in order; quangang's activity announcements. */
static const char *const catalog_id[NCAT] = {
	[C_FREE_OPEN] = "free-opening", [C_SPECIAL] = "special-groups",
	[C_MASS] = "mass-activities", [C_GRASS] = "grassroots-guidance",
	[C_EXHIB] = "exhibitions-lectures", [C_TRAIN] = "staff-training",
	[C_ACT_NOTICE] = "activity-notice",
};

typedef struct catdef {
	const char *const *titles;
	unsigned ntitles;
	const char *const *opens;
	unsigned nopens;
	const char *const *mains;
	unsigned nmains;
	unsigned docnum_permille; /* share that carries a document number */
} catdef;

#define TBL(a) a, NELEM(a)

/* -- free opening -- */
static const char *const t_free[] = {
	"{U}{Y}年免费开放公告", "{U}关于调整开放时间的公告",
	"{U}关于{F}期间开放安排的公告", "{U}临时闭馆公告",
	"{U}免费开放服务项目公示", "关于{U}恢复对外开放的公告",
};
static const char *const o_free[] = {
	"为进一步推进公共文化设施免费开放工作，保障人民群众基本文化权益，根据{Q}有关要求，现将{U}免费开放有关事项公告如下。",
	"为方便广大读者和群众合理安排时间，根据工作安排，现将{U}开放服务有关事项公告如下。",
	"根据{Q}精神，结合本单位实际，{U}继续实行免费开放，现将具体安排公告如下。",
};
static const char *const m_free[] = {
	"免费开放服务项目包括图书借阅、电子阅览、少儿阅读、讲座培训、展览展示等基本公共文化服务。",
	"读者凭有效身份证件即可免费办理借阅证，少年儿童可由监护人陪同办理。",
	"馆内设有无障碍通道和爱心座椅，为老年人、残疾人等群体提供便利服务。",
	"开放期间实行预约与现场登记相结合的入馆方式，单日最大接待量为{N}00人次。",
	"公共空间设施场地、基本服务项目均免费向群众提供，不收取任何费用。",
};

/* -- special groups -- */
static const char *const t_special[] = {
	"{U}关于开展{Y}年全国助残日文化服务活动的通知",
	"{U}老年人、残疾人文化服务项目公告",
	"{U}关于开展“关爱留守儿童”阅读服务活动的通知",
	"{U}无障碍阅览服务公告",
};
static const char *const o_special[] = {
	"为保障老年人、残疾人、未成年人和农村留守人员等特殊群体的基本文化权益，根据{Q}要求，{U}开展特殊群体公共文化服务，现将有关事项公告如下。",
	"为落实{Q}有关要求，进一步做好特殊群体公共文化服务工作，现将{U}有关服务安排公告如下。",
};
static const char *const m_special[] = {
	"馆内设置盲文阅览区，配备盲文图书、有声读物和助视设备，残疾读者可凭残疾人证享受优先服务。",
	"针对老年群体开设智能手机使用、书法绘画等公益课程，每期招收学员{N}名。",
	"组织志愿者深入{T}开展“流动图书车进乡村”活动，为农村留守儿童送去图书和文化服务。",
	"特殊群体读者可预约上门送书服务，预约电话{P}。",
};

/* -- mass cultural activities -- */
static const char *const t_mass[] = {
	"关于举办{Y}年{J}“{X}”群众文化活动的通知",
	"{U}关于开展{Y}年{F}群众文化活动的通知",
	"{J}{Y}年“文化惠民”群众文化活动安排",
	"关于举办{J}第{N}届广场文化艺术节的通知",
};
static const char *const o_mass[] = {
	"为丰富群众精神文化生活，营造欢乐祥和的节日氛围，经研究，决定于{D}举办{X}，现将有关事项通知如下。",
	"为深入推进文化惠民工程，根据{Q}有关要求，{U}将组织开展{Y}年群众文化活动，现将有关事项通知如下。",
};
static const char *const m_mass[] = {
	"活动以“{X}”为主题，分为文艺演出、非遗展示、书画展览三个板块。",
	"演出节目包括{O}、舞蹈、器乐演奏和情景剧等，由各乡镇文艺队伍和群众业余团队共同参演。",
	"请各乡镇于{D}前将参演节目名单报送{U}。",
	"活动现场设置文化志愿服务点，为群众提供咨询和引导服务。",
};

/* -- grassroots guidance -- */
static const char *const t_grass[] = {
	"{U}{Y}年送文化下乡活动安排",
	"关于开展{Y}年基层群众文艺辅导工作的通知",
	"{U}关于组织文艺骨干下基层辅导演出的通知",
	"{Y}年“{O}进乡村”巡演安排公告",
};
static const char *const o_grass[] = {
	"为推动优质文化资源向基层延伸，根据{Q}有关要求，{U}组织开展下基层辅导、演出和展览活动，现将安排公告如下。",
	"为提升基层群众文化活动水平，{U}将于{D}起深入各乡镇开展文艺辅导和演出活动。",
};
static const char *const m_grass[] = {
	"辅导内容包括广场舞编排、{O}演唱、合唱指挥和器乐演奏等。",
	"演出队伍将先后走进{T}、{T}等地，每场演出时长约两小时。",
	"各乡镇综合文化站负责组织辖区群众观看，并做好场地、电源和安全保障。",
	"巡回展览展出优秀书画、摄影作品{N}0余幅。",
};

/* -- exhibitions and lectures -- */
static const char *const t_exhib[] = {
	"{U}“{M}”主题展览公告", "{U}公益讲座预告（第{N}期）",
	"关于举办“{L}”系列讲座的通知", "{U}{Y}年展览、讲座安排",
};
static const char *const o_exhib[] = {
	"为弘扬中华优秀传统文化，丰富群众精神文化生活，{U}将举办“{M}”主题展览及系列公益讲座，现将有关事项公告如下。",
	"根据{Q}，{U}面向社会免费举办展览和讲座，现将近期安排公告如下。",
};
static const char *const m_exhib[] = {
	"展览共展出图片、实物{N}0余件，全面展示本地历史文化和发展成就。",
	"讲座主题为“{L}”，特邀相关领域专家主讲，欢迎市民免费参加。",
	"讲座采取线上线下相结合的方式，线上同步在微信公众号直播。",
	"参观展览无需预约，团体参观请提前三个工作日电话预约。",
};

/* -- staff training -- */
static const char *const t_train[] = {
	"关于举办{Y}年{J}基层文化骨干培训班的通知",
	"{U}{Y}年乡镇综合文化站工作人员业务培训安排",
	"关于开展{Y}年群众文艺骨干辅导培训的通知",
};
static const char *const o_train[] = {
	"为提升基层文化队伍业务素质和服务能力，根据{Q}有关要求，经研究，决定举办{Y}年基层文化骨干培训班，现将有关事项通知如下。",
	"为加强基层公共文化服务人才队伍建设，{U}将于{D}举办基层文化骨干培训，现将有关事项通知如下。",
};
static const char *const m_train[] = {
	"培训对象为各乡镇综合文化站站长、村（社区）文化管理员和群众文艺团队骨干，共{N}0人。",
	"培训内容包括公共文化服务政策解读、群众文艺创作辅导、{O}表演技巧和数字文化服务等。",
	"培训为期{N}天，食宿由主办单位统一安排，往返交通费回原单位报销。",
	"请各乡镇于{D}前将参训人员名单报送{U}。",
};

/* -- quangang activity notice -- */
static const char *const t_act[] = {
	"{U}{Y}年群众文化活动预告", "关于举办“{X}”的活动预告",
	"{U}群众文化活动项目清单", "{U}近期公益活动预告",
};
static const char *const o_act[] = {
	"为使群众全面掌握区域范围内的文化活动资讯，提高群众知晓率和参与度，根据{Q}要求，现将{U}近期群众文化活动预告如下。",
	"现将{U}阶段性文化服务项目预告如下，欢迎广大群众踊跃参加。",
};
static const char *const m_act[] = {
	"活动按照培训、讲座、赛事、服务、演出、展示、体验等分类组织开展。",
	"活动开展过程中将收集群众对本阶段活动安排的意见和下阶段活动安排的建议。",
	"参加培训类活动的群众请提前通过电话或微信公众号报名，名额有限，报满即止。",
};

/* -- policy documents -- */
static const char *const t_policy[] = {
	"关于印发《{J}文化和旅游领域政务公开事项标准目录》的通知",
	"关于进一步加强文化市场安全生产工作的通知",
	"关于做好{Y}年{F}期间文化和旅游市场管理工作的通知",
	"关于印发{Y}年政务公开工作要点的通知",
	"关于公布{Y}年行政权力清单和责任清单的通知",
	"关于开展{Y}年“双随机、一公开”抽查工作的通知",
	"关于征求《{J}公共文化服务体系建设实施方案（征求意见稿）》意见的公告",
	"关于公布{J}第{N}批非物质文化遗产代表性项目名录的通知",
};
static const char *const o_policy[] = {
	"局机关各股室、各下属单位：为深入贯彻{Q}要求，结合我局实际，现将有关事项通知如下。",
	"各乡镇人民政府，局属各单位：根据{Q}有关规定，经研究，现就有关工作通知如下。",
	"为全面推进政务公开标准化规范化工作，根据{Q}，制定本通知。",
};
static const char *const m_policy[] = {
	"一是提高思想认识。各单位要充分认识做好此项工作的重要意义，切实加强组织领导。",
	"二是明确工作责任。按照“谁主管、谁负责”的原则，层层压实责任，确保工作有序推进。",
	"三是强化监督检查。{B}将适时组织督查，对工作不力的单位予以通报。",
	"严格落实信息公开属性源头认定机制，起草文件时要明确公开属性。",
	"健全完善文件起草、审核、发布相关流程，做到先审后发。",
	"各单位要于{D}前将工作开展情况书面报送{B}{R}处，联系电话{P}。",
};

/* -- budget and final accounts -- */
static const char *const t_budget[] = {
	"{U}{Y}年部门预算公开", "{U}{Y}年部门决算公开",
	"{U}{Y}年“三公”经费预算情况说明", "{U}{Y}年财政专项资金使用情况公开",
};
static const char *const o_budget[] = {
	"根据《中华人民共和国预算法》和财政预决算公开有关要求，现将{U}{Y}年部门预算及“三公”经费预算情况公开如下。",
	"按照财政预决算公开范围、精度和格式要求，现将{U}有关财政资金情况予以公开。",
};
static const char *const m_budget[] = {
	"本年度收入预算总额{N}86.5万元，其中一般公共预算财政拨款收入{N}42.3万元。",
	"“三公”经费预算{N}.8万元，比上年减少{N}.2%，主要原因是严格落实过紧日子要求，压减公务接待支出。",
	"机关运行经费主要用于办公费、印刷费、水电费、差旅费等日常公用经费支出。",
	"政府采购预算主要用于公共文化设施设备购置和政府购买公共文化服务。",
};

/* -- procurement -- */
static const char *const procure_items[] = {
	"图书采购", "数字文化服务平台建设", "公共文化设施设备购置", "场馆物业管理服务",
	"文艺演出服务", "安防监控系统升级改造", "古籍修复服务",
};
static const char *const t_procure[] = {
	"{U}{K}项目中标（成交）结果公告", "{U}{K}项目招标公告",
	"{U}{K}项目合同公示",
};
static const char *const o_procure[] = {
	"根据《中华人民共和国政府采购法》及相关规定，现将{U}{K}项目采购结果公告如下。",
	"{U}{K}项目已按规定程序完成采购，现将有关信息公示如下。",
};
static const char *const m_procure[] = {
	"采购方式：公开招标。采购预算：{N}0.00万元。",
	"中标（成交）供应商：{J}{T}文化科技有限公司，中标金额{N}.60万元。",
	"评审专家：{R}、{R}、{R}、{R}、{R}。",
	"各有关当事人对结果有异议的，可以在公告期限届满之日起七个工作日内以书面形式向采购人提出质疑。",
	"采购人联系方式：{A}，联系人{R}，联系电话{P}。",
};

/* -- facility projects -- */
static const char *const projects[] = {
	"新馆建设", "综合文化站提升改造", "城市书房建设", "文化广场修缮",
	"非遗展示馆布展", "村级综合性文化服务中心建设",
};
static const char *const t_project[] = {
	"{U}{K}项目进展情况公开", "{U}{K}项目竣工验收情况公示",
	"{J}{Y}年{K}项目实施方案",
};
static const char *const o_project[] = {
	"根据{Q}关于公共文化设施建设项目信息公开的要求，现将{U}{K}项目有关情况公开如下。",
	"为接受社会监督，现将{K}项目建设进展情况公示如下。",
};
static const char *const m_project[] = {
	"项目总投资{N}00万元，资金来源为中央和省级公共文化服务体系建设专项资金及地方配套资金。",
	"项目于{d}开工建设，目前主体工程已完成{N}%，预计{D}完工。",
	"项目建设单位为{U}，施工单位为{J}{T}建筑工程有限公司，监理单位为{J}建设监理有限公司。",
	"项目建成后将新增阅览座位{N}0个，进一步改善群众文化活动条件。",
};

/* -- approval results -- */
static const char *const approvals[] = {
	"营业性演出审批", "娱乐场所经营许可", "旅行社设立许可",
	"互联网上网服务营业场所经营许可", "出版物零售业务经营许可",
	"文物保护单位修缮方案审批",
};
static const char *const t_approval[] = {
	"{Y}年第{N}期{K}结果公示", "{K}事项办理结果公开", "关于{K}结果的公告",
};
static const char *const o_approval[] = {
	"根据《中华人民共和国行政许可法》和“谁批准、谁公开”的要求，现将{Y}年{K}结果公示如下。",
	"现将近期办理的{K}事项结果予以公开，接受社会监督。",
};
static const char *const m_approval[] = {
	"申请单位：{J}{T}文化传播有限公司；许可事项：{K}；许可决定日期：{d}。",
	"本期共受理申请{N}件，准予许可{N}件，不予许可1件，不予许可理由已书面告知申请人。",
	"许可证有效期为二年，有效期届满需要延续的，应当在有效期届满三十日前提出申请。",
	"对许可结果有异议的，可于公示之日起五个工作日内向{B}反映，联系电话{P}。",
};

/* -- work plans and summaries -- */
static const char *const t_plan[] = {
	"{U}{Y}年政务公开工作要点", "{U}{Y}年上半年工作总结",
	"{U}{Y}年公共文化服务工作计划", "{U}{Y}年法治政府建设情况报告",
	"关于{Y}年政府信息公开工作情况的通报",
};
static const char *const o_plan[] = {
	"为深入推进政务公开工作，提升政务公开质量，根据{Q}要求，结合我局工作实际，制定本要点。",
	"{Y}年，在{J}委、{J}政府的坚强领导下，{U}紧紧围绕中心工作，扎实推进各项工作，现将有关情况报告如下。",
};
static const char *const m_plan[] = {
	"一是加大重点领域信息公开力度，主动公开公共文化服务体系建设、文物保护利用、非物质文化遗产保护传承等信息。",
	"二是做好文化旅游市场监管信息公开，按照“谁执法、谁公示”原则，在作出行政处罚决定的7个工作日内进行公示。",
	"三是做好财政领域信息公开，主动公开“三公”经费、专项经费、政府采购等财务管理信息。",
	"四是加强政策解读，落实政策解读与政策文件同步组织、同步审签、同步部署。",
	"五是规范依申请公开办理，完善登记、审核、办理、答复、送达、归档各环节工作制度。",
	"全年共主动公开政府信息{N}0条，办理政府信息公开申请{N}件，均在法定期限内答复。",
};

/* -- internal documents (not for publication) -- */
static const char *const t_internal[] = {
	"关于{Y}年度文化市场专项整治行动工作方案的请示",
	"{B}{Y}年第{N}次局长办公会议纪要",
	"关于干部调整有关事项的请示",
	"关于{T}文物安全隐患排查情况的内部通报",
	"关于{Y}年专项资金调剂使用的请示",
	"关于信访事项办理情况的报告",
};
static const char *const o_internal[] = {
	"{B}：根据工作需要，现将有关事项请示如下。",
	"{d}，{B}召开局长办公会议，研究部署近期重点工作，现将会议议定事项纪要如下。",
};
static const char *const m_internal[] = {
	"会议原则同意有关工作方案，由相关股室负责抓好落实。",
	"经排查，发现安全隐患{N}处，已督促有关单位限期整改。",
	"妥否，请批示。",
	"本文件仅限内部传阅，不得对外公开。",
};

static const catdef cats[NCAT] = {
	[C_FREE_OPEN] = { TBL(t_free), TBL(o_free), TBL(m_free), 150 },
	[C_SPECIAL] = { TBL(t_special), TBL(o_special), TBL(m_special), 300 },
	[C_MASS] = { TBL(t_mass), TBL(o_mass), TBL(m_mass), 600 },
	[C_GRASS] = { TBL(t_grass), TBL(o_grass), TBL(m_grass), 500 },
	[C_EXHIB] = { TBL(t_exhib), TBL(o_exhib), TBL(m_exhib), 150 },
	[C_TRAIN] = { TBL(t_train), TBL(o_train), TBL(m_train), 800 },
	[C_ACT_NOTICE] = { TBL(t_act), TBL(o_act), TBL(m_act), 50 },
	[C_POLICY] = { TBL(t_policy), TBL(o_policy), TBL(m_policy), 950 },
	[C_BUDGET] = { TBL(t_budget), TBL(o_budget), TBL(m_budget), 100 },
	[C_PROCURE] = { TBL(t_procure), TBL(o_procure), TBL(m_procure), 50 },
	[C_PROJECT] = { TBL(t_project), TBL(o_project), TBL(m_project), 400 },
	[C_APPROVAL] = { TBL(t_approval), TBL(o_approval), TBL(m_approval), 200 },
	[C_PLAN] = { TBL(t_plan), TBL(o_plan), TBL(m_plan), 700 },
	[C_INTERNAL] = { TBL(t_internal), TBL(o_internal), TBL(m_internal), 900 },
};

/* Pick k distinct sentences of a table in a random rotation. */
static void b_sentences(const char *const *v, unsigned n, unsigned k)
{
	unsigned start = rnd(n);

	if (k > n)
		k = n;
	for (unsigned i = 0; i < k; i++)
		b_tpl(v[(start + i) % n]);
}

/* Fill from generic sentences until the field has reached target bytes. */
static void b_fill(const char *const *v, unsigned n, size_t target)
{
	unsigned start = rnd(n);

	for (unsigned i = 0; i < n && alen - mark < target; i++)
		b_tpl(v[(start + i) % n]);
}

static void b_para(int paras)
{
	if (paras)
		b_str("\n");
}

/* The signature that ends a published text: unit and date. */
static void b_signature(int paras, int32_t day)
{
	b_str(paras ? "\n" : "　");
	b_str(cx.unit);
	b_str(paras ? "\n" : "　");
	b_date_cn(day);
}

/* An 18-digit citizen ID number with a valid check digit. */
static void b_citizen_id(void)
{
	static const int w[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
	static const char check[] = "10X98765432";
	char id[18];
	int y = rrange(1955, 2003), m = rrange(1, 12), d = rrange(1, 28);
	int sum = 0;

	memcpy(id, cx.j->region, 6);
	snprintf(id + 6, 12, "%04d%02d%02d%03d", y, m, d, (int)rnd(1000));
	for (int i = 0; i < 17; i++)
		sum += (id[i] - '0') * w[i];
	id[17] = check[sum % 11];
	b_mem(id, 18);
}

/*
 * Zhongshan's documents are often typed with half-width punctuation (the
 * source plan is).  Rewrite the field in place: every replacement is shorter.
 */
static void halfwidth(void)
{
	static const struct { const char *from; char to; } map[] = {
		{ "，", ',' }, { "（", '(' }, { "）", ')' }, { "：", ':' },
		{ "；", ';' }, { "“", '"' }, { "”", '"' },
	};
	char *s = arena + mark, *end = arena + alen, *o = s;

	while (s < end) {
		size_t i = 0;

		if ((unsigned char)*s >= 0xe2) {
			for (i = 0; i < NELEM(map); i++)
				if (end - s >= 3 && memcmp(s, map[i].from, 3) == 0)
					break;
		} else {
			i = NELEM(map);
		}
		if (i < NELEM(map)) {
			*o++ = map[i].to;
			s += 3;
		} else {
			*o++ = *s++;
		}
	}
	alen = (size_t)(o - arena);
}

/* ------------------------------------------------------------------ */
/* Generation state                                                    */
/* ------------------------------------------------------------------ */

static int32_t opt_start, opt_end;
static int year0, nyears;
static uint32_t *seq;      /* [NJ][nyears]: record ids */
static uint32_t *docseq;   /* [NJ][3][nyears]: document numbers */
static uint32_t *penseq;   /* [NJ][nyears]: penalty decisions */

static uint32_t next_seq(uint32_t *tbl, int row, int year)
{
	return ++tbl[(size_t)row * (size_t)nyears + (size_t)(year - year0)];
}

/* A derived date: dropped when it lies after the export date. */
static int32_t upto_end(int32_t day)
{
	return day > opt_end ? NO_DATE : day;
}

/* Chinese aliases now and then, as office spreadsheets write them. */
static int use_alias(void)
{
	return chance(30);
}

static void set_id(int year)
{
	field_begin();
	b_str(cx.j->pfx);
	b_str("-");
	b_uint((unsigned)year);
	b_str("-");
	b_uint_pad(next_seq(seq, cx.jx, year), 6);
	field_end(F_ID);
}

/* A unit other than u, for a publication by the wrong unit. */
static const char *other_unit(const char *u)
{
	const char *o;

	do {
		o = chance(400) ? cx.j->bureau : pick(cx.j->insts);
	} while (strcmp(o, u) == 0);
	return o;
}

/* A town's government (乡镇人民政府 / 街道办事处), built in the arena. */
static const char *town_government(void)
{
	const char *s = arena + alen, *t = pick(cx.j->towns);
	size_t n = strlen(t);

	b_str(cx.j->name);
	b_str(t);
	b_str(n >= 6 && strcmp(t + n - 6, "街道") == 0 ? "办事处" : "人民政府");
	b_mem("", 1);
	return s;
}

/* A town's cultural station, built in the arena. */
static const char *town_station(void)
{
	const char *s = arena + alen;

	b_str(cx.j->name);
	b_str(pick(cx.j->towns));
	b_str("综合文化站");
	b_mem("", 1);
	return s;
}

static void set_reviewer_and_date(int32_t ready, int32_t published)
{
	if (chance(30))  /* no confidentiality review recorded */
		return;
	field_begin();
	b_person();
	field_end(F_REVIEWER);
	if (chance(30)) {  /* reviewed after publication */
		set_date(F_REVIEWED_ON, upto_end(published + rrange(1, 6)));
	} else {
		int32_t r = published - rrange(0, 3);

		set_date(F_REVIEWED_ON, r < ready ? ready : r);
	}
}

/* website, wechat...; without website in a few published items. */
static void set_channels(int bulletin_likely)
{
	static const char *const en[] = { "website", "wechat", "weibo", "newspaper", "bulletin", "app" };
	static const char *const zh[] = { "政府网站", "微信", "微博", "报纸", "公告栏", "app" };
	const char *const *names = use_alias() ? zh : en;
	int on[6] = { !chance(40), chance(450), chance(80), chance(40),
		      chance(bulletin_likely ? 500 : 60), chance(30) };
	int any = 0;

	if (!on[0] && !on[1] && !on[4])
		on[1] = 1;
	field_begin();
	for (int i = 0; i < 6; i++) {
		if (!on[i])
			continue;
		if (any)
			b_str(";");
		b_str(names[i]);
		any = 1;
	}
	field_end(F_CHANNELS);
}

/* Publication delay of proactive information in calendar days. */
static int info_delay(void)
{
	uint32_t r = rnd(1000);

	if (r < 100)
		return rrange(30, 60);   /* late: past 20 working days */
	return rrange(3, 25);
}

/* ------------------------------------------------------------------ */
/* Kinds                                                               */
/* ------------------------------------------------------------------ */

static const char *const elems_open[] = {
	"机构名称", "开放时间", "机构地址", "联系电话", "临时停止开放信息",
};
static const char *const elems_act[] = {
	"机构名称", "开放时间", "机构地址", "联系电话", "临时停止活动信息",
};
static const char *const elems_notice[] = { "活动内容", "活动时间", "活动地点" };

static enum cat pick_category(void)
{
	uint32_t r = rnd(1000);

	switch (cx.jx) {
	case J_ZEZHOU:
		if (r < 550)
			return (enum cat)(C_FREE_OPEN + r % 6);
		break;
	case J_QUANGANG:
		if (r < 250)
			return C_ACT_NOTICE;
		if (r < 330)
			return (enum cat)(C_FREE_OPEN + r % 6);
		break;
	default:
		if (r < 200)
			return (enum cat)(C_FREE_OPEN + r % 6);
		break;
	}
	r = rnd(1000);
	if (r < 80)
		return C_INTERNAL;
	if (r < 330)
		return C_POLICY;
	if (r < 450)
		return C_BUDGET;
	if (r < 590)
		return C_PROCURE;
	if (r < 700)
		return C_PROJECT;
	if (r < 850)
		return C_APPROVAL;
	return C_PLAN;
}

static void gen_info(int32_t day)
{
	enum cat c = pick_category();
	const catdef *cd = &cats[c];
	int catalog = catalog_id[c] &&
		(c == C_ACT_NOTICE ? cx.jx == J_QUANGANG : cx.jx == J_ZEZHOU);
	int internal = c == C_INTERNAL;
	int paras = chance(100), station = 0;
	const char *producer, *approver = NULL, *implementer = NULL, *publisher;
	const char *attr = NULL, *secrecy = NULL;
	int has_doc, published;
	unsigned pre = 0, num = 0;
	int year = year_of(day);
	int32_t changed = NO_DATE, ready = day, pub = NO_DATE;
	const char *const *elems = NULL;
	unsigned nelems = 0, skip = 99;

	cx.day = day;
	cx.evday = day + rrange(5, 30);
	cx.act = PICKA(activities);
	cx.topic = c == C_PROCURE ? PICKA(procure_items) :
		c == C_PROJECT ? PICKA(projects) : PICKA(approvals);

	/* Who produced it, and whom the responsibility rule names. */
	if (c <= C_ACT_NOTICE && chance(150)) {
		producer = town_station();
		station = 1;
	}
	else if (c <= C_ACT_NOTICE || c == C_BUDGET)
		producer = chance(250) ? cx.j->bureau : pick(cx.j->insts);
	else if (c == C_PROCURE || c == C_PROJECT)
		producer = chance(500) ? cx.j->bureau : pick(cx.j->insts);
	else
		producer = cx.j->bureau;
	cx.unit = producer;
	publisher = producer;
	if (c == C_APPROVAL) {
		approver = cx.j->bureau;
		publisher = approver;
		if (chance(500)) {
			const char *s = arena + alen;

			b_str(cx.j->bureau);
			b_str(pick(cx.j->sections));
			b_mem("", 1);
			producer = s;
		}
	} else if (c == C_PROCURE || c == C_PROJECT) {
		implementer = producer;
		publisher = implementer;
		if (c == C_PROCURE && chance(400)) {
			/* The procurement agency drafted the announcement. */
			const char *s = arena + alen;

			b_str(cx.jx == J_ZHONGSHAN ? "广东" : cx.jx == J_QUANGANG ? "福建" :
			      cx.jx == J_ZEZHOU ? "山西" : "宁夏");
			b_str(PICKA(surnames));
			b_str("信招标代理有限公司");
			b_mem("", 1);
			producer = s;
		}
	}

	/* Disclosure attribute (B4) and secrecy. */
	if (internal) {
		secrecy = chance(800) ? "internal" : "secret";
		attr = chance(600) ? "withheld" : "on_request";
	} else {
		uint32_t r = rnd(1000);

		secrecy = "public";
		attr = r < 50 ? "on_request" : r < 70 ? "withheld" : "proactive";
	}
	if (chance(30))
		attr = NULL;          /* no attribute: noncompliant (B4) */
	if (!internal && chance(250))
		secrecy = NULL;       /* default public */
	published = attr ? strcmp(attr, "proactive") == 0 : chance(500);
	if (internal && chance(30))
		published = 1;        /* an internal document put online */
	if (published && chance(30))
		published = 0;        /* never published */

	/* Dates. */
	if (chance(120)) {
		changed = upto_end(day + rrange(10, 200));
		if (changed != NO_DATE)
			ready = changed;
	}
	if (published)
		pub = upto_end(ready + info_delay());
	/* An activity notice announces an activity a few days to weeks ahead;
	 * now and then it comes out on the day or after (Q4-advance). */
	if (c == C_ACT_NOTICE && pub != NO_DATE)
		cx.evday = chance(60) ? pub - rrange(0, 3) : pub + rrange(2, 20);

	/* Id, kind and title. */
	set_id(year);
	field_begin();
	b_tpl(cd->titles[rnd(cd->ntitles)]);
	field_end(F_TITLE);

	has_doc = chance(cd->docnum_permille);
	if (has_doc) {
		pre = internal ? 0 : rnd(cx.j->docpre.n);
		num = next_seq(docseq, cx.jx * 3 + (int)pre, year);
		field_begin();
		b_docnum(cx.j, pre, year, num, 1);
		field_end(F_DOC_NUMBER);
	}
	if (catalog) {
		set_lit(F_CATALOG_ITEM, catalog_id[c]);
		if (c == C_ACT_NOTICE) {
			elems = elems_notice;
			nelems = NELEM(elems_notice);
		} else {
			elems = c <= C_SPECIAL ? elems_open : elems_act;
			nelems = NELEM(elems_open);
		}
		if (chance(60))
			skip = rnd(nelems);   /* a required element missing */
		field_begin();
		for (unsigned i = 0, any = 0; i < nelems; i++) {
			if (i == skip)
				continue;
			if (any++)
				b_str(";");
			b_str(elems[i]);
		}
		field_end(F_ELEMENTS);
	}
	if (c == C_ACT_NOTICE)
		set_date(F_ACTIVITY_ON, cx.evday);
	if (attr) {
		static const char *const zh[] = { "主动公开", "依申请公开", "不予公开" };
		const char *a = attr;

		if (use_alias())
			a = zh[attr[0] == 'p' ? 0 : attr[0] == 'o' ? 1 : 2];
		set_lit(F_ATTRIBUTE, a);
	}
	if (secrecy)
		set_lit(F_SECRECY, use_alias() ?
			(secrecy[0] == 'p' ? "公开" : secrecy[0] == 'i' ? "内部" : "涉密") :
			secrecy);
	set_lit(F_PRODUCER, producer);
	if (approver)
		set_lit(F_APPROVER, approver);
	if (implementer)
		set_lit(F_IMPLEMENTER, implementer);
	if (pub != NO_DATE) {
		if (chance(40))
			publisher = other_unit(publisher);  /* wrong publisher (S1) */
		else if (catalog && station && chance(150))
			publisher = town_government();      /* not a responsible body (Z1) */
		set_lit(F_PUBLISHER, publisher);
	}
	set_date(F_FORMED_ON, day);
	set_date(F_CHANGED_ON, changed);
	if (pub != NO_DATE) {
		set_reviewer_and_date(ready, pub);
		set_date(F_PUBLISHED_ON, pub);
		if (catalog && chance(40)) {
			set_lit(F_CHANNELS, "wechat");      /* not on the website */
		} else {
			set_channels(c == C_ACT_NOTICE || station);
		}
	}

	/* Body. */
	field_begin();
	b_tpl(cd->opens[rnd(cd->nopens)]);
	b_para(paras);
	b_sentences(cd->mains, cd->nmains, cd->nmains - 1 - rnd(2));
	for (unsigned i = 0; i < nelems; i++) {
		if (i == skip)
			continue;
		b_str(elems[i]);
		b_str("：");
		if (elems == elems_notice) {
			if (i == 0)
				b_tpl("{X}，面向全体群众免费开放");
			else if (i == 1)
				b_tpl("{D}9:30—11:30");
			else
				b_tpl("{V}");
		} else {
			switch (i) {
			case 0: b_str(cx.unit); break;
			case 1: b_tpl("{H}"); break;
			case 2: b_tpl("{A}"); break;
			case 3: b_tpl("{P}"); break;
			default: b_tpl(elems == elems_open ? "{C}" : "{Z}"); break;
			}
		}
		b_str("。");
	}
	if (pub != NO_DATE && chance(15)) {
		/* Cites an internal document: confidentiality (S2). */
		unsigned n = memory[cx.jx].npriv;

		if (n) {
			const docref *r = &memory[cx.jx].priv[rnd(n < RING ? n : RING)];

			b_str("根据《");
			b_str(r->title);
			b_str("》（");
			b_docnum(cx.j, r->pre, r->year, r->num, 1);
			b_str("）精神，结合工作实际，抓好贯彻落实。");
		}
	}
	if (pub != NO_DATE && chance(5)) {
		/* Exposes a citizen's ID number: privacy (S3). */
		b_tpl("联系人：{R}，身份证号码：");
		b_citizen_id();
		b_str("。");
	}
	b_para(paras);
	if (c <= C_ACT_NOTICE)
		b_fill(filler_act, NELEM(filler_act), (size_t)rrange(560, 860));
	b_fill(filler_doc, NELEM(filler_doc), (size_t)rrange(560, 860));
	b_para(paras);
	b_str(PICKA(closing));
	b_signature(paras, pub != NO_DATE ? pub : day);
	if (cx.jx == J_ZHONGSHAN && chance(600))
		halfwidth();
	field_end(F_BODY);

	/* Remember the document for later citations. */
	if (has_doc) {
		/* Internal in the sense of S2: classified, internal, or
		 * marked on request or withheld. */
		int priv = internal || (attr && strcmp(attr, "proactive") != 0);

		if (priv)
			remember(memory[cx.jx].priv, &memory[cx.jx].npriv,
				 rec.p[F_TITLE], rec.n[F_TITLE], pre, year, num);
		else if (pub != NO_DATE)
			remember(memory[cx.jx].pub, &memory[cx.jx].npub,
				 rec.p[F_TITLE], rec.n[F_TITLE], pre, year, num);
	}
}

static const struct violation {
	const char *what;       /* the facts */
	const char *law;        /* provision violated and basis of the penalty */
	const char *party;      /* kind of business */
	int fine_lo, fine_hi;   /* in yuan */
} violations[] = {
	{ "接纳未成年人进入营业场所", "《互联网上网服务营业场所管理条例》第二十一条、第三十一条第（二）项", "网吧", 5000, 15000 },
	{ "未按规定核对、登记上网消费者的有效身份证件", "《互联网上网服务营业场所管理条例》第二十三条、第三十二条第（一）项", "网吧", 1000, 10000 },
	{ "在规定的营业时间以外营业", "《娱乐场所管理条例》第二十八条、第四十八条", "KTV", 2000, 20000 },
	{ "未与旅游者签订书面旅游合同", "《中华人民共和国旅游法》第五十七条、第一百条", "旅行社有限公司", 5000, 30000 },
	{ "未经批准擅自举办营业性演出", "《营业性演出管理条例》第十三条、第四十三条", "文化传播有限公司", 10000, 50000 },
	{ "未经许可擅自从事出版物零售业务", "《出版管理条例》第三十五条、第六十一条", "书店", 1000, 10000 },
	{ "未按规定投保旅行社责任保险", "《旅行社条例》第三十八条、第四十九条", "旅行社有限公司", 2000, 10000 },
	{ "擅自变更娱乐场所经营地址", "《娱乐场所管理条例》第三十一条、第四十九条", "娱乐有限公司", 5000, 20000 },
};

static const char *const brands[] = {
	"星辰", "蓝海", "飞扬", "启航", "金鼎", "新视界", "畅想", "华韵", "聚友",
	"海峡", "万家", "天成", "鸿运", "锦程", "乐途",
};

static void gen_penalty(int32_t day)
{
	const struct violation *v = &violations[rnd(NELEM(violations))];
	int year = year_of(day);
	uint32_t r = rnd(1000);
	int32_t pub;
	const char *party;
	unsigned num;
	int fine = (rrange(v->fine_lo / 500, v->fine_hi / 500)) * 500;

	cx.day = day;
	cx.evday = day - rrange(10, 60);
	cx.unit = cx.j->enforcer;
	party = arena + alen;
	b_str(cx.j->name);
	b_str(PICKA(brands));
	b_str(v->party);
	b_mem("", 1);
	cx.party = party;

	if (r < 30)
		pub = NO_DATE;                  /* never published */
	else if (r < 130)
		pub = day + rrange(10, 25);     /* late: past 7 working days */
	else
		pub = day + rrange(1, 9);
	pub = pub == NO_DATE ? NO_DATE : upto_end(pub);
	num = next_seq(penseq, cx.jx, year);

	set_id(year);
	field_begin();
	if (chance(500)) {
		b_str(cx.j->enforcer);
		b_str("行政处罚决定书（");
		b_str(cx.j->penabbr);
		b_str("〔");
		b_uint((unsigned)year);
		b_str("〕");
		b_uint(num);
		b_str("号）");
	} else {
		b_str("关于对");
		b_str(party);
		b_str(v->what);
		b_str("案的行政处罚决定公示");
	}
	field_end(F_TITLE);
	set_lit(F_PRODUCER, cx.j->enforcer);
	set_lit(F_IMPLEMENTER, cx.j->enforcer);
	if (pub != NO_DATE)
		set_lit(F_PUBLISHER, chance(50) ? cx.j->bureau : cx.j->enforcer);
	set_date(F_FORMED_ON, day);
	if (pub != NO_DATE) {
		set_reviewer_and_date(day, pub);
		set_date(F_PUBLISHED_ON, pub);
		set_channels(0);
	}

	field_begin();
	b_tpl("当事人：{E}，");
	if (chance(10)) {
		/* The operator's own mobile number: privacy (B5). */
		b_str("联系电话：1");
		b_mem(&"3578"[rnd(4)], 1);
		for (int i = 0; i < 9; i++)
			b_mem(&"0123456789"[rnd(10)], 1);
		b_str("，");
	}
	if (chance(20)) {
		/* The operator named with a full ID number: privacy (S3). */
		b_tpl("经营者{R}，身份证号码：");
		b_citizen_id();
		b_str("，");
	} else {
		b_str("统一社会信用代码：92");
		b_str(cx.j->region);
		b_str("MA");
		for (int i = 0; i < 8; i++)
			b_mem(&"0123456789ABCDEFGHJKLMNPQRTUWXY"[rnd(31)], 1);
		b_str("，");
	}
	b_tpl("经营地址：{A}。经查，当事人于{D}");
	b_str(v->what);
	b_str("，违反了");
	b_str(v->law);
	b_str("的有关规定。");
	if (chance(400))
		b_str("以上事实有现场检查笔录、询问笔录、现场照片等证据为证。");
	if (chance(300))
		b_str("本机关已依法告知当事人拟作出行政处罚决定的事实、理由、依据及依法享有的陈述、申辩权利，当事人未提出陈述、申辩意见。");
	b_str("依据上述规定，本机关决定对当事人作出如下行政处罚：");
	if (chance(300))
		b_str("警告，并");
	b_str("罚款人民币");
	b_uint((unsigned)fine);
	b_str("元。");
	if (chance(300))
		b_str("当事人应当自收到本决定书之日起十五日内缴纳罚款，逾期不缴纳的，每日按罚款数额的百分之三加处罚款。");
	b_str("当事人如不服本处罚决定，可以在收到本决定书之日起六十日内向");
	b_str(cx.j->recon);
	b_str("申请行政复议，也可以在六个月内直接向");
	b_str(cx.j->court);
	b_str("提起行政诉讼。");
	b_signature(0, day);
	if (cx.jx == J_ZHONGSHAN && chance(600))
		halfwidth();
	field_end(F_BODY);
}

static const char *const app_subjects[] = {
	"{Y}年度{U}免费开放经费使用情况", "{J}{T}综合文化站建设项目资金拨付情况",
	"{J}非物质文化遗产代表性传承人补助资金发放情况",
	"{U}{Y}年政府采购合同", "{J}旅行社质量保证金管理情况",
	"{J}文物保护单位修缮工程招标文件", "{Y}年{J}公共文化服务专项资金分配方案",
	"{J}网吧行政处罚案件卷宗", "{U}人员编制及招聘情况",
};

static void gen_application(int32_t day)
{
	uint32_t r = rnd(1000);
	int extended = 0, replied = 1;
	int32_t rep = NO_DATE, from = day, reg, exam, hand, corr_req = NO_DATE;
	int32_t corrected = NO_DATE, sent = NO_DATE, back = NO_DATE;

	cx.day = day;
	cx.unit = chance(700) ? cx.j->bureau : pick(cx.j->insts);
	/* Art. 30: an unclear application is sent back for correction, within
	 * 7 working days (now and then later); the clock restarts on the
	 * corrected one.  Art. 32: a third party is consulted now and then,
	 * and its days do not count. */
	if (chance(50)) {
		corr_req = day + (chance(150) ? rrange(12, 20) : rrange(1, 9));
		corrected = corr_req + rrange(3, 12);
		from = corrected;
	} else if (chance(50)) {
		sent = day + rrange(3, 8);
		back = sent + rrange(5, 15);
		from = day + (back - sent);
	}
	if (r < 30) {
		replied = 0;                        /* no reply */
	} else if (r < 230) {
		extended = 1;
		rep = from + (chance(100) ? rrange(60, 75) : rrange(26, 50));
	} else if (r < 270) {
		rep = from + rrange(30, 45);         /* late without extension */
	} else if (r < 275) {
		rep = day - rrange(1, 5);            /* recorded before receipt */
		if (rep < opt_start)
			rep = day;
	} else {
		rep = from + rrange(5, 25);
	}
	if (replied)
		rep = upto_end(rep);

	set_id(year_of(day));
	field_begin();
	b_str("关于申请公开");
	b_tpl(PICKA(app_subjects));
	b_str("的申请");
	field_end(F_TITLE);
	set_lit(F_PRODUCER, cx.unit);
	set_date(F_RECEIVED_ON, day);
	set_lit(F_EXTENDED, extended ? "1" : "0");
	set_date(F_CORRECTION_REQUESTED_ON, upto_end(corr_req));
	set_date(F_CORRECTED_ON, upto_end(corrected));
	set_date(F_CONSULT_SENT_ON, upto_end(sent));
	set_date(F_CONSULT_REPLIED_ON, upto_end(back));
	set_date(F_REPLIED_ON, rep);
	if (rep != NO_DATE)
		set_lit(F_REMEDY_NOTICE, chance(60) ? "0" : "1");
	/* The stages 登记、审核、办理、答复、送达、归档 (Q2, Y6): in order, but
	 * now and then one is skipped or recorded out of order. */
	reg = day + (chance(900) ? 0 : 1);
	exam = reg + rrange(0, 3);
	hand = exam + rrange(1, 5);
	if (rep != NO_DATE && hand > rep)
		hand = rep;
	set_date(F_REGISTERED_ON, upto_end(reg));
	if (!chance(20))
		set_date(F_EXAMINED_ON, upto_end(exam));
	set_date(F_HANDLED_ON, upto_end(chance(10) && rep != NO_DATE ? rep + 2 : hand));
	if (rep != NO_DATE) {
		int32_t del = rep + rrange(0, 3);

		if (!chance(20))
			set_date(F_DELIVERED_ON, upto_end(del));
		set_date(F_ARCHIVED_ON, upto_end(del + rrange(5, 20)));
	}
}

static const char *const msg_topics[] = {
	"图书馆周末开放时间", "文化馆公益培训报名", "广场舞噪音扰民",
	"景区门票价格", "网吧接纳未成年人", "旅行社强制购物", "公共文化设施损坏维修",
	"非遗项目申报", "公益电影放映安排", "社区文化活动场地不足", "游泳馆开放时间",
	"博物馆预约参观",
};
/* Messages by kind: a question, a suggestion, a complaint, a report. */
static const char *const msg_kinds[] = { "咨询", "建议", "投诉", "反映" };
static const char *const msg_asks[4][2] = {
	{ "我是{T}居民，想了解{K}的具体情况，网上没有查到相关信息。",
	  "请问{K}有没有新的安排？在哪里可以查到？" },
	{ "建议在{K}方面进一步完善服务，方便老年人和学生群体。",
	  "关于{K}，建议借鉴周边地区的做法，增加服务供给。" },
	{ "本人投诉{K}问题，希望有关部门尽快核实处理。",
	  "近期多次遇到{K}方面的问题，严重影响群众权益，请相关部门依法查处。" },
	{ "近期发现{K}方面存在问题，已经影响到周边群众的正常生活，请相关部门关注。",
	  "向领导反映一下{K}的情况，群众意见比较大。" },
};
static const char *const msg_details[] = {
	"此前已通过电话反映过一次，但问题至今没有得到解决。",
	"周边不少居民都有同样的想法，希望能够尽快答复。",
	"希望有关部门能够公开具体的办理结果。",
	"如需核实情况，可以通过本平台与我联系。",
};
static const char *const msg_replies[4][3] = {
	{ "关于您咨询的事项，具体安排已在{B}门户网站公布，您也可拨打{P}咨询。",
	  "{I}目前正常开放，节假日开放时间将提前在微信公众号公告。",
	  "相关事项办理流程和所需材料可在政务服务网查询，欢迎您随时来电。" },
	{ "您的建议很有价值，我们将在下一步工作中认真研究采纳，不断提升公共文化服务水平。",
	  "我局已将您的建议转交相关单位研究，并纳入下一阶段服务项目安排。",
	  "我局将进一步畅通群众意见表达渠道，及时回应群众关切。" },
	{ "{G}已于{D}对相关经营场所开展现场检查，对发现的问题依法予以处理。",
	  "经核查，相关情况属实，我局已责成有关单位限期整改，并将加强日常监督检查。",
	  "对涉嫌违法的行为，我局将依法立案调查，处理结果将依法公示。" },
	{ "经核查，相关情况基本属实，我局已会同属地乡镇（街道）进行了处理。",
	  "下一步，我局将加强巡查，防止类似问题反复发生。",
	  "如您对办理结果有异议，可在收到答复之日起十五日内申请复查。" },
};

static void gen_message(int32_t day)
{
	uint32_t r = rnd(1000), mk = rnd(4);
	int32_t rep;
	static const char *const src_yc[] = { "市长信箱", "12345政务服务便民热线", "问政银川" };
	static const char *const src_other[] = { "12345政务服务便民热线", "门户网站留言" };

	cx.day = day;
	cx.evday = day + rrange(1, 5);
	cx.unit = cx.j->bureau;
	cx.topic = PICKA(msg_topics);
	if (cx.jx == J_YINCHUAN)
		cx.source = PICKA(src_yc);
	else
		cx.source = chance(400) ? cx.j->mailbox : PICKA(src_other);

	if (r < 20)
		rep = NO_DATE;                   /* no reply */
	else if (r < 100)
		rep = day + rrange(8, 20);        /* late: past 5 working days */
	else
		rep = day + rrange(1, 7);
	rep = rep == NO_DATE ? NO_DATE : upto_end(rep);

	set_id(year_of(day));
	field_begin();
	b_tpl("【{S}】关于{K}的");
	b_str(msg_kinds[mk]);
	field_end(F_TITLE);
	set_lit(F_PRODUCER, cx.unit);
	set_date(F_RECEIVED_ON, day);
	set_date(F_REPLIED_ON, rep);

	field_begin();
	b_str("来信内容：");
	b_sentences(msg_asks[mk], 2, 1 + rnd(2));
	b_sentences(msg_details, NELEM(msg_details), 1 + rnd(2));
	if (chance(10)) {
		/* The writer's mobile number left in the published text (S3). */
		b_str("我的联系电话是1");
		b_uint((unsigned)rrange(3, 9));
		b_uint_pad(rnd(1000000000u), 9);
		b_str("。");
	}
	if (rep != NO_DATE) {
		b_tpl("办理情况：您好！您通过{S}反映的问题已收悉，{B}高度重视，立即安排工作人员进行了核实。");
		b_sentences(msg_replies[mk], 3, 2 + rnd(2));
		b_str("感谢您对文化和旅游工作的关心和支持！");
		b_signature(0, rep);
	}
	field_end(F_BODY);
}

static const char *const demands[] = {
	"增加少儿绘本阅读活动", "开设老年人智能手机培训班", "延长图书馆周末开放时间",
	"在{T}开展{O}进乡村演出", "增设广场舞活动场地照明设施", "举办书法公益培训",
	"增加公益电影放映场次", "在{T}设置城市书房", "开设少儿美术兴趣班",
	"组织非遗手工体验活动",
};

static void gen_demand(int32_t day)
{
	int direct = chance(750);
	uint32_t r = rnd(1000);
	int32_t handled, rep = NO_DATE, pub = NO_DATE;
	int closed = 1;

	cx.day = day;
	if (chance(300))
		cx.unit = town_station();
	else
		cx.unit = pick(cx.j->insts);

	if (direct) {
		if (r < 80)
			handled = day + rrange(15, 30);   /* late: past 10 working days */
		else if (r < 85)
			handled = day - rrange(1, 3);     /* recorded before receipt */
		else
			handled = day + rrange(1, 13);
	} else {
		handled = day + rrange(20, 60);     /* reported upwards first */
	}
	if (handled < opt_start)
		handled = day;
	if (chance(50))
		closed = 0;                          /* neither replied nor published */
	if (closed) {
		uint32_t how = rnd(100);

		if (how < 50 || how >= 80)
			rep = handled + rrange(0, 3);
		if (how >= 50)
			pub = handled + rrange(0, 5);
	}
	handled = upto_end(handled);
	rep = rep == NO_DATE ? NO_DATE : upto_end(rep);
	pub = pub == NO_DATE ? NO_DATE : upto_end(pub);

	set_id(year_of(day));
	field_begin();
	b_str("群众文化需求：希望");
	b_tpl(PICKA(demands));
	field_end(F_TITLE);
	set_lit(F_PRODUCER, cx.unit);
	if (pub != NO_DATE)
		set_lit(F_PUBLISHER, cx.unit);
	set_date(F_RECEIVED_ON, day);
	set_lit(F_DIRECT, direct ? "1" : "0");
	set_date(F_HANDLED_ON, handled);
	set_date(F_REPLIED_ON, rep);
	set_date(F_PUBLISHED_ON, pub);
}

/* Quangang's task schedule (附件1 of 泉港文综〔2020〕24号) and like tasks. */
static const struct task {
	const char *title;
	const char *section;    /* the responsible section; NULL: an institution */
} tasks[] = {
	{ "编制政务公开事项标准目录", "综合股" },
	{ "发挥政府门户网站“主阵地”作用，开设政务公开专题专栏", "综合股" },
	{ "依托档案馆、图书馆做好信息公开查阅点建设", NULL },
	{ "设立统一的政务公开专区", NULL },
	{ "建立健全规范性文件全生命周期管理制度机制", "综合股" },
	{ "健全完善政府信息依申请公开工作制度", "综合股" },
	{ "制定公众参与政府行政决策制度", "综合股" },
	{ "建立健全政策解读“三同步”制度规范", "综合股" },
	{ "建立健全政务舆情回应制度规范", "综合股" },
	{ "做好“六稳”“六保”政策解读和信息发布", "旅游股" },
	{ "推行政务服务一次告知、信息主动推送", "审批股" },
	{ "组织政务公开工作人员开展标准化业务培训", "综合股" },
	{ "编制群众文化活动项目清单并向群众预告", "文化股" },
	{ "开展公共文化服务群众需求调查", "文化股" },
	{ "完成年度财政预决算公开", "综合股" },
	{ "更新“双随机一公开”抽查事项清单", "审批股" },
};

static void gen_task(int32_t day)
{
	const struct task *t = &tasks[rnd(NELEM(tasks))];
	int32_t due = NO_DATE, done = NO_DATE;
	uint32_t r = rnd(1000);

	cx.day = day;
	if (!chance(200)) {
		/* Due at the end of a month 2 to 12 months on (2021年6月底). */
		int y, m, d;

		civil_from_days(day, &y, &m, &d);
		m += rrange(2, 12);
		y += (m - 1) / 12;
		m = (m - 1) % 12 + 1;
		due = days_from_civil(y, m, days_in_month(y, m));
		if (due > opt_end) {
			/* Nothing is dated after the export date: the last
			 * month end before it, or 长期 when that is too soon. */
			civil_from_days(opt_end, &y, &m, &d);
			due = days_from_civil(y, m, 1) - 1;
			if (due < day + 30)
				due = NO_DATE;
		}
	}
	if (due != NO_DATE) {
		if (r < 750)
			done = due - rrange(0, (int)((due - day) * 3 / 4));
		else if (r < 870)
			done = due + rrange(1, 60);         /* completed late */
		/* else: not completed */
	} else if (r < 300) {
		done = day + rrange(30, 300);            /* ongoing, a stage closed */
	}
	if (done != NO_DATE && done <= day)
		done = day + 1;
	done = done == NO_DATE ? NO_DATE : upto_end(done);

	set_id(year_of(day));
	field_begin();
	b_str(t->title);
	field_end(F_TITLE);
	set_lit(F_PRODUCER, cx.j->bureau);
	field_begin();
	if (t->section) {
		b_str(cx.j->bureau);
		b_str(cx.jx == J_QUANGANG ? t->section : pick(cx.j->sections));
	} else {
		b_str(pick(cx.j->insts));
	}
	field_end(F_IMPLEMENTER);
	set_date(F_FORMED_ON, day);
	set_date(F_DUE_ON, due);
	set_date(F_COMPLETED_ON, done);
}

enum evtype { E_SYMPOSIUM, E_DEMAND_SURVEY, E_OPINION_BOX, E_RELEASE,
	      E_SATISFACTION, E_OPEN_DAY, E_ANNUAL_REPORT, NE };

static const char *const ev_names[NE] = {
	"symposium", "demand_survey", "opinion_box", "release_meeting",
	"satisfaction_survey", "open_day", "annual_report",
};
static const char *const ev_zh[NE] = {
	"座谈会", "需求调查", "意见箱收集", "发布会", "满意度调查", "政府开放日",
	"年度报告",
};
static const char *const ev_titles[NE] = {
	"{Y}年{U}公共文化服务群众座谈会",
	"{Y}年公共文化服务群众需求调查",
	"{U}群众文化需求征集箱意见收集整理",
	"{Y}年公共文化服务群众意见反馈发布会",
	"{Y}年{J}公共文化服务群众满意度调查",
	"{Y}年{B}政府开放日活动",
	"{B}政府信息公开工作年度报告",
};
static const char *const annual_elems[] = {
	"总体情况", "主动公开政府信息情况", "收到和处理政府信息公开申请情况",
	"政府信息公开行政复议、行政诉讼情况", "存在的主要问题及改进情况",
	"其他需要报告的事项",
};
static const char *const symposium_elems[] = {
	"会议时间", "会议地点", "参会人员", "意见建议",
};
static const char *const release_elems[] = { "发布内容", "意见采纳情况" };

/* Day in year y, month m, day d, if within the export range. */
static int32_t in_range(int y, int m, int d)
{
	int32_t z = days_from_civil(y, m, d);

	return z < opt_start || z > opt_end ? NO_DATE : z;
}

static void gen_event(int32_t day)
{
	static const unsigned weights[NE] = { 150, 120, 300, 100, 100, 100, 130 };
	uint32_t r = rnd(1000);
	enum evtype e = E_SYMPOSIUM;
	int y, m, d, period_y, period_m = 0;
	int32_t held = day;
	const char *const *elems = NULL;
	unsigned nelems = 0;

	for (unsigned acc = 0, i = 0; i < NE; i++) {
		acc += weights[i];
		if (r < acc) {
			e = (enum evtype)i;
			break;
		}
	}
	civil_from_days(day, &y, &m, &d);
	period_y = y;

	switch (e) {
	case E_OPEN_DAY:
		/* In September (Y4), but now and then in another month. */
		if (!chance(150)) {
			int32_t z = in_range(y, 9, rrange(1, 30));

			if (z == NO_DATE)
				z = in_range(y - 1, 9, rrange(1, 30));
			if (z != NO_DATE)
				held = z;
		}
		period_y = year_of(held);
		break;
	case E_ANNUAL_REPORT: {
		/* Report for the year before, due by 31 January (B3). */
		int late = chance(100);
		int mm = late ? rrange(2, 4) : 1;
		int dd = late ? rrange(1, 28) : rrange(5, 31);
		int32_t z = in_range(y, mm, dd);

		if (z == NO_DATE)
			z = in_range(y + 1, mm, dd);
		if (z != NO_DATE)
			held = z;
		period_y = year_of(held) - 1;
		elems = annual_elems;
		nelems = NELEM(annual_elems);
		break;
	}
	case E_OPINION_BOX:
		period_m = m;
		break;
	case E_SYMPOSIUM:
		if (chance(500)) {
			elems = symposium_elems;
			nelems = NELEM(symposium_elems);
		}
		break;
	case E_RELEASE:
		if (chance(500)) {
			elems = release_elems;
			nelems = NELEM(release_elems);
		}
		break;
	default:
		break;
	}

	cx.day = held;
	/* An opinion box is collected at a venue: the library, the cultural
	 * centre or the museum (the first three institutions, the venues of
	 * the unit directories). */
	if (e == E_OPINION_BOX)
		cx.unit = cx.j->insts.v[rnd(3)];
	else
		cx.unit = chance(500) ? cx.j->bureau : pick(cx.j->insts);
	set_id(year_of(held));
	field_begin();
	if (e == E_ANNUAL_REPORT) {
		b_str(cx.j->bureau);
		b_uint((unsigned)period_y);
		b_str("年政府信息公开工作年度报告");
	} else if (e == E_OPINION_BOX) {
		b_tpl("{U}");
		b_uint((unsigned)period_y);
		b_str("年");
		b_uint((unsigned)period_m);
		b_str("月群众文化需求征集箱意见收集整理");
	} else {
		b_tpl(ev_titles[e]);
	}
	field_end(F_TITLE);
	set_lit(F_PRODUCER, e == E_ANNUAL_REPORT ? cx.j->bureau : cx.unit);
	if (e != E_ANNUAL_REPORT)
		set_lit(F_IMPLEMENTER, cx.unit);   /* who held it (format 2) */
	if (e == E_ANNUAL_REPORT)
		set_lit(F_PUBLISHER, cx.j->bureau);
	if (nelems) {
		unsigned skip = chance(80) ? rnd(nelems) : 99;

		field_begin();
		for (unsigned i = 0, any = 0; i < nelems; i++) {
			if (i == skip)
				continue;
			if (any++)
				b_str(";");
			b_str(elems[i]);
		}
		field_end(F_ELEMENTS);
	}
	set_lit(F_EVENT_TYPE, use_alias() ? ev_zh[e] : ev_names[e]);
	field_begin();
	b_uint((unsigned)period_y);
	if (period_m) {
		b_str("-");
		b_uint_pad((unsigned)period_m, 2);
	}
	field_end(F_PERIOD);
	set_date(F_HELD_ON, held);
	if (e == E_RELEASE)      /* 线上与线下相结合 (Q5-release) */
		set_lit(F_CHANNELS, chance(150) ? "onsite" : chance(500) ? "online;onsite" :
			"线上;线下");
	else if (e == E_ANNUAL_REPORT)
		set_lit(F_CHANNELS, chance(50) ? "wechat" : "website;wechat");
	if (e == E_SATISFACTION)
		set_uint(F_SAMPLES, chance(150) ? (unsigned)rrange(120, 499) :
			 (unsigned)rrange(500, 3000));
	else if (e == E_DEMAND_SURVEY && chance(500))
		set_uint(F_SAMPLES, (unsigned)rrange(200, 1500));
}

/* ------------------------------------------------------------------ */
/* Output                                                              */
/* ------------------------------------------------------------------ */

static char obuf[1 << 20];
static size_t olen;

static void out_flush(void)
{
	if (olen && fwrite(obuf, 1, olen, stdout) != olen) {
		fprintf(stderr, "gk-gen: write to stdout failed: %s\n", strerror(errno));
		exit(EXIT_IO);
	}
	olen = 0;
}

static void out_mem(const char *s, size_t n)
{
	while (n > sizeof(obuf) - olen) {
		size_t k = sizeof(obuf) - olen;

		memcpy(obuf + olen, s, k);
		olen += k;
		s += k;
		n -= k;
		out_flush();
	}
	memcpy(obuf + olen, s, n);
	olen += n;
}

static void out_c(char c)
{
	if (olen == sizeof(obuf))
		out_flush();
	obuf[olen++] = c;
}

static void write_csv_header(void)
{
	for (int f = 0; f < NF; f++) {
		if (f)
			out_c(',');
		out_mem(cols[f].name, strlen(cols[f].name));
	}
	out_c('\n');
}

static void write_csv(void)
{
	for (int f = 0; f < NF; f++) {
		const char *p = rec.p[f];
		size_t n = rec.n[f], i;

		if (f)
			out_c(',');
		if (!p)
			continue;
		for (i = 0; i < n; i++)
			if (p[i] == ',' || p[i] == '"' || p[i] == '\n' || p[i] == '\r')
				break;
		if (i == n) {
			out_mem(p, n);
			continue;
		}
		/* RFC 4180: quote, and double the quotes inside. */
		out_c('"');
		for (i = 0; i < n; i++) {
			if (p[i] == '"')
				out_c('"');
			out_c(p[i]);
		}
		out_c('"');
	}
	out_c('\n');
}

static void write_json_string(const char *p, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t run = 0;

	out_c('"');
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];

		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		out_mem(p + run, i - run);
		run = i + 1;
		out_c('\\');
		switch (c) {
		case '"': out_c('"'); break;
		case '\\': out_c('\\'); break;
		case '\n': out_c('n'); break;
		case '\r': out_c('r'); break;
		case '\t': out_c('t'); break;
		default:
			out_mem("u00", 3);
			out_c(hex[c >> 4]);
			out_c(hex[c & 15]);
			break;
		}
	}
	out_mem(p + run, n - run);
	out_c('"');
}

static void write_jsonl(void)
{
	int any = 0;

	out_c('{');
	for (int f = 0; f < NF; f++) {
		if (!rec.p[f])
			continue;
		if (any++)
			out_c(',');
		out_c('"');
		out_mem(cols[f].name, strlen(cols[f].name));
		out_mem("\":", 2);
		if (cols[f].numeric)
			out_mem(rec.p[f], rec.n[f]);
		else
			write_json_string(rec.p[f], rec.n[f]);
	}
	out_mem("}\n", 2);
}

/* ------------------------------------------------------------------ */
/* Main                                                                */
/* ------------------------------------------------------------------ */

static void usage(FILE *fp)
{
	fputs(
"usage: gk-gen [--count N] [--seed S] [--format csv|jsonl]\n"
"              [--start YYYY-MM-DD] [--end YYYY-MM-DD]\n"
"\n"
"Write N realistic disclosure records (RECORDS.md format) to stdout for the\n"
"jurisdictions zezhou, quangang, zhongshan and yinchuan.  The same arguments\n"
"always give the same bytes.\n"
"\n"
"  --count N       records to write (default 1000, at most 1000000000)\n"
"  --seed S        random seed, a decimal integer (default 1)\n"
"  --format F      csv (header row with all 41 columns) or jsonl (only the\n"
"                  present keys); default csv\n"
"  --start DATE    first base date (default 2021-01-01)\n"
"  --end DATE      export date: nothing dated later (default 2025-06-30)\n"
"  -h, --help      show this help\n"
"\n"
"Exit status: 0 written, 1 write error, 2 bad arguments.\n", fp);
}

static void die_usage(const char *fmt, const char *arg)
{
	fputs("gk-gen: ", stderr);
	fprintf(stderr, fmt, arg);
	fputs("\nTry 'gk-gen --help'.\n", stderr);
	exit(EXIT_USAGE);
}

static int parse_u64(const char *s, unsigned long long max,
		     unsigned long long *out)
{
	unsigned long long v = 0;

	if (!*s)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		if (v > (max - (unsigned long long)(*s - '0')) / 10)
			return -1;
		v = v * 10 + (unsigned long long)(*s - '0');
	}
	*out = v;
	return 0;
}

static int parse_date(const char *s, int32_t *out)
{
	int y, m, d;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return -1;
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	if (y < 1000 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
		return -1;
	*out = days_from_civil(y, m, d);
	return 0;
}

int main(int argc, char **argv)
{
	unsigned long long count = 1000, seed = 1;
	int jsonl = 0;
	const char *start = "2021-01-01", *end = "2025-06-30";
	int ye;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *val = NULL, *eq;
		size_t nlen;

		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			usage(stdout);
			return EXIT_OK;
		}
		if (strncmp(a, "--", 2) != 0)
			die_usage("unexpected argument '%s'", a);
		eq = strchr(a, '=');
		nlen = eq ? (size_t)(eq - a) : strlen(a);
#define IS(opt) (nlen == strlen(opt) && strncmp(a, opt, nlen) == 0)
		if (!(IS("--count") || IS("--seed") || IS("--format") ||
		      IS("--start") || IS("--end")))
			die_usage("unknown option '%s'", a);
		if (eq)
			val = eq + 1;
		else if (i + 1 < argc)
			val = argv[++i];
		else
			die_usage("option '%s' needs a value", a);

		if (IS("--count")) {
			if (parse_u64(val, COUNT_MAX, &count) < 0)
				die_usage("bad --count '%s': expected an integer from 0 to 1000000000", val);
		} else if (IS("--seed")) {
			if (parse_u64(val, UINT64_MAX, &seed) < 0)
				die_usage("bad --seed '%s': expected a non-negative decimal integer", val);
		} else if (IS("--format")) {
			if (strcmp(val, "csv") == 0)
				jsonl = 0;
			else if (strcmp(val, "jsonl") == 0)
				jsonl = 1;
			else
				die_usage("bad --format '%s': expected csv or jsonl", val);
		} else if (IS("--start")) {
			start = val;
		} else {
			end = val;
		}
#undef IS
	}
	if (parse_date(start, &opt_start) < 0)
		die_usage("bad --start '%s': expected a date YYYY-MM-DD", start);
	if (parse_date(end, &opt_end) < 0)
		die_usage("bad --end '%s': expected a date YYYY-MM-DD", end);
	if (opt_end < opt_start)
		die_usage("--end '%s' is before --start", end);

	year0 = year_of(opt_start) - 1;  /* an annual report's period */
	ye = year_of(opt_end);
	nyears = ye - year0 + 1;
	seq = calloc((size_t)NJ * (size_t)nyears, sizeof(*seq));
	docseq = calloc((size_t)NJ * 3 * (size_t)nyears, sizeof(*docseq));
	penseq = calloc((size_t)NJ * (size_t)nyears, sizeof(*penseq));
	if (!seq || !docseq || !penseq) {
		fputs("gk-gen: out of memory\n", stderr);
		return EXIT_IO;
	}

	rng_state = seed;
	setvbuf(stdout, NULL, _IOFBF, 1 << 16);
	if (!jsonl)
		write_csv_header();

	double span = (double)(opt_end - opt_start + 1);

	for (unsigned long long i = 0; i < count; i++) {
		/* The i-th slice of the range, so the output runs forward in time. */
		double u = (double)(rng_next() >> 11) * (1.0 / 9007199254740992.0);
		int32_t day = opt_start + (int32_t)(((double)i + u) / (double)count * span);
		uint32_t k = rnd(100);

		if (day > opt_end)
			day = opt_end;
		memset(&rec, 0, sizeof(rec));
		alen = 0;
		cx.jx = (int)rnd(NJ);
		cx.j = &jurs[cx.jx];
		rec.kind = k < 60 ? K_INFO : k < 70 ? K_APPLICATION : k < 80 ? K_PENALTY :
			k < 88 ? K_MESSAGE : k < 93 ? K_DEMAND : k < 97 ? K_TASK : K_EVENT;
		rec.p[F_JURISDICTION] = cx.j->id;
		rec.n[F_JURISDICTION] = strlen(cx.j->id);
		rec.p[F_KIND] = kind_names[rec.kind];
		rec.n[F_KIND] = strlen(kind_names[rec.kind]);
		switch (rec.kind) {
		case K_INFO: gen_info(day); break;
		case K_APPLICATION: gen_application(day); break;
		case K_PENALTY: gen_penalty(day); break;
		case K_MESSAGE: gen_message(day); break;
		case K_DEMAND: gen_demand(day); break;
		case K_TASK: gen_task(day); break;
		default: gen_event(day); break;
		}
		if (jsonl)
			write_jsonl();
		else
			write_csv();
	}
	out_flush();
	free(seq);
	free(docseq);
	free(penseq);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "gk-gen: write to stdout failed: %s\n", strerror(errno));
		return EXIT_IO;
	}
	return EXIT_OK;
}
